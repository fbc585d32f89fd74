"""Turn a validated definition into what the templates show.

The templates never interpret a definition themselves: option sets are
resolved, questions numbered, conditions put into words, and the paper
scoring table laid out here, so the HTML stays simple and the same for a
self-check's own page and for one embedded in an article.
"""

from __future__ import annotations

from typing import NamedTuple

from .describe import Describer

# The records are NamedTuples or plain classes, not dataclasses: every build
# imports this module, and on Python 3.11 making a dataclass costs 0.4-1 ms
# (it compiles its methods), four to eight times what a NamedTuple costs.


class OptionView(NamedTuple):
    """One answer: its label, the value a radio sends, and its points (None if not scored)."""

    label: str
    value: str
    points: int | None


class QuestionView(NamedTuple):
    """A question (or a variant input) as a fieldset of radios."""

    id: str
    dom_id: str
    input_name: str
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


class BandView(NamedTuple):
    """One result band for the paper table; `ranges` has one entry per variant column."""

    label: str
    meaning: str
    ranges: tuple[str, ...]


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
    instrument: dict
    citations: tuple[str, ...]
    citation_text: str
    questions: list[QuestionView]
    question_count: int  # every question, follow-ups included (for "Question 3 of 10")
    questions_asked: str  # what a visitor answers: "9 or 10 questions", "1 to 6 questions"
    paper: PaperView
    url: str = ""
    has_safety_flag: bool = False


def _options(definition: dict, item: dict) -> list[dict]:
    options = item.get("options", [])
    if isinstance(options, str):
        return definition.get("option_sets", {}).get(options, [])
    return options


def build_view(definition: dict, url: str = "") -> ScreenerView:
    """The template view of one (already validated) definition."""
    screener = definition["id"]
    questions = definition.get("questions", [])
    variants = definition.get("variants", [])
    items = {q["id"]: q for q in [*questions, *variants]}
    number_of = {q["id"]: index for index, q in enumerate(questions, start=1)}
    describe = Describer(definition, lambda ident: _options(definition, items[ident]), number_of)

    views: list[QuestionView] = []
    previous_stem = None
    default_stem = definition.get("stem")
    for kind, item in [("question", q) for q in questions] + [("variant", v) for v in variants]:
        is_variant = kind == "variant"
        scored = not is_variant and item.get("scored", True)
        stem = None if is_variant else item.get("stem", default_stem)
        shown_stem = stem if stem and stem != previous_stem else None
        previous_stem = stem
        show_if = item.get("show_if")
        views.append(
            QuestionView(
                id=item["id"],
                dom_id=f"{screener}--{item['id']}",
                input_name=f"{screener}--{item['id']}",
                number=None if is_variant else number_of[item["id"]],
                text=item["text"],
                stem=shown_stem,
                context=item.get("context"),
                examples=tuple(item.get("examples", ())),
                options=tuple(
                    OptionView(
                        label=o["label"],
                        value=str(o["value"]),
                        points=o["value"] if scored and isinstance(o["value"], int) else None,
                    )
                    for o in _options(definition, item)
                ),
                conditional=show_if is not None,
                condition_note=f"Answer this only if {describe(show_if)}." if show_if else None,
                variant=is_variant,
                note=item.get("note"),
            )
        )

    instrument = definition.get("instrument", {})
    citations = instrument.get("citation", ())
    citations = (citations,) if isinstance(citations, str) else tuple(citations)
    citation_text = " ".join(
        part
        for part in (instrument.get("name", ""), *citations, instrument.get("licence", ""))
        if part
    )
    flags = definition.get("flags", [])
    return ScreenerView(
        id=screener,
        title=definition["title"],
        short_title=definition.get("short_title") or definition["title"],
        description=definition.get("description", ""),
        minutes=definition.get("minutes"),
        audience=definition.get("audience"),
        instrument=instrument,
        citations=citations,
        citation_text=citation_text,
        questions=views,
        question_count=len(questions),
        questions_asked=_questions_asked(questions),
        paper=_paper(definition, views, describe),
        url=url,
        has_safety_flag=any(f.get("kind") == "safety" for f in flags),
    )


def _questions_asked(questions: list[dict]) -> str:
    """How many questions a visitor answers, counting follow-ups that may not be asked."""
    most = len(questions)
    least = sum(1 for q in questions if "show_if" not in q)
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


def _paper(definition: dict, views: list[QuestionView], describe: Describer) -> PaperView:
    paper = PaperView()
    by_id = {v.id: v for v in views}
    summed = {q for s in definition.get("scores", []) for q in s.get("sum", ())}
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
    for score in definition.get("scores", []):
        label = score.get("label", score["id"])
        if "sum" in score:
            numbers = [by_id[q].number for q in score["sum"]]
            paper.how_to_score.append(
                f"{label}: add up the points of your answers to {_number_list(numbers)}."
            )
        else:
            numbers = [by_id[q].number for q in score["count"]]
            where = score.get("where", {})
            rule = describe({"answer": score["count"][0], **where}).split(" to question")[0]
            rule = rule.replace("you answered ", "")
            paper.how_to_score.append(
                f"{label}: count how many of {_number_list(numbers)} you answered {rule}."
            )
    if any(v.conditional for v in views):
        paper.how_to_score.append("A question you were told to skip counts as 0.")
    bands = definition.get("bands")
    if bands:
        varies_by = bands.get("varies_by")
        if varies_by:
            variant = next(v for v in definition.get("variants", []) if v["id"] == varies_by)
            columns = [(str(o["value"]), o["label"]) for o in variant["options"]]
        else:
            columns = [(None, "Score")]
        paper.band_columns = tuple(label for _, label in columns)
        for band in bands["ranges"]:
            ranges = []
            for key, _ in columns:
                low = band["min"][key] if isinstance(band["min"], dict) else band["min"]
                high = band["max"][key] if isinstance(band["max"], dict) else band["max"]
                ranges.append(str(low) if low == high else f"{low} to {high}")
            paper.bands.append(BandView(band["label"], band["meaning"], tuple(ranges)))
    for outcome in sorted(definition.get("outcomes", []), key=lambda o: o["priority"]):
        when = outcome["when"]
        paper.outcomes.append(
            (outcome["title"], "Otherwise." if when == "always" else f"If {describe(when)}.")
        )
    for flag in sorted(definition.get("flags", []), key=lambda f: f.get("kind") != "safety"):
        paper.flags.append((f"If {describe(flag['when'])}:", flag["message"]))
    return paper
