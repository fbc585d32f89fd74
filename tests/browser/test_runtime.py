"""How a self-check's worker gets Python ready: what it downloads, what it refuses, what it shows.

Each test opens a fresh context, so its worker downloads everything (the
test server forbids caching) and starts the way a first visit does.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.cases import give
from tests.browser.conftest import guard
from tests.browser.widget import READY_TIMEOUT, Widget
from tests.conftest import SiteServer

# The answers of a PHQ-9 that scores 9 (mild), with no safety flag (item 9 is 0).
MILD = {"q1": "2", **{f"q{i}": "1" for i in range(2, 9)}, "q9": "0"}
# What the page shows when the worker refuses a file (screener.js, FAILURE_TEXT).
REFUSED = "Part of the scoring program did not arrive intact, so it was not used."

# Kept by the page as they happen: every value the progress bar takes, and
# every text the status line (a polite live region) gets.
RECORD_PROGRESS = """
window.__progress = [];
window.__statusTexts = [];
new MutationObserver((records) => {
  for (const record of records) {
    const target = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (target?.tagName === "PROGRESS") window.__progress.push(target.value);
    const status = target?.closest?.("[data-status]");
    if (status && window.__statusTexts.at(-1) !== status.textContent)
      window.__statusTexts.push(status.textContent);
  }
}).observe(document, {attributes: true, childList: true, characterData: true, subtree: true});
"""


def scorer_config(page) -> dict:
    raw = page.locator(".screener").first.get_attribute("data-scorer")
    return json.loads(html.unescape(raw))


def built_config(site_dir) -> dict:
    """The PHQ-9 page's scorer config, from the built page (before any visit starts a worker)."""
    page = (site_dir / "self-checks" / "phq-9" / "index.html").read_text(encoding="utf-8")
    return json.loads(html.unescape(re.search(r'data-scorer="([^"]*)"', page)[1]))


