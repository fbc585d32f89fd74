"""Staff at work in the web editor (`make edit`), driven in Debian's Chromium.

One development server (`python -m tools.serve --edit`) on a copy of the
content and one browser session serve the whole module; the tests run in
file order, as one writer's morning: open the editor, fix a summary, write
a new article with a self-check, make mistakes and read what the editor
says about them. Every request to another site is blocked and recorded.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from content_checks.embeds import known_ids
from playwright.sync_api import expect
from screeners.markers import unknown_message

from tests.browser.conftest import guard
from tests.conftest import ROOT
from tools import editor as editor_tool

ARTIFACTS = ROOT / "test-artifacts" / "editor"
NEW_ARTICLE = "content/articles/how-to-pay-for-an-iop.md"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        editor_tool.missing_install() is not None or shutil.which("node") is None,
        reason="the editor is not installed (make test installs it)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _checks(port: int) -> dict | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/admin/checks.json")
        response = connection.getresponse()
        body = response.read()
        connection.close()
    except OSError:
        return None
    return json.loads(body) if response.status == 200 else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`make edit` on a copy of the content: the site, the editor and decap-server."""
    project = tmp_path_factory.mktemp("edit")
    shutil.copytree(ROOT / "content", project / "content")
    port = _free_port()
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            *("-m", "tools.serve", "--edit", "--port", str(port)),
            *("--content", str(project / "content"), "--output", str(project / "output")),
            *("--cache", str(project / "cache")),
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state = _checks(port)
        if state and state["generation"] >= 1:
            break
        assert process.poll() is None, (project / "serve.log").read_text()
        time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("make edit did not start:\n" + (project / "serve.log").read_text())
    yield SimpleNamespace(origin=f"http://127.0.0.1:{port}", port=port, project=project)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="module")
