"""Trust: who wrote an article, whether a clinician reviewed it, and where its facts come from.

A reader on a bad day deserves to know who stands behind a health page, and
must never be told that a clinician checked it when none did. So:

- An article names who wrote it (`Author:`): a real person, or the site's
  editorial team (the `AUTHOR` setting). Never an invented person.
- A clinician's review is claimed in full or not at all: `Reviewer` (their
  name), `Reviewer_credential` (for example LCSW) and `Reviewed` (the day).
  Without all three the page says "Not yet reviewed by a clinician".
- An article ends with a `## Sources` list: the public pages its facts come
  from, each a link and the day someone checked it, for example
  `- [Page title](https://...), Publisher. Checked December 4, 2026.`

While writing, these are warnings from `make check`. Where `REVIEW_ENFORCE`
is on (publishconf.py) they are errors that stop `make publish`; drafts are
never published, so they only get warnings.

`review_status` gives the templates the same judgement, so the page can only
show a review that these checks accept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import NamedTuple

from .frontmatter import PLACEHOLDER, FrontMatter, display_name
from .masking import mask_code
from .problems import Problem

REVIEW_FIELDS = ("reviewer", "reviewer_credential", "reviewed")
SOURCES_HEADING = "Sources"
SOURCE_EXAMPLE = "'- [Page title](https://...), Publisher. Checked December 4, 2026.'"

SOURCES_HEADING_RE = re.compile(rf"^##[ \t]+{SOURCES_HEADING}[ \t]*#*[ \t]*$")
SECTION_RE = re.compile(r"^#{1,2}[ \t]")  # the next section of the same or a higher level
_ITEM_RE = re.compile(r"^[ ]{0,3}[-*+][ \t]+(?P<text>.*)$")
_CONTINUATION_RE = re.compile(r"^[ \t]+\S")
_WEB_LINK_RE = re.compile(r"\[[^\]\n]+\]\(\s*https?://[^\s)]+[^)]*\)")
_CHECKED_RE = re.compile(
    r"\bchecked(?: on)?[ \t]+(?P<day>\d{4}-\d{2}-\d{2}|[A-Za-z]+[ \t]+\d{1,2},[ \t]*\d{4})\.?$",
    re.IGNORECASE,
)


class ClinicalReview(NamedTuple):
    """A clinician's review, complete: who, with which credential, on which day."""

    name: str
    credential: str
    day: dt.date


def parse_day(text: str) -> dt.date | None:
    """`2026-12-04` or `December 4, 2026` as a date; None when it is not a real day."""
    text = " ".join(text.split())
    for form in ("%Y-%m-%d", "%B %d, %Y"):
        with contextlib.suppress(ValueError):
            return dt.datetime.strptime(text, form).date()
    return None


def review_status(content) -> None:
    """Give a Pelican article or page `checked_date`, `reviewed_date` and `clinical_review`.

    `clinical_review` is set only when name, credential and a real date are
    all given; the theme shows a review only then.
    """
    content.checked_date = _date_of(getattr(content, "checked", None))
    content.reviewed_date = _date_of(getattr(content, "reviewed", None))
    name = _given(getattr(content, "reviewer", None))
    credential = _given(getattr(content, "reviewer_credential", None))
    complete = name and credential and content.reviewed_date
    content.clinical_review = (
        ClinicalReview(name, credential, content.reviewed_date) if complete else None
    )
    days = [d for d in (content.checked_date, content.reviewed_date if complete else None) if d]
    content.facts_date = max(days) if days else None


def _given(value) -> str | None:
    if not isinstance(value, str) or not value.strip() or value.strip() == PLACEHOLDER:
        return None
    return value.strip()


def _date_of(value) -> dt.date | None:
    # The front-matter checks have made sure the text is YYYY-MM-DD (or TODO in a draft).
    text = _given(value)
    if text is None:
        return None
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text[:10])
    return None


def check_trust(
    front: FrontMatter,
    file: str,
    *,
    kind: str,
    enforce: bool,
    team: str | None,
    today: dt.date,
) -> list[Problem]:
    """Author, review claim and sources of one article (`kind="article"`) or page."""
    status = front.fields.get("status")
    draft = status is not None and status.value.strip().lower() == "draft"
    severity = "error" if enforce and not draft else "warning"
    if draft:
        until = "it is a draft, so it stays off the site anyway"
    elif enforce:
        until = "or add 'Status: draft' to take it off the site until then"
    else:
        until = "`make publish` refuses it until then"
    problems = []
    if kind == "article" and "author" not in front.fields:
        who = f"'Author: {team}'" if team else "'Author: ' and the team's name"
        problems.append(
            Problem(
                file,
                None,
                "Author",
                f"is missing; add a line at the top that says who wrote this article: a real "
                f"person's name, or the site's editorial team, {who} ({until})",
                severity,
            )
        )
    problems.extend(_review_claim(front, file, kind, severity, until))
    problems.extend(_sources(front, file, kind, severity, until, today))
    return problems


