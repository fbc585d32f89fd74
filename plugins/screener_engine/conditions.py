"""Evaluate conditions, and say in plain words which answers made one true.

`evaluate` uses three-valued logic: a value looked up as `UNKNOWN` makes an
atom undecided (None), and ``all``/``any``/``not`` combine undecided parts the
way Kleene logic does. Scoring never has unknowns; the reachability search in
`analysis` assigns values one at a time and uses the undecided state to prune.

Conditions compare option *values* (not reversed points). A hidden or
unanswered question has the value `MISSING`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import MISSING, AllOf, Always, AnswerTest, AnyOf, Condition, Not, ScoreTest, Screener


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
"""A value not decided yet (only during the reachability search)."""

Lookup = Callable[[str, str], object]
"""``lookup(kind, id)`` with kind ``"answer"`` or ``"score"``: a value, MISSING or UNKNOWN."""


def test_value(test: AnswerTest, value: object) -> bool:
    """Whether one answer value passes an answer test (``is``, ``in``, bounds, ``answered``)."""
    if test.answered is not None:
        return (value is not MISSING) == test.answered
    if value is MISSING:
        return False
    if test.values is not None:
        return any(value == v and type(value) is type(v) for v in test.values)
    if type(value) is not int:
        return False
    if test.at_least is not None and value < test.at_least:
        return False
    return not (test.at_most is not None and value > test.at_most)


def _within(test: ScoreTest, value: int) -> bool:
    if test.at_least is not None and value < test.at_least:
        return False
    return not (test.at_most is not None and value > test.at_most)


def evaluate(
    condition: Condition,
    lookup: Lookup,
    score_test: Callable[[ScoreTest], bool | None] | None = None,
) -> bool | None:
    """Return True, False, or None when the result depends on values still `UNKNOWN`.

    `score_test` decides score tests instead of looking the score up: the
    answer space knows a score only within bounds until all its questions
    are answered (`space.AnswerSpace`).
    """
    if isinstance(condition, AnswerTest):
        value = lookup("answer", condition.answer)  # type: ignore[arg-type]
        return None if value is UNKNOWN else test_value(condition, value)
    if isinstance(condition, ScoreTest):
        if score_test is not None:
            return score_test(condition)
        value = lookup("score", condition.score)
        return None if value is UNKNOWN else _within(condition, value)  # type: ignore[arg-type]
    if isinstance(condition, AllOf | AnyOf):
        decisive = isinstance(condition, AnyOf)  # the value that settles the whole
        result: bool | None = not decisive
        for item in condition.items:
            outcome = evaluate(item, lookup, score_test)
            if outcome is decisive:
                return decisive
            if outcome is None:
                result = None
        return result
    if isinstance(condition, Not):
        inner = evaluate(condition.item, lookup, score_test)
        return None if inner is None else not inner
    if isinstance(condition, Always):
        return True
    raise TypeError(condition)


def references(condition: Condition) -> list[tuple[str, str]]:
    """List the ``("answer", id)`` and ``("score", id)`` pairs a condition reads, once each."""
    found: list[tuple[str, str]] = []
    if isinstance(condition, AnswerTest) and condition.answer is not None:
        found.append(("answer", condition.answer))
    elif isinstance(condition, ScoreTest):
        found.append(("score", condition.score))
    elif isinstance(condition, AllOf | AnyOf):
        for item in condition.items:
            found.extend(references(item))
    elif isinstance(condition, Not):
        found.extend(references(condition.item))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Reason:
    """One sentence explaining a result; names the question or score it is about."""

    text: str
    question: str | None = None
    score: str | None = None


def answer_reason(screener: Screener, question_id: str, value: object) -> Reason | None:
    """``You answered “Yes” to “…”.`` (None for variants: they are never echoed back).

    A question with a `topic` is named by it: ``You answered “Yes” about needing …``.
    """
    question = screener.question(question_id)
    if question is None or value is UNKNOWN:
        return None
    if question.topic:
        topic = question.topic.rstrip(".")
        if value is MISSING:
            return Reason(f"You did not answer the question about {topic}.", question=question_id)
        label = question.option(value).label  # type: ignore[arg-type]
        return Reason(f"You answered “{label}” about {topic}.", question=question_id)
    text = question.text.rstrip()
    end = "" if text.endswith(("?", "!", ".")) else "."
    if value is MISSING:
        return Reason(f"You did not answer “{text}”{end}", question=question_id)
    label = question.option(value).label  # type: ignore[arg-type]
    return Reason(f"You answered “{label}” to “{text}”{end}", question=question_id)


def explain(
    condition: Condition,
    screener: Screener,
    values: dict[str, object],
    scores: dict[str, int],
) -> list[Reason]:
    """Explain why a (true) condition holds: the answers and scores it depended on."""
    reasons: list[Reason] = []
    _explain(condition, screener, values, scores, reasons)
    unique: dict[str, Reason] = {}
    for reason in reasons:
        unique.setdefault(reason.text, reason)
    return list(unique.values())


def _explain(condition, screener, values, scores, reasons) -> None:
    def lookup(kind: str, id: str) -> object:
        return values.get(id, MISSING) if kind == "answer" else scores.get(id, UNKNOWN)

    if isinstance(condition, AnswerTest):
        reason = answer_reason(screener, condition.answer, values.get(condition.answer, MISSING))
        if reason is not None:
            reasons.append(reason)
    elif isinstance(condition, ScoreTest):
        reasons.extend(score_reasons(screener, condition.score, values, scores))
    elif isinstance(condition, AllOf):
        for item in condition.items:
            _explain(item, screener, values, scores, reasons)
    elif isinstance(condition, AnyOf):
        for item in condition.items:
            if evaluate(item, lookup):
                _explain(item, screener, values, scores, reasons)
    elif isinstance(condition, Not):
        # "Not" holds because of what was actually answered to the questions it reads.
        for kind, id in references(condition.item):
            if kind == "answer":
                reason = answer_reason(screener, id, values.get(id, MISSING))
                if reason is not None:
                    reasons.append(reason)
            else:
                reasons.extend(score_reasons(screener, id, values, scores))


def score_reasons(
    screener: Screener, score_id: str, values: dict[str, object], scores: dict[str, int]
) -> list[Reason]:
    """``Total score: 12 out of 27.``, followed by the counted answers for a count."""
    score = screener.score(score_id)
    if score is None or score_id not in scores:
        return []
    reasons = [Reason(f"{score.label}: {scores[score_id]} out of {score.maximum}.", score=score_id)]
    if score.method == "count" and score.where is not None:
        for item in score.items:
            value = values.get(item, MISSING)
            if test_value(score.where, value):
                reason = answer_reason(screener, item, value)
                if reason is not None:
                    reasons.append(reason)
    return reasons