def change_a_byte_of(context, url: str) -> list:
    """Change one byte of every response for `url`, as a broken or hostile server would.

    (Every one: asking for a result after a failure starts the worker again.)
    """
    changed: list = []

    def change_a_byte(route):
        response = route.fetch()
        body = bytearray(response.body())
        body[len(body) // 2] ^= 0x01
        changed.append(route.request.url)
        route.fulfill(response=response, body=bytes(body))

    context.route(url, change_a_byte)
    return changed


def open_phq9(browser, site_server, *, record: bool = False):
    context = browser.new_context(base_url=site_server.origin)
    if record:
        context.add_init_script(RECORD_PROGRESS)
    page = context.new_page()
    page.guard = guard(context, page, site_server.origin)
    return context, page


def hold_first(context, pattern: str) -> list:
    """Hold the first request matching `pattern` (to be continued later); let the rest through."""
    held: list = []

    def handle(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    context.route(pattern, handle)
    return held


def wait_for(page, held: list, what: str) -> None:
    for _ in range(400):
        if held:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the worker never asked for {what}")


def test_the_loader_asks_for_its_two_stand_ins_and_the_worker_for_the_checked_files(
    browser, site_server
):
    """Pyodide's loader downloads two files by itself (see screener-worker.mjs): only those."""
    context, page = open_phq9(browser, site_server)
    page.goto("/self-checks/phq-9/")
    Widget(page, "phq-9").wait_ready()
    config = scorer_config(page)
    runtime = [r.url for r in page.guard.requests if "/static/pyodide/" in r.url]
    stubs = sorted(url for url in runtime if "/stubs/" in url)
    assert [url.rsplit("/", 1)[-1] for url in stubs] == ["pyodide.asm.wasm", "python_stdlib.zip"]
    wanted = {site_server.origin + config["files"][role]["url"] for role in ("loader", "glue")}
    wanted.add(site_server.origin + config["files"]["wasm"]["url"])
    assert set(runtime) - set(stubs) == wanted
    assert page.guard.problems() == []
    context.close()


@pytest.mark.parametrize("role", ["loader", "glue", "wasm", "snapshot"])
def test_a_changed_byte_in_a_runtime_file_is_refused_with_the_paper_table(
    browser, site_server, site_dir, role
):
    context, page = open_phq9(browser, site_server)
    changed = change_a_byte_of(
        context, site_server.origin + built_config(site_dir)["files"][role]["url"]
    )
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    for question, value in MILD.items():
        widget.answer(question, value)
    widget.see_result()
    assert changed, f"the worker never downloaded {role}"
    assert widget.state == "failed"
    expect(widget.result).to_contain_text(REFUSED)
    expect(widget.root.locator("[data-paper]")).to_have_attribute("open", "")
    expect(widget.root.locator("[data-paper] table").first).to_be_visible()
    assert widget.scores() == {}
    assert len(widget.checked()) == 9, "the answers stay"
    context.close()


def test_a_slow_connection_starts_python_without_downloading_the_snapshot(browser, site_server):
    """Past a second for Pyodide's JavaScript, the worker takes the 1.7 MB lighter way."""
    context, page = open_phq9(browser, site_server)
    held = hold_first(context, "**/pyodide.asm.mjs")
    page.goto("/self-checks/phq-9/")
    wait_for(page, held, "pyodide.asm.mjs")
    page.wait_for_timeout(1200)
    held[0].continue_()
    widget = Widget(page, "phq-9")
    widget.wait_ready()
    expect(widget.status).to_have_attribute("data-via", "full")
    asked = [r.url for r in page.guard.requests]
    assert not [url for url in asked if "/snapshot." in url]
    assert [url for url in asked if "/static/screeners/stdlib." in url]
    assert [url for url in asked if "/static/screeners/engine." in url]
    give(widget, "phq-9", MILD)
    widget.see_result()
    assert widget.scores() == {"total": 9}
    assert page.guard.problems() == []
    context.close()


@pytest.mark.parametrize("role", ["stdlib", "engine"])
def test_a_changed_byte_on_the_slow_way_is_refused_too(browser, site_server, site_dir, role):
    context, page = open_phq9(browser, site_server)
    held = hold_first(context, "**/pyodide.asm.mjs")
    change_a_byte_of(context, site_server.origin + built_config(site_dir)["files"][role]["url"])
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    for question, value in MILD.items():
        widget.answer(question, value)
    widget.root.get_by_role("button", name="See my result").click()
    wait_for(page, held, "pyodide.asm.mjs")
    page.wait_for_timeout(1200)
    held[0].continue_()
    expect(widget.result).to_have_attribute("data-state", "failed", timeout=READY_TIMEOUT)
    expect(widget.result).to_contain_text(REFUSED)
    assert widget.scores() == {}
    assert [r for r in page.guard.requests if "/static/screeners/stdlib." in r.url]
    context.close()


def test_the_progress_bar_shows_real_progress_reaches_100_and_leaves(browser, site_server):
    context, page = open_phq9(browser, site_server, record=True)
    held = hold_first(context, "**/snapshot.*.bin")
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    wait_for(page, held, "the snapshot")
    for question, value in MILD.items():
        widget.answer(question, value)
    widget.root.get_by_role("button", name="See my result").click()
    expect(widget.result).to_have_attribute("data-state", "pending")
    bar = widget.result.get_by_role("progressbar", name="Scoring program downloaded")
    expect(bar).to_be_visible()
    # Everything but the snapshot has arrived: real progress, short of done.
    expect(bar).not_to_have_attribute("value", "0")
    below = int(bar.get_attribute("value"))
    assert 0 < below < 100
    expect(widget.result.locator("[data-progress-text]")).to_contain_text(f"{below} % downloaded")
    held[0].continue_()
    expect(widget.result).to_have_attribute("data-state", "result", timeout=READY_TIMEOUT)
    expect(widget.result.locator("progress")).to_have_count(0)
    values = page.evaluate("window.__progress")
    assert values[-1] == 100
    assert values == sorted(values), "progress never goes back"
    # The status line is read out a quarter at a time, not at every step.
    texts = [t for t in page.evaluate("window.__statusTexts") if "downloaded" in t]
    assert len(texts) <= 4, texts
    assert all(re.search(r"(25|50|75) % downloaded\.$", t) for t in texts), texts
    context.close()


def test_a_wasm_the_page_policy_forbids_fails_at_once_with_a_reason(browser, site_server):
    """Pyodide's loader only logs a wasm that cannot compile, and waits forever.

    The worker compiles it itself, and reports why at once.
    """
    context = browser.new_context(base_url=site_server.origin)
    page = context.new_page()

    def without_wasm_eval(route):
        response = route.fetch()
        # The policy sits in a <meta> attribute, escaped ('wasm-unsafe-eval' as &#39;...&#39;).
        body = response.text().replace(" &#39;wasm-unsafe-eval&#39;", "")
        assert "wasm-unsafe-eval" not in body
        route.fulfill(response=response, body=body)

    context.route("**/self-checks/phq-9/", without_wasm_eval)
    page.goto("/self-checks/phq-9/")
    widget = Widget(page, "phq-9")
    # Well within READY_TIMEOUT: a hang would wait for the page's own timeout.
    expect(widget.status).to_have_attribute("data-state", "failed", timeout=20_000)
    for question, value in MILD.items():
        widget.answer(question, value)
    widget.root.get_by_role("button", name="See my result").click()
    expect(widget.result).to_contain_text("(WebAssembly)")
    context.close()


def test_a_worker_started_from_a_plain_url_ignores_the_pages_csp(browser, site_server, site_dir):
    """Why the CSP keeps `worker-src blob:`: a dedicated worker gets only the CSP of its own
    script's response, never the page's <meta> one, so on a host that cannot send headers a
    worker started from the site's URL could connect anywhere. Started from a blob: it inherits
    the page's policy (test_screeners.py: the worker cannot connect to another origin)."""
    elsewhere = SiteServer(site_dir)  # another origin: another port
    context = browser.new_context(base_url=site_server.origin)
    try:
        page = context.new_page()
        page.goto("/self-checks/phq-9/")
        worker_url = page.locator(".screener").first.get_attribute("data-worker")
        before = len(page.workers)
        page.evaluate("(url) => { new Worker(url, {type: 'module'}); }", worker_url)
        for _ in range(100):
            if len(page.workers) > before:
                break
            page.wait_for_timeout(50)
        plain = page.workers[-1]
        outcome = plain.evaluate(
            """(url) => fetch(url, {mode: "no-cors"})
                        .then(() => "connected", (e) => "blocked: " + e)""",
            f"{elsewhere.origin}/leak?x=1",
        )
        assert outcome == "connected"
        assert "/leak?x=1" in elsewhere.requests
    finally:
        context.close()
        elsewhere.close()
