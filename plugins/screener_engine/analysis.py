"""Stage 3 of validation: what scores can happen, and whether every rule can fire.

- A sum's achievable set is the Minkowski sum of its items' point sets, where
  an item that can be hidden (it has a `show_if`) or left blank (not required)
  also contributes 0. A count works the same way with 0/1 per item. Prorated
  scores track how many items were shown and answered.
- Bands must cover every achievable value of their score exactly once, for
  every value of the variant they vary by, and each band must be reachable.
- A condition is reachable when some assignment satisfies it: the questions it
  reads range over their option values (plus "no answer" when that can
  happen) and the scores it reads over their achievable sets. The search
  assigns one value at a time and stops early on a decided result.
"""

from __future__ import annotations

from dataclasses import replace

from .conditions import UNKNOWN, evaluate, references, test_value
from .errors import DefinitionError
from .model import MISSING, AllOf, Always, Condition, Not, Question, Score, Screener
from .text import quoted, round_half_up, runs

SEARCH_BUDGET = 200_000
"""Evaluations allowed per reachability question; beyond it a rule is assumed reachable."""


def _contributions(score: Score, question: Question) -> set[int]:
    if score.method == "sum":
        return {question.points(v) for v in question.values}  # type: ignore[arg-type]
    return {1 if test_value(score.where, v) else 0 for v in question.values}  # type: ignore[arg-type]


def _absent(score: Score) -> int:
    # What a hidden or blank item adds: nothing for a sum; for a count, whether
    # "no answer" passes the test (only `answered: false` does).
    if score.method == "sum" or score.where is None:
        return 0
    return 1 if test_value(score.where, MISSING) else 0


def achievable(screener: Screener, score: Score) -> frozenset[int]:
    """Every value `score` can take for some valid set of answers."""
    items = [screener.question(item) for item in score.items]
    if score.prorate_up_to:
        return _achievable_prorated(score, items)  # type: ignore[arg-type]
    totals = {0}
    for question in items:
        options = _contributions(score, question)  # type: ignore[arg-type]
        if question.show_if is not None or not question.required:  # type: ignore[union-attr]
            options.add(_absent(score))
        totals = {total + option for total in totals for option in options}
    return frozenset(totals)


def _achievable_prorated(score: Score, items: list[Question]) -> frozenset[int]:
    states = {(0, 0, 0)}  # (items shown, items shown but blank, points)
    for question in items:
        options = _contributions(score, question)
        following = set()
        for shown, blank, total in states:
            if question.show_if is not None:
                following.add((shown, blank, total))
            if not question.required and blank < score.prorate_up_to:
                following.add((shown + 1, blank + 1, total))
            following.update((shown + 1, blank, total + option) for option in options)
        states = following
    values = set()
    for shown, blank, total in states:
        if blank == 0:
            values.add(total)
        elif shown > blank:
            values.add(round_half_up(total * shown, shown - blank))
    return frozenset(values)


def with_achievable_scores(screener: Screener) -> Screener:
    """Return the screener with every score's `achievable` set filled in."""
    scores = tuple(
        replace(score, achievable=achievable(screener, score)) for score in screener.scores
    )
    return replace(screener, scores=scores)


def check(screener: Screener) -> list[DefinitionError]:
    """Every stage-3 problem: band coverage and unreachable rules."""
    return [*_check_bands(screener), *_check_reachability(screener)]


# --- bands ------------------------------------------------------------------------


def _check_bands(screener: Screener) -> list[DefinitionError]:
    bands = screener.bands
    if bands is None:
        return []
    score = screener.score(bands.score)
    assert score is not None
    variant = screener.variant(bands.varies_by) if bands.varies_by else None
    errors: list[DefinitionError] = []
    values = sorted(score.achievable)
    for variant_value in variant.values if variant else (None,):
        when = f" when {variant.id} is {variant_value!r}" if variant else ""
        holders: dict[int, list[int]] = {}
        for value in values:
            holders[value] = [
                i
                for i, band in enumerate(bands.ranges)
                if _inside(value, band.bounds(variant_value))
            ]
        gaps = [value for value in values if not holders[value]]
        for run in runs(gaps, values):
            errors.append(
                DefinitionError(
                    ("bands", "ranges"),
                    f"gap at {run}{when}: score {score.id!r} can take these values, but no band "
                    f"covers them",
                    "Extend a neighbouring band, or add one for these values.",
                )
            )
        shared: dict[tuple[int, ...], list[int]] = {}
        for value in values:
            if len(holders[value]) > 1:
                shared.setdefault(tuple(holders[value]), []).append(value)
        for group, members in shared.items():
            names = [repr(bands.ranges[i].id) for i in group]
            both = "both " if len(names) == 2 else ""
            listed = f"{', '.join(names[:-1])} and {names[-1]}"
            for run in runs(members, values):
                verb = "falls" if ".." not in run else "fall"
                errors.append(
                    DefinitionError(
                        ("bands", "ranges", bands.ranges[group[-1]].index),
                        f"{run} {verb} in {both}{listed}{when}",
                        "Each score must belong to exactly one band: make the bands meet without "
                        "overlapping.",
                    )
                )
        for band in bands.ranges:
            low, high = band.bounds(variant_value)
            if not any(_inside(value, (low, high)) for value in values):
                errors.append(
                    DefinitionError(
                        ("bands", "ranges", band.index),
                        f"band {band.id!r} can never apply{when}: score {score.id!r} never falls "
                        f"in "
                        f"{low}..{high} (it can be {', '.join(runs(values, values))})",
                        "Fix its min and max, or remove it.",
                    )
                )
    return errors


