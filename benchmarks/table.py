"""The one table `make bench` prints: which figures, their goals, their floor, and formats."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from dataclasses import dataclass
from importlib import metadata

from tools.build import ROOT
from tools.chromium import chromium_path

from .phone import PHONE_NETWORK
from .servers import NGINX

README = ROOT / "benchmarks" / "README.md"
BEGIN, END = "<!-- table: written by make bench -->", "<!-- end of table -->"


@dataclass(frozen=True)
class Figure:
    """A row: the samples under `key` (one a round), with a goal and which floor to show."""

    label: str
    key: str
    unit: str  # bytes | ms | x | % | count
    goal: str = ""
    floor: str = ""  # "bytes" or "time": the wasm's size, or its download time


FIGURES = (
    Figure("bytes, navigation → PHQ-9 result, cold cache", "phone.bytes", "bytes",
           "≤ 5.0 MB (aim 4.0)", "bytes"),
    Figure("navigation → result painted, answers given at once", "phone.result_ms", "ms",
           "≤ 25 s", "time"),
    Figure("runtime bytes, article with a self-check never touched", "embed.runtime_bytes",
           "bytes", "0"),
    Figure("warm ready ÷ Node's bare loadPyodide (same round, unthrottled)", "warm_ratio", "x",
           "≤ 0.25x"),
    Figure("make serve ÷ production, navigation → result", "serve_ratio", "x", "≤ 1.5x"),
    Figure("plugin build overhead in CPU time: plugin ÷ stock − 1", "build.overhead_cpu_pct",
           "%", "≤ 10 %"),
    Figure("  the same in wall time", "build.overhead_pct", "%", "≤ 10 %"),
    Figure("production: status ready (throttled)", "phone.ready_ms", "ms", floor="time"),
    Figure("make serve: navigation → result (throttled)", "serve.result_ms", "ms", floor="time"),
    Figure("make serve: bytes to the result", "serve.bytes", "bytes", floor="bytes"),
    Figure("untouched article: runtime requests started", "embed.runtime_requests", "count"),
    Figure("untouched article: all bytes of the visit", "embed.bytes", "bytes"),
    Figure("warm: status ready (unthrottled)", "warm.ready_ms", "ms"),
    Figure("Node: bare loadPyodide, fresh process", "node.total_ms", "ms"),
    Figure("build: plugin (site settings)", "build.plugin_s", "s"),
    Figure("build: stock (PLUGINS minus screeners)", "build.stock_s", "s"),
)  # fmt: skip


def summary(samples) -> tuple[float, float, float] | None:
    """Median, min and max of the samples that are not None."""
    values = [v for v in samples or () if v is not None]
    return (statistics.median(values), min(values), max(values)) if values else None


def scale(value: float, unit: str) -> tuple[float, str, int]:
    """Divisor, suffix and decimals that suit a value in `unit`."""
    if unit == "bytes":
        return (1e6, " MB", 2) if value >= 1e5 else (1e3, " kB", 1)
    if unit == "ms":
        return (1000, " s", 1) if value >= 10_000 else (1, " ms", 0)
    return {"s": (1, " s", 2), "x": (1, "x", 2), "%": (1, " %", 1)}.get(unit, (1, "", 0))


def measured(samples, unit: str) -> str:
    """`median [min–max]` in the median's scale; n/a without samples."""
    found = summary(samples)
    if found is None:
        return "n/a"
    divisor, suffix, digits = scale(found[0], unit)
    middle, low, high = (f"{v / divisor:,.{digits}f}" for v in found)
    return f"{middle}{suffix}" + ("" if low == high else f" [{low}–{high}]")


def floor_text(kind: str, wasm_bytes: float | None) -> str:
    """The floor beside a figure: the wasm as served, or its download on the phone's line."""
    if not kind or not wasm_bytes:
        return ""
    if kind == "bytes":
        return measured([wasm_bytes], "bytes")
    seconds = PHONE_NETWORK["latency"] / 1000 + wasm_bytes / PHONE_NETWORK["downloadThroughput"]
    return f"{seconds:.1f} s"


def rows(samples: dict[str, list], wasm_bytes: float | None) -> list[tuple[str, ...]]:
    found = [
        (f.label, f.goal, measured(samples.get(f.key), f.unit), floor_text(f.floor, wasm_bytes))
        for f in FIGURES
    ]
    kinds = sorted({k for visit in samples.get("phone.by_kind") or () for k in visit})
    for kind in kinds:
        values = [visit.get(kind, 0) for visit in samples["phone.by_kind"]]
        found.append((f"  production, cold: {kind}", "", measured(values, "bytes"), ""))
    return found


HEADER = ("figure", "goal", "median [min–max]", "floor: the wasm")


def plain(table: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in (HEADER, *table)) for i in range(len(HEADER))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (HEADER, *table)
    )


def markdown(table: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(cell.strip() or " " for cell in row) + " |" for row in table]
    return "\n".join(lines)


def machine() -> str:
    def run(*command: str) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except OSError:
            return "not found"
        return (done.stdout or done.stderr).strip().splitlines()[0]

    with open("/proc/cpuinfo") as f:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), ""
        )
    with open("/proc/meminfo") as f:
        memory = int(f.readline().split()[1]) / 1024 / 1024
    pyodide = json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.1f} GB RAM, kernel {platform.release()}; "
        f"{run(chromium_path() or 'chromium', '--version')}; Node {run('node', '--version')}; "
        f"Pyodide {pyodide}; Python {platform.python_version()}, "
        f"Pelican {metadata.version('pelican')}; {run(NGINX, '-v')}"
    )


def write_readme(text: str) -> None:
    """Put `text` between the table markers of benchmarks/README.md."""
    readme = README.read_text()
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if END not in rest:
        raise RuntimeError(f"benchmarks/README.md has no {BEGIN} ... {END} block")
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")
