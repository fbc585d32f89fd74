"""Plain-English descriptions of a screener's conditions, for the printed page.

Without JavaScript the page cannot hide a follow-up question or apply a rule,
so it says in words when a question applies and what each result requires:
"Answer this only if you answered “Yes” to question 1."
"""

from __future__ import annotations

from screener_engine.model import (
    AllOf,
    Always,
    AnswerTest,
    AnyOf,
    Condition,
    Not,
    Option,
    ScoreTest,
    Screener,
)


def _quote(text: str) -> str:
    return f"“{text}”"


def _join(parts: list[str], word: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


class Describer:
    """Describes the conditions of one screener (its questions, variants and scores)."""

    def __init__(self, screener: Screener):
        self.screener = screener

    def __call__(self, condition: Condition) -> str:
        """One clause, starting with 'you': 'you answered “Yes” to question 1'."""
        if isinstance(condition, Always):
            return "none of the other results apply"
        if isinstance(condition, AllOf):
            return _join([self(c) for c in condition.items], "and")
        if isinstance(condition, AnyOf):
            return _join([self(c) for c in condition.items], "or")
        if isinstance(condition, Not):
            return f"it is not true that {self(condition.item)}"
        if isinstance(condition, ScoreTest):
            return self._score(condition)
        return self._answer(condition)

    def _target(self, ident: str) -> tuple[str, tuple[Option, ...]]:
        variant = self.screener.variant(ident)
        if variant is not None:
            return _quote(variant.text), variant.options
        question = self.screener.question(ident)
        return f"question {question.number}", question.options  # type: ignore[union-attr]

    def _answer(self, test: AnswerTest) -> str:
        target, options = self._target(test.answer)  # type: ignore[arg-type]
        if test.answered is not None:
            return f"you answered {target}" if test.answered else f"you left {target} blank"
        if test.values is not None:
            chosen = [o for value in test.values for o in options if _same(o.value, value)]
        else:
            chosen = [
                o
                for o in options
                if type(o.value) is int
                and (test.at_least is None or o.value >= test.at_least)
                and (test.at_most is None or o.value <= test.at_most)
            ]
        return f"you answered {_join([_quote(o.label) for o in chosen], 'or')} to {target}"

    def _score(self, test: ScoreTest) -> str:
        score = self.screener.score(test.score)
        name = (score.label if score else test.score).lower()
        low, high = test.at_least, test.at_most
        if low is not None and high is not None:
            amount = f"{low}" if low == high else f"from {low} to {high}"
        elif low is not None:
            amount = f"{low} or more"
        else:
            amount = f"{high} or less"
        return f"your {name} is {amount}"


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b
