"""`handle` and `load_bundle`: the JSON boundary used by the browser's worker."""

from __future__ import annotations

import hashlib
import json

import pytest
from screener_engine import DefinitionErrors, handle, load_bundle, worker

from tests.conftest import definition_data

from .conftest import IDS, SCREENERS

PHQ9_ZERO = {f"q{i}": "0" for i in range(1, 10)}


def ask(request, registry=None) -> dict:
    reply = handle(request if isinstance(request, str) else json.dumps(request), registry)
    assert isinstance(reply, str)
    return json.loads(reply)


def bundle_json() -> str:
    return json.dumps([definition_data(SCREENERS / f"{name}.yaml") for name in IDS])


@pytest.fixture
def loaded():
    """The real bundle loaded as the current registry; the previous one is put back after."""
    before = worker._current
    registry = load_bundle(bundle_json())
    yield registry
    worker._current = before


def test_the_result_contract(registry):
    answers = {**PHQ9_ZERO, "q1": "1", "q9": "1", "difficulty": "somewhat"}
    reply = ask({"op": "score", "screener": "phq-9", "answers": answers}, registry)
    screener = registry["phq-9"]
    minimal = screener.bands.ranges[0]
    flag = screener.flags[0]
    assert reply == {
        "ok": True,
        "screener": "phq-9",
        "version": "1.0.0",
        "scores": [
            {
                "id": "total",
                "label": "Total score",
                "value": 2,
                "min": 0,
                "max": 27,
                "prorated": False,
            }
        ],
        # Item 9 raised the safety flag: the band speaks in its safety wording.
        "band": {
            "id": "minimal",
            "label": "None–minimal",
            "meaning": minimal.with_safety.meaning,
            "next_steps": list(minimal.with_safety.next_steps),
            "safety_wording": True,
            "min": 0,
            "max": 4,
            # Every band in order, so the page can show where the result sits.
            "scale": [
                {"id": "minimal", "label": "None–minimal", "min": 0, "max": 4},
                {"id": "mild", "label": "Mild", "min": 5, "max": 9},
                {"id": "moderate", "label": "Moderate", "min": 10, "max": 14},
                {"id": "moderately-severe", "label": "Moderately severe", "min": 15, "max": 19},
                {"id": "severe", "label": "Severe", "min": 20, "max": 27},
            ],
            "read_more": [{"label": link.label, "href": link.href} for link in minimal.read_more],
        },
        "flags": [
            {
                "id": "self-harm",
                "kind": "safety",
                "title": "Please reach out for help now",
                "message": flag.message,
                "reasons": [
                    {
                        "question": "q9",
                        "score": None,
                        "text": "You answered “Several days” to “Thoughts that you would be "
                        "better off dead or of "
                        "hurting yourself in some way”.",
                    }
                ],
                "read_more": [{"label": link.label, "href": link.href} for link in flag.read_more],
            }
        ],
        "safety": True,
        "outcome": None,
        "answers": [
            {
                "question": q.id,
                "number": q.number,
                "text": q.text,
                "answer": {"0": "Not at all", "1": "Several days"}[answers[q.id]],
                "points": int(answers[q.id]),
            }
            for q in screener.questions[:9]
        ]
        + [
            {
                "question": "difficulty",
                "number": 10,
                "text": screener.questions[9].text,
                "answer": "Somewhat difficult",
                "points": None,
            }
        ],
        "ignored": [],
    }
    assert list(reply) == [
        "ok",
        "screener",
        "version",
        "scores",
        "band",
        "flags",
        "safety",
        "outcome",
        "answers",
        "ignored",
    ]


IOP_CALM = {
    "danger-now": "no",
    "recent-harm": "no",
    "day-and-night": "no",
    "medical-danger": "no",
    "unusual-experiences": "no",
    "high-energy": "no",
    "substance-use": "no",
    "housing": "yes",
    "readiness": "yes",
    "groups": "yes",
    "time": "yes",
    **{q: "no" for q in ("pulling-away", "daily-life", "relationships", "ups-and-downs")},
    **{q: "no" for q in ("past-trauma", "weekly-not-enough", "little-progress")},
    **{q: "no" for q in ("stepping-down", "provider-suggested")},
}


