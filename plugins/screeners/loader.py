"""Load screener definitions from YAML at build time, keeping a line number for every path.

YAML is read as YAML 1.2 (so ``yes``, ``No`` and ``on`` stay text, which
matters for answer labels) into plain dicts and lists. The file is composed
into nodes first and converted by hand, which lets us refuse what YAML would
otherwise accept silently: duplicate keys, keys that are not text, merge keys
and tabs. Every problem, from YAML or from the engine, is reported as
``file:line: path: message``.

Build-time only: the engine (`screener_engine`) never imports this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from screener_engine import DefinitionErrors, Screener, format_path, load_definition
from screener_engine.errors import KeyPath
from screener_engine.text import describe

from .cachefile import keep_json

__all__ = [
    "Checked",
    "LoadError",
    "Problem",
    "Source",
    "check",
    "check_file",
    "load_file",
    "load_source",
]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_NO_PATH = "(yaml)"
_TOP = "(top level)"


@dataclass(frozen=True)
class Problem:
    """One problem at one line; `path` is already formatted (``questions[3].text``)."""

    line: int
    path: str
    message: str
    hint: str = ""

    def format(self, shown_name: str) -> str:
        """``{shown_name}:{line}: {path}: {message}``."""
        return f"{shown_name}:{self.line}: {self.path}: {self.message}"


class LoadError(Exception):
    """The YAML itself could not be read; `problems` says where and why."""

    def __init__(self, problems: list[Problem], shown_name: str = "<yaml>"):
        self.problems = problems
        super().__init__("\n".join(p.format(shown_name) for p in problems))


@dataclass
class Source:
    """A definition as plain data, plus the line of every key and list item."""

    data: object
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_for(self, path: KeyPath) -> int:
        """Return the line of `path`, or of the nearest enclosing key or item that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


# Parsing YAML in pure Python is the slowest part of checking a file, so a
# clean parse is kept as JSON, keyed by the text and by this module's own code
# (a change to the converter starts afresh). It serves a definition whose
# text is unchanged while the code that checks it changed (see passed.py).
_PARSER_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + ruamel.yaml.__version__.encode()
).hexdigest()[:16]


def load_source(text: str, shown_name: str = "<yaml>", cache: Path | None = None) -> Source:
    """Parse YAML text into a `Source`; raise `LoadError` for anything YAML-level.

    With `cache` (a folder), a text parsed cleanly before is read from there.
    """
    if cache is None:
        return _parse(text, shown_name)
    key = hashlib.sha256(f"{_PARSER_VERSION}\n{text}".encode()).hexdigest()
    entry = cache / f"definition-{key}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        stored = json.loads(entry.read_text(encoding="utf-8"))
        return Source(stored["data"], {tuple(path): line for path, line in stored["lines"]})
    source = _parse(text, shown_name)
    stored = {"data": source.data, "lines": [[list(p), n] for p, n in source.lines.items()]}
    keep_json(entry, stored)
    return source


def _parse(text: str, shown_name: str) -> Source:
    tabs = [n for n, line in enumerate(text.splitlines(), 1) if "\t" in line]
    if tabs:
        raise LoadError(
            [
                Problem(
                    n, _NO_PATH, "tab character: YAML needs spaces for indentation; use spaces only"
                )
                for n in tabs
            ],
            shown_name,
        )
    yaml = YAML(typ="safe", pure=True)
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as error:
        raise LoadError([_yaml_problem(error)], shown_name) from None
    except YAMLError as error:  # pragma: no cover - ruamel marks its errors
        raise LoadError(
            [Problem(1, _NO_PATH, f"the YAML cannot be read: {error}")], shown_name
        ) from None
    if root is None:
        raise LoadError(
            [Problem(1, _TOP, "the file is empty; a definition starts with id: and title:")],
            shown_name,
        )
    converter = _Converter(yaml)
    data = converter.convert(root, ())
    if converter.problems:
        raise LoadError(converter.problems, shown_name)
    return Source(data, converter.lines)


def _yaml_problem(error: MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    if "single document" in str(error.context):
        return Problem(
            line, _NO_PATH, "a second YAML document starts here (---); keep one definition per file"
        )
    what = error.problem or str(error)
    context = f" ({error.context})" if error.context else ""
    return Problem(line, _NO_PATH, f"the YAML cannot be read: {what}{context}")


class _Converter:
    """Turns composed YAML nodes into plain data, recording lines and problems."""

    def __init__(self, yaml: YAML):
        self.constructor = yaml.constructor
        self.lines: dict[KeyPath, int] = {(): 1}
        self.problems: list[Problem] = []
        self._open: set[int] = set()  # nodes being converted: a repeat is a recursive alias

    def _problem(self, node: Node, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(node.start_mark.line + 1, format_path(path) or _TOP, message))

    def convert(self, node: Node, path: KeyPath) -> object:
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

    def _scalar(self, node: Node, path: KeyPath) -> object:
        try:
            return self.constructor.construct_object(node, deep=True)
        except MarkedYAMLError as error:
            problem = error.problem or str(error)
            self._problem(node, path, f"the YAML cannot be read: {problem}")
            return None

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict:
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


def _read_text(path: Path, shown_name: str) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(
            [Problem(line, _NO_PATH, "the file is not UTF-8 text; save it as UTF-8")], shown_name
        ) from None


def load_file(path: str | Path) -> dict:
    """Read the definition in a YAML file as plain data (not checked); raise `LoadError`."""
    path = Path(path)
    source = load_source(_read_text(path, str(path)), str(path))
    if not isinstance(source.data, dict):
        raise LoadError(
            [Problem(1, _TOP, f"must be a mapping of keys to values (got {describe(source.data)})")]
        )
    return source.data


@dataclass(frozen=True)
class Checked:
    """One definition file, read once: its data, and the screener when it is clean."""

    screener: Screener | None
    data: object
    problems: list[str]


def check_file(path: str | Path, shown_name: str) -> tuple[Screener | None, list[str]]:
    """Load and fully check one definition file (test cases included).

    Returns ``(screener, [])`` when it is clean, else ``(None, lines)`` with
    one ``{shown_name}:{line}: {path}: {message}`` line per problem, sorted by
    line. Also checks that the file name (without .yaml) equals the id.
    """
    checked = check(path, shown_name)
    return checked.screener, checked.problems


def check(path: str | Path, shown_name: str, cache: Path | None = None) -> Checked:
    """`check_file`, also returning the file's data (so the build parses each file once).

    `cache`: a folder for parsed YAML (see `load_source`).
    """
    path = Path(path)
    try:
        source = load_source(_read_text(path, shown_name), shown_name, cache)
    except LoadError as error:
        return Checked(None, None, [p.format(shown_name) for p in error.problems])
    problems: list[Problem] = []
    screener = None
    try:
        screener = load_definition(source.data)
    except DefinitionErrors as errors:
        problems += [
            Problem(source.line_for(e.path), format_path(e.path) or _TOP, e.message, e.hint)
            for e in errors.errors
        ]
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(
            Problem(
                source.line_for(("id",)),
                "id",
                f"{data['id']!r} must equal the file name without .yaml ({path.stem!r}); "
                "rename the file or change the id",
            )
        )
    if problems:
        ordered = sorted(enumerate(problems), key=lambda pair: (pair[1].line, pair[0]))
        return Checked(None, data, [p.format(shown_name) for _, p in ordered])
    return Checked(screener, data, [])
