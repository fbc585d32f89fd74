"""Which single answers raise a safety flag on their own: crisis help the page can show at once.

A safety flag such as "item 9 above zero" depends on one answer only: as soon
as the visitor picks that answer, nothing they answer later can take the flag
back. The page shows crisis help for these answers with no scoring at all
(CSS on the server-rendered radios), before the runtime has even started.
A flag that needs a total (PHQ-9 of 20 or more) cannot be known from one
answer, so it stays with the scorer.

The question is answered by `scoring.safety_so_far`, the same three-valued
evaluation that lets the scorer show crisis help for incomplete answers:
an answer is instant for a flag when the flag holds for every value the
other answers could take.
"""

from __future__ import annotations

from .model import Flag, OptionValue, Screener
from .scoring import safety_so_far

Triggers = dict[str, dict[OptionValue, tuple[Flag, ...]]]
"""Question id -> option value -> the safety flags that answer raises on its own."""


def instant_triggers(screener: Screener) -> Triggers:
    """Every single answer that raises a safety flag whatever the other answers are."""
    found: Triggers = {}
    for question in screener.questions:
        for option in question.options:
            flags = tuple(r.flag for r in safety_so_far(screener, {question.id: option.value}))
            if flags:
                found.setdefault(question.id, {})[option.value] = flags
    return found
