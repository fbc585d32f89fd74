"""The self-check marker: `[self-check: phq-9]` on a line of its own embeds a self-check.

One definition of the marker for the whole site: the plugin replaces it in an
article's HTML, and the content checks (`make check`) find mistakes in the
Markdown source. A marker anywhere else (inside a sentence, say) would be
published as literal text, so it is a mistake too, as is an id in the wrong
case: ids are lower case, like the definition's file name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import NamedTuple

# In the article's HTML: a paragraph holding only the marker.
HTML_MARKER_RE = re.compile(r"<p>\s*\[self-check:\s*([^\]<]*?)\s*\]\s*</p>")
# In the Markdown source: anything that looks like a marker (spacing and case vary).
_ANYWHERE_RE = re.compile(r"\[\s*self[\s-]*check\s*:\s*([^\]\n]*?)\s*\]", re.IGNORECASE)
_EXACT_PREFIX = "[self-check:"


class Marker(NamedTuple):
    """A marker (or something meant as one) in a Markdown source."""

    line: int
    slug: str
    text: str  # as written
    own_line: bool  # nothing else on its line (up to three spaces of indent)

    @property
    def exact(self) -> bool:
        """Written the one way the plugin replaces: ``[self-check: <id>]``."""
        return self.text.startswith(_EXACT_PREFIX)


def find_markers(lines: Iterable[tuple[int, str]]) -> list[Marker]:
    """Every marker in these ``(line number, text)`` pairs, in order."""
    found = []
    for number, line in lines:
        for match in _ANYWHERE_RE.finditer(line):
            # "\[self-check: x]" (an editor escaping the bracket it typed) is
            # the same marker to Markdown, which drops the backslash.
            before = line[: match.start()].removesuffix("\\")
            alone = not (before + line[match.end() :]).strip()
            if alone and len(line) - len(line.lstrip(" ")) >= 4:
                continue  # an indented code block: Markdown shows it as an example
            found.append(Marker(number, match[1], match[0], alone))
    return found


def is_marker_line(line: str) -> bool:
    """Whether a source line holds a marker and nothing else (prose checks skip it)."""
    return any(marker.own_line for marker in find_markers([(1, line)]))


def marker_problem(marker: Marker, known: list[str], folder_shown: str) -> str | None:
    """What is wrong with a marker, in words for its author; None when it embeds a self-check."""
    fix = f"[self-check: {closest(marker.slug, known) or marker.slug.strip().lower()}]"
    if not marker.own_line:
        return (
            f"{marker.text}: a self-check marker must be on a line of its own, or it is "
            f"published as plain text; put '{fix}' on its own line, with an empty line above "
            "and below"
        )
    if not marker.exact:
        return f"{marker.text}: write the marker exactly as '{fix}' (lower case, with a hyphen)"
    if marker.slug in known:
        return None
    return unknown_message(marker.slug, known, folder_shown)


def closest(slug: str, known: list[str]) -> str | None:
    """The known id `slug` was most likely meant to be (case and spacing ignored), or None."""
    tidy = re.sub(r"[\s_]+", "-", slug.strip().lower())
    if tidy in known:
        return tidy
    guess = difflib.get_close_matches(tidy, known, n=1)
    return guess[0] if guess else None


def unknown_message(slug: str, known: list[str], folder_shown: str) -> str:
    """What to say about a marker naming no self-check (the build and `make check` say the same)."""
    guess = closest(slug, known)
    hint = f"did you mean '{guess}'? " if guess else ""
    listed = (
        f"the self-checks are {', '.join(known)} (the file names in {folder_shown})"
        if known
        else f"there are no self-checks yet (definitions go in {folder_shown})"
    )
    return f"[self-check: {slug}]: there is no self-check called '{slug}'; {hint}{listed}"
