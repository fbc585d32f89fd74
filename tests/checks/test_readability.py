"""Reading level: what is measured, and the warning above READING_GRADE_MAX."""

from __future__ import annotations

from content_checks.readability import check_reading, plain_lines, read

HARD = (
    "## Why treatment helps\n\n"
    "Comprehensive multidisciplinary interventions frequently incorporate evidence-based "
    "psychotherapeutic modalities, pharmacological management, and psychoeducational components "
    "that collectively facilitate sustained recovery. Individuals experiencing co-occurring "
    "psychiatric conditions benefit considerably from integrated programming.\n"
)


def test_only_what_a_reader_reads_is_measured(site):
    body = (
        "## What it costs\n\n"
        "Most plans pay for it. Read [the guide](https://example.org/a/very/long/address).\n"
        "![A photo of a clinic](https://example.org/photo.png)\n\n"
        "| Kind | Hours |\n|---|---|\n| **Group** | `9` a week |\n\n"
        "```\ncode is never read\n```\n\n"
        "- ask about *costs*\n- <em>ask</em> about times\n\n[self-check: phq-9]\n"
    )
    assert plain_lines(site.article(body)) == [
        (8, "What it costs."),
        (10, "Most plans pay for it. Read the guide."),
        (13, "Kind. Hours."),
        (15, "Group. a week."),
        (21, "ask about costs."),
        (22, "ask about times."),
    ]


def test_plain_article_is_below_the_limit(site):
    reading = read(
        site.article("## Costs\n\nMost plans pay for an IOP. Ask your plan what you will pay.\n")
    )
    assert reading.grade <= 8
    assert check_reading(reading, 8) == []


def test_hard_article_gets_a_warning_naming_sentences_and_words(site):
    problems = check_reading(read(site.article(HARD)), 8)
    assert [str(p) for p in problems] == [
        "content/articles/a.md: reading level: grade 29.5 is above the site's limit of 8 "
        "(Flesch-Kincaid); use shorter sentences and everyday words: the longest sentences are "
        "on line 10 (18 words); long words include 'psychoeducational', 'pharmacological' and "
        "'psychotherapeutic'"
    ]
    assert [p.severity for p in problems] == ["warning"]


def test_the_limit_is_a_setting(site):
    assert check_reading(read(site.article(HARD)), 30) == []


def test_without_textstat_the_check_says_so(site, monkeypatch):
    from content_checks import readability
    from content_checks.runner import check_content

    def missing():
        raise ImportError("No module named 'textstat'")

    monkeypatch.setattr(readability, "_textstat", missing)
    site.article("## Costs\n\nMost plans pay.\n")
    report = check_content(
        {"PATH": str(site.content), "ARTICLE_PATHS": ["articles"], "PAGE_PATHS": ["pages"]}
    )
    assert report.readings == []
    assert report.notes[0] == (
        "Reading level: not measured, because textstat is not installed (it is one of the test "
        "tools: pip install -e '.[test]')."
    )
