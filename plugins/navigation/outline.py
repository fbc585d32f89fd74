"""Read an article's rendered HTML: its `<h2>` outline and its length in words.

Both work on the HTML that Markdown produced, so they see exactly what the
reader sees: headings with the ids the `toc` extension gave them, and text
without tags.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser

WORDS_PER_MINUTE = 200

# A word is a run of letters or digits, with inner apostrophes or hyphens
# ("don't", "follow-up"), so punctuation and stray symbols are not counted.
_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
_SPACE_RE = re.compile(r"\s+")
# Text inside these elements is never read as prose.
_SKIPPED = frozenset({"script", "style", "template"})


class _Reader(HTMLParser):
    """Collect the text of a document and the id and text of each `<h2>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[tuple[str | None, str]] = []
        self._heading_id: str | None = None
        self._heading_text: list[str] | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "h2":
            self._heading_id = dict(attrs).get("id")
            self._heading_text = []
        elif tag in ("br", "p", "li", "td", "th", "div") and self._skipping == 0:
            # Block boundaries separate words even without whitespace in the source.
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "h2" and self._heading_text is not None:
            text = _SPACE_RE.sub(" ", "".join(self._heading_text)).strip()
            self.headings.append((self._heading_id, text))
            self._heading_id, self._heading_text = None, None

    def handle_data(self, data):
        if self._skipping:
            return
        self.text.append(data)
        if self._heading_text is not None:
            self._heading_text.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader


def plain_text(html: str) -> str:
    """Return the text of an HTML fragment, without tags and with whitespace collapsed."""
    return _SPACE_RE.sub(" ", "".join(_read(html).text)).strip()


def word_count(html: str) -> int:
    """How many words a reader sees in an HTML fragment."""
    return len(_WORD_RE.findall(plain_text(html)))


def reading_minutes(html: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read an HTML fragment: words / `words_per_minute`, rounded up, at least 1."""
    return max(1, math.ceil(word_count(html) / words_per_minute))


def h2_outline(html: str) -> list[tuple[str, str]]:
    """Return the `(id, text)` of every `<h2>` that has an id, in document order.

    A heading without an id cannot be linked to, so it is left out; the text
    keeps the words of nested inline elements (`<em>`, `<code>`) without tags.
    """
    return [(hid, text) for hid, text in _read(html).headings if hid and text]
