"""The five published definitions: facts from instruments.md, our own wording, licences."""

from __future__ import annotations

import subprocess
import sys

import pytest
import textstat
from screener_engine.model import Always

from .conftest import IDS, ROOT, SCREENERS

FREQUENCY = [
    ("Not at all", 0),
    ("Several days", 1),
    ("More than half the days", 2),
    ("Nearly every day", 3),
]
DIFFICULTY = ["Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult"]


def options(question):
    return [(o.label, o.value) for o in question.options]


def test_the_five_definitions():
    assert IDS == ["audit-c", "gad-7", "iop-fit", "pc-ptsd-5", "phq-9"]


def test_phq9_is_the_pfizer_form(registry):
    phq = registry["phq-9"]
    assert (
        phq.stem
        == "Over the last 2 weeks, how often have you been bothered by any of the following "
        "problems?"
    )
    assert [q.text for q in phq.questions[:9]] == [
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ]
    assert [q.loinc for q in phq.questions] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "69722-7",
    ]
    assert all(options(q) == FREQUENCY for q in phq.questions[:9])
    assert [o.loinc for o in phq.questions[0].options] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]
    difficulty = phq.questions[9]
    assert difficulty.text.startswith(
        "If you checked off any problems, how difficult have these problems made"
    )
    assert not difficulty.scored and [o.label for o in difficulty.options] == DIFFICULTY
    assert [(b.id, b.label, b.min, b.max) for b in phq.bands.ranges] == [
        ("minimal", "None–minimal", 0, 4),
        ("mild", "Mild", 5, 9),
        ("moderate", "Moderate", 10, 14),
        ("moderately-severe", "Moderately severe", 15, 19),
        ("severe", "Severe", 20, 27),
    ]
    assert phq.instrument.licence.endswith(
        "No permission required to reproduce, translate, display or distribute."
    )
    assert phq.instrument.loinc == "44249-1" and phq.scores[0].loinc == "44261-6"


def test_phq9_item_9_safety_message(registry):
    flag = next(f for f in registry["phq-9"].flags if f.id == "self-harm")
    assert flag.kind == "safety"
    assert "988" in flag.message and "911" in flag.message
    lowered = flag.message.lower()
    assert "safe" not in lowered.replace("unsafe", "") and "zero" not in lowered


def test_clinician_actions_are_rewritten(registry):
    texts = " ".join(
        b.meaning + " ".join(b.next_steps) for b in registry["phq-9"].bands.ranges
    ).lower()
    for clinician_words in (
        "watchful waiting",
        "pharmacotherapy",
        "expedited referral",
        "collaborative management",
    ):
        assert clinician_words not in texts


def test_gad7_avoids_the_known_wrong_copies(registry):
    gad = registry["gad-7"]
    assert (
        gad.stem
        == "Over the last 2 weeks, how often have you been bothered by the following problems?"
    )
    assert [q.text for q in gad.questions[:7]] == [
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ]
    assert all(options(q) == FREQUENCY for q in gad.questions[:7])
    labels = {o.label for q in gad.questions for o in q.options}
    assert "Not at all sure" not in labels and "Over half the days" not in labels
    assert "LA18938-3" not in (SCREENERS / "gad-7.yaml").read_text(encoding="utf-8")
    assert [(b.min, b.max) for b in gad.bands.ranges] == [(0, 4), (5, 9), (10, 14), (15, 21)]
    for band in gad.bands.ranges[2:]:
        assert any("10 or more" in step for step in band.next_steps)
    assert gad.questions[7].text == (
        "If you checked off any problems, how difficult have these made it for you to do your "
        "work, take care of "
        "things at home, or get along with other people?"
    )


