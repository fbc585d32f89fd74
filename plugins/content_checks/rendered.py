"""The second line: check the HTML Markdown made, then sanitise it, for every article and page.

`active.py` has already refused, with exact lines, anything an author wrote
that an article may not have. Markdown, though, writes HTML of its own, and
a browser may read a trick differently from Python's parser. So once Pelican
has read each article or page (`content_object_init`):

1. its HTML and its summary are checked again against the allowlist; what
   is found stops the build (at `all_generators_finalized`, before anything
   is written), with the source line found by searching for what was found;
2. both are passed through the sanitiser (`allowlist.Sanitiser`, nh3), so
   whatever is outside the allowlist never reaches a page or a feed.

The self-check widgets are put into articles after this (screeners plugin),
so the site's own markup is never sanitised away.
"""

from __future__ import annotations

from pathlib import Path

from author_errors import display_path
from pelican.contents import Article, Page

from .active import findings
from .allowlist import Sanitiser
from .masking import mask_code
from .privacy import Policy
from .problems import ContentError, Problem
from .settings import CheckSettings


class _Build:
    """What one build's articles need: the site's policy, the sanitiser, problems found."""

    def __init__(self, settings: dict) -> None:
        checks = CheckSettings.from_pelican(settings)
        self.policy = Policy.from_settings(checks)
        self.sanitiser = Sanitiser(checks.site_origin)
        self.problems: list[Problem] = []


_build: _Build | None = None


def start(settings: dict) -> None:
    """Begin a build (Pelican's `get_generators`): forget the last build's findings."""
    global _build
    _build = _Build(settings)


def check_and_clean(content) -> None:
    """Check one article's or page's HTML and summary, then sanitise both."""
    global _build
    if not isinstance(content, Article | Page):
        return  # static files have no HTML of their own
    if _build is None:
        _build = _Build(content.settings)
    build = _build
    file = display_path(content.source_path) if content.source_path else "(unknown file)"
    html = content._content or ""
    for finding in findings(html, file, build.policy):
        line = _source_line(content.source_path, finding.needle)
        build.problems.append(Problem(file, line, finding.field, finding.message))
    content._content = build.sanitiser.clean(html)
    summary = content.metadata.get("summary")
    if isinstance(summary, str):
        for finding in findings(summary, file, build.policy):
            line = _source_line(content.source_path, finding.needle, body=False)
            build.problems.append(Problem(file, line, "Summary", finding.message))
        content.metadata["summary"] = content._summary = build.sanitiser.clean(summary)


def stop_on_problems(_generators) -> None:
    """Raise ContentError for anything found (Pelican's `all_generators_finalized`)."""
    if _build is not None and _build.problems:
        problems = sorted(set(_build.problems), key=lambda p: (p.file, p.line or 0, p.message))
        _build.problems = []
        raise ContentError(problems)


def _source_line(path: str | None, needle: str, *, body: bool = True) -> int | None:
    """The first line of the source that holds `needle` (case ignored), or None.

    Markdown keeps what it is given on its line, so the first match is the
    likeliest place; code (which Markdown escapes) is skipped.
    """
    if not path or not needle:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    text = mask_code("\n".join(lines)) if body else "\n".join(lines)
    at = text.lower().find(needle.lower())
    return text.count("\n", 0, at) + 1 if at >= 0 else None
