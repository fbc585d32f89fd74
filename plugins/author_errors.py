"""How an author's mistakes are reported: one problem type, and messages without tracebacks.

Both plugins (the content checks and the screener plugin) and `make check`
report what is wrong in a source file as a `Problem`: the file as the author
types it, the line, the field or key path, what is wrong and, where it helps,
how to fix it. An exception that stops a build for such problems is an
`AuthorError`: Pelican's command line prints its message alone, not a Python
traceback (`pelican --debug` still shows everything).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one file.

    `file` is the path as the author sees it (see `display_path`), `line` is
    1-based or None when the problem is about the whole file, `field` names
    what is wrong (a front-matter field such as `Date`, a key path such as
    `questions[3].text`, or a check's name) and `hint`, when given, says how
    to fix it.
    """

    file: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" stops the build; "warning" is reported by `make check`
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"

    def report(self, indent: str = "") -> str:
        """The problem's line, and its hint on an indented line below it when there is one."""
        return f"{indent}{self}" + (f"\n{indent}    {self.hint}" if self.hint else "")


class AuthorError(Exception):
    """Stops a build because of mistakes in sources; the message lists every problem."""

    is_author_error = True

    def __init__(self, header: str, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join([header, *(p.report("  ") for p in problems)]))


def display_path(path: Path | str) -> str:
    """Return the path as an author would type it: relative to where the build runs.

    A file outside that folder keeps its absolute path (never '../../tmp/...').
    """
    path = Path(os.path.abspath(path))
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class _AuthorErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if getattr(error, "is_author_error", False) and not logging.getLogger(
            "pelican"
        ).isEnabledFor(logging.DEBUG):
            record.exc_info = None
            record.msg, record.args = str(error), ()
        return True


def install() -> None:
    """Add the filter to Pelican's logger once (plugins may call this many times)."""
    log = logging.getLogger("pelican")
    if not any(isinstance(f, _AuthorErrors) for f in log.filters):
        log.addFilter(_AuthorErrors())
