"""What a build keeps for the next one: definitions that passed, and Pyodide snapshots.

The plugin's cache holds two kinds of file and nothing else. Each must never
ship or accept something a full build would not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from screeners import ScreenerBuildError, assets, loader

from tests.plugin.sites import build


@pytest.fixture
def checks(monkeypatch):
    """The names of the definition files the loader fully checks, in order."""
    seen: list[str] = []
    original = loader._check

    def counting(raw, path, shown):
        seen.append(Path(path).name)
        return original(raw, path, shown)

    monkeypatch.setattr(loader, "_check", counting)
    return seen


def test_an_unchanged_definition_is_not_checked_again_and_a_changed_one_is(project, checks):
    cache = str(project / "screener-cache")
    build(project, SCREENER_CACHE_PATH=cache)
    assert sorted(checks) == ["gad-7.yaml", "phq-9.yaml"]
    checks.clear()
    build(project, SCREENER_CACHE_PATH=cache)
    assert checks == []
    gad7 = project / "content" / "screeners" / "gad-7.yaml"
    gad7.write_text(gad7.read_text().replace("minutes: 2", "minutes: 3"))
    out = build(project, SCREENER_CACHE_PATH=cache)
    assert checks == ["gad-7.yaml"]
    assert "About 3 minutes" in (out / "self-checks/gad-7/index.html").read_text()


def test_a_definition_with_problems_is_checked_and_reported_on_every_build(project, checks):
    cache = project / "screener-cache"
    phq9 = project / "content" / "screeners" / "phq-9.yaml"
    phq9.write_text(phq9.read_text().replace("minutes: 3", "minutes: three"))
    for _ in range(2):
        with pytest.raises(ScreenerBuildError) as error:
            build(project, SCREENER_CACHE_PATH=str(cache))
        assert any("phq-9.yaml" in line and "minutes" in line for line in error.value.lines)
    assert checks.count("phq-9.yaml") == 2


def test_new_checking_code_checks_every_definition_again(project, checks, monkeypatch):
    cache = str(project / "screener-cache")
    build(project, SCREENER_CACHE_PATH=cache)
    checks.clear()
    # The key covers the engine, the loader, the YAML reader and Python (see
    # loader._checker_digest); any change to them is a new digest.
    monkeypatch.setattr(loader, "_checker", b"other checking code")
    build(project, SCREENER_CACHE_PATH=cache)
    assert sorted(checks) == ["gad-7.yaml", "phq-9.yaml"]


def test_the_cache_holds_two_kinds_of_file_only(project):
    cache = project / "screener-cache"
    build(project, SCREENER_CACHE_PATH=str(cache), SCREENER_SNAPSHOT=True)
    kinds = {path.name.split("-")[0] for path in cache.iterdir()}
    assert kinds == {"checked", "snapshot"}
    assert all(path.is_file() for path in cache.iterdir())


def test_old_snapshots_are_pruned_keeping_the_newest_used(tmp_path):
    for age, name in enumerate(["a", "b", "c", "d"]):
        path = tmp_path / f"snapshot-314.0.7-{name}.bin"
        path.write_bytes(b"x")
        os.utime(path, (1000 + age, 1000 + age))
    assets._prune_snapshots(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "snapshot-314.0.7-c.bin",
        "snapshot-314.0.7-d.bin",
    ]


def test_the_runtime_is_named_by_npms_record_or_else_by_its_files(tmp_path):
    source = tmp_path / "node_modules" / "pyodide"
    source.mkdir(parents=True)
    for name in assets.RUNTIME_FILES:
        (source / name).write_bytes(name.encode())
    by_files = assets.runtime_identity(source, "1.0")
    (source / "pyodide.asm.wasm").write_bytes(b"changed")
    assert assets.runtime_identity(source, "1.0") != by_files
    record = {"packages": {"node_modules/pyodide": {"integrity": "sha512-abc"}}}
    (source.parent / ".package-lock.json").write_text(json.dumps(record))
    by_npm = assets.runtime_identity(source, "1.0")
    (source / "pyodide.asm.wasm").write_bytes(b"changed again")  # not read: npm's word is used
    assert assets.runtime_identity(source, "1.0") == by_npm
    assert assets.runtime_identity(source, "1.1") != by_npm
