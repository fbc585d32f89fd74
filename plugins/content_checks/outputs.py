"""One writer per output file: two sources that would write the same file stop the build.

Pelican quietly lets a page with `Save_as` replace whatever else writes the
same file (the self-checks' list, the home page), and stops with a traceback
when two pages without one collide. Once every generator has read its
content (`all_generators_finalized`) and before anything is written, this
lists every file the build will write and who writes it: articles, pages,
their translations and drafts, topic and tag pages, feeds, the pages in
DIRECT_TEMPLATES (home, topics, tags, search), TEMPLATE_PAGES, static and
theme files, the self-checks' pages, list and browser files, and what
Pagefind and `make publish` add. Two writers of one file, or a file outside
the output folder, is a `file:line: what + fix` message naming both.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from author_errors import display_path
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from .frontmatter import parse
from .problems import ContentError, Problem

# Written after Pelican: the search index (a folder) and `make publish`'s files.
PAGEFIND_FOLDER = "pagefind/"
PUBLISHED_FILES = {
    "sitemap.xml": "the sitemap `make publish` writes",
    "robots.txt": "the robots.txt `make publish` writes",
    "_headers": "the host headers file `make publish` writes",
}


class Writer(NamedTuple):
    """Who writes a file: in words, and where in the sources that is decided."""

    what: str  # "content/pages/a.md", "the list of self-checks (SCREENER_INDEX_SAVE_AS)"
    file: str | None  # the source file whose front matter decides it, if any
    line: int | None
    field: str  # the field or setting that decides it


def check_outputs(generators: Iterable) -> None:
    """Raise ContentError when two sources write one file or one writes outside the output."""
    generators = list(generators)
    settings = generators[0].settings if generators else {}
    writers: dict[str, list[Writer]] = {}
    problems: list[Problem] = []
    for path, writer in _all_writers(generators, settings):
        normal = posixpath.normpath(path.replace("\\", "/"))
        if normal.startswith("/") or normal == ".." or normal.startswith("../"):
            problems.append(_outside(path, writer))
            continue
        writers.setdefault(normal, []).append(writer)
    for path, found in writers.items():
        distinct = list(dict.fromkeys(found))
        if len(distinct) > 1:
            problems.append(_clash(path, distinct[0], distinct[1]))
        elif path.startswith(PAGEFIND_FOLDER):
            problems.append(
                _clash(path, Writer("the search index (Pagefind)", None, None, ""), found[0])
            )
    if problems:
        raise ContentError(problems)


def _outside(path: str, writer: Writer) -> Problem:
    return Problem(
        writer.file or "pelicanconf.py",
        writer.line,
        writer.field,
        f"{writer.what} would be written to '{path}', outside the site's output folder; "
        "write a path inside it",
    )


def _clash(path: str, first: Writer, second: Writer) -> Problem:
    """One problem naming both writers, reported on an author's file when there is one."""
    mine, other = (first, second) if first.file and not second.file else (second, first)
    if mine.file is None:
        return Problem(
            "pelicanconf.py",
            None,
            mine.field,
            f"{other.what} and {mine.what} would both be written to {path}; change one of them",
        )
    if other.file:
        where = other.what + (f" (line {other.line})" if other.line else "")
        fix = "give one of them another Slug or Save_as"
    else:
        where = other.what
        fix = (
            "rename the file, or add a 'Slug:' line"
            if mine.field == "file name"
            else f"choose another {mine.field}"
        )
    return Problem(
        mine.file,
        mine.line,
        mine.field,
        f"this page would be written to {path}, which {where} writes too; {fix}",
    )


# --- who writes what --------------------------------------------------------------


def _all_writers(generators: list, settings: dict) -> Iterator[tuple[str, Writer]]:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from _articles(generator, settings)
        elif isinstance(generator, PagesGenerator):
            yield from _contents(
                chain(
                    generator.translations,
                    generator.pages,
                    generator.hidden_translations,
                    generator.hidden_pages,
                    generator.draft_translations,
                    generator.draft_pages,
                )
            )
        elif isinstance(generator, StaticGenerator):
            yield from _static(generator, settings)
        elif hasattr(generator, "catalog"):
            yield from _self_checks(generator.catalog)
    for source, dest in (settings.get("TEMPLATE_PAGES") or {}).items():
        yield (
            dest,
            Writer(f"the template page {source} (TEMPLATE_PAGES)", None, None, "TEMPLATE_PAGES"),
        )
    for name, what in PUBLISHED_FILES.items():
        yield name, Writer(what, None, None, "tools/publish.py")


