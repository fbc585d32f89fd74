"""Validated instruments word for word: every definition against a reference copy.

`published_wording.json` holds each validated instrument's stem, item texts,
lead-ins, examples and answer labels as published (its `source` says where
each was checked). A single character out of place (a comma, a dash, a
space) fails here with the place where the two first differ.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import IDS

REFERENCE = json.loads(
    (Path(__file__).resolve().parent / "published_wording.json").read_text(encoding="utf-8")
)["instruments"]


def first_difference(ours: object, published: object) -> str:
    """Where two texts first differ, shown with a little context on both sides."""
    if not (isinstance(ours, str) and isinstance(published, str)):
        return f"{ours!r} != {published!r}"
    at = next(
        (i for i, (a, b) in enumerate(zip(ours, published, strict=False)) if a != b),
        min(len(ours), len(published)),
    )
    return (
        f"character {at}: ours {ours[max(0, at - 15) : at + 15]!r}, "
        f"published {published[max(0, at - 15) : at + 15]!r}"
    )


def test_first_difference_points_at_the_character():
    assert first_difference("afraid, as if", "afraid as if") == (
        "character 6: ours 'afraid, as if', published 'afraid as if'"
    )


def test_every_validated_definition_has_a_reference_copy(registry):
    validated = sorted(name for name in IDS if registry[name].instrument.validated)
    assert sorted(REFERENCE) == validated == ["audit-c", "gad-7", "pc-ptsd-5", "phq-9"]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_the_wording_is_exactly_as_published(registry, name):
    screener = registry[name]
    published = REFERENCE[name]
    problems = []
    if screener.stem != published.get("stem"):
        problems.append(f"stem: {first_difference(screener.stem, published.get('stem'))}")
    assert sorted(q.id for q in screener.questions) == sorted(published["questions"])
    for question in screener.questions:
        item = published["questions"][question.id]
        ours = {
            "text": question.text,
            "stem": question.stem,
            "context": question.context,
            "examples": list(question.examples) or None,
            "options": [[o.label, o.value] for o in question.options],
        }
        if item.get("context_is_ours"):
            del ours["context"]  # written for this site (e.g. what one drink is), not published
        for key, value in ours.items():
            if value != item.get(key):
                if isinstance(value, list) and isinstance(item.get(key), list):
                    pairs = zip(value, item[key], strict=False)
                    detail = "; ".join(first_difference(str(a), str(b)) for a, b in pairs if a != b)
                    detail = detail or f"{len(value)} items, published {len(item[key])}"
                else:
                    detail = first_difference(value, item.get(key))
                problems.append(f"{question.id}.{key}: {detail}")
    assert problems == []


def test_the_gad7_item_7_has_no_comma(registry):
    # Issue 19, item 9: the comma after "afraid" is in some copies, not the published form.
    assert registry["gad-7"].question("q7").text == (
        "Feeling afraid as if something awful might happen"
    )
