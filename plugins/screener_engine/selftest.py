"""Run a definition's own test cases, and compare any result with an expectation.

`compare` works on the JSON form of a result (what `worker.handle` returns),
so the same expectations check the engine in CPython, in Pyodide and in the
browser. Only the keys an expectation gives are checked.
"""

from __future__ import annotations

from .errors import AnswerErrors, DefinitionError
from .model import Screener
from .result import errors_to_json
from .scoring import score
from .text import quoted


def _name(value: object) -> str:
    return "none" if value is None else repr(value)


def _names(values: object) -> str:
    return quoted(values) if values else "none"  # type: ignore[arg-type]


def compare(result: dict, expect: dict) -> list[str]:
    """Every way `result` (JSON form) differs from `expect`; empty when it matches."""
    error = expect.get("error")
    if not result.get("ok"):
        errors = result.get("errors", [])
        if error is None:
            first = errors[0] if errors else {"message": "?", "path": "?"}
            return [f"the answers were refused: {first['message']} ({first['path']})"]
        about = [e for e in errors if e.get("question") == error["question"]]
        if not about:
            got = "; ".join(e["message"] for e in errors)
            return [f"expected an error about {error['question']!r}, but got: {got}"]
        if "message" in error and all(e["message"] != error["message"] for e in about):
            return [
                f"the error about {error['question']!r} says {about[0]['message']!r}, expected "
                f"{error['message']!r}"
            ]
        return _compare_flags(result, expect)
    if error is not None:
        return [f"expected an error about {error['question']!r}, but the answers were accepted"]

    problems = []
    scores = {s["id"]: s["value"] for s in result["scores"]}
    for score_id, wanted in expect.get("scores", {}).items():
        if scores.get(score_id) != wanted:
            problems.append(f"score {score_id!r} is {scores.get(score_id)}, expected {wanted}")
    simple = {
        "band": (result["band"] or {}).get("id"),
        "outcome": (result["outcome"] or {}).get("id"),
    }
    for key, got in simple.items():
        if key in expect and expect[key] != got:
            problems.append(f"{key} is {_name(got)}, expected {_name(expect[key])}")
    problems += _compare_flags(result, expect)
    for key in ("shown", "ignored"):
        if key in expect:
            source = result["answers"] if key == "shown" else result["ignored"]
            got_ids = [a["question"] for a in source]
            if got_ids != list(expect[key]):
                problems.append(
                    f"{key} questions are {_names(got_ids)}, expected {_names(expect[key])}"
                )
    return problems


def _compare_flags(result: dict, expect: dict) -> list[str]:
    problems = []
    if "flags" in expect:
        got_flags = sorted(f["id"] for f in result.get("flags", []))
        if got_flags != sorted(expect["flags"]):
            wanted = _names(sorted(expect["flags"]))
            problems.append(f"flags are {_names(got_flags)}, expected {wanted}")
    if "safety" in expect and expect["safety"] != result.get("safety"):
        got = str(result.get("safety")).lower()
        problems.append(f"safety is {got}, expected {str(expect['safety']).lower()}")
    return problems


def run_tests(screener: Screener) -> list[DefinitionError]:
    """One `DefinitionError` per failing test case of the definition."""
    errors = []
    for case in screener.tests:
        try:
            result = score(screener, case.answers).to_json()
        except AnswerErrors as refused:
            result = errors_to_json(refused.errors, refused.flags)
        problems = compare(result, case.expect)
        if problems:
            errors.append(
                DefinitionError(
                    ("tests", case.index),
                    f"test {case.name!r} failed: {'; '.join(problems)}",
                    "Fix the definition, or the test's expect if the definition is right.",
                )
            )
    return errors
