"""The navigation plugin: its pure functions, and what they do to a tiny built site."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from content_checks import ContentError
from navigation import _menu_key, ordered_topics
from navigation.neighbors import category_neighbors, related_articles
from navigation.outline import h2_outline, plain_text, reading_minutes, word_count
from navigation.tables import table_label, wrap_tables

from .conftest import TINY_SITE, build_site

# --- outline: headings and reading time ----------------------------------------


def test_h2_outline_keeps_ids_and_plain_text_in_order():
    html = (
        '<h2 id="one">First <em>part</em></h2><p>x</p>'
        '<h3 id="sub">Not an h2</h3>'
        "<h2>No id, cannot be linked</h2>"
        '<h2 id="two">What &ldquo;IOP&rdquo;\n  means</h2>'
    )
    assert h2_outline(html) == [("one", "First part"), ("two", "What “IOP” means")]


def test_h2_outline_of_nothing_is_empty():
    assert h2_outline("") == []
    assert h2_outline("<p>No headings at all.</p>") == []


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (400, 2), (401, 3), (1000, 5)]
)
def test_reading_minutes_is_words_over_200_rounded_up_at_least_1(words, minutes):
    html = "<p>" + " ".join(["word"] * words) + "</p>"
    assert reading_minutes(html) == minutes


def test_word_count_ignores_tags_scripts_and_punctuation():
    html = (
        '<p>One <a href="/x">two</a> three&nbsp;— four.</p><script>var not_counted = 1;</script>'
        "<style>p { color: red }</style><ul><li>five</li><li>six-seven</li></ul>"
        "<p>don't</p>"
    )
    assert word_count(html) == 7
    assert plain_text("<p>a</p><p>b</p>") == "a b"


# --- neighbours and related articles ----------------------------------------------


def _article(title, day, category, tags=()):
    return SimpleNamespace(
        title=title, date=dt.datetime(2025, 1, day), category=category, tags=list(tags)
    )


def test_neighbours_are_in_date_then_title_order_within_each_category():
    a = _article("A", 1, "Basics")
    c = _article("C", 5, "Basics")
    b = _article("B", 5, "Basics")  # same day as C: B comes first by title
    x = _article("X", 2, "Care")
    found = category_neighbors([c, x, a, b])
    assert found[id(a)] == (None, b)
    assert found[id(b)] == (a, c)
    assert found[id(c)] == (b, None)
    assert found[id(x)] == (None, None)


def test_related_ranks_shared_tags_then_category_then_date_and_skips_unrelated():
    me = _article("Me", 10, "Basics", ["t1", "t2"])
    two_tags_other_category = _article("Two tags", 1, "Care", ["t1", "t2"])
    one_tag_same_category = _article("One tag, same", 2, "Basics", ["t1"])
    one_tag_other_new = _article("One tag, other, new", 9, "Care", ["t2"])
    one_tag_other_old = _article("One tag, other, old", 3, "Care", ["t2"])
    same_category_only = _article("Same category", 4, "Basics", ["zzz"])
    unrelated = _article("Unrelated", 20, "Care", ["zzz"])
    everyone = [
        me,
        unrelated,
        same_category_only,
        one_tag_other_old,
        one_tag_other_new,
        one_tag_same_category,
        two_tags_other_category,
    ]
    assert related_articles(me, everyone, limit=10) == [
        two_tags_other_category,
        one_tag_same_category,
        one_tag_other_new,
        one_tag_other_old,
        same_category_only,
    ]
    assert related_articles(me, everyone) == [
        two_tags_other_category,
        one_tag_same_category,
        one_tag_other_new,
    ]
    assert related_articles(unrelated, [unrelated, me]) == []


# --- tables ----------------------------------------------------------------------------

WIDE = (
    "<table><thead><tr><th>Kind</th><th>Where <em>you</em> sleep</th><th>Hours</th></tr></thead>"
    "<tbody><tr><td>a</td><td>b</td><td>c</td></tr></tbody></table>"
)
NARROW = "<table><tr><th>Day</th><th>Plan</th></tr><tr><td>Mon</td><td>Rest</td></tr></table>"


def test_wide_tables_get_a_labelled_keyboard_scroll_region_and_narrow_ones_do_not():
    out = str(wrap_tables(f"<p>x</p>{WIDE}<p>y</p>{NARROW}"))
    assert out == (
        '<p>x</p><div class="table-scroll" role="region" tabindex="0" '
        f'aria-label="Table: Kind, Where you sleep, Hours">{WIDE}</div><p>y</p>{NARROW}'
    )


def test_table_label_prefers_the_caption_escapes_and_shortens():
    assert table_label(
        "<table><caption>Costs &amp; hours</caption><tr><th>x</th></tr></table>"
    ) == ("Table: Costs & hours")
    long_row = "<table><tr>" + "<th>Column heading</th>" * 20 + "</tr></table>"
    label = table_label(long_row)
    assert len(label) <= len("Table: ") + 100
    assert label.endswith("…")
    quoted = wrap_tables('<table><tr><th>"a"</th><th>b</th><th>c</th></tr></table>')
    assert 'aria-label="Table: &quot;a&quot;, b, c"' in str(quoted)


def test_colspan_counts_as_columns():
    html = '<table><tr><th colspan="3">All</th></tr></table>'
    assert 'class="table-scroll"' in str(wrap_tables(html))


# --- menu order ----------------------------------------------------------------------


def test_menu_order_is_by_number_then_pages_without_one_by_title(caplog):
    pages = [
        SimpleNamespace(title="Zeta", order=None),
        SimpleNamespace(title="Ten", order="10"),
        SimpleNamespace(title="Two", order="2"),
        SimpleNamespace(title="Alpha", order=None),
    ]
    assert [p.title for p in sorted(pages, key=_menu_key)] == ["Two", "Ten", "Alpha", "Zeta"]


def test_a_menu_order_that_is_not_a_number_is_a_warning_naming_the_file(caplog):
    page = SimpleNamespace(title="Oops", order="first", source_path="content/pages/oops.md")
    with caplog.at_level(logging.WARNING):
        assert _menu_key(page) == (1, 0.0, "oops")
    assert caplog.messages == [
        "content/pages/oops.md: Order: 'first' is not a number; write a whole number such "
        "as 'Order: 2' (pages with smaller numbers come first in the menu)"
    ]


# --- the tiny site, built ----------------------------------------------------------------


def _main_nav(doc):
    nav = doc.first("nav", **{"aria-label": "Main"})
    return nav, [a for a in doc.all("a") if nav in a.parents]


def test_long_articles_get_a_table_of_contents_of_their_h2s(tiny_site):
    doc = tiny_site.page("alpha/")
    toc = doc.first("nav", **{"aria-labelledby": "toc-heading"})
    assert toc is not None
    links = [(a.get("href"), a.text) for a in doc.all("a") if a.inside("nav", **{"class": "toc"})]
    assert links == [
        ("#why-this-matters", "Why this matters"),
        ("#what-happens", "What happens"),
        ("#who-it-helps", "Who it helps"),
        ("#how-long-it-lasts", "How long it lasts"),
        ("#questions-to-ask", "Questions to ask"),
    ]
    for href, _ in links:
        assert doc.by_id(href[1:]).tag == "h2"


def test_articles_with_fewer_than_4_h2s_have_no_table_of_contents(tiny_site):
    doc = tiny_site.page("beta/")
    assert doc.by_class("toc") == []
    assert "On this page" not in doc.source


def _header(doc):
    return doc.by_class("article-header")[0]


def test_meta_line_shows_reading_time_author_and_the_day_the_facts_were_checked(tiny_site):
    alpha = tiny_site.page("alpha/")
    line = next(e for e in alpha.by_class("meta") if _header(alpha) in e.parents)
    assert line.text == "3 min read By Test Writer Facts checked June 1, 2025"
    times = [e.get("datetime") for e in alpha.all("time") if _header(alpha) in e.parents]
    assert times == ["2025-06-01", "2025-06-30"]

    beta = tiny_site.page("beta/")
    line = next(e for e in beta.by_class("meta") if _header(beta) in e.parents)
    # No Author line: the site's editorial team (the AUTHOR setting), never a made-up name.
    assert line.text == "1 min read By the IOP Guide editorial team Facts checked November 3, 2025"


def test_a_complete_clinical_review_is_shown_with_name_credential_and_day(tiny_site):
    alpha = tiny_site.page("alpha/")
    (review,) = alpha.by_class("review")
    assert review.get("class") == "review review-done"
    assert review.text == "Reviewed by Dr. Test Person, MD, on June 30, 2025."
    assert "Not yet reviewed" not in alpha.source


def test_without_a_complete_review_the_page_says_so_and_claims_none(tiny_site):
    # beta names no reviewer; delta names one but gives no credential.
    for name in ("beta/", "delta/"):
        doc = tiny_site.page(name)
        (review,) = doc.by_class("review")
        assert review.get("class") == "review review-pending", name
        assert review.text == (
            "Not yet reviewed by a clinician. Please check important facts with a doctor or "
            "counselor."
        ), name
        assert "Reviewed by" not in doc.source, name
        assert "Dr. Test Person" not in doc.source, name


def test_the_not_reviewed_note_points_to_the_sources_when_there_are_some(tiny_site):
    gamma = tiny_site.page("gamma/")
    (review,) = gamma.by_class("review")
    assert review.text == (
        "Not yet reviewed by a clinician. Its facts come from the public pages listed under "
        "Sources."
    )
    (link,) = [a for a in gamma.all("a") if review in a.parents]
    assert link.get("href") == "#sources"
    assert gamma.by_id("sources").tag == "h2"


def test_summary_is_the_lede(tiny_site):
    doc = tiny_site.page("alpha/")
    assert doc.by_class("lede")[0].text == "The first guide, long enough for a table of contents."


def test_breadcrumbs_are_home_category_title_with_the_current_page_marked(tiny_site):
    doc = tiny_site.page("gamma/")
    crumbs = doc.first("nav", **{"aria-label": "Breadcrumb"})
    assert crumbs is not None
    items = [a for a in doc.all("a") if crumbs in a.parents]
    assert all(a.inside("ol") and a.inside("li") for a in items)
    assert [(a.text, a.get("href"), a.get("aria-current")) for a in items] == [
        ("Home", "../", None),
        ("Basics", "../topics/basics/", None),
        ("Gamma guide", "../gamma/", "page"),
    ]


def _pager(doc):
    return {
        a.get("rel"): (a.get("href"), a.text)
        for a in doc.all("a")
        if a.inside("nav", **{"class": "pager"})
    }


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("alpha/", {"next": ("../beta/", "Next Beta guide")}),
        (
            "beta/",
            {
                "prev": ("../alpha/", "Previous Alpha guide"),
                "next": ("../gamma/", "Next Gamma guide"),
            },
        ),
        ("gamma/", {"prev": ("../beta/", "Previous Beta guide")}),
        ("delta/", {"next": ("../epsilon/", "Next Epsilon guide")}),
    ],
)
def test_previous_and_next_stay_in_the_category(tiny_site, path, expected):
    doc = tiny_site.page(path)
    assert _pager(doc) == expected
    nav = doc.by_class("pager")[0]
    assert nav.tag == "nav" and nav.get("aria-label").startswith("More in ")


def test_related_articles_are_ranked_and_unrelated_ones_left_out(tiny_site):
    def related(path):
        doc = tiny_site.page(path)
        return [a.text for a in doc.all("a") if a.inside("section", **{"class": "related"})]

    assert related("alpha/") == ["Delta guide", "Beta guide", "Gamma guide"]
    assert related("epsilon/") == ["Delta guide"]


def test_wide_tables_scroll_in_a_region_and_narrow_tables_stay_plain(tiny_site):
    doc = tiny_site.page("alpha/")
    tables = doc.all("table")
    assert len(tables) == 2
    wide, narrow = tables
    region = wide.parents[-1]
    assert region.get("class") == "table-scroll"
    assert region.get("role") == "region"
    assert region.get("tabindex") == "0"
    assert region.get("aria-label") == "Table: Kind, Where, Hours, Who"
    assert "table-scroll" not in narrow.parents[-1].classes


def test_nav_lists_home_topics_self_checks_search_and_crisis_help(tiny_site):
    doc = tiny_site.page("about/")
    _, links = _main_nav(doc)
    assert [a.text for a in links] == ["Home", "Topics", "Self-checks", "Search", "Get help now"]
    assert [a.get("href") for a in links] == [
        "../",
        "../topics/",
        "../self-checks/",
        "../search/",
        "../get-help-now/",
    ]


def test_the_footer_lists_the_other_pages_by_order(tiny_site):
    doc = tiny_site.page("about/")
    footer = doc.first("nav", **{"aria-label": "Browse"})
    assert [a.text for a in doc.all("a") if footer in a.parents] == [
        "About",
        "Privacy",
        "Accessibility",
        "All topics",
        "All tags",
        "Get help now",
    ]


@pytest.mark.parametrize(
    ("path", "current"),
    [("", "Home"), ("topics/", "Topics"), ("get-help-now/", "Get help now"), ("alpha/", None)],
)
def test_the_current_page_is_marked_in_the_nav(tiny_site, path, current):
    _, links = _main_nav(tiny_site.page(path))
    marked = [a.text for a in links if a.get("aria-current") == "page"]
    assert marked == ([current] if current else [])


def _version(relative: str) -> str:
    """The ?v= a theme file's URL must carry: a hash of its current content."""
    data = (Path(__file__).resolve().parents[2] / "theme" / "static" / relative).read_bytes()
    return "?v=" + hashlib.sha256(data).hexdigest()[:10]


