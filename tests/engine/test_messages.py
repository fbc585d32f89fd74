"""One test per definition error message: its exact path and text.

Each case changes the small valid definition from conftest in one way and
lists every error that must come back, as ``path: message`` lines.
"""

from __future__ import annotations

import pytest
from screener_engine import DefinitionErrors, load_definition


def _set(path, value):
    def change(d):
        *parents, last = path
        for key in parents:
            d = d[key]
        d[last] = value

    return change


def _drop(path):
    def change(d):
        *parents, last = path
        for key in parents:
            d = d[key]
        del d[last]

    return change


def _do(*changes):
    def change(d):
        for step in changes:
            step(d)

    return change


def _add_question(question, at=None):
    def change(d):
        if at is None:
            d["questions"].append(question)
        else:
            d["questions"].insert(at, question)

    return change


def _add_flag(flag):
    def change(d):
        d["flags"].append(flag)

    return change


YES_NO = [{"label": "Yes", "value": "yes"}, {"label": "No", "value": "no"}]
POINTS = [{"label": "No", "value": 0}, {"label": "Yes", "value": 1}]
GATED = {"answer": "gate", "is": "yes"}

CASES = [
    # --- structure: types, keys --------------------------------------------------------
    (
        "unknown key with suggestion",
        _set(("questions", 0, "optoins"), []),
        ["questions[0].optoins: unknown key 'optoins' (did you mean 'options'?)"],
    ),
    ("unknown key without suggestion", _set(("colour",), "blue"), ["colour: unknown key 'colour'"]),
    (
        "missing required key",
        _drop(("questions", 1, "text")),
        ["questions[1].text: missing: every question needs 'text'"],
    ),
    (
        "text of the wrong type",
        _set(("version",), 1.0),
        ["version: must be text (got 1.0, a float)"],
    ),
    ("empty text", _set(("title",), "  "), ["title: must not be empty"]),
    ("null value", _set(("stem",), None), ["stem: must be text (got null)"]),
    (
        "id pattern",
        _set(("questions", 0, "id"), "Q1"),
        [
            "questions[0].id: must be an id of lowercase letters, digits and hyphens, starting "
            "with a letter (got 'Q1')"
        ],
    ),
    (
        "integer of the wrong type",
        _set(("minutes",), "2"),
        ["minutes: must be an integer (got '2', a str)"],
    ),
    ("integer too small", _set(("minutes",), 0), ["minutes: must be at least 1 (got 0)"]),
    (
        "boolean of the wrong type",
        _set(("questions", 2, "scored"), "no"),
        ["questions[2].scored: must be true or false (got 'no', a str)"],
    ),
    (
        "choice",
        _set(("flags", 0, "kind"), "safty"),
        [
            "flags[0].kind: must be one of 'safety', 'notice' (got 'safty', a str) (did you mean "
            "'safety'?)"
        ],
    ),
    (
        "option value type",
        _set(("questions", 2, "options", 0, "value"), True),
        [
            "questions[2].options[0].value: must be an integer or a text code such as 'yes' (got "
            "True, a bool)"
        ],
    ),
    (
        "option value code",
        _set(("questions", 2, "options", 0, "value"), "Not sure"),
        [
            "questions[2].options[0].value: must be an integer or a text code such as 'yes' (got "
            "'Not sure', a str)"
        ],
    ),
    (
        "list of the wrong type",
        _set(("scores", 0, "sum"), "q1"),
        ["scores[0].sum: must be a list (got 'q1', a str)"],
    ),
    ("empty list", _set(("questions",), []), ["questions: must not be empty"]),
    (
        "too few options",
        _set(("questions", 2, "options"), YES_NO[:1]),
        ["questions[2].options: must have at least 2 items (got 1)"],
    ),
    (
        "mapping of the wrong type",
        _set(("instrument",), "PHQ"),
        ["instrument: must be a mapping (got 'PHQ', a str)"],
    ),
    (
        "mapping of ids of the wrong type",
        _set(("option_sets",), []),
        ["option_sets: must be a mapping (got [], a list)"],
    ),
    (
        "mapping keys that are not text",
        _set(("tests", 0, "answers", 3), 1),
        ["tests[0].answers: keys must be text (got 3, an int)"],
    ),
    (
        "object keys that are not text",
        _set(("instrument", 7), "x"),
        ["instrument: keys must be text (got 7, an int)"],
    ),
    (
        "union of the wrong type",
        _set(("questions", 0, "options"), 3),
        [
            "questions[0].options: must be a list of options or the name of an option set (got 3, "
            "an int)"
        ],
    ),
    (
        "mapping key pattern",
        _set(("option_sets", "Freq"), POINTS),
        [
            "option_sets.Freq: must be an id of lowercase letters, digits and hyphens, starting "
            "with a letter "
            "(got 'Freq')"
        ],
    ),
    (
        "required when validated",
        _set(("instrument", "validated"), True),
        [
            "instrument.licence: missing: required because 'validated' is true",
            "instrument.citation: missing: required because 'validated' is true",
        ],
    ),
    (
        "score needs sum or count",
        _drop(("scores", 0, "sum")),
        ["scores[0]: a score needs one of 'sum' or 'count'"],
    ),
    (
        "sum and count together",
        _set(("scores", 0, "count"), ["q1"]),
        [
            "scores[0].count: 'count' cannot be combined with 'sum'",
            "scores[0].count: 'count' needs 'where' as well",
        ],
    ),
    (
        "where without count",
        _set(("scores", 0, "where"), {"is": 1}),
        ["scores[0].where: 'where' needs 'count' as well"],
    ),
    (
        "expect error excludes the rest",
        _set(("tests", 0, "expect", "error"), {"question": "q1"}),
        [
            "tests[0].expect.scores: 'scores' cannot be combined with 'error'",
            "tests[0].expect.band: 'band' cannot be combined with 'error'",
        ],
    ),
    (
        "test answer of the wrong type",
        _set(("tests", 0, "answers", "q1"), 1.5),
        ["tests[0].answers.q1: must be an option value such as 2 or 'yes' (got 1.5, a float)"],
    ),
    # --- conditions -----------------------------------------------------------------
    (
        "condition of the wrong type",
        _set(("flags", 0, "when"), "q2 > 1"),
        ["flags[0].when: must be a condition such as {answer: q1, is: 1} (got 'q2 > 1', a str)"],
    ),
    (
        "always outside outcomes",
        _set(("flags", 0, "when"), "always"),
        ["flags[0].when: 'always' can only be the condition of an outcome"],
    ),
    (
        "condition without a head",
        _set(("flags", 0, "when"), {"question": "q2", "is": 1}),
        [
            "flags[0].when: a condition needs exactly one of 'answer', 'score', 'all', 'any' or "
            "'not' "
            "(got 'question', 'is')"
        ],
    ),
    (
        "condition with two heads",
        _set(("flags", 0, "when"), {"answer": "q2", "score": "total", "at_least": 1}),
        [
            "flags[0].when: a condition needs exactly one of 'answer', 'score', 'all', 'any' or "
            "'not' "
            "(got 'answer', 'score', 'at_least')"
        ],
    ),
    (
        "answer condition without a test",
        _set(("flags", 0, "when"), {"answer": "q2"}),
        [
            "flags[0].when: an answer condition needs a test: one of 'is', 'in', 'at_least', "
            "'at_most', 'answered'"
        ],
    ),
    (
        "unknown key in an answer condition",
        _set(("flags", 0, "when"), {"answer": "q2", "equals": 1}),
        [
            "flags[0].when.equals: unknown key 'equals' in an answer condition",
            "flags[0].when: an answer condition needs a test: one of 'is', 'in', 'at_least', "
            "'at_most', 'answered'",
        ],
    ),
    (
        "tests that cannot be combined",
        _set(("flags", 0, "when"), {"answer": "q2", "is": 1, "at_least": 1}),
        ["flags[0].when.at_least: 'at_least' cannot be combined with 'is'"],
    ),
    (
        "bounds that exclude everything",
        _set(("flags", 0, "when"), {"answer": "q2", "at_least": 3, "at_most": 1}),
        ["flags[0].when.at_most: at_least (3) is greater than at_most (1), so nothing can match"],
    ),
    (
        "empty condition",
        _set(("flags", 0, "when"), {}),
        [
            "flags[0].when: a condition needs exactly one of 'answer', 'score', 'all', 'any' or "
            "'not' (got an empty mapping)"
        ],
    ),
    (
        "unknown key in a score condition",
        _set(("flags", 0, "when"), {"score": "total", "at_least": 1, "is": 2}),
        ["flags[0].when.is: unknown key 'is' in a score condition"],
    ),
    (
        "score condition without bounds",
        _set(("flags", 0, "when"), {"score": "total"}),
        ["flags[0].when: a score condition needs 'at_least', 'at_most' or both"],
    ),
    (
        "empty combinator",
        _set(("flags", 0, "when"), {"any": []}),
        ["flags[0].when.any: must be a non-empty list of conditions (got [], a list)"],
    ),
    (
        "unknown key next to a combinator",
        _set(("flags", 0, "when"), {"not": {"answer": "q2", "is": 0}, "is": 1}),
        ["flags[0].when.is: unknown key 'is' in a 'not' condition"],
    ),
    (
        "where test with an answer key",
        _do(
            _set(
                ("scores",),
                [
                    {
                        "id": "total",
                        "label": "T",
                        "count": ["q1", "q2"],
                        "where": {"answer": "q1", "is": 1},
                    }
                ],
            ),
            _drop(("bands",)),
            _drop(("outcomes",)),
            _drop(("tests", 0, "expect", "band")),
        ),
        [
            "scores[0].where.answer: unknown key 'answer' in a 'where' test (did you mean "
            "'answered'?)"
        ],
    ),
    # --- ids and references ------------------------------------------------------------
    (
        "duplicate question id",
        _set(("questions", 1, "id"), "q1"),
        [
            "questions[1].id: duplicate id 'q1': questions[0].id already uses it",
            "scores[0].sum[1]: 'q2' is not a question",
            "flags[0].when.answer: 'q2' is not a question or variant",
        ],
    ),
    (
        "duplicate band id",
        _set(("bands", "ranges", 1, "id"), "low"),
        ["bands.ranges[1].id: duplicate band id 'low': bands.ranges[0].id already uses it"],
    ),
    (
        "duplicate test name",
        lambda d: d["tests"].append(dict(d["tests"][0])),
        ["tests[1].name: duplicate test name 'zeros': tests[0].name already uses it"],
    ),
    (
        "unknown option set",
        _set(("questions", 1, "options"), "frequncy"),
        ["questions[1].options: 'frequncy' is not an option set (did you mean 'frequency'?)"],
    ),
    (
        "unused option set",
        _set(("option_sets", "spare"), POINTS),
        ["option_sets.spare: option set 'spare' is not used by any question"],
    ),
    (
        "duplicate option value",
        _set(("questions", 2, "options", 1, "value"), "yes"),
        [
            "questions[2].options[1].value: duplicate value 'yes': questions[2].options[0] "
            "already has it"
        ],
    ),
    (
        "mixed option values",
        _set(("questions", 2, "options", 1, "value"), 0),
        [
            "questions[2].options: mixes integer and text values; use integers (points) or text "
            "codes, not both"
        ],
    ),
    (
        "summed question needs integers",
        _do(
            _set(("questions", 2, "scored"), True), _set(("scores", 0, "sum"), ["q1", "q2", "gate"])
        ),
        [
            "questions[2].options[0].value: must be an integer because score 'total' adds up this "
            "question "
            "(got 'yes', a str)",
            "questions[2].options[1].value: must be an integer because score 'total' adds up this "
            "question "
            "(got 'no', a str)",
        ],
    ),
    (
        "unscored question in a score",
        _set(("scores", 0, "sum"), ["q1", "q2", "gate"]),
        ["scores[0].sum[2]: question 'gate' has scored: false, so it cannot be part of a score"],
    ),
    (
        "question listed twice",
        _set(("scores", 0, "sum"), ["q1", "q2", "q1"]),
        ["scores[0].sum[2]: 'q1' is listed twice"],
    ),
    (
        "unknown question in a score",
        _set(("scores", 0, "sum"), ["q1", "q3"]),
        [
            "scores[0].sum[1]: 'q3' is not a question",
            "questions[1]: question 'q2' is scored but no score uses it",
        ],
    ),
    (
        "variant in a score",
        _do(
            _set(
                ("variants",),
                [
                    {
                        "id": "sex",
                        "text": "Sex?",
                        "options": [
                            {"label": "F", "value": "female"},
                            {"label": "M", "value": "male"},
                        ],
                        "default": "female",
                    }
                ],
            ),
            _set(("scores", 0, "sum"), ["q1", "q2", "sex"]),
        ),
        ["scores[0].sum[2]: 'sex' is a variant, and variants cannot be part of a score"],
    ),
    (
        "scored question in no score",
        _set(("questions", 2, "scored"), True),
        ["questions[2]: question 'gate' is scored but no score uses it"],
    ),
    (
        "reverse scoring needs integers",
        _set(("questions", 2, "reverse"), True),
        [
            "questions[2].options[0].value: must be an integer because this question is "
            "reverse-scored (got 'yes', a str)",
            "questions[2].options[1].value: must be an integer because this question is "
            "reverse-scored (got 'no', a str)",
        ],
    ),
    (
        "prorating with too few items",
        _set(("scores", 0, "missing"), {"prorate_up_to": 2}),
        [
            "scores[0].missing.prorate_up_to: must be smaller than the number of questions in the "
            "score (2)"
        ],
    ),
    (
        "prorating a count",
        _do(
            _set(
                ("scores",),
                [
                    {
                        "id": "total",
                        "label": "T",
                        "count": ["q1", "q2"],
                        "where": {"at_least": 1},
                        "missing": {"prorate_up_to": 1},
                    }
                ],
            ),
            _drop(("bands",)),
            _drop(("outcomes",)),
            _drop(("tests", 0, "expect", "band")),
        ),
        ["scores[0].missing: prorating only works for a score with 'sum'"],
    ),
    (
        "count test value not offered",
        _do(
            _set(
                ("scores",),
                [{"id": "total", "label": "T", "count": ["q1", "q2"], "where": {"is": "yes"}}],
            ),
            _drop(("bands",)),
            _drop(("outcomes",)),
            _drop(("tests", 0, "expect", "band")),
        ),
        [
            "scores[0].where.is: 'yes' is not a value of question 'q1', which this score counts "
            "(its values are 0, 1, 2, 3)",
            "scores[0].where.is: 'yes' is not a value of question 'q2', which this score counts "
            "(its values are 0, 1, 2, 3)",
        ],
    ),
    (
        "unknown answer in a condition",
        _set(("flags", 0, "when", "answer"), "gates"),
        ["flags[0].when.answer: 'gates' is not a question or variant (did you mean 'gate'?)"],
    ),
    (
        "unknown score in a condition",
        _set(("outcomes", 0, "when", "score"), "totl"),
        ["outcomes[0].when.score: 'totl' is not a score (did you mean 'total'?)"],
    ),
    (
        "condition value not offered",
        _set(("flags", 0, "when"), {"answer": "gate", "is": "maybe"}),
        [
            "flags[0].when.is: 'maybe' is not a value of question 'gate' (its values are 'yes', "
            "'no')"
        ],
    ),
    (
        "condition value quoted",
        _set(("flags", 0, "when"), {"answer": "q2", "in": [1, "2"]}),
        ["flags[0].when.in[1]: must be an integer or a text code such as 'yes' (got '2', a str)"],
    ),
    (
        "condition value in a list not offered",
        _set(("flags", 0, "when"), {"answer": "q2", "in": [1, 4]}),
        ["flags[0].when.in[1]: 4 is not a value of question 'q2' (its values are 0, 1, 2, 3)"],
    ),
    (
        "bounds on text values",
        _set(("flags", 0, "when"), {"answer": "gate", "at_least": 1}),
        [
            "flags[0].when.at_least: needs integer values, but question 'gate' has text values "
            "('yes', 'no')"
        ],
    ),
    (
        "show_if on a later question",
        _set(("questions", 0, "show_if"), {"answer": "q2", "at_least": 1}),
        [
            "questions[0].show_if.answer: show_if can only depend on questions that come before "
            "this one, "
            "and 'q2' comes after it"
        ],
    ),
    (
        "show_if on itself",
        _set(("questions", 2, "show_if"), {"answer": "gate", "is": "yes"}),
        ["questions[2].show_if.answer: a question's show_if cannot depend on itself"],
    ),
    (
        "show_if on a score",
        _set(("questions", 2, "show_if"), {"score": "total", "at_least": 1}),
        [
            "questions[2].show_if.score: show_if cannot depend on a score (scores depend on which "
            "questions are shown)"
        ],
    ),
    (
        "variant default not offered",
        _set(
            ("variants",),
            [
                {
                    "id": "sex",
                    "text": "Sex?",
                    "options": [{"label": "F", "value": "female"}, {"label": "M", "value": "male"}],
                    "default": "other",
                }
            ],
        ),
        ["variants[0].default: 'other' is not one of this variant's values ('female', 'male')"],
    ),
    # --- bands ---------------------------------------------------------------------------
    (
        "bands on an unknown score",
        _set(("bands", "score"), "totals"),
        ["bands.score: 'totals' is not a score (did you mean 'total'?)"],
    ),
    (
        "bands by an unknown variant",
        _set(("bands", "varies_by"), "sex"),
        ["bands.varies_by: 'sex' is not a variant"],
    ),
    (
        "per-variant bounds without varies_by",
        _set(("bands", "ranges", 0, "max"), {"female": 2}),
        ["bands.ranges[0].max: gives a value per variant value, so bands need 'varies_by'"],
    ),
    (
        "per-variant bounds that miss a value",
        _do(
            _set(
                ("variants",),
                [
                    {
                        "id": "sex",
                        "text": "Sex?",
                        "options": [
                            {"label": "F", "value": "female"},
                            {"label": "M", "value": "male"},
                        ],
                    }
                ],
            ),
            _set(("bands", "varies_by"), "sex"),
            _set(("bands", "ranges", 0, "max"), {"female": 2, "mle": 3}),
            _set(("tests", 0, "answers", "sex"), "female"),
        ),
        [
            "bands.ranges[0].max: has no value for 'male' (variant 'sex' has values 'female', "
            "'male')",
            "bands.ranges[0].max.mle: 'mle' is not a value of variant 'sex' (did you mean 'male'?)",
        ],
    ),
    (
        "min above max",
        _set(("bands", "ranges", 0, "min"), 3),
        ["bands.ranges[0]: min (3) is greater than max (2)"],
    ),
    (
        "min above max for one variant value",
        _do(
            _set(
                ("variants",),
                [
                    {
                        "id": "sex",
                        "text": "Sex?",
                        "options": [
                            {"label": "F", "value": "female"},
                            {"label": "M", "value": "male"},
                        ],
                    }
                ],
            ),
            _set(("bands", "varies_by"), "sex"),
            _set(("bands", "ranges", 0, "max"), {"female": 2, "male": -1}),
        ),
        ["bands.ranges[0]: min (0) is greater than max (-1) when sex is 'male'"],
    ),
    (
        "band gap",
        _set(("bands", "ranges", 1, "min"), 4),
        ["bands.ranges: gap at 3: score 'total' can take these values, but no band covers them"],
    ),
    (
        "band overlap",
        _set(("bands", "ranges", 0, "max"), 4),
        ["bands.ranges[1]: 3..4 fall in both 'low' and 'high'"],
    ),
    (
        "unreachable band",
        lambda d: d["bands"]["ranges"].append(
            {"id": "extra", "min": 7, "max": 9, "label": "X", "meaning": "X.", "next_steps": ["X."]}
        ),
        [
            "bands.ranges[2]: band 'extra' can never apply: score 'total' never falls in 7..9 (it "
            "can be 0..6)"
        ],
    ),
    # --- reachability and outcomes ---------------------------------------------------------
    (
        "unreachable flag",
        _set(("flags", 0, "when"), {"all": [{"answer": "q2", "is": 0}, {"answer": "q2", "is": 3}]}),
        [
            "flags[0].when: no answers can make this condition true, so flag 'worry' would never "
            "be raised"
        ],
    ),
    (
        "unreachable show_if",
        _add_question(
            {
                "id": "q4",
                "text": "Never",
                "scored": False,
                "options": YES_NO,
                "show_if": {"answer": "q1", "answered": False},
            }
        ),
        [
            "questions[3].show_if: no answers can make this condition true, so question 'q4' "
            "would never be shown"
        ],
    ),
    (
        "unreachable outcome",
        _set(("outcomes", 0, "when"), {"score": "total", "at_least": 7}),
        [
            "outcomes[0].when: no answers can make this condition true, so outcome 'talk' would "
            "never be the result"
        ],
    ),
    (
        "shadowed outcome",
        lambda d: (
            d["outcomes"].insert(
                1,
                {
                    "id": "later",
                    "priority": 2,
                    "when": {"score": "total", "at_least": 6},
                    "title": "L",
                    "meaning": "L.",
                    "next_steps": ["L."],
                },
            )
            or d["outcomes"][2].update(priority=3)
        ),
        [
            "outcomes[1].when: outcome 'later' can never be the result: whenever this condition "
            "holds, an outcome "
            "tried before it applies first ('talk')"
        ],
    ),
    (
        "always outcome covered",
        _set(("outcomes", 0, "when"), {"score": "total", "at_most": 6}),
        [
            "outcomes[1].when: outcome 'fine' can never be the result: the outcomes before it "
            "already cover every "
            "possible answer"
        ],
    ),
    (
        "no always outcome",
        _set(("outcomes", 1, "when"), {"score": "total", "at_most": 4}),
        ["outcomes: one outcome must have when: always (the result when no other outcome applies)"],
    ),
    (
        "two always outcomes",
        _set(("outcomes", 0, "when"), "always"),
        ["outcomes[1].when: only one outcome may have when: always, and outcomes[0] already does"],
    ),
    (
        "duplicate priority",
        _set(("outcomes", 1, "priority"), 1),
        [
            "outcomes[1].priority: priority 1 is also used by outcomes[0]; each outcome needs its "
            "own"
        ],
    ),
    (
        "always not last",
        _set(("outcomes", 0, "priority"), 3),
        [
            "outcomes[1].priority: the 'always' outcome must be tried last, but outcomes[0] has a "
            "larger "
            "priority (3 > 2)"
        ],
    ),
    # --- test cases ----------------------------------------------------------------------
    (
        "test expects an unknown score",
        _set(("tests", 0, "expect", "scores"), {"totl": 0}),
        ["tests[0].expect.scores.totl: 'totl' is not a score (did you mean 'total'?)"],
    ),
    (
        "test expects an unknown band",
        _set(("tests", 0, "expect", "band"), "lo"),
        ["tests[0].expect.band: 'lo' is not a band (did you mean 'low'?)"],
    ),
    (
        "test expects an unknown flag",
        _set(("tests", 0, "expect", "flags"), ["wory"]),
        ["tests[0].expect.flags[0]: 'wory' is not a flag (did you mean 'worry'?)"],
    ),
    (
        "test expects an unknown outcome",
        _set(("tests", 0, "expect", "outcome"), "fin"),
        ["tests[0].expect.outcome: 'fin' is not an outcome (did you mean 'fine'?)"],
    ),
    (
        "test expects an unknown question shown",
        _set(("tests", 0, "expect", "shown"), ["q1", "gates"]),
        ["tests[0].expect.shown[1]: 'gates' is not a question (did you mean 'gate'?)"],
    ),
    (
        "failing test case",
        _set(("tests", 0, "expect", "scores", "total"), 1),
        ["tests[0]: test 'zeros' failed: score 'total' is 0, expected 1"],
    ),
    (
        "failing test: band, flags, outcome, safety",
        _set(
            ("tests", 0, "expect"),
            {"band": "high", "flags": ["worry"], "outcome": "talk", "safety": True},
        ),
        [
            "tests[0]: test 'zeros' failed: band is 'low', expected 'high'; outcome is 'fine', "
            "expected 'talk'; "
            "flags are none, expected 'worry'; safety is false, expected true"
        ],
    ),
    (
        "failing test: shown and ignored",
        _set(("tests", 0, "expect"), {"shown": ["q1"], "ignored": ["gate"]}),
        [
            "tests[0]: test 'zeros' failed: shown questions are 'q1', 'q2', 'gate', expected 'q1'; "
            "ignored questions are none, expected 'gate'"
        ],
    ),
    (
        "failing test: refused answers",
        _set(("tests", 0, "answers"), {"q1": 0}),
        [
            "tests[0]: test 'zeros' failed: the answers were refused: Question 2 has no answer "
            "yet. (answers.q2)"
        ],
    ),
    (
        "failing test: expected error missing",
        _set(("tests", 0, "expect"), {"error": {"question": "q1"}}),
        [
            "tests[0]: test 'zeros' failed: expected an error about 'q1', but the answers were "
            "accepted"
        ],
    ),
    (
        "failing test: error about another question",
        _do(
            _set(("tests", 0, "answers"), {"q1": 0}),
            _set(("tests", 0, "expect"), {"error": {"question": "q1"}}),
        ),
        [
            "tests[0]: test 'zeros' failed: expected an error about 'q1', but got: Question 2 has "
            "no answer yet."
        ],
    ),
    (
        "failing test: error message differs",
        _do(
            _set(("tests", 0, "answers"), {"q1": 0}),
            _set(
                ("tests", 0, "expect"),
                {"error": {"question": "q2", "message": "Answer question 2."}},
            ),
        ),
        [
            "tests[0]: test 'zeros' failed: the error about 'q2' says 'Question 2 has no answer "
            "yet.', "
            "expected 'Answer question 2.'"
        ],
    ),
    # --- notices held back for some outcomes ----------------------------------------------
    (
        "a safety flag held back",
        _set(("flags", 0, "unless_outcome"), ["fine"]),
        [
            "flags[0].unless_outcome: a safety flag is never held back: crisis help shows "
            "whatever the result"
        ],
    ),
    (
        "a notice held back for an unknown outcome",
        _add_flag(
            {
                "id": "n",
                "kind": "notice",
                "message": "m",
                "when": {"answer": "q1", "is": 1},
                "unless_outcome": ["fien"],
            },
        ),
        ["flags[1].unless_outcome[0]: 'fien' is not an outcome (did you mean 'fine'?)"],
    ),
    (
        "a notice held back whenever it applies",
        _add_flag(
            {
                "id": "n",
                "kind": "notice",
                "message": "m",
                "when": {"score": "total", "at_least": 5},
                "unless_outcome": ["talk"],
            },
        ),
        [
            "flags[1].unless_outcome: flag 'n' would never be raised: whenever its condition "
            "holds, the result is one of these outcomes"
        ],
    ),
    # --- links, safety wording, dimensions, guarantees ------------------------------------
    (
        "a link to another site",
        _set(("bands", "ranges", 0, "read_more"), [{"label": "X", "href": "//evil.example/"}]),
        [
            "bands.ranges[0].read_more[0].href: must be a path on this site such as "
            "'/what-is-an-iop/' (got '//evil.example/')"
        ],
    ),
    (
        "a javascript link",
        _set(("flags", 0, "read_more"), [{"label": "X", "href": "javascript:alert(1)"}]),
        [
            "flags[0].read_more[0].href: must be a path on this site such as "
            "'/what-is-an-iop/' (got 'javascript:alert(1)')"
        ],
    ),
    (
        "a link that climbs out of its folder",
        _set(("outcomes", 0, "read_more"), [{"label": "X", "href": "/a/../b/"}]),
        [
            "outcomes[0].read_more[0].href: must be a path on this site such as "
            "'/what-is-an-iop/' (got '/a/../b/')"
        ],
    ),
    (
        "a link without text",
        _set(("outcomes", 0, "read_more"), [{"href": "/what-is-an-iop/"}]),
        ["outcomes[0].read_more[0].label: missing: every link needs 'label'"],
    ),
    (
        "safety wording without next steps",
        _drop(("bands", "ranges", 0, "with_safety", "next_steps")),
        [
            "bands.ranges[0].with_safety.next_steps: missing: every band's safety wording needs "
            "'next_steps'"
        ],
    ),
    (
        "a band's safety wording cannot change its label",
        _set(("bands", "ranges", 0, "with_safety", "title"), "Other"),
        [
            "bands.ranges[0].with_safety.title: unknown key 'title'",
        ],
    ),
    (
        "a band beside a safety flag without safety wording",
        _drop(("bands", "ranges", 0, "with_safety")),
        [
            "bands.ranges[0]: band 'low' can be the result while safety flag 'worry' is raised, "
            "so it needs wording for that case"
        ],
    ),
    (
        "an outcome beside a safety flag without safety wording",
        _drop(("outcomes", 1, "with_safety")),
        [
            "outcomes[1]: outcome 'fine' can be the result while safety flag 'worry' is raised, "
            "so it needs wording for that case"
        ],
    ),
    (
        "safety wording that is never shown",
        _set(("flags", 0, "kind"), "notice"),
        [
            "bands.ranges[0].with_safety: band 'low' is never the result while a safety flag is "
            "raised, so this wording would never be shown",
            "bands.ranges[1].with_safety: band 'high' is never the result while a safety flag is "
            "raised, so this wording would never be shown",
            "outcomes[1].with_safety: outcome 'fine' is never the result while a safety flag is "
            "raised, so this wording would never be shown",
        ],
    ),
    (
        "safety wording that is always shown",
        _set(("outcomes", 0, "with_safety"), {"meaning": "M.", "next_steps": ["S."]}),
        [
            "outcomes[0].with_safety: outcome 'talk' is only ever the result while a safety flag "
            "is raised, so its own meaning would never be shown"
        ],
    ),
    (
        "an unknown dimension",
        _do(
            _set(("dimensions",), [{"id": "safety", "label": "Safety"}]),
            _set(("questions", 0, "dimension"), "safty"),
            _set(("questions", 1, "dimension"), "safety"),
            _set(("questions", 2, "dimension"), "safety"),
        ),
        ["questions[0].dimension: 'safty' is not a dimension (did you mean 'safety'?)"],
    ),
    (
        "a dimension without a list of dimensions",
        _set(("questions", 0, "dimension"), "safety"),
        ["questions[0].dimension: 'safety' is not a dimension"],
    ),
    (
        "a question without its dimension",
        _do(
            _set(("dimensions",), [{"id": "mood", "label": "Mood"}]),
            _set(("questions", 0, "dimension"), "mood"),
            _set(("questions", 1, "dimension"), "mood"),
        ),
        [
            "questions[2]: question 'gate' has no dimension; when a definition declares "
            "dimensions, every question names the one it covers"
        ],
    ),
    (
        "a dimension no question covers",
        _do(
            _set(("dimensions",), [{"id": "mood", "label": "Mood"}, {"id": "home", "label": "H"}]),
            *[_set(("questions", i, "dimension"), "mood") for i in range(3)],
        ),
        ["dimensions[1]: dimension 'home' is not covered by any question"],
    ),
    (
        "two dimensions with one id",
        _do(
            _set(("dimensions",), [{"id": "mood", "label": "Mood"}, {"id": "mood", "label": "M"}]),
            *[_set(("questions", i, "dimension"), "mood") for i in range(3)],
        ),
        ["dimensions[1].id: duplicate dimension id 'mood': dimensions[0].id already uses it"],
    ),
    (
        "a guarantee that promises nothing",
        _set(("guarantees",), [{"name": "empty", "when": {"answer": "q1", "is": 0}}]),
        ["guarantees[0]: guarantee 'empty' promises nothing"],
    ),
    (
        "a guarantee naming an unknown outcome",
        _set(
            ("guarantees",),
            [{"name": "g", "when": {"answer": "q1", "is": 0}, "outcome_in": ["fien"]}],
        ),
        ["guarantees[0].outcome_in[0]: 'fien' is not an outcome (did you mean 'fine'?)"],
    ),
    (
        "a guarantee with both outcome lists",
        _set(
            ("guarantees",),
            [
                {
                    "name": "g",
                    "when": {"answer": "q1", "is": 0},
                    "outcome_in": ["fine"],
                    "outcome_not_in": ["talk"],
                }
            ],
        ),
        ["guarantees[0].outcome_not_in: 'outcome_not_in' cannot be combined with 'outcome_in'"],
    ),
    (
        "a guarantee about safety without a safety flag",
        _do(
            _set(("flags", 0, "kind"), "notice"),
            _set(
                ("guarantees",), [{"name": "g", "when": {"answer": "q1", "is": 0}, "safety": False}]
            ),
        ),
        [
            "guarantees[0].safety: the definition has no safety flag, so there is nothing to "
            "promise about one"
        ],
    ),
    (
        "two guarantees with one name",
        _set(
            ("guarantees",),
            [{"name": "g", "when": {"answer": "q1", "is": 0}, "outcome_in": ["fine"]}] * 2,
        ),
        ["guarantees[1].name: duplicate guarantee name 'g': guarantees[0].name already uses it"],
    ),
    (
        "a guarantee about outcomes that does not hold",
        _set(
            ("guarantees",),
            [{"name": "three talks", "when": {"answer": "q1", "is": 3}, "outcome_in": ["talk"]}],
        ),
        [
            "guarantees[0]: guarantee 'three talks' does not hold: the answers {q1: 3, q2: 0, "
            "gate: yes} give outcome 'fine'"
        ],
    ),
    (
        "a guarantee about safety that does not hold",
        _set(
            ("guarantees",),
            [{"name": "two is safe", "when": {"answer": "q1", "is": 2}, "safety": False}],
        ),
        [
            "guarantees[0].safety: guarantee 'two is safe' does not hold: the answers {q1: 2, "
            "q2: 2, gate: yes} raise a safety flag"
        ],
    ),
    (
        "a guarantee about crisis help that does not hold",
        _set(
            ("guarantees",),
            [{"name": "three is urgent", "when": {"answer": "q1", "is": 3}, "safety": True}],
        ),
        [
            "guarantees[0].safety: guarantee 'three is urgent' does not hold: the answers {q1: 3, "
            "q2: 0, gate: yes} raise no safety flag"
        ],
    ),
]


