"""Self-check markers: `[self-check: <id>]` on a line of its own must name a definition.

The build refuses an unknown id as well (the screener plugin does, once
Pelican has read every article); checking here as well lets `make check`
and the start of a build report it together with every other problem of
the file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .problems import Problem
from .scanner import Source

# The same marker the screener plugin replaces: a paragraph of its own.
MARKER_LINE_RE = re.compile(r"^\s{0,3}\[self-check:\s*([^\]]*?)\s*\]\s*$")
DEFINITION_SUFFIXES = (".yaml", ".yml")


def known_ids(folder: Path) -> list[str]:
    """The ids of the definitions in `folder` (a definition's id is its file name)."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in DEFINITION_SUFFIXES)


def check_embeds(source: Source, known: list[str], folder_shown: str) -> list[Problem]:
    """One problem per marker whose id is not a self-check."""
    problems = []
    for number, line in source.lines():
        match = MARKER_LINE_RE.match(line)
        if not match or match[1] in known:
            continue
        problems.append(
            Problem(
                source.file, number, "self-check", unknown_message(match[1], known, folder_shown)
            )
        )
    return problems


def unknown_message(slug: str, known: list[str], folder_shown: str) -> str:
    """What to say about a marker naming no self-check (the screener plugin says the same)."""
    guess = difflib.get_close_matches(slug, known, n=1)
    hint = f"did you mean '{guess[0]}'? " if guess else ""
    listed = (
        f"the self-checks are {', '.join(known)} (the file names in {folder_shown})"
        if known
        else f"there are no self-checks yet (definitions go in {folder_shown})"
    )
    return f"[self-check: {slug}]: there is no self-check called '{slug}'; {hint}{listed}"