def test_outcome_and_ignored_shapes(registry):
    answers = dict(IOP_CALM)
    answers["daily-life"] = answers["past-trauma"] = answers["relationships"] = "yes"
    reply = ask({"op": "score", "screener": "iop-fit", "answers": answers}, registry)
    assert reply["band"] is None
    assert reply["outcome"]["id"] == "iop-fit"
    # Questions with a topic are named by it.
    assert reply["outcome"]["reasons"] == [
        {
            "question": None,
            "score": "signs",
            "text": "Signs that more support may help: 3 out of 10.",
        },
        {
            "question": "daily-life",
            "score": None,
            "text": "You answered “Yes” about finding it hard to keep up with daily life.",
        },
        {
            "question": "past-trauma",
            "score": None,
            "text": "You answered “Yes” about something painful from your past getting in the way.",
        },
        {
            "question": "relationships",
            "score": None,
            "text": "You answered “Yes” about your struggles hurting your relationships.",
        },
    ]
    assert set(reply["outcome"]) == {
        "id",
        "title",
        "meaning",
        "next_steps",
        "safety_wording",
        "reasons",
        "read_more",
    }
    assert reply["outcome"]["read_more"][0] == {
        "label": "What is an IOP?",
        "href": "/what-is-an-iop/",
    }
    reply = ask(
        {"op": "score", "screener": "audit-c", "answers": {"sex": "male", "q1": "0", "q2": "1"}},
        registry,
    )
    assert reply["ignored"] == [
        {
            "question": "q2",
            "number": 2,
            "text": "Your answer to question 2 was not used, "
            "because that question did not apply to your other answers.",
        }
    ]


def test_an_always_outcome_gives_its_explanation_and_the_scores_the_others_tested(registry):
    reply = ask({"op": "score", "screener": "iop-fit", "answers": IOP_CALM}, registry)
    outcome = registry["iop-fit"].outcomes[-1]
    assert reply["outcome"]["id"] == outcome.id == "weekly-support"
    assert reply["outcome"]["reasons"] == [
        {"question": None, "score": None, "text": outcome.explain},
        {
            "question": None,
            "score": "signs",
            "text": "Signs that more support may help: 0 out of 10.",
        },
    ]


def test_variants_are_never_echoed(registry):
    reply = ask(
        {
            "op": "score",
            "screener": "audit-c",
            "answers": {"sex": "female", "q1": "3", "q2": "0", "q3": "0"},
        },
        registry,
    )
    text = json.dumps(reply)
    assert "female" not in text and '"sex"' not in text
    assert [a["question"] for a in reply["answers"]] == ["q1", "q2", "q3"]
    assert reply["flags"][0]["reasons"] == [
        {
            "question": "q2",
            "score": None,
            "text": "You answered “1 or 2” to “How many drinks containing alcohol do "
            "you have on a typical day when you are drinking?”",
        },
        {
            "question": "q3",
            "score": None,
            "text": "You answered “Never” to “How often do you have six or more drinks on one "
            "occasion?”",
        },
        {"question": None, "score": "total", "text": "AUDIT-C score: 3 out of 12."},
    ]


def test_errors_shape(registry):
    reply = ask({"op": "score", "screener": "phq-9", "answers": {"q1": "0", "q2": "7"}}, registry)
    assert reply["ok"] is False
    assert reply["errors"][:2] == [
        {
            "path": "answers.q2",
            "question": "q2",
            "message": "The answer to question 2 is not one of its choices.",
            "hint": "Choose one of: “Not at all”, “Several days”, “More than half the days”, "
            "“Nearly every day”.",
        },
        {
            "path": "answers.q3",
            "question": "q3",
            "message": "Question 3 has no answer yet.",
            "hint": "Choose the answer that fits best.",
        },
    ]
    assert [e["question"] for e in reply["errors"]] == [
        "q2",
        "q3",
        "q4",
        "q5",
        "q6",
        "q7",
        "q8",
        "q9",
    ]


def test_ping(registry):
    assert ask({"op": "ping"}, registry) == {
        "ok": True,
        "op": "ping",
        "engine": worker.ENGINE_VERSION,
        "screeners": IDS,
        "bundle": worker._bundle_hash,
    }


