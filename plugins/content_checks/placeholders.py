"""The TODO placeholders `make new` writes, and the rule that keeps them off the site.

A new article starts as a draft (`Status: draft`) with `TODO` where only its
author can write the value, and `Checked: TODO` because nobody has checked
its facts against its sources yet. A draft builds and can be previewed, so a TODO there is only a
reminder (a warning from `make check`). Anything that would be published
with a TODO left in it is an error that stops the build: a health article
must not go out with a made-up summary or an invented review date.
"""

from __future__ import annotations

import datetime as dt
import re

from .frontmatter import KNOWN_FIELDS, PLACEHOLDER, FrontMatter, display_name
from .masking import mask_code
from .problems import Problem

_WORD_RE = re.compile(rf"\b{PLACEHOLDER}\b")


def _is_draft(front: FrontMatter) -> bool:
    status = front.fields.get("status")
    return status is not None and status.value.strip().lower() == "draft"


def check_placeholders(front: FrontMatter, file: str, today: dt.date) -> list[Problem]:
    """Every TODO left in the front matter or the body (warnings in a draft, else errors)."""
    draft = _is_draft(front)
    severity = "warning" if draft else "error"
    problems = []
    for item in front.fields.values():
        if item.value != PLACEHOLDER or item.key not in KNOWN_FIELDS:
            continue
        if item.key == "reviewed":
            todo = (
                "once a qualified reviewer has checked its facts, write the day of that "
                f"review, like {today.isoformat()}"
            )
        else:
            todo = f"write {KNOWN_FIELDS[item.key]}"
        problems.append(
            Problem(
                file,
                item.line,
                display_name(item.key),
                f"is still TODO; {todo}{_when(draft)}",
                severity,
            )
        )
    lines = mask_code(front.body).split("\n")
    for number, line in enumerate(lines, start=front.body_line):
        if _WORD_RE.search(line):
            problems.append(
                Problem(
                    file,
                    number,
                    "body",
                    f"still has a TODO; replace it with the finished text{_when(draft)}",
                    severity,
                )
            )
    return problems


def _when(draft: bool) -> str:
    if draft:
        return " (only a reminder while it is a draft; nothing with a TODO is published)"
    return " (or add 'Status: draft' to keep it off the site until it is done)"