def _lines(error: DefinitionErrors) -> list[str]:
    return [e.line() for e in error.errors]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_message(minimal, change, expected):
    change(minimal)
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == expected


def test_not_a_mapping():
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(["id", "phq-9"])
    assert _lines(raised.value) == ["must be a mapping (got ['id', 'phq-9'], a list)"]


def test_summed_option_set_names_the_question(minimal):
    minimal["option_sets"]["frequency"][0]["value"] = "none"
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == [
        "option_sets.frequency: mixes integer and text values; use integers (points) or text "
        "codes, not both",
        "option_sets.frequency[0].value: must be an integer because score 'total' adds up "
        "question 'q1', "
        "which uses this option set (got 'none', a str)",
        "option_sets.frequency[0].value: must be an integer because score 'total' adds up "
        "question 'q2', "
        "which uses this option set (got 'none', a str)",
        "flags[0].when.at_least: needs integer values, but question 'q2' has text values ('none')",
    ]


def test_hints_say_how_to_fix(minimal):
    minimal["questions"][0]["optoins"] = []
    minimal["version"] = 1
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    hints = {e.line(): e.hint for e in raised.value.errors}
    assert hints["version: must be text (got 1, an int)"] == "Put it in quotes."
    assert hints["questions[0].optoins: unknown key 'optoins' (did you mean 'options'?)"] == (
        "A question can have: id, text, stem, context, examples, options, scored, required, "
        "reverse, show_if, loinc, dimension, topic."
    )