def test_the_404_page_links_from_the_site_root_in_a_development_build(tiny_site):
    doc = tiny_site.page("404.html")
    assert doc.first("link", rel="stylesheet").get("href") == "/theme/css/site.css" + _version(
        "css/site.css"
    )
    assert doc.first("link", rel="icon").get("href") == "/theme/favicon.svg" + _version(
        "favicon.svg"
    )
    assert doc.first("a", **{"class": "crisis-more"}).get("href") == "/get-help-now/"
    assert '<a href="/alpha/">the first guide</a>' in doc.source
    assert doc.first("meta", name="robots").get("content") == "noindex"
    # Other pages keep their relative links.
    about = tiny_site.page("about/")
    assert about.first("link", rel="stylesheet").get("href") == "../theme/css/site.css" + _version(
        "css/site.css"
    )
    assert '<a href="../alpha/">the first guide</a>' in about.source


def test_production_build_uses_absolute_urls_everywhere_even_on_the_404_page(
    build_tiny_site,
):
    site = build_tiny_site(SITEURL="https://iop.example.org", RELATIVE_URLS=False)
    assert site.warnings == []
    doc = site.page("404.html")
    assert doc.first("link", rel="stylesheet").get("href") == (
        "https://iop.example.org/theme/css/site.css" + _version("css/site.css")
    )
    assert '<a href="https://iop.example.org/alpha/">' in doc.source


