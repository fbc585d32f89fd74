"""Pelican plugin: sitemap.xml with the day each page last changed, in every build.

`make html` writes it as well as `make publish`, so it can be checked
before the site goes live. The day last changed (`lastmod`) is given where
the site knows it:

- an article: the newest of its Date, Modified and Reviewed (a review can
  change the facts on the page);
- a page: its Modified or Date, if it has one;
- a list of articles (the home page, topic and tag pages, the lists of
  topics and tags): the newest of the articles it lists.

Other pages (self-checks, search) have no date to give, so they have none:
a made-up one, such as the time of the build (what the pelican-sitemap
plugin writes), would tell search engines every page changed on every build.
Pages marked noindex (the 404 page), drafts and hidden pages are left out.

Addresses are absolute: SITEURL when it is one (`make publish`), else
PUBLIC_SITEURL (pelicanconf.py), the address the site will have.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

NOINDEX = b'<meta name="robots" content="noindex">'
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

_queue: list[tuple[Path, dt.date | None]] = []


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def content_day(item) -> dt.date | None:
    """The newest of an article's or page's Date, Modified and Reviewed."""
    days = [_day(getattr(item, name, None)) for name in ("date", "modified", "reviewed_date")]
    days = [day for day in days if day is not None]
    return max(days) if days else None


def _newest(items) -> dt.date | None:
    days = [day for day in (content_day(item) for item in items or []) if day]
    return max(days) if days else None


def last_changed(relative: str, context: dict) -> tuple[bool, dt.date | None]:
    """(whether the page belongs in the sitemap, the day it last changed or None)."""
    item = context.get("article") or context.get("page")
    if item is not None:
        return getattr(item, "status", "published") == "published", content_day(item)
    if "articles_page" in context:  # the home page, a topic's or a tag's page
        return True, _newest(context["articles_page"].object_list)
    # Pelican's page context holds the settings too.
    listings = {context.get("CATEGORIES_SAVE_AS"), context.get("TAGS_SAVE_AS")} - {None, ""}
    if relative in listings:
        return True, _newest(context.get("articles"))
    return True, None


def _queue_page(path, context) -> None:
    output = Path(context["OUTPUT_PATH"])
    try:
        relative = Path(path).resolve().relative_to(output.resolve()).as_posix()
    except ValueError:
        return
    if not relative.endswith(".html"):
        return
    listed, day = last_changed(relative, context)
    if listed:
        _queue.append((Path(path), day))


def site_address(settings: dict) -> str | None:
    """The absolute address pages are listed under, without a trailing slash."""
    for key in ("SITEURL", "PUBLIC_SITEURL"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("https://", "http://")):
            return value
    return None


def sitemap(entries: list[tuple[str, dt.date | None]]) -> str:
    """The sitemap.xml text for (address, day last changed) pairs."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for url, day in entries:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _write(pelican) -> None:
    queued = list(_queue)
    _queue.clear()  # the development server's --autoreload builds again in this process
    base = site_address(pelican.settings)
    if base is None:
        return
    output = Path(pelican.output_path)
    entries = {}
    for path, day in queued:
        if not path.is_file() or NOINDEX in path.read_bytes():
            continue
        relative = path.resolve().relative_to(output.resolve()).as_posix()
        address = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        entries[f"{base}/{address}"] = day
    text = sitemap(sorted(entries.items()))
    (output / "sitemap.xml").write_text(text, encoding="utf-8")


def _start(pelican) -> None:
    _queue.clear()  # whatever a failed build (in this process) left behind


def register() -> None:
    """Queue every page Pelican writes, then write sitemap.xml when the build ends."""
    signals.initialized.connect(_start)
    signals.content_written.connect(_queue_page)
    signals.finalized.connect(_write)


__all__ = ["content_day", "last_changed", "register", "site_address", "sitemap"]
