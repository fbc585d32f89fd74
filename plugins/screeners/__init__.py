"""Pelican plugin: compile screener definitions into private in-browser self-checks.

Each definition in content/screeners/ becomes a page at /self-checks/<id>/
with a server-rendered form, scored in the visitor's browser by the
`screener_engine` package running on Pyodide in a Web Worker. An article
embeds a self-check with a line of its own: `[self-check: phq-9]`.

The build's state is one object, the `ScreenerGenerator` Pelican makes for
each build; the handlers below only find it and hand it the work.

What a build keeps for the next (SCREENER_CACHE_PATH, .cache/screeners/):
two kinds of file and nothing else. `checked-<hash>.json` holds the data of
a definition file whose exact text passed every check, test cases included,
under the current engine, loader, YAML reader and Python; a later build reads
it instead of parsing YAML (the slowest step) and only rebuilds the model
from it. A file with problems is never kept, so its problems are reported on
every build. `snapshot-<hash>.*` is one Pyodide runtime, engine and set of
definitions made ready for the browser: the memory snapshot (.bin), the
standard library trimmed to what it holds (.stdlib.zip) and the facts the
pages carry about every file the worker downloads (.json: SHA-256, sizes,
network sizes). Making them takes seconds of Node.js, so the two most
recently used are kept and older ones deleted. Everything else (the engine
zip, the views, the pages) is worked out afresh on every build, in a few
milliseconds.
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
