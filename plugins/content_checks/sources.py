"""Find every source file Pelican would read (or silently ignore) and check it."""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path

from author_errors import display_path

from .addresses import check_addresses, derived_slug
from .fieldvalues import check_values
from .files import check_file_bytes
from .frontmatter import MARKDOWN_EXTENSIONS, check_file, parse
from .placeholders import check_placeholders
from .problems import Problem
from .settings import CheckSettings
from .trust import check_publisher, check_trust


def _ignored(path: Path, settings: dict) -> bool:
    name = path.name
    if name.startswith(".") or name.endswith("~"):
        return True
    return any(fnmatch.fnmatch(name, pattern) for pattern in settings.get("IGNORE_FILES", []))


def content_files(settings: dict):
    """Yield (path, kind) for every file under the article and page folders."""
    root = Path(settings["PATH"])
    static = [root / p for p in settings.get("STATIC_PATHS", [])]
    for kind, folders, excludes in (
        ("article", settings["ARTICLE_PATHS"], settings.get("ARTICLE_EXCLUDES", [])),
        ("page", settings["PAGE_PATHS"], settings.get("PAGE_EXCLUDES", [])),
    ):
        excluded = [root / e for e in excludes]
        for folder in folders:
            base = root / folder
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                # A link to a device or to nothing is yielded: files.py refuses it.
                if path.is_dir() or _ignored(path, settings):
                    continue
                if any(p in path.parents for p in [*excluded, *static]):
                    continue
                if any(part.startswith(".") for part in path.relative_to(root).parts):
                    continue
                yield path, kind


def check_sources(settings: dict, today: dt.date | None = None) -> list[Problem]:
    """Check every article and page source; return all problems found."""
    today = today or dt.date.today()
    enforce = CheckSettings.from_pelican(settings).review_enforce
    team = settings.get("AUTHOR")  # Pelican's default author: the editorial team
    problems: list[Problem] = check_publisher(settings)
    # (slug, language) -> (file, line of its Slug field): translations share a slug
    slugs: dict[tuple[str, str], tuple[str, int | None]] = {}
    for path, kind in content_files(settings):
        shown = display_path(path)
        if path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            problems.append(
                Problem(
                    shown,
                    None,
                    "file type",
                    f"Pelican cannot read '{path.suffix or path.name}' files, so this "
                    f"{kind} would be left out of the site; save it as Markdown with a "
                    "'.md' name, or move it out of the content folder",
                )
            )
            continue
        unreadable = check_file_bytes(path, shown, Path(settings["PATH"]))
        if unreadable:
            problems.extend(unreadable)
            continue
        file_problems = check_file(path, shown, kind=kind, today=today)
        try:
            front = parse(path.read_text(encoding="utf-8"), shown)
        except UnicodeDecodeError:
            problems.extend(file_problems)
            continue  # check_file has reported it
        file_problems += check_addresses(front, shown, path, settings)
        file_problems += check_values(front, shown, settings)
        problems.extend(file_problems)
        problems.extend(check_placeholders(front, shown, today))
        if any(p.severity == "error" for p in file_problems):
            continue
        problems.extend(
            check_trust(front, shown, kind=kind, enforce=enforce, team=team, today=today)
        )
        slug_field = front.fields.get("slug")
        slug = slug_field.value if slug_field else derived_slug(path, settings)
        lang_field = front.fields.get("lang")
        key = (slug, lang_field.value if lang_field else settings.get("DEFAULT_LANG", "en"))
        here = (shown, slug_field.line if slug_field else None)
        if key in slugs:
            # Reported on the file whose Slug line made the clash, if either has one.
            first = slugs[key]
            (file, line), other = (first, here) if first[1] and not here[1] else (here, first)
            problems.append(
                Problem(
                    file,
                    line,
                    "Slug",
                    f"'{slug}' is already the address of {other[0]}; give one of them "
                    "another file name or a 'Slug:' line",
                )
            )
        else:
            slugs[key] = here
    return problems
