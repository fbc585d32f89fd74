"""The real site, as built: who wrote each article, its review status, its sources and reading path.

Uses the session's `site_dir` (tests/conftest.py). These check mechanisms on
every article there is, whatever the articles say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from content_checks.frontmatter import parse
from pelican.settings import read_settings

from tests.theme.htmldoc import Document, read

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
CHECKED_RE = re.compile(r"Checked [A-Z][a-z]+ \d{1,2}, \d{4}\.$")


def _articles() -> list[str]:
    """The slug of every published article in content/articles."""
    slugs = []
    for source in sorted((ROOT / "content/articles").glob("*.md")):
        fields = parse(source.read_text(encoding="utf-8"), source.name).fields
        if "status" not in fields:
            slugs.append(fields["slug"].value if "slug" in fields else source.stem)
    return slugs


ARTICLES = _articles()


@pytest.fixture(scope="module")
def article(site_dir):
    def load(slug: str) -> Document:
        return read(site_dir / slug / "index.html", site_dir)

    return load


def _section(doc: Document, heading_id: str) -> list:
    """The elements of the text after the h2 with this id, up to the next h2."""
    heading = doc.by_id(heading_id)
    assert heading is not None and heading.tag == "h2", f"{doc.name}: no h2#{heading_id}"
    prose = heading.inside("div", **{"class": "prose"})
    assert prose is not None, f"{doc.name}: h2#{heading_id} is not in the text"
    start = doc.elements.index(heading) + 1
    end = next(
        (
            i
            for i in range(start, len(doc.elements))
            if doc.elements[i].tag == "h2" or prose not in doc.elements[i].parents
        ),
        len(doc.elements),
    )
    return doc.elements[start:end]


def _ld(doc: Document) -> dict:
    (block,) = [e for e in doc.all("script") if e.get("type") == "application/ld+json"]
    return json.loads(block.text)


def test_there_are_articles_to_check():
    assert len(ARTICLES) >= 10, ARTICLES


@pytest.mark.parametrize("slug", ARTICLES)
def test_every_article_names_its_author_and_the_day_its_facts_were_checked(article, slug):
    doc = article(slug)
    header = doc.by_class("article-header")[0]
    (meta,) = [e for e in doc.by_class("meta") if header in e.parents]
    assert re.search(r"By \S.* Facts checked [A-Z][a-z]+ \d{1,2}, \d{4}$", meta.text), meta.text
    data = _ld(doc)
    assert data["author"]["name"] and data["publisher"]["name"] == SETTINGS["PUBLISHER"]["name"]


@pytest.mark.parametrize("slug", ARTICLES)
def test_the_review_status_on_the_page_and_in_the_data_agree(article, slug):
    doc = article(slug)
    (note,) = doc.by_class("review")
    data = _ld(doc)
    if "review-done" in note.classes:
        assert re.fullmatch(r"Reviewed by .+, .+, on [A-Z][a-z]+ \d{1,2}, \d{4}\.", note.text)
        assert data["reviewedBy"]["name"] in note.text
        assert data["reviewedBy"]["honorificSuffix"] in note.text
    else:
        assert note.text.startswith("Not yet reviewed by a clinician.")
        assert "reviewedBy" not in data
        assert "Reviewed by" not in doc.source


@pytest.mark.parametrize("slug", ARTICLES)
def test_every_article_lists_web_sources_with_the_day_each_was_checked(article, slug):
    doc = article(slug)
    items = [e for e in _section(doc, "sources") if e.tag == "li"]
    assert items, slug
    for item in items:
        links = [e for e in doc.all("a") if item in e.parents]
        assert any(a.get("href", "").startswith("https://") for a in links), item.text
        assert CHECKED_RE.search(item.text), item.text


@pytest.mark.parametrize("slug", ARTICLES)
def test_every_article_ends_with_what_to_read_next_then_help_then_sources(article, slug):
    doc = article(slug)
    headings = [h.get("id") for h in doc.all("h2") if h.inside("div", **{"class": "prose"})]
    assert headings[-3:] == ["what-to-read-next", "if-you-need-help-now", "sources"], headings
    links = [e for e in _section(doc, "what-to-read-next") if e.tag == "a"]
    assert links, slug
    assert all(not a.get("href", "").startswith("http") for a in links), slug


def test_the_home_page_leads_a_first_time_reader_to_help_the_basics_and_the_self_check(
    site_dir,
):
    doc = read(site_dir / "index.html", site_dir)
    paths = doc.by_class("path")
    links = [next(a for a in doc.all("a") if card in a.parents).get("href") for card in paths]
    assert links == [
        f"./{SETTINGS['CRISIS_PAGE_SLUG']}/",
        f"./{SETTINGS['HOME_START_ARTICLE']}/",
        f"./self-checks/{SETTINGS['HOME_START_SELF_CHECK']}/",
    ]
    assert "path-urgent" in paths[0].classes
    for href in links:
        assert (site_dir / href / "index.html").is_file(), href


HELP_LINKS = {
    "tel:911": "Emergency",
    "tel:988": "988 Suicide & Crisis Lifeline",
    "sms:988": "988 by text (and AYUDA for Spanish)",
    "sms:838255": "Veterans Crisis Line by text",
    "tel:+18664887386": "The Trevor Project",
    "sms:678678": "The Trevor Project by text",
    "sms:741741": "Crisis Text Line",
    "tel:+18002221222": "Poison Help",
    "tel:+18006624357": "SAMHSA's National Helpline",
    "tel:+18004874889": "SAMHSA's National Helpline, TTY",
    "https://findtreatment.gov": "FindTreatment.gov",
}
HELP_WORDS = [
    "press 1",
    "press 2",
    "AYUDA",
    "videophone",
    "ASL",
    "START",
    "HOME",
    "naloxone",
    "Good Samaritan",
    "Stay with them",
]
SERVICE_SITES = [
    "988lifeline.org",
    "veteranscrisisline.net",
    "thetrevorproject.org",
    "crisistextline.org",
    "poisonhelp.hrsa.gov",
    "samhsa.gov",
    "cdc.gov",
    "fda.gov",
]


def test_the_help_page_has_every_line_as_a_link_a_phone_can_follow(site_dir):
    doc = read(site_dir / SETTINGS["CRISIS_PAGE_SLUG"] / "index.html", site_dir)
    hrefs = {a.get("href") for a in doc.all("a")}
    assert [h for h in HELP_LINKS if h not in hrefs] == []
    text = doc.first("article").text
    assert [w for w in HELP_WORDS if w not in text] == []


def test_the_help_page_cites_each_service_and_says_when_it_was_checked(site_dir):
    doc = read(site_dir / SETTINGS["CRISIS_PAGE_SLUG"] / "index.html", site_dir)
    cited = [
        a.get("href")
        for e in _section(doc, "sources")
        if e.tag == "li"
        for a in doc.all("a")
        if e in a.parents
    ]
    assert [s for s in SERVICE_SITES if not any(s in href for href in cited)] == []
    assert doc.first("p", **{"class": "meta"}).text.startswith("Facts checked ")
