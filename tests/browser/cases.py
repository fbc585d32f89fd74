"""Golden cases a visitor can give through the page itself, for the accessibility tests.

A "plain" case answers only questions the page shows for those answers, with
values the page offers, and gets a result (no refusal). Among them the tests
pick the ones that show the most: crisis help, and the most notes.
"""

from __future__ import annotations

import json
from functools import cache

from screener_engine import load_definition
from screener_engine.scoring import visible_questions

from tests.conftest import ROOT, definition_data

GOLDEN = ROOT / "tests" / "golden"
SCREENERS = sorted(p.stem for p in GOLDEN.glob("*.json"))


@cache
def model(screener: str):
    """The checked definition of a self-check, as the engine sees it."""
    definition = definition_data(ROOT / "content" / "screeners" / f"{screener}.yaml")
    return load_definition(definition, run_tests=False)


def shown_after(screener: str, answers: dict) -> set[str]:
    """The questions (and variants, which are always shown) the page shows for these answers."""
    return set(visible_questions(model(screener), answers)) | {
        v.id for v in model(screener).variants
    }


def question_ids(screener: str) -> list[str]:
    """Every question and variant id, in page order (variants come last)."""
    return [q.id for q in model(screener).questions] + [v.id for v in model(screener).variants]


def _offered(screener: str, question: str, value: str) -> bool:
    item = model(screener).question(question) or model(screener).variant(question)
    return item is not None and value in {str(o.value) for o in item.options}


def _cases(screener: str) -> list[dict]:
    """The golden cases a visitor can answer on the page as they are."""
    cases = json.loads((GOLDEN / f"{screener}.json").read_text())["cases"]
    return [
        case
        for case in cases
        if not case["expect"].get("ignored")
        and set(case["answers"]) <= shown_after(screener, case["answers"])
        and all(_offered(screener, q, v) for q, v in case["answers"].items())
    ]


def _richest(cases: list[dict]) -> dict | None:
    """The case that shows the most: most flags, then most answers (the first on a tie)."""
    ranked = sorted(cases, key=lambda c: (-len(c["expect"].get("flags", [])), -len(c["answers"])))
    return ranked[0] if ranked else None


def result_case(screener: str) -> dict:
    """A case with a result and no crisis help, showing as many notes as any."""
    case = _richest(
        [
            c
            for c in _cases(screener)
            if "error" not in c["expect"] and not c["expect"].get("safety")
        ]
    )
    assert case, f"{screener}: no golden case gives a result without crisis help"
    return case


def crisis_case(screener: str) -> dict | None:
    """A case with a result and crisis help (None if this self-check never shows it)."""
    return _richest(
        [c for c in _cases(screener) if "error" not in c["expect"] and c["expect"].get("safety")]
    )


def refused_crisis_case(screener: str) -> dict | None:
    """A case refused for missing answers that still shows crisis help (None if none)."""
    return _richest(
        [c for c in _cases(screener) if "error" in c["expect"] and c["expect"].get("safety")]
    )


def give(widget, screener: str, answers: dict, *, scorer_ready: bool = True) -> None:
    """Answer in page order with the mouse, waiting each time for follow-up questions.

    Until the scorer is ready (or when it cannot start) the page shows every
    follow-up question, so pass `scorer_ready=False` there. An answer to a
    question the page does not have is injected into the page last, as a
    tampering visitor could (the engine must refuse it).
    """
    given: dict[str, str] = {}
    for question in widget.question_ids():
        if question in answers:
            if scorer_ready:
                widget.expect_shown(shown_after(screener, given))
            widget.answer(question, answers[question])
            given[question] = answers[question]
    if scorer_ready:
        widget.expect_shown(shown_after(screener, given))
    for question in set(answers) - set(question_ids(screener)):
        widget.inject(question, answers[question])
