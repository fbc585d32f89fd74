"""The JSON Schema: built from the validator's tables, committed, and agreeing with it."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest
from screener_engine import DefinitionErrors, json_schema, load_definition, model, spec
from screener_engine.schema_file import SCHEMA_FILE, schema_text

from tests.conftest import definition_data

from .conftest import BROKEN, ENGINE, IDS, SCREENERS

COMMITTED = ENGINE / SCHEMA_FILE


def test_the_committed_schema_is_up_to_date():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "Regenerate it: cd plugins && python -m screener_engine.schema_file"
    )


def test_the_schema_is_a_valid_draft_7_schema():
    jsonschema.Draft7Validator.check_schema(json_schema())


@pytest.mark.parametrize("name", IDS)
def test_every_definition_passes_the_schema(name):
    jsonschema.Draft7Validator(json_schema()).validate(definition_data(SCREENERS / f"{name}.yaml"))


@pytest.mark.parametrize("name", IDS)
def test_every_definition_file_names_the_schema(name):
    first = (SCREENERS / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert (
        first
        == "# yaml-language-server: $schema=../../plugins/screener_engine/screener.schema.json"
    )


STRUCTURAL = [
    "unknown-key",
    "missing-title",
    "wrong-type",
    "version-number",
    "bool-value",
    "condition-shape",
    "missing-licence",
]


@pytest.mark.parametrize("name", STRUCTURAL)
def test_the_schema_and_the_validator_agree_on_structural_mistakes(name):
    data = definition_data(BROKEN / f"{name}.yaml")
    assert list(jsonschema.Draft7Validator(json_schema()).iter_errors(data))
    with pytest.raises(DefinitionErrors):
        load_definition(data)


def test_schema_properties_follow_the_tables():
    schema = json_schema()
    for name, object_spec in spec.OBJECTS.items():
        target = schema if name == "screener" else schema["definitions"][name]
        assert list(target["properties"]) == [f.name for f in object_spec.fields]
        assert target.get("required", []) == [f.name for f in object_spec.fields if f.required]


@pytest.mark.parametrize(
    ("object_name", "model_class", "renamed"),
    [
        ("instrument", model.Instrument, {}),
        ("option", model.Option, {}),
        ("question", model.Question, {}),
        ("variant", model.Variant, {}),
        ("flag", model.Flag, {}),
        ("outcome", model.Outcome, {}),
        ("band", model.Band, {}),
    ],
)
def test_every_field_reaches_the_model(object_name, model_class, renamed):
    fields = {f.name for f in dataclasses.fields(model_class)}
    for field in spec.OBJECTS[object_name].fields:
        assert renamed.get(field.name, field.name) in fields, f"{object_name}.{field.name}"


def test_json_schema_is_public_but_imported_lazily():
    import screener_engine

    assert "json_schema" in screener_engine.__all__
    assert screener_engine.json_schema is json_schema
    assert json.loads(schema_text())["title"] == "Screener definition"
