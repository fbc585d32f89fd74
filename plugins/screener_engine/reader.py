"""Read plain data (as loaded from YAML or JSON) against the tables in `spec`.

`Reader` checks types, required and unknown keys and the rules between
fields, and collects a `DefinitionError` for every problem instead of stopping
at the first. It returns the data converted (conditions become model objects,
objects become `Parsed` dicts that know whether they were clean).
"""

from __future__ import annotations

import re

from . import spec
from .errors import DefinitionError, KeyPath
from .model import AllOf, Always, AnswerTest, AnyOf, Condition, Not, ScoreTest
from .text import describe, did_you_mean, quoted, show


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()
"""Returned in place of a value that could not be read (its error is recorded)."""

_HEADS = ("answer", "score", "all", "any", "not")
# The largest whole number a browser's JSON keeps exactly (Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1


class Parsed(dict):
    """An object's fields, converted; `ok` is False when any of them had a problem."""

    ok = True


def expectation(kind: object) -> str:
    """Say what a value of this kind must be, in the words messages use."""
    if isinstance(kind, spec.Text):
        return kind.expected
    if isinstance(kind, spec.Integer):
        return "an integer"
    if isinstance(kind, spec.Boolean):
        return "true or false"
    if isinstance(kind, spec.Choice):
        return f"one of {quoted(kind.values)}"
    if isinstance(kind, spec.OptionValue):
        return "an integer or a text code such as 'yes'"
    if isinstance(kind, spec.AnswerValue):
        return "an option value such as 2 or 'yes'"
    if isinstance(kind, spec.ListOf):
        return "a list"
    if isinstance(kind, spec.MapOf | spec.Ref):
        return "a mapping"
    if isinstance(kind, spec.Union):
        return kind.expected
    if isinstance(kind, spec.Nullable):
        return f"{expectation(kind.kind)} or null"
    if isinstance(kind, spec.Condition):
        always = " or the word 'always'" if kind.form == "outcome" else ""
        return f"a condition such as {{answer: q1, is: 1}}{always}"
    raise TypeError(kind)


def _type_fits(kind: object, value: object) -> bool:
    if isinstance(kind, spec.Text | spec.Choice):
        return isinstance(value, str)
    if isinstance(kind, spec.Integer):
        return type(value) is int
    if isinstance(kind, spec.ListOf):
        return isinstance(value, list)
    if isinstance(kind, spec.MapOf | spec.Ref):
        return isinstance(value, dict)
    return True


def code_for(text: str) -> str:
    """Suggest a text code for a label-like value: ``'Not sure'`` -> ``'not-sure'``."""
    code = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return code if re.match(spec.CODE_PATTERN, code) else "yes"


