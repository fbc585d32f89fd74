"""The instant crisis layer and the scorer agree on every safety rule of every definition.

The page shows crisis help, with CSS alone, for the answers `instant_triggers`
marks at build time. For every safety flag and every answer that can fire it,
the scorer must agree: a marked answer raises the flag whatever else is
answered, and an unmarked one does not always do so (some completion of the
form leaves the flag down), so it rightly waits for the scorer.
"""

from __future__ import annotations

import random

import pytest
from screener_engine import score
from screener_engine.instant import instant_triggers

from .conftest import IDS

SAMPLES = 80


def completions(screener, fixed: dict, seed: int) -> list[dict]:
    """Whole sets of answers that contain `fixed`: lowest, highest, then random ones."""
    others = [q for q in (*screener.questions, *screener.variants) if q.id not in fixed]
    rows = [[0] * len(others), [-1] * len(others)]
    chooser = random.Random(seed)
    rows += [[chooser.randrange(len(q.options)) for q in others] for _ in range(SAMPLES)]
    return [
        {**{q.id: q.options[i].value for q, i in zip(others, row, strict=True)}, **fixed}
        for row in rows
    ]


def raised(screener, answers: dict) -> set[str]:
    return {f.flag.id for f in score(screener, answers).flags}


@pytest.mark.parametrize("name", IDS)
def test_every_answer_that_can_fire_a_safety_flag_is_marked_exactly_when_it_always_does(
    registry, name
):
    screener = registry[name]
    triggers = instant_triggers(screener)
    if not any(f.kind == "safety" for f in screener.flags):
        assert triggers == {}  # no safety flag, nothing to show before scoring
        return
    checked = 0
    for flag in (f for f in screener.flags if f.kind == "safety"):
        for question in screener.questions:
            for option in question.options:
                marked = flag in triggers.get(question.id, {}).get(option.value, ())
                fired = [
                    flag.id in raised(screener, answers)
                    for answers in completions(screener, {question.id: option.value}, checked)
                ]
                checked += 1
                if marked:
                    assert all(fired), f"{name}: {question.id}={option.value} marks {flag.id}"
                elif any(fired):
                    # It can fire the flag, but not on its own: the scorer decides.
                    assert not all(fired), (
                        f"{name}: {question.id}={option.value} always raises {flag.id}, "
                        "but the page would not show help until scored"
                    )
    assert checked


def test_the_known_rules():
    from screeners.loader import check_file

    from .conftest import SCREENERS

    phq9 = check_file(SCREENERS / "phq-9.yaml").definition.screener
    triggers = instant_triggers(phq9)
    assert {q: sorted(v) for q, v in triggers.items()} == {"q9": [1, 2, 3]}
    # "severe-score" (a total of 20 or more) is left to the scorer.
    marked = {
        flag.id for options in triggers.values() for flags in options.values() for flag in flags
    }
    assert marked == {"self-harm"}
