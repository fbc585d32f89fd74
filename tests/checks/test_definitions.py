"""Self-check definitions: the screener loader's problems, as `make check` reports them."""

from __future__ import annotations

from content_checks.definitions import check_definitions


def test_a_broken_definition_reports_every_problem_with_its_line_field_and_hint(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "screeners"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: something-else\ntitle: A check\nminutes: two\n")
    report = check_definitions(folder)
    minutes = next(p for p in report.problems if p.field == "minutes")
    assert (str(minutes), minutes.severity, minutes.hint) == (
        "screeners/broken.yaml:3: minutes: must be an integer (got 'two', a str)",
        "error",
        "",
    )
    missing = next(p for p in report.problems if p.field == "description")
    assert str(missing) == (
        "screeners/broken.yaml:1: description: missing: every screener needs 'description'"
    )
    assert missing.hint == "Add 'description': one or two sentences saying what it checks."
    assert str(next(p for p in report.problems if p.field == "id")) == (
        "screeners/broken.yaml:1: id: 'something-else' must equal the file name without .yaml "
        "('broken'); rename the file or change the id"
    )
    assert (
        report.note == "Self-checks: 1 definition checked with their test cases, 1 with problems."
    )


def test_clean_definitions_report_nothing(tmp_path, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.chdir(tmp_path)
    report = check_definitions(ROOT / "content" / "screeners")
    assert report.problems == []
    assert report.note.endswith("checked with their test cases, 0 with problems.")


def test_no_definitions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "screeners").mkdir()
    report = check_definitions(tmp_path / "screeners")
    assert (report.problems, report.note) == ([], "Self-checks: no definitions in screeners/.")