def test_auditc_uses_who_wording_and_cutoffs_by_sex(registry):
    audit = registry["audit-c"]
    assert [q.text for q in audit.questions] == [
        "How often do you have a drink containing alcohol?",
        "How many drinks containing alcohol do you have on a typical day when you are drinking?",
        "How often do you have six or more drinks on one occasion?",
    ]
    assert options(audit.questions[0]) == [
        ("Never", 0),
        ("Monthly or less", 1),
        ("2 to 4 times a month", 2),
        ("2 to 3 times a week", 3),
        ("4 or more times a week", 4),
    ]
    assert options(audit.questions[1]) == [
        ("1 or 2", 0),
        ("3 or 4", 1),
        ("5 or 6", 2),
        ("7, 8, or 9", 3),
        ("10 or more", 4),
    ]
    assert options(audit.questions[2]) == [
        ("Never", 0),
        ("Less than monthly", 1),
        ("Monthly", 2),
        ("Weekly", 3),
        ("Daily or almost daily", 4),
    ]
    positive = audit.bands.ranges[1]
    assert [positive.bounds(sex)[0] for sex in ("female", "male", "other")] == [3, 4, 3]
    sex = audit.variant("sex")
    assert "lower cut-off" in sex.note and "not stored" in sex.note
    assert "non-commercial" in audit.instrument.licence
    assert len(audit.instrument.citation) == 3
    assert {f.id for f in audit.flags} == {"points-from-q1", "stopping-suddenly"}
    assert all(f.kind == "notice" for f in audit.flags)


def test_pcptsd5_gate_and_items(registry):
    ptsd = registry["pc-ptsd-5"]
    gate = ptsd.questions[0]
    assert gate.context == (
        "Sometimes things happen to people that are unusually or especially frightening, "
        "horrible, or traumatic. For example:"
    )
    assert gate.examples == (
        "a serious accident or fire",
        "a physical or sexual assault or abuse",
        "an earthquake or flood",
        "a war",
        "seeing someone be killed or seriously injured",
        "having a loved one die through homicide or suicide.",
    )
    assert gate.text == "Have you ever experienced this kind of event?"
    assert all(q.stem == "In the past month, have you…" for q in ptsd.questions[1:])
    assert all(options(q) == [("Yes", 1), ("No", 0)] for q in ptsd.questions[1:])
    assert (
        "events(s)"
        not in (SCREENERS / "pc-ptsd-5.yaml").read_text(encoding="utf-8").split("id: event", 1)[1]
    )
    assert [(b.min, b.max) for b in ptsd.bands.ranges] == [(0, 2), (3, 5)]
    assert "4" in ptsd.bands.ranges[1].meaning and "VA" in ptsd.bands.ranges[1].meaning


ASAM_DIMENSIONS = [
    "intoxication and withdrawal",
    "biomedical conditions",
    "emotional, behavioral or cognitive conditions",
    "readiness to change",
    "relapse, continued use or continued problem potential",
    "recovery or living environment",
]
LOCUS_DIMENSIONS = [
    "risk of harm",
    "functional status",
    "co-morbidity",
    "recovery environment",
    "treatment and recovery history",
    "engagement and recovery status",
]


def test_iop_fit_rules(registry):
    iop = registry["iop-fit"]
    assert not iop.instrument.validated
    note = iop.instrument.note.lower()
    assert "educational" in note and "original" in note and "not a clinical assessment" in note
    assert "none of their text or scoring" in note and "not endorsed" in note
    assert [(o.id, o.priority) for o in iop.ordered_outcomes()] == [
        ("get-help-now", 1),
        ("more-care-now", 2),
        ("medical-first", 3),
        ("care-today", 4),
        ("pregnancy-care", 5),
        ("withdrawal-first", 6),
        ("home-first", 7),
        ("iop-with-barriers", 8),
        ("iop-fit", 9),
        ("weekly-support", 10),
    ]
    assert isinstance(iop.ordered_outcomes()[-1].when, Always)
    for outcome in iop.outcomes:
        assert "educational check, not a clinical assessment" in outcome.meaning.replace("\n", " ")
    assert [f.id for f in iop.safety_flags()] == [
        "danger",
        "recent-harm",
        "day-and-night",
        "medical-danger",
    ]
    for flag in iop.safety_flags():
        assert "911" in flag.message
    assert len(iop.score("signs").items) == 10
    time = iop.question("time").text
    # Adult IOP is at least 9 hours a week (ASAM level 2.1), as the articles say.
    assert "at least 9 hours of treatment a week" in time and "3 to 5 days" in time
    assert len(iop.guarantees) >= 9


