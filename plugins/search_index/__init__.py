"""Pelican plugin: index the built site with Pagefind for private, in-browser search.

Pagefind (from PyPI, with its binary in the wheel) reads the finished HTML
and writes a static index to output/pagefind/. Searching then runs entirely
in the reader's browser: no query is sent anywhere. Pages mark what to index
with `data-pagefind-body`; pages without it (lists, the 404 page) are skipped.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)


class SearchIndexError(Exception):
    """Pagefind could not index the site."""

    is_author_error = True


INSTALL_HINT = "is the 'pagefind[bin]' package installed? `make html` installs it"


def _executable() -> str:
    # The binary itself, not `python -m pagefind`: that wrapper starts a second
    # Python and imports asyncio only to exec the same binary, about 80 ms of
    # a 0.7 s build of this site (benchmarks/README.md, "Build").
    try:
        from pagefind_bin import get_executable
    except ImportError as error:
        raise SearchIndexError(f"search_index: Pagefind is missing ({INSTALL_HINT})") from error
    try:
        return str(get_executable())
    except FileNotFoundError as error:
        raise SearchIndexError(f"search_index: {error} ({INSTALL_HINT})") from error


def _index(pelican) -> None:
    command = [_executable(), "--site", pelican.output_path, "--silent"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        # Pagefind was found and ran, so what it said is the reason, not the install.
        raise SearchIndexError(
            f"search_index: Pagefind could not index the site in {pelican.output_path}:\n"
            f"{done.stderr or done.stdout}"
        )
    # The site has its own small search script; Pagefind's ready-made UIs are
    # never loaded, so they are not published either.
    for unused in Path(pelican.output_path, "pagefind").glob("pagefind-*"):
        if "ui" in unused.name or unused.name.startswith("pagefind-highlight"):
            unused.unlink()


def register() -> None:
    """Index the site after Pelican has written it."""
    signals.finalized.connect(_index)
