"""The plugin's settings: `SCREENER_*` values with defaults that need no configuration."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

DEFAULTS = {
    # Where the definitions live, relative to Pelican's PATH (content/).
    "SCREENER_PATH": "screeners",
    # The address and file of each self-check's own page, and of the list of them.
    "SCREENER_URL": "self-checks/{slug}/",
    "SCREENER_SAVE_AS": "self-checks/{slug}/index.html",
    "SCREENER_INDEX_URL": "self-checks/",
    "SCREENER_INDEX_SAVE_AS": "self-checks/index.html",
    # Where the scripts, the engine and the snapshot go in the output.
    "SCREENER_ASSETS_PATH": "static/screeners",
    # Where the Pyodide runtime comes from (the pinned npm package) and goes to.
    "SCREENER_RUNTIME_SOURCE": "node_modules/pyodide",
    "SCREENER_RUNTIME_PATH": "static/pyodide",
    # Ship a Pyodide memory snapshot with the engine loaded (much faster start).
    "SCREENER_SNAPSHOT": True,
    # Kept here between builds: the snapshot, definitions that passed their
    # checks, compiled templates, and the sealed runtime copies the output links to.
    "SCREENER_CACHE_PATH": ".cache/screeners",
    # The Node.js executable that makes the snapshot.
    "SCREENER_NODE": "node",
    # The order of the self-checks in lists (ids); others follow, A to Z.
    "SCREENER_ORDER": [],
}


class SettingsError(Exception):
    """A SCREENER_* setting has a value the plugin cannot use."""

    is_author_error = True


class ScreenerSettings(NamedTuple):
    """The validated SCREENER_* settings, read once per build.

    A NamedTuple (frozen, like the dataclass it was) because every build makes
    this class: a frozen dataclass costs about 2 ms to make on Python 3.11.
    """

    definitions_path: Path
    url: str
    save_as: str
    index_url: str
    index_save_as: str
    assets_path: str
    runtime_source: Path
    runtime_path: str
    snapshot: bool
    cache_path: Path
    node: str
    siteurl: str
    order: tuple[str, ...] = ()

    @classmethod
    def from_pelican(cls, settings: dict) -> ScreenerSettings:
        """Read and check the SCREENER_* values of a Pelican settings dict."""
        values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
        problems = []
        for key, value in values.items():
            expected = type(DEFAULTS[key])
            if not isinstance(value, expected):
                problems.append(
                    f"{key} must be a {expected.__name__} (got {value!r}); the default is "
                    f"{DEFAULTS[key]!r}"
                )
        for key in ("SCREENER_URL", "SCREENER_SAVE_AS"):
            if isinstance(values[key], str) and "{slug}" not in values[key]:
                problems.append(f"{key} must contain {{slug}} (got {values[key]!r})")
        for key in ("SCREENER_SAVE_AS", "SCREENER_INDEX_SAVE_AS"):
            if isinstance(values[key], str) and not values[key].endswith(".html"):
                problems.append(f"{key} must name an .html file (got {values[key]!r})")
        for key in ("SCREENER_ASSETS_PATH", "SCREENER_RUNTIME_PATH"):
            if isinstance(values[key], str) and (
                values[key].startswith("/") or ".." in values[key]
            ):
                problems.append(f"{key} must be a folder inside the output (got {values[key]!r})")
        if problems:
            raise SettingsError("Screener settings in pelicanconf.py: " + "; ".join(problems))
        return cls(
            definitions_path=Path(settings["PATH"]) / values["SCREENER_PATH"],
            url=values["SCREENER_URL"],
            save_as=values["SCREENER_SAVE_AS"],
            index_url=values["SCREENER_INDEX_URL"],
            index_save_as=values["SCREENER_INDEX_SAVE_AS"],
            assets_path=values["SCREENER_ASSETS_PATH"].strip("/"),
            runtime_source=_absolute(values["SCREENER_RUNTIME_SOURCE"]),
            runtime_path=values["SCREENER_RUNTIME_PATH"].strip("/"),
            snapshot=values["SCREENER_SNAPSHOT"],
            cache_path=_absolute(values["SCREENER_CACHE_PATH"]),
            node=values["SCREENER_NODE"],
            siteurl=settings.get("SITEURL", ""),
            order=tuple(values["SCREENER_ORDER"]),
        )

    def page_url(self, slug: str) -> str:
        """The self-check page's address, relative to the site root."""
        return self.url.format(slug=slug)

    def page_save_as(self, slug: str) -> str:
        """The self-check page's file, relative to the output folder."""
        return self.save_as.format(slug=slug)

    def asset_url(self, relative: str) -> str:
        """An output file's address as pages embed it (root-relative when SITEURL is '')."""
        return f"{self.siteurl}/{relative}"


def _absolute(path: str) -> Path:
    # Relative paths are relative to where the build runs (the project root,
    # as `make` and the tests run it), like Pelican's own CACHE_PATH.
    return Path(path) if os.path.isabs(path) else Path.cwd() / path
