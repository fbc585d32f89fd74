"""Build the site, serve it on http://127.0.0.1:8000, and rebuild on every save.

`make serve` runs this; `make edit` runs it with --edit, which adds the web
editor at /admin/ (see tools/editor.py). A failed rebuild keeps serving, but
every page then shows the build's message, so an author sees what to fix in
the browser too. Pages reload themselves when a new build is ready, and
responses are compressed as a production host sends them, so a phone on the
same network sees what readers will.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.client
import http.server
import io
import ipaddress
import json
import posixpath
import re
import signal
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from tools.build import failure_message, run_pelican
from tools.encoding import MIN_SIZE, Compressor, accepted, compressible, precompressed

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("theme", "plugins", "pelicanconf.py")
LIVE_RELOAD_JS = Path(__file__).with_name("live_reload.js")
LIVE_RELOAD_URL = "/_dev/live-reload.js"
BUILD_STATE_URL = "/_dev/build.json"
MAX_EDITOR_REQUEST = 60 * 1024 * 1024  # decap-server accepts up to 50 MB of JSON

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


class BuildState:
    """The last build as pages and the editor see it; shared by the server's threads.

    `generation` counts finished builds; `problems` are the content checks'
    findings after the last one (edit mode only), as dicts for JSON.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.generation = 0
        self.building = False
        self.error: str | None = None
        self.problems: list[dict] = []
        self.changed: list[str] = []

    def started(self) -> None:
        with self._lock:
            self.building = True

    def finished(self, error: str | None, problems: list[dict] | None = None, changed=()) -> None:
        with self._lock:
            self.error = error
            self.problems = problems or []
            self.changed = list(changed)
            self.generation += 1
            self.building = False

    def current_error(self) -> str | None:
        with self._lock:
            return self.error

    def as_json(self, *, problems: bool = False) -> dict:
        with self._lock:
            state = {"generation": self.generation, "building": self.building}
            if problems:
                state["build_error"] = self.error
                state["problems"] = list(self.problems)
                state["changed"] = list(self.changed)
            return state


