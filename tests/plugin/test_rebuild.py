"""What a build keeps for the next one: checked definitions, file digests, linked files, templates.

Each shortcut must never ship or accept something a full build would not.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import jinja2
import pytest
from screeners import ScreenerBuildError, assets, compiled, filememo, loader, passed, placing

from tests.conftest import ROOT
from tests.plugin.sites import build

WASM = "static/pyodide/314.0.7-*/pyodide.asm.wasm"


@pytest.fixture
def checks(monkeypatch):
    """The names of the definition files the loader fully checks, in order."""
    seen: list[str] = []
    original = loader.check

    def counting(path, *args, **kwargs):
        seen.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(loader, "check", counting)
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


def test_the_verdict_is_remembered_only_for_the_same_checking_code(tmp_path, monkeypatch):
    engine = shutil.copytree(passed.package_folder("screener_engine"), tmp_path / "engine")
    real = passed.package_folder

    def folder(name):
        return engine if name == "screener_engine" else real(name)

    monkeypatch.setattr(passed, "package_folder", folder)
    before = passed.checker_digest()
    assert passed.checker_digest() == before
    scoring = engine / "scoring.py"
    scoring.write_text(scoring.read_text() + "\n# a change to how answers are scored\n")
    after_engine = passed.checker_digest()
    assert after_engine != before
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert passed.checker_digest() != after_engine
    # The loader, this memory and the YAML reader's version are inputs too.
    names = [path.name for path in passed._checker_files()]
    assert {"loader.py", "passed.py", "__init__.py", "scoring.py", "screener.schema.json"} <= set(
        names
    )
    assert all(path.is_file() for path in passed._checker_files())


def test_an_unchanged_runtime_file_is_not_hashed_again(tmp_path, monkeypatch):
    file, memo = tmp_path / "runtime.wasm", tmp_path / "memo.json"
    file.write_bytes(b"first")
    (first,) = assets.file_digests([file], memo)
    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read again"))
        assert assets.file_digests([file], memo) == [first]
    file.write_bytes(b"other")  # the same size, a new change time
    (second,) = assets.file_digests([file], memo)
    assert second != first and len(second) == 32


def test_a_remembered_value_is_worked_out_again_only_when_its_file_changes(tmp_path):
    file, memo = tmp_path / "pyodide-lock.json", tmp_path / "memo.json"
    file.write_text('{"info": {"abi_version": "1"}, "packages": {}}')
    calls = []

    def info(path):
        calls.append(path.name)
        return json.loads(path.read_text())["info"]

    assert filememo.remembered([file], memo, info) == [{"abi_version": "1"}]
    assert filememo.remembered([file], memo, info) == [{"abi_version": "1"}]
    assert calls == ["pyodide-lock.json"]
    file.write_text('{"info": {"abi_version": "2"}, "packages": {}}')
    assert filememo.remembered([file], memo, info) == [{"abi_version": "2"}]
    assert calls == ["pyodide-lock.json"] * 2


def test_the_checker_digest_from_its_memo_is_the_one_worked_out_afresh(tmp_path, monkeypatch):
    engine = shutil.copytree(passed.package_folder("screener_engine"), tmp_path / "engine")
    real = passed.package_folder
    monkeypatch.setattr(
        passed, "package_folder", lambda name: engine if name == "screener_engine" else real(name)
    )
    memo = tmp_path / "checker-digests.json"
    assert passed.checker_digest(memo) == passed.checker_digest(memo) == passed.checker_digest()
    scoring = engine / "scoring.py"
    scoring.write_text(scoring.read_text() + "\n# a change to how answers are scored\n")
    assert passed.checker_digest(memo) == passed.checker_digest()
    assert (
        json.loads(memo.read_text())[str(scoring)]["value"]
        == hashlib.sha256(scoring.read_bytes()).hexdigest()
    )


def test_the_engine_zip_is_kept_and_made_again_for_new_inputs(tmp_path, monkeypatch):
    made = []
    real = assets.engine_zip

    def making(bundle):
        made.append(bundle)
        return real(bundle)

    monkeypatch.setattr(assets, "engine_zip", making)
    first = assets.kept_engine_zip(b"[]", b"checker", tmp_path)
    assert first == real(b"[]")
    assert assets.kept_engine_zip(b"[]", b"checker", tmp_path) == first
    assert made == [b"[]"]
    assert assets.kept_engine_zip(b"[{}]", b"checker", tmp_path) == real(b"[{}]")
    assert assets.kept_engine_zip(b"[]", b"another engine", tmp_path) == first
    assert made == [b"[]", b"[{}]", b"[]"]


def test_the_runtime_is_linked_from_a_sealed_copy_and_a_write_through_the_output_is_undone(
    project,
):
    cache = project / "screener-cache"
    out = build(project, SCREENER_CACHE_PATH=str(cache))
    (shipped,) = out.glob(WASM)
    original = (ROOT / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()
    (stored,) = (cache / "files").glob("*-pyodide.asm.wasm")
    assert os.path.samefile(shipped, stored)
    assert placing.is_sealed(stored, len(original))
    assert shipped.read_bytes() == original
    # Something writes to the shipped file (root may, read-only or not) ...
    with shipped.open("r+b") as handle:
        handle.write(b"changed")
    assert not placing.is_sealed(stored)
    # ... and the next build ships the runtime again, not the changed file.
    out = build(project, SCREENER_CACHE_PATH=str(cache))
    (shipped,) = out.glob(WASM)
    assert shipped.read_bytes() == original
    (stored,) = (cache / "files").glob("*-pyodide.asm.wasm")
    assert placing.is_sealed(stored, len(original)) and os.path.samefile(shipped, stored)


def test_files_are_copied_where_hard_links_are_impossible(project, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    cache = project / "screener-cache"
    out = build(project, SCREENER_CACHE_PATH=str(cache))
    (shipped,) = out.glob(WASM)
    (stored,) = (cache / "files").glob("*-pyodide.asm.wasm")
    assert not os.path.samefile(shipped, stored)
    assert shipped.read_bytes() == (ROOT / "node_modules/pyodide/pyodide.asm.wasm").read_bytes()
    assert os.access(shipped, os.W_OK)


def test_compiled_templates_are_kept_per_set_of_compile_options(project):
    cache = project / "screener-cache"
    build(project, SCREENER_CACHE_PATH=str(cache))
    folders = sorted(cache.glob("templates-*"))
    # One for the plugin's own environment, one for the pages' (Pelican's) environment.
    assert len(folders) == 2 and all(list(folder.iterdir()) for folder in folders)
    plain, trimmed = jinja2.Environment(), jinja2.Environment(trim_blocks=True)
    assert compiled.options_key(plain) != compiled.options_key(trimmed)
    assert compiled.options_key(plain) == compiled.options_key(jinja2.Environment())
    # An option named only by its address would make a new folder every build: no cache.
    unstable = jinja2.Environment(autoescape=functools.partial(lambda name: True))
    assert compiled.options_key(unstable) is None
