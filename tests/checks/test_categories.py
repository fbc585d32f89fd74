"""One topic, one spelling: a Category differing only in case or spacing stops the build."""

from __future__ import annotations

from content_checks.categories import check_categories
from content_checks.runner import build_problems
from pelican.settings import DEFAULT_CONFIG

from .helpers import FRONT

SETTINGS = {**DEFAULT_CONFIG, "NAVIGATION_TOPIC_ORDER": []}


def front(category: str) -> str:
    return FRONT.replace("Category: Basics", f"Category: {category}")


def problems(site, categories: dict[str, str], settings=SETTINGS) -> list[str]:
    sources = [site.article("Text.\n", name, front(c)) for name, c in categories.items()]
    return [str(p) for p in check_categories(sources, settings)]


def test_the_same_spelling_everywhere_is_fine(site):
    assert problems(site, {"a.md": "Deciding on care", "b.md": "Deciding on care"}) == []


def test_different_topics_are_fine(site):
    assert problems(site, {"a.md": "Deciding on care", "b.md": "Understanding IOPs"}) == []


def test_a_change_of_case_names_both_spellings(site):
    assert problems(
        site,
        {"a.md": "Deciding on care", "b.md": "Deciding on care", "c.md": "deciding on Care"},
    ) == [
        "content/articles/c.md:5: Category: 'deciding on Care' and 'Deciding on care' (in "
        "content/articles/a.md) differ only in capitals, spaces or punctuation, so the site "
        "would make them one topic under one of the two names; write 'Deciding on care' here, "
        "or rename the topic in every article"
    ]


def test_extra_spaces_count_as_another_spelling(site):
    assert problems(site, {"a.md": "Deciding on care", "b.md": "Deciding  on care"}) == [
        "content/articles/b.md:5: Category: 'Deciding  on care' and 'Deciding on care' (in "
        "content/articles/a.md) differ only in capitals, spaces or punctuation, so the site "
        "would make them one topic under one of the two names; write 'Deciding on care' here, "
        "or rename the topic in every article"
    ]


def test_the_configured_topic_order_decides_which_spelling_is_kept(site):
    settings = {**SETTINGS, "NAVIGATION_TOPIC_ORDER": ["Understanding IOPs"]}
    assert problems(site, {"a.md": "Understanding iops"}, settings) == [
        "content/articles/a.md:5: Category: 'Understanding iops' and 'Understanding IOPs' (as "
        "NAVIGATION_TOPIC_ORDER in pelicanconf.py has it) differ only in capitals, spaces or "
        "punctuation, so the site would make them one topic under one of the two names; write "
        "'Understanding IOPs' here, or rename the topic in every article"
    ]


def test_a_draft_placeholder_is_not_a_topic(site):
    # `make new` writes Category: TODO; that is for the placeholder check to judge.
    assert problems(site, {"a.md": "TODO", "b.md": "Todo"}) == []


def test_the_build_stops_on_a_clash(site):
    site.article("Text.\n", "a.md", front("Deciding on care"))
    site.article("Text.\n", "b.md", front("Deciding On Care"))
    settings = {**SETTINGS, "PATH": str(site.content), "THEME": str(site.root / "theme")}
    (site.root / "theme").mkdir()
    found = [str(p) for p in build_problems(settings) if p.field == "Category"]
    assert found == [
        "content/articles/b.md:5: Category: 'Deciding On Care' and 'Deciding on care' (in "
        "content/articles/a.md) differ only in capitals, spaces or punctuation, so the site "
        "would make them one topic under one of the two names; write 'Deciding on care' here, "
        "or rename the topic in every article"
    ]
