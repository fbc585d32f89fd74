"""Read a Markdown article or page once, for every check that looks at its body.

The body is kept with code blanked out (see `masking`), so every offset in
it is still on the same line as in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .files import check_file_bytes
from .frontmatter import MARKDOWN_EXTENSIONS, FrontMatter, FrontMatterField, parse
from .masking import mask_code
from .sources import content_files, display_path


@dataclass(frozen=True)
class Source:
    """One Markdown source: its front matter and its body with code blanked out."""

    path: Path
    file: str  # as the author sees it, e.g. content/articles/what-is-an-iop.md
    kind: str  # "article" or "page"
    front: FrontMatter
    text: str  # the body, code blanked out; same length and lines as the file's body

    def field(self, key: str) -> FrontMatterField | None:
        """Return a front-matter field by its lower-case name, or None."""
        return self.front.fields.get(key)

    @property
    def is_draft(self) -> bool:
        """Whether `Status: draft` keeps it off the site."""
        status = self.field("status")
        return status is not None and status.value.strip().lower() == "draft"

    @property
    def title(self) -> str:
        """The Title field, or the file name when there is none."""
        title = self.field("title")
        return title.value if title else self.path.stem

    def line_at(self, offset: int) -> int:
        """Return the file's line number of an offset in `text`."""
        return self.front.body_line + self.text.count("\n", 0, offset)

    def lines(self):
        """Yield (line number, masked line) for every line of the body."""
        yield from enumerate(self.text.split("\n"), start=self.front.body_line)


def read_source(path: Path, file: str, kind: str) -> Source | None:
    """Read one source; None when it is not UTF-8 (the front-matter check reports that)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None
    front = parse(raw, file)
    return Source(path, file, kind, front, mask_code(front.body))


def markdown_sources(settings: dict) -> list[Source]:
    """Every Markdown article and page Pelican would read, in a stable order."""
    sources = []
    for path, kind in content_files(settings):
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            continue
        if check_file_bytes(path, "", Path(settings["PATH"])):
            continue  # check_sources reports it; nothing else reads it
        source = read_source(path, display_path(path), kind)
        if source is not None:
            sources.append(source)
    return sources
