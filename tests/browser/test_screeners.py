"""The self-checks in a real browser: golden cases, privacy, safety, failures, no JavaScript.

Pyodide is loaded once per self-check page for the whole module (one page
per self-check, reused with "Start over"), not once per test.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.cases import give, question_ids
from tests.browser.conftest import guard
from tests.browser.widget import READY_TIMEOUT, Widget
from tests.conftest import ROOT, definition_data

GOLDEN = ROOT / "tests" / "golden"
SCREENERS = sorted(p.stem for p in GOLDEN.glob("*.json"))
DEFINITIONS = {s: definition_data(ROOT / "content" / "screeners" / f"{s}.yaml") for s in SCREENERS}
CASES = [
    pytest.param(screener, case, id=f"{screener}: {case['name']}")
    for screener in SCREENERS
    for case in json.loads((GOLDEN / f"{screener}.json").read_text())["cases"]
]


def first_scorable_case(screener: str) -> dict:
    cases = json.loads((GOLDEN / f"{screener}.json").read_text())["cases"]
    return next(c for c in cases if "error" not in c["expect"] and not c["expect"].get("ignored"))


@pytest.fixture(scope="module")
def screener_pages(browser, site_server):
    """One guarded page per self-check, opened (and Pyodide started) on first use."""
    context = browser.new_context(base_url=site_server.origin)
    pages: dict[str, tuple] = {}

    def open_page(screener: str):
        if screener not in pages:
            page = context.new_page()
            watcher = guard(context, page, site_server.origin)
            page.goto(f"/self-checks/{screener}/")
            widget = Widget(page, screener)
            widget.wait_ready()
            pages[screener] = (page, widget, watcher)
        page, widget, watcher = pages[screener]
        if widget.result.is_visible():
            widget.start_over()
        return page, widget, watcher

    yield open_page
    context.close()


@pytest.mark.parametrize(("screener", "case"), CASES)
def test_golden_case_through_the_page(screener_pages, screener, case):
    _page, widget, watcher = screener_pages(screener)
    give(widget, screener, case["answers"])
    widget.see_result()
    expect_ = case["expect"]
    if "error" in expect_:
        assert widget.state == "errors"
        assert expect_["error"]["question"] in widget.error_questions()
        if "message" in expect_["error"]:
            expect(widget.result).to_contain_text(expect_["error"]["message"])
        assert widget.scores() == {}, "a refused answer must never show a score"
    else:
        assert widget.state == "result"
        for score, value in expect_.get("scores", {}).items():
            assert widget.scores()[score] == value
        if "band" in expect_:
            assert widget.result.get_attribute("data-band") == expect_["band"]
            if expect_["band"]:
                band = next(
                    b
                    for b in DEFINITIONS[screener]["bands"]["ranges"]
                    if b["id"] == expect_["band"]
                )
                expect(widget.result.locator(".screener-band")).to_have_text(band["label"])
        if "outcome" in expect_:
            assert widget.result.get_attribute("data-outcome") == expect_["outcome"]
            if expect_["outcome"]:
                outcome = next(
                    o for o in DEFINITIONS[screener]["outcomes"] if o["id"] == expect_["outcome"]
                )
                expect(widget.result.locator(".screener-band")).to_have_text(outcome["title"])
        expect(widget.result).to_contain_text("This is a screen, not a diagnosis")
    if "flags" in expect_:
        assert widget.flags() == set(expect_["flags"])
    if expect_.get("safety"):
        expect(widget.crisis).to_be_visible()
        expect(widget.crisis).to_contain_text("988")
        # Crisis help comes above the result, and the scorer's own words for the
        # flag come first in it, above any score.
        assert widget.crisis.bounding_box()["y"] < widget.result.bounding_box()["y"]
        assert widget.result.evaluate(
            "(box) => box.firstElementChild.classList.contains('screener-urgent')"
        )
    # Answers stay in the form whatever the outcome.
    assert (
        widget.checked().items()
        >= {q: v for q, v in case["answers"].items() if q in widget.checked()}.items()
    )
    assert watcher.problems() == []


def test_phq9_item_9_with_a_low_total_puts_crisis_help_first_and_focused(screener_pages):
    page, widget, _ = screener_pages("phq-9")
    for i in range(1, 9):
        widget.answer(f"q{i}", "0")
    widget.answer("q9", "1")
    widget.answer("difficulty", "somewhat")
    widget.see_result()
    assert widget.scores() == {"total": 1}
    crisis = widget.crisis
    score = widget.result.locator("[data-score]")
    expect(crisis).to_be_visible()
    assert crisis.bounding_box()["y"] < score.bounding_box()["y"]
    assert page.evaluate("() => !!document.activeElement.closest('.screener-crisis')")
    expect(crisis.get_by_role("link", name="988").first).to_have_attribute("href", "tel:988")


def test_the_iop_check_sends_danger_answers_to_get_help_now(screener_pages):
    page, widget, _ = screener_pages("iop-fit")
    answers = {q: "no" for q in question_ids("iop-fit")}
    answers.update({"danger-now": "yes", "groups": "yes", "withdrawal": "no", "time": "yes"})
    give(widget, "iop-fit", answers)
    widget.see_result()
    assert widget.result.get_attribute("data-outcome") == "get-help-now"
    assert page.evaluate("() => !!document.activeElement.closest('.screener-crisis')")
    expect(widget.result.locator(".screener-reasons")).to_contain_text("Yes")


def test_tampered_value_gets_a_clear_message_and_no_score(screener_pages):
    _page, widget, watcher = screener_pages("phq-9")
    for i in range(1, 10):
        widget.answer(f"q{i}", "0")
    widget.answer("q3", "7")  # a value the page never offered
    widget.see_result()
    assert widget.state == "errors"
    assert widget.error_questions() == ["q3"]
    expect(widget.result).to_contain_text("The answer to question 3 is not one of its choices.")
    assert widget.scores() == {}
    assert watcher.problems() == []


def test_start_over_clears_the_answers_and_the_result(screener_pages):
    page, widget, _ = screener_pages("gad-7")
    give(widget, "gad-7", first_scorable_case("gad-7")["answers"])
    widget.see_result()
    widget.start_over()
    assert widget.checked() == {}
    expect(widget.result).to_be_hidden()
    expect(page.locator(".screener-printout")).to_have_count(0)


def test_print_builds_a_summary_on_this_device(screener_pages):
    page, widget, watcher = screener_pages("phq-9")
    answers = {f"q{i}": "1" for i in range(1, 10)} | {"difficulty": "very"}
    give(widget, "phq-9", answers)
    widget.see_result()
    before = len(watcher.requests)
    widget.result.get_by_role("button", name="Print or save my result").click()
    sheet = page.locator(".screener-printout")
    expect(sheet).to_have_count(1)
    text = sheet.text_content()
    assert "Depression check (PHQ-9)" in text
    assert "Date:" in text
    assert "Total score: 9 out of 27" in text
    assert "Result: Mild" in text
    assert "Kroenke K, Spitzer RL, Williams JBW" in text
    assert "Little interest or pleasure in doing things" in text and "Very difficult" in text
    assert "screen, not a diagnosis" in text
    assert len(watcher.requests) == before, "printing must not make any request"
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(sheet).to_be_hidden()


def test_conditional_questions_follow_the_engine(screener_pages):
    _page, widget, _ = screener_pages("pc-ptsd-5")
    items = [f"q{i}" for i in range(1, 6)]
    for item in items:
        widget.expect_visible(item, False)
    widget.answer("event", "yes")
    for item in items:
        widget.expect_visible(item, True)
    widget.answer("q1", "1")
    widget.answer("event", "no")
    for item in items:
        widget.expect_visible(item, False)
    assert widget.checked() == {"event": "no", "q1": "1"}, "a hidden answer stays, unused"


@pytest.mark.parametrize("screener", SCREENERS)
def test_nothing_leaves_the_device(browser, site_server, screener):
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    page.goto(f"/self-checks/{screener}/")
    url = page.url
    widget = Widget(page, screener)
    widget.wait_ready()
    loaded = len(watcher.requests)
    assert loaded > 0
    give(widget, screener, first_scorable_case(screener)["answers"])
    widget.see_result()
    assert widget.state == "result"
    assert watcher.requests[loaded:] == [], "answering and scoring made a request"
    assert all(r.method == "GET" and r.post_data is None for r in watcher.requests)
    assert watcher.foreign_requests() == []
    assert page.url == url
    assert context.cookies() == []
    storage = page.evaluate(
        """async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            databases: (await indexedDB.databases()).length,
            caches: (await caches.keys()).length,
        })"""
    )
    assert storage == {"local": 0, "session": 0, "databases": 0, "caches": 0}
    assert watcher.problems() == []
    context.close()


def test_the_worker_cannot_connect_to_another_origin(browser, site_server):
    """The worker starts from a blob: module, so the page's <meta> CSP confines it.

    The test server sends no CSP header, so only the inherited policy can
    stop this request, and it stops it before any request is made.
    """
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    page.goto("/self-checks/phq-9/")
    Widget(page, "phq-9").wait_ready()
    assert len(page.workers) >= 1
    outcome = page.workers[0].evaluate(
        """() => fetch("http://127.0.0.2:9/leak?x=1")
                 .then(() => "connected", (e) => "blocked: " + e)"""
    )
    assert outcome.startswith("blocked")
    assert not [r for r in watcher.requests if "127.0.0.2" in r.url], "the request was made"
    context.close()


def test_without_javascript_the_page_is_a_paper_form_that_sends_nothing(browser, site_server):
    context = browser.new_context(base_url=site_server.origin, java_script_enabled=False)
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    for screener in SCREENERS:
        page.goto(f"/self-checks/{screener}/")
        url = page.url
        loaded = len(watcher.requests)
        server_before = len(site_server.requests)
        widget = Widget(page, screener)
        expect(widget.status).to_have_text(
            "This page adds up your answers only when your browser runs scripts. You can still "
            "answer the questions and use the paper scoring table below."
        )
        # Every question shows, with a note for the conditional ones.
        for question in DEFINITIONS[screener]["questions"]:
            expect(widget.fieldset(question["id"])).to_be_visible()
        for fieldset in widget.root.locator("[data-question]").all():
            fieldset.locator("label").first.click()
        page.keyboard.press("Enter")
        for button in page.locator("button").all():
            if button.is_visible():
                button.click()
        widget.root.locator("summary").click()
        expect(widget.root.locator("[data-paper] .screener-how")).to_be_visible()
        # Answers would travel as "<screener>--<question>=<value>" (the radio names).
        sent = [r.url for r in watcher.requests[loaded:]] + site_server.requests[server_before:]
        assert [u for u in sent if f"{screener}--" in u] == []
        assert all(r.method == "GET" for r in watcher.requests)
        assert page.url == url
    context.close()


def test_blocked_runtime_shows_a_clear_message_and_keeps_the_answers(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    context.route("**/*.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    for i in range(1, 10):
        widget.answer(f"q{i}", "0")
    widget.see_result()
    assert widget.state == "failed"
    expect(widget.result).to_contain_text("Scoring could not start on this device")
    expect(widget.result).to_contain_text("could not be downloaded")
    expect(widget.root.locator("[data-paper]")).to_have_attribute("open", "")
    expect(widget.root.locator("[data-paper] table").first).to_be_visible()
    assert len(widget.checked()) == 9
    expect(widget.status).to_have_attribute("data-state", "failed")
    context.close()


def test_a_failed_worker_recovers_on_the_next_try(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    failures = {"left": 1}

    def fail_once(route):
        if failures["left"]:
            failures["left"] -= 1
            route.fulfill(status=503, body="unavailable")
        else:
            route.continue_()

    context.route("**/screener-worker.*.mjs", fail_once)
    page = context.new_page()
    page.goto("/self-checks/gad-7/")
    widget = Widget(page, "gad-7")
    # The worker starts when the page is idle, and dies: the visitor is told.
    expect(widget.status).to_have_attribute("data-state", "failed", timeout=READY_TIMEOUT)
    expect(widget.status).to_contain_text("You can still score it on paper below")
    give(widget, "gad-7", first_scorable_case("gad-7")["answers"], scorer_ready=False)
    # Asking for the result starts a new worker, which works this time.
    widget.see_result()
    assert widget.state == "result"
    assert widget.scores()
    context.close()


def test_a_result_asked_for_early_appears_without_another_click(browser, site_server):
    context = browser.new_context(base_url=site_server.origin)
    held = []
    context.route("**/snapshot.*.bin", lambda route: held.append(route))
    page = context.new_page()
    page.goto("/self-checks/gad-7/")
    widget = Widget(page, "gad-7")
    give(widget, "gad-7", first_scorable_case("gad-7")["answers"], scorer_ready=False)
    expect(widget.status).to_have_attribute("data-state", "loading")
    widget.root.get_by_role("button", name="See my result").click()
    expect(widget.result).to_have_attribute("data-state", "pending")
    expect(widget.result).to_contain_text("Your result will appear here as soon as it can")
    # The worker asks for the snapshot soon after it starts; hold it until now.
    for _ in range(400):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the worker never asked for the snapshot"
    held[0].continue_()
    expect(widget.result).to_have_attribute("data-state", "result", timeout=READY_TIMEOUT)
    context.close()


def test_an_embedded_self_check_starts_only_when_the_reader_turns_to_it(browser, site_server):
    """Reading past it costs nothing; focusing or answering a question starts the scorer."""
    context = browser.new_context(
        base_url=site_server.origin, viewport={"width": 1000, "height": 800}
    )
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    page.goto("/signs-you-might-benefit-from-an-iop/")
    widget = Widget(page, "iop-fit")
    expect(widget.status).to_have_attribute("data-state", "idle")
    widget.root.scroll_into_view_if_needed()
    # Give a misbehaving page a moment to start loading anyway.
    page.wait_for_timeout(1500)
    expect(widget.status).to_have_attribute("data-state", "idle")
    assert not [r for r in watcher.requests if "/static/pyodide/" in r.url or ".bin" in r.url]
    assert not [r for r in watcher.requests if "screener-worker" in r.url]
    widget.root.locator('input[type="radio"]').first.focus()
    widget.wait_ready()
    assert watcher.problems() == []
    context.close()


def test_article_pages_without_a_self_check_load_nothing_for_one(browser, site_server, site_dir):
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    articles = [
        p.parent.name
        for p in (site_dir).glob("*/index.html")
        if (ROOT / "content" / "articles" / f"{p.parent.name}.md").exists()
    ]
    assert len(articles) >= 5
    for slug in articles:
        if "[self-check:" in (ROOT / "content" / "articles" / f"{slug}.md").read_text():
            continue
        watcher.requests.clear()
        page.goto(f"/{slug}/")
        page.wait_for_load_state("load")
        scripts = [r.url for r in watcher.requests if r.resource_type in ("script", "fetch")]
        assert scripts == [], f"/{slug}/ loaded {scripts}"
    context.close()


def test_a_missing_snapshot_falls_back_to_a_normal_start(browser, site_server):
    # (A snapshot with other bytes is never used at all: see test_runtime.py.)
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()
    watcher = guard(context, page, site_server.origin)
    # Registered after the guard's catch-all route, so it takes precedence.
    context.route("**/snapshot.*.bin", lambda route: route.fulfill(status=404, body="gone"))
    page.goto("/self-checks/audit-c/")
    widget = Widget(page, "audit-c")
    widget.wait_ready()
    expect(widget.status).to_have_attribute("data-via", "full")
    # The normal start needs the standard library (trimmed by the build) and the engine zip.
    assert [r for r in watcher.requests if "/static/screeners/stdlib." in r.url]
    assert [r for r in watcher.requests if "/engine." in r.url]
    give(widget, "audit-c", first_scorable_case("audit-c")["answers"])
    widget.see_result()
    assert widget.state == "result"
    context.close()


def test_the_snapshot_is_used_and_the_full_standard_library_is_not_downloaded(
    screener_pages,
):
    _page, widget, watcher = screener_pages("phq-9")
    expect(widget.status).to_have_attribute("data-via", "snapshot")
    # Pyodide's loader asks for its two files itself; it gets the empty
    # stand-ins in stubs/ (see screener-worker.mjs).
    downloaded = [r.url.rsplit("/", 1)[-1] for r in watcher.requests if "/stubs/" not in r.url]
    assert not [name for name in downloaded if "stdlib" in name]
    assert not [name for name in downloaded if name.startswith("engine.")]
    # The worker downloads and compiles the wasm itself, once.
    assert downloaded.count("pyodide.asm.wasm") == 1


def worker_array_buffers(page, calls: list[str]) -> int:
    """The page's scoring worker's ArrayBuffer bytes after a full GC (DevTools protocol).

    The worker is reached through the page's session with the non-flattened
    Target domain (Playwright's sessions are for pages); `calls` are sent to it
    in order, and the reply to the last one is returned.
    """
    session = page.context.new_cdp_session(page)
    attached, replies = [], {}
    session.on("Target.attachedToTarget", lambda event: attached.append(event["sessionId"]))
    session.on(
        "Target.receivedMessageFromTarget",
        lambda event: replies.update({json.loads(event["message"]).get("id"): event["message"]}),
    )
    # Attaching to what already runs; the worker is not paused.
    session.send(
        "Target.setAutoAttach",
        {"autoAttach": True, "waitForDebuggerOnStart": False, "flatten": False},
    )
    for _ in range(100):
        if attached:
            break
        page.wait_for_timeout(50)
    assert attached, "the page has no worker to measure"
    for number, method in enumerate(calls, start=1):
        message = json.dumps({"id": number, "method": method, "params": {}})
        session.send("Target.sendMessageToTarget", {"sessionId": attached[0], "message": message})
    for _ in range(200):
        if len(calls) in replies:
            break
        page.wait_for_timeout(50)
    session.detach()
    return json.loads(replies[len(calls)])["result"]["backingStorageSize"]


def test_the_worker_lets_go_of_the_snapshot_once_restored(screener_pages):
    # Pyodide keeps its options, the 31 MB snapshot among them; the worker
    # detaches the snapshot's buffer once it is in Pyodide's memory.
    page, widget, _watcher = screener_pages("phq-9")
    expect(widget.status).to_have_attribute("data-via", "snapshot")
    held = worker_array_buffers(page, ["HeapProfiler.collectGarbage", "Runtime.getHeapUsage"])
    assert held < 8 * 1024 * 1024, f"the worker still holds {held:,} bytes of ArrayBuffers"
