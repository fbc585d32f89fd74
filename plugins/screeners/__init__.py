"""Pelican plugin: compile screener definitions into private in-browser self-checks.

Each definition in content/screeners/ becomes a page at /self-checks/<id>/
with a server-rendered form, scored in the visitor's browser by the
`screener_engine` package running on Pyodide in a Web Worker. An article
embeds a self-check with a line of its own: `[self-check: phq-9]`.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

_import_started = time.perf_counter()

import author_errors  # noqa: E402 (imports after the clock starts: see spent["import"])
from content_checks.sources import display_path  # noqa: E402
from pelican import signals  # noqa: E402

from .catalog import ScreenerBuildError, load_catalog, marker_line  # noqa: E402
from .generator import ScreenerGenerator  # noqa: E402
from .timing import spent, timed  # noqa: E402

__all__ = ["ScreenerBuildError", "register"]

logger = logging.getLogger(__name__)
spent["import"] = time.perf_counter() - _import_started

_catalog = None  # the catalog of the build in progress
# Every list of content objects the article and page generators keep.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "hidden_articles",
    "pages",
    "hidden_pages",
    "draft_pages",
)


@timed("checking")
def _load(pelican):
    # get_generators is sent at the start of every build, before any article
    # is read: a broken definition stops the build before anything is written.
    global _catalog
    _catalog = load_catalog(pelican.settings)
    return type("ScreenerGenerator", (ScreenerGenerator,), {"catalog": _catalog})


@timed("embedding")
def _embed(generators) -> None:
    problems = []
    for generator in generators:
        for attribute in CONTENT_LISTS:
            for content in getattr(generator, attribute, []):
                html, unknown = _catalog.embed(content._content)
                content._content = html
                for slug in unknown:
                    shown = display_path(content.source_path)
                    line = marker_line(content.source_path, slug)
                    where = f"{shown}:{line}" if line else shown
                    problems.append(f"{where}: {_catalog.unknown_slug_message(slug)}")
    if problems:
        raise ScreenerBuildError(problems)


@timed("feeds")
def _feed(context, feed) -> None:
    # Feeds get a link to the self-check instead of its form (see Catalog.for_feed).
    domain = context.get("FEED_DOMAIN") or context.get("SITEURL", "")
    for item in feed.items:
        for key in ("description", "content"):
            if item.get(key):
                item[key] = _catalog.for_feed(item[key], domain)


def _report(pelican) -> None:
    # What the plugin cost this build, at INFO (pelican -v shows it) and, for
    # the benchmarks, as JSON in the file SCREENER_TIMINGS names.
    parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in spent.items())
    logger.info("screeners: %.2f s in this plugin (%s)", sum(spent.values()), parts)
    if os.environ.get("SCREENER_TIMINGS"):
        Path(os.environ["SCREENER_TIMINGS"]).write_text(json.dumps(spent))
    spent.clear()  # a server rebuilding on change starts each build afresh


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    author_errors.install()
    signals.get_generators.connect(_load)
    signals.all_generators_finalized.connect(_embed)
    signals.feed_generated.connect(_feed)
    signals.finalized.connect(_report)
