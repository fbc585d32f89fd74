"""The editor set-up in .vscode/ points at the real schema and matches every definition."""

from __future__ import annotations

import json
from fnmatch import fnmatch

import jsonschema

from tests.conftest import ROOT, definition_data


def test_vscode_validates_definitions_with_the_engines_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text())
    ((schema_path, pattern),) = settings["yaml.schemas"].items()
    schema = json.loads((ROOT / schema_path).read_text())
    definitions = sorted((ROOT / "content/screeners").glob("*.yaml"))
    assert definitions
    for path in definitions:
        assert fnmatch(path.relative_to(ROOT).as_posix(), pattern)
        first_line = path.read_text().splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=../../{schema_path.lstrip('./')}"
        jsonschema.validate(definition_data(path), schema)
    recommended = json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]
    assert "redhat.vscode-yaml" in recommended