# Domains reserved for examples (RFC 2606): an address there reaches no one.
_EXAMPLE_DOMAIN_RE = re.compile(
    r"(?:^|[@./])(?:example\.(?:com|org|net)|[\w-]+\.(?:example|invalid|test))(?:[/:]|$)", re.I
)


def check_publisher(settings: dict) -> list[Problem]:
    """Warn while the publisher or its contact address is missing or a placeholder.

    Readers need to know who runs the site and how to report a mistake; the
    About page and the structured data show `PUBLISHER` from pelicanconf.py.
    """
    publisher = settings.get("PUBLISHER") or {}
    fix = (
        "set PUBLISHER in pelicanconf.py to the organization that runs the site, its website "
        "and an address someone reads, before the site goes live"
    )
    if not isinstance(publisher, dict) or not publisher.get("name") or not publisher.get("email"):
        return [
            Problem(
                "pelicanconf.py",
                None,
                "PUBLISHER",
                f"needs a name and a contact email for the About page; {fix}",
                "warning",
            )
        ]
    placeholders = [
        repr(publisher[key])
        for key in ("name", "url", "email")
        if publisher.get(key)
        and (
            _EXAMPLE_DOMAIN_RE.search(str(publisher[key]))
            or "placeholder" in str(publisher[key]).lower()
        )
    ]
    if not placeholders:
        return []
    verb = "is a placeholder" if len(placeholders) == 1 else "are placeholders"
    return [
        Problem(
            "pelicanconf.py",
            None,
            "PUBLISHER",
            f"{_joined(placeholders)} {verb}, shown to readers on the About page; {fix}",
            "warning",
        )
    ]


def _joined(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _review_claim(front, file, kind, severity, until) -> list[Problem]:
    given = [
        front.fields[key]
        for key in REVIEW_FIELDS
        if key in front.fields and _given(front.fields[key].value)
    ]
    if not given or len(given) == len(REVIEW_FIELDS):
        return []
    missing = [display_name(k) for k in REVIEW_FIELDS if k not in {f.key for f in given}]
    first = min(given, key=lambda f: f.line)
    return [
        Problem(
            file,
            first.line,
            first.name,
            f"says a clinician reviewed this {kind}, but {_joined(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} missing; a review shows on the page only "
            "with the clinician's name ('Reviewer: ...'), credential ('Reviewer_credential: "
            "LCSW') and day ('Reviewed: YYYY-MM-DD'), so add what is missing, or, if no "
            "clinician has reviewed it, delete the review lines and write the day you checked "
            f"its facts as 'Checked: YYYY-MM-DD' ({until})",
            severity,
        )
    ]


def _sources(front, file, kind, severity, until, today) -> list[Problem]:
    lines = mask_code(front.body).split("\n")
    start = next((i for i, line in enumerate(lines) if SOURCES_HEADING_RE.match(line)), None)
    if start is None:
        if kind != "article":
            return []  # pages cite sources when they state facts, but need not
        return [
            Problem(
                file,
                None,
                SOURCES_HEADING,
                "there is no '## Sources' list; end the article with the public pages its "
                "facts come from, each with the day you checked it, like "
                f"{SOURCE_EXAMPLE} ({until})",
                severity,
            )
        ]
    heading_line = front.body_line + start
    items = _items(lines, start + 1)
    if not items:
        return [
            Problem(
                file,
                heading_line,
                SOURCES_HEADING,
                "the list is empty; add the public pages the facts come from, one per line, "
                f"like {SOURCE_EXAMPLE} ({until})",
                severity,
            )
        ]
    problems = []
    for index, text in items:
        line = front.body_line + index
        message = _source_problem(text, today)
        if message:
            problems.append(Problem(file, line, SOURCES_HEADING, f"{message} ({until})", severity))
    return problems


def _items(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(index, text) of each list item under the heading, continuation lines joined."""
    items: list[tuple[int, str]] = []
    for index in range(first, len(lines)):
        line = lines[index]
        if SECTION_RE.match(line):
            break
        item = _ITEM_RE.match(line)
        if item:
            items.append((index, item["text"].strip()))
        elif items and _CONTINUATION_RE.match(line):
            start, text = items[-1]
            items[-1] = (start, f"{text} {line.strip()}")
    return items


def _source_problem(text: str, today: dt.date) -> str | None:
    if re.search(rf"\b{PLACEHOLDER}\b", text):
        return None  # placeholders.py reports every TODO, in a draft or not
    if not _WEB_LINK_RE.search(text):
        return (
            "this source has no link to the page it cites; write it as a link with the "
            f"page's full address, like {SOURCE_EXAMPLE}"
        )
    checked = _CHECKED_RE.search(text.rstrip())
    if checked is None:
        return (
            "this source does not say when it was checked; end the line with the day you "
            "last checked the page, like 'Checked December 4, 2026.'"
        )
    day = parse_day(checked["day"])
    if day is None:
        return (
            f"'{checked['day']}' is not a real day; write it like December 4, 2026 (or 2026-12-04)"
        )
    if day > today:
        return f"'{checked['day']}' is in the future; write the day you actually checked the page"
    return None
