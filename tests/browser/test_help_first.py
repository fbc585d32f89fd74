"""Help never waits: crisis help from the page itself, whatever the scoring runtime does.

An answer that raises a safety flag on its own is marked at build time, and
the page's stylesheet shows crisis help beside it and above the result the
moment it is chosen: before any other answer, before any button, with the
runtime blocked, stalled or never started, and with JavaScript turned off.
"""

from __future__ import annotations

import contextlib
import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.cases import SCREENERS, give, question_ids
from tests.browser.widget import READY_TIMEOUT, Widget
from tests.conftest import ROOT

# Everything the scorer downloads: the runtime, the engine and the snapshot.
RUNTIME = re.compile(r"/static/(pyodide|screeners)/.*\.(wasm|mjs|zip|bin)$")
INSTANT_MS = 1000
STALL_MS = 30_000  # screener.js: a starting scorer silent this long has stalled


def instant_triggers() -> list[tuple[str, str, str]]:
    """(self-check, question, value) for every answer that raises a safety flag on its own."""
    from screener_engine.instant import instant_triggers as triggers
    from screeners.loader import check_file

    found = []
    for screener in SCREENERS:
        model = check_file(ROOT / "content" / "screeners" / f"{screener}.yaml").definition.screener
        for question, options in triggers(model).items():
            found += [(screener, question, str(value)) for value in options]
    return found


TRIGGERS = instant_triggers()


def test_there_are_instant_triggers_to_test():
    assert ("phq-9", "q9", "1") in TRIGGERS


def _time_to_help(page, widget: Widget, question: str, value: str) -> float:
    crisis = widget.fieldset(question).locator("[data-question-crisis]")
    expect(crisis).to_be_hidden()
    expect(widget.crisis).to_be_hidden()
    started = time.perf_counter()
    widget.fieldset(question).locator(f'input[value="{value}"]').check()
    expect(crisis).to_be_visible(timeout=INSTANT_MS)
    expect(widget.crisis).to_be_visible(timeout=INSTANT_MS)
    return time.perf_counter() - started


