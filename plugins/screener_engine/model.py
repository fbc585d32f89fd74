"""A checked screener definition as frozen dataclasses (no behaviour beyond lookups).

`validate.load_definition` builds these from a plain dict; nothing else should.
Every element keeps its position in the source (`index`, `path`) so that later
checks can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import KeyPath

OptionValue = int | str


class _Missing:
    """The value of a question that was not answered or not shown."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()
"""Stands for "no answer": a question left blank or hidden by its `show_if`."""


# --- conditions ---------------------------------------------------------------


@dataclass(frozen=True)
class AnswerTest:
    """A test on one answer: ``{answer: q1, at_least: 1}``.

    `answer` is None inside a score's `where` (the test then applies to each
    counted answer). `values` holds the values of ``is`` (one) or ``in``
    (several); `keyword` says which of the two was written.
    """

    answer: str | None
    values: tuple[OptionValue, ...] | None = None
    at_least: int | None = None
    at_most: int | None = None
    answered: bool | None = None
    keyword: str | None = None
    path: KeyPath = field(default=(), compare=False)


@dataclass(frozen=True)
class ScoreTest:
    """A test on a score: ``{score: total, at_least: 10}``."""

    score: str
    at_least: int | None = None
    at_most: int | None = None
    path: KeyPath = field(default=(), compare=False)


@dataclass(frozen=True)
class AllOf:
    """Holds when every item holds."""

    items: tuple[Condition, ...]
    path: KeyPath = field(default=(), compare=False)


@dataclass(frozen=True)
class AnyOf:
    """Holds when at least one item holds."""

    items: tuple[Condition, ...]
    path: KeyPath = field(default=(), compare=False)


@dataclass(frozen=True)
class Not:
    """Holds when its item does not."""

    item: Condition
    path: KeyPath = field(default=(), compare=False)


@dataclass(frozen=True)
class Always:
    """The outcome condition ``always``."""

    path: KeyPath = field(default=(), compare=False)


Condition = AnswerTest | ScoreTest | AllOf | AnyOf | Not | Always


# --- questions and variants -----------------------------------------------------


@dataclass(frozen=True)
class Option:
    """One answer a visitor can choose: what they see (`label`) and its `value`."""

    label: str
    value: OptionValue
    loinc: str | None = None


@dataclass(frozen=True)
class Question:
    """One question. `number` is its 1-based place in the list (shown to visitors).

    `stem` is a lead-in shown before it (consecutive questions with the same
    stem can share one heading); `context` and `examples` are shown before the
    text. `options_path` is where its options are written (the question itself
    or a shared option set). `required` is already resolved from its default.
    """

    id: str
    text: str
    options: tuple[Option, ...]
    index: int
    scored: bool = True
    required: bool = True
    reverse: bool = False
    show_if: Condition | None = None
    stem: str | None = None
    context: str | None = None
    examples: tuple[str, ...] = ()
    loinc: str | None = None
    option_set: str | None = None
    options_path: KeyPath = ()
    dimension: str | None = None
    topic: str | None = None

    @property
    def number(self) -> int:
        """The question's number as shown to visitors (1 for the first)."""
        return self.index + 1

    @property
    def values(self) -> tuple[OptionValue, ...]:
        """The option values, in order."""
        return tuple(option.value for option in self.options)

    def option(self, value: OptionValue) -> Option:
        """Return the option with this value (KeyError if none)."""
        for option in self.options:
            if option.value == value and type(option.value) is type(value):
                return option
        raise KeyError(value)

    def points(self, value: int) -> int:
        """Return the points an integer value is worth (reversed when `reverse` is set)."""
        if not self.reverse:
            return value
        values = [v for v in self.values if isinstance(v, int)]
        return min(values) + max(values) - value


@dataclass(frozen=True)
class Variant:
    """An input that only changes cut-offs (e.g. sex for AUDIT-C); never stored or printed."""

    id: str
    text: str
    options: tuple[Option, ...]
    index: int
    note: str | None = None
    default: str | None = None

    @property
    def values(self) -> tuple[OptionValue, ...]:
        """The option values, in order."""
        return tuple(option.value for option in self.options)

    def option(self, value: OptionValue) -> Option:
        """Return the option with this value (KeyError if none)."""
        for option in self.options:
            if option.value == value:
                return option
        raise KeyError(value)


@dataclass(frozen=True)
class Dimension:
    """An area the questions cover (e.g. safety, home and support); questions name it."""

    id: str
    label: str
    index: int
    about: str | None = None
    covers: tuple[str, ...] = ()


# --- scores, bands, flags, outcomes -------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link to a page of this site (`href` is a site path such as ``/what-is-an-iop/``)."""

    label: str
    href: str


@dataclass(frozen=True)
class SafetyWording:
    """What a band or outcome says instead when a safety flag is raised as well.

    `title` replaces an outcome's title (bands keep their label).
    """

    meaning: str
    next_steps: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True)
