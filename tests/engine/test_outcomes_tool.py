"""`python -m tools.outcomes`: the outcome distribution over every set of answers."""

from __future__ import annotations

import re

from tools.outcomes import main

from .conftest import BROKEN, SCREENERS


def _rows(text: str) -> dict[str, int]:
    return {
        name: int(count.replace(",", ""))
        for name, count in re.findall(r"^  (\S+(?: \S+)*?)\s{2,}([\d,]+)\s", text, re.MULTILINE)
    }


def test_prints_every_outcome_and_flag_with_exact_counts(capsys):
    assert main([str(SCREENERS / "iop-fit.yaml")]) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0] == "iop-fit (version 2.0.0): 224,316,463,131 complete sets of answers"
    )
    rows = _rows(out)
    outcomes = [
        "get-help-now",
        "more-care-now",
        "medical-first",
        "care-today",
        "pregnancy-care",
        "withdrawal-first",
        "home-first",
        "iop-with-barriers",
        "iop-fit",
        "weekly-support",
    ]
    assert sum(rows[o] for o in outcomes) == 224_316_463_131
    # "Yes" or "Not sure" to the first question: two answers in three.
    assert rows["danger (safety)"] == 224_316_463_131 * 2 // 3
    assert "a safety flag is raised" in rows


def test_given_narrows_the_space(capsys):
    calm = (
        "{all: ["
        + ", ".join(
            f'{{answer: {q}, is: "no"}}'
            for q in ("danger-now", "recent-harm", "day-and-night", "medical-danger")
        )
        + "]}"
    )
    assert main([str(SCREENERS / "iop-fit.yaml"), "--given", calm]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("where the --given condition holds")
    rows = _rows(out)
    assert rows["get-help-now"] == rows["more-care-now"] == rows["medical-first"] == 0
    assert rows["a safety flag is raised"] == 0


def test_a_bad_condition_is_refused(capsys):
    assert main([str(SCREENERS / "iop-fit.yaml"), "--given", "{answer: nope, is: x}"]) == 2
    assert capsys.readouterr().err == "--given: 'nope' is not a question\n"
    assert main([str(SCREENERS / "iop-fit.yaml"), "--given", "{answer: time}"]) == 2
    assert capsys.readouterr().err == (
        "--given: given: an answer condition needs a test: one of 'is', 'in', 'at_least', "
        "'at_most', 'answered'\n"
    )


def test_a_broken_definition_is_reported(capsys):
    assert main([str(BROKEN / "band-gap.yaml")]) == 1
    assert "band-gap.yaml" in capsys.readouterr().err
