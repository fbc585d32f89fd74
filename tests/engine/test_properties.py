"""Property-based tests: valid answers score in range with one band; junk never escapes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from screener_engine import handle

from .conftest import IDS

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def valid_answers(draw, screener):
    """Answers a radio form could send: every variant and question (optional ones maybe)."""
    answers = {}
    for variant in screener.variants:
        answers[variant.id] = str(draw(st.sampled_from(variant.values)))
    for question in screener.questions:
        if question.required or draw(st.booleans()):
            answers[question.id] = str(draw(st.sampled_from(question.values)))
    return answers


def _score(registry, screener_id, answers) -> dict:
    request = json.dumps({"op": "score", "screener": screener_id, "answers": answers})
    return json.loads(handle(request, registry))


@SETTINGS
@given(data=st.data(), screener_id=st.sampled_from(IDS))
def test_valid_answers_score_in_range_with_exactly_one_band(registry, data, screener_id):
    screener = registry[screener_id]
    answers = data.draw(valid_answers(screener))
    reply = _score(registry, screener_id, answers)
    assert reply["ok"] is True, reply
    for item in reply["scores"]:
        score = screener.score(item["id"])
        assert score.minimum <= item["value"] <= score.maximum
        assert (item["min"], item["max"]) == (score.minimum, score.maximum)
    # An independent sum of the shown answers' points.
    for score in screener.scores:
        if score.method == "sum":
            shown = {a["question"]: a for a in reply["answers"]}
            expected = sum(int(answers[q]) for q in score.items if q in shown and q in answers)
            assert next(s["value"] for s in reply["scores"] if s["id"] == score.id) == expected
    if screener.bands is not None:
        value = next(s["value"] for s in reply["scores"] if s["id"] == screener.bands.score)
        variant_value = answers.get(screener.bands.varies_by) if screener.bands.varies_by else None
        holding = [
            b.id
            for b in screener.bands.ranges
            if b.bounds(variant_value)[0] <= value <= b.bounds(variant_value)[1]
        ]
        assert len(holding) == 1
        assert reply["band"]["id"] == holding[0]
    if screener.outcomes:
        assert reply["outcome"] is not None
    assert reply["safety"] == any(f["kind"] == "safety" for f in reply["flags"])


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    st.integers().filter(lambda n: not -5 <= n <= 10),
    st.text(max_size=8).filter(
        lambda t: (
            not t.isdigit()
            and t
            not in {
                "yes",
                "no",
                "not-sure",
                "maybe",
                "female",
                "male",
                "other",
                "does-not-apply",
                "not-difficult",
                "somewhat",
                "very",
                "extremely",
            }
        )
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@SETTINGS
@given(data=st.data(), screener_id=st.sampled_from(IDS), junk=JUNK)
def test_a_junk_answer_to_a_shown_question_is_refused(registry, data, screener_id, junk):
    screener = registry[screener_id]
    answers = data.draw(valid_answers(screener))
    first = screener.questions[0]  # always shown
    answers[first.id] = junk
    reply = _score(registry, screener_id, answers)
    assert reply["ok"] is False
    assert any(e["question"] == first.id for e in reply["errors"])
    assert all(set(e) == {"path", "question", "message", "hint"} for e in reply["errors"])


@SETTINGS
@given(
    data=st.data(),
    screener_id=st.sampled_from(IDS),
    key=st.text(min_size=1, max_size=12),
    junk=JUNK,
)
def test_an_unknown_question_is_refused(registry, data, screener_id, key, junk):
    screener = registry[screener_id]
    if screener.question(key) or screener.variant(key):
        return
    answers = data.draw(valid_answers(screener))
    answers[key] = junk
    reply = _score(registry, screener_id, answers)
    assert reply["ok"] is False
    assert any(e["question"] == key for e in reply["errors"])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(
    request=st.one_of(
        st.text(max_size=200),
        JSON_VALUES.map(json.dumps),
        st.fixed_dictionaries(
            {"op": st.sampled_from(["score", "ping", "load", "x"])},
            optional={
                "screener": JSON_VALUES | st.sampled_from(IDS),
                "answers": JSON_VALUES,
                "bundle": JSON_VALUES,
                "extra": JSON_VALUES,
            },
        ).map(json.dumps),
    )
)
def test_handle_never_raises(registry, request):
    reply = json.loads(handle(request, registry))
    assert isinstance(reply["ok"], bool)
    if reply["ok"] is False:
        assert reply["errors"] and all(
            isinstance(e["message"], str) and e["message"] for e in reply["errors"]
        )
    else:
        parsed = json.loads(request)
        assert parsed["op"] in {"ping", "score", "load"}
