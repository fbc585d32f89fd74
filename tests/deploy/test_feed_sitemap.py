"""Feed and sitemap: in every build (so `make html` shows them), with an author and dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from types import SimpleNamespace

from content_checks.frontmatter import parse
from sitemap_xml import content_day, last_changed, site_address, sitemap

import pelicanconf
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONTENT = ROOT / "content"


def _articles() -> dict[str, dict[str, str]]:
    """Published articles: address -> front-matter values."""
    found = {}
    for path in sorted((CONTENT / "articles").glob("*.md")):
        fields = parse(path.read_text(encoding="utf-8"), str(path)).fields
        values = {key: field.value for key, field in fields.items()}
        if values.get("status", "published").lower() == "published":
            found[f"{pelicanconf.PUBLIC_SITEURL}/{values.get('slug', path.stem)}/"] = values
    return found


def _newest_day(values: dict[str, str]) -> str:
    days = [values[key][:10] for key in ("date", "modified", "reviewed") if key in values]
    return max(days)


def _sitemap(site_dir) -> dict[str, str | None]:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall(f"{SITEMAP}url"):
        lastmod = url.find(f"{SITEMAP}lastmod")
        entries[url.find(f"{SITEMAP}loc").text] = None if lastmod is None else lastmod.text
    return entries


def test_every_build_has_the_feed_and_each_entry_names_its_author(site_dir):
    feed = ET.parse(site_dir / "feeds" / "all.atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(_articles())
    authors = [e.find(f"{ATOM}author/{ATOM}name").text for e in entries]
    # Every article names who wrote it (the content checks require it): the team
    # (AUTHOR in pelicanconf.py) or a real person.
    assert all(author and author.strip() for author in authors)
    assert pelicanconf.AUTHOR in authors


def test_the_sitemap_lists_every_page_but_the_404_page(site_dir):
    pages = set()
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(("drafts/", "pagefind/")) or relative == "404.html":
            continue
        address = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        pages.add(f"{pelicanconf.PUBLIC_SITEURL}/{address}")
    assert set(_sitemap(site_dir)) == pages
    assert b'name="robots" content="noindex"' in (site_dir / "404.html").read_bytes()


def test_articles_have_the_day_they_last_changed_or_were_reviewed(site_dir):
    entries = _sitemap(site_dir)
    articles = _articles()
    assert articles
    for address, values in articles.items():
        assert entries[address] == _newest_day(values), address


def test_lists_of_articles_have_the_day_their_newest_article_changed(site_dir):
    entries = _sitemap(site_dir)
    newest = max(_newest_day(values) for values in _articles().values())
    base = pelicanconf.PUBLIC_SITEURL
    for address in (f"{base}/", f"{base}/topics/", f"{base}/tags/"):
        assert entries[address] == newest, address
    topics = [a for a in entries if a.startswith(f"{base}/topics/") and a != f"{base}/topics/"]
    assert topics and all(entries[a] for a in topics)


def test_pages_without_a_date_get_none_rather_than_the_build_time(site_dir):
    entries = _sitemap(site_dir)
    base = pelicanconf.PUBLIC_SITEURL
    assert entries[f"{base}/about/"] is None
    assert entries[f"{base}/self-checks/phq-9/"] is None


def test_the_sitemap_text():
    assert sitemap(
        [("https://example.org/", dt.date(2026, 11, 22)), ("https://example.org/a&b/", None)]
    ) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url><loc>https://example.org/</loc><lastmod>2026-11-22</lastmod></url>\n"
        "  <url><loc>https://example.org/a&amp;b/</loc></url>\n"
        "</urlset>\n"
    )


def test_an_articles_day_is_the_newest_of_date_modified_and_reviewed():
    article = SimpleNamespace(
        date=dt.datetime(2026, 1, 2, 9, 30),
        modified=dt.datetime(2026, 3, 1),
        reviewed_date=dt.date(2026, 2, 1),
        status="published",
    )
    assert content_day(article) == dt.date(2026, 3, 1)
    assert last_changed("a/index.html", {"article": article}) == (True, dt.date(2026, 3, 1))
    draft = SimpleNamespace(date=dt.datetime(2026, 1, 2), status="draft")
    assert last_changed("drafts/a.html", {"article": draft}) == (False, dt.date(2026, 1, 2))


def test_addresses_are_absolute_in_every_build():
    assert site_address({"SITEURL": "", "PUBLIC_SITEURL": "https://x.example/"}) == (
        "https://x.example"
    )
    assert site_address(
        {"SITEURL": "https://y.example", "PUBLIC_SITEURL": "https://x.example"}
    ) == ("https://y.example")
    assert site_address({"SITEURL": "", "PUBLIC_SITEURL": ""}) is None
