"""Freshness: health facts go out of date, so the day they were last checked ages.

An article's facts were last checked on its `Checked` day, or on the day a
clinician reviewed it (`Reviewed`), whichever is later. After
`REVIEW_WARN_AFTER_DAYS` it is due for another check (a warning from
`make check`). After `REVIEW_FAIL_AFTER_DAYS` it is stale: still a warning
while developing, but an error wherever `REVIEW_ENFORCE` is on
(publishconf.py), which stops `make publish`. Drafts are never published, so
they only ever get warnings.
"""

from __future__ import annotations

import datetime as dt

from .frontmatter import FACTS_DATE_FIELDS, PLACEHOLDER, FrontMatterField
from .problems import Problem
from .scanner import Source
from .settings import CheckSettings

AGAIN = (
    "check its facts against its sources again (or ask a clinician to review it), then write "
    "that day in 'Checked:'"
)


def facts_checked(source: Source) -> tuple[FrontMatterField, dt.date] | None:
    """The field with the latest day the facts were checked, and that day; None without one."""
    found = []
    for key in FACTS_DATE_FIELDS:
        field = source.field(key)
        if field is None or field.value == PLACEHOLDER:
            continue
        try:
            found.append((dt.date.fromisoformat(field.value.strip()[:10]), field))
        except ValueError:
            continue  # the front-matter check reports it
    if not found:
        return None
    day, field = max(found, key=lambda pair: pair[0])
    return field, day


def review_age(source: Source, today: dt.date) -> int | None:
    """Days since the facts were last checked; None without a usable day."""
    checked = facts_checked(source)
    return None if checked is None else (today - checked[1]).days


def check_freshness(source: Source, settings: CheckSettings, today: dt.date) -> list[Problem]:
    """Warn when a check is due; refuse stale facts where REVIEW_ENFORCE is on."""
    checked = facts_checked(source)
    if checked is None:
        return []
    field, day = checked
    age = (today - day).days
    if age <= settings.review_warn_after_days:
        return []
    name = field.name
    when = f"was {age} days ago ({day.isoformat()})"
    limit = settings.review_fail_after_days
    if age <= limit:
        return [
            Problem(
                source.file,
                field.line,
                name,
                f"{when}; health facts change, so {AGAIN} (`make publish` stops after "
                f"{limit} days)",
                "warning",
            )
        ]
    if settings.review_enforce and not source.is_draft:
        return [
            Problem(
                source.file,
                field.line,
                name,
                f"{when}, more than the {limit} days this site allows, so it is not published; "
                f"{AGAIN} (or add 'Status: draft' to take it off the site until then)",
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
            name,
            f"{when}, more than the {limit} days this site allows; {AGAIN} ({consequence})",
            "warning",
        )
    ]