def test_no_provider_box_unless_the_provider_setting_is_set(tiny_site, build_tiny_site):
    doc = tiny_site.page("alpha/")
    notice = doc.by_class("notice")[0]
    heading = doc.by_id("notice-heading")
    assert heading.text == "This is general information, not medical advice"
    assert notice in heading.parents
    assert doc.by_class("provider") == []

    site = build_tiny_site(
        PROVIDER={"name": "Example Clinic", "phone": "555 0100", "url": "https://clinic.example/in"}
    )
    assert site.warnings == []
    doc = site.page("alpha/")
    box = doc.by_class("provider")[0]
    links = [(a.get("href"), a.text) for a in doc.all("a") if box in a.parents]
    assert links == [
        ("tel:5550100", "Call 555 0100"),
        ("https://clinic.example/in", "Visit Example Clinic’s website"),
    ]
    assert "Example Clinic" in box.text


def test_the_attributes_survive_a_build_from_the_content_cache(tmp_path, caplog):
    first = build_site(tmp_path / "one", caplog, CACHE_PATH=str(tmp_path / "cache"))
    cache_files = list((tmp_path / "cache").rglob("*"))
    assert cache_files, "the first build wrote no content cache"
    second = build_site(tmp_path / "two", caplog, CACHE_PATH=str(tmp_path / "cache"))
    assert first.warnings == second.warnings == []
    for path in ("alpha/", "beta/", "epsilon/"):
        assert first.html(path) == second.html(path)
    assert "On this page" in second.html("alpha/")


