"""Front-matter values Pelican would stumble over: Template, Order, and a tab among the fields.

`Template: x` names the theme template that renders a page; a name the theme
does not have (or one that renders a list of articles, not one page) stops
Pelican in the middle of writing. `Order:` sorts the menu and must be a
number. A line indented with a tab ends the fields (Markdown continues a
field only on lines indented with four spaces), so every field below it
would silently become text. All are checked before Pelican reads anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from .frontmatter import FrontMatter
from .problems import Problem

# Theme templates that render lists or frame other templates, never one page.
_LIST_TEMPLATES = frozenset(
    {
        "base",
        "index",
        "categories",
        "category",
        "tags",
        "tag",
        "search",
        "archives",
        "authors",
        "author",
        "period_archives",
    }
)
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")


def page_templates(theme: Path) -> list[str]:
    """The theme's templates that render one article or page (article, page, ...)."""
    folder = theme / "templates"
    if not folder.is_dir():
        return ["article", "page"]
    return sorted(p.stem for p in folder.glob("*.html") if p.stem not in _LIST_TEMPLATES)


def check_values(front: FrontMatter, file: str, settings: dict) -> list[Problem]:
    """Problems with Template and Order values."""
    problems = []
    template = front.fields.get("template")
    if template is not None and template.value:
        known = page_templates(Path(settings.get("THEME", "theme")))
        if template.value not in known:
            problems.append(
                Problem(
                    file,
                    template.line,
                    "Template",
                    f"'{template.value}' is not a template of this theme for one page; write "
                    f"one of {', '.join(known)}, or remove the line to use the usual one",
                )
            )
    order = front.fields.get("order")
    if order is not None and order.value and not _NUMBER_RE.fullmatch(order.value):
        problems.append(
            Problem(
                file,
                order.line,
                "Order",
                f"'{order.value}' is not a number; write a whole number such as 'Order: 2' "
                "(pages with smaller numbers come first in the menu)",
            )
        )
    problems.extend(_tab_among_fields(front, file))
    return problems


def _tab_among_fields(front: FrontMatter, file: str) -> list[Problem]:
    """A tab-indented line straight after the fields, where a continuation was meant."""
    last = max((f.line for f in front.fields.values()), default=0)
    if not front.fields or front.body_line != last + 1 or not front.body.startswith("\t"):
        return []
    return [
        Problem(
            file,
            front.body_line,
            "front matter",
            "this line starts with a tab, which ends the fields here (every line below is read "
            "as text); indent a field's second line with four spaces, or leave a blank line "
            "before the text",
        )
    ]
