"""The self-checks of one build: every definition checked, with its view and browser files.

Articles may embed a self-check, so the catalog is made before Pelican reads
any article (see `generator`). Every problem in every file is collected and
reported together; nothing is skipped and nothing half-works.
"""

from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

from author_errors import AuthorError, Problem, display_path

from .assets import AssetPlan, plan_assets
from .loader import Definition, check_file
from .markers import unknown_message
from .settings import ScreenerSettings
from .view import ScreenerView, build_view

DEFINITION_SUFFIXES = (".yaml", ".yml")
# An embedded widget in an article's HTML, as the generator writes it.
EMBEDDED_RE = re.compile(r"<!--self-check:([a-z0-9-]+)-->.*?<!--/self-check-->", re.DOTALL)


class ScreenerBuildError(AuthorError):
    """Definitions or embeds have problems; the message lists all of them."""

    def __init__(self, problems: list[Problem]):
        count = len(problems)
        super().__init__(
            f"The site was not built: {count} problem{'s' if count != 1 else ''} with the "
            "self-checks. Fix them and build again.",
            problems,
        )

    @property
    def lines(self) -> list[str]:
        """Each problem as one line, ``file:line: field: message``."""
        return [str(problem) for problem in self.problems]


class Catalog:
    """The checked self-checks of one build, in display order, with views and browser files."""

    def __init__(
        self,
        settings: ScreenerSettings,
        definitions: list[Definition],
        assets: AssetPlan,
    ) -> None:
        self.settings = settings
        self.definitions = definitions
        self.views: dict[str, ScreenerView] = {
            d.screener.id: build_view(d.screener, url=settings.page_url(d.screener.id))
            for d in definitions
        }
        self.assets = assets

    def unknown_slug_message(self, slug: str) -> str:
        """What to say about a marker naming no self-check (as `make check` says it)."""
        return unknown_message(
            slug, sorted(self.views), display_path(self.settings.definitions_path)
        )

    def for_feed(self, html: str, feed_domain: str) -> str:
        """Replace every embedded widget with a link to its page.

        A feed reader runs no script and may not show a form well; the reader
        is sent to the self-check's page instead, where it works.
        """

        def link(match: re.Match) -> str:
            view = self.views.get(match[1])
            if view is None:  # pragma: no cover - the generator only wraps known ids
                return ""
            url = f"{feed_domain}/{view.url}" if feed_domain else f"/{view.url}"
            return (
                f'<p><a href="{html_escape(url)}">Take the self-check: '
                f"{html_escape(view.title)}</a> (on the site; your answers stay on your "
                "device)</p>"
            )

        return EMBEDDED_RE.sub(link, html)


def definition_files(settings: ScreenerSettings) -> tuple[list[Path], list[Problem]]:
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
                Problem(
                    display_path(path),
                    None,
                    "file name",
                    "not a self-check definition (those end in .yaml); rename the file or move "
                    "it out of this folder",
                )
            )
    return files, problems


def one_file_per_id(files: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Keep the first file of each id; a second (`gad-7.yml` beside `gad-7.yaml`) is a problem.

    Both would be the same self-check, with one page and one address: the
    build refuses to guess which one the author meant.
    """
    seen: dict[str, Path] = {}
    kept, problems = [], []
    for path in files:
        first = seen.setdefault(path.stem, path)
        if first is path:
            kept.append(path)
            continue
        problems.append(
            Problem(
                display_path(path),
                None,
                "file name",
                f"'{path.stem}' is already the id of {display_path(first)}; two files cannot "
                "be one self-check: delete one of them, or rename it and change its id",
            )
        )
    return kept, problems


def load_catalog(settings: ScreenerSettings) -> Catalog:
    """Check every definition and plan the browser files; raise ScreenerBuildError listing all."""
    files, problems = definition_files(settings)
    files, twins = one_file_per_id(files)
    problems += twins
    definitions = []
    for path in files:
        checked = check_file(path, cache=settings.cache_path)
        problems.extend(checked.problems)
        if checked.definition is not None:
            definitions.append(checked.definition)
    ids = sorted(d.screener.id for d in definitions)
    problems += [
        Problem(
            "pelicanconf.py",
            None,
            "SCREENER_ORDER",
            f"names '{name}', but there is no self-check with that id (the ids are "
            f"{', '.join(ids)})",
        )
        for name in settings.order
        if name not in ids
    ]
    if problems:
        raise ScreenerBuildError(problems)
    rank = {name: index for index, name in enumerate(settings.order)}
    definitions.sort(key=lambda d: (rank.get(d.screener.id, len(rank)), d.screener.id))
    return Catalog(settings, definitions, plan_assets(settings, [d.data for d in definitions]))
