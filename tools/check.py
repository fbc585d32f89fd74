"""Check every article, page, self-check and the theme before publishing (`make check`).

First the sources: front matter, links and images, headings, reading level,
review dates, privacy, self-check definitions with their test cases. If
they have no errors, the site is built into a private folder and the built
pages are checked too (links to /site/paths, loads from other sites).

Errors must be fixed (exit status 1). Warnings are worth a look; they fail
the run only with --strict. Every problem is printed as
`file:line: field: what is wrong and how to fix it`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from tools.build import failure_message, run_pelican

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BUILD_DIR = ".cache/check/site"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tools.check", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        help="the settings to check with (publishconf.py checks as `make publish` builds)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--output",
        type=Path,
        help="check this already built site instead of building one",
    )
    where.add_argument(
        "--build-dir",
        type=Path,
        default=Path(DEFAULT_BUILD_DIR),
        help=f"where to build the site for the checks (default {DEFAULT_BUILD_DIR})",
    )
    where.add_argument("--no-build", action="store_true", help="check the sources only")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--today", type=_date, help=argparse.SUPPRESS)  # for tests
    return parser.parse_args(argv)


def build(settings_file: str, content: Path, output: Path) -> str | None:
    """Build the site as `make html` does, into `output`; return Pelican's message on failure."""
    done = run_pelican(
        settings_file, content, output, cache=output.parent / f"{output.name}-cache", cwd=None
    )
    return failure_message(done)


def reading_table(readings, limit: float) -> list[str]:
    """The reading-level table: one row per article or page, worst first."""
    if not readings:
        return []
    lines = [
        f"Reading level (Flesch-Kincaid grade; the limit is {limit:g}):",
        "  grade  words  file",
    ]
    for reading in sorted(readings, key=lambda r: (-r.grade, r.file)):
        mark = "  <- above the limit" if reading.grade > limit else ""
        lines.append(f"  {reading.grade:5.1f}  {reading.words:5d}  {reading.file}{mark}")
    return lines


def main(argv=None) -> int:
    args = parse_args(argv)
    from content_checks.problems import Problem
    from content_checks.runner import check_built_site, check_content
    from content_checks.settings import CheckSettings, SettingsError
    from content_checks.sources import display_path
    from pelican.settings import read_settings

    settings = read_settings(args.settings)
    try:
        checks = CheckSettings.from_pelican(settings)
    except SettingsError as error:
        print(error)
        return 1
    report = check_content(settings, today=args.today)
    built = None
    if args.output is not None:
        if not (args.output / "index.html").is_file():
            report.problems.append(
                Problem(
                    display_path(args.output),
                    None,
                    "built site",
                    "there is no built site here (no index.html); run `make html` first, or "
                    "leave out --output to let the check build one",
                )
            )
        else:
            built = args.output
    elif args.no_build:
        report.notes.append("Built site: not checked (--no-build).")
    elif report.errors:
        report.notes.append(
            "Built site: not checked, because the sources have errors; fix them first."
        )
    else:
        failure = build(args.settings, checks.content_path, args.build_dir)
        if failure is None:
            built = args.build_dir
        else:
            report.problems.append(
                Problem(
                    args.settings,
                    None,
                    "build",
                    "the site did not build; Pelican said:\n    " + failure.replace("\n", "\n    "),
                )
            )
    if built is not None:
        report.problems.extend(check_built_site(settings, built))
        report.notes.append(
            f"Built site: checked {display_path(built)} (links to /site/paths, loads from "
            "other sites)."
        )

    errors, warnings = report.errors, report.warnings
    if errors:
        print("Errors (these must be fixed):")
        print("\n".join(str(p) for p in errors))
        print()
    if warnings:
        print("Warnings (worth a look):")
        print("\n".join(str(p) for p in warnings))
        print()
    table = reading_table(report.readings, checks.reading_grade_max)
    if table:
        print("\n".join(table))
        print()
    for note in report.notes:
        print(note)
    print(
        f"Result: {len(errors)} error{'s' if len(errors) != 1 else ''}, "
        f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        + (" (--strict: warnings fail the check)." if args.strict and warnings else ".")
    )
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
