"""Read a screener definition file into the engine's checked model, with a line for every problem.

YAML is read as YAML 1.2 (so ``yes``, ``No`` and ``on`` stay text, which
matters for answer labels) into plain dicts and lists. The file is composed
into nodes first and converted by hand, which lets us refuse what YAML would
otherwise accept silently: duplicate keys, keys that are not text, merge keys
and tabs. Every problem, from YAML or from the engine, becomes a `Problem`
with the file's line, the key path, the message and the engine's hint.

A file that passed every check is remembered in the plugin's cache (see
`check_file`), so an unchanged definition costs a later build neither the
YAML parser nor its test cases.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

from author_errors import Problem, display_path
from screener_engine import DefinitionErrors, Screener, format_path, load_definition
from screener_engine.errors import KeyPath
from screener_engine.text import describe

_NO_PATH = "(yaml)"
_TOP = "(top level)"


class Definition(NamedTuple):
    """One checked definition: the engine's model, and the data it was read from.

    `data` is what the file says, as plain JSON-able values: the browser's
    engine builds the same model from it (see `assets.engine_zip`).
    """

    screener: Screener
    data: dict
    path: Path


class Checked(NamedTuple):
    """What checking one file found: its definition when it is clean, else its problems."""

    definition: Definition | None
    problems: list[Problem]


class Source(NamedTuple):
    """A definition as plain data, plus the line of every key and list item."""

    data: object
    lines: dict[KeyPath, int]

    def line_for(self, path: KeyPath) -> int:
        """Return the line of `path`, or of the nearest enclosing key or item that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlProblems(Exception):
    """The YAML itself could not be read; `problems` are (line, key path, message)."""

    def __init__(self, problems: list[tuple[int, str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, _, message in problems))


def check_file(path: str | Path, shown: str | None = None, cache: Path | None = None) -> Checked:
    """Read and fully check one definition file (its test cases included).

    `shown` is the file's name in messages (default: as the author types it).
    Problems come sorted by line; the file name (without .yaml) must equal the
    id. With `cache` (a folder), a text that passed every check before, with
    the same checking code, is not parsed or tested again: only its model is
    rebuilt from the kept data, which takes a millisecond.
    """
    path = Path(path)
    shown = shown or display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Checked(None, [Problem(shown, None, "file", f"cannot be read: {error.strerror}")])
    kept = _kept_entry(cache, path.name, raw) if cache is not None else None
    if kept is not None:
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, DefinitionErrors):
            data = json.loads(kept.read_text(encoding="utf-8"))["data"]
            return Checked(Definition(load_definition(data, run_tests=False), data, path), [])
    checked = _check(raw, path, shown)
    if kept is not None and checked.definition is not None:
        _keep(kept, checked.definition.data)
    return checked


def _check(raw: bytes, path: Path, shown: str) -> Checked:
    try:
        source = parse(_decode(raw), shown)
    except YamlProblems as error:
        return Checked(
            None, [Problem(shown, line, key, text) for line, key, text in error.problems]
        )
    problems: list[tuple[int, Problem]] = []
    screener = None
    try:
        screener = load_definition(source.data)
    except DefinitionErrors as errors:
        for error in errors.errors:
            line = source.line_for(error.path)
            where = format_path(error.path) or _TOP
            problems.append((line, Problem(shown, line, where, error.message, hint=error.hint)))
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        line = source.line_for(("id",))
        message = (
            f"{data['id']!r} must equal the file name without .yaml ({path.stem!r}); "
            "rename the file or change the id"
        )
        problems.append((line, Problem(shown, line, "id", message)))
    if problems or screener is None:
        ordered = sorted(enumerate(problems), key=lambda pair: (pair[1][0], pair[0]))
        return Checked(None, [problem for _, (_, problem) in ordered])
    return Checked(Definition(screener, data, path), [])  # type: ignore[arg-type]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblems(
            [(line, _NO_PATH, "the file is not UTF-8 text; save it as UTF-8")]
        ) from None


# --- the cache of definitions that passed ---------------------------------------

_checker: bytes | None = None


def _checker_digest() -> bytes:
    """A digest of everything besides a file's own text that decides its verdict.

    The engine's files, this module, the YAML reader and Python's version:
    a change to any one of them checks every definition afresh.
    """
    global _checker
    if _checker is None:
        engine = Path(
            next(iter(importlib.util.find_spec("screener_engine").submodule_search_locations))
        )
        ruamel = importlib.util.find_spec("ruamel.yaml")
        files = [*sorted(engine.glob("*.py")), *sorted(engine.glob("*.json")), Path(__file__)]
        files.append(Path(ruamel.origin))  # its __init__.py holds its version
        digest = hashlib.sha256(sys.version.encode())
        for file in files:
            digest.update(f"\n{file.name}\n".encode())
            digest.update(hashlib.sha256(file.read_bytes()).digest())
        _checker = digest.digest()
    return _checker


