"""The definition format as data: every object, its fields and their kinds.

`validate` reads definitions with these tables and `schema_file` turns the same
tables into the JSON Schema, so the two cannot drift apart. A *kind* says what
a value must be; an `ObjectSpec` lists the fields of one kind of mapping plus
the few rules that tie fields together.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[a-z][a-z0-9-]*$"
CODE_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"
LOINC_PATTERN = r"^(L[AGLP])?[0-9]{1,7}-[0-9]$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z]{2})?$"
URL_PATTERN = r"^https?://\S+$"
# A path on this site: "/", "/what-is-an-iop/", "/get-help/#call"; never another
# site ("//x"), a scheme ("javascript:") or a way out of the path ("/../").
SITE_PATH_PATTERN = r"^/(?:[a-z0-9]+(?:-[a-z0-9]+)*/)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?$"


@dataclass(frozen=True)
class Text:
    """A non-empty string, optionally matching `pattern` (then `expected` words the rule)."""

    pattern: str | None = None
    expected: str = "text"


@dataclass(frozen=True)
class Integer:
    """A whole number (never a bool), at least `minimum` when given."""

    minimum: int | None = None


@dataclass(frozen=True)
class Boolean:
    """``true`` or ``false``."""


@dataclass(frozen=True)
class Choice:
    """One of a few fixed words."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class OptionValue:
    """An option's value: an integer (points) or a short text code such as ``not-sure``."""


@dataclass(frozen=True)
class AnswerValue:
    """An answer in a test case: an option's value or its string form (``2`` or ``"2"``)."""


@dataclass(frozen=True)
class ListOf:
    """A list whose items are all of kind `item`."""

    item: object
    min_items: int = 0


@dataclass(frozen=True)
class MapOf:
    """A mapping whose values are of kind `value` (and keys of kind `keys`, when given)."""

    value: object
    keys: object = None


@dataclass(frozen=True)
class Ref:
    """A nested object described by ``OBJECTS[name]``."""

    name: str


@dataclass(frozen=True)
class Union:
    """The first of `kinds` whose YAML type matches; `expected` words the choice."""

    kinds: tuple[object, ...]
    expected: str


@dataclass(frozen=True)
class Nullable:
    """`kind`, or an explicit ``null`` that means "none" (e.g. ``band: null``)."""

    kind: object


@dataclass(frozen=True)
class Condition:
    """A condition (see `CONDITION_TESTS`).

    `form` is ``"full"`` (answers and scores, combinators), ``"outcome"`` (full,
    or the word ``always``) or ``"option"`` (a test on one answer, for `where`).
    """

    form: str = "full"


@dataclass(frozen=True)
class Field:
    """One key of an object: its kind, whether it is required, and what it is for."""

    name: str
    kind: object
    doc: str
    required: bool = False


