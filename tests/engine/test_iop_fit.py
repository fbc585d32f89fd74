"""The IOP self-check over its whole answer space (issue 23, item 6).

The invariants below are written here, apart from the definition's own
`guarantees`, and proved three ways:

1. exactly, over every complete set of answers, with `space.AnswerSpace`
   (the number of answer sets that break each invariant is 0);
2. through the real engine (`handle`, as the browser calls it), by listing
   every combination of the answers the rules read in one part of the form
   while the rest is held fixed;
3. through the real engine again, on answer sets drawn at random from the
   whole space.
"""

from __future__ import annotations

import itertools
import json
import random

import pytest
from screener_engine import handle
from screener_engine.model import AllOf, AnswerTest, AnyOf
from screener_engine.space import AnswerSpace, Goal

URGENT = {"get-help-now", "more-care-now", "medical-first"}
TODAY = URGENT | {"care-today"}
PLAIN = {"iop-with-barriers", "iop-fit", "weekly-support"}
EVERY = TODAY | PLAIN | {"pregnancy-care", "withdrawal-first", "home-first"}

SAFETY_QUESTIONS = [
    "danger-now",
    "recent-harm",
    "day-and-night",
    "medical-danger",
    "unusual-experiences",
    "high-energy",
]
SUBSTANCE_QUESTIONS = ["withdrawal", "opioid-withdrawal", "pregnancy"]
UNSURE_MATTERS = [*SAFETY_QUESTIONS, *SUBSTANCE_QUESTIONS, "housing"]
COUNTED = [
    "weekly-not-enough",
    "daily-life",
    "pulling-away",
    "ups-and-downs",
    "past-trauma",
    "little-progress",
    "relationships",
]
CALM = {
    **dict.fromkeys(SAFETY_QUESTIONS, "no"),
    "substance-use": "no",
    "housing": "yes",
    **dict.fromkeys([*COUNTED, "stepping-down", "provider-suggested"], "no"),
    "readiness": "yes",
    "groups": "yes",
    "time": "yes",
}
FITS = {**CALM, "daily-life": "yes", "relationships": "yes", "past-trauma": "yes"}


def danger(answers: dict) -> bool:
    return answers["danger-now"] in ("yes", "not-sure") or "yes" in (
        answers["recent-harm"],
        answers["day-and-night"],
        answers["medical-danger"],
    )


def violations(answers: dict, reply: dict) -> list[str]:
    """Every invariant these answers and their result break (empty: none)."""
    assert reply["ok"] is True, reply
    outcome = reply["outcome"]["id"]
    flags = {f["id"] for f in reply["flags"]}
    safety_messages = " ".join(f["message"] for f in reply["flags"] if f["kind"] == "safety")
    given = lambda q, *values: answers.get(q) in values  # noqa: E731
    barrier = given("groups", "maybe", "no") or given("time", "maybe", "no")
    broken = []
    if danger(answers):
        if outcome not in URGENT or not reply["safety"]:
            broken.append("a danger answer must lead to urgent help with crisis help shown")
        if "988" not in safety_messages or "911" not in safety_messages:
            broken.append("crisis help must name 988 and 911")
    elif reply["safety"] or outcome in URGENT:
        broken.append("crisis help and urgent results are only for danger answers")
    if (
        given("unusual-experiences", "yes", "not-sure") or given("high-energy", "yes", "not-sure")
    ) and outcome not in TODAY:
        broken.append("signs of psychosis or mania must lead to care today or sooner")
    if any(given(q, "not-sure") for q in UNSURE_MATTERS) and outcome in PLAIN:
        broken.append("'Not sure' on a safety question must never end in a plain result")
    risky = given("withdrawal", "yes", "not-sure") or given("opioid-withdrawal", "yes", "not-sure")
    if risky and outcome in PLAIN | {"home-first"}:
        broken.append("withdrawal that may be risky must lead to medical care first")
    if given("withdrawal", "yes", "not-sure") and "sedative-withdrawal" not in flags:
        broken.append("the do-not-stop-suddenly notice must stay")
    if given("opioid-withdrawal", "yes", "not-sure") and "opioid-safety" not in flags:
        broken.append("the overdose notice must stay")
    pregnancy_care = outcome in TODAY | {"pregnancy-care"} and "pregnancy" in flags
    if given("pregnancy", "yes", "not-sure") and not pregnancy_care:
        broken.append("pregnancy with alcohol or drug use must lead to pregnancy care")
    housing_seen = outcome not in PLAIN and "no-safe-home" in flags
    if given("housing", "no", "not-sure") and not housing_seen:
        broken.append("no safe place to live must never be passed over")
    if barrier and outcome == "iop-fit":
        broken.append("a barrier must come first, never a plain IOP fit")
    if outcome == "iop-with-barriers" and not barrier:
        broken.append("no barrier, no barrier result")
    # Planning notices: never beside an urgent result, nor beside the barrier result
    # (which says it first); otherwise always with their answer.
    planning = outcome not in TODAY | {"iop-with-barriers"}
    if (given("groups", "maybe", "no") and planning) != ("groups-hard" in flags):
        broken.append("the groups notice goes with a groups barrier, when it helps")
    if (given("time", "maybe", "no") and planning) != ("time-hard" in flags):
        broken.append("the time notice goes with a time barrier, when it helps")
    if (given("readiness", "no") and outcome not in URGENT) != ("not-ready" in flags):
        broken.append("the readiness notice goes with 'not yet', except beside urgent help")
    if not reply["outcome"]["reasons"]:
        broken.append("every result says why")
    return broken


