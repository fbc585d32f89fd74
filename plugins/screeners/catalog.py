"""Load and check every screener definition before Pelican reads any article.

Articles may embed a self-check, so the list of valid self-checks must be
known first. Every problem in every file is collected and reported together
as `file:line: path: message`; nothing is skipped and nothing half-works.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

import jinja2
from content_checks.embeds import unknown_message
from content_checks.sources import display_path

from . import passed
from .assets import AssetPlan, plan_assets
from .compiled import keep_compiled
from .settings import ScreenerSettings
from .view import ScreenerView, build_view

TEMPLATES = Path(__file__).parent / "templates"
DEFINITION_SUFFIXES = (".yaml", ".yml")
# An article embeds a self-check with a line of its own: [self-check: phq-9]
MARKER_RE = re.compile(r"<p>\s*\[self-check:\s*([^\]<]*?)\s*\]\s*</p>")
SOURCE_MARKER_RE = re.compile(r"\[self-check:\s*([^\]]*?)\s*\]")
# An embedded widget in an article's HTML, as embed() writes it.
EMBEDDED_RE = re.compile(r"<!--self-check:([a-z0-9-]+)-->.*?<!--/self-check-->", re.DOTALL)


class ScreenerBuildError(Exception):
    """Definitions or embeds have problems; the message lists all of them."""

    is_author_error = True

    def __init__(self, lines: list[str]):
        self.lines = lines
        count = len(lines)
        super().__init__(
            f"The site was not built: {count} problem{'s' if count != 1 else ''} with the "
            "self-checks. Fix them and build again.\n" + "\n".join(f"  {line}" for line in lines)
        )


class Catalog:
    """The validated self-checks of one build, their views, and their browser files."""

    # A plain class: a dataclass costs up to 1 ms to make, on every build (see view.py).
    def __init__(
        self,
        settings: ScreenerSettings,
        definitions: list[dict],
        views: dict[str, ScreenerView],
        assets: AssetPlan,
        environment: jinja2.Environment,
        site: dict,
    ) -> None:
        self.settings = settings
        self.definitions = definitions
        self.views = views
        self.assets = assets
        self.environment = environment
        self.site = site
        self.rendered: dict[tuple[str, bool], str] = {}  # (slug, embedded) -> HTML, built once

    def widget(self, slug: str, *, embedded: bool) -> str:
        """The self-check's HTML, for its own page or for an article."""
        # The same for every article that embeds it: render it once per build.
        key = (slug, embedded)
        if key not in self.rendered:
            template = self.environment.get_template("screener_widget.html")
            self.rendered[key] = template.render(
                view=self.views[slug], assets=self.assets, embedded=embedded, **self.site
            )
        return self.rendered[key]

    def embed(self, html: str) -> tuple[str, list[str]]:
        """Replace every marker paragraph with its widget; return the new HTML and unknown slugs."""
        unknown: list[str] = []

        def replace(match: re.Match) -> str:
            slug = match[1]
            if slug not in self.views:
                unknown.append(slug)
                return match[0]
            # The comments let the feeds swap the widget for a link (see for_feed).
            return f"<!--self-check:{slug}-->{self.widget(slug, embedded=True)}<!--/self-check-->"

        return MARKER_RE.sub(replace, html), unknown

    def for_feed(self, html: str, feed_domain: str) -> str:
        """Replace every embedded widget with a link to its page.

        A feed reader runs no script and may not show a form well; the reader
        is sent to the self-check's page instead, where it works.
        """

        def link(match: re.Match) -> str:
            view = self.views.get(match[1])
            if view is None:  # pragma: no cover - embed() only wraps known ids
                return ""
            url = f"{feed_domain}/{view.url}" if feed_domain else f"/{view.url}"
            return (
                f'<p><a href="{html_escape(url)}">Take the self-check: '
                f"{html_escape(view.title)}</a> (on the site; your answers stay on your "
                "device)</p>"
            )

        return EMBEDDED_RE.sub(link, html)

    def unknown_slug_message(self, slug: str) -> str:
        """What to say about a marker naming no self-check (as `make check` says it)."""
        return unknown_message(slug, sorted(self.views), _shown(self.settings.definitions_path))


def _shown(path: Path) -> str:
    # The same rule as content_checks: relative to where the build runs, if inside it.
    return display_path(path)


def definition_files(settings: ScreenerSettings) -> tuple[list[Path], list[str]]:
    """The definition files, and a problem for every other file in their folder."""
    folder = settings.definitions_path
    if not folder.is_dir():
        return [], []
    files, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix in DEFINITION_SUFFIXES:
            files.append(path)
        elif path.suffix.lower() != ".md":  # NOTICE.md and READMEs may sit beside them
            problems.append(
                f"{_shown(path)}: this file is not a self-check definition (those end in .yaml); "
                "rename it or move it out of this folder"
            )
    return files, problems


def load_catalog(pelican_settings: dict) -> Catalog:
    """Load, check and prepare every self-check; raise ScreenerBuildError listing all problems."""
    settings = ScreenerSettings.from_pelican(pelican_settings)
    files, problems = definition_files(settings)
    definitions = []
    checker = passed.checker_digest(settings.cache_path / "checker-digests.json")
    for path in files:
        data, found = passed.check(path, _shown(path), settings.cache_path / "definitions", checker)
        problems.extend(found)
        if not found:
            definitions.append(data)
    ids = {d["id"] for d in definitions}
    problems += [
        f"SCREENER_ORDER in pelicanconf.py names '{name}', but there is no self-check with that "
        f"id (the ids are {', '.join(sorted(ids))})"
        for name in settings.order
        if name not in ids
    ]
    if problems:
        raise ScreenerBuildError(problems)
    rank = {name: index for index, name in enumerate(settings.order)}
    definitions.sort(key=lambda d: (rank.get(d["id"], len(rank)), d["id"]))
    views = {d["id"]: build_view(d, url=settings.page_url(d["id"])) for d in definitions}
    assets = plan_assets(settings, definitions, checker)
    theme_templates = Path(pelican_settings["THEME"]) / "templates"
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(theme_templates)), jinja2.FileSystemLoader(str(TEMPLATES))]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    keep_compiled(environment, settings.cache_path)
    site = {
        "SITEURL": settings.siteurl,
        "CRISIS_PAGE_SLUG": pelican_settings.get("CRISIS_PAGE_SLUG", "get-help-now"),
    }
    return Catalog(settings, definitions, views, assets, environment, site)


def marker_line(source_path: str, slug: str) -> int | None:
    """The line of a source file where `[self-check: slug]` appears, for error messages."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        for match in SOURCE_MARKER_RE.finditer(line):
            if match[1] == slug:
                return number
    return None