def test_ping_names_the_bundle_text_it_was_loaded_from(loaded):
    text = bundle_json()
    expected = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    assert ask({"op": "ping"})["bundle"] == expected
    load_bundle(text.replace('"phq-9"', '"phq-9" ', 1))
    assert ask({"op": "ping"})["bundle"] != expected


@pytest.mark.parametrize(
    ("screener", "answers", "visible"),
    [
        # The PC-PTSD-5 items follow the gate only when it is "Yes".
        ("pc-ptsd-5", {}, ["event"]),
        ("pc-ptsd-5", {"event": "no"}, ["event"]),
        ("pc-ptsd-5", {"event": "yes"}, ["event", "q1", "q2", "q3", "q4", "q5"]),
        # The PHQ-9 difficulty question appears once any item is above 0.
        ("phq-9", PHQ9_ZERO, [f"q{i}" for i in range(1, 10)]),
        ("phq-9", {**PHQ9_ZERO, "q4": "1"}, [*(f"q{i}" for i in range(1, 10)), "difficulty"]),
        # Unreadable answers count as unanswered, never as an error here.
        ("pc-ptsd-5", {"event": "maybe", "zzz": 1}, ["event"]),
    ],
)
def test_the_visible_operation(loaded, screener, answers, visible):
    assert ask({"op": "visible", "screener": screener, "answers": answers}) == {
        "ok": True,
        "op": "visible",
        "visible": visible,
    }


def test_the_visible_operation_needs_a_mapping(loaded):
    reply = ask({"op": "visible", "screener": "phq-9", "answers": [1]})
    assert reply["ok"] is False
    assert reply["errors"][0]["message"] == "The answers could not be read."


def test_load_bundle_sets_the_current_registry(loaded):
    assert sorted(loaded) == IDS
    reply = ask({"op": "score", "screener": "phq-9", "answers": PHQ9_ZERO})
    assert reply["ok"] is True and reply["scores"][0]["value"] == 0


def test_load_bundle_does_not_run_test_cases():
    definition = definition_data(SCREENERS / "gad-7.yaml")
    definition["tests"][0]["expect"]["scores"]["total"] = 99
    registry = load_bundle(json.dumps([definition]))
    assert list(registry) == ["gad-7"]


@pytest.mark.parametrize(
    ("bundle", "lines"),
    [
        ("[", ["the bundle is not valid JSON: Expecting value: line 1 column 2 (char 1)"]),
        ('{"id": "x"}', ["the bundle must be a list of definitions"]),
        ("[1]", ["[0]: must be a mapping (got 1, an int)"]),
    ],
)
def test_load_bundle_errors(bundle, lines):
    before = worker._current
    with pytest.raises(DefinitionErrors) as raised:
        load_bundle(bundle)
    assert [e.line() for e in raised.value.errors] == lines
    assert worker._current is before


def test_load_bundle_refuses_duplicate_ids():
    definition = definition_data(SCREENERS / "gad-7.yaml")
    with pytest.raises(DefinitionErrors) as raised:
        load_bundle(json.dumps([definition, definition]))
    assert [e.line() for e in raised.value.errors] == ["[1].id: duplicate screener id 'gad-7'"]


UNREADABLE = {
    "path": "",
    "question": None,
    "message": "The request could not be read.",
    "hint": 'Send a JSON object such as {"op": "ping"}.',
}


