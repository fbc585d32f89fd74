"""`make bench`: the figures the open issues ask for, measured side by side, in one table.

    .venv/bin/python -m benchmarks.run            # 5 rounds, 21 builds of each variant
    .venv/bin/python -m benchmarks.run --quick    # 2 rounds, 11 builds
    .venv/bin/python -m benchmarks.run --only build

Prints the table, writes every sample to benchmarks/results/<time>.json
(git-ignored) and, after a full run, the table into README.md. A figure
never fails the run; the exit status is 1 only when a measurement could not
be made.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import build, phone, table
from .servers import DevServer, Nginx, free_port, publish

RESULTS = table.ROOT / "benchmarks" / "results"
PARTS = ("phone", "build")


def parse(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds and 11 builds")
    parser.add_argument("--rounds", type=int, help="rounds of browser visits (5; quick 2)")
    parser.add_argument("--builds", type=int, help="builds of each variant (21; quick 11)")
    parser.add_argument("--only", choices=PARTS, help="measure one part only")
    parser.add_argument(
        "--readme", action=argparse.BooleanOptionalAction, help="write the table into README.md "
        "(default: after a full run)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (2 if args.quick else 5)
    args.builds = args.builds or (11 if args.quick else 21)
    if args.readme is None:
        args.readme = not args.quick and not args.only
    return args


def log(message: str) -> None:
    print(message, flush=True)


def node_floor() -> dict:
    command = ["node", str(Path(__file__).parent / "node_floor.mjs"),
               str(table.ROOT / "node_modules" / "pyodide")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def embedded_article(output: Path) -> str:
    """The URL path of an article that embeds a self-check."""
    for page in sorted(output.glob("*/index.html")):
        if "data-screener=" in page.read_text() and page.parent.name != "self-checks":
            return f"/{page.parent.name}/"
    raise RuntimeError("no article embeds a self-check")


def one_round(playwright, work: Path, production: str, serve: str, article: str) -> dict:
    """Every browser figure once, in the same order each round."""

    def fresh(name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))

    found = {"node": node_floor()}
    profile = fresh("warm")
    phone.result_visit(playwright, profile, production, throttled=False)  # fills the cache
    found["warm"] = phone.result_visit(playwright, profile, production, throttled=False)
    node, warm = found["node"]["total_ms"], found["warm"]["ready_ms"] or 0
    log(f"  Node {node:.0f} ms, warm ready {warm:.0f} ms")
    found["phone"] = phone.result_visit(playwright, fresh("phone"), production, throttled=True)
    found["serve"] = phone.result_visit(playwright, fresh("serve"), serve, throttled=True)
    log(f"  throttled result: production {found['phone']['result_ms'] / 1000:.1f} s, "
        f"make serve {found['serve']['result_ms'] / 1000:.1f} s")  # fmt: skip
    found["embed"] = phone.untouched_embed(playwright, fresh("embed"), production + article)
    log(f"  untouched article: {found['embed']['runtime_bytes']:,} runtime bytes")
    found["warm_ratio"] = ratio(found["warm"]["ready_ms"], found["node"]["total_ms"])
    found["serve_ratio"] = ratio(found["serve"]["result_ms"], found["phone"]["result_ms"])
    return found


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def measure_phone(args, work: Path, samples: dict, errors: list) -> None:
    from playwright.sync_api import sync_playwright

    port = free_port()
    log("Building the production site (make publish) ...")
    output = publish(work / "publish", f"http://127.0.0.1:{port}")
    article = embedded_article(output)
    log("Starting nginx and make serve (it builds the site into output/) ...")
    with (
        Nginx(work / "nginx", port, output) as production,
        DevServer(work / "serve", free_port()) as serve,
        sync_playwright() as playwright,
    ):
        for number in range(args.rounds):
            log(f"Round {number + 1}/{args.rounds}")
            try:
                found = one_round(playwright, work, production.origin, serve.origin, article)
            except Exception:
                errors.append(traceback.format_exc())
                log(f"!! round {number + 1} failed:\n{errors[-1]}")
                continue
            for name, value in found.items():
                for field, sample in value.items() if isinstance(value, dict) else [("", value)]:
                    samples.setdefault(f"{name}.{field}".rstrip("."), []).append(sample)


def main(argv=None) -> int:
    args = parse(argv)
    # Stopped from outside, still stop the servers and browsers this started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, stamp = time.time(), dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="iop-bench-"))
    samples: dict[str, list] = {}
    errors: list[str] = []
    try:
        if args.only in (None, "phone"):
            try:
                measure_phone(args, work, samples, errors)
            except Exception:
                errors.append(traceback.format_exc())
                log(f"!! the browser figures could not be measured:\n{errors[-1]}")
        if args.only in (None, "build"):
            log(f"Builds: plugin and stock alternately, {args.builds} of each")
            try:
                for key, values in build.overhead(work / "build", args.builds, log).items():
                    samples[f"build.{key}"] = values
            except Exception:
                errors.append(traceback.format_exc())
                log(f"!! the builds could not be measured:\n{errors[-1]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wasm = table.summary([kinds.get("wasm") for kinds in samples.get("phone.by_kind", [])])
    rows = table.rows(samples, wasm[0] if wasm else None)
    minutes = (time.time() - started) / 60
    about = (
        f"Run `{stamp}` on {dt.date.today():%Y-%m-%d}, {minutes:.0f} min: {args.rounds} rounds "
        f"of visits, {args.builds} builds "
        f"of each variant. Machine: {table.machine()}. Load average at the start "
        f"{' / '.join(f'{x:.2f}' for x in load)}, at the end "
        f"{' / '.join(f'{x:.2f}' for x in os.getloadavg())}."
    )
    print(f"\n{about}\n\n{table.plain(rows)}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps({"about": about, "samples": samples, "errors": errors}, indent=1) + "\n"
    )
    log(f"Wrote benchmarks/results/{stamp}.json")
    if args.readme and not errors:
        table.write_readme(re.sub(r"\s+", " ", about) + "\n\n" + table.markdown(rows))
        log("Wrote the table into benchmarks/README.md")
    if errors:
        log(f"{len(errors)} measurement(s) could not be made; see above.")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
