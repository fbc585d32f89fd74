"""Review freshness: due for review (warning), stale (warning, or an error when enforced)."""

from __future__ import annotations

import datetime as dt

from content_checks.freshness import check_freshness
from content_checks.settings import CheckSettings

from .helpers import FRONT

TODAY = dt.date(2026, 11, 22)


def settings(**overrides):
    return CheckSettings.from_pelican({"PATH": "content", **overrides})


def problems(site, reviewed, enforce=False, status=None):
    front = FRONT.replace("Reviewed: 2026-11-21", f"Reviewed: {reviewed}")
    if status:
        front = front.replace("\n\n", f"\nStatus: {status}\n\n")
    source = site.article("Text.\n", front=front)
    found = check_freshness(source, settings(REVIEW_ENFORCE=enforce), TODAY)
    return [(p.severity, str(p)) for p in found]


def test_a_recent_review_is_fine(site):
    assert problems(site, "2025-11-22") == []  # exactly 365 days


def test_a_review_due_again_is_a_warning(site):
    assert problems(site, "2025-10-18") == [
        (
            "warning",
            "content/articles/a.md:3: Reviewed: was 400 days ago (2025-10-18); health facts "
            "change, so ask a qualified reviewer to check this article again, then write the day "
            "of that review here (`make publish` stops after 730 days)",
        )
    ]


def test_a_stale_review_is_a_warning_while_developing(site):
    assert problems(site, "2024-01-01") == [
        (
            "warning",
            "content/articles/a.md:3: Reviewed: was 1056 days ago (2024-01-01), more than the 730 "
            "days this site allows; ask a qualified reviewer to check its facts, then write the "
            "day of that review here (`make publish` refuses it until then)",
        )
    ]


def test_a_stale_review_is_an_error_when_enforced(site):
    assert problems(site, "2024-01-01", enforce=True) == [
        (
            "error",
            "content/articles/a.md:3: Reviewed: was 1056 days ago (2024-01-01), more than the 730 "
            "days this site allows, so it is not published; ask a qualified reviewer to check its "
            "facts, then write the day of that review here (or add 'Status: draft' to take it off "
            "the site until then)",
        )
    ]


def test_a_stale_draft_is_only_a_warning_when_enforced(site):
    assert problems(site, "2024-01-01", enforce=True, status="draft") == [
        (
            "warning",
            "content/articles/a.md:3: Reviewed: was 1056 days ago (2024-01-01), more than the 730 "
            "days this site allows; ask a qualified reviewer to check its facts, then write the "
            "day of that review here (it is a draft, so it stays off the site anyway)",
        )
    ]


def test_the_limits_are_settings(site):
    source = site.article("Text.\n", front=FRONT.replace("2026-11-21", "2026-10-01"))
    found = check_freshness(
        source,
        settings(REVIEW_WARN_AFTER_DAYS=30, REVIEW_FAIL_AFTER_DAYS=45, REVIEW_ENFORCE=True),
        TODAY,
    )
    assert [(p.severity, p.message[:20]) for p in found] == [("error", "was 52 days ago (202")]
