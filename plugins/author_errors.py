"""Show an author's mistake as its message alone, not as a Python traceback.

Pelican's command line logs any exception that stops a build together with
its traceback. For a typo in an article or a self-check the traceback is
noise that buries the message, so exceptions marked `is_author_error` are
printed as their message only; `pelican --debug` still shows everything.
"""

from __future__ import annotations

import logging


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
