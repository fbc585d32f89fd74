"""Stage 4 of validation (build only): what must hold for every possible set of answers.

- **No mixed messages.** A band or outcome that can be the result while a
  safety flag is raised must say something else then (`with_safety`): a result
  never reassures beside crisis help.
- **Guarantees.** Each promise must hold for every set of answers; when one
  does not, the error gives a real set of answers that breaks it.

Both are decided exactly, over the whole answer space (`space.AnswerSpace`).

The browser skips this stage: the build has already proved it.
"""

from __future__ import annotations

from .errors import DefinitionError, KeyPath
from .model import (
    AllOf,
    Always,
    AnswerTest,
    AnyOf,
    Band,
    Condition,
    Flag,
    Guarantee,
    Not,
    Outcome,
    ScoreTest,
    Screener,
)
from .space import AnswerSpace, Goal, SpaceTooLarge


def check(screener: Screener) -> list[DefinitionError]:
    """Every stage-4 problem except failing test cases (see `selftest`)."""
    return [
        *check_safety_wording(screener),
        *check_held_back_notices(screener),
        *check_guarantees(screener),
    ]


def flag_raised(screener: Screener, flag: Flag) -> Goal:
    """The answers that raise `flag`: its condition, and an outcome it is not held back for."""
    if not flag.unless_outcome:
        return Goal(given=flag.when)
    others = frozenset(o.id for o in screener.outcomes if o.id not in flag.unless_outcome)
    return Goal(given=flag.when, outcomes=others)


def check_held_back_notices(screener: Screener) -> list[DefinitionError]:
    """A notice held back for some outcomes must still be raised for some answers."""
    errors = []
    for flag in screener.flags:
        if not flag.unless_outcome:
            continue
        try:
            raised = AnswerSpace(screener).example(flag_raised(screener, flag)) is not None
        except SpaceTooLarge:
            raised = True  # undecided: never report a problem we could not prove
        if not raised:
            errors.append(
                DefinitionError(
                    ("flags", flag.index, "unless_outcome"),
                    f"flag {flag.id!r} would never be raised: whenever its condition holds, the "
                    "result is one of these outcomes",
                    "Remove some of them from unless_outcome.",
                )
            )
    return errors


# --- no mixed messages ----------------------------------------------------------------


def band_condition(screener: Screener, band: Band) -> Condition:
    """When `band` is the result, as a condition on its score (and variant)."""
    bands = screener.bands
    assert bands is not None
    if bands.varies_by is None:
        low, high = band.bounds(None)
        return ScoreTest(bands.score, low, high)
    variant = screener.variant(bands.varies_by)
    assert variant is not None
    return AnyOf(
        tuple(
            AllOf(
                (
                    AnswerTest(variant.id, (value,), keyword="is"),
                    ScoreTest(bands.score, *band.bounds(value)),  # type: ignore[arg-type]
                )
            )
            for value in variant.values
        )
    )


def outcome_conditions(screener: Screener) -> dict[str, Condition]:
    """When each outcome is the result: its own condition, and none of the earlier ones."""
    found: dict[str, Condition] = {}
    earlier: list[Condition] = []
    for outcome in screener.ordered_outcomes():
        blocked = tuple(Not(c) for c in earlier)
        if isinstance(outcome.when, Always):
            found[outcome.id] = AllOf(blocked) if blocked else Always()
        else:
            found[outcome.id] = AllOf((outcome.when, *blocked))
        earlier.append(outcome.when)
    return found


def _possible(space: AnswerSpace, given: Condition, safety: bool | None = None) -> bool:
    try:
        return space.example(Goal(given=given, safety=safety)) is not None
    except SpaceTooLarge:
        return True  # undecided: ask for the wording rather than risk a mixed message