def test_every_error_is_reported_in_stage_order(minimal):
    # Stage 1 problems in two places at once; the later stages wait for them.
    minimal["questions"][0]["text"] = ""
    minimal["flags"][0]["kind"] = "danger"
    minimal["bands"]["ranges"][1]["min"] = 4  # a gap, reported only once the rest is clean
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == [
        "questions[0].text: must not be empty",
        "flags[0].kind: must be one of 'safety', 'notice' (got 'danger', a str)",
    ]


def test_quoted_numbers_get_a_hint(minimal):
    minimal["flags"][0]["when"] = {"answer": "q2", "is": "2"}
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [(e.line(), e.hint) for e in raised.value.errors] == [
        (
            "flags[0].when.is: must be an integer or a text code such as 'yes' (got '2', a str)",
            "Write the number without quotes.",
        ),
    ]


def test_tests_are_skipped_on_request(minimal):
    minimal["tests"][0]["expect"]["scores"]["total"] = 5
    assert load_definition(minimal, run_tests=False).id == "demo"


def test_the_error_summary(minimal):
    minimal["title"] = ""
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert str(raised.value) == "1 problem in the definition:\n  title: must not be empty"


def test_a_broken_option_set_is_reported_once(minimal):
    minimal["option_sets"]["frequency"][3]["label"] = ""
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == ["option_sets.frequency[3].label: must not be empty"]