class Reader:
    """Collects every problem found while reading one definition."""

    def __init__(self) -> None:
        self.errors: list[DefinitionError] = []

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        """Record one problem."""
        self.errors.append(DefinitionError(path, message, hint))

    # --- values -------------------------------------------------------------------

    def read(self, kind: object, value: object, path: KeyPath) -> object:
        """Check `value` against `kind`; return it converted, or INVALID."""
        if value is None and not isinstance(kind, spec.Nullable):
            self.error(
                path,
                f"must be {expectation(kind)} (got null)",
                "Give it a value, or remove the key if it is optional.",
            )
            return INVALID
        if type(value) is int and abs(value) > MAX_SAFE_INTEGER:
            # The page and its worker pass definitions and results through
            # JSON, which rounds larger numbers: a total would come out wrong.
            self.error(
                path,
                f"must be a whole number from -{MAX_SAFE_INTEGER} to {MAX_SAFE_INTEGER} "
                f"(got {value}); a browser cannot count exactly beyond that",
                "Use a smaller number.",
            )
            return INVALID
        method = getattr(self, "_read_" + type(kind).__name__.lower())
        return method(kind, value, path)

    def _wrong(self, kind: object, value: object, path: KeyPath, hint: str = "") -> object:
        self.error(path, f"must be {expectation(kind)} (got {describe(value)})", hint)
        return INVALID

    def _read_text(self, kind: spec.Text, value: object, path: KeyPath) -> object:
        if not isinstance(value, str):
            hint = "Put it in quotes." if isinstance(value, int | float) else ""
            return self._wrong(kind, value, path, hint)
        if not value.strip():
            self.error(path, "must not be empty")
            return INVALID
        if kind.pattern and not re.match(kind.pattern, value):
            self.error(path, f"must be {kind.expected} (got {show(value)})")
            return INVALID
        return value

    def _read_integer(self, kind: spec.Integer, value: object, path: KeyPath) -> object:
        if type(value) is not int:
            hint = (
                "Remove the quotes." if isinstance(value, str) and value.strip().isdigit() else ""
            )
            return self._wrong(kind, value, path, hint)
        if kind.minimum is not None and value < kind.minimum:
            self.error(path, f"must be at least {kind.minimum} (got {value})")
            return INVALID
        return value

    def _read_boolean(self, kind: spec.Boolean, value: object, path: KeyPath) -> object:
        return value if isinstance(value, bool) else self._wrong(kind, value, path)

    def _read_choice(self, kind: spec.Choice, value: object, path: KeyPath) -> object:
        if isinstance(value, str) and value in kind.values:
            return value
        self.error(
            path,
            f"must be {expectation(kind)} (got {describe(value)})"
            + did_you_mean(value, kind.values),
        )
        return INVALID

    def _read_optionvalue(self, kind: spec.OptionValue, value: object, path: KeyPath) -> object:
        if type(value) is int:
            return value
        if isinstance(value, str) and re.match(spec.CODE_PATTERN, value):
            return value
        hint = ""
        if isinstance(value, str):
            hint = (
                "Write the number without quotes."
                if re.fullmatch(r"-?[0-9]+", value.strip())
                else f"Use a code such as {code_for(value)!r}: lowercase letters, digits and "
                f"hyphens."
            )
        return self._wrong(kind, value, path, hint)

    def _read_answervalue(self, kind: spec.AnswerValue, value: object, path: KeyPath) -> object:
        return (
            value
            if type(value) is int or isinstance(value, str)
            else self._wrong(kind, value, path)
        )

    def _read_listof(self, kind: spec.ListOf, value: object, path: KeyPath) -> object:
        if not isinstance(value, list):
            return self._wrong(
                kind, value, path, "Write each item on its own line, starting with '- '."
            )
        if len(value) < kind.min_items:
            message = (
                "must not be empty"
                if kind.min_items == 1
                else f"must have at least {kind.min_items} items (got {len(value)})"
            )
            self.error(path, message)
            return INVALID
        return [self.read(kind.item, item, (*path, i)) for i, item in enumerate(value)]

    def _read_mapof(self, kind: spec.MapOf, value: object, path: KeyPath) -> object:
        if not isinstance(value, dict):
            return self._wrong(kind, value, path)
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                self.error(path, f"keys must be text (got {describe(key)})")
                continue
            if kind.keys is not None and self.read(kind.keys, key, (*path, key)) is INVALID:
                continue
            result[key] = self.read(kind.value, item, (*path, key))
        return result

    def _read_union(self, kind: spec.Union, value: object, path: KeyPath) -> object:
        for option in kind.kinds:
            if _type_fits(option, value):
                return self.read(option, value, path)
        return self._wrong(kind, value, path)

    def _read_nullable(self, kind: spec.Nullable, value: object, path: KeyPath) -> object:
        return None if value is None else self.read(kind.kind, value, path)

    def _read_ref(self, kind: spec.Ref, value: object, path: KeyPath) -> object:
        return self.read_object(spec.OBJECTS[kind.name], value, path)

    def _read_condition(self, kind: spec.Condition, value: object, path: KeyPath) -> object:
        return self.read_condition(value, path, kind.form)

    # --- objects --------------------------------------------------------------------

    def read_object(self, object_spec: spec.ObjectSpec, value: object, path: KeyPath) -> object:
        """Read a mapping described by `object_spec` into a `Parsed` dict (or INVALID)."""
        if not isinstance(value, dict):
            return self._wrong(spec.Ref(object_spec.name), value, path)
        before = len(self.errors)
        names = [f.name for f in object_spec.fields]
        parsed = Parsed()
        for key in value:
            if not isinstance(key, str):
                self.error(path, f"keys must be text (got {describe(key)})")
            elif key not in names:
                self.error(
                    (*path, key),
                    f"unknown key {key!r}{did_you_mean(key, names)}",
                    f"A {object_spec.noun} can have: {', '.join(names)}.",
                )
        for field in object_spec.fields:
            if field.name in value:
                parsed[field.name] = self.read(field.kind, value[field.name], (*path, field.name))
            elif field.required:
                self._missing(object_spec, field, path)
        self._check_rules(object_spec, value, parsed, path)
        parsed.ok = len(self.errors) == before
        return parsed

    def _missing(
        self, object_spec: spec.ObjectSpec, field: spec.Field, path: KeyPath, why: str = ""
    ) -> None:
        self.error(
            (*path, field.name),
            why or f"missing: every {object_spec.noun} needs {field.name!r}",
            f"Add {field.name!r}: {field.doc[0].lower()}{field.doc[1:]}",
        )

    def _check_rules(
        self, object_spec: spec.ObjectSpec, value: dict, parsed: Parsed, path: KeyPath
    ) -> None:
        for name, wanted, needed in object_spec.required_if:
            if parsed.get(name) == wanted:
                for other in needed:
                    if other not in value:
                        self._missing(
                            object_spec,
                            object_spec.field(other),
                            path,
                            f"missing: required because {name!r} is {show(wanted).lower()}",
                        )
        for group in object_spec.one_of:
            present = [name for name in group if name in value]
            if not present:
                self.error(
                    path,
                    f"a {object_spec.noun} needs one of {' or '.join(repr(n) for n in group)}",
                )
            for extra in present[1:]:
                self.error((*path, extra), f"{extra!r} cannot be combined with {present[0]!r}")
        for name, other in object_spec.requires:
            if name in value and other not in value:
                field = object_spec.field(other)
                self.error(
                    (*path, name),
                    f"{name!r} needs {other!r} as well",
                    f"Add {other!r}: {field.doc[0].lower()}{field.doc[1:]}",
                )
        for name, others in object_spec.excludes:
            if name in value:
                for other in others:
                    if other in value:
                        self.error((*path, other), f"{other!r} cannot be combined with {name!r}")

    # --- conditions -----------------------------------------------------------------

    def read_condition(self, value: object, path: KeyPath, form: str = "full") -> object:
        """Read a condition (see `spec.CONDITION_TESTS`) into model objects, or INVALID."""
        if value == "always" and form == "outcome":
            return Always(path)
        if value == "always":
            self.error(path, "'always' can only be the condition of an outcome")
            return INVALID
        if not isinstance(value, dict):
            return self._wrong(spec.Condition(form), value, path)
        if form == "option":
            return self._answer_test(None, value, path)
        heads = [key for key in _HEADS if key in value]
        if len(heads) != 1:
            got = f"got {quoted(value)}" if value else "got an empty mapping"
            self.error(
                path,
                "a condition needs exactly one of 'answer', 'score', 'all', 'any' or 'not' "
                f"({got})",
            )
            return INVALID
        head = heads[0]
        if head == "answer":
            answer = self.read(spec.ID, value["answer"], (*path, "answer"))
            rest = {k: v for k, v in value.items() if k != "answer"}
            test = self._answer_test(answer, rest, path)
            return INVALID if answer is INVALID else test
        if head == "score":
            return self._score_test(value, path)
        self._only_keys(value, (head,), path, f"a {head!r} condition")
        if head == "not":
            item = self.read_condition(value["not"], (*path, "not"))
            return INVALID if item is INVALID else Not(item, path)
        items = value[head]
        if not isinstance(items, list) or not items:
            self.error(
                (*path, head), f"must be a non-empty list of conditions (got {describe(items)})"
            )
            return INVALID
        read = [self.read_condition(item, (*path, head, i)) for i, item in enumerate(items)]
        if any(item is INVALID for item in read):
            return INVALID
        return (AllOf if head == "all" else AnyOf)(tuple(read), path)

    def _only_keys(self, value: dict, allowed: tuple[str, ...], path: KeyPath, what: str) -> bool:
        clean = True
        for key in value:
            if key not in allowed:
                clean = False
                self.error(
                    (*path, key),
                    f"unknown key {key!r} in {what}{did_you_mean(key, allowed)}",
                    f"It can have: {', '.join(allowed)}.",
                )
        return clean

    def _answer_test(self, answer: object, value: dict, path: KeyPath) -> object:
        before = len(self.errors)
        keys = tuple(spec.CONDITION_TESTS)
        what = "an answer condition" if answer is not None else "a 'where' test"
        allowed = ("answer", *keys) if answer is not None else keys
        self._only_keys(value, allowed, path, what)
        tests = [key for key in keys if key in value]
        read = {
            key: self.read(spec.CONDITION_TESTS[key][0], value[key], (*path, key)) for key in tests
        }
        groups = [
            g
            for g in (("is",), ("in",), ("at_least", "at_most"), ("answered",))
            if set(g) & set(tests)
        ]
        if not tests:
            self.error(path, f"{what} needs a test: one of {quoted(keys)}")
        elif len(groups) > 1:
            first = next(k for k in tests if k in groups[0])
            for key in tests:
                if key not in groups[0]:
                    self.error((*path, key), f"{key!r} cannot be combined with {first!r}")
        self._check_bounds(read, path)
        if len(self.errors) > before:
            return INVALID
        values = read.get("in") if "in" in read else (read["is"],) if "is" in read else None
        return AnswerTest(
            answer,  # type: ignore[arg-type]
            tuple(values) if values is not None else None,
            read.get("at_least"),
            read.get("at_most"),
            read.get("answered"),
            "in" if "in" in read else "is" if "is" in read else None,
            path,
        )

    def _score_test(self, value: dict, path: KeyPath) -> object:
        before = len(self.errors)
        score = self.read(spec.ID, value["score"], (*path, "score"))
        self._only_keys(value, ("score", *spec.SCORE_TESTS), path, "a score condition")
        read = {
            k: self.read(spec.SCORE_TESTS[k][0], value[k], (*path, k))
            for k in spec.SCORE_TESTS
            if k in value
        }
        if not read:
            self.error(path, "a score condition needs 'at_least', 'at_most' or both")
        self._check_bounds(read, path)
        if len(self.errors) > before:
            return INVALID
        return ScoreTest(score, read.get("at_least"), read.get("at_most"), path)  # type: ignore[arg-type]

    def _check_bounds(self, read: dict, path: KeyPath) -> None:
        low, high = read.get("at_least"), read.get("at_most")
        if type(low) is int and type(high) is int and low > high:
            self.error(
                (*path, "at_most"),
                f"at_least ({low}) is greater than at_most ({high}), so nothing can match",
            )


def conditions_in(condition: Condition) -> list[Condition]:
    """Every node of a condition tree, the root first."""
    nodes = [condition]
    if isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            nodes.extend(conditions_in(item))
    elif isinstance(condition, Not):
        nodes.extend(conditions_in(condition.item))
    return nodes
