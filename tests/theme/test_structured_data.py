"""Publish mode: canonical addresses, Open Graph tags and MedicalWebPage data."""

from __future__ import annotations

import json


def _ld(doc) -> dict:
    (block,) = [e for e in doc.all("script") if e.get("type") == "application/ld+json"]
    return json.loads(block.text)


def test_production_pages_have_canonical_and_open_graph(build_tiny_site):
    site = build_tiny_site(SITEURL="https://iop.example.org", RELATIVE_URLS=False)
    doc = site.page("alpha/")
    assert doc.first("link", rel="canonical").get("href") == "https://iop.example.org/alpha/"
    og = {m.get("property"): m.get("content") for m in doc.all("meta") if m.get("property")}
    assert og["og:url"] == "https://iop.example.org/alpha/"
    assert og["og:type"] == "article"
    assert og["og:title"].startswith(doc.first("h1").text)
    assert og["og:description"]
    data = _ld(doc)
    assert data["url"] == "https://iop.example.org/alpha/"
    assert data["isPartOf"]["url"] == "https://iop.example.org/"
    # The 404 page has no canonical address: it is served at any missing one.
    assert site.page("404.html").first("link", rel="canonical") is None


def test_development_pages_have_no_canonical_or_open_graph(tiny_site):
    doc = tiny_site.page("alpha/")
    assert doc.first("link", rel="canonical") is None
    assert not [m for m in doc.all("meta") if m.get("property")]
    assert "url" not in _ld(doc)


def test_a_complete_review_appears_in_the_data_with_the_credential(tiny_site):
    data = _ld(tiny_site.page("alpha/"))
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Test Person",
        "honorificSuffix": "MD",
    }
    # lastReviewed: the latest day the facts were checked, here the clinician's review.
    assert data["lastReviewed"] == "2025-06-30"
    assert data["author"] == {"@type": "Person", "name": "Test Writer"}


def test_no_reviewer_is_claimed_without_a_complete_review(tiny_site):
    for name, checked in (("beta/", "2025-11-03"), ("delta/", "2025-01-15")):
        data = _ld(tiny_site.page(name))
        assert "reviewedBy" not in data, name
        assert data["lastReviewed"] == checked, name
        assert data["author"] == {"@type": "Organization", "name": "IOP Guide editorial team"}


def test_every_article_names_the_publisher_from_the_settings(build_tiny_site):
    publisher = {
        "name": "Example Health Library",
        "url": "https://example.org/",
        "email": "x@example.org",
    }
    site = build_tiny_site(PUBLISHER=publisher)
    for name in ("alpha/", "beta/"):
        assert _ld(site.page(name))["publisher"] == {"@type": "Organization", **publisher}


def test_the_about_page_shows_the_publisher_and_contact_and_describes_them(build_tiny_site):
    publisher = {
        "name": "Example Health Library",
        "url": "https://example.org/",
        "email": "x@example.org",
    }
    site = build_tiny_site(PUBLISHER=publisher)
    about = site.page("about/")
    data = _ld(about)
    assert data["@type"] == "AboutPage"
    assert data["publisher"] == {"@type": "Organization", **publisher}
    section = about.by_id("contact")
    assert section.tag == "section"
    text = " ".join(p.text for p in about.all("p") if section in p.parents)
    assert text == (
        "This site is published by Example Health Library. Each article names who wrote it: a "
        "person, or the IOP Guide editorial team. To report a mistake, write to "
        "x@example.org. Please do not send personal health details. No one reads this address "
        "around the clock, so it is not a way to get help in a crisis: call or text 988, or call "
        "911."
    )
    links = {a.get("href") for a in about.all("a") if section in a.parents}
    assert {"https://example.org/", "mailto:x@example.org", "tel:988", "tel:911"} <= links
    # Other pages carry no publisher block.
    assert site.page("privacy/").by_id("contact") is None


def test_a_publisher_with_only_a_name_and_address_gives_only_those(build_tiny_site):
    site = build_tiny_site(PUBLISHER={"name": "Example Health Library", "email": "x@example.org"})
    expected = {"@type": "Organization", "name": "Example Health Library", "email": "x@example.org"}
    assert _ld(site.page("alpha/"))["publisher"] == expected
    assert _ld(site.page("about/"))["publisher"] == expected
    links = {a.get("href") for a in site.page("about/").all("a")}
    assert "mailto:x@example.org" in links
