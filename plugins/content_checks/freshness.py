"""Review freshness: health facts go out of date, so every `Reviewed` date ages.

After `REVIEW_WARN_AFTER_DAYS` an article is due for another review (a
warning from `make check`). After `REVIEW_FAIL_AFTER_DAYS` it is stale: still
a warning while developing, but an error wherever `REVIEW_ENFORCE` is on
(publishconf.py), which stops `make publish`. Drafts are never published, so
they only ever get warnings.
"""

from __future__ import annotations

import datetime as dt

from .frontmatter import PLACEHOLDER
from .problems import Problem
from .scanner import Source
from .settings import CheckSettings


def review_age(source: Source, today: dt.date) -> int | None:
    """Days since the source's Reviewed date; None without a usable one."""
    field = source.field("reviewed")
    if field is None or field.value == PLACEHOLDER:
        return None
    try:
        reviewed = dt.date.fromisoformat(field.value.strip()[:10])
    except ValueError:
        return None  # the front-matter check reports it
    return (today - reviewed).days


def check_freshness(source: Source, settings: CheckSettings, today: dt.date) -> list[Problem]:
    """Warn when a review is due; refuse a stale one where REVIEW_ENFORCE is on."""
    age = review_age(source, today)
    if age is None or age <= settings.review_warn_after_days:
        return []
    field = source.field("reviewed")
    when = f"was {age} days ago ({field.value.strip()[:10]})"
    limit = settings.review_fail_after_days
    if age <= limit:
        return [
            Problem(
                source.file,
                field.line,
                "Reviewed",
                f"{when}; health facts change, so ask a qualified reviewer to check this "
                f"{source.kind} again, then write the day of that review here (`make publish` "
                f"stops after {limit} days)",
                "warning",
            )
        ]
    if settings.review_enforce and not source.is_draft:
        return [
            Problem(
                source.file,
                field.line,
                "Reviewed",
                f"{when}, more than the {limit} days this site allows, so it is not published; "
                "ask a qualified reviewer to check its facts, then write the day of that "
                "review here (or add 'Status: draft' to take it off the site until then)",
            )
        ]
    consequence = (
        "it is a draft, so it stays off the site anyway"
        if source.is_draft
        else "`make publish` refuses it until then"
    )
    return [
        Problem(
            source.file,
            field.line,
            "Reviewed",
            f"{when}, more than the {limit} days this site allows; ask a qualified reviewer "
            f"to check its facts, then write the day of that review here ({consequence})",
            "warning",
        )
    ]
