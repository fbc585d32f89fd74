"""A tiny site for building with the screener plugin, shared by the plugin's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

ARTICLE = """Title: A test article
Date: 2026-11-20
Reviewed: 2026-11-21
Summary: A short summary.
Category: Basics
Tags: test

Some text.
"""


def make_project(folder: Path) -> Path:
    """One article and two real definitions, with the real theme and settings."""
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "screeners").mkdir()
    (content / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    for name in ("phq-9", "gad-7"):
        shutil.copy(ROOT / "content" / "screeners" / f"{name}.yaml", content / "screeners")
    return folder


def build(project: Path, **overrides) -> Path:
    """Build the tiny site in-process with the site's settings plus `overrides`; return out/."""
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(project / "content"),
            "OUTPUT_PATH": str(project / "out"),
            "CACHE_PATH": str(project / "cache"),
            "SCREENER_SNAPSHOT": False,  # the snapshot has its own tests; it takes seconds
            "NAVIGATION_TOPIC_ORDER": [],
            "SCREENER_ORDER": [],
            **overrides,
        },
    )
    Pelican(settings).run()
    return project / "out"
