"""Browser fixtures: a page whose every request, console error and CSP violation is recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

# Runs before any page script, through the DevTools protocol (not subject to
# the page's CSP), so every violation the page raises is recorded.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass
class RequestRecord:
    """One request the browser made (page or worker)."""

    method: str
    url: str
    resource_type: str
    post_data: str | None

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass
class PageGuard:
    """Everything a page did that a privacy or quality test may want to see."""

    origin: str
    requests: list[RequestRecord] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    page: object = None

    def foreign_requests(self) -> list[RequestRecord]:
        """Requests to anything other than the local site (data: and blob: stay local)."""
        return [
            r
            for r in self.requests
            if r.origin != self.origin and not r.url.startswith(("data:", "blob:"))
        ]

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations || []")

    def problems(self) -> list[str]:
        """Everything that should never happen on any page of the site."""
        found = [f"console error: {m}" for m in self.console_errors]
        found += [f"uncaught error: {m}" for m in self.page_errors]
        found += [f"CSP violation: {v}" for v in self.csp_violations()]
        found += [f"request to another origin: {r.method} {r.url}" for r in self.foreign_requests()]
        return found


def guard(context, page, origin: str) -> PageGuard:
    """Start recording on a context and page; block anything not for the local site."""
    watcher = PageGuard(origin=origin, page=page)

    def on_request(request):
        watcher.requests.append(
            RequestRecord(request.method, request.url, request.resource_type, request.post_data)
        )

    context.on("request", on_request)

    def local_only(route):
        url = route.request.url
        if url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", local_only)
    page.on(
        "console",
        lambda message: message.type == "error" and watcher.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: watcher.page_errors.append(str(error)))
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    return watcher


@pytest.fixture
def guarded_page(context, page, site_server):
    """A fresh page on the local site, with a PageGuard as `page.guard`."""
    page.guard = guard(context, page, site_server.origin)
    return page


@pytest.fixture(scope="module")
def page_at(browser, site_server):
    """One page per viewport width, opened once per test module (see viewport.py)."""
    from tests.browser.viewport import PagePerWidth  # viewport.py imports this module

    pages = PagePerWidth(browser, site_server.origin)
    yield pages
    pages.close()
