"""Scoring rule by rule: answers, visibility, sums, counts, reverse items, prorating, reasons."""

from __future__ import annotations

import pytest
from screener_engine import AnswerErrors, load_definition, score
from screener_engine.errors import format_path
from screener_engine.text import round_half_up

from .conftest import without_safety_wording


def value_of(result, score_id: str) -> int:
    """The value of one score in a result."""
    return next(s.value for s in result.scores if s.score.id == score_id)


def refused(screener, answers) -> list[tuple[str, str | None, str]]:
    with pytest.raises(AnswerErrors) as raised:
        score(screener, answers)
    return [(format_path(e.path), e.question, e.message) for e in raised.value.errors]


@pytest.mark.parametrize("raw", [2, "2"])
def test_an_answer_is_the_value_or_its_exact_string(demo, raw):
    assert value_of(score(demo, {"q1": raw, "q2": "0"}), "total") == 2


@pytest.mark.parametrize(
    "raw", ["02", " 2", "2 ", "+2", "2.0", 2.0, True, False, None, [2], {"v": 2}, "２", "", "two"]
)
def test_anything_else_is_refused(demo, raw):
    assert refused(demo, {"q1": raw, "q2": "0"}) == [
        ("answers.q1", "q1", "The answer to question 1 is not one of its choices.")
    ]


def test_true_is_not_one(demo):
    # bool is a subclass of int in Python; it must never count as 1.
    assert refused(demo, {"q1": True, "q2": 0})[0][1] == "q1"


@pytest.mark.parametrize("raw", ["Yes", " yes", "YES", 1])
def test_text_codes_match_exactly(demo, raw):
    assert refused(demo, {"q1": 0, "q2": 0, "gate": raw}) == [
        ("answers.gate", "gate", "The answer to question 3 is not one of its choices.")
    ]


def test_unscored_questions_are_optional(demo):
    result = score(demo, {"q1": 0, "q2": 0})
    assert [(a.question.id, a.option, a.points) for a in result.answers] == [
        ("q1", demo.questions[0].options[0], 0),
        ("q2", demo.questions[1].options[0], 0),
        ("gate", None, None),
    ]


def test_errors_come_in_question_order_then_unknown_ids(demo):
    assert refused(demo, {"zz": 1, "q2": 9}) == [
        ("answers.q1", "q1", "Question 1 has no answer yet."),
        ("answers.q2", "q2", "The answer to question 2 is not one of its choices."),
        ("answers.zz", "zz", "This self-check has no question called “zz”."),
    ]


def test_answers_must_be_a_mapping(demo):
    assert refused(demo, [("q1", 0)]) == [("answers", None, "The answers could not be read.")]
    assert refused(demo, {1: 0, "q1": 0, "q2": 0}) == [
        ("answers", None, "The answers could not be read.")
    ]


def _with(minimal, **changes):
    minimal.update(changes)
    minimal.pop("bands", None)
    minimal.pop("outcomes", None)
    minimal["tests"][0]["expect"] = {}
    return minimal


def test_hidden_questions_are_ignored_and_listed(minimal):
    minimal["questions"].append(
        {
            "id": "q3",
            "text": "Third",
            "options": "frequency",
            "show_if": {"answer": "gate", "is": "yes"},
        }
    )
    minimal["scores"][0]["sum"].append("q3")
    minimal["bands"]["ranges"][1]["max"] = 9
    # With q3, 'talk' (a total of 5 or more) can now happen without the safety flag too.
    minimal["outcomes"][0]["with_safety"] = {"meaning": "Talk now.", "next_steps": ["Call."]}
    screener = load_definition(minimal)
    result = score(screener, {"q1": 1, "q2": 1, "gate": "no", "q3": "junk"})
    assert value_of(result, "total") == 2
    assert [q.id for q in result.ignored] == ["q3"]
    assert [a.question.id for a in result.answers] == ["q1", "q2", "gate"]
    shown = score(screener, {"q1": 1, "q2": 1, "gate": "yes", "q3": 3})
    assert value_of(shown, "total") == 5 and shown.ignored == ()
    assert refused(screener, {"q1": 1, "q2": 1, "gate": "yes"}) == [
        ("answers.q3", "q3", "Question 4 has no answer yet.")
    ]


def test_reverse_scoring(minimal):
    minimal["questions"][1]["reverse"] = True
    screener = load_definition(minimal, run_tests=False)
    result = score(screener, {"q1": 0, "q2": 0})
    assert value_of(result, "total") == 3
    assert [a.points for a in result.answers[:2]] == [0, 3]


def test_reverse_scoring_with_unusual_values(minimal):
    minimal["questions"][1]["options"] = [
        {"label": "a", "value": 2},
        {"label": "b", "value": 4},
        {"label": "c", "value": 10},
    ]
    minimal["questions"][1]["reverse"] = True
    screener = load_definition(_with(minimal), run_tests=False)
    totals = [value_of(score(screener, {"q1": 0, "q2": v}), "total") for v in (2, 4, 10)]
    assert totals == [10, 8, 2]


def test_count_scores(minimal):
    minimal["scores"].append(
        {"id": "often", "label": "Often", "count": ["q1", "q2"], "where": {"at_least": 2}}
    )
    screener = load_definition(minimal)
    assert value_of(score(screener, {"q1": 3, "q2": 1}), "often") == 1
    assert value_of(score(screener, {"q1": 3, "q2": 2}), "often") == 2
    assert sorted(screener.score("often").achievable) == [0, 1, 2]


