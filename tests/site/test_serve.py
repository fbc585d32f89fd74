"""The development server behind `make serve` and `make edit`: MIME types, the CSP header,
build errors, compression, live reload, and the editor's routes."""

from __future__ import annotations

import gzip
import http.client
import http.server
import json
import threading

import brotli
import pytest

from tools.encoding import Compressor, accepted
from tools.serve import BuildState, EditRequestHandler, make_handler


@pytest.fixture
def serve(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>Home</title>")
    (tmp_path / "404.html").write_text("<!doctype html><title>Page not found</title>")
    for name in ("worker.mjs", "runtime.wasm", "engine.zip", "snapshot.bin"):
        (tmp_path / name).write_bytes(b"x")
    state = {"error": None}
    servers = []

    def start(csp="default-src 'none'"):
        handler = make_handler(tmp_path, csp, lambda: state["error"])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    def get(port, path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    yield start, get, state
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/worker.mjs", "text/javascript"),
        ("/runtime.wasm", "application/wasm"),
        ("/engine.zip", "application/zip"),
        ("/snapshot.bin", "application/octet-stream"),
        ("/", "text/html"),
    ],
)
def test_types_pyodide_needs(serve, path, content_type):
    start, get, _ = serve
    response, _ = get(start(), path)
    assert response.status == 200
    assert response.getheader("Content-Type") == content_type


