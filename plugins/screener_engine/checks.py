"""Stage 2 of validation: ids, references, and values that fit their use.

Each check is a function that yields `DefinitionError`s; `check` runs them
all. Parts that failed to read (stage 1) are missing from the model; their
ids are in `broken` so references to them are not reported a second time.
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import DefinitionError, KeyPath, format_path
from .model import Always as AlwaysCondition
from .model import AnswerTest, Outcome, Question, ScoreTest, Screener, Variant
from .reader import conditions_in
from .text import describe, did_you_mean, quoted, show

Errors = Iterator[DefinitionError]


def check(screener: Screener, broken: set[tuple[str, str]]) -> list[DefinitionError]:
    """Every stage-2 problem of a built (possibly partial) screener."""
    context = _Context(screener, broken)
    errors: list[DefinitionError] = []
    for rule in _RULES:
        errors.extend(rule(context))
    return errors


class _Context:
    def __init__(self, screener: Screener, broken: set[tuple[str, str]]):
        self.screener = screener
        self.broken = broken
        self.inputs: dict[str, Question | Variant] = {}
        for item in (*screener.variants, *screener.questions):
            self.inputs.setdefault(item.id, item)

    def is_broken(self, namespace: str, id: object) -> bool:
        return (namespace, "*") in self.broken or (namespace, id) in self.broken

    def unknown(
        self, namespace: str, id: str, known: list[str], path: KeyPath, noun: str
    ) -> Errors:
        if not self.is_broken(namespace, id):
            yield DefinitionError(path, f"{id!r} is not {noun}{did_you_mean(id, known)}")


def _duplicates(items, path_of, noun: str) -> Errors:
    first: dict[str, object] = {}
    for item in items:
        key = item.id if hasattr(item, "id") else item.name
        if key in first:
            yield DefinitionError(
                path_of(item),
                f"duplicate {noun} {key!r}: {format_path(path_of(first[key]))} already uses it",
                f"Give each one its own {noun.split()[-1]}.",
            )
        else:
            first[key] = item


def _ids(context: _Context) -> Errors:
    s = context.screener
    inputs = [*s.questions, *s.variants]
    yield from _duplicates(
        inputs,
        lambda i: ("questions" if isinstance(i, Question) else "variants", i.index, "id"),
        "id",
    )
    yield from _duplicates(s.scores, lambda i: ("scores", i.index, "id"), "score id")
    if s.bands:
        yield from _duplicates(
            s.bands.ranges, lambda i: ("bands", "ranges", i.index, "id"), "band id"
        )
    yield from _duplicates(s.flags, lambda i: ("flags", i.index, "id"), "flag id")
    yield from _duplicates(s.outcomes, lambda i: ("outcomes", i.index, "id"), "outcome id")
    yield from _duplicates(s.tests, lambda i: ("tests", i.index, "name"), "test name")
    yield from _duplicates(s.dimensions, lambda i: ("dimensions", i.index, "id"), "dimension id")
    yield from _duplicates(
        s.guarantees, lambda i: ("guarantees", i.index, "name"), "guarantee name"
    )


def _option_values(context: _Context) -> Errors:
    s = context.screener
    lists = [(("option_sets", name), options) for name, options in s.option_sets.items()]
    lists += [(q.options_path, q.options) for q in s.questions if q.option_set is None]
    lists += [(("variants", v.index, "options"), v.options) for v in s.variants]
    for path, options in lists:
        seen: dict[object, int] = {}
        for j, option in enumerate(options):
            key = (type(option.value), option.value)
            if key in seen:
                yield DefinitionError(
                    (*path, j, "value"),
                    f"duplicate value {show(option.value)}: {format_path((*path, seen[key]))} "
                    f"already has it",
                    "Each option of a question needs its own value.",
                )
            seen.setdefault(key, j)
        kinds = {type(o.value) for o in options}
        if len(kinds) > 1:
            yield DefinitionError(
                path,
                "mixes integer and text values; use integers (points) or text codes, not both",
            )
    some_broken = any(ns == "question" for ns, _ in context.broken)
    for name in s.option_sets:
        if not some_broken and not any(q.option_set == name for q in s.questions):
            yield DefinitionError(
                ("option_sets", name),
                f"option set {name!r} is not used by any question",
                f"Remove it, or use it in a question with options: {name}",
            )


def _needs_integers(question: Question, why: str) -> Errors:
    for j, option in enumerate(question.options):
        if type(option.value) is not int:
            if question.option_set is None:
                reason = why
            else:
                named = why.replace("this question", f"question {question.id!r}")
                reason = f"{named}, which uses this option set"
            yield DefinitionError(
                (*question.options_path, j, "value"),
                f"must be an integer because {reason} (got {describe(option.value)})",
                "Give each option its points as a whole number.",
            )


def _scores(context: _Context) -> Errors:
    s = context.screener
    questions = {q.id: q for q in s.questions}
    variants = {v.id for v in s.variants}
    for score in s.scores:
        path = ("scores", score.index, score.method)
        seen: set[str] = set()
        for k, item in enumerate(score.items):
            if item in seen:
                yield DefinitionError((*path, k), f"{item!r} is listed twice")
                continue
            seen.add(item)
            if item in variants:
                yield DefinitionError(
                    (*path, k),
                    f"{item!r} is a variant, and variants cannot be part of a score",
                    "Variants only pick cut-offs (bands: varies_by).",
                )
                continue
            question = questions.get(item)
            if question is None:
                yield from context.unknown(
                    "question", item, list(questions), (*path, k), "a question"
                )
                continue
            if not question.scored:
                yield DefinitionError(
                    (*path, k),
                    f"question {item!r} has scored: false, so it cannot be part of a score",
                    "Remove it from the score, or remove scored: false from the question.",
                )
                continue
            if score.method == "sum":
                yield from _needs_integers(question, f"score {score.id!r} adds up this question")
            elif score.where is not None:
                yield from _test_fits(
                    score.where, question, ("scores", score.index, "where"), counted=True
                )
        if score.prorate_up_to and score.method == "count":
            yield DefinitionError(
                ("scores", score.index, "missing"),
                "prorating only works for a score with 'sum'",
                "Remove 'missing', or make the score a sum.",
            )
        elif score.prorate_up_to and score.prorate_up_to >= len(score.items):
            yield DefinitionError(
                ("scores", score.index, "missing", "prorate_up_to"),
                f"must be smaller than the number of questions in the score ({len(score.items)})",
                "A prorated score needs at least one answer.",
            )
    used = {item for score in s.scores for item in score.items}
    some_broken = any(ns == "score" for ns, _ in context.broken)
    for question in s.questions:
        if question.scored and question.id not in used and not some_broken:
            yield DefinitionError(
                ("questions", question.index),
                f"question {question.id!r} is scored but no score uses it",
                "Add it to a score, or set scored: false.",
            )
        if question.reverse:
            yield from _needs_integers(question, "this question is reverse-scored")


def _test_fits(
    test: AnswerTest, target: Question | Variant, path: KeyPath, counted: bool = False
) -> Errors:
    kind = "question" if isinstance(target, Question) else "variant"
    counted_note = ", which this score counts" if counted else ""
    if test.values is not None:
        for k, value in enumerate(test.values):
            if not any(value == v and type(value) is type(v) for v in target.values):
                where = (*path, "is") if test.keyword == "is" else (*path, "in", k)
                yield DefinitionError(
                    where,
                    f"{show(value)} is not a value of {kind} {target.id!r}{counted_note} "
                    f"(its values are {quoted(target.values)})",
                )
    texts = [v for v in target.values if type(v) is not int]
    for key in ("at_least", "at_most"):
        if getattr(test, key) is not None and texts:
            yield DefinitionError(
                (*path, key),
                f"needs integer values, but {kind} {target.id!r}{counted_note} has text values "
                f"({quoted(texts)})",
                "Use 'is' or 'in' with its text values instead.",
            )
            break


def _conditions(context: _Context) -> Errors:
    s = context.screener
    places = [(q.show_if, q) for q in s.questions if q.show_if is not None]
    places += [(f.when, None) for f in s.flags]
    places += [(o.when, None) for o in s.outcomes]
    places += [(g.when, None) for g in s.guarantees]
    scores = [score.id for score in s.scores]
    for condition, owner in places:
        for node in conditions_in(condition):
            if isinstance(node, ScoreTest):
                if owner is not None:
                    yield DefinitionError(
                        (*node.path, "score"),
                        "show_if cannot depend on a score (scores depend on which questions are "
                        "shown)",
                    )
                elif node.score not in scores:
                    yield from context.unknown(
                        "score", node.score, scores, (*node.path, "score"), "a score"
                    )
            elif isinstance(node, AnswerTest):
                target = context.inputs.get(node.answer)  # type: ignore[arg-type]
                if target is None:
                    yield from context.unknown(
                        "question",
                        node.answer,
                        list(context.inputs),
                        (*node.path, "answer"),
                        "a question or variant",
                    )
                    continue
                if owner is not None and isinstance(target, Question):
                    if target.id == owner.id:
                        yield DefinitionError(
                            (*node.path, "answer"), "a question's show_if cannot depend on itself"
                        )
                        continue
                    if target.index > owner.index:
                        yield DefinitionError(
                            (*node.path, "answer"),
                            f"show_if can only depend on questions that come before this one, "
                            f"and {target.id!r} comes after it",
                            "Move the question after the one it depends on.",
                        )
                        continue
                yield from _test_fits(node, target, node.path)


def _variants(context: _Context) -> Errors:
    for variant in context.screener.variants:
        if variant.default is not None and variant.default not in variant.values:
            yield DefinitionError(
                ("variants", variant.index, "default"),
                f"{variant.default!r} is not one of this variant's values "
                f"({quoted(variant.values)})",
            )


def _bands(context: _Context) -> Errors:
    s = context.screener
    bands = s.bands
    if bands is None:
        return
    scores = [score.id for score in s.scores]
    if bands.score not in scores:
        yield from context.unknown("score", bands.score, scores, ("bands", "score"), "a score")
    variant = s.variant(bands.varies_by) if bands.varies_by else None
    if bands.varies_by and variant is None:
        known = [v.id for v in s.variants]
        yield from context.unknown(
            "question", bands.varies_by, known, ("bands", "varies_by"), "a variant"
        )
        return
    for band in bands.ranges:
        path = ("bands", "ranges", band.index)
        for key in ("min", "max"):
            bound = getattr(band, key)
            if not isinstance(bound, dict):
                continue
            if variant is None:
                yield DefinitionError(
                    (*path, key),
                    "gives a value per variant value, so bands need 'varies_by'",
                    "Add varies_by: <variant id> to bands, or use a single number.",
                )
                continue
            for value in variant.values:
                if value not in bound:
                    yield DefinitionError(
                        (*path, key),
                        f"has no value for {value!r} (variant {variant.id!r} has values "
                        f"{quoted(variant.values)})",
                    )
            for value in bound:
                if value not in variant.values:
                    yield DefinitionError(
                        (*path, key, value),
                        f"{value!r} is not a value of variant {variant.id!r}"
                        + did_you_mean(value, variant.values),
                    )
        if variant is None and any(isinstance(b, dict) for b in (band.min, band.max)):
            continue
        for value in variant.values if variant else (None,):
            if isinstance(band.min, dict) and value not in band.min:
                continue
            if isinstance(band.max, dict) and value not in band.max:
                continue
            low, high = band.bounds(value)
            if low > high:
                when = f" when {variant.id} is {value!r}" if variant else ""
                yield DefinitionError(path, f"min ({low}) is greater than max ({high}){when}")


def _outcomes(context: _Context) -> Errors:
    outcomes = context.screener.outcomes
    if not outcomes:
        return
    always = [o for o in outcomes if isinstance(o.when, AlwaysCondition)]
    if not always and not any(ns == "outcome" for ns, _ in context.broken):
        yield DefinitionError(
            ("outcomes",),
            "one outcome must have when: always (the result when no other outcome applies)",
            "Add a last outcome with when: always and the largest priority.",
        )
    for extra in always[1:]:
        yield DefinitionError(
            ("outcomes", extra.index, "when"),
            f"only one outcome may have when: always, and outcomes[{always[0].index}] already does",
        )
    by_priority: dict[int, Outcome] = {}
    for outcome in outcomes:
        if outcome.priority in by_priority:
            yield DefinitionError(
                ("outcomes", outcome.index, "priority"),
                f"priority {outcome.priority} is also used by "
                f"outcomes[{by_priority[outcome.priority].index}]; "
                "each outcome needs its own",
            )
        by_priority.setdefault(outcome.priority, outcome)
    if len(always) == 1:
        last = always[0]
        later = [o for o in outcomes if o.priority > last.priority]
        if later:
            yield DefinitionError(
                ("outcomes", last.index, "priority"),
                f"the 'always' outcome must be tried last, but outcomes[{later[0].index}] has a "
                f"larger "
                f"priority ({later[0].priority} > {last.priority})",
                "Give the 'always' outcome the largest priority.",
            )


def _dimensions(context: _Context) -> Errors:
    s = context.screener
    known = [d.id for d in s.dimensions]
    for question in s.questions:
        path = ("questions", question.index)
        if question.dimension is not None:
            if question.dimension not in known:
                hint = (
                    "Use one of the ids under dimensions."
                    if known
                    else "Declare it under dimensions at the top level."
                )
                if not context.is_broken("dimension", question.dimension):
                    yield DefinitionError(
                        (*path, "dimension"),
                        f"{question.dimension!r} is not a dimension"
                        + did_you_mean(question.dimension, known),
                        hint,
                    )
        elif known:
            yield DefinitionError(
                path,
                f"question {question.id!r} has no dimension; when a definition declares "
                "dimensions, every question names the one it covers",
                f"Add dimension: with one of {quoted(known)}.",
            )
    some_broken = any(ns == "question" for ns, _ in context.broken)
    used = {q.dimension for q in s.questions}
    for dimension in s.dimensions:
        if dimension.id not in used and not some_broken:
            yield DefinitionError(
                ("dimensions", dimension.index),
                f"dimension {dimension.id!r} is not covered by any question",
                "Name it in a question's dimension:, or remove it.",
            )


def _unless_outcome(context: _Context) -> Errors:
    s = context.screener
    known = [o.id for o in s.outcomes]
    for flag in s.flags:
        if not flag.unless_outcome:
            continue
        path = ("flags", flag.index, "unless_outcome")
        if flag.kind == "safety":
            yield DefinitionError(
                path,
                "a safety flag is never held back: crisis help shows whatever the result",
                "Remove unless_outcome, or make the flag a notice.",
            )
            continue
        for k, outcome in enumerate(flag.unless_outcome):
            if outcome not in known:
                yield from context.unknown("outcome", outcome, known, (*path, k), "an outcome")


def _guarantees(context: _Context) -> Errors:
    s = context.screener
    known = [o.id for o in s.outcomes]
    for guarantee in s.guarantees:
        path = ("guarantees", guarantee.index)
        promises = (guarantee.outcome_in, guarantee.outcome_not_in, guarantee.safety)
        if all(p is None for p in promises):
            yield DefinitionError(
                path,
                f"guarantee {guarantee.name!r} promises nothing",
                "Add outcome_in, outcome_not_in or safety.",
            )
        for key in ("outcome_in", "outcome_not_in"):
            for k, outcome in enumerate(getattr(guarantee, key) or ()):
                if outcome not in known:
                    yield from context.unknown(
                        "outcome", outcome, known, (*path, key, k), "an outcome"
                    )
        if guarantee.safety is not None and not s.safety_flags():
            yield DefinitionError(
                (*path, "safety"),
                "the definition has no safety flag, so there is nothing to promise about one",
                "Remove safety, or add a flag with kind: safety.",
            )


def _tests(context: _Context) -> Errors:
    s = context.screener
    known = {
        "scores": [score.id for score in s.scores],
        "band": [band.id for band in s.bands.ranges] if s.bands else [],
        "flags": [flag.id for flag in s.flags],
        "outcome": [outcome.id for outcome in s.outcomes],
        "shown": [q.id for q in s.questions],
    }
    namespaces = {
        "scores": "score",
        "band": "band",
        "flags": "flag",
        "outcome": "outcome",
        "shown": "question",
    }
    nouns = {
        "scores": "a score",
        "band": "a band",
        "flags": "a flag",
        "outcome": "an outcome",
        "shown": "a question",
    }
    for case in s.tests:
        expect = case.expect
        for key in ("scores", "band", "flags", "outcome", "shown", "ignored"):
            if key not in expect or expect[key] is None:
                continue
            group = "shown" if key == "ignored" else key
            values = expect[key]
            items = values if isinstance(values, list | dict) else [values]
            for k, item in enumerate(items):
                if item in known[group]:
                    continue
                where = ("tests", case.index, "expect", key)
                where += (
                    (item,)
                    if isinstance(values, dict)
                    else (k,)
                    if isinstance(values, list)
                    else ()
                )
                yield from context.unknown(
                    namespaces[group], item, known[group], where, nouns[group]
                )


_RULES = (
    _ids,
    _option_values,
    _scores,
    _conditions,
    _variants,
    _bands,
    _outcomes,
    _unless_outcome,
    _dimensions,
    _guarantees,
    _tests,
)
