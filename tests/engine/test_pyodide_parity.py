"""Parity: every golden case (and some junk) gives byte-identical JSON in CPython and in Pyodide.

Runs the pinned Pyodide under Node.js once (about 10 s), through pyodide_parity.mjs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from screener_engine import worker

from tests.conftest import definition_data

from .conftest import ENGINE, IDS, ROOT, SCREENERS, golden_cases

pytestmark = pytest.mark.node

SCRIPT = ROOT / "tests" / "engine" / "pyodide_parity.mjs"
PYODIDE = ROOT / "node_modules" / "pyodide" / "pyodide.mjs"

JUNK = [
    "",
    "{",
    '{"op": "ping"}',
    '{"op": "score", "screener": "phq-9", "answers": {"q1": 2.0}}',
    '{"op": "score", "screener": "audit-c", "answers": {"sex": true}}',
    '{"op": "score", "screener": "nope", "answers": {}}',
    '{"op": "score", "screener": "phq-9", "answers": {"q1": "' + "\\ud800" + '"}}',
]


def _requests() -> list[str]:
    requests = [
        json.dumps({"op": "score", "screener": s, "answers": c["answers"]})
        for s, c in golden_cases()
    ]
    return requests + JUNK


def test_cpython_and_pyodide_agree(tmp_path, capsys):
    node = shutil.which("node")
    if node is None or not PYODIDE.exists():
        pytest.fail("Node.js and the pinned Pyodide are needed: run 'npm ci' (make test does).")
    bundle = json.dumps([definition_data(SCREENERS / f"{name}.yaml") for name in IDS])
    requests = _requests()
    files = {path.name: path.read_text(encoding="utf-8") for path in sorted(ENGINE.glob("*.py"))}
    source = tmp_path / "parity-input.json"
    source.write_text(
        json.dumps({"files": files, "bundle": bundle, "requests": requests}), encoding="utf-8"
    )

    done = subprocess.run(
        [node, str(SCRIPT), str(source)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    browser = json.loads(done.stdout)
    assert browser["python"].startswith("3.14"), browser["python"]

    registry = worker.load_bundle(bundle)
    cpython = [worker.handle(request, registry) for request in requests]
    mismatches = [
        (request, a, b)
        for request, a, b in zip(requests, cpython, browser["replies"], strict=True)
        if a != b
    ]
    assert len(browser["replies"]) == len(requests)
    assert mismatches == []

    seconds = browser["seconds"]
    with capsys.disabled():
        print(
            f"\nparity: {len(requests)} requests ({len(requests) - len(JUNK)} golden cases), "
            "identical JSON in "
            f"CPython {sys.version.split()[0]} and Pyodide {browser['pyodide']} (Python "
            f"{browser['python'].split()[0]}); Pyodide load {seconds['load']:.1f} s, engine import "
            f"{seconds['import'] * 1000:.0f} ms, bundle {seconds['bundle'] * 1000:.0f} ms, all "
            f"requests "
            f"{seconds['requests'] * 1000:.0f} ms"
        )
