"""Where the plugin's build time goes: seconds per part, reported once per build."""

from __future__ import annotations

import functools
import time

spent: dict[str, float] = {}  # part -> seconds in the build in progress


def timed(part: str):
    """Add the decorated function's run time to `spent[part]`."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] = spent.get(part, 0.0) + time.perf_counter() - started

        return run

    return decorate
