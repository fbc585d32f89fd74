"""Run the benchmarks, print a table, write JSON (and README.md on a full run).

    .venv/bin/python -m benchmarks.run            # everything (~30 min here)
    .venv/bin/python -m benchmarks.run --quick    # fewer runs, no 1,000-article build
    .venv/bin/python -m benchmarks.run --only pages,build --rounds 3

Needs `make test`'s installs (Playwright, Chromium, nginx) and, for
Lighthouse, `npm ci --prefix benchmarks`. Never fails on a time: the exit
status is 1 only when a benchmark could not run at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import alternatives as alt
from . import articles, build, pages, readme, report
from .machine import describe, one_line
from .site import ROOT, Nginx, publish

RESULTS = Path(__file__).parent / "results"
SECTIONS = ("pages", "articles", "lighthouse", "build")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller builds (~8 min)")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help="comma list of " + ", ".join(SECTIONS)
    )
    parser.add_argument("--rounds", type=int, help="page rounds (default 5, quick 3)")
    parser.add_argument(
        "--pace", type=float, default=1.5, help="seconds per answer, realistic visitor"
    )
    parser.add_argument(
        "--round-trips", type=int, help="scoring clicks per warm visit (default 20)"
    )
    parser.add_argument("--article-runs", type=int, help="visits per article (default 5, quick 3)")
    parser.add_argument(
        "--lighthouse-runs", type=int, help="Lighthouse runs per page (default 3, quick 1)"
    )
    parser.add_argument(
        "--build-sizes", help="synthetic article counts (default 10,100,1000; quick 10,100)"
    )
    parser.add_argument(
        "--build-runs",
        type=int,
        help="builds per variant of the largest size, and rebuilds (default 5, quick 3)",
    )
    parser.add_argument(
        "--short-build-runs",
        type=int,
        help="builds per variant of the real site and the smaller sizes, which take "
        "seconds and whose overhead is a few tens of ms (default 11, quick 5)",
    )
    parser.add_argument(
        "--alternatives",
        help="comma list of alternative builds to measure, 'all' or 'none' (default: "
        + ",".join(n for n, spec in alt.ALTERNATIVES.items() if spec["default"])
        + "; quick: none)",
    )
    parser.add_argument(
        "--readme",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="rewrite README.md (default: only after a full run)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="measure nothing: print the table of a saved run (benchmarks/results/*.json) "
        "and, with --readme, rewrite README.md from it",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(
            f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}"
        )
    args.rounds = args.rounds or (3 if quick else 5)
    args.round_trips = args.round_trips or (10 if quick else 20)
    args.article_runs = args.article_runs or (3 if quick else 5)
    args.lighthouse_runs = args.lighthouse_runs or (1 if quick else 3)
    args.build_sizes = [
        int(s) for s in (args.build_sizes or ("10,100" if quick else "10,100,1000")).split(",")
    ]
    args.build_runs = args.build_runs or (3 if quick else 5)
    args.short_build_runs = max(args.short_build_runs or (5 if quick else 11), args.build_runs)
    if args.alternatives in (None, ""):
        names = [] if quick else [n for n, spec in alt.ALTERNATIVES.items() if spec["default"]]
    elif args.alternatives == "all":
        names = list(alt.ALTERNATIVES)
    elif args.alternatives == "none":
        names = []
    else:
        names = [n.strip() for n in args.alternatives.split(",") if n.strip()]
        unknown = set(names) - set(alt.ALTERNATIVES)
        if unknown:
            parser.error(f"unknown alternative(s) {', '.join(sorted(unknown))}")
    args.alternatives = names
    args.throttled = not quick
    args.alternative_phases = {}
    full = not quick and set(args.only) == set(SECTIONS)
    args.readme = (full and not args.from_json) if args.readme is None else args.readme
    return args


def log(message: str) -> None:
    print(message, flush=True)


def tables(raw: dict, about: dict, published: dict) -> report.Report:
    """The report (rows and targets) of one run's raw figures."""
    result = report.Report()
    if raw.get("rounds"):
        report.pages_section(result, raw["rounds"], about)
    report.articles_section(result, raw.get("articles"), raw.get("lighthouse"))
    report.build_section(result, raw.get("build"), published)
    return result


def from_json(args) -> int:
    """Print (and with --readme write) the tables of a saved run."""
    import json
    from types import SimpleNamespace

    saved = report.from_json(json.loads(args.from_json.read_text()))
    result = tables(saved["raw"], saved.get("alternatives", {}), saved.get("published", {}))
    print(report.plain_text(result))
    if args.readme:
        options = SimpleNamespace(**saved["options"])
        readme.write(
            result, saved["machine"], saved["minutes"], saved["started"], options, saved["errors"]
        )
        log("Wrote benchmarks/README.md")
    return 0


