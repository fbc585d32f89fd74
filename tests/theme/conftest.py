"""Fixtures for the theme and navigation tests: a tiny fixture site built with the real settings."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests import sites

from .htmldoc import Document, read

ROOT = Path(__file__).resolve().parents[2]
TINY_SITE = Path(__file__).resolve().parent / "site"


class TinySite:
    """A built copy of tests/theme/site: its output folder and any warnings logged."""

    def __init__(self, output: Path, warnings: list[str]):
        self.output = output
        self.warnings = warnings

    def page(self, path: str) -> Document:
        """The page at a site path such as 'alpha/' or '404.html'."""
        target = self.output / path
        if path.endswith("/") or not path:
            target = target / "index.html"
        return read(target, self.output)

    def html(self, path: str) -> str:
        return self.page(path).source


def build_site(tmp_path: Path, caplog, **overrides) -> TinySite:
    """Build the fixture site with pelicanconf.py plus `overrides`, into `tmp_path`."""
    output = tmp_path / "out"
    # The real site's topic order names the real categories, not the fixture's.
    overrides = {"NAVIGATION_TOPIC_ORDER": [], "SCREENER_ORDER": [], **overrides}
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        sites.build_site(TINY_SITE, output, tmp_path / "cache", **overrides)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return TinySite(output, warnings)


@pytest.fixture
def tiny_site(tmp_path, caplog) -> TinySite:
    """The fixture site built with the project's settings (no provider)."""
    site = build_site(tmp_path, caplog)
    assert site.warnings == []
    return site


@pytest.fixture
def build_tiny_site(tmp_path, caplog):
    """Build the fixture site with setting overrides: `build_tiny_site(PROVIDER={...})`."""
    counter = iter(range(1000))

    def build(**overrides) -> TinySite:
        return build_site(tmp_path / f"build{next(counter)}", caplog, **overrides)

    return build