def test_broken_bands_are_reported_once(minimal):
    del minimal["bands"]["ranges"][0]["label"]
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == ["bands.ranges[0].label: missing: every band needs 'label'"]


def test_per_variant_bounds_need_a_variant(minimal):
    minimal["bands"]["ranges"][0]["max"] = {"female": 2}
    minimal["bands"]["ranges"][1]["min"] = {"female": 3}
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert _lines(raised.value) == [
        "bands.ranges[0].max: gives a value per variant value, so bands need 'varies_by'",
        "bands.ranges[1].min: gives a value per variant value, so bands need 'varies_by'",
    ]


def test_hints_for_safety_wording_dimensions_and_guarantees(minimal):
    del minimal["bands"]["ranges"][0]["with_safety"]
    minimal["outcomes"][0]["with_safety"] = {"meaning": "M.", "next_steps": ["S."]}
    minimal["dimensions"] = [{"id": "mood", "label": "Mood"}, {"id": "home", "label": "Home"}]
    minimal["questions"][0]["dimension"] = "mod"
    minimal["questions"][1]["dimension"] = "mood"
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [(e.line(), e.hint) for e in raised.value.errors] == [
        (
            "questions[0].dimension: 'mod' is not a dimension (did you mean 'mood'?)",
            "Use one of the ids under dimensions.",
        ),
        (
            "questions[2]: question 'gate' has no dimension; when a definition declares "
            "dimensions, every question names the one it covers",
            "Add dimension: with one of 'mood', 'home'.",
        ),
        (
            "dimensions[1]: dimension 'home' is not covered by any question",
            "Name it in a question's dimension:, or remove it.",
        ),
    ]
    minimal["questions"][0]["dimension"] = "home"
    minimal["questions"][2]["dimension"] = "mood"
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [(e.line(), e.hint) for e in raised.value.errors] == [
        (
            "bands.ranges[0]: band 'low' can be the result while safety flag 'worry' is raised, "
            "so it needs wording for that case",
            "Add with_safety: with a meaning and next_steps that put safety first and do not "
            "reassure.",
        ),
        (
            "outcomes[0].with_safety: outcome 'talk' is only ever the result while a safety flag "
            "is raised, so its own meaning would never be shown",
            "Write the safety wording as its meaning and next_steps, and remove with_safety.",
        ),
    ]


