"""The answer space: its counts agree with scoring every set of answers one by one.

`brute_force` knows nothing of `space`: it lists every way to fill in the
form (every option of each shown question, a blank for an optional one),
asks the engine's `score` about each, and drops what the engine refuses.
"""

from __future__ import annotations

import copy
from collections import Counter

import pytest
from screener_engine import AnswerErrors, load_definition, score
from screener_engine import space as space_module
from screener_engine.conditions import evaluate
from screener_engine.model import MISSING
from screener_engine.space import AnswerSpace, Goal, SpaceTooLarge

FREQUENCY = [{"label": str(v), "value": v} for v in range(4)]
SIGN = [{"label": label, "value": label.lower()} for label in ("Yes", "Maybe", "No")]

# Small, but with every feature the walk must get right: a variant, a gate
# with follow-up questions, optional questions, a prorated sum that refuses
# too many blanks, a count, safety flags on a score and on an answer, and
# outcomes on scores, answers and blanks.
SYNTHETIC = {
    "id": "synthetic",
    "title": "Synthetic",
    "description": "For tests.",
    "version": "1",
    "language": "en",
    "minutes": 1,
    "audience": "Tests",
    "instrument": {"name": "None", "validated": False},
    "variants": [
        {
            "id": "sex",
            "text": "Sex?",
            "options": [{"label": "F", "value": "f"}, {"label": "M", "value": "m"}],
        }
    ],
    "questions": [
        {"id": "a", "text": "A", "options": FREQUENCY},
        {"id": "gate", "text": "Gate", "options": SIGN, "scored": False, "required": True},
        {"id": "b", "text": "B", "options": FREQUENCY},
        {
            "id": "c",
            "text": "C",
            "options": FREQUENCY,
            "show_if": {"answer": "gate", "in": ["yes", "maybe"]},
        },
        {"id": "d", "text": "D", "options": SIGN, "show_if": {"answer": "gate", "is": "yes"}},
        {"id": "e", "text": "E", "options": SIGN, "scored": False},
    ],
    "scores": [
        {"id": "total", "label": "Total", "sum": ["a", "b", "c"], "missing": {"prorate_up_to": 1}},
        {"id": "signs", "label": "Signs", "count": ["d"], "where": {"is": "yes"}},
    ],
    "flags": [
        {"id": "high", "kind": "safety", "when": {"score": "total", "at_least": 8}, "message": "m"},
        {"id": "b3", "kind": "safety", "when": {"answer": "b", "is": 3}, "message": "m"},
        {"id": "note", "kind": "notice", "when": {"answer": "e", "is": "maybe"}, "message": "m"},
    ],
    "outcomes": [
        {
            "id": "men-high",
            "priority": 1,
            "when": {"all": [{"answer": "sex", "is": "m"}, {"score": "total", "at_least": 6}]},
            "title": "t",
            "meaning": "m",
            "next_steps": ["s"],
        },
        {
            "id": "signs",
            "priority": 2,
            "when": {"score": "signs", "at_least": 1},
            "title": "t",
            "meaning": "m",
            "next_steps": ["s"],
        },
        {
            "id": "blank-e",
            "priority": 3,
            "when": {"answer": "e", "answered": False},
            "title": "t",
            "meaning": "m",
            "next_steps": ["s"],
        },
        {
            "id": "rest",
            "priority": 4,
            "when": "always",
            "title": "t",
            "meaning": "m",
            "next_steps": ["s"],
        },
    ],
    "tests": [{"name": "t", "answers": {"sex": "f", "a": 0, "gate": "no", "b": 0}, "expect": {}}],
}


