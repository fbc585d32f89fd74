"""Where a page goes: the front-matter fields that make its address and its file.

`Slug`, `Save_as` and `URL` (and `Lang`, which Pelican puts into a
translation's file name) become a path in the output folder and an address
in every link to the page; `Category` and `Tags` become topic and tag pages.
Pelican takes a Slug as written, so `Slug: ../../somewhere` would write
outside the site, and `URL: javascript:...` would be a link that runs code.
Each field must stay a plain path inside the site; this is checked before
Pelican reads anything, with the line and a fix. Which file each page then
writes, and whether two write the same one, is `outputs.py`'s job.
"""

from __future__ import annotations

import re
from pathlib import Path

from pelican.utils import slugify

from .frontmatter import FrontMatter
from .problems import Problem

# A slug: lower-case words of letters and digits joined by hyphens; a slash
# makes a page in a folder (guides/paying).
_SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")
# A path in the output: folders and a file of letters, digits, '-', '_' and '.'.
_SEGMENT_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
# BCP 47 language tags as pages use them: en, es, pt-BR, zh-Hant.
_LANG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# Folders that belong to the build itself: the theme's files, the self-checks'
# files (cached for a year by the host) and the search index.
RESERVED_FOLDERS = ("theme", "static", "pagefind")
SLUG_EXAMPLE = "what-is-an-iop"


def check_addresses(front: FrontMatter, file: str, path: Path, settings: dict) -> list[Problem]:
    """Problems with the fields that decide a page's address and output file."""
    problems = []
    fields = front.fields
    if "slug" in fields:
        problems.extend(_slug(fields["slug"].value, file, fields["slug"].line))
    elif not derived_slug(path, settings):
        problems.append(
            Problem(
                file,
                None,
                "file name",
                f"'{path.name}' has no letters or digits, so its page would have no address; "
                f"rename the file (for example {SLUG_EXAMPLE}.md) or add a line "
                f"'Slug: {SLUG_EXAMPLE}'",
            )
        )
    for key in ("save_as", "url"):
        if key in fields:
            message = _path_problem(key, fields[key].value)
            if message:
                name = "Save_as" if key == "save_as" else "URL"
                problems.append(Problem(file, fields[key].line, name, message))
    if "lang" in fields and not _LANG_RE.fullmatch(fields["lang"].value):
        problems.append(
            Problem(
                file,
                fields["lang"].line,
                "Lang",
                f"'{fields['lang'].value}' is not a language code; write one such as en, es or "
                "pt-BR",
            )
        )
    for key in ("category", "tags"):
        if key not in fields:
            continue
        names = [fields[key].value] if key == "category" else fields[key].value.split(",")
        for name in (n.strip() for n in names):
            if name and not _word_slug(name, settings):
                kind = "topic" if key == "category" else "tag"
                problems.append(
                    Problem(
                        file,
                        fields[key].line,
                        key.capitalize(),
                        f"'{name}' has no letters or digits, so its {kind} page would have no "
                        "address; use words",
                    )
                )
    return problems


def derived_slug(path: Path, settings: dict) -> str:
    """The slug Pelican makes from a file name when there is no Slug field."""
    return _word_slug(path.stem, settings)


def _word_slug(name: str, settings: dict) -> str:
    return slugify(
        name,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def _leaves_site(value: str) -> bool:
    parts = value.replace("\\", "/").split("/")
    return (
        value.startswith(("/", "\\", "~")) or ".." in parts or bool(re.match(r"[A-Za-z]:", value))
    )


def _slug(value: str, file: str, line: int) -> list[Problem]:
    if _SLUG_RE.fullmatch(value):
        folder = value.split("/")[0]
        if folder not in RESERVED_FOLDERS:
            return []
        message = (
            f"'{value}' would put the page in {folder}/, which holds the site's own files; "
            "choose another slug"
        )
    elif _leaves_site(value):
        message = (
            f"'{value}' would write the page outside the site's folder; a slug names a page "
            f"inside the site, like {SLUG_EXAMPLE}"
        )
    else:
        message = (
            f"'{value}' is not a slug this site can use; write lower-case letters, digits and "
            f"hyphens, like {SLUG_EXAMPLE}"
        )
    return [Problem(file, line, "Slug", message)]


def _path_problem(key: str, value: str) -> str | None:
    """What is wrong with a Save_as or URL value, or None."""
    example = f"{SLUG_EXAMPLE}/index.html" if key == "save_as" else f"{SLUG_EXAMPLE}/"
    what = "file" if key == "save_as" else "address"
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) and not re.match(r"[A-Za-z]:[\\/]", value):
        return (
            f"'{value}' is not a path inside the site (it starts with a scheme); write a path "
            f"such as {example}"
        )
    if _leaves_site(value):
        return (
            f"'{value}' would point outside the site's folder; write a path inside it, such as "
            f"{example}"
        )
    segments = value.split("/")
    body = segments[:-1] if key == "url" and value.endswith("/") else segments
    if not all(_SEGMENT_RE.fullmatch(s) for s in body):
        return (
            f"'{value}' is not a plain path; use letters, digits, hyphens and dots separated by "
            f"'/', such as {example}"
        )
    if segments[0] in RESERVED_FOLDERS:
        return (
            f"'{value}' is inside {segments[0]}/, which holds the site's own files; choose "
            f"another {what}"
        )
    if key == "save_as" and not value.endswith(".html"):
        return f"'{value}' must name an .html file, such as {example}"
    return None