def _inside(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


# --- reachability ---------------------------------------------------------------


class OutOfBudget(Exception):
    """The search took more than `SEARCH_BUDGET` steps."""


def domains(screener: Screener) -> dict[tuple[str, str], tuple]:
    """List the values each answer and score can take, for the reachability search."""
    found: dict[tuple[str, str], tuple] = {}
    for question in screener.questions:
        blank = (MISSING,) if question.show_if is not None or not question.required else ()
        found[("answer", question.id)] = (*question.values, *blank)
    for variant in screener.variants:
        found[("answer", variant.id)] = variant.values
    for score in screener.scores:
        found[("score", score.id)] = tuple(sorted(score.achievable))
    return found


def satisfiable(condition: Condition, space: dict[tuple[str, str], tuple]) -> dict | None:
    """Find an assignment that makes `condition` true, or None when there is none.

    Raises `OutOfBudget` when the search takes too long.
    """
    variables = references(condition)
    assignment: dict[tuple[str, str], object] = {}
    budget = [SEARCH_BUDGET]

    def lookup(kind: str, id: str) -> object:
        return assignment.get((kind, id), UNKNOWN)

    def search(position: int) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            raise OutOfBudget
        result = evaluate(condition, lookup)
        if result is not None or position == len(variables):
            return bool(result)
        variable = variables[position]
        for value in space[variable]:
            assignment[variable] = value
            if search(position + 1):
                return True
        del assignment[variable]
        return False

    return dict(assignment) if search(0) else None


def _reachable(condition: Condition, space: dict) -> bool:
    try:
        return satisfiable(condition, space) is not None
    except OutOfBudget:
        return True  # undecided: never report a problem we could not prove


def _check_reachability(screener: Screener) -> list[DefinitionError]:
    space = domains(screener)
    errors = []
    never = "no answers can make this condition true"
    for question in screener.questions:
        if question.show_if is not None and not _reachable(question.show_if, space):
            errors.append(
                DefinitionError(
                    ("questions", question.index, "show_if"),
                    f"{never}, so question {question.id!r} would never be shown",
                )
            )
    for flag in screener.flags:
        if not _reachable(flag.when, space):
            errors.append(
                DefinitionError(
                    ("flags", flag.index, "when"),
                    f"{never}, so flag {flag.id!r} would never be raised",
                )
            )
    earlier: list[Condition] = []
    for outcome in screener.ordered_outcomes():
        path = ("outcomes", outcome.index, "when")
        blocked = tuple(Not(c) for c in earlier)
        if isinstance(outcome.when, Always):
            if earlier and not _reachable(AllOf(blocked), space):
                errors.append(
                    DefinitionError(
                        path,
                        f"outcome {outcome.id!r} can never be the result: the outcomes before it "
                        "already cover every possible answer",
                    )
                )
            continue
        if not _reachable(outcome.when, space):
            errors.append(
                DefinitionError(
                    path, f"{never}, so outcome {outcome.id!r} would never be the result"
                )
            )
        elif earlier and not _reachable(AllOf((outcome.when, *blocked)), space):
            first = [o.id for o in screener.ordered_outcomes() if o.priority < outcome.priority]
            errors.append(
                DefinitionError(
                    path,
                    f"outcome {outcome.id!r} can never be the result: whenever this condition "
                    f"holds, "
                    f"an outcome tried before it applies first ({quoted(first)})",
                    "Give it a smaller priority, or narrow the earlier outcomes.",
                )
            )
        earlier.append(outcome.when)
    return errors