def test_the_csp_is_a_header_too_and_nothing_is_cached(serve):
    start, get, _ = serve
    response, _ = get(start("default-src 'none'; frame-ancestors 'none'"), "/")
    assert (
        response.getheader("Content-Security-Policy")
        == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.getheader("Cache-Control") == "no-store"
    assert response.getheader("Referrer-Policy") == "no-referrer"


def test_a_missing_page_gets_the_sites_404_page(serve):
    start, get, _ = serve
    response, body = get(start(), "/no/such/page/")
    assert response.status == 404
    assert b"Page not found" in body


def test_a_failed_build_shows_its_message_on_every_page(serve):
    start, get, state = serve
    port = start()
    state["error"] = "content/articles/a.md:2: Date: '22/11' is not a date <see the guide>"
    response, body = get(port, "/")
    assert response.status == 500
    assert b"The site did not build" in body
    assert (
        b"content/articles/a.md:2: Date: &#x27;22/11&#x27; is not a date &lt;see the guide&gt;"
        in body
    )
    # Scripts and data files are served as usual, so nothing else breaks.
    response, _ = get(port, "/worker.mjs")
    assert response.status == 200
    state["error"] = None
    response, body = get(port, "/")
    assert response.status == 200 and b"<title>Home</title>" in body


# --- Compression (issue 22): what a phone on the network gets from make serve ---


RUNTIME = b"(module $pyodide) " * 4000  # compressible, like the wasm and the snapshot


@pytest.fixture
def dev_server(tmp_path):
    """The development server as `make serve` runs it: compressing, with live reload."""
    (tmp_path / "index.html").write_text("<!doctype html><head><title>Home</title></head><p>Hi")
    (tmp_path / "runtime.wasm").write_bytes(RUNTIME)
    (tmp_path / "tiny.js").write_text("1;")
    (tmp_path / "icon.png").write_bytes(b"\x89PNG" + bytes(3000))
    state = BuildState()
    state.finished(None)
    handler = make_handler(
        tmp_path,
        "default-src 'none'",
        state.current_error,
        compressor=Compressor(),
        build_state=state,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server.server_address[1], state, tmp_path
    server.shutdown()
    server.server_close()


def fetch(port, path, headers=None, method="GET"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ],
)
def test_the_dev_server_compresses_as_the_browser_accepts(dev_server, accept, coding, decode):
    port, *_ = dev_server
    response, body = fetch(port, "/runtime.wasm", {"Accept-Encoding": accept})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == coding
    assert response.getheader("Vary") == "Accept-Encoding"
    assert response.getheader("Content-Type") == "application/wasm"
    assert int(response.getheader("Content-Length")) == len(body) < len(RUNTIME) / 10
    assert decode(body) == RUNTIME


def test_without_accept_encoding_the_file_is_sent_as_it_is(dev_server):
    port, *_ = dev_server
    response, body = fetch(port, "/runtime.wasm")
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Vary") == "Accept-Encoding"
    assert body == RUNTIME


def test_small_files_and_images_are_not_compressed(dev_server):
    port, *_ = dev_server
    for path in ("/tiny.js", "/icon.png"):
        response, _ = fetch(port, path, {"Accept-Encoding": "br, gzip"})
        assert response.getheader("Content-Encoding") is None, path


def test_a_head_request_gets_the_same_headers_and_no_body(dev_server):
    port, *_ = dev_server
    get, body = fetch(port, "/runtime.wasm", {"Accept-Encoding": "br"})
    head, nothing = fetch(port, "/runtime.wasm", {"Accept-Encoding": "br"}, method="HEAD")
    assert nothing == b""
    assert head.getheader("Content-Length") == get.getheader("Content-Length") == str(len(body))
    assert head.getheader("Content-Encoding") == "br"


def test_a_copy_left_by_make_publish_is_sent_as_it_is(dev_server):
    port, _, folder = dev_server
    published = brotli.compress(RUNTIME, quality=11)
    (folder / "runtime.wasm.br").write_bytes(published)
    response, body = fetch(port, "/runtime.wasm", {"Accept-Encoding": "br"})
    assert response.getheader("Content-Encoding") == "br"
    assert body == published


def test_accept_encoding_parsing():
    assert accepted("gzip, deflate, br, zstd") == ["br", "gzip"]
    assert accepted("*") == ["br", "gzip"]
    assert accepted("br;q=0, *;q=0.5") == ["gzip"]
    assert accepted("identity") == []
    assert accepted(None) == []


# --- Live reload ---


def test_pages_get_the_reload_script_with_the_build_they_come_from(dev_server):
    port, state, _ = dev_server
    _, body = fetch(port, "/")
    assert b'<script src="/_dev/live-reload.js" data-generation="1" defer></script></head>' in body
    state.started()
    assert json.loads(fetch(port, "/_dev/build.json")[1]) == {"generation": 1, "building": True}
    state.finished(None)
    assert json.loads(fetch(port, "/_dev/build.json")[1]) == {"generation": 2, "building": False}
    response, script = fetch(port, "/_dev/live-reload.js")
    assert response.getheader("Content-Type") == "text/javascript"
    assert b"/_dev/build.json" in script


def test_the_reload_script_is_only_for_the_development_server(serve):
    start, get, _ = serve
    port = start()
    response, body = get(port, "/")
    assert b"live-reload" not in body
    response, _ = get(port, "/_dev/build.json")
    assert response.status == 404


# --- The editor's routes (make edit) ---

ADMIN_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'"


class FakeDecapServer(http.server.BaseHTTPRequestHandler):
    """Stands in for decap-server: answers every POST with what it was sent."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        answer = json.dumps({"got": json.loads(body)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def edit_server(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><head></head><p>Hi")
    decap = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeDecapServer)
    threading.Thread(target=decap.serve_forever, args=(0.05,), daemon=True).start()
    state = BuildState()
    state.finished("content/articles/a.md:2: Date: bad", [{"file": "content/articles/a.md"}])
    handler = make_handler(
        tmp_path,
        "default-src 'none'",
        lambda: None,
        base=EditRequestHandler,
        compressor=Compressor(),
        build_state=state,
        admin_csp=ADMIN_CSP,
        decap_port=decap.server_address[1],
        editor_config=staticmethod(lambda: {"collections": []}),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server.server_address[1]
    for running in (server, decap):
        running.shutdown()
        running.server_close()


def post(port, body, headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("POST", "/api/v1", body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    return response, answer


def test_the_admin_page_has_its_own_policy_and_the_site_keeps_the_strict_one(edit_server):
    response, body = fetch(edit_server, "/admin/")
    assert response.getheader("Content-Security-Policy") == ADMIN_CSP
    assert f'content="{ADMIN_CSP.replace(chr(39), "&#x27;")}"'.encode() in body
    response, _ = fetch(edit_server, "/")
    assert response.getheader("Content-Security-Policy") == "default-src 'none'"


def test_the_editor_gets_its_configuration_and_the_checks(edit_server):
    assert json.loads(fetch(edit_server, "/admin/config.json")[1]) == {"collections": []}
    checks = json.loads(fetch(edit_server, "/admin/checks.json")[1])
    assert checks == {
        "generation": 1,
        "building": False,
        "build_error": "content/articles/a.md:2: Date: bad",
        "problems": [{"file": "content/articles/a.md"}],
        "changed": [],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/admin/decap/../../package.json",
        "/admin/decap/decap-cms.js.map",
        "/admin/decap/package.json",
        "/admin/../pyproject.toml",
        "/admin/nothing-here.js",
    ],
)
def test_the_admin_serves_only_its_own_files(edit_server, path):
    response, _ = fetch(edit_server, path)
    assert response.status == 404


def test_the_admin_serves_decaps_bundle_and_the_sites_format(edit_server):
    for path in ("/admin/decap/decap-cms.js", "/admin/pelican-format.js", "/admin/editor.js"):
        response, _ = fetch(edit_server, path, {"Accept-Encoding": "br"})
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/javascript"


def test_the_file_api_answers_the_editors_own_page(edit_server):
    origin = f"http://127.0.0.1:{edit_server}"
    response, answer = post(
        edit_server,
        b'{"action": "info"}',
        {"Content-Type": "application/json", "Origin": origin, "Host": origin[7:]},
    )
    assert response.status == 200
    assert json.loads(answer) == {"got": {"action": "info"}}


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no Origin: not a browser page of this site
        {"Origin": "http://evil.example"},  # another site in the same browser
        {"Origin": "http://rebound.example:1", "Host": "rebound.example:1"},  # DNS rebinding
    ],
)
def test_the_file_api_refuses_anyone_else(edit_server, headers):
    response, _ = post(
        edit_server, b'{"action": "info"}', {"Content-Type": "application/json", **headers}
    )
    assert response.status == 403
