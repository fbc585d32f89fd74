"""The plugin's generator: the one object that holds a build's self-checks.

Pelican makes every generator before it reads any article, so the catalog is
loaded (and every definition checked) in `__init__`: a broken definition stops
the build before anything is read or written. The generator then renders the
self-checks with Pelican's own Jinja environment (the theme's templates
first, the plugin's as a fallback), embeds them in articles, and writes their
pages and browser files.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from author_errors import Problem, display_path
from markupsafe import Markup
from pelican.generators import ArticlesGenerator, Generator

from .catalog import Catalog, ScreenerBuildError, load_catalog
from .markers import HTML_MARKER_RE, find_markers
from .settings import ScreenerSettings

TEMPLATES = Path(__file__).parent / "templates"
# The crisis buttons in every self-check, unless pelicanconf.py sets CRISIS_ACTIONS.
DEFAULT_CRISIS_ACTIONS = (
    {"label": "Call 988", "href": "tel:988"},
    {"label": "Text 988", "href": "sms:988"},
    {"label": "Chat with 988", "href": "https://988lifeline.org/chat/"},
    {"label": "Call 911", "href": "tel:911", "urgent": True},
)

# Every list of content objects the article and page generators keep (Pelican
# 4.12); a self-check marker is replaced in each of them.
CONTENT_LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


class ScreenerGenerator(Generator):
    """A Pelican generator for the self-checks of one build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_environment(self.env)
        self.catalog: Catalog = load_catalog(ScreenerSettings.from_pelican(self.settings))
        self._widgets: dict[tuple[str, bool, int], Markup] = {}

    def use_environment(self, env: jinja2.Environment) -> None:
        """Render with `env`, the plugin's templates added to it as a fallback.

        Once every generator exists the plugin takes the article generator's
        environment: the theme's base template is then compiled once for
        the whole site, not once more for the self-checks' pages.
        """
        if not getattr(env, "_screener_templates", False):
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(TEMPLATES))])
            env._screener_templates = True
        self.env = env
        self._templates = {}  # Pelican's per-generator cache of the templates it looked up

    def widget(self, slug: str, *, embedded: bool, copy: int = 1) -> Markup:
        """The self-check's HTML, for its own page or for an article (rendered once each).

        `copy` counts the same self-check on one page: the second gets its own
        ids and radio names, so answering one never changes the other.
        """
        key = (slug, embedded, copy)
        if key not in self._widgets:
            template = self.get_template("screener_widget")
            self._widgets[key] = Markup(
                template.render(
                    view=self.catalog.views[slug],
                    prefix=slug if copy == 1 else f"{slug}-{copy}",
                    assets=self.catalog.assets,
                    embedded=embedded,
                    SITEURL=self.catalog.settings.siteurl,
                    CRISIS_PAGE_SLUG=self.settings.get("CRISIS_PAGE_SLUG", "get-help-now"),
                    CRISIS_ACTIONS=self.settings.get("CRISIS_ACTIONS", DEFAULT_CRISIS_ACTIONS),
                )
            )
        return self._widgets[key]

    def embed(self, content) -> list[Problem]:
        """Replace each marker paragraph in one article or page; return what could not be."""
        unknown: list[str] = []
        copies: dict[str, int] = {}

        def replace(match) -> str:
            slug = match[1]
            if slug not in self.catalog.views:
                unknown.append(slug)
                return match[0]
            copies[slug] = copies.get(slug, 0) + 1
            widget = self.widget(slug, embedded=True, copy=copies[slug])
            # The comments let the feeds swap the widget for a link (Catalog.for_feed).
            return f"<!--self-check:{slug}-->{widget}<!--/self-check-->"

        content._content = HTML_MARKER_RE.sub(replace, content._content)
        return [self._unknown(content.source_path, slug) for slug in unknown]

    def _unknown(self, source_path: str, slug: str) -> Problem:
        try:
            lines = Path(source_path).read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        line = next(
            (m.line for m in find_markers(enumerate(lines, start=1)) if m.slug == slug), None
        )
        return Problem(
            display_path(source_path), line, "self-check", self.catalog.unknown_slug_message(slug)
        )

    def generate_context(self):
        """Make the self-checks known to every template (e.g. the home page) and the feeds."""
        self.context["screeners"] = list(self.catalog.views.values())
        self.context["SCREENER_INDEX_URL"] = self.catalog.settings.index_url
        self.context["screener_catalog"] = self.catalog

    def generate_output(self, writer):
        """Write the pages with the theme's base template, then the browser files."""
        settings = self.catalog.settings
        page = self.get_template("screener")
        for view in self.catalog.views.values():
            writer.write_file(
                settings.page_save_as(view.id),
                page,
                self.context,
                view=view,
                widget=self.widget(view.id, embedded=False),
                assets=self.catalog.assets,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=view.url,
            )
        writer.write_file(
            settings.index_save_as,
            self.get_template("screener_index"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=settings.index_url,
        )
        self.catalog.assets.write(Path(self.output_path))


# Only these lists are on the published site: a result may link to them.
PUBLISHED_LISTS = ("articles", "translations", "hidden_articles", "pages", "hidden_pages")


def embed_everywhere(generators) -> None:
    """Embed self-checks in every article and page, and check where results link to.

    Raises ScreenerBuildError for a marker naming no self-check, and for a
    result's "read more" link to a page the site does not have.
    """
    ours = next((g for g in generators if isinstance(g, ScreenerGenerator)), None)
    if ours is None:  # pragma: no cover - Pelican always makes the plugin's generator
        return
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles is not None:
        ours.use_environment(articles.env)
    problems = []
    published = {"/", f"/{ours.catalog.settings.index_url}"}
    published |= {f"/{view.url}" for view in ours.catalog.views.values()}
    for generator in generators:
        for attribute in CONTENT_LISTS:
            for content in getattr(generator, attribute, []):
                problems.extend(ours.embed(content))
                if attribute in PUBLISHED_LISTS:
                    published.add(f"/{content.url}")
    problems += [
        problem for d in ours.catalog.definitions for problem in _broken_links(d, published)
    ]
    if problems:
        raise ScreenerBuildError(problems)


def _broken_links(definition, published: set[str]) -> list[Problem]:
    """A problem for each "read more" link of a definition that leads to no page of the site."""
    screener = definition.screener
    holders = [
        *(screener.bands.ranges if screener.bands else ()),
        *screener.outcomes,
        *screener.flags,
    ]
    problems = []
    lines = definition.path.read_text(encoding="utf-8").splitlines()
    for holder in holders:
        for link in holder.read_more:
            if link.href.split("#")[0] in published:
                continue
            line = next((n for n, text in enumerate(lines, 1) if link.href in text), None)
            problems.append(
                Problem(
                    display_path(definition.path),
                    line,
                    "read_more",
                    f"'{link.href}' is not a page of this site; link to an article or page by "
                    "its address, such as /what-is-an-iop/ (the file name without .md)",
                )
            )
    return problems
