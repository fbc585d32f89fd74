"""The Pyodide internals the worker relies on, checked against the pinned package under Node.js.

plugins/screeners/static/screener-worker.mjs names each of them in its
header. A Pyodide upgrade that changes one fails here, with what to update,
before any visitor meets it.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.node

SCRIPT = ROOT / "tests" / "runtime" / "pyodide_internals.mjs"


@pytest.fixture(scope="module")
def internals(site_dir) -> dict:
    """What pyodide_internals.mjs found."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.fail("Node.js and the pinned Pyodide are needed: run 'npm ci' (make test does).")
    done = subprocess.run(
        [node, str(SCRIPT), str(site_dir)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_worker_adds_the_imports_pyodides_own_instantiate_adds(internals):
    found = internals
    assert found["addedImports"] == ["JsvError_Check", "Jsv_GetError_import"], (
        "Pyodide's instantiateWasm now adds other imports: update `instantiate` in "
        "screener-worker.mjs to supply the same"
    )


def test_javascript_errors_still_reach_python_through_those_imports(internals):
    found = internals
    assert found["jsError"] == "JsException: RangeError: from JavaScript"


def test_the_snapshot_restores_and_python_starts_from_the_trimmed_library(internals, site_dir):
    found = internals
    assert found["version"] == json.loads((ROOT / "package.json").read_text())["dependencies"][
        "pyodide"
    ].lstrip("^~=")
    for way in ("snapshot", "full"):
        assert found[way]["ok"] is True, way
        assert "phq-9" in found[way]["screeners"], way
    assert found["snapshot"]["bundle"] == found["full"]["bundle"]
