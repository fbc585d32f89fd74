"""Summaries of repeated measurements: median [min-max], and ratios of paired runs."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Summary:
    """Median, min and max of a list of samples (any unit)."""

    median: float
    min: float
    max: float
    n: int
    samples: tuple[float, ...]

    def as_dict(self) -> dict:
        """A JSON-ready dict, samples included."""
        data = asdict(self)
        data["samples"] = list(self.samples)
        return data


def summarize(samples) -> Summary | None:
    """The summary of the samples that are not None; None when there are none."""
    values = [float(v) for v in samples if v is not None]
    if not values:
        return None
    return Summary(statistics.median(values), min(values), max(values), len(values), tuple(values))


def ratios(numerators, denominators) -> list[float | None]:
    """Pairwise ratios of two equally long lists (runs measured side by side)."""
    return [
        (a / b) if a is not None and b not in (None, 0) else None
        for a, b in zip(numerators, denominators, strict=True)
    ]


def fmt(summary: Summary | None, unit: str) -> str:
    """`1.23 s [1.10–1.50]` in a unit that suits the numbers."""
    if summary is None:
        return "n/a"
    scale, suffix, digits = _unit(summary.median, unit)
    parts = [summary.median / scale, summary.min / scale, summary.max / scale]
    text = f"{parts[0]:,.{digits}f}{suffix}"
    if summary.n > 1 and summary.min != summary.max:
        text += f" [{parts[1]:,.{digits}f}–{parts[2]:,.{digits}f}]"
    return text


def _unit(value: float, unit: str) -> tuple[float, str, int]:
    if unit == "ms":
        if abs(value) >= 1000:
            return 1000.0, " s", 2
        return 1.0, " ms", 1 if abs(value) < 10 else 0
    if unit == "s":
        return 1.0, " s", 2
    if unit == "bytes":
        if abs(value) >= 1e6:
            return 1e6, " MB", 2
        if abs(value) >= 1e3:
            return 1e3, " kB", 1
        return 1.0, " B", 0
    if unit == "x":
        return 1.0, "x", 2
    if unit == "%":
        return 1.0, " %", 1
    if unit in ("score", "count"):
        return 1.0, "", 0
    return 1.0, f" {unit}" if unit else "", 0 if abs(value) >= 100 else 2
