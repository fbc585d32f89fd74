"""The development server behind `make serve`: real MIME types, the CSP header, build errors."""

from __future__ import annotations

import http.client
import http.server
import threading

import pytest

from tools.serve import make_handler


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
