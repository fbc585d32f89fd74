"""`python -m tools.new_article` (make new): the draft it writes and what it prints."""

from __future__ import annotations

import pytest
from content_checks.runner import build_problems, check_content

from tools.new_article import main

from .helpers import project

TODAY = "2026-11-22"
SCAFFOLD = """\
Title: How to pay for an IOP
Date: 2026-11-22
Author: IOP Guide editorial team
Checked: TODO
Summary: TODO
Category: TODO
Tags: TODO
Status: draft

TODO: one or two short paragraphs that say who this article is for and what they will learn.

## TODO: a first heading, as a plain question or statement

TODO: short sentences and everyday words. Explain a medical word the first time you use it.

## What to read next

- TODO: the page a reader needs after this one, as a link with a few words on why.

## If you need help now

If you are in crisis, please reach out now. [Get help now]({filename}/pages/get-help-now.md).

## Sources

- TODO: [The page's title](https://...), who published it. Checked on the day you read it.
"""


@pytest.fixture
def real(tmp_path, monkeypatch):
    root = project(tmp_path, real_content=True)
    monkeypatch.chdir(root)
    return root


def new(capsys, *args):
    status = main([*args, "--today", TODAY])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_writes_a_draft_and_says_what_to_do_next(real, capsys):
    status, out, err = new(capsys, "How to pay for an IOP")
    assert (status, err) == (0, "")
    assert (real / "content/articles/how-to-pay-for-an-iop.md").read_text(
        encoding="utf-8"
    ) == SCAFFOLD
    assert out.startswith(
        "Created content/articles/how-to-pay-for-an-iop.md, a draft.\n"
        "\n"
        "What to do next:\n"
        "1. Open content/articles/how-to-pay-for-an-iop.md and replace every TODO:\n"
        "     Summary:  one or two sentences shown in lists and to search engines\n"
        "     Category: exactly one topic; the site's topics are\n"
        "                 - Deciding on care\n"
        "                 - For families and friends\n"
        "                 - Starting and staying well\n"
        "                 - Understanding IOPs\n"
        "               (a new name starts a new topic)\n"
        "     Tags:     a few keywords, separated by commas (in use: assessment, basics, "
    )
    assert out.endswith(
        "     Author:   who wrote it: the team (as written) or your own name\n"
        "     Checked:  leave TODO until you have checked every fact against the\n"
        "               sources listed at the end; then write that day, like 2026-11-22\n"
        '   Then fill in "What to read next" and "Sources" at the end. If a clinician\n'
        "   reviews the article, add Reviewer, Reviewer_credential and Reviewed\n"
        "   (see AUTHORING.md); never before.\n"
        "2. Preview: run `make serve` and open "
        "http://127.0.0.1:8000/drafts/how-to-pay-for-an-iop.html\n"
        "   It rebuilds every time you save; if something is wrong, the page says what.\n"
        "3. Check: run `make check` (links, images, reading level, sources, dates, privacy).\n"
        "4. Publish: when no TODO is left and the facts are checked, delete the line\n"
        "   'Status: draft', run `make check` again, then `make publish`.\n"
        "See AUTHORING.md for the details.\n"
    )


def test_the_draft_builds_and_its_todos_are_reminders(real, capsys):
    from pelican.settings import read_settings

    new(capsys, "How to pay for an IOP")
    settings = read_settings(str(real / "pelicanconf.py"))
    assert build_problems(settings) == []
    report = check_content(settings)
    mine = [p for p in report.problems if "how-to-pay" in p.file]
    assert [(p.line, p.field, p.severity) for p in mine] == [
        (4, "Checked", "warning"),
        (5, "Summary", "warning"),
        (6, "Category", "warning"),
        (7, "Tags", "warning"),
        (10, "body", "warning"),
        (12, "body", "warning"),
        (14, "body", "warning"),
        (18, "body", "warning"),
        (26, "body", "warning"),
    ]


def test_never_overwrites_an_article(real, capsys):
    path = real / "content/articles/what-is-an-iop.md"
    before = path.read_text(encoding="utf-8")
    status, out, err = new(capsys, "What is an IOP")
    assert (status, out) == (1, "")
    assert err == (
        "content/articles/what-is-an-iop.md already exists, so nothing was written; open it to "
        "keep working on it, or choose another title.\n"
    )
    assert path.read_text(encoding="utf-8") == before


def test_refuses_an_address_a_page_already_has(real, capsys):
    status, _, err = new(capsys, "Privacy")
    assert status == 1
    assert err == (
        "The address 'privacy' is already used by content/pages/privacy.md, so nothing was "
        "written; choose another title.\n"
    )
    assert not (real / "content/articles/privacy.md").exists()


def test_needs_a_title(real, capsys):
    assert new(capsys) == (
        1,
        "",
        'Give the new article a title: make new TITLE="How to pay for an IOP"\n',
    )


def test_needs_letters_in_the_title(real, capsys):
    assert new(capsys, "???") == (
        1,
        "",
        "The title '???' has no letters or digits to make the article's address from; use a title "
        "with words in it.\n",
    )
