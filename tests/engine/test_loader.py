"""The build-time YAML loader: YAML 1.2 values, line numbers and YAML-level problems."""

from __future__ import annotations

import json

import pytest
from author_errors import Problem
from screeners.loader import Source, YamlProblems, check_file, parse

from .conftest import SCREENERS


def _problems(text: str) -> list[str]:
    with pytest.raises(YamlProblems) as raised:
        parse(text, "x.yaml")
    return [str(Problem("x.yaml", *problem)) for problem in raised.value.problems]


def test_yaml_1_2_keeps_yes_no_and_on_as_text():
    data = parse("a: yes\nb: No\nc: on\nd: off\ne: y\n").data
    assert data == {"a": "yes", "b": "No", "c": "on", "d": "off", "e": "y"}


def test_values_are_plain_python_types():
    data = parse("a: |\n  text\nb: [1, 2]\nc: {d: 1.5}\n").data
    assert type(data["a"]) is str and data["a"] == "text\n"
    assert type(data["b"]) is list and type(data["b"][0]) is int
    assert type(data["c"]) is dict and type(data["c"]["d"]) is float


def test_every_key_and_item_has_a_line():
    source = parse("a:\n  b:\n    - x\n    - {c: 1}\n")
    assert source.lines[("a",)] == 1
    assert source.lines[("a", "b")] == 2
    assert source.lines[("a", "b", 0)] == 3
    assert source.lines[("a", "b", 1, "c")] == 4


def test_the_nearest_enclosing_line_is_used():
    source = Source({}, {(): 1, ("questions",): 5, ("questions", 2): 9})
    assert source.line_for(("questions", 2, "text")) == 9
    assert source.line_for(("questions", 7, "text")) == 5
    assert source.line_for(("title",)) == 1
    assert source.line_for(()) == 1


def test_problem_format():
    problem = Problem("a.yaml", 4, "questions[0].text", "must not be empty", hint="Write it.")
    assert str(problem) == "a.yaml:4: questions[0].text: must not be empty"
    assert problem.report("  ") == (
        "  a.yaml:4: questions[0].text: must not be empty\n      Write it."
    )


def test_tabs_are_reported_on_every_line():
    assert _problems('a: 1\nb:\n\t- 1\nc: "\t"\n') == [
        "x.yaml:3: (yaml): tab character: YAML needs spaces for indentation; use spaces only",
        "x.yaml:4: (yaml): tab character: YAML needs spaces for indentation; use spaces only",
    ]


def test_syntax_error():
    assert _problems("a: [1, 2\nb: 3\n") == [
        "x.yaml:2: (yaml): the YAML cannot be read: expected ',' or ']', but got ':' (while "
        "parsing a flow sequence)"
    ]


def test_duplicate_keys_name_both_lines():
    assert _problems("a: 1\nb:\n  c: 1\n  c: 2\n") == [
        "x.yaml:4: b.c: duplicate key 'c': it is already set at line 3"
    ]


def test_keys_must_be_text():
    assert _problems("a:\n  1: x\n  null: y\n  [1]: z\n") == [
        "x.yaml:2: a: keys must be text (got 1, an int); put the key in quotes",
        "x.yaml:3: a: keys must be text (got null); put the key in quotes",
        "x.yaml:4: a: keys must be text (got a list or mapping); put the key in quotes",
    ]


def test_merge_keys_are_refused():
    assert _problems("base: &b {x: 1}\nc:\n  <<: *b\n") == [
        "x.yaml:3: c: merge keys (<<) are not supported; write the keys out"
    ]


def test_a_recursive_alias_is_refused():
    # The composer keeps no position for an alias, so the anchor's line is shown.
    assert _problems("a: &x\n  - *x\n") == [
        "x.yaml:1: a[0]: an alias refers to itself; write the value out"
    ]


def test_a_second_document_is_refused():
    assert _problems("a: 1\n---\nb: 2\n") == [
        "x.yaml:2: (yaml): a second YAML document starts here (---); keep one definition per file"
    ]


def test_an_unknown_tag_is_refused():
    assert _problems("a: !!python/name:os.system x\n") == [
        "x.yaml:1: a: the YAML cannot be read: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'"
    ]


