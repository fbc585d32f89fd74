"""Fixtures shared by every test: the real site, built once, and a local server for it.

Browser tests drive Debian's Chromium through pytest-playwright (Playwright
cannot download its own browser on these machines); the launch arguments are
set here once for the whole session.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import chromium  # noqa: E402
from tools.build import run_pelican  # noqa: E402
from tools.serve import make_handler  # noqa: E402


def chromium_path() -> str:
    """Debian's Chromium, or the binary named by CHROMIUM_PATH; stops the run without one."""
    path = chromium.chromium_path()
    if path is None:
        pytest.exit(chromium.MISSING, returncode=3)
    return path


def definition_data(path: Path) -> dict:
    """A definition file's data as the browser's engine gets it (read, not checked)."""
    from screeners.loader import parse

    return parse(path.read_text(encoding="utf-8")).data


def build_site(
    output: Path, settings: str = "pelicanconf.py", *extra: str
) -> subprocess.CompletedProcess:
    """Build the real site with the same command as `make html`."""
    return run_pelican(
        settings, output=output, cache=output.parent / f"{output.name}-cache", extra=extra
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    output = tmp_path_factory.mktemp("build") / "site"
    done = build_site(output)
    if done.returncode != 0:
        pytest.fail(f"the site did not build:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return output


class SiteServer:
    """A threaded HTTP server for a built site on 127.0.0.1 and a free port.

    `requests` is the server's own log of every path asked for, which also
    holds requests Playwright does not report (e.g. an automatic /favicon.ico).
    """

    def __init__(self, directory: Path, csp_header: str | None = None):
        self.requests: list[str] = []
        handler = make_handler(directory, csp_header, request_log=self.requests)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def site_server(site_dir):
    """The built site served with its <meta> CSP only (the strictest hosting case)."""
    server = SiteServer(site_dir)
    yield server
    server.close()


@pytest.fixture(scope="session")
def base_url(site_server) -> str:
    """pytest-playwright opens relative URLs against the local site."""
    return site_server.origin


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium with the flags this offline machine needs."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": chromium.CHROMIUM_ARGS,
    }


def site_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, as URL paths."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        pages.append(
            "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        )
    return pages
