"""The two widths every accessibility test uses, and one reusable page for each.

Opening a page per test would start Pyodide again and again; one guarded
page per width, shared by a test module, starts it once per self-check page.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.browser.conftest import guard

PHONE = 320  # WCAG 1.4.10 (Reflow): 320 CSS pixels wide
DESKTOP = 1280  # wide enough for the table of contents beside an article
WIDTHS = (PHONE, DESKTOP)
HEIGHT = 800


class PagePerWidth:
    """`pages(width)`: a guarded page of that width, opened on first use and then reused."""

    def __init__(self, browser: Browser, origin: str):
        self.browser = browser
        self.origin = origin
        self._opened: dict[int, tuple] = {}

    def __call__(self, width: int) -> Page:
        if width not in self._opened:
            context = self.browser.new_context(
                base_url=self.origin,
                viewport={"width": width, "height": HEIGHT},
                color_scheme="light",
            )
            page = context.new_page()
            page.guard = guard(context, page, self.origin)
            self._opened[width] = (context, page)
        page = self._opened[width][1]
        # Each test answers for what happens during it only.
        for record in (page.guard.requests, page.guard.console_errors, page.guard.page_errors):
            record.clear()
        return page

    def close(self) -> None:
        for context, _page in self._opened.values():
            context.close()
        self._opened.clear()
