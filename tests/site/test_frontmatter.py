"""One test per front-matter check, with its exact message."""

from __future__ import annotations

import datetime as dt

import pytest
from content_checks.frontmatter import check_file

TODAY = dt.date(2026, 11, 22)
GOOD = {
    "Title": "What is an IOP?",
    "Date": "2026-11-20",
    "Checked": "2026-11-21",
    "Summary": "A short summary.",
    "Category": "Basics",
    "Tags": "basics, care",
}


def write(tmp_path, fields=GOOD, body="Some text.\n", raw=None, kind="article"):
    path = tmp_path / "a.md"
    text = (
        raw if raw is not None else "".join(f"{k}: {v}\n" for k, v in fields.items()) + "\n" + body
    )
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in check_file(path, "a.md", kind=kind, today=TODAY)]


def without(name):
    return {k: v for k, v in GOOD.items() if k != name}


def test_a_good_article_has_no_problems(tmp_path):
    assert write(tmp_path) == []


def test_a_good_page_needs_only_title_and_summary(tmp_path):
    assert write(tmp_path, {"Title": "About", "Summary": "Who we are."}, kind="page") == []


@pytest.mark.parametrize(
    ("field", "hint"),
    [
        ("Title", "the headline of the page"),
        ("Date", "the day it was first published, YYYY-MM-DD"),
        ("Checked", "the day its facts were last checked against its sources, YYYY-MM-DD"),
        ("Summary", "one or two sentences shown in lists and to search engines"),
        ("Category", "the one topic it belongs to"),
        ("Tags", "a few keywords, separated by commas"),
    ],
)
def test_each_required_field(tmp_path, field, hint):
    assert write(tmp_path, without(field)) == [
        f"a.md: {field}: is missing; add a line '{field}: ...' at the top ({hint})"
    ]


def test_no_front_matter(tmp_path):
    assert write(tmp_path, raw="# Just a heading\n\nText.\n") == [
        "a.md:1: front matter: the file does not start with fields such as 'Title: What is an "
        "IOP?'; every article needs Title, Date, Checked, Summary, Category and Tags at the "
        "top, one per line, then a blank line (run `make new` for a template)"
    ]


def test_unknown_field_with_suggestion(tmp_path):
    assert write(tmp_path, {**GOOD, "Sumary": "x"}) == [
        "a.md:7: Sumary: is not a field this site knows; did you mean 'Summary'?"
    ]


def test_unknown_field_without_suggestion(tmp_path):
    problems = write(tmp_path, {**GOOD, "Mood": "x"})
    assert problems == [
        "a.md:7: Mood: is not a field this site knows; the fields this site knows are Title, "
        "Date, Modified, Author, Checked, Reviewer, Reviewer_credential, Reviewed, Summary, "
        "Category, Tags, Slug, Status, Lang, Template, Save_as, Url and Order"
    ]


def test_duplicate_field(tmp_path):
    raw = "".join(f"{k}: {v}\n" for k, v in GOOD.items()) + "Title: Again\n\nText.\n"
    assert write(tmp_path, raw=raw) == [
        "a.md:7: Title: is given twice (also on line 1); keep one of them"
    ]


def test_empty_field(tmp_path):
    assert write(tmp_path, {**GOOD, "Summary": ""}) == [
        "a.md:4: Summary: is empty; write one or two sentences shown in lists and to search engines"
    ]


def test_date_in_the_wrong_form(tmp_path):
    assert write(tmp_path, {**GOOD, "Date": "22/11/2026"}) == [
        "a.md:2: Date: '22/11/2026' is not a date in the form YYYY-MM-DD; write it like 2026-11-22"
    ]


def test_date_that_does_not_exist(tmp_path):
    assert write(tmp_path, {**GOOD, "Date": "2026-02-30"}) == [
        "a.md:2: Date: '2026-02-30' is not a real day or time; check the month, day and hour"
    ]


def test_review_in_the_future(tmp_path):
    assert write(tmp_path, {**GOOD, "Reviewed": "2026-12-01"}) == [
        "a.md:7: Reviewed: '2026-12-01' is in the future; write the day the review actually "
        "happened"
    ]


def test_check_in_the_future(tmp_path):
    assert write(tmp_path, {**GOOD, "Checked": "2026-12-01"}) == [
        "a.md:3: Checked: '2026-12-01' is in the future; write the day the check actually happened"
    ]


def test_a_clinicians_review_day_also_says_when_the_facts_were_checked(tmp_path):
    fields = {k: v for k, v in GOOD.items() if k != "Checked"}
    assert write(tmp_path, {**fields, "Reviewed": "2026-11-21"}) == []


def test_bad_status(tmp_path):
    assert write(tmp_path, {**GOOD, "Status": "secret"}) == [
        "a.md:7: Status: 'secret' is not one of Published, Draft and Hidden"
    ]


def test_empty_tag(tmp_path):
    assert write(tmp_path, {**GOOD, "Tags": "a,,b"}) == [
        "a.md:6: Tags: 'a,,b' has an empty tag; separate tags with single commas, for example "
        "'Tags: therapy, family'"
    ]


def test_two_categories(tmp_path):
    assert write(tmp_path, {**GOOD, "Category": "Basics, Care"}) == [
        "a.md:5: Category: 'Basics, Care' names more than one category; an article has exactly "
        "one (use Tags for the others)"
    ]


def test_no_body(tmp_path):
    assert write(tmp_path, body="") == [
        "a.md:8: body: there is no text after the front matter; leave one blank line after the "
        "fields and write the text below it"
    ]


def test_not_utf8(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"Title: caf\xe9\n\nText\n")
    assert [str(p) for p in check_file(path, "a.md", kind="article", today=TODAY)] == [
        "a.md:1: encoding: is not UTF-8 text; save the file as UTF-8 (in most editors: Save As, "
        "Encoding: UTF-8)"
    ]


def test_continuation_lines_belong_to_the_field_above(tmp_path):
    raw = "".join(f"{k}: {v}\n" for k, v in GOOD.items() if k != "Summary")
    raw += "Summary: A long summary\n    that goes on.\n\nText.\n"
    assert write(tmp_path, raw=raw) == []
