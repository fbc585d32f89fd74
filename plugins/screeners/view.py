"""Turn a checked screener (the engine's model) into what the templates show.

The templates never interpret a definition themselves: option sets are
resolved, questions numbered, conditions put into words, and the paper
scoring table laid out here, so the HTML stays simple and the same for a
self-check's own page and for one embedded in an article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from screener_engine.instant import instant_triggers
from screener_engine.model import Always, Flag, Instrument, Screener

from .describe import Describer

# The records are NamedTuples or plain classes, not dataclasses: every build
# imports this module, and on Python 3.11 making a dataclass costs 0.4-1 ms
# (it compiles its methods), four to eight times what a NamedTuple costs.


class OptionView(NamedTuple):
    """One answer: its label, the value a radio sends, and its points (None if not scored).

    `safety` names the safety flags this answer raises on its own (space-separated
    ids, empty if none): the page shows crisis help the moment it is chosen.
    """

    label: str
    value: str
    points: int | None
    safety: str = ""


class CrisisView(NamedTuple):
    """Crisis help shown beside a question whose answer can raise a safety flag."""

    title: str
    message: str


class QuestionView(NamedTuple):
    """A question (or a variant input) as a fieldset of radios.

    Element ids and radio names are made in the template from the widget's
    prefix, so one self-check can appear twice on a page.
    """

    id: str
    number: int | None  # None for a variant input, which is not counted
    text: str
    stem: str | None  # shown before this question when it differs from the one before
    context: str | None
    examples: tuple[str, ...]
    options: tuple[OptionView, ...]
    conditional: bool
    condition_note: str | None
    variant: bool
    note: str | None
    crisis: CrisisView | None = None


class BandView(NamedTuple):
    """One result band for the paper table; `ranges` has one entry per variant column.

    `safety_meaning` is what the band means instead when crisis help is shown
    too (the definition's `with_safety`), so paper never reassures beside it.
    """

    label: str
    meaning: str
    ranges: tuple[str, ...]
    safety_meaning: str | None = None


class PaperView:
    """The paper version: how to add up the answers and what each result means.

    Built up step by step (see `_paper`), so a plain class, not a NamedTuple.
    """

    def __init__(self) -> None:
        # The answer labels, when every scored question shares them.
        self.points_header: tuple[str, ...] = ()
        self.points_rows: list[tuple[str, tuple[str, ...]]] = []
        self.how_to_score: list[str] = []
        self.band_columns: tuple[str, ...] = ()
        self.bands: list[BandView] = []
        self.outcomes: list[tuple[str, str]] = []  # (title, when)
        self.flags: list[tuple[str, str]] = []  # (when, message)


class ScreenerView(NamedTuple):
    """Everything the widget and page templates need for one self-check."""

    id: str
    title: str
    short_title: str
    description: str
    minutes: int | None
    audience: str | None
    instrument: Instrument
    citations: tuple[str, ...]
    citation_text: str
    questions: list[QuestionView]
    question_count: int  # every question, follow-ups included (for "Question 3 of 10")
    questions_asked: str  # what a visitor answers: "9 or 10 questions", "1 to 6 questions"
    paper: PaperView
    url: str = ""


def build_view(screener: Screener, url: str = "") -> ScreenerView:
    """The template view of one checked screener."""
    describe = Describer(screener)
    triggers = instant_triggers(screener)
    views: list[QuestionView] = []
    previous_stem = None
    for question in screener.questions:
        stem = question.stem or screener.stem
        safety = triggers.get(question.id, {})
        views.append(
            QuestionView(
                id=question.id,
                number=question.number,
                text=question.text,
                stem=stem if stem and stem != previous_stem else None,
                context=question.context,
                examples=question.examples,
                options=tuple(
                    OptionView(
                        label=o.label,
                        value=str(o.value),
                        points=o.value if question.scored and type(o.value) is int else None,
                        safety=" ".join(flag.id for flag in safety.get(o.value, ())),
                    )
                    for o in question.options
                ),
                conditional=question.show_if is not None,
                condition_note=(
                    f"Answer this only if {describe(question.show_if)}."
                    if question.show_if is not None
                    else None
                ),
                variant=False,
                note=None,
                crisis=_crisis(safety),
            )
        )
        previous_stem = stem
    for variant in screener.variants:
        views.append(
            QuestionView(
                id=variant.id,
                number=None,
                text=variant.text,
                stem=None,
                context=None,
                examples=(),
                options=tuple(OptionView(o.label, str(o.value), None) for o in variant.options),
                conditional=False,
                condition_note=None,
                variant=True,
                note=variant.note,
            )
        )
    instrument = screener.instrument
    citation_text = " ".join(
        part for part in (instrument.name, *instrument.citation, instrument.licence or "") if part
    )
    return ScreenerView(
        id=screener.id,
        title=screener.title,
        short_title=screener.short_title or screener.title,
        description=screener.description,
        minutes=screener.minutes,
        audience=screener.audience,
        instrument=instrument,
        citations=instrument.citation,
        citation_text=citation_text,
        questions=views,
        question_count=len(screener.questions),
        questions_asked=_questions_asked(screener),
        paper=_paper(screener, views, describe),
        url=url,
    )


DEFAULT_CRISIS = CrisisView(
    "Please reach out for support now",
    "You do not have to go through this alone. Talking to someone can help, today.",
)


def _crisis(triggers: dict[object, tuple[Flag, ...]]) -> CrisisView | None:
    """The help shown beside a question that can raise safety flags on its own.

    One flag speaks for itself; answers that raise different flags share the
    general words (each flag's own message comes with the result).
    """
    flags = {flag.id: flag for found in triggers.values() for flag in found}
    if not flags:
        return None
    if len(flags) > 1:
        return DEFAULT_CRISIS
    (flag,) = flags.values()
    return CrisisView(flag.title or DEFAULT_CRISIS.title, flag.message)


def _questions_asked(screener: Screener) -> str:
    """How many questions a visitor answers, counting follow-ups that may not be asked."""
    most = len(screener.questions)
    least = sum(1 for q in screener.questions if q.show_if is None)
    if least == most:
        return f"{most} question{'s' if most != 1 else ''}"
    joiner = "or" if most - least == 1 else "to"
    return f"{least} {joiner} {most} questions"


def _number_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> 'questions 1 to 3 and 5'."""
    runs: list[str] = []
    start = previous = None
    for n in [*sorted(numbers), None]:
        if start is None:
            start = previous = n
        elif n is not None and n == previous + 1:
            previous = n
        else:
            runs.append(str(start) if start == previous else f"{start} to {previous}")
            start = previous = n
    words = ", ".join(runs[:-1]) + (" and " if len(runs) > 1 else "") + runs[-1]
    return ("question " if len(numbers) == 1 else "questions ") + words


def _paper(screener: Screener, views: list[QuestionView], describe: Describer) -> PaperView:
    paper = PaperView()
    by_id = {v.id: v for v in views}
    summed = {q for s in screener.scores if s.method == "sum" for q in s.items}
    scored_views = [v for v in views if v.id in summed]
    labels = {tuple(o.label for o in v.options) for v in scored_views}
    if len(labels) == 1:
        paper.points_header = next(iter(labels))
        paper.points_rows = [
            (
                _number_list([v.number for v in scored_views]).capitalize(),
                tuple(str(o.points) for o in scored_views[0].options),
            )
        ]
        if len({tuple(o.points for o in v.options) for v in scored_views}) > 1:
            paper.points_header = ()
    if scored_views and not paper.points_header:
        paper.points_rows = [
            (
                f"Question {v.number}",
                tuple(f"{o.label}: {o.points}" for o in v.options),
            )
            for v in scored_views
        ]
    for score in screener.scores:
        numbers = [by_id[q].number for q in score.items]
        if score.method == "sum":
            paper.how_to_score.append(
                f"{score.label}: add up the points of your answers to {_number_list(numbers)}."
            )
        else:
            rule = describe(replace(score.where, answer=score.items[0]))
            rule = rule.split(" to question")[0].replace("you answered ", "")
            paper.how_to_score.append(
                f"{score.label}: count how many of {_number_list(numbers)} you answered {rule}."
            )
    if any(v.conditional for v in views):
        paper.how_to_score.append("A question you were told to skip counts as 0.")
    bands = screener.bands
    if bands is not None:
        variant = screener.variant(bands.varies_by) if bands.varies_by else None
        columns = (
            [(str(o.value), o.label) for o in variant.options] if variant else [(None, "Score")]
        )
        paper.band_columns = tuple(label for _, label in columns)
        for band in bands.ranges:
            ranges = []
            for key, _ in columns:
                low, high = band.bounds(key)
                ranges.append(str(low) if low == high else f"{low} to {high}")
            safety = band.with_safety.meaning if band.with_safety else None
            paper.bands.append(BandView(band.label, band.meaning, tuple(ranges), safety))
    for outcome in screener.ordered_outcomes():
        when = "Otherwise." if isinstance(outcome.when, Always) else f"If {describe(outcome.when)}."
        paper.outcomes.append((outcome.title, when))
    for flag in sorted(screener.flags, key=lambda f: f.kind != "safety"):
        paper.flags.append((f"If {describe(flag.when)}:", flag.message))
    return paper
