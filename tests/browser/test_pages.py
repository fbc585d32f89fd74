"""Every built page, in a real browser: private, error-free, and with crisis help one Tab away."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import site_pages

# Enough Tab presses to pass the skip link and reach the crisis banner.
MAX_TABS_TO_CRISIS = 4


def test_every_page_is_clean_and_private(site_dir, guarded_page):
    pages = site_pages(site_dir)
    assert len(pages) >= 3, pages
    problems = {}
    for path in pages:
        guarded_page.guard.console_errors.clear()
        guarded_page.guard.requests.clear()
        guarded_page.goto(path)
        guarded_page.wait_for_load_state("load")
        found = guarded_page.guard.problems()
        if found:
            problems[path] = found
    assert problems == {}


def test_every_page_links_to_crisis_help(site_dir, guarded_page):
    for path in site_pages(site_dir):
        guarded_page.goto(path)
        banner = guarded_page.get_by_role("complementary", name="Crisis help").or_(
            guarded_page.get_by_role("region", name="Crisis help")
        )
        expect(banner, f"crisis banner on {path}").to_be_visible()
        expect(banner.locator('a[href="tel:988"]').first).to_be_visible()
        expect(banner.locator('a[href="tel:911"]').first).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/privacy/", "/404.html"])
def test_crisis_link_is_reachable_by_keyboard(guarded_page, site_dir, path):
    if (
        not (site_dir / path.lstrip("/")).exists()
        and not (site_dir / path.lstrip("/") / "index.html").exists()
    ):
        pytest.fail(f"{path} was not built")
    guarded_page.goto(path)
    reached = None
    for _ in range(MAX_TABS_TO_CRISIS):
        guarded_page.keyboard.press("Tab")
        href = guarded_page.evaluate("() => document.activeElement.getAttribute('href')")
        if href in ("tel:988", "sms:988") or (href or "").rstrip("/").endswith("get-help-now"):
            reached = href
            break
    assert reached, f"no crisis link within {MAX_TABS_TO_CRISIS} Tab presses on {path}"
    focused = guarded_page.locator(":focus")
    expect(focused).to_be_visible()
    # Focus must never be hidden under something else (e.g. a sticky header).
    assert guarded_page.evaluate(
        """() => { const el = document.activeElement; const r = el.getBoundingClientRect();
                   const x = r.left + r.width / 2, y = r.top + r.height / 2;
                   const hit = document.elementFromPoint(x, y);
                   return el === hit || el.contains(hit); }"""
    ), f"the focused crisis link is covered on {path}"


def test_skip_link_comes_first_and_moves_focus_to_main(guarded_page):
    guarded_page.goto("/")
    guarded_page.keyboard.press("Tab")
    skip = guarded_page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_visible()
    guarded_page.keyboard.press("Enter")
    expect(guarded_page.locator("main")).to_be_focused()
