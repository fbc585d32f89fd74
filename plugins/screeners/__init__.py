"""Pelican plugin: compile screener definitions into private in-browser self-checks.

Each definition in content/screeners/ becomes a page at /self-checks/<id>/
with a server-rendered form, scored in the visitor's browser by the
`screener_engine` package running on Pyodide in a Web Worker. An article
embeds a self-check with a line of its own: `[self-check: phq-9]`.

The build's state is one object, the `ScreenerGenerator` Pelican makes for
each build; the handlers below only find it and hand it the work.
"""

from __future__ import annotations

import author_errors
from pelican import signals

from .catalog import ScreenerBuildError
from .generator import ScreenerGenerator, embed_everywhere

__all__ = ["ScreenerBuildError", "ScreenerGenerator", "register"]


def _generator(pelican):
    return ScreenerGenerator


def _feed(context, feed) -> None:
    # Feeds get a link to the self-check instead of its form (see Catalog.for_feed).
    catalog = context.get("screener_catalog")
    if catalog is None:  # pragma: no cover - the generator adds it before any feed
        return
    domain = context.get("FEED_DOMAIN") or context.get("SITEURL", "")
    for item in feed.items:
        for key in ("description", "content"):
            if item.get(key):
                item[key] = catalog.for_feed(item[key], domain)


def register() -> None:
    """Connect the plugin to Pelican's signals."""
    author_errors.install()
    signals.get_generators.connect(_generator)
    signals.all_generators_finalized.connect(embed_everywhere)
    signals.feed_generated.connect(_feed)
