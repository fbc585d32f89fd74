"""The editor's file format (editor/admin/pelican-format.js) against Pelican's own reader.

Pelican reads front matter with Python-Markdown's `meta` extension, so that
is the reference: every file the format reads gives the fields Pelican
reads, every file it writes is read back by Pelican as the editor meant,
and a file saved without changes keeps every byte.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest

from tests.conftest import ROOT

RUNNER = Path(__file__).with_name("format_runner.js")
OPTIONS = {"lists": ["tags"], "placeholders": ["checked"]}
NODE = shutil.which("node") or shutil.which("nodejs")

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


def run(cases: list[dict], options=OPTIONS) -> list:
    done = subprocess.run(
        [NODE, str(RUNNER)],
        input=json.dumps({"options": options, "cases": cases}),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def pelican_reads(text: str) -> tuple[dict[str, list[str]], str, int]:
    """What Pelican gets: the metadata (md.Meta), the Markdown left for the body, and
    how many lines the front matter took (with the line that ends it)."""
    md = markdown.Markdown(extensions=["meta"])
    lines = md.preprocessors["normalize_whitespace"].run(text.split("\n"))
    rest = md.preprocessors["meta"].run(list(lines))
    return md.Meta, "\n".join(rest), len(lines) - len(rest)


def lines_before(body: str, text: str) -> int:
    """How many lines of `text` come before `body` (its last part)."""
    prefix = text[: len(text) - len(body)]
    breaks = len(re.findall(r"\r\n|\r|\n", prefix))
    return breaks + (1 if prefix and not prefix.endswith(("\n", "\r")) else 0)


SOURCES = sorted((ROOT / "content").glob("*/*.md"))


def test_every_article_and_page_round_trips_byte_for_byte():
    assert len(SOURCES) >= 10
    texts = [path.read_text(encoding="utf-8") for path in SOURCES]
    results = run([{"op": "roundtrip", "text": text} for text in texts])
    changed = [
        str(p.relative_to(ROOT)) for p, t, r in zip(SOURCES, texts, results, strict=True) if t != r
    ]
    assert changed == []


# A seeded corpus of awkward front matter: every line shape the meta
# extension treats differently, in random order.
LINE_SHAPES = [
    "Title: What is an IOP?",
    "title:What is an IOP?",
    "   Date: 2026-11-22  ",
    "Tags: a, b,c",
    "Tags: a; b, c",
    "Summary: first line",
    "    continued on a second line",
    "\tcontinued after a tab",
    "        deeply indented",
    "Save_as: 404.html",
    "Checked: TODO",
    "Reviewer:",
    "X-Custom_key-2: value: with colon",
    "Not a field",
    "---",
    "...",
    "--- yaml end with comment",
    "",
    "   ",
    "\u00a0",
    "Key:\u2003value after an em space",
    "Title: \u00e9t\u00e9 \u2014 caf\u00e9",
]
BODIES = ["", "Text.\n", "## Heading\n\nText.", "Key: not front matter\n", "\n\nTrailing\n\n"]


def corpus(count: int = 1500, seed: int = 25) -> list[str]:
    chance = random.Random(seed)
    texts = []
    for _ in range(count):
        lines = [chance.choice(LINE_SHAPES) for _ in range(chance.randint(0, 7))]
        newline = chance.choice(["\n", "\n", "\r\n", "\r"])
        text = newline.join(lines)
        if chance.random() < 0.8:
            text += newline + chance.choice(["", " "]) + newline + chance.choice(BODIES)
        if chance.random() < 0.1:
            text = "\ufeff" + text
        texts.append(text)
    return texts


def test_any_file_saved_unchanged_keeps_every_byte():
    texts = corpus()
    results = run([{"op": "roundtrip", "text": text} for text in texts])
    changed = [text for text, result in zip(texts, results, strict=True) if text != result]
    assert changed == []


def test_the_format_reads_what_pelican_reads():
    texts = [text.lstrip("\ufeff") for text in corpus()]  # Pelican drops the mark itself
    results = run([{"op": "parse", "text": text} for text in texts])
    for text, result in zip(texts, results, strict=True):
        meta, _, consumed = pelican_reads(text)
        assert set(result["fields"]) == set(meta), repr(text)
        for key, lines in meta.items():
            if key in result["duplicates"]:
                continue  # Pelican merges a field given twice; the checks refuse it
            value = result["fields"][key]
            if key == "tags":
                joined = ",".join(lines)
                parts = joined.split(";") if ";" in joined else joined.split(",")
                assert value == [p.strip() for p in parts if p.strip()], repr(text)
                continue
            expected = "\n".join(line for line in lines if line)
            if key == "checked" and expected == "TODO":
                expected = ""  # the editor shows an empty date, written back as TODO
            assert value == expected, repr(text)
        # Markdown adds two blank lines at the end; one of them may end the front matter.
        in_text = len(re.split(r"\r\n|\r|\n", text)) - (text == "" or text.endswith(("\n", "\r")))
        assert lines_before(result["body"], text) == min(consumed, in_text), repr(text)


EDITS = [
    # (the file before or None, changes, fields removed, what Pelican must read)
    (
        None,
        {
            "title": "How to pay for an IOP",
            "date": "2026-11-20",
            "checked": "",
            "summary": "What insurance covers.\n\nAnd what it does not.",
            "category": "Deciding on care",
            "tags": ["insurance", " cost "],
            "status": "draft",
            "reviewer": "",
            "body": "Most plans pay for some of it.\n",
        },
        [],
        {
            "title": ["How to pay for an IOP"],
            "date": ["2026-11-20"],
            "checked": ["TODO"],
            "summary": ["What insurance covers.", "And what it does not."],
            "category": ["Deciding on care"],
            "tags": ["insurance, cost"],
            "status": ["draft"],
        },
    ),
    (
        "Title: Old\nDate: 2026-01-01\nTags: a, b\nOrder: 3\n\nBody: not a field.\n",
        {"title": "New title", "tags": ["a", "c"], "reviewed": "2026-02-02"},
        ["order"],
        {
            "title": ["New title"],
            "date": ["2026-01-01"],
            "tags": ["a, c"],
            "reviewed": ["2026-02-02"],
            "checked": ["TODO"],  # an empty date nobody has checked yet is written as TODO
        },
    ),
]
KEYS = ["title", "date", "checked", "reviewed", "reviewer", "summary", "category", "tags", "status"]
KEYS += ["body"]


@pytest.mark.parametrize(("before", "changes", "removed", "expected"), EDITS)
def test_what_the_editor_writes_pelican_reads_as_meant(before, changes, removed, expected):
    (written,) = run(
        [{"op": "edit", "text": before, "changes": changes, "remove": removed, "keys": KEYS}]
    )
    meta, body, _ = pelican_reads(written)
    assert meta == expected
    assert body.strip() == (changes.get("body") or "Body: not a field.").strip()


def test_a_new_article_is_written_as_make_new_writes_one():
    (written,) = run(
        [
            {
                "op": "edit",
                "text": None,
                "changes": {
                    "title": "How to pay for an IOP",
                    "date": "2026-11-20",
                    "summary": "What insurance covers.",
                    "category": "Deciding on care",
                    "tags": ["insurance", "cost"],
                    "status": "draft",
                    "body": "Most plans pay for some of it.\n\n[self-check: phq-9]",
                },
                "keys": KEYS,
            }
        ]
    )
    assert written == (
        "Title: How to pay for an IOP\n"
        "Date: 2026-11-20\n"
        "Checked: TODO\n"
        "Summary: What insurance covers.\n"
        "Category: Deciding on care\n"
        "Tags: insurance, cost\n"
        "Status: draft\n"
        "\n"
        "Most plans pay for some of it.\n"
        "\n"
        "[self-check: phq-9]\n"
    )
