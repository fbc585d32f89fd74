"""Plugin build overhead: the real site built with the screener plugin and without it.

"plugin" is the site's own settings (`make html`); "stock" is the same
settings with `screeners` left out of PLUGINS: what Pelican costs for the
same articles without self-checks. Builds alternate (A B, B A, ...), each
into a fresh output folder and a fresh content cache; the plugin's own
cache stays warm, as on an author's machine after the first build.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from pathlib import Path

from tools.build import ROOT, failure_message, run_pelican

PLUGIN = "screeners"


def settings_file(folder: Path, with_plugin: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("plugin.py" if with_plugin else "stock.py")
    lines = [f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"]
    if not with_plugin:
        lines.append(f"PLUGINS = [p for p in PLUGINS if p != {PLUGIN!r}]\n")
    path.write_text("".join(lines))
    return path


def timed_build(settings: Path, work: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one build (Pelican and what it starts)."""
    output = Path(tempfile.mkdtemp(dir=work))
    # Compiled modules kept, as on an author's machine (this machine's
    # environment sets PYTHONDONTWRITEBYTECODE).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = run_pelican(
        settings, content=ROOT / "content", output=output / "out", cache=output / "cache", env=env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if failure_message(done):
        raise RuntimeError(f"{settings.name} build failed:\n{failure_message(done)}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def overhead(work: Path, runs: int, log) -> dict[str, list[float]]:
    """Seconds of each variant per run, and the overhead per pair, wall and CPU, in %."""
    from pelican.settings import read_settings

    if PLUGIN not in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]:
        raise RuntimeError(f"pelicanconf.py's PLUGINS has no {PLUGIN!r} to leave out")
    variants = {"plugin": settings_file(work, True), "stock": settings_file(work, False)}
    for settings in variants.values():  # unmeasured: file caches, compiled modules
        timed_build(settings, work)
    samples: dict[str, list[float]] = {
        "plugin_s": [],
        "stock_s": [],
        "plugin_cpu": [],
        "stock_cpu": [],
    }
    for run in range(runs):
        order = list(variants) if run % 2 == 0 else list(reversed(variants))
        for name in order:
            wall, cpu = timed_build(variants[name], work)
            samples[f"{name}_s"].append(wall)
            samples[f"{name}_cpu"].append(cpu)
        log(f"  build {run + 1}/{runs}: plugin {samples['plugin_s'][-1]:.2f} s, "
            f"stock {samples['stock_s'][-1]:.2f} s")  # fmt: skip
    samples["overhead_pct"] = [
        100 * (p / s - 1) for p, s in zip(samples["plugin_s"], samples["stock_s"], strict=True)
    ]
    samples["overhead_cpu_pct"] = [
        100 * (p / s - 1)
        for p, s in zip(samples.pop("plugin_cpu"), samples.pop("stock_cpu"), strict=True)
    ]
    return samples
