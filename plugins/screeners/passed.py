"""Remember which definition texts passed every check, so a build checks only what changed.

Checking a definition (parse the YAML, validate it against the format, run
its test cases through the engine) needs the engine and the YAML reader:
importing them and checking took about 80 ms, nearly half of the plugin's
time on a build where nothing had changed. The verdict depends on nothing
but the definition's text and file name, the code that checks it (the
engine, the loader, this module), the YAML reader's version and Python's
version. The key covers all of them, so a change to any one checks the
file afresh.

Only a clean verdict is remembered: a definition with problems is checked,
and its problems reported, on every build. `make check` and the test suite
always check without this memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import sys
from pathlib import Path

from .cachefile import keep_json
from .filememo import file_digests


def package_folder(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"screeners: the package '{name}' is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _checker_files() -> list[Path]:
    engine = package_folder("screener_engine")
    here = Path(__file__).parent
    return [
        *sorted(engine.glob("*.py")),
        *sorted(engine.glob("*.json")),
        here / "loader.py",
        Path(__file__),
        # ruamel.yaml's version is written in its __init__.py.
        package_folder("ruamel.yaml") / "__init__.py",
    ]


def checker_digest(memo: Path | None = None) -> bytes:
    """A digest of everything, besides the definition itself, that decides its verdict.

    With `memo`, the files' digests are remembered there while they are unchanged.
    """
    files = _checker_files()
    if memo is None:
        digests = [hashlib.sha256(path.read_bytes()).digest() for path in files]
    else:
        digests = file_digests(files, memo)
    digest = hashlib.sha256(sys.version.encode())
    for path, file_digest in zip(files, digests, strict=True):
        digest.update(f"\n{path.name}\n".encode())
        digest.update(file_digest)
    return digest.digest()


def check(path: Path, shown_name: str, cache: Path, checker: bytes) -> tuple[object, list[str]]:
    """`loader.check` for one file: its data, and its problems (one line each; none when clean).

    `checker` is `checker_digest()`, worked out once per build.
    """
    entry = None
    with contextlib.suppress(OSError):  # an unreadable file: the loader says why
        text = path.read_bytes()
        key = hashlib.sha256(checker + path.name.encode() + b"\n" + text).hexdigest()
        entry = cache / f"passed-{key}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        return json.loads(entry.read_text(encoding="utf-8"))["data"], []
    from . import loader  # the YAML reader and the engine, only when something changed

    checked = loader.check(path, shown_name, cache)
    if checked.screener is None or checked.problems or entry is None:
        return checked.data, checked.problems
    keep_json(entry, {"data": checked.data})
    return checked.data, []
