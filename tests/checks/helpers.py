"""Small sites and sources for the content-check tests, written into tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

from content_checks.scanner import Source, read_source

FRONT = (
    "Title: A test article\n"
    "Date: 2026-11-20\n"
    "Checked: 2026-11-21\n"
    "Summary: A short summary.\n"
    "Category: Basics\n"
    "Tags: test\n"
    "\n"
)
BODY_LINE = 8  # the first body line after FRONT


class Site:
    """A content folder in tmp_path (the current directory), so paths show as content/..."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "articles").mkdir(parents=True, exist_ok=True)
        (self.content / "pages").mkdir(parents=True, exist_ok=True)

    def write(self, relative: str, text: str = "x") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def article(self, body: str, name: str = "a.md", front: str = FRONT) -> Source:
        path = self.write(f"articles/{name}", front + body)
        return read_source(path, f"content/articles/{name}", "article")


ROOT = Path(__file__).resolve().parents[2]

# A complete article, as `make publish` accepts it: Author, Checked and Sources.
GOOD_ARTICLE = (
    "Title: Paying for an IOP\n"
    "Date: 2026-11-20\n"
    "Author: IOP Guide editorial team\n"
    "Checked: 2026-11-21\n"
    "Summary: How people pay for an IOP.\n"
    "Category: Basics\n"
    "Tags: cost, insurance\n"
    "\n"
    "Most health plans pay for an IOP. Call your plan and ask what you will pay.\n"
    "\n"
    "## Questions to ask\n"
    "\n"
    "Ask how many weeks the plan covers. Ask if you need a referral first.\n"
    "Read [about this site]({filename}/pages/about.md).\n"
    "\n"
    "## Sources\n"
    "\n"
    "- [Mental health and substance abuse coverage]"
    "(https://www.healthcare.gov/coverage/mental-health-substance-abuse-coverage/), "
    "HealthCare.gov. Checked November 21, 2026.\n"
)
GOOD_ARTICLE_END = 19  # the first line of anything a test appends to GOOD_ARTICLE
ABOUT_PAGE = "Title: About\nSummary: Who we are.\n\nWe explain IOPs in plain words.\n"


def project(tmp_path: Path, *, real_content: bool = False) -> Path:
    """A project to build: the real settings and theme, with the real or a tiny content folder."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(ROOT / "theme", root / "theme")
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    with (root / "pelicanconf.py").open("a", encoding="utf-8") as settings:
        # The screener plugin's Pyodide snapshot takes long and is not what these tests check.
        settings.write("\nSCREENER_SNAPSHOT = False\n")
        # A clean site has a real-looking publisher, not the placeholder (a warning).
        settings.write(
            "PUBLISHER = {'name': 'Tiny Test Publisher', 'url': 'https://tiny-test-site.org/', "
            "'email': 'editor@tiny-test-site.org'}\n"
        )
        if not real_content:  # the tiny site has none of the real topics or self-checks
            settings.write("NAVIGATION_TOPIC_ORDER = []\nSCREENER_ORDER = []\n")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    if real_content:
        shutil.copytree(ROOT / "content", root / "content")
    else:
        (root / "content/articles").mkdir(parents=True)
        (root / "content/pages").mkdir(parents=True)
        (root / "content/articles/paying.md").write_text(GOOD_ARTICLE, encoding="utf-8")
        (root / "content/pages/about.md").write_text(ABOUT_PAGE, encoding="utf-8")
    return root


def publish_settings(root: Path) -> Path:
    """A publishconf.py for `root` that turns on what publishconf.py must turn on."""
    path = root / "publishconf-test.py"
    path.write_text(
        "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "sys.modules.pop('pelicanconf', None)  # this project's, not one read before\n"
        "from pelicanconf import *  # noqa\n"
        "SITEURL = 'https://iop-guide.example.org'\nRELATIVE_URLS = False\n"
        "REVIEW_ENFORCE = True\nDRAFT_SAVE_AS = ''\nDRAFT_PAGE_SAVE_AS = ''\n",
        encoding="utf-8",
    )
    return path