def main(argv=None) -> int:
    args = parse(argv)
    if args.from_json:
        return from_json(args)
    started = time.time()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    machine = describe()
    log(f"Benchmarks on {one_line(machine)}")
    log(f"Load average at start: {' '.join(f'{x:.2f}' for x in machine['load_average'])}")
    work = Path(tempfile.mkdtemp(prefix="iop-bench-"))
    raw: dict = {}
    errors: list[str] = []
    published: dict = {}
    sites = {}
    about = {}
    nginx = None

    def attempt(name, function):
        try:
            return function()
        except Exception:
            errors.append(f"{name}: {traceback.format_exc()}")
            log(f"!! {name} failed:\n{traceback.format_exc()}")
            return None

    browser_sections = {"pages", "articles", "lighthouse"} & set(args.only)
    try:
        if browser_sections:
            log("Building the production site (publishconf + tools.publish) ...")
            sites["site"] = publish("site", work, before_compress=pages.install_floor_page)
            if "pages" in args.only:
                for name in args.alternatives:
                    spec = alt.ALTERNATIVES[name]
                    log(f"Building alternative '{name}' ...")
                    try:
                        sites[name] = publish(
                            name,
                            work,
                            spec["overrides"],
                            spec.get("patch"),
                            spec.get("after_compress"),
                        )
                        about[name] = spec["about"]
                        args.alternative_phases[name] = spec["phases"]
                    except alt.Skip as why:
                        log(f"  skipped: {why}")
                        raw.setdefault("skipped", {})[name] = str(why)
            published = {
                name: {"build_s": s.build_s, "publish_s": s.publish_s, "port": s.port}
                for name, s in sites.items()
            }
            nginx = Nginx(list(sites.values()), work / "nginx").start()
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                if "pages" in args.only:
                    log(f"Pages: {args.rounds} rounds")
                    rounds = []
                    for number in range(args.rounds):
                        log(f"  round {number + 1}/{args.rounds}")
                        data = attempt(
                            f"pages round {number + 1}",
                            lambda: pages.one_round(playwright, sites, nginx, work, args, log),
                        )
                        if data:
                            rounds.append(data)
                    raw["rounds"] = rounds
                if "articles" in args.only:
                    log(f"Articles: {args.article_runs} runs")
                    raw["articles"] = attempt(
                        "articles",
                        lambda: articles.run_visits(
                            playwright, sites["site"], nginx, args.article_runs, log
                        ),
                    )
            if "lighthouse" in args.only:
                log(f"Lighthouse: {args.lighthouse_runs} runs per page")
                raw["lighthouse"] = attempt(
                    "lighthouse",
                    lambda: articles.run_lighthouse(sites["site"], args.lighthouse_runs, log, work),
                )
    except Exception:
        errors.append(f"setup: {traceback.format_exc()}")
        log(f"!! setup failed:\n{traceback.format_exc()}")
    finally:
        if nginx:
            nginx.stop()
    if "build" in args.only:
        log(
            f"Build: sizes {args.build_sizes}, {args.short_build_runs} runs each "
            f"({args.build_runs} for the largest)"
        )
        raw["build"] = attempt(
            "build",
            lambda: build.run(
                work / "build",
                args.build_sizes,
                args.build_runs,
                log,
                with_cold=not args.quick,
                short_runs=args.short_build_runs,
            ),
        )

    if raw.get("build"):
        errors += raw["build"].get("errors", [])
    result = tables(raw, about, published)
    minutes = (time.time() - started) / 60
    machine["load_average_end"] = __import__("os").getloadavg()
    print(report.plain_text(result))
    log(
        f"Total time {minutes:.1f} min. Load average at end: "
        + " ".join(f"{x:.2f}" for x in machine["load_average_end"])
    )

    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"{stamp}.json"
    options = {k: v for k, v in vars(args).items()}
    report.dump(
        out,
        {
            "started": stamp,
            "minutes": minutes,
            "machine": machine,
            "options": options,
            "rows": [vars(r) for r in result.rows],
            "targets": [vars(t) for t in result.targets],
            "alternatives": about,
            "published": published,
            "errors": errors,
            "raw": raw,
        },
    )
    log(f"Wrote {out.relative_to(ROOT)}")
    if args.readme:
        readme.write(result, machine, minutes, stamp, args, errors)
        log("Wrote benchmarks/README.md")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"Kept {work}")
    if errors:
        log(f"{len(errors)} benchmark(s) could not run; see above.")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