def brute_force(screener) -> tuple[int, Counter]:
    """(accepted answer sets, Counter of (outcome, safety, flags)) by scoring each one."""
    inputs = [*screener.variants, *screener.questions]
    seen: Counter = Counter()
    accepted = 0

    def walk(position: int, values: dict, answers: dict) -> None:
        nonlocal accepted
        if position == len(inputs):
            try:
                result = score(screener, answers)
            except AnswerErrors:
                return
            accepted += 1
            outcome = result.outcome.outcome.id if result.outcome else None
            seen[(outcome, result.safety, frozenset(f.flag.id for f in result.flags))] += 1
            return
        item = inputs[position]
        show_if = getattr(item, "show_if", None)
        if (
            show_if is not None
            and evaluate(show_if, lambda _, id: values.get(id, MISSING)) is not True
        ):
            values[item.id] = MISSING
            walk(position + 1, values, answers)
            del values[item.id]
            return
        choices = list(item.values)
        if getattr(item, "required", True) is False:
            choices.append(MISSING)
        for value in choices:
            values[item.id] = value
            if value is not MISSING:
                answers[item.id] = str(value)
            walk(position + 1, values, answers)
            answers.pop(item.id, None)
        del values[item.id]

    walk(0, {}, {})
    return accepted, seen


@pytest.fixture(scope="module")
def synthetic():
    return load_definition(copy.deepcopy(SYNTHETIC), run_tests=False)


def _check_against_brute_force(screener) -> int:
    total, seen = brute_force(screener)
    space = AnswerSpace(screener)
    assert space.size() == total
    outcomes = Counter()
    for (outcome, _, _), count in seen.items():
        outcomes[outcome] += count
    assert space.outcome_counts() == dict(outcomes)
    if screener.safety_flags():
        for raised in (True, False):
            expected = sum(c for (_, s, _), c in seen.items() if s is raised)
            assert space.count(Goal(safety=raised)) == expected
            for outcome in outcomes:
                wanted = sum(c for (o, s, _), c in seen.items() if o == outcome and s is raised)
                goal = Goal(outcomes=frozenset([outcome]), safety=raised)
                assert space.count(goal) == wanted
    for flag in screener.flags:
        expected = sum(c for (_, _, flags), c in seen.items() if flag.id in flags)
        assert space.count(Goal(given=flag.when)) == expected
    return total


def test_the_synthetic_definition_matches_brute_force(synthetic):
    # By hand, per sex: a, b (and c when shown) take 4 values or a blank, at most one
    # blank and never all; d takes 3 values when shown; e takes 3 or a blank.
    # gate "no": (5 * 5 - 1) * 4 = 96; "maybe": (4**3 + 3 * 4**2) * 4 = 448;
    # "yes": 112 * 3 * 4 = 1344. Two sexes: 2 * 1888.
    assert _check_against_brute_force(synthetic) == 2 * (96 + 448 + 1344)


@pytest.mark.parametrize(("name", "total"), [("audit-c", 303), ("pc-ptsd-5", 33)])
def test_small_definitions_match_brute_force(registry, name, total):
    assert _check_against_brute_force(registry[name]) == total


def test_the_gad7_space_is_every_form_a_visitor_can_fill_in(registry):
    # 4^7 item answers; the optional difficulty question adds 5 ways (4 answers
    # or a blank) whenever it is shown, i.e. unless every item is 0.
    space = AnswerSpace(registry["gad-7"])
    assert space.size() == (4**7 - 1) * 5 + 1
    # A total of 15 or more (the safety flag) out of seven items worth 0-3: count the
    # ways by adding one item at a time, then 5 ways for the difficulty question.
    ways = Counter({0: 1})
    for _ in range(7):
        following: Counter = Counter()
        for total, n in ways.items():
            for value in range(4):
                following[total + value] += n
        ways = following
    assert space.count(Goal(safety=True)) == 5 * sum(n for t, n in ways.items() if t >= 15)


def test_examples_are_real_answers_that_do_what_was_asked(synthetic):
    space = AnswerSpace(synthetic)
    for outcome in ("men-high", "signs", "blank-e", "rest"):
        for raised in (True, False):
            found = space.example(Goal(outcomes=frozenset([outcome]), safety=raised))
            result = score(synthetic, found)
            assert (result.outcome.outcome.id, result.safety) == (outcome, raised)
    assert space.example(Goal(given=synthetic.flags[1].when, safety=False)) is None


def test_a_walk_that_is_too_long_stops(synthetic, monkeypatch):
    monkeypatch.setattr(space_module, "NODE_BUDGET", 3)
    with pytest.raises(SpaceTooLarge, match="more than 3 steps"):
        AnswerSpace(synthetic).outcome_counts()
