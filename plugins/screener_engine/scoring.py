"""Score a visitor's answers against a checked `Screener`.

Answers come from the browser and are untrusted. An answer is accepted when
it is exactly an option's value or, for an integer value, its exact string
form (``"2"`` for 2; never ``"02"``, ``" 2"``, ``2.0`` or ``True``). Any other
problem (unknown id, a value not offered, a required answer missing) becomes
an `AnswerError` naming the question; nothing is ever guessed.
"""

from __future__ import annotations

from .conditions import UNKNOWN, Reason, evaluate, explain, references, score_reasons, test_value
from .errors import AnswerError, AnswerErrors
from .model import MISSING, Always, Question, Screener, Variant
from .result import AnswerEcho, BandResult, FlagResult, OutcomeResult, Result, ScoreResult
from .text import plural, round_half_up

_NO_MATCH = object()


def match_answer(target: Question | Variant, raw: object) -> object:
    """Return the option value `raw` stands for, or a private marker when it matches none."""
    for value in target.values:
        if type(raw) is type(value) and raw == value:
            return value
        if type(value) is int and type(raw) is str and raw == str(value):
            return value
    return _NO_MATCH


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choices(target: Question | Variant) -> str:
    return "Choose one of: " + ", ".join(f"“{o.label}”" for o in target.options) + "."


class _Answers:
    """Reads the raw answers, deciding which questions are shown; collects errors."""

    def __init__(self, screener: Screener, answers: dict):
        self.screener = screener
        self.answers = answers
        self.values: dict[str, object] = {}
        self.shown: list[Question] = []
        self.ignored: list[Question] = []
        self.errors: list[tuple[tuple[int, int], AnswerError]] = []

    def fail(self, order: tuple[int, int], target_id: str | None, message: str, hint: str) -> None:
        path = ("answers", target_id) if target_id is not None else ("answers",)
        self.errors.append((order, AnswerError(path, message, hint, question=target_id)))

    def read(self) -> None:
        known = {q.id for q in self.screener.questions} | {v.id for v in self.screener.variants}
        for position, key in enumerate(self.answers):
            if type(key) is not str:
                self.fail(
                    (3, position),
                    None,
                    "The answers could not be read.",
                    "Each answer must be keyed by a question id.",
                )
            elif key not in known:
                self.fail(
                    (3, position),
                    key,
                    f"This self-check has no question called “{_clip(key)}”.",
                    "The page may be out of date: reload it and try again.",
                )
        for variant in self.screener.variants:
            self._variant(variant)
        for question in self.screener.questions:
            self._question(question)
        self._check_prorating()

    def _variant(self, variant: Variant) -> None:
        order = (1, variant.index)
        if variant.id in self.answers:
            value = match_answer(variant, self.answers[variant.id])
            if value is _NO_MATCH:
                self.fail(
                    order,
                    variant.id,
                    f"The answer to “{variant.text}” is not one of its choices.",
                    _choices(variant),
                )
                value = MISSING
            self.values[variant.id] = value
        elif variant.default is not None:
            self.values[variant.id] = variant.default
        else:
            self.values[variant.id] = MISSING
            self.fail(
                order,
                variant.id,
                f"The question “{variant.text}” has no answer yet.",
                "It is only used to choose the right cut-off, and it is never stored.",
            )

    def _question(self, question: Question) -> None:
        self.values[question.id] = MISSING
        shown = question.show_if is None or evaluate(question.show_if, self._lookup) is True
        if not shown:
            if question.id in self.answers:
                self.ignored.append(question)
            return
        self.shown.append(question)
        order = (2, question.index)
        if question.id in self.answers:
            value = match_answer(question, self.answers[question.id])
            if value is _NO_MATCH:
                self.fail(
                    order,
                    question.id,
                    f"The answer to question {question.number} is not one of its choices.",
                    _choices(question),
                )
            else:
                self.values[question.id] = value
        elif question.required:
            self.fail(
                order,
                question.id,
                f"Question {question.number} has no answer yet.",
                "Choose the answer that fits best.",
            )

    def _lookup(self, kind: str, id: str) -> object:
        return self.values.get(id, MISSING)

    def _check_prorating(self) -> None:
        shown = {q.id for q in self.shown}
        failed = {e.question for _, e in self.errors}
        for score in self.screener.scores:
            if not score.prorate_up_to:
                continue
            items = [self.screener.question(i) for i in score.items if i in shown]
            blank = [q for q in items if self.values[q.id] is MISSING and q.id not in failed]  # type: ignore[union-attr]
            if len(blank) > score.prorate_up_to or (items and len(blank) == len(items)):
                need = max(len(blank) - score.prorate_up_to, 1)
                for question in blank:
                    self.fail(
                        (2, question.index),  # type: ignore[union-attr]
                        question.id,  # type: ignore[union-attr]
                        f"Question {question.number} has no answer yet.",  # type: ignore[union-attr]
                        f"Up to {plural(score.prorate_up_to, 'question')} of this part may be left "
                        f"blank; please answer at least {need} more.",
                    )
                    failed.add(question.id)  # type: ignore[union-attr]


def visible_questions(screener: Screener, answers: dict) -> list[str]:
    """The ids of the questions shown for these (possibly partial) answers, in order.

    The page asks this after every change, so that `show_if` is decided by
    the same code that scores; answers that cannot be read count as unanswered.
    """
    reading = _Answers(screener, answers)
    reading.read()
    return [q.id for q in reading.shown]


