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


def _tree(tmp_path, name):
    output = tmp_path / name / "static"
    output.mkdir(parents=True)
    (output / "pyodide.asm.wasm").write_bytes(b"(module) " * 20_000)
    (output / "snapshot.bin").write_bytes(bytes(range(256)) * 400 + b"\0" * 50_000)
    (output / "page.html").write_bytes(b"<p>Hello</p>\n" * 500)
    return output.parent


def _copies(output):
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in output.rglob("*")
        if p.suffix in (".br", ".gz", ".zst")
    }


def test_parallel_compression_makes_the_same_bytes_as_one_process(tmp_path):
    one, many = _tree(tmp_path, "one"), _tree(tmp_path, "many")
    assert compress_tree(one, tmp_path / "cache-one", workers=1) == compress_tree(
        many, tmp_path / "cache-many", workers=2
    )
    assert _copies(one) == _copies(many)
    assert len(_copies(one)) == 7  # .gz and .br for three files, .zst for the wasm


def test_a_second_publish_compresses_nothing_again(tmp_path, monkeypatch):
    import tools.publish as publish

    cache = tmp_path / "cache"
    compress_tree(_tree(tmp_path, "first"), cache, workers=1)
    made = []
    monkeypatch.setattr(publish, "_make", lambda kind, path: made.append(kind) or b"")
    second = _tree(tmp_path, "second")
    compress_tree(second, cache, workers=1)
    assert made == []
    assert _copies(second) == _copies(tmp_path / "first")


def test_publishing_without_a_sitemap_says_how_to_build_one(tmp_path, capsys):
    from tools.publish import main

    (tmp_path / "index.html").write_text("<p>Home</p>")
    assert main([str(tmp_path), "--cache", str(tmp_path / "cache")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path}/sitemap.xml is missing: build with publishconf.py first "
        "(the sitemap_xml plugin writes it).\n"
    )
