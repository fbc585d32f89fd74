"""At least 100 hostile inputs, each built as `make html` builds, each with its expected outcome.

Every case (tests/hostile/cases.py) gets a fresh tiny site with a last good
output, is changed in one way, and is built in this process through the
all-or-nothing build path. It must end in its outcome class: a clear error
with exactly the expected `file:line: field: message` line, or a page with
the expected safe content. And for every case, whatever its class: no
traceback, no temporary folder left, output/ untouched by a failed build,
and nothing in any built page that navigates, loads, runs or leaks.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import zipfile

import pytest
from markupsafe import escape

from tests.conftest import ROOT

from .cases import ALL, DEFINITION_FIELDS, by_id, evil, evil_definition
from .harness import Project, build, dangers, feed_html, fresh

CASES = by_id()
# Every message line starts with where: a file (and its line), or a group of settings.
WHERE_RE = re.compile(r"^[\w./!-]+(:\d+)?: |^Screener settings|^Content check settings")


def test_there_are_at_least_a_hundred_hostile_inputs_of_every_kind():
    kinds = {case.id.split(":")[0] for case in ALL}
    assert len(ALL) >= 100
    assert kinds == {"definition", "front matter", "body", "file", "settings"}
    assert {case.expect for case in ALL} == {"error", "page"}
    for case in ALL:
        if case.expect == "error":
            assert case.lines, case.id  # every error case names its exact message


@pytest.mark.parametrize("case_id", list(CASES))
def test_hostile_input(case_id, tmp_path, screener_cache):
    case = CASES[case_id]
    project = fresh(tmp_path, "site")
    case.setup(project)
    outcome = build(project, screener_cache, **(case.settings or {}))
    assert outcome.kind == case.expect, outcome.text
    for line in case.lines:
        assert line in outcome.lines, f"expected:\n{line}\ngot:\n{outcome.text}"
    for line in outcome.lines:  # every line says where: a file (and its line) or a setting
        assert WHERE_RE.match(line), line
    if outcome.kind == "page":
        assert dangers(project.output) == []
        if case.check is not None:
            case.check(project)


# --- one site with a hostile payload in every text field of a definition -------------------------


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory, screener_cache) -> Project:
    """A definition with a payload in every text field, embedded in an article, with a feed."""
    project = fresh(tmp_path_factory.mktemp("evil"), "site")
    project.write("screeners/evil.yaml", json.dumps(evil_definition(), indent=1))
    project.write(
        "articles/embeds.md",
        f"Title: {evil('article')}\nDate: 2026-11-20\nReviewed: 2026-11-21\n"
        "Summary: A summary with 5 < 6 & more.\nCategory: Basics\nTags: test\nSlug: embeds\n\n"
        "Before.\n\n[self-check: evil]\n\nAfter.\n",
    )
    outcome = build(
        project,
        screener_cache,
        SITEURL="https://iop-guide.example.org",
        RELATIVE_URLS=False,
        FEED_DOMAIN="https://iop-guide.example.org",
        FEED_ALL_ATOM="feeds/all.atom.xml",
    )
    assert outcome.kind == "page", outcome.text
    return project


def test_the_hostile_definition_builds_into_safe_pages(evil_site):
    assert dangers(evil_site.output) == []


@pytest.mark.parametrize(
    ("field", "pages"), DEFINITION_FIELDS, ids=[f for f, _ in DEFINITION_FIELDS]
)
def test_every_text_field_of_a_definition_is_text(evil_site, field, pages):
    payload = evil(field)
    for page in pages:
        html = evil_site.html(page)
        assert str(escape(payload)) in html, f"{field} is not shown escaped on {page}"
        assert payload not in html, f"{field} is markup on {page}"


def test_hostile_front_matter_is_text_in_the_head_and_the_json_ld(evil_site):
    html = evil_site.html("embeds/index.html")
    payload = evil("article")
    assert f"<title>{escape(payload)} | " in html
    assert f'<meta property="og:title" content="{escape(payload)} | ' in html
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in data
    assert json.loads(data)["headline"] == payload


def test_the_feed_links_to_the_self_check_and_keeps_its_title_text(evil_site):
    feed = feed_html(evil_site.html("feeds/all.atom.xml"))  # the HTML a feed reader shows
    assert "data-screener" not in feed  # the widget is replaced by a link
    assert (
        '<a href="https://iop-guide.example.org/self-checks/evil/">Take the self-check: '
        f"{html.escape(evil('title'))}</a>"
    ) in feed
    assert evil("title") not in feed


def test_the_browser_gets_the_payloads_as_data_only(evil_site):
    (engine,) = evil_site.output.glob("static/screeners/engine.*.zip")
    with zipfile.ZipFile(engine) as archive:
        bundle = json.loads(archive.read("bundle.json"))
    (definition,) = [d for d in bundle if d["id"] == "evil"]
    assert definition["outcomes"][0]["meaning"] == evil("outcome-meaning")


def test_search_results_hold_the_payloads_as_text_and_the_page_writes_them_as_text(evil_site):
    fragments = {}
    for path in evil_site.output.glob("pagefind/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        fragments[data["url"]] = data
    # Pagefind reads the page's text: the payload is there as characters, which the
    # search page writes with textContent (and marks), never as markup.
    assert fragments["/embeds/"]["meta"]["title"] == evil("article")
    script = (ROOT / "theme" / "static" / "js" / "search.js").read_text(encoding="utf-8")
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
