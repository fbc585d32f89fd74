"""Whole numbers in a definition stay within what a browser counts exactly (2^53 - 1).

The page and its worker pass definitions and results through JSON, which
rounds larger numbers, so the build refuses them (screener_engine.reader).
"""

from __future__ import annotations

import copy

import pytest
from screener_engine import DefinitionErrors, load_definition
from screener_engine.reader import MAX_SAFE_INTEGER
from screeners.loader import parse

from tests.conftest import ROOT

GAD = parse((ROOT / "content" / "screeners" / "gad-7.yaml").read_text(encoding="utf-8")).data


def _with_points(value) -> dict:
    data = copy.deepcopy(GAD)
    data["option_sets"]["frequency"][3]["value"] = value
    data["bands"]["ranges"][3]["max"] = 18 + value
    return data


def _messages(data) -> list[str]:
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(data, run_tests=False)
    return [e.line() for e in raised.value.errors]


def test_the_limit_is_javascripts_max_safe_integer():
    assert MAX_SAFE_INTEGER == 9007199254740991


@pytest.mark.parametrize("value", [MAX_SAFE_INTEGER + 1, -(MAX_SAFE_INTEGER + 1), 2**64])
def test_a_number_beyond_the_limit_is_refused_where_it_is(value):
    assert (
        "option_sets.frequency[3].value: must be a whole number from -9007199254740991 to "
        f"9007199254740991 (got {value}); a browser cannot count exactly beyond that"
    ) in _messages(_with_points(value))


def test_the_limit_itself_is_read():
    data = copy.deepcopy(GAD)
    data["minutes"] = MAX_SAFE_INTEGER
    load_definition(data, run_tests=False)  # no error


def test_true_and_false_are_not_numbers_here():
    data = copy.deepcopy(GAD)
    data["minutes"] = True
    assert "minutes: must be an integer (got True, a bool)" in _messages(data)
