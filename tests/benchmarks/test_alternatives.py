"""Alternative builds change their own output only (benchmarks/alternatives.py)."""

from __future__ import annotations

import os
import stat

import pytest

from benchmarks import alternatives as alt
from benchmarks.site import ROOT


def sealed_output(tmp_path, files: dict[str, bytes]):
    """An output folder whose files are hard links to read-only copies."""
    store, output = tmp_path / "store", tmp_path / "output"
    stored = {}
    for name, data in files.items():
        source = store / name.replace("/", "_")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(data)
        source.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(source, output / name)
        stored[name] = source
    return output, stored


def test_rewrite_leaves_the_other_hard_links_alone(tmp_path):
    output, stored = sealed_output(tmp_path, {"static/a.bin": b"sealed"})
    alt.rewrite(output / "static/a.bin", b"changed")
    assert (output / "static/a.bin").read_bytes() == b"changed"
    assert stored["static/a.bin"].read_bytes() == b"sealed"
    assert stat.S_IMODE(stored["static/a.bin"].stat().st_mode) & stat.S_IWUSR == 0


def test_compile_hints_change_only_the_output(tmp_path):
    runtime = "static/pyodide/314.0.7-0123456789"
    files = {f"{runtime}/pyodide.mjs": b"loader", f"{runtime}/pyodide.asm.mjs": b"runtime"}
    output, stored = sealed_output(tmp_path, files)
    alt._compile_hints(output)
    for name, original in files.items():
        assert (output / name).read_bytes() == alt.COMPILE_HINT.encode() + original
        assert stored[name].read_bytes() == original
        assert not os.path.samefile(output / name, stored[name])


def test_compile_hints_skip_a_build_without_the_runtime(tmp_path):
    with pytest.raises(alt.Skip, match="found 0 scripts"):
        alt._compile_hints(tmp_path)


def test_sparse_snapshot_rewrites_the_worker_and_snapshot_in_new_files(tmp_path):
    memory = bytes(alt.SPARSE_BLOCK * 3) + b"\x01" * 100 + bytes(alt.SPARSE_BLOCK * 2)
    worker = (
        b"async function fromSnapshot(runtime, common, config) {\n"
        b"  const snapshot = fetchBytes(config.snapshotURL);\n}\n"
    )
    files = {
        "static/screeners/snapshot.0123456789.bin": memory,
        "static/screeners/screener-worker.0123456789.mjs": worker,
    }
    output, stored = sealed_output(tmp_path, files)
    alt._sparse_snapshot(output)
    encoded = (output / "static/screeners/snapshot.0123456789.bin").read_bytes()
    assert len(encoded) < len(memory)
    assert alt.expand(encoded) == memory
    text = (output / "static/screeners/screener-worker.0123456789.mjs").read_text()
    assert "fetchBytes(config.snapshotURL).then(expandSnapshot)" in text
    assert text.index("function expandSnapshot") < text.index("async function fromSnapshot")
    for name, original in files.items():
        assert stored[name].read_bytes() == original


def test_brotli_wasm_leaves_out_only_the_zstd_copy(tmp_path):
    runtime = tmp_path / "static/pyodide/314.0.7-0123456789"
    runtime.mkdir(parents=True)
    for name in ("pyodide.asm.wasm", "pyodide.asm.wasm.br", "pyodide.asm.wasm.zst"):
        (runtime / name).write_bytes(b"x")
    alt._brotli_wasm(tmp_path)
    assert sorted(p.name for p in runtime.iterdir()) == ["pyodide.asm.wasm", "pyodide.asm.wasm.br"]
    with pytest.raises(alt.Skip, match=r"no \.wasm\.zst copy"):
        alt._brotli_wasm(tmp_path)


def test_idle_waits_put_back_the_old_wait_in_the_real_script_and_skip_once_done(tmp_path):
    script = tmp_path / "static/screeners/screener.0123456789.js"
    script.parent.mkdir(parents=True)
    source = (ROOT / "plugins/screeners/static/screener.js").read_text()
    script.write_text(source)
    alt._idle_wait(250)(tmp_path)
    patched = script.read_text()
    assert "requestIdleCallback(start, { timeout: 250 });" in patched
    # Only the self-check page's branch changed; an embedded one still waits to come near.
    assert patched.replace("requestIdleCallback(start, { timeout: 250 });", "start();", 1) == source
    with pytest.raises(alt.Skip, match="no longer has the code"):
        alt._idle_wait(1500)(tmp_path)
