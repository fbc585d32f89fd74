"""Build tiny sites with hostile input, in this process, exactly as `make html` judges them.

`build(project)` runs Pelican through tools/build.py's all-or-nothing path
(`run_in_process`) with the site's own settings and plugins, warnings fatal
as with `--fatal warnings`, and classifies what happened:

- "page": the site was built (and replaced the last good one);
- "error": the build stopped with an author's message (an `AuthorError`'s
  problems, or the warning that stopped a fatal-warnings build), and
  output/ is still the last good site.

Anything else (an exception that is not an author's error, a log record
with a traceback, a changed output after a failure, a leftover temporary
folder) raises `Broken`, which fails the test that asked.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import pelican.log

from tests.conftest import ROOT
from tests.plugin.sites import add_screener
from tests.sites import SMALL_SITE, site_settings
from tools.build import BUILDING, FATAL_WARNING, run_in_process

LAST_GOOD = "the last good site\n"
ARTICLE = (
    "Title: A plain article\nDate: 2026-11-20\nReviewed: 2026-11-21\nSummary: A short summary.\n"
    "Category: Basics\nTags: test\n\nSome text.\n"
)
PAGE = "Title: About\nSummary: About this site.\n\nSome text about the site.\n"
DEFINITIONS = ("phq-9", "gad-7")


class Broken(AssertionError):
    """The build did something hostile input must never cause."""


class Outcome(NamedTuple):
    """What a build did: "page" or "error", and the lines of its message (errors only)."""

    kind: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Project:
    """A tiny site: one article, one page, two real definitions, and a last good output."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        for folder in ("articles", "pages", "screeners"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
        self.write("articles/a.md", ARTICLE)
        self.write("pages/about.md", PAGE)
        for name in DEFINITIONS:  # with stand-ins for the pages their results link to
            add_screener(self.root, name)
        self.output.mkdir()
        (self.output / "index.html").write_text(LAST_GOOD, encoding="utf-8")
        (self.output / "last-good.txt").write_text(LAST_GOOD, encoding="utf-8")

    def write(self, relative: str, data: str | bytes) -> Path:
        """Write a file under content/ (text as UTF-8, bytes as they are)."""
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    def html(self, relative: str) -> str:
        """A built file's text."""
        return (self.output / relative).read_text(encoding="utf-8")

    def built_files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*") if p.is_file())


def settings_for(project: Project, cache: Path, **overrides) -> dict:
    """The site's own settings for a tiny project (no snapshot: it has its own tests)."""
    return site_settings(
        project.content,
        project.output,
        project.root / "cache",
        THEME=str(ROOT / "theme"),
        SCREENER_CACHE_PATH=str(cache),
        SCREENER_RUNTIME_SOURCE=str(ROOT / "node_modules" / "pyodide"),
        **{**SMALL_SITE, **overrides},
    )


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _as_make_html():
    """Warnings stop the build (`--fatal warnings`); Pelican's log de-duplication is reset."""
    fatal = pelican.log.FatalLogger.fatal_lvl
    pelican.log.FatalLogger.fatal_lvl = logging.WARNING
    pelican.log.LimitFilter._raised_messages.clear()
    pelican.log.LimitFilter._group_count.clear()
    handler = _Records()
    logging.getLogger().addHandler(handler)
    try:
        yield handler.records
    finally:
        logging.getLogger().removeHandler(handler)
        pelican.log.FatalLogger.fatal_lvl = fatal


def build(project: Project, cache: Path, **overrides) -> Outcome:
    """Build `project` as `make html` would, from its own folder; see the module's docstring."""
    before = {p: p.read_bytes() for p in project.built_files()}
    with contextlib.chdir(project.root), _as_make_html() as records:
        try:
            run_in_process(settings_for(project, cache, **overrides), wait=0)
            outcome = Outcome("page", ())
        except Exception as error:
            outcome = _classify(error, records)
    leftovers = [p.name for p in project.root.iterdir() if BUILDING in p.name]
    if leftovers:
        raise Broken(f"temporary folders were left behind: {leftovers}")
    traced = [r for r in records if r.exc_info and not _authors(r.exc_info[1])]
    if traced:
        raise Broken(f"a log record carries a traceback: {traced[0].getMessage()}")
    after = {p: p.read_bytes() for p in project.built_files()}
    if outcome.kind == "error" and after != before:
        raise Broken("a failed build changed output/")
    if outcome.kind == "page" and (project.output / "last-good.txt").exists():
        raise Broken("a successful build did not replace output/")
    return outcome


def _authors(error: BaseException | None) -> bool:
    return bool(getattr(error, "is_author_error", False)) or (
        isinstance(error, RuntimeError) and str(error) == FATAL_WARNING
    )


def _classify(error: Exception, records: list[logging.LogRecord]) -> Outcome:
    if getattr(error, "is_author_error", False):
        problems = getattr(error, "problems", None)
        if problems:
            return Outcome("error", tuple(str(p) for p in problems))
        return Outcome("error", (str(error),))
    if isinstance(error, RuntimeError) and str(error) == FATAL_WARNING:
        said = tuple(r.getMessage() for r in records if r.levelno >= logging.WARNING)
        return Outcome("error", said)
    raise Broken(f"a traceback: {type(error).__name__}: {error}") from error


# --- what a hostile page must never contain ------------------------------------------


class _Danger(HTMLParser):
    """Finds markup that navigates, loads, runs or leaks, in a page this site built."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                lowered = value.lower().replace("\t", "").replace("\n", "").strip()
                if lowered.startswith(("javascript:", "data:", "vbscript:")):
                    self.found.append(f"<{tag} {name}={value!r}>")
                if "evil.example" in lowered:
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        if tag in ("base", "iframe", "object", "embed", "form", "frame"):
            self.found.append(f"<{tag}>")
        if tag == "img" and values.get("src") == "x":
            self.found.append("<img src=x>")
        if tag == "script":
            self._script = values.get("type", "")

    def handle_data(self, data):
        if self._script is None:
            return
        if self._script == "application/ld+json":
            if "<" in data:
                self.found.append("a '<' inside the JSON-LD block")
        elif "EVIL" in data:
            self.found.append("a script with hostile code")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def dangers(output: Path) -> list[str]:
    """Everything dangerous in any built page or feed, as 'file: what'."""
    found = []
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".xml") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":
            text = feed_html(text)
        parser = _Danger(path.name)
        parser.feed(text)
        parser.close()
        found += [f"{path.relative_to(output)}: {what}" for what in parser.found]
    return found


def feed_html(xml: str) -> str:
    """A feed's HTML parts (type="html" content and summaries), as a feed reader shows them."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    parts = [e.text or "" for e in root.iter() if e.get("type") == "html"]
    return "\n".join(parts)


def fresh(root: Path, name: str) -> Project:
    """A new project in `root/name`."""
    folder = root / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return Project(folder)


def lines_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")
