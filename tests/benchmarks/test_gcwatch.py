"""The build benchmark's garbage-collector watcher (benchmarks/gcwatch.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.site import GCWATCH, ROOT


def watch(tmp_path: Path, source: str) -> tuple[subprocess.CompletedProcess, dict]:
    (tmp_path / "job.py").write_text(source)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, str(GCWATCH), str(report), "job", "first", "second"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    return done, json.loads(report.read_text())


def test_counts_the_full_collections_the_module_makes(tmp_path):
    done, report = watch(
        tmp_path,
        "import gc, sys\nprint(sys.argv[1:])\nfor _ in range(3):\n    gc.collect()\n",
    )
    assert done.returncode == 0, done.stderr
    # The module ran as `python -m job first second` would run it.
    assert done.stdout.strip() == "['first', 'second']"
    assert report["collections"][2] >= 3
    assert len(report["full_ms"]) == report["collections"][2]
    assert report["seconds"] > 0


def test_reports_even_when_the_module_exits_with_an_error(tmp_path):
    done, report = watch(tmp_path, "import gc, sys\ngc.collect()\nsys.exit(3)\n")
    assert done.returncode == 3
    assert report["collections"][2] >= 1


def test_the_module_is_found_from_the_working_folder_as_with_python_m():
    # The builds run from the project folder, whose packages (tools, plugins)
    # must import as they do under `python -m pelican`.
    done = subprocess.run(
        [sys.executable, str(GCWATCH), "/dev/null", "tools.publish", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
