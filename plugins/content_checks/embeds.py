"""Self-check markers: every `[self-check: <id>]` must be written right and name a definition.

The marker itself belongs to the screener plugin (`screeners.markers`); the
build refuses the same mistakes once Pelican has read every article.
Checking here as well lets `make check` and the start of a build report them
together with every other problem of the file.
"""

from __future__ import annotations

from pathlib import Path

from screeners.markers import find_markers, marker_problem

from .problems import Problem
from .scanner import Source

DEFINITION_SUFFIXES = (".yaml", ".yml")


def known_ids(folder: Path) -> list[str]:
    """The ids of the definitions in `folder` (a definition's id is its file name)."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in DEFINITION_SUFFIXES)


def check_embeds(source: Source, known: list[str], folder_shown: str) -> list[Problem]:
    """One problem per marker that is written wrongly or names no self-check."""
    problems = []
    for marker in find_markers(source.lines()):
        message = marker_problem(marker, known, folder_shown)
        if message is not None:
            problems.append(Problem(source.file, marker.line, "self-check", message))
    return problems
