"""axe-core finds nothing on any page type or self-check state: light and dark, 320 and 1280 px.

One browser page per width is reused for every test (Pyodide starts once per
self-check and width), and every state is checked in both colour schemes on
the same page by switching `prefers-color-scheme`. Each check also:
- saves a full-page screenshot for a person to look at
  (test-artifacts/screenshots/, see screenshots.py);
- finds no sideways scrolling of the page itself (WCAG 1.4.10, Reflow);
- finds nothing sticky or fixed but the table of contents beside an article
  on wide screens (nothing may cover what has focus, WCAG 2.4.11).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import axe, screenshots
from tests.browser.cases import SCREENERS, crisis_case, give, refused_crisis_case, result_case
from tests.browser.viewport import DESKTOP, PHONE, WIDTHS
from tests.browser.widget import READY_TIMEOUT, Widget

SCHEMES = ("light", "dark")

# Page types without a self-check; "*" is the first built page that fits.
PAGE_TYPES = {
    "home": "/",
    "article": "/what-is-an-iop/",
    "page-get-help-now": "/get-help-now/",
    "page-privacy": "/privacy/",
    "topics": "/topics/",
    "topic": "/topics/*/",
    "tags": "/tags/",
    "tag": "/tags/*/",
    "not-found": "/404.html",
    "self-checks": "/self-checks/",
}
ARTICLE_WITH_SELF_CHECK = "/signs-you-might-benefit-from-an-iop/"

# Whatever is sticky or fixed, as "tag.class" names.
PINNED = """() => [...document.querySelectorAll("body *")]
  .filter((el) => ["sticky", "fixed"].includes(getComputedStyle(el).position))
  .map((el) => el.tagName.toLowerCase() + [...el.classList].map((c) => "." + c).join(""))"""
ALLOWED_PINNED = {"nav.toc"}
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def resolve(site_dir, path: str) -> str:
    """A path with "*" becomes the first built page that matches it."""
    if "*" not in path:
        return path
    found = sorted(p.parent for p in site_dir.glob(path.strip("/") + "/index.html"))
    assert found, f"no built page matches {path}"
    return "/" + found[0].relative_to(site_dir).as_posix() + "/"


def audit(page: Page, page_type: str, state: str, width: int) -> list[str]:
    """Check the page as it is now, in both colour schemes; return every problem found."""
    where = f"{page_type} ({state}, {width}px)"
    problems = []
    pinned = set(page.evaluate(PINNED))
    if not pinned <= ALLOWED_PINNED:
        problems.append(f"{where}: sticky or fixed: {sorted(pinned - ALLOWED_PINNED)}")
    if (sideways := page.evaluate(SIDEWAYS)) > 0:
        problems.append(f"{where}: the page scrolls sideways by {sideways}px")
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        problems += [f"{where}, {scheme}: {line}" for line in axe.describe(axe.violations(page))]
        screenshots.save(page, page_type, state, scheme, width)
    page.emulate_media(color_scheme="light")
    return problems


def audit_states(page: Page, widget: Widget, page_type: str, width: int) -> list[str]:
    """Every state of a ready self-check: errors, result, paper table open, crisis help."""
    screener = widget.screener
    problems = []
    widget.see_result()
    assert widget.state == "errors"
    problems += audit(page, page_type, "errors", width)

    widget.start_over()
    give(widget, screener, result_case(screener)["answers"])
    widget.see_result()
    assert widget.state == "result"
    problems += audit(page, page_type, "result", width)

    paper = widget.root.locator("[data-paper]")
    paper.locator("summary").click()
    expect(paper).to_have_attribute("open", "")
    problems += audit(page, page_type, "paper", width)
    paper.locator("summary").click()
    expect(paper).not_to_have_attribute("open", "")

    for state, case in [
        ("crisis", crisis_case(screener)),
        ("errors-crisis", refused_crisis_case(screener)),
    ]:
        if case is None:
            continue
        widget.start_over()
        give(widget, screener, case["answers"])
        widget.see_result()
        expect(widget.crisis).to_be_visible()
        problems += audit(page, page_type, state, width)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type(page_at, site_dir, page_type, width):
    page = page_at(width)
    page.goto(resolve(site_dir, PAGE_TYPES[page_type]))
    assert audit(page, page_type, "fresh", width) == []
    assert page.guard.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_before_and_with_results(page_at, width):
    page = page_at(width)
    page.goto("/search/")
    problems = audit(page, "search", "fresh", width)
    page.get_by_role("searchbox", name="Search this site").fill("group therapy")
    expect(page.locator("[data-search-results] li").first).to_be_visible(timeout=15_000)
    expect(page.locator("[data-search-status]")).to_contain_text("found")
    problems += audit(page, "search", "results", width)
    assert problems == []
    assert page.guard.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screener", SCREENERS)
def test_self_check_in_every_state(page_at, screener, width):
    page = page_at(width)
    page.goto(f"/self-checks/{screener}/")
    widget = Widget(page, screener)
    widget.wait_ready()
    problems = audit(page, f"self-check-{screener}", "fresh", width)
    problems += audit_states(page, widget, f"self-check-{screener}", width)
    assert problems == []
    assert page.guard.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_article_with_a_self_check(page_at, width):
    """Fresh, and with the fullest result: crisis help and notes, in the article's layout.

    (Every other state is the same markup as on the self-check's own page.)
    """
    page = page_at(width)
    page.goto(ARTICLE_WITH_SELF_CHECK)
    screener = page.locator(".screener").get_attribute("data-screener")
    widget = Widget(page, screener)
    problems = audit(page, "article-with-self-check", "fresh", width)
    widget.root.scroll_into_view_if_needed()
    # An embedded self-check starts its scorer when the reader turns to it.
    widget.root.locator('input[type="radio"]').first.focus()
    expect(widget.status).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    case = crisis_case(screener) or result_case(screener)
    give(widget, screener, case["answers"])
    widget.see_result()
    assert widget.state == "result"
    problems += audit(page, "article-with-self-check", "result", width)
    assert problems == []
    assert page.guard.problems() == []


def test_the_table_of_contents_is_sticky_in_its_own_column(page_at):
    """The one sticky thing on the site never covers the text it sits beside."""
    page = page_at(DESKTOP)
    page.goto(PAGE_TYPES["article"])
    assert page.evaluate(PINNED) == ["nav.toc"]
    toc = page.locator(".article > .toc").bounding_box()
    for selector in (".article-header", ".prose"):
        text = page.locator(selector).bounding_box()
        assert text["x"] + text["width"] <= toc["x"], f"{selector} runs under the contents"


# Each question whose text is not inside its box: top of text above the box's
# top border (a fieldset draws its legend on that border).
OUTSIDE_THEIR_BOX = """() => [...document.querySelectorAll("fieldset.screener-question")]
  .filter((box) => !box.hidden)
  .filter((box) => {
    const text = box.querySelector("legend").getBoundingClientRect();
    const border = parseFloat(getComputedStyle(box).borderTopWidth);
    return text.top < box.getBoundingClientRect().top + border;
  })
  .map((box) => box.dataset.question)"""


@pytest.mark.parametrize("screener", SCREENERS)
def test_every_question_sits_inside_its_box_on_a_phone(page_at, screener):
    page = page_at(PHONE)
    page.goto(f"/self-checks/{screener}/")
    assert page.evaluate(OUTSIDE_THEIR_BOX) == []


def test_the_facts_above_a_self_check_line_up_on_a_wide_screen(page_at):
    page = page_at(DESKTOP)
    page.goto("/self-checks/phq-9/")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.screener-facts li')]"
        ".map((li) => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(tops) == 3 and len(set(tops)) == 1, tops
