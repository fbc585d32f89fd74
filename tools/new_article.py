"""Start a new article: `make new TITLE="How to pay for an IOP"`.

Writes content/articles/<slug>.md as a draft with every field an article
needs: the title, today's date and the author (the site's editorial team, the
`AUTHOR` setting) filled in, and `TODO` where only the author can write the
value. `Checked` stays TODO on purpose: it promises readers that someone
checked the facts against the sources listed at the end, so the tool never
invents that day, and it never writes a clinician's review. A draft builds
and can be previewed; the site refuses to publish anything that still has a
TODO (see AUTHORING.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

TEMPLATE = """\
Title: {title}
Date: {today}
Author: {author}
Checked: TODO
Summary: TODO
Category: TODO
Tags: TODO
Status: draft

TODO: one or two short paragraphs that say who this article is for and what they will learn.

## TODO: a first heading, as a plain question or statement

TODO: short sentences and everyday words. Explain a medical word the first time you use it.

## What to read next

- TODO: the page a reader needs after this one, as a link with a few words on why.
{crisis}
## Sources

- TODO: [The page's title](https://...), who published it. Checked on the day you read it.
"""

CRISIS_SECTION = """
## If you need help now

If you are in crisis, please reach out now. [Get help now]({{filename}}{link}).
"""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tools.new_article", description=__doc__.splitlines()[0]
    )
    parser.add_argument("title", nargs="*", help="the article's title, in quotes")
    parser.add_argument("--settings", default="pelicanconf.py", help="the site's settings file")
    parser.add_argument("--today", type=_date, help=argparse.SUPPRESS)  # for tests
    return parser.parse_args(argv)


def existing(settings: dict) -> tuple[dict[str, str], list[str], list[str], str | None]:
    """Return the addresses in use (slug -> file), the categories, the tags and the crisis page."""
    from content_checks.frontmatter import MARKDOWN_EXTENSIONS, PLACEHOLDER, parse
    from content_checks.sources import content_files, display_path
    from pelican.utils import slugify

    slugs, categories, tags, crisis = {}, set(), set(), None
    root = Path(settings["PATH"])
    for path, kind in content_files(settings):
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            continue
        try:
            fields = parse(path.read_text(encoding="utf-8"), str(path)).fields
        except UnicodeDecodeError:
            continue
        slug = fields["slug"].value if "slug" in fields else _slug(path.stem, settings, slugify)
        slugs[slug] = display_path(path)
        if slug == settings.get("CRISIS_PAGE_SLUG"):
            crisis = "/" + path.relative_to(root).as_posix()
        if kind == "article":
            if "category" in fields and fields["category"].value != PLACEHOLDER:
                categories.add(fields["category"].value)
            if "tags" in fields and fields["tags"].value != PLACEHOLDER:
                tags.update(t.strip() for t in fields["tags"].value.split(",") if t.strip())
    return slugs, sorted(categories, key=str.lower), sorted(tags, key=str.lower), crisis


def _slug(text: str, settings: dict, slugify) -> str:
    return slugify(
        text,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    title = " ".join(args.title).strip()
    if not title:
        print(
            'Give the new article a title: make new TITLE="How to pay for an IOP"', file=sys.stderr
        )
        return 1
    from content_checks.frontmatter import PLACEHOLDER
    from content_checks.sources import display_path
    from pelican.settings import read_settings
    from pelican.utils import slugify

    settings = read_settings(args.settings)
    slug = _slug(title, settings, slugify)
    if not slug:
        print(
            f"The title '{title}' has no letters or digits to make the article's address from; "
            "use a title with words in it.",
            file=sys.stderr,
        )
        return 1
    folder = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0]
    path = folder / f"{slug}.md"
    shown = display_path(path)
    if path.exists():
        print(
            f"{shown} already exists, so nothing was written; open it to keep working on it, "
            "or choose another title.",
            file=sys.stderr,
        )
        return 1
    slugs, categories, tags, crisis = existing(settings)
    if slug in slugs:
        print(
            f"The address '{slug}' is already used by {slugs[slug]}, so nothing was written; "
            "choose another title.",
            file=sys.stderr,
        )
        return 1
    today = args.today or dt.date.today()
    crisis_section = CRISIS_SECTION.format(link=crisis) if crisis else ""
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(
            TEMPLATE.format(
                title=title,
                today=today.isoformat(),
                author=settings.get("AUTHOR") or PLACEHOLDER,
                crisis=crisis_section,
            )
        )
    print(next_steps(shown, settings["DRAFT_URL"].format(slug=slug), categories, tags, today))
    return 0


def next_steps(
    shown: str, draft_url: str, categories: list[str], tags: list[str], today: dt.date
) -> str:
    """What the author does next, printed after the file is written."""
    topics = (
        "\n".join(f"                 - {c}" for c in categories) or "                 (none yet)"
    )
    in_use = ", ".join(tags) if tags else "none yet"
    return f"""\
Created {shown}, a draft.

What to do next:
1. Open {shown} and replace every TODO:
     Summary:  one or two sentences shown in lists and to search engines
     Category: exactly one topic; the site's topics are
{topics}
               (a new name starts a new topic)
     Tags:     a few keywords, separated by commas (in use: {in_use})
     Author:   who wrote it: the team (as written) or your own name
     Checked:  leave TODO until you have checked every fact against the
               sources listed at the end; then write that day, like {today.isoformat()}
   Then fill in "What to read next" and "Sources" at the end. If a clinician
   reviews the article, add Reviewer, Reviewer_credential and Reviewed
   (see AUTHORING.md); never before.
2. Preview: run `make serve` and open http://127.0.0.1:8000/{draft_url}
   It rebuilds every time you save; if something is wrong, the page says what.
3. Check: run `make check` (links, images, reading level, sources, dates, privacy).
4. Publish: when no TODO is left and the facts are checked, delete the line
   'Status: draft', run `make check` again, then `make publish`.
See AUTHORING.md for the details."""


if __name__ == "__main__":
    sys.exit(main())
