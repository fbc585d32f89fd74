"""Read and check the front matter of Markdown articles and pages.

Pelican skips a file whose metadata it cannot use and only logs a warning, so
a typo can make an article vanish from the site. These checks run before
Pelican reads anything and turn every such problem into an error that names
the file, the line, the field and the fix.

The parser follows Python-Markdown's `meta` extension line for line (that is
what Pelican uses), but keeps line numbers.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

# The same patterns as markdown.extensions.meta.
_META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
_END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
_DATE_SHAPE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")

# Every field an author may use, with what it is for. A field not listed here
# is almost always a typo, and Pelican would silently ignore it.
KNOWN_FIELDS = {
    "title": "the headline of the page",
    "date": "the day it was first published, YYYY-MM-DD",
    "modified": "the day it last changed, YYYY-MM-DD",
    "author": "who wrote it: a real person's name, or the site's editorial team",
    "checked": "the day its facts were last checked against its sources, YYYY-MM-DD",
    "reviewer": "the clinician who reviewed it, by name (a real person who agreed to be named)",
    "reviewer_credential": "the reviewing clinician's credential, for example LCSW or MD",
    "reviewed": "the day that clinician reviewed it, YYYY-MM-DD",
    "summary": "one or two sentences shown in lists and to search engines",
    "category": "the one topic it belongs to",
    "tags": "a few keywords, separated by commas",
    "slug": "the last part of its address, for example what-is-an-iop",
    "status": "published, draft or hidden",
    "lang": "its language code, for example en",
    "template": "the theme template to render it with",
    "save_as": "where to write the page in the output",
    "url": "the page's address when save_as is set",
    "order": "a number that sorts pages in menus",
}
ARTICLE_REQUIRED = ("title", "date", "checked", "summary", "category", "tags")
PAGE_REQUIRED = ("title", "summary")
# An article says when its facts were last checked: `Checked`, or the day a
# clinician reviewed it (`Reviewed`), since a review checks the facts too.
# Who wrote it (`Author`) and a complete review are judged by trust.py.
FACTS_DATE_FIELDS = ("checked", "reviewed")
DATE_FIELDS = ("date", "modified", "checked", "reviewed")
STATUSES = ("published", "draft", "hidden")
# `make new` writes this where only the author (or a reviewer) can fill in the
# value; placeholders.py allows it in drafts and refuses it everywhere else.
PLACEHOLDER = "TODO"


@dataclass(frozen=True)
class FrontMatterField:
    """One `Key: value` line (plus any indented continuation lines)."""

    name: str  # as written, e.g. "Date"
    key: str  # lower case, as Pelican sees it
    values: tuple[str, ...]
    line: int

    @property
    def value(self) -> str:
        """The value as Pelican would read it: continuation lines joined by spaces."""
        return " ".join(v for v in self.values if v)


@dataclass
class FrontMatter:
    """The fields of one file, where the body starts, and what was wrong."""

    fields: dict[str, FrontMatterField] = field(default_factory=dict)
    body_line: int = 1
    body: str = ""
    problems: list[Problem] = field(default_factory=list)


def display_name(key: str) -> str:
    """`save_as` -> `Save_as`: the way the guide writes field names."""
    return key[:1].upper() + key[1:]


def parse(text: str, file: str) -> FrontMatter:
    """Split Markdown source into front matter fields and body, keeping line numbers."""
    lines = text.splitlines()
    result = FrontMatter()
    index = 0
    if lines and _BEGIN_RE.match(lines[0]):
        index = 1
    current: FrontMatterField | None = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or _END_RE.match(line):
            index += 1
            break
        match = _META_RE.match(line)
        if match:
            if current is not None:
                _store(result, current, file)
            current = FrontMatterField(
                name=match["key"],
                key=match["key"].lower(),
                values=(match["value"].strip(),),
                line=index + 1,
            )
            index += 1
            continue
        more = _META_MORE_RE.match(line)
        if more and current is not None:
            current = FrontMatterField(
                current.name, current.key, (*current.values, more["value"].strip()), current.line
            )
            index += 1
            continue
        break
    if current is not None:
        _store(result, current, file)
    result.body_line = index + 1
    result.body = "\n".join(lines[index:])
    return result


def _store(result: FrontMatter, item: FrontMatterField, file: str) -> None:
    if item.key in result.fields:
        first = result.fields[item.key]
        result.problems.append(
            Problem(
                file,
                item.line,
                display_name(item.key),
                f"is given twice (also on line {first.line}); keep one of them",
            )
        )
        return
    result.fields[item.key] = item


def check_file(path: Path, file: str, *, kind: str, today: dt.date | None = None) -> list[Problem]:
    """Check one Markdown article (`kind="article"`) or page (`kind="page"`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        return [
            Problem(
                file,
                line,
                "encoding",
                "is not UTF-8 text; save the file as UTF-8 (in most editors: "
                "Save As, Encoding: UTF-8)",
            )
        ]
    front = parse(text, file)
    problems = list(front.problems)
    if not front.fields:
        example = "Title: What is an IOP?" if kind == "article" else "Title: About this site"
        problems.append(
            Problem(
                file,
                1,
                "front matter",
                f"the file does not start with fields such as '{example}'; every {kind} "
                f"needs {_listing(PAGE_REQUIRED if kind == 'page' else ARTICLE_REQUIRED)} "
                "at the top, one per line, then a blank line (run `make new` for a template)",
            )
        )
        return problems
    required = ARTICLE_REQUIRED if kind == "article" else PAGE_REQUIRED
    for key in required:
        if key == "checked" and any(k in front.fields for k in FACTS_DATE_FIELDS):
            continue
        if key not in front.fields:
            problems.append(
                Problem(
                    file,
                    None,
                    display_name(key),
                    f"is missing; add a line '{display_name(key)}: ...' at the top "
                    f"({KNOWN_FIELDS[key]})",
                )
            )
    for item in front.fields.values():
        problems.extend(_check_field(item, file, today or dt.date.today()))
    if not front.body.strip():
        problems.append(
            Problem(
                file,
                front.body_line,
                "body",
                "there is no text after the front matter; leave one blank line after the "
                "fields and write the text below it",
            )
        )
    return problems


def _check_field(item: FrontMatterField, file: str, today: dt.date) -> list[Problem]:
    name = display_name(item.key)
    if item.key not in KNOWN_FIELDS:
        guess = difflib.get_close_matches(item.key, KNOWN_FIELDS, n=1, cutoff=0.6)
        hint = (
            f"did you mean '{display_name(guess[0])}'?"
            if guess
            else f"the fields this site knows are {_listing(KNOWN_FIELDS)}"
        )
        return [Problem(file, item.line, item.name, f"is not a field this site knows; {hint}")]
    value = item.value
    if not value:
        return [Problem(file, item.line, name, f"is empty; write {KNOWN_FIELDS[item.key]}")]
    if value == PLACEHOLDER:
        return []  # judged by placeholders.py, which knows whether this is a draft
    if item.key in DATE_FIELDS:
        return _check_date(item, file, today)
    if item.key == "status" and value.lower() not in STATUSES:
        return [Problem(file, item.line, name, f"'{value}' is not one of {_listing(STATUSES)}")]
    if item.key == "tags":
        tags = [tag.strip() for tag in value.split(",")]
        if any(not tag for tag in tags):
            return [
                Problem(
                    file,
                    item.line,
                    name,
                    f"'{value}' has an empty tag; separate tags with single commas, "
                    "for example 'Tags: therapy, family'",
                )
            ]
    if item.key == "category" and "," in value:
        return [
            Problem(
                file,
                item.line,
                name,
                f"'{value}' names more than one category; an article has exactly one "
                "(use Tags for the others)",
            )
        ]
    return []


def _check_date(item: FrontMatterField, file: str, today: dt.date) -> list[Problem]:
    name = display_name(item.key)
    value = item.value
    example = today.isoformat()
    if not _DATE_SHAPE_RE.match(value):
        return [
            Problem(
                file,
                item.line,
                name,
                f"'{value}' is not a date in the form YYYY-MM-DD; write it like {example}",
            )
        ]
    try:
        when = dt.datetime.strptime(value, "%Y-%m-%d %H:%M" if " " in value else "%Y-%m-%d")
    except ValueError:
        return [
            Problem(
                file,
                item.line,
                name,
                f"'{value}' is not a real day or time; check the month, day and hour",
            )
        ]
    if item.key in FACTS_DATE_FIELDS and when.date() > today:
        what = "review" if item.key == "reviewed" else "check"
        return [
            Problem(
                file,
                item.line,
                name,
                f"'{value}' is in the future; write the day the {what} actually happened",
            )
        ]
    return []


def _listing(words) -> str:
    names = [display_name(w) for w in words]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
