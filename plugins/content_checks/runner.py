"""Run the checks: the few that stop every build, and all of them for `make check`.

Errors stop every build (`_check_before_reading`, before Pelican reads
anything): front matter, TODOs outside drafts, links to missing files, images
without alt text, a top-level heading in the body, loads from other origins
in content and theme, HTML that could navigate, load, run or leak
(`active.py`), addresses that leave the site (`addresses.py`), and, where
`REVIEW_ENFORCE` is on, stale reviews. Many of these would stop a
`--fatal warnings` build anyway, but with a traceback instead of a message.
`make check` runs everything, warnings included, on the sources
(`check_content`) and then on the site built from them (`check_built_site`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import active, privacy, readability
from .categories import check_categories
from .definitions import check_definitions
from .embeds import check_embeds, known_ids
from .freshness import check_freshness
from .headings import check_headings
from .links import check_links, check_site_links
from .problems import Problem
from .readability import Reading
from .scanner import markdown_sources
from .settings import CheckSettings
from .sitesettings import check_site_settings
from .sources import check_sources, display_path

SCREENER_PATH_DEFAULT = "screeners"  # the screener plugin's SCREENER_PATH default


@dataclass
class Report:
    """Everything one run of `make check` found."""

    problems: list[Problem] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that must be fixed."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems worth a look."""
        return [p for p in self.problems if p.severity != "error"]


def build_problems(settings: dict, today: dt.date | None = None) -> list[Problem]:
    """Return the errors that stop a build before Pelican reads anything."""
    today = today or dt.date.today()
    checks = CheckSettings.from_pelican(settings)
    policy = privacy.Policy.from_settings(checks)
    problems = check_site_settings(settings) + check_sources(settings, today)
    screeners, known = _screeners(settings, checks)
    for source in markdown_sources(settings):
        problems.extend(check_links(source, checks.content_path))
        problems.extend(check_headings(source))
        problems.extend(check_embeds(source, known, screeners))
        problems.extend(active.check_markdown(source, policy))
        if checks.review_enforce:
            problems.extend(check_freshness(source, checks, today))
    problems.extend(check_categories(markdown_sources(settings), settings))
    problems.extend(privacy.check_theme(checks.theme_path, policy))
    return _ordered(p for p in problems if p.severity == "error")


def check_content(settings: dict, *, today: dt.date | None = None) -> Report:
    """Run every check on the sources, the theme and the self-check definitions."""
    today = today or dt.date.today()
    checks = CheckSettings.from_pelican(settings)
    policy = privacy.Policy.from_settings(checks)
    report = Report(problems=check_site_settings(settings) + check_sources(settings, today))
    measure = readability.available()
    if not measure:
        report.notes.append(
            "Reading level: not measured, because textstat is not installed (it is one of the "
            "test tools: pip install -e '.[test]')."
        )
    screeners, known = _screeners(settings, checks)
    for source in markdown_sources(settings):
        report.problems.extend(check_links(source, checks.content_path))
        report.problems.extend(check_headings(source))
        report.problems.extend(check_embeds(source, known, screeners))
        report.problems.extend(active.check_markdown(source, policy))
        report.problems.extend(check_freshness(source, checks, today))
        if measure:
            reading = readability.read(source)
            report.readings.append(reading)
            report.problems.extend(readability.check_reading(reading, checks.reading_grade_max))
    report.problems.extend(check_categories(markdown_sources(settings), settings))
    report.problems.extend(privacy.check_theme(checks.theme_path, policy))
    definitions = check_definitions(_screener_folder(settings, checks))
    report.problems.extend(definitions.problems)
    report.notes.append(definitions.note)
    report.problems = _ordered(report.problems)
    return report


def check_built_site(settings: dict, output: Path) -> list[Problem]:
    """Check a built site: `/site/path` links of the sources, and loads from other origins."""
    checks = CheckSettings.from_pelican(settings)
    problems = []
    for source in markdown_sources(settings):
        problems.extend(check_site_links(source, output))
    problems.extend(privacy.check_built_site(output, privacy.Policy.from_settings(checks)))
    return _ordered(problems)


def _screener_folder(settings: dict, checks: CheckSettings) -> Path:
    return checks.content_path / settings.get("SCREENER_PATH", SCREENER_PATH_DEFAULT)


def _screeners(settings: dict, checks: CheckSettings) -> tuple[str, list[str]]:
    """The definitions folder as authors see it, and the self-check ids in it."""
    folder = _screener_folder(settings, checks)
    return display_path(folder), known_ids(folder)


def _ordered(problems) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0))
