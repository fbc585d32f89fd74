"""A tiny HTML reader for tests: elements with their attributes, text and ancestors.

The standard library's HTMLParser is enough for the HTML this theme writes
(no third-party parser is installed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parents: list[Element] = field(default_factory=list, repr=False)
    parts: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts)).strip()

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    def inside(self, tag: str, **attrs: str) -> Element | None:
        """The nearest ancestor with this tag (and these attribute values), if any."""
        for parent in reversed(self.parents):
            if parent.tag == tag and all(parent.get(k) == v for k, v in attrs.items()):
                return parent
        return None

    @property
    def classes(self) -> set[str]:
        return set((self.get("class") or "").split())


class Document(HTMLParser):
    """Every element of a page, in document order."""

    def __init__(self, source: str, name: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.source = source
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), parents=list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, dict(attrs), parents=list(self._open)))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.get(k) == v for k, v in attrs.items())
        ]

    def first(self, tag: str, **attrs: str) -> Element | None:
        found = self.all(tag, **attrs)
        return found[0] if found else None

    def by_class(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.classes]

    def by_id(self, value: str) -> Element | None:
        return next((e for e in self.elements if e.get("id") == value), None)


def read(path: Path, root: Path | None = None) -> Document:
    name = path.relative_to(root).as_posix() if root else str(path)
    return Document(path.read_text(encoding="utf-8"), name)
