"""Self-check definitions: the screener plugin's full validation and test cases, per file.

The checking itself belongs to the screener plugin (`screeners.loader`):
the JSON Schema, the engine's meaning checks and every test case of the
definition. This module only finds the files and turns the loader's message
lines into problems. The loader is imported when needed, so `make check`
still runs (and says so) when the screener plugin is missing or broken.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .sources import display_path

DEFINITION_SUFFIXES = (".yaml", ".yml")
_LINE_RE = re.compile(r"^(?P<file>[^:\n]+?)(?::(?P<line>\d+))?: (?P<rest>.*)$", re.DOTALL)


@dataclass
class DefinitionReport:
    """What checking the definitions found, and a note for the summary."""

    problems: list[Problem] = field(default_factory=list)
    note: str = ""


def definition_files(folder: Path) -> list[Path]:
    """Every definition file (`*.yaml`, `*.yml`) in the folder, sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in DEFINITION_SUFFIXES)


LOADER = "screeners.loader"  # check_file(path, shown_name) -> (model or None, [message lines])


def _loader():
    try:
        loader = importlib.import_module(LOADER)
    except Exception as error:
        return None, f"{type(error).__name__}: {error}"
    if not callable(getattr(loader, "check_file", None)):
        return None, f"{LOADER} has no check_file(path, shown_name)"
    return loader, ""


def to_problem(message: str, shown: str) -> Problem:
    """One loader message line as a problem (printed exactly as the loader wrote it)."""
    match = _LINE_RE.match(message)
    if match and match["file"] == shown:
        rest = match["rest"]
        field_name, _, text = rest.partition(": ")
        if not text:
            field_name, text = "self-check", rest
        return Problem(shown, int(match["line"]) if match["line"] else None, field_name, text)
    return Problem(shown, None, "self-check", message)


def check_definitions(folder: Path) -> DefinitionReport:
    """Check every definition in `folder` with the screener plugin's loader."""
    files = definition_files(folder)
    shown_folder = display_path(folder)
    loader, why = _loader()
    if loader is None:
        note = f"Self-checks: not checked; the screener loader is not available ({why})."
        if not files:
            return DefinitionReport(note=note)
        count = len(files)
        warning = Problem(
            shown_folder,
            None,
            "self-checks",
            f"{count} definition{'s' if count != 1 else ''} not checked: the screener plugin's "
            f"loader is not available ({why}); the site build checks them once the screener "
            "plugin works",
            "warning",
        )
        return DefinitionReport([warning], note)
    if not files:
        return DefinitionReport(note=f"Self-checks: no definitions in {shown_folder}/.")
    report = DefinitionReport()
    for path in files:
        shown = display_path(path)
        _model, messages = loader.check_file(path, shown)
        report.problems.extend(to_problem(message, shown) for message in messages)
    failed = len({p.file for p in report.problems})
    report.note = (
        f"Self-checks: {len(files)} definition{'s' if len(files) != 1 else ''} checked "
        f"with their test cases, {failed} with problems."
    )
    return report
