"""Write files in the plugin's cache so that no reader ever sees half of one."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a file beside `path`, then rename it into place.

    A build that stops half-way, or another build running at the same time,
    then leaves either the old file or the new one, never a torn one.
    """
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`write_atomically` for bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def keep_json(path: Path, value: object) -> None:
    """Keep `value` as JSON at `path` if JSON holds it exactly; a cache never fails a build.

    Values JSON would change (dates, tuples, NaN) are not kept, so what is
    read back is always what was computed.
    """
    with contextlib.suppress(OSError, ValueError, TypeError):
        dumped = json.dumps(value, ensure_ascii=False, allow_nan=False)
        if json.loads(dumped) == value:
            write_atomically(path, dumped)