def _kept_entry(cache: Path, name: str, raw: bytes) -> Path:
    key = hashlib.sha256(_checker_digest() + name.encode() + b"\n" + raw).hexdigest()
    return cache / f"checked-{key[:32]}.json"


def _keep(entry: Path, data: dict) -> None:
    # Only values JSON keeps exactly are kept (never dates or NaN), and a
    # cache never fails a build.
    with contextlib.suppress(OSError, ValueError, TypeError):
        text = json.dumps({"data": data}, ensure_ascii=False, allow_nan=False)
        if json.loads(text)["data"] != data:
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(entry)


# --- YAML ------------------------------------------------------------------------


def parse(text: str, shown: str = "<yaml>") -> Source:
    """Parse YAML text into a `Source`; raise `YamlProblems` for anything YAML-level."""
    from ruamel.yaml import YAML  # the slowest import of a build: only when a file changed
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    tabs = [n for n, line in enumerate(text.splitlines(), 1) if "\t" in line]
    if tabs:
        message = "tab character: YAML needs spaces for indentation; use spaces only"
        raise YamlProblems([(n, _NO_PATH, message) for n in tabs])
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as error:
        raise YamlProblems([_yaml_problem(error)]) from None
    except YAMLError as error:  # pragma: no cover - ruamel marks its errors
        raise YamlProblems([(1, _NO_PATH, f"the YAML cannot be read: {error}")]) from None
    if root is None:
        raise YamlProblems(
            [(1, _TOP, "the file is empty; a definition starts with id: and title:")]
        )
    converter = _Converter(yaml)
    data = converter.convert(root, ())
    if converter.problems:
        raise YamlProblems(converter.problems)
    return Source(data, converter.lines)


def _yaml_problem(error) -> tuple[int, str, str]:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    if "single document" in str(error.context):
        return (
            line,
            _NO_PATH,
            "a second YAML document starts here (---); keep one definition per file",
        )
    what = error.problem or str(error)
    context = f" ({error.context})" if error.context else ""
    return line, _NO_PATH, f"the YAML cannot be read: {what}{context}"


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Converter:
    """Turns composed YAML nodes into plain data, recording lines and problems."""

    def __init__(self, yaml):
        self.constructor = yaml.constructor
        self.lines: dict[KeyPath, int] = {(): 1}
        self.problems: list[tuple[int, str, str]] = []
        self._open: set[int] = set()  # nodes being converted: a repeat is a recursive alias

    def _problem(self, node, path: KeyPath, message: str) -> None:
        self.problems.append((node.start_mark.line + 1, format_path(path) or _TOP, message))

    def convert(self, node, path: KeyPath) -> object:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        if id(node) in self._open:
            # The composer keeps no position for the alias itself: report the anchor.
            self._problem(node, path, "an alias refers to itself; write the value out")
            return None
        self._open.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            if isinstance(node, SequenceNode):
                result = []
                for index, item in enumerate(node.value):
                    self.lines[(*path, index)] = item.start_mark.line + 1
                    result.append(self.convert(item, (*path, index)))
                return result
            return self._scalar(node, path)
        finally:
            self._open.discard(id(node))

    def _scalar(self, node, path: KeyPath) -> object:
        from ruamel.yaml.error import MarkedYAMLError

        try:
            return self.constructor.construct_object(node, deep=True)
        except MarkedYAMLError as error:
            problem = error.problem or str(error)
            self._problem(node, path, f"the YAML cannot be read: {problem}")
            return None

    def _mapping(self, node, path: KeyPath) -> dict:
        from ruamel.yaml.nodes import ScalarNode

        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                self._problem(
                    key_node, path, "merge keys (<<) are not supported; write the keys out"
                )
                continue
            key = self._scalar(key_node, path) if isinstance(key_node, ScalarNode) else key_node
            if not isinstance(key, str):
                shown = describe(key) if isinstance(key_node, ScalarNode) else "a list or mapping"
                self._problem(
                    key_node, path, f"keys must be text (got {shown}); put the key in quotes"
                )
                continue
            if key in result:
                self._problem(
                    key_node,
                    (*path, key),
                    f"duplicate key {key!r}: it is already set at line {self.lines[(*path, key)]}",
                )
                continue
            self.lines[(*path, key)] = line
            result[key] = self.convert(value_node, (*path, key))
        return result
