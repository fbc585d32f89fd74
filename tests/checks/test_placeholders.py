"""TODO placeholders from `make new`: reminders in a draft, errors anywhere else."""

from __future__ import annotations

import datetime as dt

from content_checks.sources import check_sources

TODAY = dt.date(2026, 11, 22)
SCAFFOLD = (
    "Title: Paying for an IOP\nDate: 2026-11-22\nAuthor: IOP Guide editorial team\n"
    "Checked: TODO\nSummary: TODO\nCategory: Basics\nTags: TODO\n{status}\n"
    "TODO: the first paragraph.\n\n"
    "```\nTODO in a code example is fine\n```\n\n"
    "## Sources\n\n"
    "- [Medicare](https://www.medicare.gov/), Medicare.gov. Checked November 20, 2026.\n"
)


def problems(site, status, scaffold=SCAFFOLD):
    site.write("articles/paying.md", scaffold.format(status=status))
    settings = {
        "PATH": str(site.content),
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "PUBLISHER": {"name": "Tiny Test Publisher", "email": "editor@tiny-test-site.org"},
    }
    return [(p.severity, str(p)) for p in check_sources(settings, TODAY)]


def test_todos_in_a_draft_are_reminders(site):
    reminder = " (only a reminder while it is a draft; nothing with a TODO is published)"
    assert problems(site, "Status: draft\n") == [
        (
            "warning",
            "content/articles/paying.md:4: Checked: is still TODO; write the day its facts were "
            "last checked against its sources, YYYY-MM-DD" + reminder,
        ),
        (
            "warning",
            "content/articles/paying.md:5: Summary: is still TODO; write one or two sentences "
            "shown in lists and to search engines" + reminder,
        ),
        (
            "warning",
            "content/articles/paying.md:7: Tags: is still TODO; write a few keywords, separated "
            "by commas" + reminder,
        ),
        (
            "warning",
            "content/articles/paying.md:10: body: still has a TODO; replace it with the finished "
            "text" + reminder,
        ),
    ]


def test_todos_outside_a_draft_are_errors(site):
    found = problems(site, "")
    assert [severity for severity, _ in found] == ["error"] * 4
    assert found[0][1] == (
        "content/articles/paying.md:4: Checked: is still TODO; write the day its facts were "
        "last checked against its sources, YYYY-MM-DD (or add 'Status: draft' to keep it off the "
        "site until it is done)"
    )


def test_a_review_day_still_todo_asks_for_the_day_of_the_review(site):
    scaffold = SCAFFOLD.replace("Checked: TODO", "Reviewed: TODO")
    found = problems(site, "Status: draft\n", scaffold)
    assert found[0] == (
        "warning",
        "content/articles/paying.md:4: Reviewed: is still TODO; once a qualified reviewer has "
        "checked its facts, write the day of that review, like 2026-11-22 (only a reminder while "
        "it is a draft; nothing with a TODO is published)",
    )
