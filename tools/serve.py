"""Build the site, serve it on http://127.0.0.1:8000, and rebuild on every save.

`make serve` runs this. A failed rebuild keeps serving, but every page then
shows the build's message, so an author sees what to fix in the browser too.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import sys
import threading
from pathlib import Path
from typing import ClassVar

from tools.build import failure_message, run_pelican

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")

# Python's mimetypes table varies by platform; these types matter for Pyodide.
CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
    ".bin": "application/octet-stream",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site with the headers a real host would send.

    `csp_header`: the Content-Security-Policy to send as a header, or None to
    rely on each page's <meta> tag alone (the worst case: a host that cannot
    set headers). `build_error`: a callable returning the last build's error.
    """

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }
    csp_header: str | None = None
    cache_control = "no-store"
    build_error = staticmethod(lambda: None)

    def end_headers(self):
        if self.csp_header:
            self.send_header("Content-Security-Policy", self.csp_header)
        self.send_header("Cache-Control", self.cache_control)
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):
        error = self.build_error()
        if error and (self.path.endswith("/") or self.path.endswith(".html")):
            return self._send_text_page(500, "The site did not build", error)
        return super().send_head()

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def _send_text_page(self, code, title, text):
        import io

        body = (
            f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title><h1>{html.escape(title)}</h1><pre>{html.escape(text)}</pre>"
            "<p>Fix the problem and save; this page updates on the next reload.</p></html>"
        ).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    request_log: list | None = None

    def log_request(self, code="-", size="-"):
        # Tests read this log: it also sees requests Playwright cannot (favicon.ico).
        if self.request_log is not None:
            self.request_log.append(self.path)
        super().log_request(code, size)

    def log_message(self, format, *args):
        # Only problems: a page request line is noise while writing.
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


def make_handler(directory: Path, csp_header: str | None, build_error=lambda: None, **attrs):
    """A handler class serving `directory` with the given CSP header.

    Extra keyword arguments set class attributes, e.g. `request_log=[]`.
    """
    handler = type(
        "Handler",
        (SiteRequestHandler,),
        {"csp_header": csp_header, "build_error": staticmethod(build_error), **attrs},
    )
    return functools.partial(handler, directory=str(directory))


def build(settings_file: str) -> str | None:
    """Run one Pelican build; return its message on failure, None on success."""
    done = run_pelican(settings_file)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return failure_message(done)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--no-reload", action="store_true", help="build once, do not watch")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from pelicanconf import CSP_POLICY

    state = {"error": build(args.settings)}
    handler = make_handler(
        ROOT / "output", CSP_POLICY + "; frame-ancestors 'none'", lambda: state["error"]
    )
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving the site on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    if state["error"]:
        print("The first build failed; fix the problem above and save.", flush=True)
    try:
        if args.no_reload:
            threading.Event().wait()
        import watchfiles

        for changes in watchfiles.watch(*(ROOT / w for w in WATCHED)):
            names = sorted({Path(p).relative_to(ROOT).as_posix() for _, p in changes})
            print(f"Changed: {', '.join(names)}. Rebuilding...", flush=True)
            state["error"] = build(args.settings)
            print("Rebuilt." if not state["error"] else "Build failed (see above).", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
