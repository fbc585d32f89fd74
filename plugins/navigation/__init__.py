"""Pelican plugin: reader navigation (table of contents, related articles, previous/next).

Once all articles are read (`article_generator_finalized`), every article gets:

- `toc`: the `(id, text)` of each `<h2>` in its content (the theme shows a
  table of contents from 4 headings up);
- `reading_minutes`: words / 200, rounded up, at least 1;
- `prev_in_category` / `next_in_category`: its neighbours in its category,
  oldest first, then by title (None at either end);
- `related`: up to 3 other articles ranked by shared tags, then same
  category, then date.

The template context gets `topics`: `(category, articles)` pairs with the
articles in reading order and the categories in the order of the setting
`NAVIGATION_TOPIC_ORDER` (a list of category names; categories not named
follow in A-Z order). Without the setting, all are in A-Z order.

Once all pages are read (`page_generator_finalized`), the template context
gets `nav_pages`: the published pages sorted by their `Order:` field (pages
without one come last, by title).

Every generator's template environment gets the filter `wrap_tables`
(`{{ article.content|wrap_tables }}`): tables of 3 or more columns scroll
sideways in a labelled region instead of widening the page.

The handlers run after Pelican has saved its content cache, so the attributes
they add are never pickled into it and a cached build gets them afresh.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals

from .neighbors import category_neighbors, reading_order, related_articles
from .outline import h2_outline, reading_minutes
from .tables import wrap_tables

__all__ = [
    "add_article_navigation",
    "add_menu_pages",
    "add_template_filters",
    "ordered_topics",
    "register",
]

logger = logging.getLogger(__name__)


def _html(content: Any) -> str:
    # The HTML as Markdown produced it, before Pelican rewrites {filename}
    # links for a particular SITEURL; links do not matter for these counts.
    return getattr(content, "_content", None) or ""


def _describe(content: Any) -> None:
    html = _html(content)
    content.toc = h2_outline(html)
    content.reading_minutes = reading_minutes(html)


def add_article_navigation(generator: Any) -> None:
    """Set `toc`, `reading_minutes`, `prev_in_category`, `next_in_category` and `related`.

    Only published articles in the default language are linked to each other;
    translations, hidden articles and drafts get a table of contents and a
    reading time but no neighbours, so their templates still render.
    """
    published = list(generator.articles)
    neighbors = category_neighbors(published)
    for article in published:
        _describe(article)
        article.prev_in_category, article.next_in_category = neighbors.get(
            id(article), (None, None)
        )
        article.related = related_articles(article, published)
    generator.context["topics"] = ordered_topics(published, generator.settings)
    for name in (
        "translations",
        "hidden_articles",
        "hidden_translations",
        "drafts",
        "drafts_translations",
    ):
        for article in getattr(generator, name, None) or ():
            _describe(article)
            article.prev_in_category = article.next_in_category = None
            article.related = []


def ordered_topics(articles: list[Any], settings: dict) -> list[tuple[Any, list[Any]]]:
    """Group articles by category, in reading order, categories as NAVIGATION_TOPIC_ORDER says.

    A name in the setting that is no article's category is logged as a
    warning (so a `--fatal warnings` build stops), with the names that exist.
    """
    groups: dict[Any, list[Any]] = {}
    for article in articles:
        category = getattr(article, "category", None)
        if category is not None:
            groups.setdefault(category, []).append(article)
    wanted = [str(name) for name in settings.get("NAVIGATION_TOPIC_ORDER") or ()]
    known = {str(category).casefold(): category for category in groups}
    for name in wanted:
        if name.casefold() not in known:
            logger.warning(
                "NAVIGATION_TOPIC_ORDER: '%s' is not the category of any article; "
                "the categories are %s (check the spelling in pelicanconf.py)",
                name,
                ", ".join(f"'{c}'" for c in sorted(map(str, groups), key=str.casefold)),
            )
    rank = {name.casefold(): index for index, name in enumerate(wanted)}

    def topic_key(category: Any) -> tuple:
        name = str(category).casefold()
        return (rank.get(name, len(rank)), name)

    return [
        (category, sorted(groups[category], key=reading_order))
        for category in sorted(groups, key=topic_key)
    ]


def _menu_key(page: Any) -> tuple:
    raw = getattr(page, "order", None)
    title = str(page.title).casefold()
    if raw is None or str(raw).strip() == "":
        return (1, 0.0, title)
    try:
        return (0, float(str(raw).strip()), title)
    except ValueError:
        source = getattr(page, "source_path", None) or page.title
        logger.warning(
            "%s: Order: '%s' is not a number; write a whole number such as 'Order: 2' "
            "(pages with smaller numbers come first in the menu)",
            os.path.relpath(source) if os.path.isabs(str(source)) else source,
            raw,
        )
        return (1, 0.0, title)


def add_menu_pages(generator: Any) -> None:
    """Put the published pages, in menu order, into the template context as `nav_pages`."""
    generator.context["nav_pages"] = sorted(generator.pages, key=_menu_key)


def add_template_filters(generator: Any) -> None:
    """Give a generator's Jinja environment the `wrap_tables` filter."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters.setdefault("wrap_tables", wrap_tables)


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(add_template_filters)
    signals.article_generator_finalized.connect(add_article_navigation)
    signals.page_generator_finalized.connect(add_menu_pages)
