"""Keyboard only: crisis help first on every page, and every self-check from start to result.

No mouse and no `.check()`: Tab, Shift+Tab, arrow keys, Space and Enter, as
a visitor who cannot use a mouse would. After every key press the focused
element must be on screen, uncovered and marked (see keyboard.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.cases import SCREENERS, crisis_case, question_ids, result_case, shown_after
from tests.browser.conftest import guard
from tests.browser.keyboard import Focus, Keyboard
from tests.browser.viewport import HEIGHT, PHONE, WIDTHS
from tests.browser.widget import READY_TIMEOUT, Widget
from tests.conftest import site_pages

ARTICLE_WITH_SELF_CHECK = "/signs-you-might-benefit-from-an-iop/"


@pytest.mark.parametrize("width", WIDTHS)
def test_from_the_top_tab_reaches_the_skip_link_then_crisis_help(page_at, site_dir, width):
    page = page_at(width)
    for path in site_pages(site_dir):
        page.goto(path)
        keys = Keyboard(page, f"{path} at {width}px")
        skip = keys.tab()
        assert (skip.href, skip.text) == ("#main", "Skip to main content"), keys.where
        stops = [keys.tab().href for _ in range(4)]
        assert stops[:3] == ["tel:988", "sms:988", "tel:911"], (keys.where, stops)
        assert stops[3].endswith("get-help-now/"), (keys.where, stops)
    assert page.guard.problems() == []


def radio_values(widget: Widget, question: str) -> list[str]:
    return widget.root.locator(
        f'fieldset[data-question="{question}"] input[type="radio"]'
    ).evaluate_all("(radios) => radios.map((radio) => radio.value)")


def answer_by_keyboard(keys: Keyboard, widget: Widget, answers: dict, focus: Focus) -> Focus:
    """From `focus`, Tab through the questions choosing `answers`, up to "See my result"."""
    screener = widget.screener
    given: dict[str, str] = {}
    for _ in range(200):
        if focus.action == "score":
            assert given == answers, f"{keys.where}: reached 'See my result' too early"
            return focus
        if focus.is_radio and focus.question in answers and focus.question not in given:
            focus = keys.choose(radio_values(widget, focus.question), answers[focus.question])
            given[focus.question] = focus.value
            # Follow-up questions appear (or go) before the next Tab.
            widget.expect_shown(shown_after(screener, given))
        focus = keys.tab()
    raise AssertionError(f"{keys.where}: never reached 'See my result'")


def see_result_by_keyboard(keys: Keyboard, widget: Widget, case: dict) -> Focus:
    """Press Enter on "See my result"; the result (or crisis help first) takes focus."""
    keys.press("Enter")
    expect(widget.result).to_have_attribute("data-state", "result", timeout=READY_TIMEOUT)
    assert widget.scores().items() >= case["expect"]["scores"].items(), keys.where
    focus = keys.focus()
    if case["expect"].get("safety"):
        assert focus.in_crisis and focus.tag == "h3", f"{keys.where}: focus is on {focus.name}"
        crisis = keys.tab()
        assert crisis.in_crisis and crisis.href == "tel:988", f"{keys.where}: {crisis.name}"
    else:
        assert focus.is_result, f"{keys.where}: focus is on {focus.name}, not the result"
    return focus


def complete_by_keyboard(page: Page, widget: Widget, where: str) -> None:
    """Errors, Start over, every case with crisis help or not, and the paper table."""
    screener = widget.screener
    keys = Keyboard(page, where)
    first = widget.question_ids()[0]

    # Asking at once lists what is missing; each item leads to its question.
    keys.tab_until(lambda f: f.action == "score", "'See my result'")
    widget.wait_ready()
    keys.press("Enter")
    expect(widget.result).to_have_attribute("data-state", "errors", timeout=READY_TIMEOUT)
    assert keys.focus().is_result, f"{where}: the list of missing answers did not take focus"
    missing = widget.error_questions()
    go = keys.tab()
    assert go.in_result and go.tag == "button", f"{where}: {go.name}"
    focus = keys.press("Enter")
    assert focus.is_radio and focus.question == missing[0], f"{where}: {focus.name}"

    # "Start over" follows the questions; after a result it is just before it.
    direction = "Tab"
    for case in [c for c in (crisis_case(screener), result_case(screener)) if c]:
        keys.tab_until(lambda f: f.action == "reset", "'Start over'", key=direction)
        focus = keys.press("Enter")
        assert focus.is_radio and focus.question == first, f"{where}: {focus.name}"
        answer_by_keyboard(keys, widget, case["answers"], focus)
        see_result_by_keyboard(keys, widget, case)
        assert widget.checked() == case["answers"], where
        direction = "Shift+Tab"

    # The last result can be printed, and the paper table opened and scrolled.
    keys.tab_until(lambda f: f.text == "Print or save my result", "'Print or save my result'")
    # The result's own "Source" disclosure comes first, then the paper table's.
    keys.tab_until(lambda f: f.text == "Source", "the result's source")
    keys.tab_until(lambda f: f.tag == "summary", "the paper scoring table")
    keys.press("Enter")
    paper = widget.root.locator("[data-paper]")
    expect(paper).to_have_attribute("open", "")
    if paper.get_by_role("region").count():
        table = keys.tab()
        assert table.role == "region", f"{where}: {table.name}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screener", SCREENERS)
def test_every_self_check_by_keyboard_alone(page_at, screener, width):
    page = page_at(width)
    page.goto(f"/self-checks/{screener}/")
    complete_by_keyboard(page, Widget(page, screener), f"{screener} at {width}px")
    assert page.guard.problems() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_self_check_in_an_article_by_keyboard_alone(page_at, width):
    """Past the table of contents (sticky beside the text on wide screens) and into the check."""
    page = page_at(width)
    page.goto(ARTICLE_WITH_SELF_CHECK)
    screener = page.locator(".screener").get_attribute("data-screener")
    complete_by_keyboard(page, Widget(page, screener), f"{ARTICLE_WITH_SELF_CHECK} at {width}px")
    assert page.guard.problems() == []


@pytest.mark.parametrize("waiting_on", ["a follow-up question", "See my result"])
def test_focus_stays_in_view_when_follow_up_questions_go(
    browser, site_server, site_dir, waiting_on
):
    """A visitor Tabs on before the scorer is ready; then it hides the follow-ups that do not apply.

    Focus on "See my result" must stay on screen as the page above it
    shrinks; focus on a question that goes away moves on to what follows.
    """
    # A self-check whose last question is a follow-up, hidden until it applies:
    # the most the page can shrink right above "See my result".
    screener = next(s for s in SCREENERS if question_ids(s)[-1] not in shown_after(s, {}))
    follow_up = next(q for q in question_ids(screener) if q not in shown_after(screener, {}))
    html = (site_dir / "self-checks" / screener / "index.html").read_text(encoding="utf-8")
    worker = re.search(r'data-worker="([^"?]+)', html).group(1)
    context = browser.new_context(
        base_url=site_server.origin, viewport={"width": PHONE, "height": HEIGHT}
    )
    try:
        page = context.new_page()
        page.guard = guard(context, page, site_server.origin)
        # The scorer cannot get ready until the test lets its worker load.
        held, let_go = [], []
        context.route(
            f"**{worker}*", lambda route: route.continue_() if let_go else held.append(route)
        )
        page.goto(f"/self-checks/{screener}/")
        widget = Widget(page, screener)
        keys = Keyboard(page, f"{screener}, waiting on {waiting_on}")
        if waiting_on == "See my result":
            keys.tab_until(lambda f: f.action == "score", "'See my result'")
        else:
            keys.tab_until(lambda f: f.question == follow_up, f"question {follow_up}")
        assert widget.status.get_attribute("data-state") != "ready"
        let_go.append(True)
        for route in held:
            route.continue_()
        widget.wait_ready()
        expect(widget.root.locator(f'fieldset[data-question="{follow_up}"]')).to_be_hidden()
        focus = keys.focus()
        assert focus.action == "score", f"focus is on {focus.name}"
        assert page.guard.problems() == []
    finally:
        context.close()
