"""`tools.publish`: which files get pre-compressed copies."""

from __future__ import annotations

import gzip
import os

import zstandard

from tools.publish import ZSTD_SUFFIXES, compress_tree, worth_compressing, zstd_compress


def test_publish_compresses_what_is_not_compressed_already():
    engine_like = b"def score(answers):\n    return sum(answers)\n" * 2000
    assert worth_compressing(engine_like)
    # Pyodide's standard library zip is deflated already: brotli would spend
    # seconds on it to save about 2 %.
    assert not worth_compressing(gzip.compress(engine_like + os.urandom(70_000)))


def test_zstd_copies_fit_a_browsers_window():
    # RFC 9659: browsers keep at most an 8 MB window; Chromium fails a larger one.
    data = os.urandom(1 << 20) * 12  # 12 MB that repeat every 1 MB: a long match exists
    frame = zstd_compress(data)
    assert zstandard.get_frame_parameters(frame).window_size <= 8 * 1024 * 1024
    assert zstandard.ZstdDecompressor().decompress(frame) == data


def test_only_the_wasm_gets_a_zstd_copy(tmp_path):
    output = tmp_path / "output"
    (output / "static").mkdir(parents=True)
    text = b"(module) " * 1000
    for name in ("pyodide.asm.wasm", "snapshot.bin", "page.html"):
        (output / "static" / name).write_bytes(text)
    compress_tree(output, tmp_path / "cache")
    made = sorted(p.name for p in (output / "static").iterdir())
    assert {".wasm"} == ZSTD_SUFFIXES
    assert [name for name in made if name.endswith(".zst")] == ["pyodide.asm.wasm.zst"]
    for name in ("pyodide.asm.wasm", "snapshot.bin", "page.html"):
        assert f"{name}.br" in made and f"{name}.gz" in made
    decoded = zstandard.ZstdDecompressor().decompress(
        (output / "static" / "pyodide.asm.wasm.zst").read_bytes()
    )
    assert decoded == text
