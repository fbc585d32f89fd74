"""Decide what to read next: neighbours in a category and related articles.

These functions only look at `date`, `title`, `category` and `tags`, so they
work on Pelican articles and on any small stand-in object in tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

RELATED_LIMIT = 3


def reading_order(article: Any) -> tuple:
    """Sort key for reading order inside a category: oldest first, then by title."""
    return (article.date, str(article.title).casefold())


def category_neighbors(articles: Iterable[Any]) -> dict[int, tuple[Any, Any]]:
    """Map `id(article)` to its `(previous, next)` article in the same category.

    Within a category the articles are put in `reading_order`; the first has
    no previous and the last no next (None). Articles without a category are
    left out.
    """
    by_category: dict[Any, list[Any]] = defaultdict(list)
    for article in articles:
        category = getattr(article, "category", None)
        if category is not None:
            by_category[category].append(article)
    neighbors: dict[int, tuple[Any, Any]] = {}
    for members in by_category.values():
        members.sort(key=reading_order)
        for index, article in enumerate(members):
            previous = members[index - 1] if index > 0 else None
            following = members[index + 1] if index + 1 < len(members) else None
            neighbors[id(article)] = (previous, following)
    return neighbors


def _tag_keys(article: Any) -> set[str]:
    # Pelican's Tag objects compare by slug; plain strings (tests) by text.
    return {getattr(tag, "slug", str(tag)) for tag in getattr(article, "tags", None) or ()}


def related_articles(
    article: Any, candidates: Sequence[Any], limit: int = RELATED_LIMIT
) -> list[Any]:
    """Up to `limit` other articles that are related to `article`, best first.

    Ranked by the number of shared tags, then being in the same category, then
    date (newest first), then title. An article that shares no tag and not the
    category is not related and is never listed, so a small site shows fewer
    than `limit` rather than unrelated filler.
    """
    tags = _tag_keys(article)
    category = getattr(article, "category", None)
    scored = []
    for other in candidates:
        if other is article:
            continue
        shared = len(tags & _tag_keys(other))
        same_category = category is not None and getattr(other, "category", None) == category
        if shared == 0 and not same_category:
            continue
        scored.append((shared, same_category, other))
    # Two stable sorts: title A-Z first, then the real ranking, all descending.
    scored.sort(key=lambda item: str(item[2].title).casefold())
    scored.sort(key=lambda item: (item[0], item[1], item[2].date), reverse=True)
    return [other for _, _, other in scored[:limit]]