def test_a_non_number_order_stops_the_build_with_its_line(tmp_path, caplog):
    site_copy = tmp_path / "site"
    shutil.copytree(TINY_SITE, site_copy)
    page = site_copy / "pages" / "privacy.md"
    page.write_text(page.read_text().replace("Order: 10", "Order: last"))
    line = page.read_text().splitlines().index("Order: last") + 1
    with pytest.raises(ContentError) as caught:
        build_site(tmp_path / "build", caplog, PATH=str(site_copy))
    assert [p.line for p in caught.value.problems] == [line]
    assert str(caught.value.problems[0]).endswith(
        f"pages/privacy.md:{line}: Order: 'last' is not a number; write a whole number such as "
        "'Order: 2' (pages with smaller numbers come first in the menu)"
    )


# --- topic order ---------------------------------------------------------------------------


def test_topics_follow_the_setting_then_a_to_z_with_articles_in_reading_order(caplog):
    a = _article("A", 3, "Basics")
    b = _article("B", 1, "Basics")
    c = _article("C", 1, "care")
    d = _article("D", 1, "Zebra")
    assert ordered_topics([a, b, c, d], {}) == [("Basics", [b, a]), ("care", [c]), ("Zebra", [d])]
    settings = {"NAVIGATION_TOPIC_ORDER": ["zebra", "Care"]}
    assert [name for name, _ in ordered_topics([a, b, c, d], settings)] == [
        "Zebra",
        "care",
        "Basics",
    ]
    assert caplog.messages == []


