"""Find the HTML tags in a text (a built page, a template, raw HTML in Markdown).

Python's own forgiving HTML parser is enough: the checks only need each start
tag's name, attributes and line, and the text inside `<script>` and
`<style>`. Jinja expressions in templates pass through as odd attributes or
text, which is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Tag:
    """One start tag: lower-case name, attributes (a bare attribute has the value "") and line."""

    name: str
    attrs: dict[str, str]
    line: int


@dataclass(frozen=True)
class Block:
    """One `<script>` or `<style>` element: its text, the line it starts on, its attributes."""

    name: str
    text: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.blocks: list[Block] = []
        self._open: tuple[str, int, list[str], dict[str, str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        line = self.getpos()[0]
        self.tags.append(Tag(tag, attributes, line))
        if tag in ("script", "style"):
            self._open = (tag, line, [], attributes)

    def handle_startendtag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        self.tags.append(Tag(tag, attributes, self.getpos()[0]))

    def handle_data(self, data):
        if self._open is not None:
            self._open[2].append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            name, line, parts, attributes = self._open
            self.blocks.append(Block(name, "".join(parts), line, attributes))
            self._open = None


def scan(text: str, first_line: int = 1) -> tuple[list[Tag], list[Block]]:
    """Every start tag and every script/style block; lines count from `first_line`."""
    collector = _Collector()
    collector.feed(text)
    collector.close()
    if collector._open is not None:  # an unclosed <script> still counts
        name, line, parts, attributes = collector._open
        collector.blocks.append(Block(name, "".join(parts), line, attributes))
    shift = first_line - 1
    tags = [Tag(t.name, t.attrs, t.line + shift) for t in collector.tags]
    blocks = [Block(b.name, b.text, b.line + shift, b.attrs) for b in collector.blocks]
    return tags, blocks