def _inject_live_reload(page: bytes, generation: int) -> bytes:
    tag = (
        f'<script src="{LIVE_RELOAD_URL}" data-generation="{generation}" defer></script>'
    ).encode()
    head_end = page.find(b"</head>")
    if head_end == -1:
        return page + tag
    return page[:head_end] + tag + page[head_end:]


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site with the headers a real host would send.

    `csp_header`: the Content-Security-Policy to send as a header, or None to
    rely on each page's <meta> tag alone (the worst case: a host that cannot
    set headers). `build_error`: a callable returning the last build's error.
    `compressor`: compress responses (brotli or gzip, as the browser accepts),
    or None to send every file as it is. `build_state`: a BuildState; when
    set, pages get a small script that reloads them after each new build.
    """

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }
    csp_header: str | None = None
    cache_control = "no-store"
    build_error = staticmethod(lambda: None)
    compressor: Compressor | None = None
    build_state: BuildState | None = None
    request_log: list | None = None

    def __init__(self, *args, config: dict | None = None, **kwargs):
        # One server's settings (see make_handler), set before the request is
        # handled: the base class handles it inside __init__.
        for name, value in (config or {}).items():
            if not hasattr(type(self), name):
                raise TypeError(f"{type(self).__name__} has no setting {name!r}")
            setattr(self, name, value)
        super().__init__(*args, **kwargs)

    def end_headers(self):
        csp = getattr(self, "csp_for_response", None) or self.csp_header
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.send_header("Cache-Control", self.cache_control)
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    @property
    def url_path(self) -> str:
        return urlsplit(self.path).path

    def _is_page(self) -> bool:
        return self.url_path.endswith("/") or self.url_path.endswith(".html")

    def send_head(self):
        error = self.build_error()
        if error and self._is_page():
            return self._send_text_page(500, "The site did not build", error)
        if self.build_state is not None and self.url_path == BUILD_STATE_URL:
            return self._send_json(self.build_state.as_json())
        if self.build_state is not None and self.url_path == LIVE_RELOAD_URL:
            return self._send_bytes(LIVE_RELOAD_JS.read_bytes(), "text/javascript")
        if self.compressor is None and self.build_state is None:
            return super().send_head()
        path = self._file_for_request()
        if path is None:
            return super().send_head()  # redirects, directory listings, 404 pages
        data = path.read_bytes()
        content_type = self.guess_type(str(path))
        if self.build_state is not None and content_type.startswith("text/html"):
            data = _inject_live_reload(data, self.build_state.as_json()["generation"])
            path = None  # a .br copy beside the file would not have the script
        return self._send_bytes(data, content_type, path)

    def _file_for_request(self) -> Path | None:
        """The file SimpleHTTPRequestHandler would send for this request, or None."""
        found = Path(self.translate_path(self.path))
        if found.is_dir():
            if not self.url_path.endswith("/"):
                return None
            index = found / "index.html"
            return index if index.is_file() else None
        if self.url_path.endswith("/") or not found.is_file():
            return None
        return found

    def _send_bytes(self, data: bytes, content_type: str, source: Path | None = None):
        """Send `data` (compressed when the browser accepts it); return the body to copy."""
        coding = None
        vary = self.compressor is not None and compressible(content_type)
        if vary and len(data) >= MIN_SIZE:
            for candidate in accepted(self.headers.get("Accept-Encoding")):
                copy = precompressed(source, candidate) if source is not None else None
                data = copy.read_bytes() if copy else self.compressor.compress(candidate, data)
                coding = candidate
                break
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if coding:
            self.send_header("Content-Encoding", coding)
        if vary:
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(data)

    def _send_json(self, value) -> io.BytesIO:
        return self._send_bytes(json.dumps(value).encode(), "application/json")

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
        # One list item per problem, so long lines wrap (the CSP allows no inline style).
        reload_tag, after = "", "Fix the problem and save; this page updates on the next reload."
        if self.build_state is not None:
            generation = self.build_state.as_json()["generation"]
            reload_tag = (
                f'<script src="{LIVE_RELOAD_URL}" data-generation="{generation}" defer></script>'
            )
            after = "Fix the problem and save; this page reloads itself when the site builds."
        said, items = [], []
        for line in text.splitlines():
            (items if line.startswith((" ", "\t")) and said else said).append(line.strip())
        body = (
            f"<!doctype html><html lang='en'><meta charset='utf-8'><title>{html.escape(title)}"
            f"</title>{reload_tag}<h1>{html.escape(title)}</h1>"
            + "".join(f"<p>{html.escape(line)}</p>" for line in said if line)
            + (
                "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
                if items
                else ""
            )
            + f"<p>{after}</p></html>"
        ).encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_request(self, code="-", size="-"):
        # Tests read this log: it also sees requests Playwright cannot (favicon.ico).
        if self.request_log is not None:
            self.request_log.append(self.path)
        super().log_request(code, size)

    def log_message(self, format, *args):
        # Only problems: a page request line is noise while writing.
        if len(args) > 1 and str(args[1]).startswith(("4", "5")):
            super().log_message(format, *args)


ADMIN_FILE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class EditRequestHandler(SiteRequestHandler):
    """The site, plus the web editor at /admin/ and its file API at /api/v1 (`make edit`).

    The editor and its API answer this computer only (the site itself may be
    served to a phone on the network), and the API only to the editor's own
    page: decap-server, which writes the files, has no sign-in of its own.
    """

    admin_csp: str = ""
    decap_port: int = 0
    editor_config = staticmethod(lambda: {})

    def _local_request(self) -> bool:
        try:
            return ipaddress.ip_address(self.client_address[0]).is_loopback
        except ValueError:
            return False

    def _same_origin(self) -> bool:
        host = self.headers.get("Host", "")
        hostname = urlsplit(f"http://{host}").hostname or ""
        if hostname not in ("127.0.0.1", "localhost", "::1"):
            return False  # DNS rebinding: another name that points here
        return self.headers.get("Origin") == f"http://{host}"

    def send_head(self):
        self.csp_for_response = None
        path = self.url_path
        if path == "/admin" or path.startswith("/admin/"):
            if not self._local_request():
                self.send_error(403, "The editor answers this computer only")
                return None
            self.csp_for_response = self.admin_csp
            return self._send_admin(path)
        return super().send_head()

    def _send_admin(self, path: str):
        from tools import editor

        if path == "/admin":
            self.send_response(301)
            self.send_header("Location", "/admin/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        name = path[len("/admin/") :]
        if name == "":
            return self._send_bytes(editor.admin_page(self.admin_csp), "text/html; charset=utf-8")
        if name == "config.json":
            return self._send_json(self.editor_config())
        if name == "checks.json":
            return self._send_json(self.build_state.as_json(problems=True))
        # Only plain file names from two folders: the page's own files and Decap's bundle.
        folder, file = posixpath.dirname(name), posixpath.basename(name)
        base = {"": editor.ADMIN_DIR, "decap": editor.DECAP_DIST}.get(folder)
        allowed = ADMIN_FILE_RE.match(file) and (folder != "decap" or file.endswith(".js"))
        found = base / file if base is not None and allowed else None
        if found is None or not found.is_file():
            self.send_error(404)
            return None
        return self._send_bytes(found.read_bytes(), self.guess_type(str(found)), found)

    def do_POST(self):
        if self.url_path != "/api/v1":
            self.send_error(404)
            return
        if not (self._local_request() and self._same_origin()):
            self.send_error(403, "Only the editor on this computer may save files")
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_EDITOR_REQUEST:
            self.send_error(413)
            return
        body = self.rfile.read(length)
        connection = http.client.HTTPConnection("127.0.0.1", self.decap_port, timeout=120)
        try:
            connection.request("POST", "/api/v1", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            status = response.status
            content_type = response.getheader("Content-Type", "application/json")
        except OSError as error:
            status, content_type = 502, "application/json"
            answer = json.dumps({"error": f"decap-server did not answer: {error}"}).encode()
        finally:
            connection.close()
        self.csp_for_response = self.admin_csp
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def make_handler(directory: Path, csp_header: str | None, build_error=lambda: None, **attrs):
    """A handler factory serving `directory` with the given CSP header.

    Extra keyword arguments set the handler's settings, e.g. `request_log=[]`,
    `compressor=Compressor()`, or `base=EditRequestHandler` for the editor.
    """
    base = attrs.pop("base", SiteRequestHandler)
    config = {"csp_header": csp_header, "build_error": build_error, **attrs}
    return functools.partial(base, directory=str(directory), config=config)


def build(settings_file: str, content: Path, output: Path, cache: Path | None = None) -> str | None:
    """Run one Pelican build; return its message on failure, None on success."""
    done = run_pelican(settings_file, content, output, cache=cache)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return failure_message(done)


def check(settings_file: str, content: Path) -> list[dict]:
    """The content checks (`make check` without the built-site part), for the editor.

    Files are named relative to the folder holding `content`, as the editor
    names them; body problems carry the line's text so the writer can find it.
    """
    from content_checks.runner import check_content
    from pelican.settings import read_settings

    settings = read_settings(settings_file, override={"PATH": str(content.resolve())})
    repo = content.resolve().parent
    found = []
    for problem in check_content(settings).problems:
        path = (Path.cwd() / problem.file).resolve()
        try:
            file = path.relative_to(repo).as_posix()
        except ValueError:
            file = problem.file
        item = {
            "file": file,
            "line": problem.line,
            "field": problem.field,
            "message": problem.message,
            "severity": problem.severity,
        }
        if problem.line and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            if problem.line <= len(lines):
                item["context"] = lines[problem.line - 1]
        found.append(item)
    return found


def rebuild(
    state: BuildState,
    settings_file: str,
    content: Path,
    output: Path,
    edit: bool,
    changed=(),
    cache: Path | None = None,
):
    """Build once (and check, for the editor), recording the result in `state`.

    `changed`: the files that caused it, which the editor names relative to
    the folder holding `content`.
    """
    state.started()
    started = time.monotonic()
    error = build(settings_file, content, output, cache)
    problems = check(settings_file, content) if edit else []
    repo = content.resolve().parent
    names = []
    for path in changed:
        try:
            names.append(Path(path).resolve().relative_to(repo).as_posix())
        except ValueError:
            continue
    state.finished(error, problems, sorted(names))
    took = time.monotonic() - started
    print(
        (f"Rebuilt in {took:.1f} s." if not error else "Build failed (see above).")
        + (f" Checks: {len(problems)} problem(s) to show in the editor." if problems else ""),
        flush=True,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--cache", type=Path, help="Pelican's cache (default: the settings')")
    parser.add_argument("--no-reload", action="store_true", help="build once, do not watch")
    parser.add_argument("--edit", action="store_true", help="add the web editor at /admin/")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from pelicanconf import ADMIN_CSP_POLICY, CSP_POLICY

    # `kill` (SIGTERM) stops it as Ctrl+C does, so decap-server is stopped too.
    signal.signal(signal.SIGTERM, _interrupt)
    state = BuildState()
    attrs = {"compressor": Compressor(), "build_state": state}
    decap = None
    if args.edit:
        from tools import editor

        problem = editor.missing_install()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        for key in editor.left_out():
            print(
                f"Editor: the '{key}' field is left out, because the content checks do not "
                "know it yet (KNOWN_FIELDS in plugins/content_checks/frontmatter.py).",
                flush=True,
            )
        decap = editor.DecapServer(args.content.resolve().parent)
        try:
            decap.start()
        except RuntimeError as error:
            print(f"The editor could not start: {error}", file=sys.stderr)
            return 1

        def editor_config():
            from pelican.settings import read_settings

            settings = read_settings(args.settings, override={"PATH": str(args.content)})
            backend = {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
            return editor.decap_config(
                settings, backend, content_folder=args.content.resolve().name
            )

        attrs.update(
            base=EditRequestHandler,
            admin_csp=ADMIN_CSP_POLICY + "; frame-ancestors 'none'",
            decap_port=decap.port,
            editor_config=staticmethod(editor_config),
        )

    handler = make_handler(
        args.output, CSP_POLICY + "; frame-ancestors 'none'", state.current_error, **attrs
    )
    rebuild(state, args.settings, args.content, args.output, args.edit, cache=args.cache)
    server = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving the site on http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    if args.edit:
        print(f"The editor is on http://127.0.0.1:{args.port}/admin/", flush=True)
    if state.current_error():
        print("The first build failed; fix the problem above and save.", flush=True)
    try:
        if args.no_reload:
            threading.Event().wait()
        import watchfiles

        watched = [args.content, *(ROOT / w for w in WATCHED)]
        for changes in watchfiles.watch(*watched):
            names = sorted({_shown(Path(p)) for _, p in changes})
            print(f"Changed: {', '.join(names)}. Rebuilding...", flush=True)
            changed = {p for _, p in changes}
            rebuild(state, args.settings, args.content, args.output, args.edit, changed, args.cache)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if decap is not None:
            decap.stop()
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
