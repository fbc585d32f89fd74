"""Blank out what a reader never sees as text: code and HTML comments.

Fenced code blocks, `code spans` and `<!-- comments -->` become spaces
(newlines stay), so an example of a link or a script inside code is never
taken for the real thing, and every offset is still on its original line.
Indented code blocks are not recognised (they look too much like continued
list items); the guide tells authors to use fences.
"""

from __future__ import annotations

import re

_FENCE_RE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?:.|\n(?!\s*\n))+?(?<!`)(?P=ticks)(?!`)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def blank(text: str) -> str:
    """Turn every character but newlines into a space."""
    return re.sub(r"[^\n]", " ", text)


def mask_code(body: str) -> str:
    """Blank out fenced code blocks, code spans and HTML comments, keeping every line."""
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None and match:
            fence = match["fence"]
            lines[index] = blank(line)
        elif fence is not None:
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
                fence = None
            lines[index] = blank(line)
    text = "\n".join(lines)
    text = _COMMENT_RE.sub(lambda m: blank(m[0]), text)
    return _CODE_SPAN_RE.sub(lambda m: blank(m[0]), text)
