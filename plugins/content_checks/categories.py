"""Categories: one topic, one spelling.

Pelican files articles under a topic by the slug of its name, so
'Understanding IOPs' and 'understanding  iops' are one topic, named after
whichever article Pelican reads first. A change of case in one article
would silently rename the topic on every page. Two spellings with the same
slug are therefore an error, naming both.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pelican.utils import slugify

from .frontmatter import PLACEHOLDER
from .problems import Problem
from .scanner import Source


def _slug(name: str, settings: dict) -> str:
    # The same slug Pelican's Category gives a name (URLWrapper.slug).
    substitutions = settings.get(
        "CATEGORY_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    return slugify(
        name,
        regex_subs=substitutions,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def check_categories(sources: list[Source], settings: dict) -> list[Problem]:
    """One problem per article whose Category is another spelling of a topic in use.

    The spelling kept is the one in NAVIGATION_TOPIC_ORDER (pelicanconf.py),
    else the one most articles use, else the first file's.
    """
    spellings: dict[str, list[tuple[str, Source, int]]] = defaultdict(list)
    for source in sorted(sources, key=lambda s: s.file):
        field = source.field("category")
        if source.kind != "article" or field is None or field.value in ("", PLACEHOLDER):
            continue
        spellings[_slug(field.value, settings)].append((field.value, source, field.line))
    configured = {
        _slug(name, settings): name for name in settings.get("NAVIGATION_TOPIC_ORDER", [])
    }
    problems = []
    for slug, uses in spellings.items():
        names = Counter(name for name, _, _ in uses)
        if len(names) == 1 and (slug not in configured or configured[slug] in names):
            continue
        kept = configured.get(slug) or max(names, key=lambda n: (names[n], -_first(uses, n)))
        example = next((source.file for name, source, _ in uses if name == kept), None)
        where = f"in {example}" if example else "as NAVIGATION_TOPIC_ORDER in pelicanconf.py has it"
        for name, source, line in uses:
            if name == kept:
                continue
            problems.append(
                Problem(
                    source.file,
                    line,
                    "Category",
                    f"'{name}' and '{kept}' ({where}) differ only in capitals, spaces or "
                    "punctuation, so the site would make them one topic under one of the two "
                    f"names; write '{kept}' here, or rename the topic in every article",
                )
            )
    return problems


def _first(uses, name: str) -> int:
    return next(i for i, (n, _, _) in enumerate(uses) if n == name)