def check_safety_wording(screener: Screener) -> list[DefinitionError]:
    """Bands and outcomes that can be shown beside crisis help must not reassure."""
    flags = screener.safety_flags()
    space = AnswerSpace(screener)
    results: list[tuple[str, Band | Outcome, KeyPath, Condition]] = []
    if screener.bands is not None:
        for band in screener.bands.ranges:
            path = ("bands", "ranges", band.index)
            results.append(("band", band, path, band_condition(screener, band)))
    effective = outcome_conditions(screener)
    for outcome in screener.outcomes:
        results.append(("outcome", outcome, ("outcomes", outcome.index), effective[outcome.id]))
    errors = []
    for noun, item, path, condition in results:
        beside = bool(flags) and _possible(space, condition, safety=True)
        alone = not flags or _possible(space, condition, safety=False)
        name = f"{noun} {item.id!r}"
        if item.with_safety is None:
            if beside and alone:
                flag = next(f for f in flags if _possible(space, AllOf((condition, f.when))))
                errors.append(
                    DefinitionError(
                        path,
                        f"{name} can be the result while safety flag {flag.id!r} is raised, so "
                        "it needs wording for that case",
                        "Add with_safety: with a meaning and next_steps that put safety first "
                        "and do not reassure.",
                    )
                )
        elif not beside:
            errors.append(
                DefinitionError(
                    (*path, "with_safety"),
                    f"{name} is never the result while a safety flag is raised, so this "
                    "wording would never be shown",
                    "Remove with_safety.",
                )
            )
        elif not alone:
            errors.append(
                DefinitionError(
                    (*path, "with_safety"),
                    f"{name} is only ever the result while a safety flag is raised, so its "
                    "own meaning would never be shown",
                    "Write the safety wording as its meaning and next_steps, and remove "
                    "with_safety.",
                )
            )
    return errors


# --- guarantees -----------------------------------------------------------------------


def check_guarantees(screener: Screener) -> list[DefinitionError]:
    """Prove every guarantee over the whole answer space, or say which answers break it."""
    if not screener.guarantees:
        return []
    space = AnswerSpace(screener)
    every = [o.id for o in screener.ordered_outcomes()]
    errors = []
    for guarantee in screener.guarantees:
        try:
            errors += _prove(space, guarantee, every)
        except SpaceTooLarge as too_large:
            errors.append(
                DefinitionError(
                    ("guarantees", guarantee.index),
                    f"guarantee {guarantee.name!r} could not be checked: the answers to walk "
                    f"through took {too_large}",
                    "Make its condition narrower, or the rules it depends on simpler.",
                )
            )
    return errors


def _prove(space: AnswerSpace, guarantee: Guarantee, every: list[str]) -> list[DefinitionError]:
    path = ("guarantees", guarantee.index)
    broken = f"guarantee {guarantee.name!r} does not hold"
    errors = []
    forbidden: list[str] = []
    if guarantee.outcome_in is not None:
        forbidden = [o for o in every if o not in guarantee.outcome_in]
    elif guarantee.outcome_not_in is not None:
        forbidden = [o for o in every if o in guarantee.outcome_not_in]
    if forbidden:
        found = space.example(Goal(given=guarantee.when, outcomes=frozenset(forbidden)))
        if found is not None:
            outcome = _outcome_of(space, found)
            errors.append(
                DefinitionError(
                    path,
                    f"{broken}: {_answers(found)} give outcome {outcome!r}",
                    "Change the outcomes' conditions or priorities so these answers lead where "
                    "the guarantee says (or correct the guarantee).",
                )
            )
    if guarantee.safety is not None:
        found = space.example(Goal(given=guarantee.when, safety=not guarantee.safety))
        if found is not None:
            raised = "raise no safety flag" if guarantee.safety else "raise a safety flag"
            errors.append(
                DefinitionError(
                    (*path, "safety"),
                    f"{broken}: {_answers(found)} {raised}",
                    "Change the safety flags' conditions (or correct the guarantee).",
                )
            )
    return errors


def _outcome_of(space: AnswerSpace, answers: dict[str, str]) -> str | None:
    from .scoring import score  # the engine itself says which outcome these answers get

    result = score(space.screener, answers)
    return None if result.outcome is None else result.outcome.outcome.id


def _answers(answers: dict[str, str]) -> str:
    shown = ", ".join(f"{key}: {value}" for key, value in answers.items())
    return f"the answers {{{shown}}}" if answers else "no answers"
