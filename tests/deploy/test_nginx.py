"""The shipped host configuration, for real: Debian's nginx serving `make publish` output.

The site is published for http://127.0.0.1:<port>, and nginx runs with
deploy/nginx/iop-guide.conf as shipped, except for its `listen` and `root`
lines, which point at the test's port and folder.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest
import zstandard

from tests.browser.conftest import guard
from tests.browser.widget import Widget
from tests.conftest import ROOT
from tools.build import run_pelican

DEPLOY = ROOT / "deploy" / "nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (make test installs it as root)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """`make publish` for a local address: the output folder and its origin."""
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    work = tmp_path_factory.mktemp("publish")
    output = work / "output"
    env = {**os.environ, "SITEURL": origin}
    build = run_pelican("publishconf.py", output=output, cache=work / "cache", env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    finish = subprocess.run(
        [sys.executable, "-m", "tools.publish", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert finish.returncode == 0, finish.stdout + finish.stderr
    return output, port, origin


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    output, port, origin = published
    conf = tmp_path_factory.mktemp("nginx")
    shutil.copy(DEPLOY / "security-headers.conf", conf / "security-headers.conf")
    server = (DEPLOY / "iop-guide.conf").read_text()
    assert "    listen 80;\n" in server and "    root /var/www/iop-guide/output;\n" in server
    server = server.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n")
    server = server.replace("    root /var/www/iop-guide/output;\n", f"    root {output};\n")
    (conf / "iop-guide.conf").write_text(server)
    temp = "\n".join(
        f"  {kind}_temp_path {conf}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (conf / "nginx.conf").write_text(
        f"""
{"load_module " + str(BROTLI_MODULE) + ";" if BROTLI_MODULE.exists() else ""}
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {conf}/nginx.pid;
error_log {conf}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log {conf}/access.log;
{temp}
  include {conf}/iop-guide.conf;
}}
"""
    )
    messages = conf / "nginx.out"
    with messages.open("wb") as out:
        process = subprocess.Popen(
            [NGINX, "-p", str(conf), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start:\n{messages.read_text()}")
            time.sleep(0.05)
    yield output, port, origin, conf
    process.terminate()
    process.wait(timeout=10)


def get(port: int, path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def _one(output: Path, pattern: str) -> str:
    (found,) = sorted(output.glob(pattern))
    return "/" + found.relative_to(output).as_posix()


def expected_csp() -> str:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["CSP_POLICY"] + "; frame-ancestors 'none'"


def test_pages_carry_the_csp_and_privacy_headers(nginx):
    _output, port, origin, _ = nginx
    response, body = get(port, "/")
    assert response.status == 200
    assert response.getheader("Content-Security-Policy") == expected_csp()
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "interest-cohort=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Server") == "nginx"  # no version number
    assert b'<link rel="canonical" href="' + origin.encode() + b'/">' in body


def test_the_shipped_header_policy_is_the_sites_policy(nginx):
    output, *_ = nginx
    shipped = (DEPLOY / "security-headers.conf").read_text()
    assert f'add_header Content-Security-Policy "{expected_csp()}" always;' in shipped
    assert f"Content-Security-Policy: {expected_csp()}" in (output / "_headers").read_text()


def test_the_headers_file_sends_what_nginx_sends(nginx):
    """Netlify's and Cloudflare's `_headers` carry every header of the nginx configuration."""
    output, *_ = nginx
    shipped = re.findall(
        r'^add_header (\S+) "([^"]*)" always;$',
        (DEPLOY / "security-headers.conf").read_text(),
        flags=re.MULTILINE,
    )
    assert len(shipped) >= 6
    headers_file = (output / "_headers").read_text()
    site_wide = headers_file.split("\n/static/*")[0] + "\n"
    for name, value in shipped:
        assert f"  {name}: {value}\n" in site_wide, name


def test_every_response_asks_for_https_only(nginx):
    output, port, *_ = nginx
    paths = [
        "/",
        "/no/such/page/",  # the 404 page
        "/theme/css/site.css",
        _one(output, "static/screeners/engine.*.zip"),
        _one(output, "static/pyodide/*/pyodide.asm.wasm"),  # served as .zst below
    ]
    for path in paths:
        response, _ = get(port, path, **{"Accept-Encoding": "zstd"})
        assert response.getheader("Strict-Transport-Security") == (
            "max-age=63072000; includeSubDomains"
        ), path
    assert response.getheader("Content-Encoding") == "zstd"  # the zstd location has it too


def test_versioned_files_are_cached_for_a_year_and_typed_right(nginx):
    output, port, *_ = nginx
    immutable = "public, max-age=31536000, immutable"
    cases = {
        _one(output, "static/pyodide/*/pyodide.asm.wasm"): "application/wasm",
        _one(output, "static/pyodide/*/pyodide.mjs"): "text/javascript",
        _one(output, "static/screeners/screener-worker.*.mjs"): "text/javascript",
        _one(output, "static/screeners/screener.*.js"): "application/javascript",
        _one(output, "static/screeners/engine.*.zip"): "application/zip",
        "/theme/css/site.css": "text/css",
    }
    for path, content_type in cases.items():
        response, _ = get(port, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type").startswith(content_type), path
        assert response.getheader("Cache-Control") == immutable, path
        # nginx drops a server's add_header lines in a location that adds its own;
        # the shipped config includes them again in every location.
        assert response.getheader("Content-Security-Policy") == expected_csp(), path


LARGE_FILES = (
    "static/pyodide/*/pyodide.asm.wasm",
    "static/screeners/snapshot.*.bin",
    "static/screeners/engine.*.zip",  # stored uncompressed inside, so brotli pays
    "index.html",
)
SUFFIX = {"zstd": ".zst", "br": ".br", "gzip": ".gz", None: ""}


@pytest.mark.parametrize(
    ("accept", "wasm", "others"),
    [
        ("gzip, deflate, br, zstd", "zstd", "br"),  # what Chromium sends
        ("br, gzip", "br", "br"),
        ("zstd;q=0, br", "br", "br"),
        ("gzip", "gzip", "gzip"),
        ("identity", None, None),
    ],
)
def test_large_files_are_served_pre_compressed(nginx, accept, wasm, others):
    output, port, *_ = nginx
    for pattern in LARGE_FILES:
        path = _one(output, pattern)
        encoding = wasm if pattern.endswith(".wasm") else others
        response, body = get(port, path, **{"Accept-Encoding": accept})
        assert response.status == 200, path
        assert response.getheader("Content-Encoding") == encoding, path
        assert body == (output / (path.lstrip("/") + SUFFIX[encoding])).read_bytes(), path
        if encoding:  # a cache in between must keep the encodings apart
            assert response.getheader("Vary") == "Accept-Encoding", path


def test_the_zstd_wasm_keeps_its_type_and_headers(nginx):
    output, port, *_ = nginx
    path = _one(output, "static/pyodide/*/pyodide.asm.wasm")
    response, body = get(port, path, **{"Accept-Encoding": "br, zstd"})
    assert response.getheader("Content-Encoding") == "zstd"
    # WebAssembly.compileStreaming refuses any other type.
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Security-Policy") == expected_csp()
    assert zstandard.ZstdDecompressor().decompress(body) == (output / path.lstrip("/")).read_bytes()


def test_a_zst_copy_is_never_served_by_its_own_name(nginx):
    output, port, *_ = nginx
    path = _one(output, "static/pyodide/*/pyodide.asm.wasm") + ".zst"
    response, _ = get(port, path, **{"Accept-Encoding": "zstd"})
    assert response.status == 404


def test_a_wasm_without_a_zst_copy_falls_back_to_brotli(nginx):
    output, port, *_ = nginx
    wasm = output / "static" / "no-zstd-copy.wasm"  # removed again below
    data = b"\0asm\1\0\0\0" + bytes(4096)
    wasm.write_bytes(data)
    wasm.with_name(wasm.name + ".br").write_bytes(brotli.compress(data))
    try:
        response, body = get(port, "/static/no-zstd-copy.wasm", **{"Accept-Encoding": "zstd, br"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "br"
        assert brotli.decompress(body) == data
    finally:
        wasm.unlink()
        wasm.with_name(wasm.name + ".br").unlink()


def test_a_missing_page_gets_the_404_page(nginx):
    _, port, *_ = nginx
    response, body = get(port, "/no/such/page/")
    assert response.status == 404
    assert b"Page not found" in body
    assert response.getheader("Content-Security-Policy") == expected_csp()


def test_sitemap_and_robots(nginx):
    _output, port, origin, _ = nginx
    response, body = get(port, "/sitemap.xml")
    assert response.status == 200
    for path in ("/what-is-an-iop/", "/self-checks/phq-9/", "/self-checks/", "/get-help-now/"):
        assert f"<loc>{origin}{path}</loc>".encode() in body
    assert b"404" not in body
    response, body = get(port, "/robots.txt")
    assert body.decode().endswith(f"Sitemap: {origin}/sitemap.xml\n")
    response, body = get(port, "/feeds/all.atom.xml")
    assert response.status == 200 and b"<feed" in body


def test_a_self_check_works_through_nginx(nginx, browser):
    _, _port, origin, conf = nginx
    context = browser.new_context(base_url=origin)
    page = context.new_page()
    watcher = guard(context, page, origin)
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    widget.wait_ready()
    for i in range(1, 10):
        widget.answer(f"q{i}", "2")
    widget.answer("difficulty", "very")
    widget.see_result()
    assert widget.scores() == {"total": 18}
    assert widget.result.get_attribute("data-band") == "moderately-severe"
    assert watcher.problems() == []
    context.close()
    # The browser got the pre-compressed copies: the bytes nginx sent are the
    # sizes of the wasm's .zst file (Chromium accepts zstd) and the snapshot's .br.
    output = nginx[0]
    log = (conf / "access.log").read_text().splitlines()
    for pattern, suffix in (
        ("static/pyodide/*/pyodide.asm.wasm", ".zst"),
        ("static/screeners/snapshot.*.bin", ".br"),
    ):
        path = _one(output, pattern)
        sent = [
            int(line.split('"')[2].split()[1])
            for line in log
            if f"GET {path} " in line and "HeadlessChrome" in line
        ]
        assert sent and set(sent) == {(output / (path.lstrip("/") + suffix)).stat().st_size}, path
