"""The build-time YAML loader: YAML 1.2 values, line numbers and YAML-level problems."""

from __future__ import annotations

import pytest
from screeners.loader import LoadError, Problem, Source, check_file, load_file, load_source

from .conftest import SCREENERS


def _problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as raised:
        load_source(text, "x.yaml")
    return [p.format("x.yaml") for p in raised.value.problems]


def test_yaml_1_2_keeps_yes_no_and_on_as_text():
    data = load_source("a: yes\nb: No\nc: on\nd: off\ne: y\n").data
    assert data == {"a": "yes", "b": "No", "c": "on", "d": "off", "e": "y"}


def test_values_are_plain_python_types():
    data = load_source("a: |\n  text\nb: [1, 2]\nc: {d: 1.5}\n").data
    assert type(data["a"]) is str and data["a"] == "text\n"
    assert type(data["b"]) is list and type(data["b"][0]) is int
    assert type(data["c"]) is dict and type(data["c"]["d"]) is float


def test_every_key_and_item_has_a_line():
    source = load_source("a:\n  b:\n    - x\n    - {c: 1}\n")
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
    assert Problem(4, "questions[0].text", "must not be empty").format("a.yaml") == (
        "a.yaml:4: questions[0].text: must not be empty"
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
    assert check_file(path, "demo.yaml") == (
        None,
        ["demo.yaml:2: (yaml): the file is not UTF-8 text; save it as UTF-8"],
    )


def test_load_file_returns_the_data():
    data = load_file(SCREENERS / "phq-9.yaml")
    assert data["id"] == "phq-9"
    assert data["questions"][0] == {
        "id": "q1",
        "text": "Little interest or pleasure in doing things",
        "options": "frequency",
        "loinc": "44250-9",
    }


def test_load_file_needs_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(LoadError) as raised:
        load_file(path)
    assert [p.format("list.yaml") for p in raised.value.problems] == [
        "list.yaml:1: (top level): must be a mapping of keys to values (got [1, 2], a list)"
    ]


def test_check_file_maps_engine_paths_to_lines(tmp_path):
    text = (SCREENERS / "gad-7.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - {label: Somewhat difficult, value: somewhat, loinc: LA6573-5}",
        "      - {label: Somewhat difficult, value: Somewhat, loinc: LA6573-5}",
    )
    path = tmp_path / "gad-7.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "value: Somewhat" in row)
    assert check_file(path, "content/screeners/gad-7.yaml") == (
        None,
        [
            f"content/screeners/gad-7.yaml:{line}: questions[7].options[1].value: must be an "
            f"integer or a text "
            "code such as 'yes' (got 'Somewhat', a str)"
        ],
    )


def test_check_file_returns_the_screener_when_clean():
    screener, problems = check_file(SCREENERS / "audit-c.yaml", "audit-c.yaml")
    assert problems == []
    assert screener.id == "audit-c"


# --- the parse cache (the build keeps clean parses in .cache/screeners/definitions) ---


@pytest.mark.parametrize("path", sorted(SCREENERS.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_cached_parse_is_the_same_as_a_fresh_one(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    fresh = load_source(text, path.name)
    first = load_source(text, path.name, cache=tmp_path)
    assert len(list(tmp_path.glob("definition-*.json"))) == 1
    again = load_source(text, path.name, cache=tmp_path)
    for source in (first, again):
        assert source.data == fresh.data
        assert source.lines == fresh.lines
        assert repr(source.data) == repr(fresh.data)  # 1 stays 1, 1.0 stays 1.0


def test_the_cache_is_read_when_the_text_is_the_same(tmp_path):
    load_source("a: 1\n", "x.yaml", cache=tmp_path)
    (entry,) = tmp_path.glob("definition-*.json")
    entry.write_text('{"data": {"a": 2}, "lines": [[[], 1], [["a"], 1]]}', encoding="utf-8")
    assert load_source("a: 1\n", "x.yaml", cache=tmp_path).data == {"a": 2}
    assert load_source("a: 3\n", "x.yaml", cache=tmp_path).data == {"a": 3}


def test_a_damaged_cache_entry_is_parsed_again(tmp_path):
    load_source("a: 1\n", "x.yaml", cache=tmp_path)
    (entry,) = tmp_path.glob("definition-*.json")
    entry.write_text('{"data": ', encoding="utf-8")
    assert load_source("a: 1\n", "x.yaml", cache=tmp_path).data == {"a": 1}
    assert entry.read_text(encoding="utf-8").startswith('{"data": {"a": 1}')


def test_problems_are_never_cached_and_values_json_would_change_are_not_kept(tmp_path):
    with pytest.raises(LoadError):
        load_source("a: 1\na: 2\n", "x.yaml", cache=tmp_path)
    # A date and a NaN are not what JSON would give back: parsed every time.
    for text in ("when: 2025-01-02\n", "x: .nan\n"):
        fresh = load_source(text, "x.yaml")
        assert repr(load_source(text, "x.yaml", cache=tmp_path).data) == repr(fresh.data)
    assert list(tmp_path.glob("definition-*.json")) == []
