"""Achievable score sets, reachability search and the search budget."""

from __future__ import annotations

import pytest
from screener_engine import analysis, load_definition
from screener_engine.conditions import UNKNOWN, evaluate
from screener_engine.model import MISSING, AllOf, AnswerTest, AnyOf, Not, ScoreTest


def test_sums_are_minkowski_sums(registry):
    assert sorted(registry["phq-9"].score("total").achievable) == list(range(28))
    assert sorted(registry["audit-c"].score("total").achievable) == list(range(13))
    assert sorted(registry["iop-fit"].score("signs").achievable) == list(range(11))


def test_items_worth_0_2_4_leave_holes(minimal):
    minimal["option_sets"]["frequency"] = [
        {"label": "No", "value": 0},
        {"label": "Yes, before", "value": 2},
        {"label": "Yes, this year", "value": 4},
    ]
    minimal["bands"]["ranges"][0]["max"] = 3
    minimal["bands"]["ranges"][1]["min"] = 4
    minimal["bands"]["ranges"][1]["max"] = 8
    minimal["flags"][0]["when"] = {"answer": "q2", "at_least": 2}
    minimal["outcomes"][0]["when"] = {"score": "total", "at_least": 6}
    screener = load_definition(minimal)
    assert sorted(screener.score("total").achievable) == [0, 2, 4, 6, 8]


def test_gaps_are_runs_of_achievable_values(minimal):
    minimal["option_sets"]["frequency"] = [
        {"label": "No", "value": 0},
        {"label": "Yes", "value": 2},
        {"label": "Often", "value": 4},
    ]
    minimal["bands"]["ranges"][0]["max"] = 1
    minimal["bands"]["ranges"][1]["min"] = 6
    minimal["bands"]["ranges"][1]["max"] = 8
    minimal["flags"][0]["when"] = {"answer": "q2", "at_least": 2}
    with pytest.raises(Exception) as raised:
        load_definition(minimal)
    assert [e.line() for e in raised.value.errors] == [
        "bands.ranges: gap at 2..4: score 'total' can take these values, but no band covers them"
    ]


def test_hidden_and_optional_items_add_zero(minimal):
    minimal["questions"].append(
        {
            "id": "q3",
            "text": "Third",
            "options": [{"label": "a", "value": 5}, {"label": "b", "value": 6}],
            "show_if": {"answer": "gate", "is": "yes"},
        }
    )
    minimal["questions"].append(
        {
            "id": "q4",
            "text": "Fourth",
            "required": False,
            "options": [{"label": "a", "value": 10}, {"label": "b", "value": 20}],
        }
    )
    minimal["scores"].append({"id": "extra", "label": "Extra", "sum": ["q3", "q4"]})
    screener = load_definition(minimal)
    assert sorted(screener.score("extra").achievable) == [0, 5, 6, 10, 15, 16, 20, 25, 26]


def test_satisfiable_gives_a_witness(registry):
    space = analysis.domains(registry["audit-c"])
    condition = registry["audit-c"].flags[0].when
    witness = analysis.satisfiable(condition, space)
    assert witness is not None
    lookup = lambda kind, id: witness.get((kind, id), UNKNOWN)  # noqa: E731
    assert evaluate(condition, lookup) is True


def test_domains_include_no_answer_only_when_possible(registry):
    space = analysis.domains(registry["phq-9"])
    assert space[("answer", "q1")] == (0, 1, 2, 3)
    assert space[("answer", "difficulty")][-1] is MISSING
    assert space[("score", "total")] == tuple(range(28))
    assert analysis.domains(registry["audit-c"])[("answer", "sex")] == ("female", "male", "other")


def test_three_valued_logic():
    a = AnswerTest("a", values=(1,))
    b = AnswerTest("b", values=(1,))
    values = {("answer", "a"): 1}

    def lookup(kind, id):
        return values.get((kind, id), UNKNOWN)

    assert evaluate(AnyOf((a, b)), lookup) is True
    assert evaluate(AllOf((a, b)), lookup) is None
    assert evaluate(Not(b), lookup) is None
    values[("answer", "a")] = 0
    assert evaluate(AllOf((a, b)), lookup) is False
    assert evaluate(ScoreTest("s", at_least=1), lambda kind, id: 0) is False


def test_an_undecided_search_never_reports_a_problem(minimal, monkeypatch):
    monkeypatch.setattr(analysis, "SEARCH_BUDGET", 1)
    minimal["flags"][0]["when"] = {"all": [{"answer": "q2", "is": 0}, {"answer": "q2", "is": 3}]}
    # Stage 3 only: stage 4 proves exactly that the flag is never raised.
    assert load_definition(minimal, run_tests=False).flags[0].id == "worry"


def test_reachability_is_fast_for_wide_conditions(minimal):
    # 12 questions with 4 values each: 16 million assignments if searched blindly.
    minimal["questions"] = [
        {"id": f"q{i}", "text": f"Item {i}", "options": "frequency"} for i in range(1, 13)
    ]
    minimal["scores"][0]["sum"] = [f"q{i}" for i in range(1, 13)]
    minimal["bands"]["ranges"][1]["max"] = 36
    minimal["flags"][0]["when"] = {"all": [{"answer": f"q{i}", "is": 3} for i in range(1, 13)]}
    minimal["outcomes"][0]["when"] = {
        "any": [{"answer": f"q{i}", "at_least": 3} for i in range(1, 13)]
    }
    minimal["tests"][0]["answers"] = {f"q{i}": 0 for i in range(1, 13)}
    # The flag needs every answer at 3: never beside the low band or the 'fine'
    # outcome, and 'talk' can then happen with or without it.
    del minimal["bands"]["ranges"][0]["with_safety"]
    minimal["outcomes"][0]["with_safety"] = minimal["outcomes"][1].pop("with_safety")
    assert load_definition(minimal).id == "demo"


def test_prorated_sums_with_a_hidden_item(minimal):
    minimal["questions"].append(
        {
            "id": "q3",
            "text": "Third",
            "options": "frequency",
            "show_if": {"answer": "gate", "is": "yes"},
        }
    )
    minimal["scores"] = [
        {
            "id": "total",
            "label": "Total",
            "sum": ["q1", "q2", "q3"],
            "missing": {"prorate_up_to": 1},
        }
    ]
    minimal.pop("bands")
    minimal.pop("outcomes")
    minimal["tests"][0]["expect"] = {"scores": {"total": 0}}
    screener = load_definition(minimal)
    # Hidden: 0..6 from two items; one blank of two shown: 0..3 doubled; all three: 0..9;
    # one blank of three: sums 0..6 of two, times 3/2 rounded half up.
    assert sorted(screener.score("total").achievable) == list(range(10))


def test_counting_blank_answers(minimal):
    minimal["questions"][2]["show_if"] = {"answer": "q1", "at_least": 1}
    minimal["questions"][2]["scored"] = True
    minimal["scores"].append(
        {"id": "blank", "label": "Blank", "count": ["gate"], "where": {"answered": False}}
    )
    screener = load_definition(minimal)
    assert sorted(screener.score("blank").achievable) == [0, 1]