class Score:
    """A sum of points, or a count of answers that pass `where`.

    `achievable` is every value the score can take (filled in by validation);
    `prorate_up_to` is how many unanswered items it tolerates (0: none).
    """

    id: str
    label: str
    method: str  # "sum" or "count"
    items: tuple[str, ...]
    index: int
    where: AnswerTest | None = None
    prorate_up_to: int = 0
    loinc: str | None = None
    achievable: frozenset[int] = frozenset()

    @property
    def minimum(self) -> int:
        """The lowest achievable value."""
        return min(self.achievable)

    @property
    def maximum(self) -> int:
        """The highest achievable value."""
        return max(self.achievable)


@dataclass(frozen=True)
class Band:
    """One range of a score. `min`/`max` are ints, or dicts by variant value."""

    id: str
    label: str
    meaning: str
    next_steps: tuple[str, ...]
    min: int | dict[str, int]
    max: int | dict[str, int]
    index: int
    with_safety: SafetyWording | None = None
    read_more: tuple[Link, ...] = ()

    def bounds(self, variant_value: str | None) -> tuple[int, int]:
        """Return the (min, max) in force for this variant value (ignored without varies_by)."""
        low = self.min[variant_value] if isinstance(self.min, dict) else self.min
        high = self.max[variant_value] if isinstance(self.max, dict) else self.max
        return low, high


@dataclass(frozen=True)
class Bands:
    """What ranges of one score mean, optionally with cut-offs that depend on a variant."""

    score: str
    ranges: tuple[Band, ...]
    varies_by: str | None = None

    def find(self, value: int, variant_value: str | None) -> Band | None:
        """Return the range that holds `value` (validation makes sure there is exactly one)."""
        for band in self.ranges:
            low, high = band.bounds(variant_value)
            if low <= value <= high:
                return band
        return None


@dataclass(frozen=True)
class Flag:
    """A message raised whenever `when` holds; ``kind == "safety"`` means crisis help first.

    A notice is held back when the outcome is one of `unless_outcome`.
    """

    id: str
    kind: str
    when: Condition
    message: str
    index: int
    title: str | None = None
    read_more: tuple[Link, ...] = ()
    unless_outcome: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A rule-based result; the first outcome by `priority` whose `when` holds wins."""

    id: str
    priority: int
    when: Condition
    title: str
    meaning: str
    next_steps: tuple[str, ...]
    index: int
    explain: str | None = None
    with_safety: SafetyWording | None = None
    read_more: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Guarantee:
    """A promise about every set of answers for which `when` holds, proved at build time.

    `outcome_in` / `outcome_not_in` limit the outcome; `safety` says whether a
    safety flag is always (True) or never (False) raised.
    """

    name: str
    when: Condition
    index: int
    outcome_in: tuple[str, ...] | None = None
    outcome_not_in: tuple[str, ...] | None = None
    safety: bool | None = None


@dataclass(frozen=True)
class TestCase:
    """Answers plus the result they must give (`expect` keeps only the keys given)."""

    name: str
    answers: dict[str, object]
    expect: dict[str, object]
    index: int


@dataclass(frozen=True)
class Instrument:
    """Where the questions come from and the terms they are used under."""

    name: str
    validated: bool
    note: str | None = None
    licence: str | None = None
    copyright: str | None = None
    citation: tuple[str, ...] = ()
    source_url: str | None = None
    loinc: str | None = None


@dataclass(frozen=True)
class Screener:
    """A whole, checked screener definition."""

    id: str
    title: str
    description: str
    version: str
    language: str
    minutes: int
    audience: str
    instrument: Instrument
    questions: tuple[Question, ...]
    scores: tuple[Score, ...]
    tests: tuple[TestCase, ...] = ()
    short_title: str | None = None
    stem: str | None = None
    variants: tuple[Variant, ...] = ()
    bands: Bands | None = None
    flags: tuple[Flag, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    option_sets: dict[str, tuple[Option, ...]] = field(default_factory=dict)
    dimensions: tuple[Dimension, ...] = ()
    guarantees: tuple[Guarantee, ...] = ()

    def question(self, id: str) -> Question | None:
        """Return the question with this id, or None."""
        return next((q for q in self.questions if q.id == id), None)

    def variant(self, id: str) -> Variant | None:
        """Return the variant with this id, or None."""
        return next((v for v in self.variants if v.id == id), None)

    def score(self, id: str) -> Score | None:
        """Return the score with this id, or None."""
        return next((s for s in self.scores if s.id == id), None)

    def ordered_outcomes(self) -> tuple[Outcome, ...]:
        """Return the outcomes in the order they are tried (by priority)."""
        return tuple(sorted(self.outcomes, key=lambda o: o.priority))

    def safety_flags(self) -> tuple[Flag, ...]:
        """Return the flags of kind ``safety`` (crisis help first), in order."""
        return tuple(f for f in self.flags if f.kind == "safety")

    def dimension(self, id: str) -> Dimension | None:
        """Return the dimension with this id, or None."""
        return next((d for d in self.dimensions if d.id == id), None)
