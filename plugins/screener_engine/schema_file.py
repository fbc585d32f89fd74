"""Export the definition format as a JSON Schema (draft-07), built from `spec`'s tables.

Editors use it to check and complete definition files (the YAML language
server reads the ``# yaml-language-server: $schema=...`` line at the top of
each file). The schema checks structure only; meaning (references, band
coverage, reachability, test cases) is checked by `load_definition`.

Regenerate the committed copy with ``python -m screener_engine.schema_file``.
"""

from __future__ import annotations

import json

from . import spec

SCHEMA_FILE = "screener.schema.json"
"""The file name of the committed schema, next to this module."""


def json_schema() -> dict:
    """Build the JSON Schema of a screener definition."""
    definitions = {
        name: _object(object_spec)
        for name, object_spec in spec.OBJECTS.items()
        if name != "screener"
    }
    definitions.update(_condition_definitions())
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Screener definition",
        **_object(spec.OBJECTS["screener"]),
        "definitions": definitions,
    }


def schema_text() -> str:
    """Render the schema exactly as the committed file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


def _kind(kind: object) -> dict:
    if isinstance(kind, spec.Text):
        return {"type": "string", "pattern": kind.pattern or r"\S"}
    if isinstance(kind, spec.Integer):
        return (
            {"type": "integer"}
            if kind.minimum is None
            else {"type": "integer", "minimum": kind.minimum}
        )
    if isinstance(kind, spec.Boolean):
        return {"type": "boolean"}
    if isinstance(kind, spec.Choice):
        return {"enum": list(kind.values)}
    if isinstance(kind, spec.OptionValue):
        return {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": spec.CODE_PATTERN}]}
    if isinstance(kind, spec.AnswerValue):
        return {"type": ["integer", "string"]}
    if isinstance(kind, spec.ListOf):
        schema = {"type": "array", "items": _kind(kind.item)}
        return {**schema, "minItems": kind.min_items} if kind.min_items else schema
    if isinstance(kind, spec.MapOf):
        schema = {"type": "object", "additionalProperties": _kind(kind.value)}
        return {**schema, "propertyNames": _kind(kind.keys)} if kind.keys is not None else schema
    if isinstance(kind, spec.Ref):
        return _ref(kind.name)
    if isinstance(kind, spec.Union):
        return {"anyOf": [_kind(k) for k in kind.kinds]}
    if isinstance(kind, spec.Nullable):
        return {"anyOf": [_kind(kind.kind), {"type": "null"}]}
    if isinstance(kind, spec.Condition):
        if kind.form == "option":
            return _ref("option_condition")
        if kind.form == "outcome":
            return {"anyOf": [{"const": "always"}, _ref("condition")]}
        return _ref("condition")
    raise TypeError(kind)


def _object(object_spec: spec.ObjectSpec) -> dict:
    schema: dict = {
        "type": "object",
        "description": object_spec.doc,
        "additionalProperties": False,
        "properties": {f.name: {**_kind(f.kind), "description": f.doc} for f in object_spec.fields},
    }
    required = [f.name for f in object_spec.fields if f.required]
    if required:
        schema["required"] = required
    rules: list[dict] = []
    for name, value, needed in object_spec.required_if:
        rules.append(
            {
                "if": {"properties": {name: {"const": value}}, "required": [name]},
                "then": {"required": list(needed)},
            }
        )
    for group in object_spec.one_of:
        rules.append({"oneOf": [{"required": [name]} for name in group]})
    for name, others in object_spec.excludes:
        rules.append(
            {
                "if": {"required": [name]},
                "then": {"not": {"anyOf": [{"required": [o]} for o in others]}},
            }
        )
    if rules:
        schema["allOf"] = rules
    if object_spec.requires:
        schema["dependencies"] = {name: [other] for name, other in object_spec.requires}
    return schema


def _tests(table: dict[str, tuple[object, str]]) -> dict:
    return {key: {**_kind(kind), "description": doc} for key, (kind, doc) in table.items()}


def _condition_definitions() -> dict:
    combinators = {
        f"{name}_condition": {
            "type": "object",
            "description": doc,
            "additionalProperties": False,
            "required": [name],
            "properties": {
                name: _ref("condition")
                if name == "not"
                else {"type": "array", "minItems": 1, "items": _ref("condition")}
            },
        }
        for name, doc in spec.COMBINATORS.items()
    }
    return {
        "condition": {
            "description": "A test on answers and scores, e.g. {answer: q9, at_least: 1}.",
            "anyOf": [_ref("answer_condition"), _ref("score_condition")]
            + [_ref(f"{name}_condition") for name in spec.COMBINATORS],
        },
        "answer_condition": {
            "type": "object",
            "description": "A test on one answer (a question or variant).",
            "additionalProperties": False,
            "required": ["answer"],
            "minProperties": 2,
            "properties": {
                "answer": {**_kind(spec.ID), "description": "The question or variant id."},
                **_tests(spec.CONDITION_TESTS),
            },
        },
        "score_condition": {
            "type": "object",
            "description": "A test on a score.",
            "additionalProperties": False,
            "required": ["score"],
            "minProperties": 2,
            "properties": {
                "score": {**_kind(spec.ID), "description": "The score id."},
                **_tests(spec.SCORE_TESTS),
            },
        },
        "option_condition": {
            "type": "object",
            "description": "The test each counted answer must pass, e.g. {is: yes}.",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": _tests(spec.CONDITION_TESTS),
        },
        **combinators,
    }


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import pathlib

    target = pathlib.Path(__file__).with_name(SCHEMA_FILE)
    target.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {target}")
