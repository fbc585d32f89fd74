"""Files no check should read further: too big, not a plain file, a link out, odd bytes.

Every Markdown source passes here first (`sources.check_sources`); a file
with a problem here gets that one message and no other check reads it (a
link to /dev/zero would otherwise never finish reading). A file is refused
when it:

- is not a regular file (a device, a pipe), or is a link to a file outside
  the content folder (whatever it points at would be published);
- is bigger than MAX_BYTES (256 kB; the longest article today is 7 kB);
- starts with a byte-order mark, which some editors add invisibly and which
  hides the first front-matter field;
- holds control characters (a NUL byte, an escape), which are invisible in
  an editor and invalid in a web page. Tabs, line ends and form feeds are fine.

Text that is not UTF-8 is the front-matter check's (`frontmatter.check_file`).
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from .problems import Problem

MAX_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"
_CONTROL_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_file_bytes(path: Path, file: str, content_root: Path) -> list[Problem]:
    """The one problem that keeps every other check away from this file, or none."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return [Problem(file, None, "file", f"cannot be read ({error.strerror}); check the file")]
    if not stat.S_ISREG(mode):
        return [
            Problem(
                file,
                None,
                "file",
                "is not a regular file (a device, a pipe or a socket); remove it",
            )
        ]
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(content_root.resolve()):
            return [
                Problem(
                    file,
                    None,
                    "file",
                    f"is a link to {target}, outside the content folder, which would be "
                    "published; copy the file into the content folder instead",
                )
            ]
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return [
            Problem(
                file,
                None,
                "file",
                f"is {path.stat().st_size / 1024 / 1024:.1f} MB; an article or page may be at "
                f"most {MAX_BYTES // 1024} kB. A file this big is almost certainly a mistake "
                "(a pasted file or a log): check what it holds",
            )
        ]
    if raw.startswith(BOM):
        return [
            Problem(
                file,
                1,
                "encoding",
                "the file starts with a byte-order mark (an invisible character some editors "
                "add); save it as UTF-8 without a BOM (VS Code: click 'UTF-8 with BOM' in the "
                "status bar, then 'Save with Encoding', 'UTF-8')",
            )
        ]
    control = _CONTROL_RE.search(raw)
    if control:
        line = raw.count(b"\n", 0, control.start()) + 1
        code = f"U+{control[0][0]:04X}"
        return [
            Problem(
                file,
                line,
                "text",
                f"holds an invisible control character ({code}), which is not allowed in a web "
                "page; delete it (it usually comes with text copied from another program)",
            )
        ]
    return []
