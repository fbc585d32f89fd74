"""The hand-written golden cases, replayed through `handle` (the browser's entry point).

The same files are replayed in Pyodide (test_pyodide_parity) and, by the
browser tests, through the real page. The coverage test proves every band
boundary (for every variant value), flag, outcome, variant value and
conditional question of every definition is exercised.
"""

from __future__ import annotations

import json

import pytest
from screener_engine import compare, handle

from .conftest import IDS, golden_cases, golden_files

CASES = golden_cases()


@pytest.mark.parametrize(
    ("screener_id", "case"), CASES, ids=[f"{s}: {c['name']}" for s, c in CASES]
)
def test_golden_case(registry, screener_id, case):
    request = {"op": "score", "screener": screener_id, "answers": case["answers"]}
    reply = json.loads(handle(json.dumps(request), registry))
    assert compare(reply, case["expect"]) == []


def test_every_screener_has_a_golden_file():
    assert sorted(json.loads(p.read_text())["screener"] for p in golden_files()) == IDS
    assert sorted(p.stem for p in golden_files()) == IDS


def test_answers_are_the_strings_a_radio_sends():
    for screener_id, case in CASES:
        for key, value in case["answers"].items():
            assert isinstance(value, str), f"{screener_id}: {case['name']}: {key} is {value!r}"


def _accepted(cases):
    return [c for c in cases if "error" not in c["expect"]]


@pytest.mark.parametrize("screener_id", IDS)
def test_golden_cases_cover_the_definition(registry, screener_id):
    screener = registry[screener_id]
    cases = [c for s, c in CASES if s == screener_id]
    accepted = _accepted(cases)
    missing = []

    bands = screener.bands
    if bands is not None:
        variant = screener.variant(bands.varies_by) if bands.varies_by else None
        for value in variant.values if variant else (None,):
            for band in bands.ranges:
                for bound in band.bounds(value):
                    hit = any(
                        c["expect"].get("band") == band.id
                        and c["expect"].get("scores", {}).get(bands.score) == bound
                        and (variant is None or c["answers"].get(variant.id) == value)
                        for c in accepted
                    )
                    if not hit:
                        missing.append(
                            f"band {band.id!r} at {bound}" + (f" for {value!r}" if variant else "")
                        )
    for flag in screener.flags:
        if not any(flag.id in c["expect"].get("flags", []) for c in accepted):
            missing.append(f"flag {flag.id!r} raised")
        if not any(
            "flags" in c["expect"] and flag.id not in c["expect"]["flags"] for c in accepted
        ):
            missing.append(f"flag {flag.id!r} not raised")
    if any(f.kind == "safety" for f in screener.flags):
        for state in (True, False):
            if not any(c["expect"].get("safety") is state for c in accepted):
                missing.append(f"safety {state}")
    for outcome in screener.outcomes:
        if not any(c["expect"].get("outcome") == outcome.id for c in accepted):
            missing.append(f"outcome {outcome.id!r}")
    for variant in screener.variants:
        for value in variant.values:
            if not any(c["answers"].get(variant.id) == value for c in accepted):
                missing.append(f"variant {variant.id}={value}")
    for question in screener.questions:
        if question.show_if is None:
            continue
        if not any(question.id in c["expect"].get("shown", []) for c in accepted):
            missing.append(f"{question.id} shown")
        hidden = [
            c
            for c in accepted
            if "shown" in c["expect"] and question.id not in c["expect"]["shown"]
        ]
        if not hidden or not any(question.id in c["expect"].get("ignored", []) for c in accepted):
            missing.append(f"{question.id} hidden, with an answer ignored")
    if sum("error" in c["expect"] for c in cases) < 3:
        missing.append("at least 3 refused answers")
    assert missing == []


def test_case_counts():
    counts = {s: sum(1 for sid, _ in CASES if sid == s) for s in IDS}
    assert all(count >= 10 for count in counts.values()), counts
