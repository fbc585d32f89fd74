"""Read a screener definition file into the engine's checked model, with a line for every problem.

YAML is read as YAML 1.2 (so ``yes``, ``No`` and ``on`` stay text, which
matters for answer labels) into plain dicts and lists. The file is composed
into nodes first and converted by hand, which lets us refuse what YAML would
otherwise accept silently: duplicate keys, keys that are not text, merge keys
and tabs. Every problem, from YAML or from the engine, becomes a `Problem`
with the file's line, the key path, the message and the engine's hint.

Hostile or broken files get a message too, never a traceback or a hang:
files over `MAX_BYTES`, anything but a regular file, a byte-order mark,
nesting deeper than `MAX_DEPTH` (Python's recursion limit), and aliases that
expand to more than `MAX_VALUES` values (a "billion laughs" file) are
refused before the engine sees them, as are points that could add up to more
than `MAX_TOTALS` different totals (the engine lists every possible total).

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
import re
import stat
import sys
import warnings
from pathlib import Path
from typing import NamedTuple

from author_errors import Problem, display_path
from screener_engine import DefinitionErrors, Screener, format_path, load_definition
from screener_engine.errors import KeyPath
from screener_engine.reader import MAX_SAFE_INTEGER
from screener_engine.text import describe

_NO_PATH = "(yaml)"
_TOP = "(top level)"
# The largest definition file read: today's largest is 11 kB, so a file this
# big is a mistake (a pasted file, a log), not a questionnaire.
MAX_BYTES = 256 * 1024
# YAML nesting deeper than this is refused before it reaches Python's
# recursion limit; the deepest real definition nests 8 levels.
MAX_DEPTH = 40
# Values a definition may hold once its aliases are expanded (a real one has
# a few hundred): a few lines of nested aliases can otherwise expand to
# billions of values and exhaust the memory.
MAX_VALUES = 50_000
# Different totals a score may have: the engine lists every possible total to
# check the bands, and points such as 1, 2, 4, 8, ... double the list with
# every question (30 such questions would take minutes and gigabytes).
MAX_TOTALS = 100_000


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
        raw = read_limited(path)
    except OSError as error:
        return Checked(None, [Problem(shown, None, "file", f"cannot be read: {error.strerror}")])
    except FileProblem as problem:
        return Checked(None, [Problem(shown, None, "file", str(problem))])
    kept = _kept_entry(cache, path.name, raw) if cache is not None else None
    if kept is not None:
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError, DefinitionErrors):
            data = json.loads(kept.read_text(encoding="utf-8"))["data"]
            return Checked(Definition(load_definition(data, run_tests=False), data, path), [])
    checked = _check(raw, path, shown)
    if kept is not None and checked.definition is not None:
        _keep(kept, checked.definition.data)
    return checked


class FileProblem(Exception):
    """A file that is not read at all: too big, or not a regular file."""


def read_limited(
    path: Path, limit: int = MAX_BYTES, what: str = "a self-check definition"
) -> bytes:
    """A regular file's bytes; raise FileProblem for a device, a folder or a file over `limit`.

    At most `limit` + 1 bytes are read, whatever the file system says its
    size is (a link to /dev/zero says 0).
    """
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise FileProblem(
            f"is not a regular file (a device, a pipe or a socket), so it cannot be {what}; "
            "remove it"
        )
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        size = path.stat().st_size
        shown = f"{size / 1024 / 1024:.1f} MB" if size > limit else "too large"
        raise FileProblem(
            f"is {shown}; {what} may be at most {limit // 1024} kB. A file this big is "
            "almost certainly a mistake (a pasted file or a log): check what it holds"
        )
    return raw


def _check(raw: bytes, path: Path, shown: str) -> Checked:
    try:
        source = parse(_decode(raw), shown)
    except YamlProblems as error:
        return Checked(
            None, [Problem(shown, line, key, text) for line, key, text in error.problems]
        )
    totals = _totals_problem(source)
    if totals is not None:
        return Checked(None, [Problem(shown, totals[0], totals[1], totals[2])])
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


BOM_MESSAGE = (
    "the file starts with a byte-order mark (an invisible character some editors add); "
    "save it as UTF-8 without a BOM (VS Code: click 'UTF-8 with BOM' in the status bar, "
    "then 'Save with Encoding', 'UTF-8')"
)


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlProblems([(1, _NO_PATH, BOM_MESSAGE)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblems(
            [(line, _NO_PATH, "the file is not UTF-8 text; save it as UTF-8")]
        ) from None


def _totals_problem(source: Source) -> tuple[int, str, str] | None:
    """Refuse points that could add up to more than MAX_TOTALS different totals.

    A cheap upper bound, before the engine lists the totals: every score sums
    (or counts) some of the questions, and a question that may be skipped adds
    0, so no score has more totals than the product of the questions' numbers
    of point values, nor more than the whole range from the lowest to the
    highest possible sum.
    """
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return None
    sets = data.get("option_sets") if isinstance(data.get("option_sets"), dict) else {}
    product, low, high = 1, 0, 0
    for question in data["questions"]:
        options = question.get("options") if isinstance(question, dict) else None
        if isinstance(options, str):
            options = sets.get(options)
        if not isinstance(options, list):
            continue
        points = {0} | {
            o["value"]
            for o in options
            # A value beyond the safe range gets its own message from the engine.
            if isinstance(o, dict)
            and type(o.get("value")) is int
            and abs(o["value"]) <= MAX_SAFE_INTEGER
        }
        product = min(product * len(points), MAX_TOTALS + 1)
        low, high = low + min(points), high + max(points)
    line = source.line_for(("questions",))
    fix = "give answers small whole-number points, as questionnaires do (0 to 3, say)"
    if max(high, -low) > MAX_SAFE_INTEGER:
        extreme = high if high > MAX_SAFE_INTEGER else low
        return (
            line,
            "questions",
            f"the answers' points could add up to {extreme}, beyond what a browser counts "
            f"exactly ({MAX_SAFE_INTEGER}); {fix}",
        )
    if min(product, high - low + 1) <= MAX_TOTALS:
        return None
    return (
        line,
        "questions",
        f"the answers' points could add up to more than {MAX_TOTALS} different totals, too "
        f"many to check every result; {fix}",
    )


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
    from ruamel.yaml.reader import ReaderError

    tabs = [n for n, line in enumerate(text.splitlines(), 1) if "\t" in line]
    if tabs:
        message = "tab character: YAML needs spaces for indentation; use spaces only"
        raise YamlProblems([(n, _NO_PATH, message) for n in tabs])
    from ruamel.yaml.composer import MaxDepthExceededError, ReusedAnchorWarning

    yaml = YAML(typ="safe", pure=True)
    yaml.max_depth = MAX_DEPTH
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ReusedAnchorWarning)
            root = yaml.compose(text)
    except MaxDepthExceededError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        message = (
            f"the values are nested more than {MAX_DEPTH} levels deep; a definition needs a "
            "few levels (check the brackets and the indentation here)"
        )
        raise YamlProblems([(line, _NO_PATH, message)]) from None
    except MarkedYAMLError as error:
        raise YamlProblems([_yaml_problem(error)]) from None
    except ReaderError as error:  # a character YAML does not allow anywhere
        line = text.count("\n", 0, error.position) + 1
        raise YamlProblems([(line, _NO_PATH, _character_message(error.character))]) from None
    except YAMLError as error:  # pragma: no cover - ruamel marks its errors
        raise YamlProblems([(1, _NO_PATH, f"the YAML cannot be read: {error}")]) from None
    anchors = [w for w in caught if issubclass(w.category, ReusedAnchorWarning)]
    if anchors:
        raise YamlProblems([_reused_anchor(str(w.message)) for w in anchors])
    if root is None:
        raise YamlProblems(
            [(1, _TOP, "the file is empty; a definition starts with id: and title:")]
        )
    converter = _Converter(yaml)
    try:
        data = converter.convert(root, ())
    except _TooManyValues as error:
        message = (
            f"the file holds more than {MAX_VALUES} values once its aliases (*name) are "
            "expanded; a self-check needs a few hundred, so write the values out instead of "
            "repeating aliases"
        )
        raise YamlProblems([(error.line, _NO_PATH, message)]) from None
    if converter.problems:
        raise YamlProblems(converter.problems)
    return Source(data, converter.lines)


def _character_message(code: int) -> str:
    return (
        f"holds an invisible character (U+{code:04X}) that YAML does not allow; delete it (it "
        "usually comes with text copied from another program)"
    )


def _reused_anchor(warning: str) -> tuple[int, str, str]:
    # ruamel says: "found duplicate anchor 'x'\nfirst occurrence ... line 3 ...\nsecond ..."
    name = re.search(r"anchor '([^']*)'", warning)
    lines = [int(n) for n in re.findall(r"line (\d+)", warning)]
    first, second = [*lines, 1, 1][:2]
    anchor = name[1] if name else "?"
    return (
        second,
        _NO_PATH,
        f"the anchor &{anchor} is defined twice (also on line {first}); give each anchor its "
        "own name",
    )


class _TooManyValues(Exception):
    def __init__(self, line: int):
        self.line = line


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
        self._budget = MAX_VALUES

    def _problem(self, node, path: KeyPath, message: str) -> None:
        self.problems.append((node.start_mark.line + 1, format_path(path) or _TOP, message))

    def convert(self, node, path: KeyPath) -> object:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self._budget -= 1
        if self._budget < 0:
            raise _TooManyValues(node.start_mark.line + 1)
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
