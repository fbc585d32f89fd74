"""Run a module as `python -m` would, and record what Python's garbage collector did.

    python benchmarks/gcwatch.py REPORT.json pelican -s ... -o ...

The build benchmark runs every build through this, plugin and stock alike,
so each build's table row can say how many collections of each generation
ran and how long they took. A full collection (generation 2) walks every
object Pelican holds; whether a build reaches one depends on how many
objects it has made in all, so a few thousand more can add one (about
20 ms) to a build that was just short of it.

Before the build it imports nothing that `python -m` does not (`json` only
afterwards), so that it moves the collector's counts as little as it can.
"""

import atexit
import gc
import os
import sys
import time

collections = [0, 0, 0]  # per generation
seconds = [0.0]  # in all collections
full_ms: list[float] = []  # each full collection, in ms
_started = [0.0]


def _on_collection(phase: str, info: dict) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
        return
    generation = info["generation"]
    spent = time.perf_counter() - _started[0]
    collections[generation] += 1
    seconds[0] += spent
    if generation == 2:
        full_ms.append(round(spent * 1000, 2))


def _write(path: str) -> None:
    import json

    with open(path, "w") as report:
        json.dump(
            {
                "collections": collections,
                "seconds": seconds[0],
                "full_ms": full_ms,
            },
            report,
        )


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit("usage: gcwatch.py REPORT.json MODULE [ARGS...]")
    report, module = sys.argv[1], sys.argv[2]
    sys.argv = [module, *sys.argv[3:]]
    sys.path[0] = os.getcwd()  # as `python -m` has it, not this script's folder
    atexit.register(_write, report)
    gc.callbacks.append(_on_collection)
    import runpy

    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
