"""Site search: private, in the browser, and nothing loaded until the reader types."""

from __future__ import annotations

from playwright.sync_api import expect


def test_search_loads_nothing_until_the_reader_types_then_finds_articles(guarded_page):
    page = guarded_page
    page.goto("/search/")
    box = page.get_by_role("searchbox", name="Search this site")
    expect(box).to_be_visible()
    assert not [r for r in page.guard.requests if "/pagefind/" in r.url]

    box.fill("group therapy")
    results = page.locator("[data-search-results] li")
    expect(results.first).to_be_visible(timeout=15_000)
    expect(page.locator("[data-search-status]")).to_contain_text("found")
    titles = results.locator("h2 a").all_text_contents()
    assert any("expect" in t.lower() for t in titles), titles
    # The query never reaches a URL: not the page's, not any request's.
    assert page.url.endswith("/search/")
    assert not [r for r in page.guard.requests if "group" in r.url.lower() or r.post_data]
    assert page.guard.problems() == []


def test_search_finds_self_checks_and_pages(guarded_page):
    page = guarded_page
    page.goto("/search/")
    page.get_by_role("searchbox", name="Search this site").fill("988")
    links = page.locator("[data-search-results] li h2 a")
    expect(links.first).to_be_visible(timeout=15_000)
    hrefs = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert any("get-help-now" in h for h in hrefs), hrefs


def test_search_without_javascript_points_to_the_topics(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/search/")
    expect(page.get_by_text("Search needs JavaScript")).to_be_visible()
    expect(page.get_by_role("searchbox")).to_be_hidden()
    context.close()


def test_search_finds_the_self_checks(guarded_page):
    page = guarded_page
    page.goto("/search/")
    page.get_by_role("searchbox", name="Search this site").fill("nervous anxious")
    links = page.locator("[data-search-results] li h2 a")
    expect(links.first).to_be_visible(timeout=15_000)
    hrefs = links.evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert any("/self-checks/gad-7/" in h for h in hrefs), hrefs
