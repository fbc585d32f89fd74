"""Self-check definitions: the screener plugin's full check and test cases, per file.

The checking itself belongs to the screener plugin (`screeners.loader`): the
definition format, the engine's meaning checks and every test case of the
definition. `make check` always checks every file in full (the build may
use its cache of files that passed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from screeners.catalog import one_file_per_id
from screeners.loader import check_file

from .problems import Problem
from .sources import display_path

DEFINITION_SUFFIXES = (".yaml", ".yml")


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


def check_definitions(folder: Path) -> DefinitionReport:
    """Check every definition in `folder` with the screener plugin's loader."""
    files = definition_files(folder)
    if not files:
        return DefinitionReport(note=f"Self-checks: no definitions in {display_path(folder)}/.")
    report = DefinitionReport()
    files, twins = one_file_per_id(files)
    report.problems.extend(twins)
    for path in files:
        report.problems.extend(check_file(path).problems)
    failed = len({p.file for p in report.problems})
    report.note = (
        f"Self-checks: {len(files)} definition{'s' if len(files) != 1 else ''} checked "
        f"with their test cases, {failed} with problems."
    )
    return report