def _articles(generator: ArticlesGenerator, settings: dict) -> Iterator[tuple[str, Writer]]:
    yield from _contents(
        chain(
            generator.translations,
            generator.articles,
            generator.hidden_translations,
            generator.hidden_articles,
            generator.drafts_translations,
            generator.drafts,
        )
    )
    for template in settings.get("DIRECT_TEMPLATES", ()):
        setting = f"{template.upper()}_SAVE_AS"
        save_as = settings.get(setting, f"{template}.html")
        if save_as:
            yield save_as, Writer(f"the {template} page ({setting})", None, None, setting)
    for kind, items in (("topic", generator.categories), ("tag", generator.tags.items())):
        setting = "CATEGORY_SAVE_AS" if kind == "topic" else "TAG_SAVE_AS"
        for item, _ in items:
            if item.save_as:
                yield item.save_as, Writer(f"the {kind} page of '{item}'", None, None, setting)
    for author, _ in generator.authors:
        if author.save_as:
            yield (
                author.save_as,
                Writer(f"the author page of '{author}'", None, None, "AUTHOR_SAVE_AS"),
            )
    yield from _feeds(generator, settings)


def _feeds(generator: ArticlesGenerator, settings: dict) -> Iterator[tuple[str, Writer]]:
    for setting in ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
        if settings.get(setting):
            yield settings[setting], Writer(f"the feed {setting}", None, None, setting)
    groups = (
        ("CATEGORY", [c for c, _ in generator.categories]),
        ("AUTHOR", [a for a, _ in generator.authors]),
        ("TAG", list(generator.tags)),
    )
    for prefix, items in groups:
        for kind in ("ATOM", "RSS"):
            setting = f"{prefix}_FEED_{kind}"
            if settings.get(setting):
                for item in items:
                    path = str(settings[setting]).format(slug=item.slug)
                    yield path, Writer(f"the feed of '{item}' ({setting})", None, None, setting)
    langs = {a.lang for a in chain(generator.articles, generator.translations)}
    for kind in ("ATOM", "RSS"):
        setting = f"TRANSLATION_FEED_{kind}"
        if settings.get(setting):
            for lang in sorted(langs):
                path = str(settings[setting]).format(lang=lang)
                yield path, Writer(f"the '{lang}' feed ({setting})", None, None, setting)


def _contents(contents: Iterable) -> Iterator[tuple[str, Writer]]:
    for content in contents:
        if content.save_as:
            yield content.save_as, _content_writer(content)


def _content_writer(content) -> Writer:
    """The source file, and the front-matter line that decides where it is written."""
    shown = display_path(content.source_path)
    try:
        fields = parse(Path(content.source_path).read_text(encoding="utf-8"), shown).fields
    except (OSError, UnicodeDecodeError):
        fields = {}
    for key, name in (("save_as", "Save_as"), ("slug", "Slug")):
        if key in fields:
            return Writer(shown, shown, fields[key].line, name)
    return Writer(shown, shown, None, "file name")


def _static(generator: StaticGenerator, settings: dict) -> Iterator[tuple[str, Writer]]:
    for static in generator.staticfiles:
        yield static.save_as, Writer(display_path(static.source_path), None, None, "STATIC_PATHS")
    theme = Path(generator.theme)
    target = settings.get("THEME_STATIC_DIR", "theme")
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        root = theme / folder
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file():
                relative = path.relative_to(root).as_posix()
                yield (
                    f"{target}/{relative}",
                    Writer(f"the theme file {display_path(path)}", None, None, "THEME_STATIC_DIR"),
                )


def _self_checks(catalog) -> Iterator[tuple[str, Writer]]:
    settings = catalog.settings
    for slug, view in catalog.views.items():
        yield (
            settings.page_save_as(slug),
            Writer(
                f"the self-check '{view.title}' (SCREENER_SAVE_AS)", None, None, "SCREENER_SAVE_AS"
            ),
        )
    yield (
        settings.index_save_as,
        Writer(
            "the list of self-checks (SCREENER_INDEX_SAVE_AS)", None, None, "SCREENER_INDEX_SAVE_AS"
        ),
    )
    assets = catalog.assets
    files = [*assets.files, *(assets.runtime_dir + name for name in assets.runtime_sources)]
    if assets.snapshot:
        files.append(assets.snapshot)
    for path in files:
        yield path, Writer("the self-checks' browser files", None, None, "SCREENER_ASSETS_PATH")
