"""Fixtures for the engine tests: the real definitions, golden cases and a tiny valid definition."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from screener_engine import load_definition, worker
from screeners.loader import check_file

ROOT = Path(__file__).resolve().parents[2]
SCREENERS = ROOT / "content" / "screeners"
GOLDEN = ROOT / "tests" / "golden"
BROKEN = Path(__file__).resolve().parent / "broken"
ENGINE = ROOT / "plugins" / "screener_engine"
IDS = sorted(p.stem for p in SCREENERS.glob("*.yaml"))


def golden_files() -> list[Path]:
    """Every golden file, sorted."""
    return sorted(GOLDEN.glob("*.json"))


def golden_cases() -> list[tuple[str, dict]]:
    """(screener id, case) for every golden case of every screener."""
    cases = []
    for path in golden_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        cases += [(data["screener"], case) for case in data["cases"]]
    return cases


@pytest.fixture(scope="session")
def registry():
    """The five real definitions, checked through the build-time loader."""
    found = {}
    for name in IDS:
        checked = check_file(SCREENERS / f"{name}.yaml", f"{name}.yaml")
        assert checked.problems == [], [str(p) for p in checked.problems]
        found[name] = checked.definition.screener
    return found


@pytest.fixture(autouse=True)
def _keep_the_current_registry():
    """Put back the registry that `load_bundle` and "load" requests replace."""
    before = worker._current
    yield
    worker._current = before


MINIMAL = {
    "id": "demo",
    "title": "Demo check",
    "description": "A tiny definition for tests.",
    "version": "1.0.0",
    "language": "en",
    "minutes": 1,
    "audience": "Adults",
    "instrument": {"name": "Demo", "validated": False},
    "option_sets": {
        "frequency": [
            {"label": "Not at all", "value": 0},
            {"label": "Several days", "value": 1},
            {"label": "More than half the days", "value": 2},
            {"label": "Nearly every day", "value": 3},
        ]
    },
    "questions": [
        {"id": "q1", "text": "First", "options": "frequency"},
        {"id": "q2", "text": "Second", "options": "frequency"},
        {
            "id": "gate",
            "text": "Anything else?",
            "scored": False,
            "options": [{"label": "Yes", "value": "yes"}, {"label": "No", "value": "no"}],
        },
    ],
    "scores": [{"id": "total", "label": "Total score", "sum": ["q1", "q2"]}],
    "bands": {
        "score": "total",
        "ranges": [
            {
                "id": "low",
                "min": 0,
                "max": 2,
                "label": "Low",
                "meaning": "Low.",
                "next_steps": ["Rest."],
                "with_safety": {"meaning": "Low, but get help.", "next_steps": ["Call now."]},
            },
            {
                "id": "high",
                "min": 3,
                "max": 6,
                "label": "High",
                "meaning": "High.",
                "next_steps": ["Call."],
                "with_safety": {"meaning": "High, and get help.", "next_steps": ["Call now."]},
            },
        ],
    },
    "flags": [
        {
            "id": "worry",
            "kind": "safety",
            "when": {"answer": "q2", "at_least": 2},
            "message": "Get help.",
        }
    ],
    "outcomes": [
        {
            "id": "talk",
            "priority": 1,
            "when": {"score": "total", "at_least": 5},
            "title": "Talk",
            "meaning": "Talk to someone.",
            "next_steps": ["Call."],
        },
        {
            "id": "fine",
            "priority": 2,
            "when": "always",
            "title": "Fine",
            "meaning": "Fine.",
            "next_steps": ["Rest."],
            "explain": "Your total was below 5.",
            "with_safety": {"title": "Get help", "meaning": "Get help.", "next_steps": ["Call."]},
        },
    ],
    "tests": [
        {
            "name": "zeros",
            "answers": {"q1": 0, "q2": 0},
            "expect": {"scores": {"total": 0}, "band": "low"},
        }
    ],
}


@pytest.fixture
def minimal():
    """A fresh deep copy of a small valid definition (PHQ-like, with bands, a flag and outcomes).

    Its safety flag (q2 at least 2) can be raised beside either band and the
    'fine' outcome, so those carry safety wording; 'talk' (a total of 5 or
    more) always comes with the flag, so it needs none.
    """
    return copy.deepcopy(MINIMAL)


def without_safety_wording(definition: dict) -> dict:
    """Drop the safety wording, for a test that takes the safety flag away."""
    for item in [*definition["bands"]["ranges"], *definition["outcomes"]]:
        item.pop("with_safety", None)
    return definition


@pytest.fixture
def demo(minimal):
    """The minimal definition, checked."""
    return load_definition(minimal)