def score(screener: Screener, answers: object) -> Result:
    """Score `answers` (question and variant ids to values); raise `AnswerErrors` if unusable."""
    if not isinstance(answers, dict):
        raise AnswerErrors(
            [
                AnswerError(
                    ("answers",),
                    "The answers could not be read.",
                    "Send a mapping of question ids to answers.",
                )
            ]
        )
    reading = _Answers(screener, answers)
    reading.read()
    if reading.errors:
        refused = AnswerErrors(
            error for _, error in sorted(reading.errors, key=lambda pair: pair[0])
        )
        refused.flags = safety_so_far(screener, answers)
        raise refused
    values = reading.values
    results = _score_values(screener, values, {q.id for q in reading.shown})
    score_values = {r.score.id: r.value for r in results}

    def lookup(kind: str, id: str) -> object:
        return values.get(id, MISSING) if kind == "answer" else score_values[id]

    band = None
    if screener.bands is not None:
        variant_value = values.get(screener.bands.varies_by) if screener.bands.varies_by else None
        found = screener.bands.find(score_values[screener.bands.score], variant_value)  # type: ignore[arg-type]
        if found is not None:
            scale = tuple((b, *b.bounds(variant_value)) for b in screener.bands.ranges)  # type: ignore[arg-type]
            band = BandResult(found, *found.bounds(variant_value), scale)  # type: ignore[arg-type]

    outcome = None
    tried = []
    for candidate in screener.ordered_outcomes():
        if evaluate(candidate.when, lookup) is True:
            if isinstance(candidate.when, Always):
                # It applies because the others did not: show the scores they tested.
                tested = dict.fromkeys(
                    id for o in tried for kind, id in references(o.when) if kind == "score"
                )
                reasons = [
                    reason
                    for id in tested
                    for reason in score_reasons(screener, id, values, score_values)
                ]
            else:
                reasons = explain(candidate.when, screener, values, score_values)
            if candidate.explain:
                reasons.insert(0, Reason(candidate.explain))
            outcome = OutcomeResult(candidate, tuple(reasons))
            break
        tried.append(candidate)

    shown_with = None if outcome is None else outcome.outcome.id
    flags = tuple(
        FlagResult(flag, tuple(explain(flag.when, screener, values, score_values)))
        for flag in screener.flags
        if evaluate(flag.when, lookup) is True and shown_with not in flag.unless_outcome
    )

    summed = {i for s in screener.scores if s.method == "sum" for i in s.items}
    echoes = []
    for question in reading.shown:
        value = values[question.id]
        option = None if value is MISSING else question.option(value)  # type: ignore[arg-type]
        points = question.points(value) if question.id in summed and type(value) is int else None
        echoes.append(AnswerEcho(question, option, points))

    return Result(
        screener=screener,
        scores=tuple(results),
        band=band,
        flags=flags,
        outcome=outcome,
        answers=tuple(echoes),
        ignored=tuple(reading.ignored),
    )


def _score_values(
    screener: Screener, values: dict[str, object], shown: set[str]
) -> list[ScoreResult]:
    # A score that depends on a value still UNKNOWN (see safety_so_far) is left out.
    results = []
    for item in screener.scores:
        questions = [screener.question(i) for i in item.items]
        if any(values[q.id] is UNKNOWN for q in questions):  # type: ignore[union-attr]
            continue
        visible = [q for q in questions if q.id in shown]  # type: ignore[union-attr]
        answered = [q for q in visible if values[q.id] is not MISSING]  # type: ignore[union-attr]
        if item.method == "sum":
            total = sum(q.points(values[q.id]) for q in answered)  # type: ignore[union-attr,arg-type]
        else:
            total = sum(1 for q in questions if test_value(item.where, values[q.id]))  # type: ignore[arg-type,union-attr]
        prorated = bool(item.prorate_up_to) and len(answered) < len(visible)
        if prorated:
            total = round_half_up(total * len(visible), len(answered))
        results.append(ScoreResult(item, total, prorated))
    return results


def safety_so_far(screener: Screener, answers: dict) -> tuple[FlagResult, ...]:
    """Find the safety flags that the usable answers raise, whatever the rest will be.

    An answer that is missing, refused, or to a question whose visibility is
    not decided yet counts as `UNKNOWN`; a flag is raised only when its
    condition is true for every value the unknowns could take.
    """
    values: dict[str, object] = {}
    for variant in screener.variants:
        if variant.id in answers:
            value = match_answer(variant, answers[variant.id])
        else:
            value = variant.default if variant.default is not None else _NO_MATCH
        values[variant.id] = UNKNOWN if value is _NO_MATCH else value

    def lookup(kind: str, id: str) -> object:
        return values.get(id, MISSING) if kind == "answer" else scores.get(id, UNKNOWN)

    scores: dict[str, int] = {}
    shown = set()
    for question in screener.questions:
        visible = True if question.show_if is None else evaluate(question.show_if, lookup)
        if visible is False:
            values[question.id] = MISSING
            continue
        value = (
            match_answer(question, answers[question.id]) if question.id in answers else _NO_MATCH
        )
        values[question.id] = value if visible and value is not _NO_MATCH else UNKNOWN
        shown.add(question.id)
    scores.update((r.score.id, r.value) for r in _score_values(screener, values, shown))
    return tuple(
        FlagResult(flag, tuple(explain(flag.when, screener, values, scores)))
        for flag in screener.flags
        if flag.kind == "safety" and evaluate(flag.when, lookup) is True
    )
