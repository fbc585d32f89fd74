"""Heading checks: no top-level heading in the body, no skipped levels."""

from __future__ import annotations

from content_checks.headings import check_headings


def problems(site, body):
    return [(p.severity, str(p)) for p in check_headings(site.article(body))]


def test_good_outline_has_no_problems(site):
    body = "Intro.\n\n## One\n\n### One a\n\n#### Deep\n\n## Two\n\n### Two a\n"
    assert problems(site, body) == []


def test_top_level_heading_in_the_body(site):
    assert problems(site, "# What is an IOP?\n\nText.\n") == [
        (
            "error",
            "content/articles/a.md:8: heading: '# What is an IOP?' is a top-level heading, but "
            "the page already has one (the Title); start the body's headings at level 2: "
            "'## What is an IOP?'",
        )
    ]


def test_underlined_top_level_heading(site):
    assert problems(site, "Intro.\n\nWhat is an IOP?\n===============\n\nText.\n") == [
        (
            "error",
            "content/articles/a.md:10: heading: '# What is an IOP?' is a top-level heading, but "
            "the page already has one (the Title); start the body's headings at level 2: "
            "'## What is an IOP?'",
        )
    ]


def test_html_top_level_heading(site):
    assert problems(site, "<h1>Welcome</h1>\n") == [
        (
            "error",
            "content/articles/a.md:8: heading: '<h1>' is a top-level heading, but the page "
            "already has one (the Title); start the body's headings at level 2: '<h2>'",
        )
    ]


def test_first_heading_skips_level_two(site):
    assert problems(site, "Intro.\n\n### Costs\n") == [
        (
            "warning",
            "content/articles/a.md:10: heading: '### Costs' comes right after the title, so it "
            "skips level 2; make it '## Costs' (or add a level-2 heading above it)",
        )
    ]


def test_skipped_level_later_on(site):
    assert problems(site, "## Costs\n\nText.\n\n#### Insurance\n") == [
        (
            "warning",
            "content/articles/a.md:12: heading: '#### Insurance' follows the level-2 heading on "
            "line 8, so it skips level 3; make it '### Insurance' (or add a level-3 heading above "
            "it)",
        )
    ]


def test_headings_in_code_and_rules_are_not_headings(site):
    body = "Text\n\n---\n\n```\n# not a heading\n```\n\n- item\n---\n"
    assert problems(site, body) == []
