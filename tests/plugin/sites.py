"""A tiny site for building with the screener plugin, shared by the plugin's tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.sites import SMALL_SITE, build_site

ARTICLE = """Title: A test article
Date: 2026-11-20
Reviewed: 2026-11-21
Summary: A short summary.
Category: Basics
Tags: test

Some text.
"""


def make_project(folder: Path, screeners: tuple[str, ...] = ("phq-9", "gad-7")) -> Path:
    """One article and some real definitions, with the real theme and settings.

    Each page a definition's results link to ("read more") gets a stand-in
    article, so that the links lead somewhere, as they must.
    """
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "screeners").mkdir()
    (content / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    for name in screeners:
        add_screener(folder, name)
    return folder


def add_screener(project: Path, name: str) -> None:
    """Copy a real definition into the tiny site, with stand-ins for the pages it links to."""
    from screeners.loader import check_file

    source = ROOT / "content" / "screeners" / f"{name}.yaml"
    shutil.copy(source, project / "content" / "screeners")
    screener = check_file(source).definition.screener
    holders = [*(screener.bands.ranges if screener.bands else ()), *screener.outcomes]
    for link in (link for holder in [*holders, *screener.flags] for link in holder.read_more):
        slug = link.href.strip("/").split("#")[0]
        stand_in = project / "content" / "articles" / f"{slug}.md"
        if slug and not stand_in.exists():
            text = ARTICLE.replace("A test article", f"Stand-in for {slug}")
            stand_in.write_text(text, encoding="utf-8")


def build(project: Path, **overrides) -> Path:
    """Build the tiny site with the site's settings plus `overrides`; return out/."""
    return build_site(
        project / "content", project / "out", project / "cache", **{**SMALL_SITE, **overrides}
    )
