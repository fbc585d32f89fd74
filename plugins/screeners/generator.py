"""Write each self-check's page, the list of self-checks, and their browser files."""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from markupsafe import Markup
from pelican.generators import Generator

from .catalog import TEMPLATES, Catalog
from .compiled import keep_compiled
from .timing import timed

logger = logging.getLogger(__name__)


class ScreenerGenerator(Generator):
    """A Pelican generator for the self-checks of one build (see `catalog`)."""

    catalog: Catalog  # set by the plugin before Pelican creates the generator

    @timed("pages and files")
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's own screener.html wins; the plugin's is the fallback.
        self.env.loader = jinja2.ChoiceLoader(
            [self.env.loader, jinja2.FileSystemLoader(str(TEMPLATES))]
        )
        keep_compiled(self.env, self.catalog.settings.cache_path)

    @timed("pages and files")
    def generate_context(self):
        """Make the self-checks known to every template (e.g. the home page)."""
        views = list(self.catalog.views.values())
        self.context["screeners"] = views
        self.context["SCREENER_INDEX_URL"] = self.catalog.settings.index_url

    @timed("pages and files")
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
                widget=Markup(self.catalog.widget(view.id, embedded=False)),
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