def test_with_the_runtime_blocked_a_safety_answer_shows_help_at_once(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    blocked = []
    context.route(RUNTIME, lambda route: (blocked.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    # PHQ-9 item 9 "Several days" as the only answer, no button pressed.
    seconds = _time_to_help(page, widget, "q9", "1")
    assert seconds < INSTANT_MS / 1000
    crisis = widget.fieldset("q9").locator("[data-question-crisis]")
    for name, href in (("Call 988", "tel:988"), ("Text 988", "sms:988"), ("Call 911", "tel:911")):
        expect(crisis.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)
    expect(crisis.get_by_role("link", name="Chat with 988")).to_have_attribute(
        "href", "https://988lifeline.org/chat/"
    )
    # Focus moves to the help once, so a screen reader announces it ...
    expect(crisis.locator("[data-crisis-title]")).to_be_focused()
    # ... and never again while the visitor keeps answering.
    widget.answer("q8", "1")
    widget.answer("q9", "2")
    expect(crisis.locator("[data-crisis-title]")).not_to_be_focused()
    assert widget.state is None  # nothing was scored
    context.close()


def test_with_javascript_off_a_safety_answer_shows_help_at_once(browser, site_server):
    context = browser.new_context(base_url=site_server.origin, java_script_enabled=False)
    page = context.new_page()
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    assert _time_to_help(page, widget, "q9", "1") < INSTANT_MS / 1000
    # Choosing "Not at all" instead takes the help away again.
    widget.fieldset("q9").locator('input[value="0"]').check()
    expect(widget.fieldset("q9").locator("[data-question-crisis]")).to_be_hidden()
    expect(widget.crisis).to_be_hidden()
    context.close()


@pytest.mark.parametrize(("screener", "question", "value"), TRIGGERS)
def test_the_page_and_the_engine_agree_on_every_instant_answer(
    browser, site_server, screener, question, value
):
    # Without script, only the build's marks decide: every answer the engine
    # says raises a safety flag on its own shows help, and its neighbours do not.
    context = browser.new_context(base_url=site_server.origin, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/self-checks/{screener}/")
    widget = Widget(page, screener)
    fieldset = widget.fieldset(question)
    for option in fieldset.locator("input[type=radio]").all():
        option.check()
        raises = option.get_attribute("value") in {
            v for s, q, v in TRIGGERS if (s, q) == (screener, question)
        }
        crisis = fieldset.locator("[data-question-crisis]")
        (expect(crisis).to_be_visible if raises else expect(crisis).to_be_hidden)()
        (expect(widget.crisis).to_be_visible if raises else expect(widget.crisis).to_be_hidden)()
    context.close()


def test_a_stalled_runtime_ends_with_a_message_the_paper_table_and_help(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    held = []
    # The runtime's files never arrive: no error, no answer, just silence.
    context.route(RUNTIME, lambda route: held.append(route))
    page = context.new_page()
    page.clock.install()
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    expect(widget.status).to_have_attribute("data-state", "loading")
    for i in range(1, 9):
        widget.answer(f"q{i}", "0")
    widget.answer("q9", "1")
    widget.root.get_by_role("button", name="See my result").click()
    expect(widget.result).to_have_attribute("data-state", "pending")
    expect(widget.crisis).to_be_visible()  # help does not wait for the stall to be noticed
    page.clock.fast_forward(STALL_MS + 1000)
    expect(widget.result).to_have_attribute("data-state", "failed")
    expect(widget.result).to_contain_text("taking too long to start")
    expect(widget.root.locator("[data-paper]")).to_have_attribute("open", "")
    expect(widget.crisis).to_be_visible()
    assert len(widget.checked()) == 9
    # "Try again" works without reloading once the files can arrive.
    context.unroute(RUNTIME)
    for route in held:  # the stalled worker is gone; its requests may be too
        with contextlib.suppress(Exception):
            route.abort()
    widget.answer("difficulty", "somewhat")
    widget.result.get_by_role("button", name="Try again").click()
    expect(widget.result).to_have_attribute("data-state", "result", timeout=READY_TIMEOUT)
    assert widget.scores() == {"total": 1}
    context.close()


@pytest.mark.parametrize(
    "failure",
    ["blocked", "not-found", "wasm-refused", "worker-crash"],
)
def test_every_failure_keeps_the_answers_and_the_help(browser, site_server, failure):
    context = browser.new_context(base_url=site_server.origin)
    if failure == "blocked":
        context.route(RUNTIME, lambda route: route.abort())
    elif failure == "not-found":
        context.route(RUNTIME, lambda route: route.fulfill(status=404, body="missing"))
    elif failure == "wasm-refused":
        context.route("**/*.wasm", lambda route: route.fulfill(body=b"not wasm at all"))
    else:
        context.route("**/screener-worker.*.mjs", lambda route: route.fulfill(status=503))
    page = context.new_page()
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    widget.answer("q9", "3")
    for i in range(1, 9):
        widget.answer(f"q{i}", "1")
    widget.see_result()
    assert widget.state == "failed"
    expect(widget.result).to_contain_text("Scoring could not start on this device")
    expect(widget.result).to_contain_text("call or text 988")
    expect(widget.root.locator("[data-paper]")).to_have_attribute("open", "")
    expect(widget.crisis).to_be_visible()
    expect(widget.fieldset("q9").locator("[data-question-crisis]")).to_be_visible()
    assert len(widget.checked()) == 9
    context.close()


def test_a_severe_total_raises_the_crisis_panel_through_the_scorer(browser, site_server):
    # GAD-7 15+ is a safety flag that needs a total: no single answer marks it.
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    page.goto("/self-checks/gad-7/")
    widget = Widget(page, "gad-7")
    widget.wait_ready()
    for question in widget.question_ids()[:7]:
        widget.answer(question, "3")
    expect(widget.crisis).to_be_hidden()
    widget.answer(widget.question_ids()[7], "very")
    widget.see_result()
    expect(widget.crisis).to_be_visible()
    expect(widget.crisis.locator("[data-crisis-title]")).to_be_focused()
    assert widget.crisis.bounding_box()["y"] < widget.result.bounding_box()["y"]
    widget.start_over()
    expect(widget.crisis).to_be_hidden()
    context.close()


@pytest.mark.parametrize("path", ["/", "/self-checks/phq-9/", "/get-help-now/"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_crisis_buttons_are_at_least_44_by_44(browser, site_server, path, width):
    context = browser.new_context(
        base_url=site_server.origin, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(path)
    if path.startswith("/self-checks/"):
        Widget(page, "phq-9").fieldset("q9").locator('input[value="1"]').check()
    buttons = page.locator(".crisis-action:visible")
    assert buttons.count() >= 3
    for button in buttons.all():
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (button.inner_text(), box)
    context.close()


@pytest.mark.parametrize("path", ["/self-checks/phq-9/", "/get-help-now/"])
def test_leave_this_site_clears_the_answers_and_replaces_the_page(browser, site_server, path):
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    neutral = {}

    def stand_in(route):
        neutral["referer"] = route.request.headers.get("referer")
        route.fulfill(body="<title>Neutral</title>", content_type="text/html")

    context.route("https://www.google.com/**", stand_in)
    page.goto("/")
    page.goto(path)
    if path.startswith("/self-checks/"):
        Widget(page, "phq-9").answer("q1", "2")
    leave = page.get_by_role("link", name=re.compile("^Leave this site"))
    expect(leave).to_be_visible()
    leave.focus()  # it works from the keyboard
    page.keyboard.press("Enter")
    page.wait_for_url("https://www.google.com/")
    assert neutral["referer"] is None  # the neutral site is not told where the visitor was
    # The self-check's page was replaced: going back skips it.
    page.go_back()
    page.wait_for_url(f"{site_server.origin}/")
    context.close()


def test_escape_twice_leaves_too(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    context.route(
        "https://www.google.com/**", lambda route: route.fulfill(body="", content_type="text/html")
    )
    page = context.new_page()
    page.goto("/self-checks/gad-7/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.google.com/")
    context.close()


def test_two_copies_of_one_self_check_on_a_page_are_independent(browser, tmp_path):
    from tests.conftest import SiteServer
    from tests.plugin.sites import ARTICLE, build, make_project

    project = make_project(tmp_path)
    (project / "content" / "articles" / "a.md").write_text(
        ARTICLE + "\n[self-check: phq-9]\n\nOnce more:\n\n[self-check: phq-9]\n", encoding="utf-8"
    )
    server = SiteServer(build(project))
    try:
        context = browser.new_context(base_url=server.origin, java_script_enabled=False)
        page = context.new_page()
        page.goto("/a/")
        first, second = page.locator(".screener").all()
        first.locator('[data-question="q9"] input[value="2"]').check()
        second.locator('[data-question="q9"] input[value="0"]').check()
        assert first.locator('[data-question="q9"] input[value="2"]').is_checked()
        expect(first.locator("[data-crisis]")).to_be_visible()
        expect(second.locator("[data-crisis]")).to_be_hidden()
        context.close()
    finally:
        server.close()


def test_a_keyboard_visitor_hears_the_help_and_keeps_their_place(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    page.goto("/self-checks/iop-fit/")
    widget = Widget(page, "iop-fit")
    first = widget.fieldset("danger-now").locator("input").first  # "Yes"
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # "Not sure": a safety answer too
    page.keyboard.press("ArrowDown")  # "No"
    expect(widget.fieldset("danger-now").locator('input[value="no"]')).to_be_focused()
    expect(widget.fieldset("danger-now").locator('input[value="no"]')).to_be_checked()
    expect(widget.root.locator("[data-announce]")).to_contain_text("listed just below")
    expect(widget.crisis).to_be_hidden()  # "No" raises nothing
    # The help is the next Tab stop after a safety answer.
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Call 988")
    context.close()


def test_a_worker_that_dies_mid_score_is_replaced_on_the_next_try(browser, site_server):
    # The first worker quits silently on its first request (no error event:
    # only the page's own clock can notice); later workers are the real one.
    context = browser.new_context(base_url=site_server.origin)
    served = {"dying": 0}

    def dying_once(route):
        url = route.request.url
        if "?real" in url or served["dying"]:
            route.continue_()
            return
        served["dying"] += 1
        route.fulfill(
            content_type="text/javascript",
            body=f"""import "{url}?real";
                const real = self.onmessage;
                self.onmessage = (event) => {{
                  if (event.data.type !== "boot") {{ self.close(); return; }}
                  real(event);
                }};""",
        )

    context.route("**/screener-worker.*.mjs*", dying_once)
    page = context.new_page()
    page.clock.install()
    page.goto("/self-checks/gad-7/")
    widget = Widget(page, "gad-7")
    widget.wait_ready()
    for question in widget.question_ids()[:7]:
        widget.answer(question, "1")
    widget.answer(widget.question_ids()[7], "somewhat")
    widget.root.get_by_role("button", name="See my result").click()
    page.clock.fast_forward(11_000)  # screener.js: a reply not back in 10 s
    expect(widget.result).to_have_attribute("data-state", "failed")
    assert len(widget.checked()) == 8
    widget.result.get_by_role("button", name="Try again").click()
    expect(widget.result).to_have_attribute("data-state", "result", timeout=READY_TIMEOUT)
    assert widget.scores() == {"total": 7}
    assert served["dying"] == 1
    context.close()


@pytest.fixture(scope="module")
def ready_page(browser, site_server):
    """One page per self-check, ready to score, reused by the urgent-guidance tests."""
    context = browser.new_context(base_url=site_server.origin)
    pages: dict[str, Widget] = {}

    def open_page(screener: str) -> Widget:
        if screener not in pages:
            page = context.new_page()
            page.goto(f"/self-checks/{screener}/")
            pages[screener] = Widget(page, screener)
            pages[screener].wait_ready()
        widget = pages[screener]
        if widget.result.is_visible():
            widget.start_over()
        return widget

    yield open_page
    context.close()


def test_pc_ptsd_5_at_five_says_what_to_do_about_thoughts_of_suicide(ready_page):
    widget = ready_page("pc-ptsd-5")
    give(widget, "pc-ptsd-5", {"event": "yes", **{f"q{i}": "1" for i in range(1, 6)}})
    widget.see_result()
    assert widget.scores() == {"total": 5}
    expect(widget.result).to_contain_text("thoughts of ending their life")
    expect(widget.result).to_contain_text("988")


def test_the_iop_check_puts_urgent_help_above_care_for_day_and_night(ready_page):
    widget = ready_page("iop-fit")
    widget.fieldset("day-and-night").locator('input[value="yes"]').check()
    # Crisis help at once, before anything else is answered ...
    expect(widget.crisis).to_be_visible()
    expect(widget.fieldset("day-and-night").locator("[data-question-crisis]")).to_contain_text(
        "911"
    )
    # ... and the result puts 988 and 911 first, above any level of care.
    answers = {q: "no" for q in question_ids("iop-fit")}
    answers["day-and-night"] = "yes"
    give(widget, "iop-fit", answers)
    widget.see_result()
    urgent = widget.result.locator(".screener-urgent")
    expect(urgent).to_contain_text("988")
    expect(urgent).to_contain_text("911")
    assert widget.result.get_attribute("data-outcome") == "more-care-now"
    assert urgent.bounding_box()["y"] < widget.result.locator(".screener-band").bounding_box()["y"]


def test_audit_c_at_its_maximum_says_when_to_call_911(ready_page):
    widget = ready_page("audit-c")
    give(widget, "audit-c", {"sex": "male", "q1": "4", "q2": "4", "q3": "4"})
    widget.see_result()
    assert widget.scores() == {"total": 12}
    expect(widget.result).to_contain_text("do not stop", ignore_case=True)
    expect(widget.result).to_contain_text("911")
    # Twice: under the band, and under the notice about stopping suddenly.
    stopping = widget.result.get_by_role("link", name="How to stop alcohol or drugs safely")
    expect(stopping).to_have_count(2)


def test_no_reassuring_band_text_beside_a_safety_flag(ready_page):
    widget = ready_page("phq-9")
    give(
        widget,
        "phq-9",
        {**{f"q{i}": "0" for i in range(1, 9)}, "q9": "1", "difficulty": "somewhat"},
    )
    widget.see_result()
    assert widget.scores() == {"total": 1}
    expect(widget.crisis).to_be_visible()
    meaning = widget.result.locator(".screener-meaning")
    expect(meaning).not_to_contain_text("few or no signs")
    expect(meaning).to_contain_text("today")
