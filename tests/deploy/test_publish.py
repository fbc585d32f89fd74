"""`tools.publish`: pre-compressed copies (cached, made in parallel), `_headers`, and the editor
(on the public site only when EDITOR_ON_PUBLIC_SITE is set)."""

from __future__ import annotations

import gzip
import json
import os

import pytest
import zstandard
from pelican.settings import read_settings

from tests.conftest import ROOT
from tools import editor
from tools.publish import (
    ZSTD_SUFFIXES,
    compress_tree,
    headers_file,
    worth_compressing,
    zstd_compress,
)


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


def _settings(**override):
    return read_settings(str(ROOT / "publishconf.py"), override=override)


def test_the_public_site_has_no_editor_unless_a_setting_turns_it_on(tmp_path):
    assert _settings()["EDITOR_ON_PUBLIC_SITE"] is False
    assert editor.publish(_settings(), tmp_path) is False
    assert not (tmp_path / "admin").exists()
    assert "/admin/" not in headers_file("default-src 'none'")


def test_a_published_editor_signs_in_to_the_git_host_with_its_own_policy(tmp_path):

    if editor.missing_install():
        pytest.skip("the editor is not installed (make test installs it)")
    settings = _settings(
        EDITOR_ON_PUBLIC_SITE=True,
        EDITOR_BACKEND={"name": "github", "repo": "example/site", "base_url": "https://auth.x"},
        EDITOR_BACKEND_ORIGINS=["https://api.github.com"],
    )
    assert editor.publish(settings, tmp_path) is True
    admin = tmp_path / "admin"
    config = json.loads((admin / "config.json").read_text())
    assert config["backend"] == {
        "name": "github",
        "repo": "example/site",
        "base_url": "https://auth.x",
    }
    assert config["iop_site"]["checks"] is False
    assert (admin / "decap" / "decap-cms.js").is_file()
    assert not list((admin / "decap").glob("*.map"))
    policy = (
        "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' "
        "'unsafe-inline'; img-src 'self'; connect-src 'self' https://api.github.com; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )
    assert editor.production_csp(settings) == policy
    page = (admin / "index.html").read_text()
    assert f'content="{policy.replace(chr(39), "&#x27;")}"' in page
    headers = headers_file(settings["CSP_POLICY"], policy)
    assert headers.endswith(
        "/admin/*\n  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {policy}; frame-ancestors 'none'\n"
        "  X-Robots-Tag: noindex\n"
    )