@pytest.mark.parametrize(
    ("request_text", "error"),
    [
        ("", UNREADABLE),
        ("{", UNREADABLE),
        ("[]", UNREADABLE),
        ("null", UNREADABLE),
        ('"ping"', UNREADABLE),
        (
            "{}",
            {
                "path": "op",
                "question": None,
                "message": "Unknown request “null”.",
                "hint": "Use one of: ping, score, visible.",
            },
        ),
        (
            '{"op": "delete"}',
            {
                "path": "op",
                "question": None,
                "message": "Unknown request “delete”.",
                "hint": "Use one of: ping, score, visible.",
            },
        ),
        (
            '{"op": ["score"]}',
            {
                "path": "op",
                "question": None,
                "message": 'Unknown request “["score"]”.',
                "hint": "Use one of: ping, score, visible.",
            },
        ),
        (
            '{"op": "ping", "id": 3}',
            {
                "path": "id",
                "question": None,
                "message": "Unknown key “id” in the request.",
                "hint": "Use only: op.",
            },
        ),
        (
            '{"op": "score", "screener": "phq-10", "answers": {}}',
            {
                "path": "screener",
                "question": None,
                "message": "There is no self-check called “phq-10”.",
                "hint": "Reload the page and try again.",
            },
        ),
        (
            '{"op": "score", "screener": 9, "answers": {}}',
            {
                "path": "screener",
                "question": None,
                "message": "There is no self-check called “9”.",
                "hint": "Reload the page and try again.",
            },
        ),
        (
            '{"op": "score", "screener": "phq-9"}',
            {
                "path": "answers",
                "question": None,
                "message": "The answers could not be read.",
                "hint": "Send the answers with the request.",
            },
        ),
        (
            '{"op": "score", "screener": "phq-9", "answers": ["0"]}',
            {
                "path": "answers",
                "question": None,
                "message": "The answers could not be read.",
                "hint": "Send a mapping of question ids to answers.",
            },
        ),
        (
            '{"op": "score", "screener": "phq-9", "answers": {"q99": "0"}}',
            {
                "path": "answers.q99",
                "question": "q99",
                "message": "This self-check has no question called “q99”.",
                "hint": "The page may be out of date: reload it and try again.",
            },
        ),
    ],
)
def test_bad_requests(registry, request_text, error):
    reply = ask(request_text, registry)
    assert reply["ok"] is False
    assert error in reply["errors"]


def test_not_json_text():
    unreadable = {"ok": False, "errors": [UNREADABLE], "safety": False, "flags": []}
    assert json.loads(handle(b'{"op": "ping"}')) == unreadable  # type: ignore[arg-type]
    assert json.loads(handle(None)) == unreadable  # type: ignore[arg-type]


def test_nothing_loaded_yet():
    reply = ask({"op": "score", "screener": "phq-9", "answers": {}}, {})
    assert reply["errors"] == [
        {
            "path": "screener",
            "question": None,
            "message": "The self-checks are not loaded yet.",
            "hint": "Wait a moment and try again.",
        }
    ]


def test_an_internal_error_becomes_a_reply(registry, monkeypatch):
    def broken(*args):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(worker, "score", broken)
    reply = ask({"op": "score", "screener": "phq-9", "answers": PHQ9_ZERO}, registry)
    assert reply == {
        "ok": False,
        "errors": [
            {
                "path": "",
                "question": None,
                "message": "Something went wrong while scoring your answers. Nothing was sent "
                "anywhere; please try again.",
                "hint": "Internal error: ZeroDivisionError.",
            }
        ],
        "safety": False,
        "flags": [],
    }


def test_deeply_nested_json_does_not_escape(registry):
    reply = ask(
        '{"op": "score", "screener": "phq-9", "answers": ' + "[" * 100_000 + "]" * 100_000 + "}",
        registry,
    )
    assert reply["ok"] is False


def test_huge_numbers_do_not_escape(registry):
    reply = ask(
        '{"op": "score", "screener": "phq-9", "answers": {"q1": ' + "9" * 5000 + "}}", registry
    )
    assert reply["ok"] is False


def test_long_and_odd_ids_are_clipped(registry):
    key = "x" * 500 + "\ud800"
    reply = ask({"op": "score", "screener": "phq-9", "answers": {**PHQ9_ZERO, key: "0"}}, registry)
    assert reply["errors"][0]["message"] == f"This self-check has no question called “{'x' * 39}…”."


def test_refused_answers_still_raise_safety_flags(registry):
    answers = {**PHQ9_ZERO, "q9": "3"}
    del answers["q3"]
    reply = ask({"op": "score", "screener": "phq-9", "answers": answers}, registry)
    assert reply["ok"] is False and [e["question"] for e in reply["errors"]] == ["q3"]
    assert reply["safety"] is True
    assert [(f["id"], f["reasons"]) for f in reply["flags"]] == [
        (
            "self-harm",
            [
                {
                    "question": "q9",
                    "score": None,
                    "text": "You answered “Nearly every day” to “Thoughts that you would be better "
                    "off dead or of hurting yourself in some way”.",
                }
            ],
        )
    ]


