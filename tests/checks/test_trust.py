"""Trust: who wrote an article, a clinician's review in full or not at all, and its sources."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from content_checks.frontmatter import parse
from content_checks.sources import check_sources
from content_checks.trust import check_publisher, check_trust, parse_day, review_status

TODAY = dt.date(2026, 12, 4)
TEAM = "IOP Guide editorial team"
HEAD = (
    "Title: Paying for an IOP\n"
    "Date: 2026-11-20\n"
    "Author: IOP Guide editorial team\n"
    "Checked: 2026-12-01\n"
    "Summary: How people pay.\n"
    "Category: Basics\n"
    "Tags: cost\n"
)
SOURCE = (
    "- [Mental health care (intensive outpatient program services)]"
    "(https://www.medicare.gov/coverage/mental-health-care-intensive-outpatient-program-services)"
    ", Medicare.gov. Checked December 1, 2026.\n"
)
BODY = "\nMost plans pay for part of it.\n\n## Sources\n\n" + SOURCE
SOURCE_LINE = 13  # the first source's line in HEAD + BODY
DEV = "(`make publish` refuses it until then)"
ENFORCED = "(or add 'Status: draft' to take it off the site until then)"
DRAFT = "(it is a draft, so it stays off the site anyway)"
EXAMPLE = "'- [Page title](https://...), Publisher. Checked December 4, 2026.'"


def check(text, *, kind="article", enforce=False, team=TEAM):
    front = parse(text, "a.md")
    found = check_trust(front, "a.md", kind=kind, enforce=enforce, team=team, today=TODAY)
    return [(p.severity, str(p)) for p in found]


def test_a_complete_article_has_no_problems():
    assert check(HEAD + BODY) == []
    assert check(HEAD + BODY, enforce=True) == []


def test_a_complete_clinical_review_is_accepted():
    review = "Reviewer: Dr. Test Person\nReviewer_credential: LCSW\nReviewed: 2026-12-02\n"
    assert check(HEAD + review + BODY, enforce=True) == []


@pytest.mark.parametrize(
    ("enforce", "status", "severity", "until"),
    [(False, "", "warning", DEV), (True, "", "error", ENFORCED), (True, "draft", "warning", DRAFT)],
)
def test_an_article_without_an_author(enforce, status, severity, until):
    head = HEAD.replace("Author: IOP Guide editorial team\n", "")
    if status:
        head += f"Status: {status}\n"
    assert check(head + BODY, enforce=enforce) == [
        (
            severity,
            "a.md: Author: is missing; add a line at the top that says who wrote this article: "
            "a real person's name, or the site's editorial team, 'Author: IOP Guide editorial "
            f"team' {until}",
        )
    ]


def test_an_author_is_not_asked_of_a_page():
    assert check("Title: About\nSummary: Who we are.\n\nText.\n", kind="page") == []


def test_without_a_team_setting_the_message_still_says_what_to_write():
    head = HEAD.replace("Author: IOP Guide editorial team\n", "")
    assert check(head + BODY, team=None)[0][1] == (
        "a.md: Author: is missing; add a line at the top that says who wrote this article: a "
        "real person's name, or the site's editorial team, 'Author: ' and the team's name "
        f"{DEV}"
    )


REVIEW_FIX = (
    "a review shows on the page only with the clinician's name ('Reviewer: ...'), credential "
    "('Reviewer_credential: LCSW') and day ('Reviewed: YYYY-MM-DD'), so add what is missing, "
    "or, if no clinician has reviewed it, delete the review lines and write the day you checked "
    "its facts as 'Checked: YYYY-MM-DD'"
)


def test_a_review_date_without_a_reviewer_is_refused_when_enforced():
    assert check(HEAD + "Reviewed: 2026-12-02\n" + BODY, enforce=True) == [
        (
            "error",
            "a.md:8: Reviewed: says a clinician reviewed this article, but Reviewer and "
            f"Reviewer_credential are missing; {REVIEW_FIX} {ENFORCED}",
        )
    ]


def test_a_reviewer_without_a_credential_is_a_warning_while_developing():
    review = "Reviewer: Dr. Test Person\nReviewed: 2026-12-02\n"
    assert check(HEAD + review + BODY) == [
        (
            "warning",
            "a.md:8: Reviewer: says a clinician reviewed this article, but Reviewer_credential "
            f"is missing; {REVIEW_FIX} {DEV}",
        )
    ]


def test_a_review_without_a_date_names_the_first_review_line():
    review = "Reviewer_credential: MD\nReviewer: Dr. Test Person\n"
    assert check(HEAD + review + BODY, enforce=True) == [
        (
            "error",
            "a.md:8: Reviewer_credential: says a clinician reviewed this article, but Reviewed "
            f"is missing; {REVIEW_FIX} {ENFORCED}",
        )
    ]


def test_a_page_that_claims_a_review_must_complete_it_too():
    page = "Title: Help\nSummary: Help now.\nReviewer: Dr. Test Person\n\nText.\n"
    assert check(page, kind="page", enforce=True) == [
        (
            "error",
            "a.md:3: Reviewer: says a clinician reviewed this page, but Reviewer_credential and "
            f"Reviewed are missing; {REVIEW_FIX} {ENFORCED}",
        )
    ]


def test_review_lines_still_todo_in_a_draft_are_left_to_the_placeholder_check():
    review = "Reviewer: TODO\nReviewer_credential: TODO\nReviewed: TODO\nStatus: draft\n"
    assert check(HEAD + review + BODY) == []


def test_an_article_without_sources():
    assert check(HEAD + "\nMost plans pay for part of it.\n", enforce=True) == [
        (
            "error",
            "a.md: Sources: there is no '## Sources' list; end the article with the public pages "
            f"its facts come from, each with the day you checked it, like {EXAMPLE} {ENFORCED}",
        )
    ]


def test_a_page_need_not_list_sources():
    assert check("Title: About\nSummary: Who we are.\n\nText.\n", kind="page") == []


def test_an_empty_sources_list():
    assert check(HEAD + "\nText.\n\n## Sources\n\nSee the agencies' pages.\n") == [
        (
            "warning",
            "a.md:11: Sources: the list is empty; add the public pages the facts come from, one "
            f"per line, like {EXAMPLE} {DEV}",
        )
    ]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "- Medicare.gov, checked December 1, 2026.",
            "this source has no link to the page it cites; write it as a link with the page's "
            f"full address, like {EXAMPLE}",
        ),
        (
            "- [Medicare coverage]({filename}/pages/about.md). Checked December 1, 2026.",
            "this source has no link to the page it cites; write it as a link with the page's "
            f"full address, like {EXAMPLE}",
        ),
        (
            "- [Medicare coverage](https://www.medicare.gov/), Medicare.gov.",
            "this source does not say when it was checked; end the line with the day you last "
            "checked the page, like 'Checked December 4, 2026.'",
        ),
        (
            "- [Medicare coverage](https://www.medicare.gov/). Checked Decmber 1, 2026.",
            "'Decmber 1, 2026' is not a real day; write it like December 4, 2026 (or 2026-12-04)",
        ),
        (
            "- [Medicare coverage](https://www.medicare.gov/). Checked 2026-02-30.",
            "'2026-02-30' is not a real day; write it like December 4, 2026 (or 2026-12-04)",
        ),
        (
            "- [Medicare coverage](https://www.medicare.gov/). Checked December 5, 2026.",
            "'December 5, 2026' is in the future; write the day you actually checked the page",
        ),
    ],
)
def test_each_source_needs_a_web_link_and_the_day_it_was_checked(item, message):
    text = HEAD + BODY + item + "\n"
    assert check(text) == [("warning", f"a.md:{SOURCE_LINE + 1}: Sources: {message} {DEV}")]


def test_a_source_may_wrap_onto_indented_lines_and_use_an_iso_date():
    item = "- [Medicare coverage](https://www.medicare.gov/),\n  Medicare.gov. Checked 2026-12-01\n"
    assert check(HEAD + BODY + item) == []


def test_the_sources_list_ends_at_the_next_section():
    after = "\n## What to read next\n\n- [What an IOP is]({filename}what-is-an-iop.md)\n"
    assert check(HEAD + BODY + after) == []


def test_a_source_still_todo_is_left_to_the_placeholder_check():
    item = "- TODO: [The page's title](https://...), who published it. Checked on the day.\n"
    assert check(HEAD + BODY + item) == []


def test_code_is_not_a_sources_list():
    text = HEAD + "\nText.\n\n```markdown\n## Sources\n```\n"
    assert [p[1][:36] for p in check(text)] == ["a.md: Sources: there is no '## Sourc"]


def test_parse_day_reads_both_forms_and_refuses_the_rest():
    assert parse_day("December 4, 2026") == dt.date(2026, 12, 4)
    assert parse_day("2026-12-04") == dt.date(2026, 12, 4)
    assert parse_day("4 December 2026") is None


def _content(**fields):
    content = SimpleNamespace(**fields)
    review_status(content)
    return content


def test_review_status_gives_a_review_only_when_it_is_complete():
    full = _content(
        checked="2026-11-01",
        reviewer="Dr. Test Person",
        reviewer_credential="LCSW",
        reviewed="2026-12-01",
    )
    assert full.clinical_review == ("Dr. Test Person", "LCSW", dt.date(2026, 12, 1))
    assert full.facts_date == dt.date(2026, 12, 1)
    partial = _content(checked="2026-11-01", reviewed="2026-12-01", reviewer="Dr. Test Person")
    assert partial.clinical_review is None
    assert partial.facts_date == dt.date(2026, 11, 1)  # an incomplete review proves nothing
    draft = _content(checked="TODO")
    assert (draft.checked_date, draft.clinical_review, draft.facts_date) == (None, None, None)


def test_the_build_checks_run_trust_with_the_publish_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/pages").mkdir()
    (tmp_path / "content/articles/a.md").write_text(
        HEAD + "Reviewed: 2026-12-02\n" + BODY, encoding="utf-8"
    )
    settings = {
        "PATH": "content",
        "ARTICLE_PATHS": ["articles"],
        "PAGE_PATHS": ["pages"],
        "AUTHOR": TEAM,
        "PUBLISHER": {"name": "Tiny Test Publisher", "email": "editor@tiny-test-site.org"},
    }
    found = check_sources({**settings, "REVIEW_ENFORCE": True}, TODAY)
    assert [(p.severity, str(p)[:44]) for p in found] == [
        ("error", "content/articles/a.md:8: Reviewed: says a cl")
    ]
    found = check_sources(settings, TODAY)
    assert [p.severity for p in found] == ["warning"]


PUBLISHER_FIX = (
    "set PUBLISHER in pelicanconf.py to the organization that runs the site, its website and an "
    "address someone reads, before the site goes live"
)


def test_a_real_publisher_with_a_contact_address_is_fine():
    publisher = {"name": "Tiny Test Publisher", "email": "editor@tiny-test-site.org"}
    assert check_publisher({"PUBLISHER": publisher}) == []


def test_placeholder_publisher_values_are_named():
    publisher = {
        "name": "IOP Guide publisher (placeholder name)",
        "url": "https://example.org/",
        "email": "editor@example.org",
    }
    assert [str(p) for p in check_publisher({"PUBLISHER": publisher})] == [
        "pelicanconf.py: PUBLISHER: 'IOP Guide publisher (placeholder name)', "
        "'https://example.org/' and 'editor@example.org' are placeholders, shown to readers on "
        f"the About page; {PUBLISHER_FIX}"
    ]


def test_one_placeholder_address():
    publisher = {"name": "A Health Library", "email": "team@help.example"}
    (problem,) = check_publisher({"PUBLISHER": publisher})
    assert (problem.severity, problem.message) == (
        "warning",
        "'team@help.example' is a placeholder, shown to readers on the About page; "
        + PUBLISHER_FIX,
    )


@pytest.mark.parametrize("publisher", [None, {}, {"name": "A Health Library"}, "A Library"])
def test_a_publisher_without_a_name_or_address(publisher):
    assert [str(p) for p in check_publisher({"PUBLISHER": publisher})] == [
        f"pelicanconf.py: PUBLISHER: needs a name and a contact email for the About page; "
        f"{PUBLISHER_FIX}"
    ]
