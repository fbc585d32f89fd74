"""Let wide tables scroll on their own instead of pushing the page sideways.

A table of 3 or more columns does not fit a 320 px screen without breaking
words in the middle. The `wrap_tables` template filter puts each such table
in a labelled region that scrolls sideways and can be reached with the
keyboard (`tabindex="0"`), so the page itself never scrolls horizontally.
Narrower tables are left as they are.

It is a filter, not a change to the articles, so Pelican's content cache
always holds the HTML exactly as Markdown produced it.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from .outline import plain_text

MIN_COLUMNS = 3
LABEL_LIMIT = 100

_TABLE_RE = re.compile(r"<table\b.*?</table>", re.IGNORECASE | re.DOTALL)
_ROW_RE = re.compile(r"<tr\b.*?</tr>", re.IGNORECASE | re.DOTALL)
_CELL_RE = re.compile(r"<(t[hd])\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_CAPTION_RE = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.IGNORECASE | re.DOTALL)
_COLSPAN_RE = re.compile(r"""colspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
_CELL_OPEN_RE = re.compile(r"<t[hd]\b([^>]*)>", re.IGNORECASE)


def _columns(table: str) -> int:
    row = _ROW_RE.search(table)
    if not row:
        return 0
    count = 0
    for attrs in _CELL_OPEN_RE.findall(row.group(0)):
        span = _COLSPAN_RE.search(attrs)
        count += int(span.group(1)) if span else 1
    return count


def table_label(table: str) -> str:
    """Name a table briefly: by its caption, or else by the words of its first row."""
    caption = _CAPTION_RE.search(table)
    if caption:
        text = plain_text(caption.group(1))
    else:
        row = _ROW_RE.search(table)
        cells = _CELL_RE.findall(row.group(0)) if row else []
        text = ", ".join(t for t in (plain_text(body) for _, body in cells) if t)
    if len(text) > LABEL_LIMIT:
        text = text[: LABEL_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"Table: {text}" if text else "Table"


def wrap_tables(content: str, min_columns: int = MIN_COLUMNS) -> Markup:
    """Wrap each table of `min_columns` or more columns in a scrollable, labelled region."""

    def wrap(match: re.Match) -> str:
        table = match.group(0)
        if _columns(table) < min_columns:
            return table
        label = html.escape(table_label(table), quote=True)
        return (
            f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
            f"{table}</div>"
        )

    return Markup(_TABLE_RE.sub(wrap, str(content or "")))