def test_prorating(minimal):
    minimal["questions"] = [
        {"id": f"q{i}", "text": f"Item {i}", "options": "frequency"} for i in range(1, 5)
    ]
    minimal["scores"] = [
        {
            "id": "total",
            "label": "Total",
            "sum": ["q1", "q2", "q3", "q4"],
            "missing": {"prorate_up_to": 1},
        }
    ]
    minimal["flags"][0]["when"] = {"answer": "q2", "at_least": 2}
    minimal["tests"][0]["answers"] = {"q1": 0, "q2": 0, "q3": 0}
    screener = load_definition(_with(minimal))
    assert all(not q.required for q in screener.questions)
    full = score(screener, {"q1": 1, "q2": 1, "q3": 1, "q4": 2})
    assert (value_of(full, "total"), full.scores[0].prorated) == (5, False)
    # 3 answered, sum 4: 4 x 4 / 3 = 5.33 -> 5; sum 5: 6.67 -> 7; sum 3: 4 exactly.
    assert value_of(score(screener, {"q1": 1, "q2": 1, "q3": 2}), "total") == 5
    assert value_of(score(screener, {"q1": 2, "q2": 1, "q3": 2}), "total") == 7
    result = score(screener, {"q1": 1, "q2": 1, "q3": 1})
    assert (value_of(result, "total"), result.scores[0].prorated) == (4, True)
    assert result.to_json()["scores"][0]["prorated"] is True
    assert refused(screener, {"q1": 1, "q2": 1}) == [
        ("answers.q3", "q3", "Question 3 has no answer yet."),
        ("answers.q4", "q4", "Question 4 has no answer yet."),
    ]


def test_round_half_up():
    assert [round_half_up(n, 2) for n in (1, 3, 5, -1, -3)] == [1, 2, 3, 0, -1]
    assert round_half_up(16, 3) == 5 and round_half_up(20, 3) == 7


def test_prorated_achievable_set(minimal):
    minimal["questions"] = [
        {
            "id": f"q{i}",
            "text": f"Item {i}",
            "options": [{"label": "no", "value": 0}, {"label": "yes", "value": 2}],
        }
        for i in range(1, 4)
    ]
    minimal["scores"] = [
        {
            "id": "total",
            "label": "Total",
            "sum": ["q1", "q2", "q3"],
            "missing": {"prorate_up_to": 1},
        }
    ]
    minimal["flags"][0]["when"] = {"answer": "q2", "at_least": 2}
    minimal.pop("option_sets")
    screener = load_definition(_with(minimal))
    # Full: 0, 2, 4, 6. One blank: two answers summing 0, 2 or 4, times 3/2 -> 0, 3, 6.
    assert sorted(screener.score("total").achievable) == [0, 2, 3, 4, 6]


def test_variant_default(minimal):
    minimal["variants"] = [
        {
            "id": "sex",
            "text": "Sex?",
            "default": "female",
            "options": [{"label": "F", "value": "female"}, {"label": "M", "value": "male"}],
        }
    ]
    minimal["bands"]["varies_by"] = "sex"
    minimal["bands"]["ranges"][0]["max"] = {"female": 2, "male": 3}
    minimal["bands"]["ranges"][1]["min"] = {"female": 3, "male": 4}
    screener = load_definition(minimal)
    assert score(screener, {"q1": 3, "q2": 0}).band.band.id == "high"
    result = score(screener, {"q1": 3, "q2": 0, "sex": "male"})
    assert (result.band.band.id, result.band.min, result.band.max) == ("low", 0, 3)
    # The scale shows every band with the cut-offs in force for this visitor.
    assert [(b["id"], b["min"], b["max"]) for b in result.to_json()["band"]["scale"]] == [
        ("low", 0, 3),
        ("high", 4, 6),
    ]
    female = score(screener, {"q1": 3, "q2": 0}).to_json()["band"]["scale"]
    assert [(b["min"], b["max"]) for b in female] == [(0, 2), (3, 6)]


def test_reasons_for_all_any_and_not(minimal):
    without_safety_wording(minimal)
    minimal["flags"] = [
        {
            "id": "both",
            "kind": "notice",
            "message": "m",
            "when": {"all": [{"answer": "q1", "at_least": 1}, {"answer": "q2", "at_least": 1}]},
        },
        {
            "id": "either",
            "kind": "notice",
            "message": "m",
            "when": {"any": [{"answer": "q1", "at_least": 3}, {"answer": "q2", "at_least": 1}]},
        },
        {
            "id": "never-yes",
            "kind": "notice",
            "message": "m",
            "when": {"not": {"answer": "gate", "is": "yes"}},
        },
    ]
    screener = load_definition(minimal)
    result = score(screener, {"q1": 1, "q2": 2})
    reasons = {f.flag.id: [r.text for r in f.reasons] for f in result.flags}
    assert reasons == {
        "both": [
            "You answered “Several days” to “First”.",
            "You answered “More than half the days” to “Second”.",
        ],
        "either": ["You answered “More than half the days” to “Second”."],
        "never-yes": ["You did not answer “Anything else?”"],
    }


def test_outcome_reasons_put_the_explanation_first(minimal):
    minimal["outcomes"][0]["explain"] = "Because the total is high."
    screener = load_definition(minimal)
    outcome = score(screener, {"q1": 3, "q2": 2}).outcome
    assert [r.text for r in outcome.reasons] == [
        "Because the total is high.",
        "Total score: 5 out of 6.",
    ]


def test_a_negated_score_condition_explains_the_score(minimal):
    without_safety_wording(minimal)
    minimal["flags"] = [
        {
            "id": "low",
            "kind": "notice",
            "message": "m",
            "when": {"not": {"score": "total", "at_least": 5}},
        }
    ]
    screener = load_definition(minimal)
    result = score(screener, {"q1": 1, "q2": 0})
    assert [r.text for r in result.flags[0].reasons] == ["Total score: 1 out of 6."]
