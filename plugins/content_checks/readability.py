"""Reading level: the Flesch-Kincaid grade of each article's text.

Readers of this site are often frightened or exhausted, so articles aim at a
US school grade of 8 or lower (`READING_GRADE_MAX`). The grade is computed on
what a reader reads: front matter, code, addresses of links and images, HTML
tags, table pipes and Markdown marks are removed first, and every heading,
list item and table cell counts as a sentence of its own (it is read as one).
The `## Sources` list is left out: it is a list of references in the words of
the agencies that wrote them, not text the site asks anyone to read through.

`textstat` is imported only when a grade is asked for: the site build itself
never needs it (it is a tool of `make check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screeners.markers import is_marker_line

from .problems import Problem
from .scanner import Source
from .trust import SECTION_RE, SOURCES_HEADING_RE

_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_LINK_RE = re.compile(r"\[(?P<text>[^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_DEFINITION_RE = re.compile(r"^[ ]{0,3}\[[^\^\]\n][^\]\n]*\]:\s*\S+.*$")  # not footnotes
_TAG_RE = re.compile(r"<[^>\n]*>")
_BLOCK_START_RE = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")
_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]*")
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_ENDS_SENTENCE = (".", "!", "?", ":", ";")


LONG_SENTENCE_WORDS = 15  # sentences longer than this are named in the warning
LONG_WORD_SYLLABLES = 4  # and so are words with at least this many syllables


@dataclass(frozen=True)
class Reading:
    """One source's grade and length, with its longest sentences (line, words) and words."""

    file: str
    title: str
    grade: float
    words: int
    longest: tuple[tuple[int, int], ...]
    long_words: tuple[str, ...] = ()


def plain_lines(source: Source) -> list[tuple[int, str]]:
    """Return the body as plain prose: (line number, text) for each line with words."""
    result = []
    in_sources = False
    for number, line in source.lines():
        if SOURCES_HEADING_RE.match(line):
            in_sources = True
            continue
        if in_sources and not SECTION_RE.match(line):
            continue
        in_sources = False
        if _TABLE_RULE_RE.match(line) or _DEFINITION_RE.match(line) or is_marker_line(line):
            continue
        text = _IMAGE_RE.sub(" ", line)
        text = _LINK_RE.sub(lambda m: m["text"], text)
        text = _TAG_RE.sub(" ", text)
        is_block = bool(_BLOCK_START_RE.match(text))
        text = _BLOCK_START_RE.sub("", text)
        if "|" in text:
            cells = [c.strip() for c in text.strip().strip("|").split("|")]
            text = " ".join(_sentence(c) for c in cells if c)
        text = re.sub(r"[*_~`]+", "", text)
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            continue
        if is_block:
            text = _sentence(text)
        result.append((number, text))
    return _close_paragraphs(result, source)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(_ENDS_SENTENCE) else text + "."


def _close_paragraphs(lines: list[tuple[int, str]], source: Source) -> list[tuple[int, str]]:
    # A paragraph (or heading) without final punctuation still ends where the
    # next block starts; without a full stop it would merge with the next one.
    body = source.text.split("\n")
    closed = []
    for index, (number, text) in enumerate(lines):
        following = body[number - source.front.body_line + 1 :][:1]
        if not following or not following[0].strip() or index == len(lines) - 1:
            text = _sentence(text)
        closed.append((number, text))
    return closed


def words(text: str) -> int:
    """How many words a text has (for the table; textstat counts its own)."""
    return len(_WORD_RE.findall(text))


def _textstat():
    import textstat  # only `make check` needs it; see the module docstring

    return textstat


def available() -> bool:
    """Tell whether textstat can be imported (it is a test tool, not needed by the build)."""
    try:
        _textstat()
    except ImportError:
        return False
    return True


def grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of plain text."""
    return float(_textstat().flesch_kincaid_grade(text))


def read(source: Source) -> Reading:
    """Measure the reading level of one source."""
    lines = plain_lines(source)
    text = " ".join(t for _, t in lines)
    per_line: dict[int, int] = {}
    for number, line in lines:
        for sentence in _SENTENCE_RE.findall(line):
            per_line[number] = max(len(_WORD_RE.findall(sentence)), per_line.get(number, 0))
    longest = sorted(
        ((n, c) for n, c in per_line.items() if c > LONG_SENTENCE_WORDS),
        key=lambda s: (-s[1], s[0]),
    )[:3]
    return Reading(
        source.file,
        source.title,
        round(grade(text), 1) if text else 0.0,
        words(text),
        tuple(longest),
        _long_words(text),
    )


def _long_words(text: str) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for word in _WORD_RE.findall(text):
        for part in re.split(r"[-'’]", word.lower()):
            if part.isalpha() and part not in counts:
                counts[part] = _textstat().syllable_count(part)
    long = [w for w, c in counts.items() if c >= LONG_WORD_SYLLABLES]
    return tuple(sorted(long, key=lambda w: (-counts[w], w))[:3])


def check_reading(reading: Reading, limit: float) -> list[Problem]:
    """Warn when the grade is above `limit`, naming the longest sentences and words."""
    if reading.grade <= limit:
        return []
    hints = []
    if reading.longest:
        where = ", ".join(f"{line} ({count} words)" for line, count in reading.longest)
        hints.append(
            f"the longest sentences are on line{'s' if len(reading.longest) > 1 else ''} {where}"
        )
    if reading.long_words:
        hints.append(f"long words include {_listing([repr(w) for w in reading.long_words])}")
    return [
        Problem(
            reading.file,
            None,
            "reading level",
            f"grade {reading.grade:.1f} is above the site's limit of {limit:g} (Flesch-Kincaid); "
            "use shorter sentences and everyday words" + (": " + "; ".join(hints) if hints else ""),
            "warning",
        )
    ]


def _listing(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
