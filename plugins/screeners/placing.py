"""Put the large browser files into the output by hard link, from sealed copies the plugin owns.

The runtime (13 MB) and the snapshot (31 MB) are the same on every build, and
Pelican empties the output folder before each one. Copying them again was
most of the time the plugin spent writing files, and the deleting most of what
they cost Pelican. A hard link costs neither.

A link shares its file with the output, so the plugin never links to a file
it does not own (a file in node_modules, say): it links to a copy in its
cache, and that copy is *sealed*: read-only, with a fixed modification time.
Anything that writes to the file through the output changes that time, so
the next build sees the seal broken and makes a fresh copy instead of
shipping the changed one. Where links are impossible (another file system,
say), the file is copied.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from pathlib import Path

# 1985-10-26 08:15 UTC, the time npm gives every file it installs: any
# write made later moves a file's modification time away from it.
SEALED_MTIME_NS = 499_162_500 * 10**9


def seal(path: Path) -> None:
    """Make `path` read-only, with the sealed modification time."""
    os.utime(path, ns=(SEALED_MTIME_NS, SEALED_MTIME_NS))
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def is_sealed(path: Path, size: int | None = None) -> bool:
    """Whether `path` exists, is still sealed, and has `size` bytes when given."""
    try:
        status = path.stat()
    except OSError:
        return False
    return status.st_mtime_ns == SEALED_MTIME_NS and size in (None, status.st_size)


def sealed_copy(source: Path, stored: Path) -> Path:
    """`stored`, a sealed copy of `source`, made now unless an intact one exists."""
    if is_sealed(stored, source.stat().st_size):
        return stored
    stored.parent.mkdir(parents=True, exist_ok=True)
    partial = stored.with_name(f"{stored.name}.{os.getpid()}.partial")
    shutil.copyfile(source, partial)
    seal(partial)
    with contextlib.suppress(FileNotFoundError):
        stored.unlink()  # a broken seal: the output may still link to it, so never write to it
    partial.replace(stored)
    return stored


def place(stored: Path, target: Path) -> None:
    """Put `stored` at `target`: a hard link where possible, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        if os.path.samefile(stored, target):
            return
        target.unlink()
    try:
        os.link(stored, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(stored, target)
