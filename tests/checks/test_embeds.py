"""Self-check markers in articles must name a definition (make check and the build)."""

from __future__ import annotations

from content_checks.embeds import check_embeds, known_ids
from content_checks.runner import build_problems

IDS = ["gad-7", "phq-9"]


def problems(site, body, known=IDS):
    return [str(p) for p in check_embeds(site.article(body), known, "content/screeners")]


def test_a_known_marker_is_fine(site):
    assert problems(site, "Intro.\n\n[self-check: phq-9]\n\nMore.\n") == []


def test_an_unknown_marker_names_the_line_and_the_closest_id(site):
    assert problems(site, "Intro.\n\n[self-check: phq9]\n") == [
        "content/articles/a.md:10: self-check: [self-check: phq9]: there is no self-check "
        "called 'phq9'; did you mean 'phq-9'? the self-checks are gad-7, phq-9 (the file "
        "names in content/screeners)"
    ]


def test_a_marker_with_no_close_match_lists_the_self_checks(site):
    assert problems(site, "[self-check: mood]\n") == [
        "content/articles/a.md:8: self-check: [self-check: mood]: there is no self-check "
        "called 'mood'; the self-checks are gad-7, phq-9 (the file names in content/screeners)"
    ]


def test_with_no_definitions_the_message_says_where_they_go(site):
    assert problems(site, "[self-check: phq-9]\n", known=[]) == [
        "content/articles/a.md:8: self-check: [self-check: phq-9]: there is no self-check "
        "called 'phq-9'; there are no self-checks yet (definitions go in content/screeners)"
    ]


def test_a_marker_an_editor_escaped_is_still_a_marker(site):
    # The web editor saves a typed "[" as "\\[": Markdown drops the backslash.
    assert problems(site, "Intro.\n\n\\[self-check: phq-9]\n") == []
    assert problems(site, "\\[self-check: phq9]\n")[0].endswith(
        "did you mean 'phq-9'? the self-checks are gad-7, phq-9 (the file names in "
        "content/screeners)"
    )


def test_markers_in_code_are_examples_not_embeds(site):
    body = "Write `[self-check: mood]` on a line of its own.\n\n```\n[self-check: mood]\n```\n"
    assert problems(site, body) == []


def test_a_marker_inside_a_sentence_would_be_published_as_text_so_it_is_refused(site):
    # Line 8 is the body's first line (the front matter and a blank line come first).
    assert problems(site, "Take the [self-check: GAD-7] now.\n") == [
        "content/articles/a.md:8: self-check: [self-check: GAD-7]: a self-check marker must be "
        "on a line of its own, or it is published as plain text; put '[self-check: gad-7]' on "
        "its own line, with an empty line above and below"
    ]


def test_a_marker_in_the_wrong_case_or_spelling_names_the_one_to_write(site):
    assert problems(site, "[self-check: GAD-7]\n\n[Self Check: phq-9]\n") == [
        "content/articles/a.md:8: self-check: [self-check: GAD-7]: there is no self-check "
        "called 'GAD-7'; did you mean 'gad-7'? the self-checks are gad-7, phq-9 (the file "
        "names in content/screeners)",
        "content/articles/a.md:10: self-check: [Self Check: phq-9]: write the marker exactly "
        "as '[self-check: phq-9]' (lower case, with a hyphen)",
    ]


def test_known_ids_are_the_definition_file_names(site):
    site.write("screeners/phq-9.yaml", "id: phq-9\n")
    site.write("screeners/gad-7.yml", "id: gad-7\n")
    site.write("screeners/NOTICE.md", "notes\n")
    assert known_ids(site.content / "screeners") == ["gad-7", "phq-9"]
    assert known_ids(site.content / "missing") == []


def test_the_build_stops_on_an_unknown_marker_before_reading(site):
    site.write("screeners/phq-9.yaml", "id: phq-9\n")
    site.article("[self-check: phq9]\n")
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "PATH": str(site.content), "THEME": str(site.root / "theme")}
    found = [str(p) for p in build_problems(settings) if p.field == "self-check"]
    assert found == [
        "content/articles/a.md:8: self-check: [self-check: phq9]: there is no self-check "
        "called 'phq9'; did you mean 'phq-9'? the self-checks are phq-9 (the file names in "
        "content/screeners)"
    ]