def test_iop_fit_covers_the_asam_and_locus_dimensions_in_its_own_words(registry):
    iop = registry["iop-fit"]
    covers = " ".join(c for d in iop.dimensions for c in d.covers).lower()
    for name in ASAM_DIMENSIONS + LOCUS_DIMENSIONS:
        assert name in covers, name
    assert all(q.dimension and q.topic for q in iop.questions)
    covered = {q.dimension for q in iop.questions}
    assert covered == {d.id for d in iop.dimensions}
    citations = " ".join(iop.instrument.citation)
    assert "asam.org/asam-criteria/about-the-asam-criteria" in citations
    assert "LOCUS" in citations and "Version 20" in citations


def test_iop_fit_asks_what_changes_the_answer(registry):
    iop = registry["iop-fit"]
    topics = {q.id: q.topic for q in iop.questions}
    assert topics["unusual-experiences"] == "hearing or seeing things that others do not"
    assert topics["high-energy"] == "days of very high energy with little or no sleep"
    assert "recent weeks" in topics["recent-harm"]
    examples = " ".join(iop.question("medical-danger").examples)
    for danger in ("chest pain", "fainting", "eat or drink", "weight fast"):
        assert danger in examples
    assert iop.question("pregnancy").show_if is not None  # asked of people who use
    assert "safe, stable place to live" in iop.question("housing").text
    assert "benzodiazepines" in iop.question("withdrawal").text
    assert "opioids" in iop.question("opioid-withdrawal").text


@pytest.mark.parametrize("name", IDS)
def test_our_own_wording_is_plain(registry, name):
    screener = registry[name]
    parts = [v.note or "" for v in screener.variants]
    if screener.bands:
        for band in screener.bands.ranges:
            parts += [band.meaning, *band.next_steps]
    parts += [flag.message for flag in screener.flags]
    for outcome in screener.outcomes:
        parts += [outcome.meaning, *outcome.next_steps, outcome.explain or ""]
    if not screener.instrument.validated:
        parts += [q.text for q in screener.questions] + [
            q.context or "" for q in screener.questions
        ]
    grade = textstat.flesch_kincaid_grade(" ".join(p for p in parts if p))
    assert grade <= 8, f"{name}: grade {grade:.1f}"


def test_no_sentence_repeats_a_seed_article():
    tool = ROOT.parent / "shared" / "tools" / "seed_overlap.py"
    if not tool.exists():
        pytest.skip("the seed overlap tool is not available here")
    done = subprocess.run(
        [sys.executable, str(tool), "content/screeners"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1].startswith("0 repeated passage(s)")


def test_notice_names_every_definition_and_its_terms():
    notice = (SCREENERS / "NOTICE.md").read_text(encoding="utf-8")
    for name in IDS:
        assert f"`{name}.yaml`" in notice
    for words in (
        "MIT",
        "Pfizer",
        "World Health Organization",
        "Non-commercial use only",
        "Veterans Affairs",
        "Original content",
    ):
        assert words in notice


def _site_paths() -> set[str]:
    """The path of every article (its file name) and page (its Slug) in content/."""
    paths = {f"/{p.stem}/" for p in (ROOT / "content" / "articles").glob("*.md")}
    for page in (ROOT / "content" / "pages").glob("*.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("Slug:"):
                paths.add(f"/{line.split(':', 1)[1].strip()}/")
    return paths


@pytest.mark.parametrize("name", IDS)
def test_every_read_more_link_names_a_page_that_exists(registry, name):
    screener = registry[name]
    holders = [*screener.flags, *screener.outcomes]
    if screener.bands:
        holders += list(screener.bands.ranges)
    links = [link.href.split("#")[0] for item in holders for link in item.read_more]
    assert [href for href in links if href not in _site_paths()] == []


def test_results_link_to_articles():
    # At least the IOP results point readers to what an IOP is and what to expect.
    assert {"/what-is-an-iop/", "/get-help-now/"} <= _site_paths()
