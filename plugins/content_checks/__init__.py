"""Pelican plugin: stop the build on any source problem, with one clear message.

Pelican skips an article it cannot read and only logs a warning; this plugin
checks every article and page first and raises `ContentError`, which lists
each problem as `file:line: field: what is wrong and how to fix it`. Once
Pelican has read them, their HTML is checked again and sanitised
(`rendered.py`), and no two sources may write one output file (`outputs.py`).
`make check` (tools/check.py) runs the same checks and more, warnings
included; runner.py says which run where.
"""

from __future__ import annotations

import author_errors
from pelican import signals

from . import rendered
from .outputs import check_outputs
from .problems import ContentError, Problem
from .runner import build_problems
from .trust import review_status

__all__ = ["ContentError", "Problem", "register"]


def _check_before_reading(pelican) -> None:
    # get_generators is sent at the start of every run (also on each
    # autoreload), before Pelican reads a single article. Every error-level
    # source check runs here (see runner.build_problems), including loads from
    # other sites and, with REVIEW_ENFORCE (publishconf.py), stale reviews.
    rendered.start(pelican.settings)
    problems = build_problems(pelican.settings)
    if problems:
        raise ContentError(problems)


def register() -> None:
    """Connect the checks to Pelican's signals."""
    author_errors.install()
    signals.get_generators.connect(_check_before_reading)
    # Dates for the templates, and a clinician's review only when it is complete.
    signals.content_object_init.connect(review_status)
    # Every article's and page's HTML is checked again and sanitised once
    # Markdown has made it; what is found, and two sources writing one file,
    # stop the build before anything is written.
    signals.content_object_init.connect(rendered.check_and_clean)
    signals.all_generators_finalized.connect(rendered.stop_on_problems)
    signals.all_generators_finalized.connect(check_outputs)