def session(browser, server):
    """One writer's browser tab on the editor, signed in (locally there is no password)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watcher = guard(context, page, server.origin)
    page.goto(server.origin + "/admin/")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible(timeout=30000)
    yield SimpleNamespace(page=page, context=context, watcher=watcher)
    context.close()


def _file(server, relative: str) -> str:
    return (server.project / relative).read_text(encoding="utf-8")


def _collection(page, collection: str) -> None:
    """Go to a collection's list through the editor's own links, as staff would.

    (Decap does not follow an address typed while an entry is open.)
    """
    _close_checks(page)
    link = page.locator(f"a[href$='#/collections/{collection}']")
    if not link.count():
        page.locator("a[href*='#/collections/']").first.click()  # the entry's back arrow
    link.first.click()


def _open(page, origin: str, collection: str, title: str) -> None:
    _collection(page, collection)
    page.get_by_text(title, exact=True).click()
    expect(page.get_by_label("Title")).to_have_value(title, timeout=30000)


def _close_checks(page) -> None:
    panel = page.locator("#editor-checks")
    if panel.is_visible():
        panel.get_by_role("button", name="Close").click()
    expect(panel).to_be_hidden()


def _save(page) -> str:
    """Save the entry as staff do (Publish, Publish now); return what the checks panel says."""
    panel = page.locator("#editor-checks")
    _close_checks(page)
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()
    expect(panel).to_be_visible(timeout=30000)  # only this save shows it again
    expect(panel).not_to_have_class(re.compile("waiting"), timeout=120000)
    return panel.inner_text()


def _wait_for_a_good_build(server, timeout: float = 120) -> None:
    before = _checks(server.port)["generation"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _checks(server.port)
        if state["generation"] > before and not state["building"]:
            assert state["build_error"] is None, state["build_error"]
            return
        time.sleep(0.3)
    pytest.fail("the site was not rebuilt")


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_the_editor_lists_the_sites_articles_from_the_pinned_copy(server, session):
    page = session.page
    for title in (
        "What is an intensive outpatient program (IOP)?",
        "Signs you might benefit from an IOP",
    ):
        expect(page.get_by_text(title, exact=True)).to_be_visible()
    decap = [r.url for r in session.watcher.requests if "/admin/decap/" in r.url]
    assert decap and all(url.startswith(server.origin + "/admin/decap/") for url in decap)
    _shoot(page, "desktop-articles")


def test_an_unchanged_save_keeps_every_byte_and_a_change_only_its_line(server, session):
    page = session.page
    original = _file(server, "content/pages/about.md")
    _open(page, server.origin, "pages", "About this site")
    summary = page.get_by_label("Summary")
    before = summary.input_value()
    summary.fill(before + " Updated.")
    _save(page)
    changed = _file(server, "content/pages/about.md")
    assert [
        (a, b) for a, b in zip(original.split("\n"), changed.split("\n"), strict=True) if a != b
    ] == [(f"Summary: {before}", f"Summary: {before} Updated.")]
    _open(page, server.origin, "pages", "About this site")
    summary.fill(before)
    _save(page)
    assert _file(server, "content/pages/about.md") == original


def test_a_new_article_with_a_self_check_is_on_the_rebuilt_site(server, session):
    page = session.page
    _collection(page, "articles")
    page.locator("a[href$='#/collections/articles/new']").click()
    page.get_by_label("Title").fill("How to pay for an IOP")
    page.get_by_label("Summary").fill("What health insurance usually covers for an IOP.")
    page.get_by_label("Topic").click()
    page.get_by_text("Deciding on care", exact=True).click()
    page.get_by_label("Tags").fill("insurance, cost")
    page.locator("[data-slate-editor='true']").first.click()
    page.keyboard.type("Most health plans pay for some of it.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Add Component").click()
    page.get_by_text("Self-check", exact=True).click()
    page.get_by_text("Which self-check").locator("..").locator("..").click()
    page.get_by_text("Depression check (PHQ-9) (phq-9)", exact=True).click()
    preview = page.frame_locator("iframe").first
    expect(preview.locator(".editor-selfcheck")).to_contain_text("Depression check (PHQ-9)")
    expect(preview.locator("h1")).to_have_text("How to pay for an IOP")
    _shoot(page, "desktop-new-article-with-preview")

    said = _save(page)
    today = page.evaluate("new Date().toLocaleDateString('en-CA')")  # the writer's calendar day
    assert _file(server, NEW_ARTICLE) == (
        "Title: How to pay for an IOP\n"
        f"Date: {today}\n"
        "Summary: What health insurance usually covers for an IOP.\n"
        "Category: Deciding on care\n"
        "Tags: insurance, cost\n"
        "Author: IOP Guide editorial team\n"
        "Checked: TODO\n"
        "Status: draft\n"
        "\n"
        "Most health plans pay for some of it.\n"
        "\n"
        "[self-check: phq-9]\n"
    )
    assert said.startswith("Saved and rebuilt. Worth a look:\n")
    assert (
        "Facts last checked on (Checked): is still empty (the file says TODO); write the day "
        "its facts were last checked against its sources, YYYY-MM-DD (only a reminder while it "
        "is a draft; nothing with a TODO is published)"
    ) in said
    _shoot(page, "desktop-saved-with-checks")

    draft = session.context.new_page()
    draft.goto(server.origin + "/drafts/how-to-pay-for-an-iop.html")
    expect(draft.locator("h1")).to_have_text("How to pay for an IOP")
    expect(draft.locator("input[name='phq-9--q1']").first).to_be_attached()
    draft.close()


def test_a_bad_field_shows_its_message_beside_the_entry(server, session):
    page = session.page
    _open(page, server.origin, "articles", "How to pay for an IOP")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    page.get_by_label("Facts last checked on").fill(future)
    said = _save(page)
    assert said.startswith(
        "Saved, but the site cannot be built: 1 problem to fix in this article\n"
    )
    assert (
        f"Facts last checked on (Checked): '{future}' is in the future; write the day the "
        "check actually happened"
    ) in said
    _shoot(page, "desktop-bad-field")
    # Decap compares with the entry as it was opened: reopen it to go back to that.
    _open(page, server.origin, "articles", "How to pay for an IOP")
    date = page.get_by_label("Facts last checked on")
    date.locator("xpath=..").get_by_role("button", name="Clear").click()
    expect(date).to_have_value("")
    assert "Saved and rebuilt" in _save(page)


def test_an_unknown_self_check_typed_as_markdown_fails_the_build_with_its_message(server, session):
    page = session.page
    _open(page, server.origin, "articles", "How to pay for an IOP")
    page.get_by_role("switch").click()  # Rich Text -> Markdown
    page.locator("[data-slate-editor='true']").first.click()
    # At the start of the text: where the caret lands after a click in Slate
    # varies, and Control+Home takes it there on every platform.
    page.keyboard.press("Control+Home")
    page.keyboard.type("[self-check: mood]\n\n")
    expect(page.locator("[data-slate-editor='true']").first).to_contain_text("[self-check: mood]")
    said = _save(page)
    folder = server.project / "content" / "screeners"
    line = _file(server, NEW_ARTICLE).split("\n").index("[self-check: mood]") + 1
    message = unknown_message("mood", known_ids(folder), "content/screeners")
    assert said.startswith("Saved, but the site cannot be built: 1 problem to fix in this article")
    assert f"Text, line {line} (“[self-check: mood]”), self-check: {message}" in said.replace(
        f"{server.project}/", ""
    )
    # Put it right again, as a text editor would, before the next writer's task.
    path = server.project / NEW_ARTICLE
    path.write_text(_file(server, NEW_ARTICLE).replace("[self-check: mood]\n\n", ""), "utf-8")
    _wait_for_a_good_build(server)


def test_a_category_clash_fails_the_build_and_the_open_page_shows_it(server, session):
    site = session.context.new_page()
    site.goto(server.origin + "/what-is-an-iop/")
    expect(site.locator("h1")).to_contain_text("What is an intensive outpatient program")
    # As a writer would in a text editor: one topic, spelt another way.
    path = server.project / "content" / "articles" / "what-is-an-iop.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("Category: Understanding IOPs", "Category: Understanding iops"),
        encoding="utf-8",
    )
    try:
        # The page reloads itself once the rebuild has failed.
        expect(site.locator("h1")).to_have_text("The site did not build", timeout=120000)
        shown = site.locator("li").first.inner_text().replace(f"{server.project}/", "")
        line = original.splitlines().index("Category: Understanding IOPs") + 1
        assert shown == (
            f"content/articles/what-is-an-iop.md:{line}: Category: 'Understanding iops' and "
            "'Understanding IOPs' (in content/articles/the-role-of-iops-in-recovery.md) "
            "differ only in capitals, spaces or punctuation, so the site would make them one "
            "topic under one of the two names; write 'Understanding IOPs' here, or rename the "
            "topic in every article"
        )
        _shoot(site, "desktop-live-page-category-clash")
    finally:
        path.write_text(original, encoding="utf-8")
    expect(site.locator("h1")).to_contain_text(
        "What is an intensive outpatient program", timeout=120000
    )
    site.close()


def test_the_editor_on_a_phone(server, session):
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, server.origin, "articles", "How to pay for an IOP")
    _shoot(page, "phone-editor")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_nothing_came_from_another_site_and_no_policy_was_broken(session):
    assert session.watcher.foreign_requests() == []
    assert session.watcher.csp_violations() == []
    assert session.watcher.page_errors == []