def test_a_refused_safety_answer_raises_nothing(registry):
    reply = ask({"op": "score", "screener": "phq-9", "answers": {**PHQ9_ZERO, "q9": "4"}}, registry)
    assert (reply["safety"], reply["flags"]) == (False, [])


def test_a_score_flag_waits_for_every_item(registry):
    answers = {f"q{i}": "3" for i in range(2, 10)}  # q1 missing: the total is not known yet
    reply = ask({"op": "score", "screener": "phq-9", "answers": answers}, registry)
    assert [f["id"] for f in reply["flags"]] == ["self-harm"]


def test_danger_first_even_with_nothing_else_answered(registry):
    reply = ask(
        {"op": "score", "screener": "iop-fit", "answers": {"danger-now": "not-sure"}}, registry
    )
    # 20 questions are shown before the alcohol and drug question is answered.
    assert reply["ok"] is False and len(reply["errors"]) == 19
    assert reply["safety"] is True and [f["id"] for f in reply["flags"]] == ["danger"]


def test_notices_are_not_raised_for_refused_answers(registry):
    reply = ask({"op": "score", "screener": "iop-fit", "answers": {"time": "no"}}, registry)
    assert (reply["safety"], reply["flags"]) == (False, [])


def test_safety_wording_replaces_a_band_and_an_outcome_only_beside_a_safety_flag(minimal):
    from screener_engine import load_definition

    minimal["bands"]["ranges"][0]["read_more"] = [
        {"label": "What is an IOP?", "href": "/what-is-an-iop/"}
    ]
    minimal["flags"][0]["read_more"] = [{"label": "Get help now", "href": "/get-help-now/"}]
    registry = {"demo": load_definition(minimal)}

    def reply(q2: int) -> dict:
        return ask({"op": "score", "screener": "demo", "answers": {"q1": 0, "q2": q2}}, registry)

    calm, worried = reply(1), reply(2)
    assert (calm["safety"], worried["safety"]) == (False, True)
    assert calm["band"]["meaning"] == "Low." and calm["band"]["safety_wording"] is False
    assert calm["band"]["next_steps"] == ["Rest."]
    assert worried["band"]["meaning"] == "Low, but get help."
    assert (
        worried["band"]["next_steps"] == ["Call now."] and worried["band"]["safety_wording"] is True
    )
    assert worried["band"]["label"] == "Low"  # the band's name stays
    assert calm["outcome"]["title"] == "Fine" and calm["outcome"]["safety_wording"] is False
    assert (worried["outcome"]["title"], worried["outcome"]["meaning"]) == ("Get help", "Get help.")
    assert worried["outcome"]["next_steps"] == ["Call."]
    links = [{"label": "What is an IOP?", "href": "/what-is-an-iop/"}]
    assert calm["band"]["read_more"] == worried["band"]["read_more"] == links
    assert worried["flags"][0]["read_more"] == [{"label": "Get help now", "href": "/get-help-now/"}]
    assert calm["outcome"]["read_more"] == []


def test_a_topic_names_the_question_in_reasons(minimal):
    from screener_engine import load_definition

    minimal["questions"][2]["topic"] = "anything else"
    minimal["flags"].append(
        {
            "id": "blank",
            "kind": "notice",
            "message": "m",
            "when": {"answer": "gate", "answered": False},
        }
    )
    minimal["flags"].append(
        {"id": "said", "kind": "notice", "message": "m", "when": {"answer": "gate", "is": "yes"}}
    )
    registry = {"demo": load_definition(minimal)}
    answers = {"q1": 0, "q2": 0}
    blank = ask({"op": "score", "screener": "demo", "answers": answers}, registry)
    said = ask({"op": "score", "screener": "demo", "answers": {**answers, "gate": "yes"}}, registry)
    assert [r["text"] for r in blank["flags"][0]["reasons"]] == [
        "You did not answer the question about anything else."
    ]
    assert [r["text"] for r in said["flags"][0]["reasons"]] == [
        "You answered “Yes” about anything else."
    ]
