"""Headings in Markdown sources: no top-level heading in the body, no skipped levels.

The theme writes the Title as the page's only `<h1>`, so the body starts at
`##`. Screen-reader users move through a page by its headings; a jump from
`##` to `####` reads as if a section were missing. The levels are those of
`#` headings, `===`/`---` underlined headings and raw `<h1>`..`<h6>` tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import markup
from .problems import Problem
from .scanner import Source

_ATX_RE = re.compile(r"^[ ]{0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^[ ]{0,3}(?P<rule>=+|-+)[ \t]*$")
_NOT_PARAGRAPH_RE = re.compile(r"^\s*(?:$|#|>|[-*+][ \t]|\d+[.)][ \t]|\||<)")


@dataclass(frozen=True)
class Heading:
    """One heading of the body: its level, its text as written, and its line."""

    level: int
    text: str
    line: int
    raw: bool = False  # an HTML tag such as <h3>, not a Markdown heading

    @property
    def written(self) -> str:
        """The heading as the messages show it, e.g. '## What to expect' or '<h3>'."""
        return self.at(self.level)

    def at(self, level: int) -> str:
        """Write the same heading at another level."""
        return f"<h{level}>" if self.raw else f"{'#' * level} {self.text}"


def outline(source: Source) -> list[Heading]:
    """List the body's headings, in order."""
    headings = []
    lines = list(source.lines())
    for index, (number, line) in enumerate(lines):
        atx = _ATX_RE.match(line)
        if atx:
            headings.append(Heading(len(atx["hashes"]), (atx["text"] or "").strip(), number))
            continue
        setext = _SETEXT_RE.match(line)
        if setext and index > 0:
            above_number, above = lines[index - 1]
            if not _NOT_PARAGRAPH_RE.match(above) and not _SETEXT_RE.match(above):
                level = 1 if setext["rule"][0] == "=" else 2
                headings.append(Heading(level, above.strip(), above_number))
    tags, _ = markup.scan(source.text, source.front.body_line)
    for tag in tags:
        if re.fullmatch(r"h[1-6]", tag.name):
            headings.append(Heading(int(tag.name[1]), "", tag.line, raw=True))
    return sorted(headings, key=lambda h: h.line)


def check_headings(source: Source) -> list[Problem]:
    """Report a top-level heading (an error) and skipped levels (warnings)."""
    problems = []
    previous: Heading | None = None
    for heading in outline(source):
        if heading.level == 1:
            problems.append(
                Problem(
                    source.file,
                    heading.line,
                    "heading",
                    f"'{heading.written}' is a top-level heading, but the page already has one "
                    "(the Title); start the body's headings at level 2: "
                    f"'{heading.at(2)}'",
                )
            )
            previous = heading
            continue
        above = previous.level if previous else 1
        if heading.level > above + 1:
            wanted = heading.at(above + 1)
            after = (
                f"follows the level-{above} heading on line {previous.line}"
                if previous
                else "comes right after the title"
            )
            problems.append(
                Problem(
                    source.file,
                    heading.line,
                    "heading",
                    f"'{heading.written}' {after}, so it skips level {above + 1}; make it "
                    f"'{wanted}' (or add a level-{above + 1} heading above it)",
                    "warning",
                )
            )
        previous = heading
    return problems
