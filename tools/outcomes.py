"""Print how often each outcome and flag happens over every set of answers.

    python -m tools.outcomes content/screeners/iop-fit.yaml
    python -m tools.outcomes content/screeners/iop-fit.yaml \\
        --given '{all: [{answer: danger-now, is: "no"}, {answer: time, is: "yes"}]}'

Every complete set of answers counts once: each shown question answered
with one of its options (an optional one may be left blank), each hidden
question unanswered. The counts are exact (`screener_engine.space`), not
sampled. They describe the rules, not visitors: real answers are far from
evenly spread, so read a share as "how much of the answer space leads
here", never as "how many people". `--given` narrows the space with a
condition written as in the definition format.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from screener_engine.conditions import references
from screener_engine.model import Condition, Screener
from screener_engine.proofs import flag_raised
from screener_engine.reader import INVALID, Reader
from screener_engine.space import AnswerSpace, Goal, SpaceTooLarge
from screeners.loader import check_file


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m tools.outcomes", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "definition", type=Path, help="a definition file, e.g. content/screeners/iop-fit.yaml"
    )
    parser.add_argument(
        "--given",
        metavar="CONDITION",
        help="count only the answer sets where this condition holds (YAML, as in a definition)",
    )
    return parser.parse_args(argv)


def read_condition(text: str, screener: Screener) -> tuple[Condition | None, list[str]]:
    """The condition in `text`, or None and what is wrong with it."""
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as error:
        return None, [f"--given: not YAML: {str(error).splitlines()[0]}"]
    reader = Reader()
    condition = reader.read_condition(data, ("given",))
    problems = [f"--given: {e.line()}" for e in reader.errors]
    if condition is INVALID:
        return None, problems or ["--given: not a condition"]
    known = {
        "answer": {item.id for item in (*screener.questions, *screener.variants)},
        "score": {score.id for score in screener.scores},
    }
    for kind, ident in references(condition):  # type: ignore[arg-type]
        if ident not in known[kind]:
            problems.append(
                f"--given: {ident!r} is not a {'question' if kind == 'answer' else kind}"
            )
    return (None if problems else condition), problems  # type: ignore[return-value]


def table(screener: Screener, given: Condition | None) -> list[str]:
    """The lines to print: totals, then outcomes, safety and flags with their shares."""
    space = AnswerSpace(screener)
    total = space.count(Goal(given=given)) if given is not None else space.size()
    lines = [f"{screener.id} (version {screener.version}): {total:,} complete sets of answers"]
    if given is not None:
        lines[0] += " where the --given condition holds"
    if total == 0:
        return lines

    def row(name: str, count: int) -> str:
        return f"  {name:<28} {count:>22,}  {100 * count / total:8.3f} %"

    if screener.outcomes:
        lines += ["", "outcome (in the order they are tried)"]
        counts = {
            o.id: space.count(Goal(given=given, outcomes=frozenset([o.id])))
            for o in screener.ordered_outcomes()
        }
        lines += [row(o, n) for o, n in counts.items()]
    if screener.safety_flags():
        lines += [
            "",
            "crisis help",
            row("a safety flag is raised", space.count(Goal(given=given, safety=True))),
        ]
    if screener.flags:
        lines += ["", "flags"]
        for flag in screener.flags:
            raised = flag_raised(screener, flag)
            condition = raised.given if given is None else _both(given, raised.given)
            goal = Goal(given=condition, outcomes=raised.outcomes)
            lines.append(row(f"{flag.id} ({flag.kind})", space.count(goal)))
    return lines


def _both(first: Condition, second: Condition) -> Condition:
    from screener_engine.model import AllOf

    return AllOf((first, second))


def main(argv=None) -> int:
    args = parse_args(argv)
    checked = check_file(args.definition, str(args.definition))
    if checked.definition is None:
        print("\n".join(problem.report() for problem in checked.problems), file=sys.stderr)
        return 1
    screener = checked.definition.screener
    given = None
    if args.given is not None:
        given, problems = read_condition(args.given, screener)
        if given is None:
            print("\n".join(problems), file=sys.stderr)
            return 2
    try:
        print("\n".join(table(screener, given)))
    except SpaceTooLarge as too_large:
        print(
            f"{args.definition}: the answer space is too large to walk ({too_large})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