def test_an_unknown_topic_in_the_setting_is_a_warning_listing_the_real_ones(caplog):
    with caplog.at_level(logging.WARNING):
        ordered_topics([_article("A", 1, "Basics")], {"NAVIGATION_TOPIC_ORDER": ["Basic"]})
    assert caplog.messages == [
        "NAVIGATION_TOPIC_ORDER: 'Basic' is not the category of any article; the categories "
        "are 'Basics' (check the spelling in pelicanconf.py)"
    ]


def test_home_page_groups_articles_by_topic_in_the_configured_order(build_tiny_site):
    def groups(site):
        doc = site.page("")
        return [h.text for h in doc.by_class("group-title")]

    assert groups(build_tiny_site()) == ["Basics", "Care"]
    site = build_tiny_site(NAVIGATION_TOPIC_ORDER=["Care"])
    assert site.warnings == []
    assert groups(site) == ["Care", "Basics"]
    doc = site.page("")
    titles = [h.text for h in doc.all("h4")]
    assert titles == ["Delta guide", "Epsilon guide", "Alpha guide", "Beta guide", "Gamma guide"]
    topics = site.page("topics/")
    assert [h.text for h in topics.all("h2")] == ["Care", "Basics"]


def test_text_from_front_matter_is_escaped_in_attributes_and_text(tiny_site):
    doc = tiny_site.page("gamma/")
    summary = "Same date as Beta, so it comes after Beta by title (A & B)."
    assert doc.first("meta", name="description").get("content") == summary
    assert doc.by_class("lede")[0].text == summary
    assert "(A &amp; B)." in doc.source
    assert "(A & B)" not in doc.source
