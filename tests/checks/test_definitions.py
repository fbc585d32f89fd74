"""Self-check definitions: the screener loader's lines become problems, or a clear note."""

from __future__ import annotations

import pytest
from content_checks import definitions
from content_checks.definitions import check_definitions, to_problem


def test_a_loader_line_is_printed_exactly_as_written():
    line = (
        "content/screeners/phq-9.yaml:14: questions[3].options[1].value: must be an integer "
        "(got '2')"
    )
    problem = to_problem(line, "content/screeners/phq-9.yaml")
    assert (str(problem), problem.line, problem.field, problem.severity) == (
        line,
        14,
        "questions[3].options[1].value",
        "error",
    )


def test_a_line_without_the_file_name_is_kept_whole():
    problem = to_problem("something went wrong", "content/screeners/x.yaml")
    assert str(problem) == "content/screeners/x.yaml: self-check: something went wrong"


def test_a_broken_definition_reports_every_loader_line(tmp_path, monkeypatch):
    loader = pytest.importorskip(definitions.LOADER)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "screeners"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: something-else\ntitle: A check\nminutes: two\n")
    report = check_definitions(folder)
    _model, expected = loader.check_file(folder / "broken.yaml", "screeners/broken.yaml")
    assert expected  # the loader does find problems in it
    assert [str(p) for p in report.problems] == expected
    assert (
        report.note == "Self-checks: 1 definition checked with their test cases, 1 with problems."
    )


def test_without_the_loader_the_check_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(definitions, "LOADER", "no_such_screener_loader")
    folder = tmp_path / "screeners"
    folder.mkdir()
    (folder / "phq-9.yaml").write_text("id: phq-9\n")
    report = check_definitions(folder)
    why = "ModuleNotFoundError: No module named 'no_such_screener_loader'"
    assert report.note == f"Self-checks: not checked; the screener loader is not available ({why})."
    assert [(p.severity, str(p)) for p in report.problems] == [
        (
            "warning",
            "screeners: self-checks: 1 definition not checked: the screener plugin's loader "
            "is not "
            f"available ({why}); the site build checks them once the screener plugin works",
        )
    ]


def test_no_definitions(tmp_path, monkeypatch):
    pytest.importorskip(definitions.LOADER)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "screeners").mkdir()
    report = check_definitions(tmp_path / "screeners")
    assert (report.problems, report.note) == ([], "Self-checks: no definitions in screeners/.")