def test_hints_for_held_back_notices(minimal):
    minimal["flags"][0]["unless_outcome"] = ["fine"]
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [e.hint for e in raised.value.errors] == [
        "Remove unless_outcome, or make the flag a notice."
    ]
    minimal["flags"][0].pop("unless_outcome")
    minimal["flags"].append(
        {
            "id": "n",
            "kind": "notice",
            "message": "m",
            "when": {"score": "total", "at_least": 5},
            "unless_outcome": ["talk"],
        }
    )
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [e.hint for e in raised.value.errors] == ["Remove some of them from unless_outcome."]


def test_a_held_back_notice_is_left_out_of_the_result(minimal):
    from screener_engine import score

    minimal["flags"].append(
        {
            "id": "n",
            "kind": "notice",
            "message": "m",
            "when": {"answer": "q1", "at_least": 1},
            "unless_outcome": ["talk"],
        }
    )
    screener = load_definition(minimal)
    assert [f.flag.id for f in score(screener, {"q1": 1, "q2": 0}).flags] == ["n"]
    assert [f.flag.id for f in score(screener, {"q1": 3, "q2": 2}).flags] == ["worry"]


def test_hints_for_guarantees(minimal, monkeypatch):
    from screener_engine import space

    minimal["guarantees"] = [
        {"name": "nothing", "when": {"answer": "q1", "is": 3}},
        {"name": "three talks", "when": {"answer": "q1", "is": 3}, "outcome_in": ["talk"]},
    ]
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [e.hint for e in raised.value.errors] == ["Add outcome_in, outcome_not_in or safety."]
    del minimal["guarantees"][0]
    minimal["guarantees"].append(
        {"name": "alarm", "when": {"answer": "q1", "is": 3}, "safety": True}
    )
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [e.hint for e in raised.value.errors] == [
        "Change the outcomes' conditions or priorities so these answers lead where the "
        "guarantee says (or correct the guarantee).",
        "Change the safety flags' conditions (or correct the guarantee).",
    ]
    # Out of budget, the safety wording check assumes the worst: 'talk' then needs wording.
    minimal["outcomes"][0]["with_safety"] = {"meaning": "M.", "next_steps": ["S."]}
    monkeypatch.setattr(space, "NODE_BUDGET", 2)
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(minimal)
    assert [(e.line(), e.hint) for e in raised.value.errors] == [
        (
            "guarantees[0]: guarantee 'three talks' could not be checked: the answers to walk "
            "through took more than 2 steps",
            "Make its condition narrower, or the rules it depends on simpler.",
        ),
        (
            "guarantees[1]: guarantee 'alarm' could not be checked: the answers to walk through "
            "took more than 2 steps",
            "Make its condition narrower, or the rules it depends on simpler.",
        ),
    ]


def test_guarantees_that_hold_pass(minimal):
    # A total of 5 or more needs q2 at 2 or more, which is the safety flag: the proof
    # must see that the score and the answer go together.
    minimal["guarantees"] = [
        {
            "name": "a total of 5 is urgent",
            "when": {"score": "total", "at_least": 5},
            "safety": True,
        },
        {"name": "calm is fine", "when": {"answer": "q2", "at_most": 1}, "outcome_in": ["fine"]},
    ]
    assert [g.name for g in load_definition(minimal).guarantees] == [
        "a total of 5 is urgent",
        "calm is fine",
    ]
