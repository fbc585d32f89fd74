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


def test_a_reviewer_given_in_the_front_matter_appears_in_the_data(tiny_site):
    reviewed = [
        name
        for name in ("alpha/", "beta/", "gamma/", "delta/", "epsilon/")
        if "Reviewed by" in tiny_site.page(name).source
    ]
    assert reviewed, "the fixture site needs an article with a Reviewer"
    data = _ld(tiny_site.page(reviewed[0]))
    assert data["reviewedBy"]["@type"] == "Person" and data["reviewedBy"]["name"]