def test_empty_file():
    assert _problems("# nothing\n") == [
        "x.yaml:1: (top level): the file is empty; a definition starts with id: and title:"
    ]


def test_not_utf8(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_bytes(b"id: demo\ntitle: caf\xe9\n")
    checked = check_file(path, "demo.yaml")
    assert checked.definition is None
    assert [str(p) for p in checked.problems] == [
        "demo.yaml:2: (yaml): the file is not UTF-8 text; save it as UTF-8"
    ]


def test_parse_returns_the_data():
    data = parse((SCREENERS / "phq-9.yaml").read_text(encoding="utf-8")).data
    assert data["id"] == "phq-9"
    assert data["questions"][0] == {
        "id": "q1",
        "text": "Little interest or pleasure in doing things",
        "options": "frequency",
        "loinc": "44250-9",
    }


def test_a_file_must_hold_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    assert [str(p) for p in check_file(path, "list.yaml").problems] == [
        "list.yaml:1: (top level): must be a mapping (got [1, 2], a list)"
    ]


def test_check_file_maps_engine_paths_to_lines_and_keeps_the_hint(tmp_path):
    text = (SCREENERS / "gad-7.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - {label: Somewhat difficult, value: somewhat, loinc: LA6573-5}",
        "      - {label: Somewhat difficult, value: Somewhat, loinc: LA6573-5}",
    )
    path = tmp_path / "gad-7.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "value: Somewhat" in row)
    checked = check_file(path, "content/screeners/gad-7.yaml")
    assert checked.definition is None
    assert checked.problems == [
        Problem(
            "content/screeners/gad-7.yaml",
            line,
            "questions[7].options[1].value",
            "must be an integer or a text code such as 'yes' (got 'Somewhat', a str)",
            hint="Use a code such as 'somewhat': lowercase letters, digits and hyphens.",
        )
    ]


def test_check_file_returns_the_model_and_the_data_when_clean():
    checked = check_file(SCREENERS / "audit-c.yaml", "audit-c.yaml")
    assert checked.problems == []
    assert checked.definition.screener.id == "audit-c"
    assert checked.definition.data["id"] == "audit-c"


# --- the cache of files that passed (the build keeps them in .cache/screeners) ---


@pytest.mark.parametrize("path", sorted(SCREENERS.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_remembered_definition_gives_the_same_model_and_data(path, tmp_path):
    fresh = check_file(path)
    first = check_file(path, cache=tmp_path)
    assert len(list(tmp_path.glob("checked-*.json"))) == 1
    again = check_file(path, cache=tmp_path)
    for checked in (first, again):
        assert checked.problems == []
        assert checked.definition.screener == fresh.definition.screener
        assert repr(checked.definition.data) == repr(fresh.definition.data)  # 1 stays 1


def test_a_remembered_file_is_not_parsed_or_tested_again(tmp_path, monkeypatch):
    from screeners import loader

    path = tmp_path / "phq-9.yaml"
    path.write_bytes((SCREENERS / "phq-9.yaml").read_bytes())
    check_file(path, cache=tmp_path / "cache")
    monkeypatch.setattr(loader, "_check", lambda *args: pytest.fail("checked again"))
    assert check_file(path, cache=tmp_path / "cache").problems == []
    path.write_bytes(path.read_bytes().replace(b"minutes: 3", b"minutes: 4"))
    with pytest.raises(pytest.fail.Exception, match="checked again"):
        check_file(path, cache=tmp_path / "cache")


def test_a_damaged_entry_is_checked_again(tmp_path):
    path = tmp_path / "gad-7.yaml"
    path.write_bytes((SCREENERS / "gad-7.yaml").read_bytes())
    check_file(path, cache=tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("checked-*.json")
    entry.write_text('{"data": ', encoding="utf-8")
    assert check_file(path, cache=tmp_path / "cache").definition.screener.id == "gad-7"
    assert json.loads(entry.read_text(encoding="utf-8"))["data"]["id"] == "gad-7"


def test_problems_are_never_remembered(tmp_path):
    path = tmp_path / "gad-7.yaml"
    path.write_text("id: gad-7\nminutes: two\n", encoding="utf-8")
    assert check_file(path, cache=tmp_path / "cache").problems
    assert check_file(path, cache=tmp_path / "cache").problems
    assert not (tmp_path / "cache").exists()