@dataclass(frozen=True)
class ObjectSpec:
    """A kind of mapping: its fields, and rules between fields.

    - `required_if`: ``(field, value, names)``: when `field` equals `value`,
      every one of `names` is required.
    - `one_of`: groups of fields of which exactly one must be present.
    - `requires`: ``(field, other)``: `field` may only be given with `other`.
    - `excludes`: ``(field, names)``: `field` may not be combined with `names`.
    """

    name: str
    noun: str
    doc: str
    fields: tuple[Field, ...]
    required_if: tuple[tuple[str, object, tuple[str, ...]], ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    excludes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def field(self, name: str) -> Field:
        """Return the field called `name` (KeyError if there is none)."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


ID = Text(ID_PATTERN, "an id of lowercase letters, digits and hyphens, starting with a letter")
CODE = Text(
    CODE_PATTERN,
    "a text code of lowercase letters, digits and hyphens, starting with a letter "
    "(at most 40 characters)",
)
LOINC = Text(LOINC_PATTERN, "a LOINC code such as '44250-9' or 'LA6568-5'")
TEXTS = ListOf(Text(), 1)
READ_MORE = ListOf(Ref("link"), 1)
BOUND = Union(
    (Integer(), MapOf(Integer())), "an integer, or a mapping from variant values to integers"
)

# The tests a condition can make on one answer, and what each one compares with.
CONDITION_TESTS: dict[str, tuple[object, str]] = {
    "is": (OptionValue(), "the answer is this option value"),
    "in": (ListOf(OptionValue(), 1), "the answer is one of these option values"),
    "at_least": (Integer(), "the answer (an integer value) is at least this"),
    "at_most": (Integer(), "the answer (an integer value) is at most this"),
    "answered": (Boolean(), "true: the question was answered; false: it was not (or was hidden)"),
}
SCORE_TESTS: dict[str, tuple[object, str]] = {
    "at_least": (Integer(), "the score is at least this"),
    "at_most": (Integer(), "the score is at most this"),
}
COMBINATORS: dict[str, str] = {
    "all": "every condition in the list holds",
    "any": "at least one condition in the list holds",
    "not": "the condition does not hold",
}

_OBJECTS = (
    ObjectSpec(
        "screener",
        "screener",
        "A self-check: its questions, how answers are scored, and what the scores mean.",
        (
            Field("id", ID, "The screener's id; the file must be called <id>.yaml.", True),
            Field("title", Text(), "The full title shown on the page.", True),
            Field("short_title", Text(), "A short title for menus and links."),
            Field("description", Text(), "One or two sentences saying what it checks.", True),
            Field("version", Text(), 'The definition\'s version, e.g. "1.0.0" (in quotes).', True),
            Field(
                "language",
                Text(LANGUAGE_PATTERN, "a language code such as 'en' or 'es-US'"),
                "The language of the texts, e.g. en.",
                True,
            ),
            Field("minutes", Integer(1), "About how many minutes it takes.", True),
            Field("audience", Text(), "Who it is for, e.g. adults 18 and older.", True),
            Field("stem", Text(), "A lead-in shown once before the questions."),
            Field("instrument", Ref("instrument"), "Where the questions come from.", True),
            Field(
                "dimensions",
                ListOf(Ref("dimension"), 1),
                "Areas the questions cover; every question then names its own.",
            ),
            Field(
                "option_sets",
                MapOf(ListOf(Ref("option"), 2), ID),
                "Named lists of options that questions can share by name.",
            ),
            Field("questions", ListOf(Ref("question"), 1), "The questions, in order.", True),
            Field(
                "variants",
                ListOf(Ref("variant"), 1),
                "Inputs that change cut-offs (e.g. sex); never stored or printed.",
            ),
            Field("scores", ListOf(Ref("score"), 1), "Totals and subscales.", True),
            Field("bands", Ref("bands"), "What ranges of one score mean."),
            Field("flags", ListOf(Ref("flag"), 1), "Messages raised by particular answers."),
            Field("outcomes", ListOf(Ref("outcome"), 1), "Rule-based results, first match wins."),
            Field(
                "guarantees",
                ListOf(Ref("guarantee"), 1),
                "Promises about every possible set of answers, proved when the site is built.",
            ),
            Field("tests", ListOf(Ref("test"), 1), "Answers and the results they must give.", True),
        ),
    ),
    ObjectSpec(
        "instrument",
        "instrument",
        "The questionnaire the questions come from, and its terms of use.",
        (
            Field("name", Text(), "The instrument's name.", True),
            Field("validated", Boolean(), "true for a published, validated instrument.", True),
            Field("note", Text(), "A plain statement about it, e.g. that it is educational."),
            Field("licence", Text(), "Its terms of use (required when validated)."),
            Field("copyright", Text(), "Its copyright line."),
            Field(
                "citation",
                Union((Text(), TEXTS), "text or a list of texts"),
                "How to cite it (required when validated).",
            ),
            Field(
                "source_url",
                Text(URL_PATTERN, "a web address starting with https://"),
                "Where it is published.",
            ),
            Field("loinc", LOINC, "The LOINC panel code."),
        ),
        required_if=(("validated", True, ("licence", "citation")),),
    ),
    ObjectSpec(
        "option",
        "option",
        "One answer a visitor can choose.",
        (
            Field("label", Text(), "The answer as shown.", True),
            Field(
                "value", OptionValue(), "Its points (an integer) or a text code such as yes.", True
            ),
            Field("loinc", LOINC, "The LOINC answer code."),
        ),
    ),
    ObjectSpec(
        "question",
        "question",
        "One question with its answers.",
        (
            Field("id", ID, "The question's id; unique among questions and variants.", True),
            Field("text", Text(), "The question exactly as published.", True),
            Field("stem", Text(), "A lead-in shown before this question."),
            Field("context", Text(), "A paragraph shown before the question."),
            Field("examples", TEXTS, "A bullet list shown with the context."),
            Field(
                "options",
                Union(
                    (ListOf(Ref("option"), 2), ID), "a list of options or the name of an option set"
                ),
                "The answers, or the name of an option set.",
                True,
            ),
            Field("scored", Boolean(), "false for a question that no score uses (default true)."),
            Field(
                "required",
                Boolean(),
                "Whether it must be answered when shown (default: true if scored).",
            ),
            Field("reverse", Boolean(), "Reverse-scored: points = lowest + highest value - value."),
            Field("show_if", Condition(), "Show the question only when this holds."),
            Field("loinc", LOINC, "The LOINC item code."),
            Field("dimension", ID, "The id of the dimension (area) this question covers."),
            Field(
                "topic",
                Text(),
                "A short phrase naming what it asks about, used to explain results "
                "(e.g. 'needing someone with you day and night').",
            ),
        ),
    ),
    ObjectSpec(
        "dimension",
        "dimension",
        "An area the questions cover, such as safety or home and support.",
        (
            Field("id", ID, "The dimension's id, named by questions.", True),
            Field("label", Text(), "Its name as shown.", True),
            Field("about", Text(), "What this area is about, in plain words."),
            Field(
                "covers",
                TEXTS,
                "Which parts of published frameworks it corresponds to, in your own words.",
            ),
        ),
    ),
    ObjectSpec(
        "variant",
        "variant",
        "An input that only changes cut-offs; it is never stored or printed.",
        (
            Field("id", ID, "The variant's id; unique among questions and variants.", True),
            Field("text", Text(), "The question as shown.", True),
            Field("options", ListOf(Ref("variant_option"), 2), "The choices.", True),
            Field("note", Text(), "Why it is asked and how it is used."),
            Field("default", CODE, "The value used when it is not answered."),
        ),
    ),
    ObjectSpec(
        "variant_option",
        "variant option",
        "One choice of a variant.",
        (
            Field("label", Text(), "The choice as shown.", True),
            Field("value", CODE, "Its text code.", True),
        ),
    ),
    ObjectSpec(
        "score",
        "score",
        "A total (sum of points) or a count of matching answers.",
        (
            Field("id", ID, "The score's id.", True),
            Field("label", Text(), "Its name as shown, e.g. Total score.", True),
            Field("sum", ListOf(ID, 1), "Add up the points of these questions."),
            Field("count", ListOf(ID, 1), "Count these questions whose answer matches `where`."),
            Field("where", Condition("option"), "The test each counted answer must pass."),
            Field("missing", Ref("missing"), "Allow a few unanswered questions (prorating)."),
            Field("loinc", LOINC, "The LOINC code of the score."),
        ),
        one_of=(("sum", "count"),),
        requires=(("where", "count"), ("count", "where")),
    ),
    ObjectSpec(
        "missing",
        "missing-answers policy",
        "How many unanswered questions a score tolerates.",
        (
            Field(
                "prorate_up_to",
                Integer(1),
                "Up to this many may be unanswered; the score is then prorated "
                "(sum x items / answered, rounded half up).",
                True,
            ),
        ),
    ),
    ObjectSpec(
        "bands",
        "bands",
        "What ranges of one score mean.",
        (
            Field("score", ID, "The score the ranges apply to.", True),
            Field("varies_by", ID, "A variant whose value picks the cut-offs."),
            Field("ranges", ListOf(Ref("band"), 1), "The ranges, lowest first.", True),
        ),
    ),
    ObjectSpec(
        "band",
        "band",
        "One range of scores and what it means.",
        (
            Field("id", ID, "The band's id.", True),
            Field(
                "min",
                BOUND,
                "The lowest score in the range (per variant value with varies_by).",
                True,
            ),
            Field(
                "max",
                BOUND,
                "The highest score in the range (per variant value with varies_by).",
                True,
            ),
            Field("label", Text(), "Its name, e.g. Moderate.", True),
            Field("meaning", Text(), "What it means, in plain words.", True),
            Field("next_steps", TEXTS, "What to do next, in plain words.", True),
            Field(
                "with_safety",
                Ref("band_with_safety"),
                "The wording used instead when a safety flag is raised too.",
            ),
            Field("read_more", READ_MORE, "Articles on this site that help with this result."),
        ),
    ),
    ObjectSpec(
        "band_with_safety",
        "band's safety wording",
        "What a band says when a safety flag is raised as well: it must never reassure.",
        (
            Field("meaning", Text(), "What it means, said alongside crisis help.", True),
            Field("next_steps", TEXTS, "What to do next, safety first.", True),
        ),
    ),
    ObjectSpec(
        "flag",
        "flag",
        "A message raised when its condition holds, whatever the score.",
        (
            Field("id", ID, "The flag's id.", True),
            Field(
                "kind",
                Choice(("safety", "notice")),
                "safety: crisis help is shown above everything; notice: a note.",
                True,
            ),
            Field("when", Condition(), "When to raise it.", True),
            Field("title", Text(), "A short heading."),
            Field("message", Text(), "What to tell the visitor.", True),
            Field(
                "unless_outcome",
                ListOf(ID, 1),
                "Notices only: not raised when the result is one of these outcomes (they "
                "already say it, or it does not belong beside them).",
            ),
            Field("read_more", READ_MORE, "Articles on this site that help with this message."),
        ),
    ),
    ObjectSpec(
        "outcome",
        "outcome",
        "A rule-based result; the first one (by priority) whose condition holds is the result.",
        (
            Field("id", ID, "The outcome's id.", True),
            Field("priority", Integer(1), "Its place in the order; 1 is checked first.", True),
            Field("when", Condition("outcome"), "Its condition, or the word always.", True),
            Field("title", Text(), "The result's heading.", True),
            Field("meaning", Text(), "What it means, in plain words.", True),
            Field("next_steps", TEXTS, "What to do next.", True),
            Field("explain", Text(), "Why it applies; the reason shown for an always outcome."),
            Field(
                "with_safety",
                Ref("outcome_with_safety"),
                "The wording used instead when a safety flag is raised too.",
            ),
            Field("read_more", READ_MORE, "Articles on this site that help with this result."),
        ),
    ),
    ObjectSpec(
        "outcome_with_safety",
        "outcome's safety wording",
        "What an outcome says when a safety flag is raised as well: it must never reassure.",
        (
            Field("title", Text(), "The heading used instead (optional)."),
            Field("meaning", Text(), "What it means, said alongside crisis help.", True),
            Field("next_steps", TEXTS, "What to do next, safety first.", True),
        ),
    ),
    ObjectSpec(
        "link",
        "link",
        "A link to a page of this site.",
        (
            Field("label", Text(), "The link text, e.g. What is an IOP?", True),
            Field(
                "href",
                Text(SITE_PATH_PATTERN, "a path on this site such as '/what-is-an-iop/'"),
                "The page's path on this site, starting and ending with '/'.",
                True,
            ),
        ),
    ),
    ObjectSpec(
        "guarantee",
        "guarantee",
        "A promise about every possible set of answers: whenever `when` holds, the result "
        "does what it says. The build proves it over all answers, or fails.",
        (
            Field("name", Text(), "What it promises, in a sentence.", True),
            Field("when", Condition(), "The answers it is about.", True),
            Field("outcome_in", ListOf(ID, 1), "The outcome is always one of these."),
            Field("outcome_not_in", ListOf(ID, 1), "The outcome is never one of these."),
            Field("safety", Boolean(), "true: a safety flag is always raised; false: never."),
        ),
        excludes=(("outcome_in", ("outcome_not_in",)),),
    ),
    ObjectSpec(
        "test",
        "test case",
        "Answers and the result they must give; every case runs when the definition is checked.",
        (
            Field("name", Text(), "What the case checks.", True),
            Field("answers", MapOf(AnswerValue()), "Question (and variant) ids to answers.", True),
            Field("expect", Ref("expect"), "The result the answers must give.", True),
        ),
    ),
    ObjectSpec(
        "expect",
        "expectation",
        "The expected result; only the keys given are checked.",
        (
            Field("scores", MapOf(Integer(), ID), "Score ids to their values."),
            Field("band", Nullable(ID), "The band's id, or null for none."),
            Field("flags", ListOf(ID), "Exactly these flags are raised."),
            Field("safety", Boolean(), "Whether a safety flag is raised."),
            Field("outcome", Nullable(ID), "The outcome's id, or null for none."),
            Field("shown", ListOf(ID), "Exactly these questions are shown, in this order."),
            Field("ignored", ListOf(ID), "Exactly these answers are ignored (hidden questions)."),
            Field("error", Ref("expected_error"), "The answers must be refused."),
        ),
        # Refused answers still report the safety flags they raise.
        excludes=(("error", ("scores", "band", "outcome", "shown", "ignored")),),
    ),
    ObjectSpec(
        "expected_error",
        "expected error",
        "The answers must be refused with an error about this question.",
        (
            Field("question", Text(), "The id the error must name.", True),
            Field("message", Text(), "The exact message, when it matters."),
        ),
    ),
)

OBJECTS: dict[str, ObjectSpec] = {spec.name: spec for spec in _OBJECTS}
