"""Freshness: a check is due (warning), stale facts (warning, or an error when enforced)."""

from __future__ import annotations

import datetime as dt

from content_checks.freshness import check_freshness
from content_checks.settings import CheckSettings

from .helpers import FRONT

TODAY = dt.date(2026, 11, 22)
AGAIN = (
    "check its facts against its sources again (or ask a clinician to review it), then write "
    "that day in 'Checked:'"
)


def settings(**overrides):
    return CheckSettings.from_pelican({"PATH": "content", **overrides})


def problems(site, checked, enforce=False, status=None, extra=""):
    front = FRONT.replace("Checked: 2026-11-21", f"Checked: {checked}")
    if status:
        front = front.replace("\n\n", f"\nStatus: {status}\n\n")
    if extra:
        front = front.replace("\n\n", f"\n{extra}\n\n")
    source = site.article("Text.\n", front=front)
    found = check_freshness(source, settings(REVIEW_ENFORCE=enforce), TODAY)
    return [(p.severity, str(p)) for p in found]


def test_recently_checked_facts_are_fine(site):
    assert problems(site, "2025-11-22") == []  # exactly 365 days


def test_a_check_due_again_is_a_warning(site):
    assert problems(site, "2025-10-18") == [
        (
            "warning",
            "content/articles/a.md:3: Checked: was 400 days ago (2025-10-18); health facts "
            f"change, so {AGAIN} (`make publish` stops after 730 days)",
        )
    ]


def test_stale_facts_are_a_warning_while_developing(site):
    assert problems(site, "2024-01-01") == [
        (
            "warning",
            "content/articles/a.md:3: Checked: was 1056 days ago (2024-01-01), more than the 730 "
            f"days this site allows; {AGAIN} (`make publish` refuses it until then)",
        )
    ]


def test_stale_facts_are_an_error_when_enforced(site):
    assert problems(site, "2024-01-01", enforce=True) == [
        (
            "error",
            "content/articles/a.md:3: Checked: was 1056 days ago (2024-01-01), more than the 730 "
            f"days this site allows, so it is not published; {AGAIN} (or add 'Status: draft' to "
            "take it off the site until then)",
        )
    ]


def test_a_stale_draft_is_only_a_warning_when_enforced(site):
    assert problems(site, "2024-01-01", enforce=True, status="draft") == [
        (
            "warning",
            "content/articles/a.md:3: Checked: was 1056 days ago (2024-01-01), more than the 730 "
            f"days this site allows; {AGAIN} (it is a draft, so it stays off the site anyway)",
        )
    ]


def test_a_later_clinical_review_counts_as_the_latest_check(site):
    review = "Reviewer: Dr. Test Person\nReviewer_credential: MD\nReviewed: 2026-06-01"
    assert problems(site, "2024-01-01", enforce=True, extra=review) == []


def test_an_older_review_does_not_hide_stale_facts_it_is_the_later_day_that_counts(site):
    review = "Reviewer: Dr. Test Person\nReviewer_credential: MD\nReviewed: 2023-06-01"
    assert [p[1][:54] for p in problems(site, "2024-01-01", extra=review)] == [
        "content/articles/a.md:3: Checked: was 1056 days ago (2"
    ]


def test_a_review_date_alone_ages_like_a_check(site):
    front = FRONT.replace("Checked: 2026-11-21", "Reviewed: 2024-01-01")
    source = site.article("Text.\n", front=front)
    found = check_freshness(source, settings(), TODAY)
    assert [str(p)[:55] for p in found] == [
        "content/articles/a.md:3: Reviewed: was 1056 days ago (2"
    ]


def test_the_limits_are_settings(site):
    source = site.article("Text.\n", front=FRONT.replace("2026-11-21", "2026-10-01"))
    found = check_freshness(
        source,
        settings(REVIEW_WARN_AFTER_DAYS=30, REVIEW_FAIL_AFTER_DAYS=45, REVIEW_ENFORCE=True),
        TODAY,
    )
    assert [(p.severity, p.message[:20]) for p in found] == [("error", "was 52 days ago (202")]
