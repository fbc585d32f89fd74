"""Build a small site for a test: in this process, all or nothing, as `make html` builds it.

Every test that builds a site of its own builds it here, from the real
settings (`pelicanconf.py`, or a project's copy of it) with the overrides a
small test site needs. The real site itself is built once per session with
the `make html` command (`tests/conftest.py`, `site_dir`).
"""

from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings

from tests.conftest import ROOT
from tools.build import run_in_process

# A small site names none of the real topics or self-checks, and the
# screener plugin's Pyodide snapshot (seconds of Node.js) has tests of its own.
SMALL_SITE = {"SCREENER_SNAPSHOT": False, "NAVIGATION_TOPIC_ORDER": [], "SCREENER_ORDER": []}


def site_settings(
    content: Path,
    output: Path,
    cache: Path,
    *,
    settings_file: Path = ROOT / "pelicanconf.py",
    **overrides,
) -> dict:
    """The settings of `settings_file` for a site whose sources are in `content`."""
    return read_settings(
        str(settings_file),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(cache),
            **overrides,
        },
    )


def build_site(content: Path, output: Path, cache: Path, **overrides) -> Path:
    """Build the site into `output` (see `site_settings`) and return `output`."""
    run_in_process(site_settings(content, output, cache, **overrides))
    return output