def ask(registry, answers: dict) -> dict:
    request = {"op": "score", "screener": "iop-fit", "answers": answers}
    return json.loads(handle(json.dumps(request), registry))


def test_the_invariants_can_fail():
    reply = {
        "ok": True,
        "outcome": {"id": "iop-fit", "reasons": []},
        "flags": [],
        "safety": False,
    }
    assert violations({**FITS, "danger-now": "yes", "time": "no"}, reply) == [
        "a danger answer must lead to urgent help with crisis help shown",
        "crisis help must name 988 and 911",
        "a barrier must come first, never a plain IOP fit",
        "the time notice goes with a time barrier, when it helps",
        "every result says why",
    ]


# --- 1. exactly, over every set of answers ------------------------------------------


def _any(*tests) -> AnyOf:
    return AnyOf(tuple(AnswerTest(q, tuple(values), keyword="in") for q, *values in tests))


DANGER = _any(
    ("danger-now", "yes", "not-sure"),
    ("recent-harm", "yes"),
    ("day-and-night", "yes"),
    ("medical-danger", "yes"),
)
PROOFS = [
    ("danger: urgent result", Goal(given=DANGER, outcomes=frozenset(EVERY - URGENT))),
    ("danger: crisis help", Goal(given=DANGER, safety=False)),
    (
        "psychosis or mania: care today",
        Goal(
            given=_any(
                ("unusual-experiences", "yes", "not-sure"), ("high-energy", "yes", "not-sure")
            ),
            outcomes=frozenset(EVERY - TODAY),
        ),
    ),
    (
        "not sure: never plain",
        Goal(given=_any(*[(q, "not-sure") for q in UNSURE_MATTERS]), outcomes=frozenset(PLAIN)),
    ),
    (
        "withdrawal: medical care first",
        Goal(
            given=_any(("withdrawal", "yes", "not-sure"), ("opioid-withdrawal", "yes", "not-sure")),
            outcomes=frozenset(PLAIN | {"home-first"}),
        ),
    ),
    (
        "pregnancy: pregnancy care",
        Goal(
            given=_any(("pregnancy", "yes", "not-sure")),
            outcomes=frozenset(EVERY - TODAY - {"pregnancy-care"}),
        ),
    ),
    (
        "no safe home: never plain",
        Goal(given=_any(("housing", "no", "not-sure")), outcomes=frozenset(PLAIN)),
    ),
    (
        "barrier: never a plain fit",
        Goal(
            given=_any(("groups", "maybe", "no"), ("time", "maybe", "no")),
            outcomes=frozenset({"iop-fit"}),
        ),
    ),
]


@pytest.fixture(scope="module")
def space(registry):
    return AnswerSpace(registry["iop-fit"])


def test_the_whole_answer_space(space, registry):
    # 19 questions with 3 answers each, and "Yes" or "No" to alcohol or drugs; after
    # "Yes", 3 more with 4 answers and one with 3. 224,316,463,131 sets in all.
    assert space.size() == 3**19 * (1 + 4 * 4 * 4 * 3) == 224_316_463_131
    counts = space.outcome_counts()
    assert set(counts) == EVERY and sum(counts.values()) == space.size()
    assert space.count(Goal(given=DANGER)) > 0


@pytest.mark.parametrize(("name", "goal"), PROOFS, ids=[p[0] for p in PROOFS])
def test_no_answer_set_breaks_the_invariant(space, name, goal):
    assert space.count(Goal(given=goal.given)) > 0, "the invariant must be about something"
    assert space.count(goal) == 0
    assert space.example(goal) is None


def test_without_a_danger_answer_no_crisis_help_and_no_urgent_result(space):
    no_danger = AllOf(
        (
            AnswerTest("danger-now", ("no",), keyword="is"),
            *[
                AnswerTest(q, ("not-sure", "no"), keyword="in")
                for q in ("recent-harm", "day-and-night", "medical-danger")
            ],
        )
    )
    assert space.count(Goal(given=no_danger)) > 0
    assert space.count(Goal(given=no_danger, safety=True)) == 0
    assert space.count(Goal(given=no_danger, outcomes=frozenset(URGENT))) == 0


# --- 2. the real engine, every combination of one part, the rest held fixed ------------


def _combinations(registry, questions: list[str]):
    iop = registry["iop-fit"]
    return itertools.product(*[[str(v) for v in iop.question(q).values] for q in questions])


@pytest.mark.parametrize("rest", [CALM, FITS], ids=["no signs", "three signs"])
def test_every_safety_answer_through_the_engine(registry, rest):
    checked = 0
    for values in _combinations(registry, SAFETY_QUESTIONS):
        answers = {**rest, **dict(zip(SAFETY_QUESTIONS, values, strict=True))}
        assert violations(answers, ask(registry, answers)) == [], answers
        checked += 1
    assert checked == 3**6


def test_every_alcohol_and_drug_answer_through_the_engine(registry):
    questions = [*SUBSTANCE_QUESTIONS, "staying-sober", "housing"]
    checked = 0
    for values in _combinations(registry, questions):
        answers = {**FITS, "substance-use": "yes", **dict(zip(questions, values, strict=True))}
        assert violations(answers, ask(registry, answers)) == [], answers
        checked += 1
    assert checked == 4 * 4 * 4 * 3 * 3


def test_every_fit_and_barrier_answer_through_the_engine(registry):
    questions = ["housing", "stepping-down", "provider-suggested", "readiness", "groups", "time"]
    checked = 0
    for signs in range(len(COUNTED) + 1):
        counted = {q: ("yes" if i < signs else "no") for i, q in enumerate(COUNTED)}
        for values in _combinations(registry, questions):
            answers = {**CALM, **counted, **dict(zip(questions, values, strict=True))}
            reply = ask(registry, answers)
            assert violations(answers, reply) == [], answers
            fits = signs >= 3 or "yes" in (answers["stepping-down"], answers["provider-suggested"])
            if answers["housing"] == "yes":
                assert (reply["outcome"]["id"] in ("iop-fit", "iop-with-barriers")) == fits
            checked += 1
    assert checked == 8 * 3**6


# --- 3. the real engine, answer sets drawn from the whole space ------------------------


def test_random_answer_sets_through_the_engine(registry):
    iop = registry["iop-fit"]
    draw = random.Random(23)
    for _ in range(3000):
        answers = {q.id: str(draw.choice(q.values)) for q in iop.questions}
        if answers["substance-use"] == "no":
            for q in [*SUBSTANCE_QUESTIONS, "staying-sober"]:
                del answers[q]
        assert violations(answers, ask(registry, answers)) == [], answers
