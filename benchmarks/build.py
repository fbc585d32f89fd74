"""Build benchmarks: the real site, and synthetic sites of 10, 100 and 1,000 articles.

Each size is built with the site's settings ("plugin": every plugin) and with
the same settings minus the screeners plugin ("stock": what the site would
cost without self-checks), interleaved A B A B, each run into a fresh output
and a fresh Pelican content cache. The plugin's own cache
(SCREENER_CACHE_PATH: the Pyodide snapshot and the parsed definitions) is
warm, as on any machine after its first build; the one-time cost of making
the snapshot is measured on its own. "minimal" (only the plugins the theme
needs) is measured too, so the cost of the other plugins (content checks,
Pagefind search) is visible.

Synthetic articles are the five real articles copied in groups (links between
them rewritten to stay inside the group), with their own title, so every
build check passes and one article in five embeds a self-check.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from .site import ROOT, pelican, settings_file
from .stats import ratios, summarize

CONTENT = ROOT / "content"
# The theme cannot render without these (filters and context they add).
THEME_PLUGINS = ("navigation", "theme_assets")
LINK_RE = re.compile(r"\{filename\}(?!/)([\w.-]+)\.md")


def synthetic_content(folder: Path, articles: int) -> Path:
    """A content folder with `articles` synthetic articles, the real pages and all screeners."""
    sources = sorted((CONTENT / "articles").glob("*.md"))
    if articles % len(sources):
        raise ValueError(f"articles must be a multiple of {len(sources)} (got {articles})")
    content = folder / "content"
    shutil.copytree(CONTENT / "pages", content / "pages")
    shutil.copytree(CONTENT / "screeners", content / "screeners")
    target = content / "articles"
    target.mkdir(parents=True)
    today = dt.date.today().isoformat()
    for group in range(articles // len(sources)):
        suffix = f"-copy{group:04d}"
        for source in sources:
            text = source.read_text()
            head, _, body = text.partition("\n\n")
            lines = []
            for line in head.splitlines():
                key, _, value = line.partition(":")
                if key == "Title":
                    line = f"Title: {value.strip()} (copy {group})"
                elif key in ("Date", "Reviewed"):
                    line = f"{key}: {today}"
                lines.append(line)
            body = LINK_RE.sub(lambda m, s=suffix: f"{{filename}}{m.group(1)}{s}.md", body)
            (target / f"{source.stem}{suffix}.md").write_text("\n".join(lines) + "\n\n" + body)
    return content


def variant_settings(folder: Path, content: Path, variant: str) -> Path:
    """Settings for one variant: plugin (the site's), stock (no screeners), bare (no plugins)."""
    from pelican.settings import read_settings

    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    overrides = {"PATH": str(content)}
    if variant == "stock":
        overrides["PLUGINS"] = [p for p in plugins if p != "screeners"]
    elif variant == "minimal":
        overrides["PLUGINS"] = [p for p in plugins if p in THEME_PLUGINS]
    settings = settings_file(folder / variant, "pelicanconf", {})
    # PATH must come after the base's own PATH line, so append the overrides.
    with settings.open("a") as f:
        for key, value in overrides.items():
            f.write(f"{key} = {value!r}\n")
    return settings


def timed_build(settings: Path, work: Path, cache: Path | None = None, env=None) -> float:
    """Seconds for one build into a fresh output folder (and a fresh cache unless given).

    The CPU seconds of the build (Pelican and its subprocesses: Pagefind,
    Node) are appended to `CPU_SECONDS`, a less noisy figure on a busy machine.
    """
    output = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    cache = cache or Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    # The screener plugin writes the seconds it spent, timed inside Pelican.
    timings = output.with_name(output.name + "-screener-timings.json")
    # Python's bytecode cache on, as on an author's machine: this machine's
    # environment sets PYTHONDONTWRITEBYTECODE, and every build then compiled
    # the site's plugins from source (about 11 ms of the screener plugin's own
    # time, more for the others together).
    env = {**(env or {}), "SCREENER_TIMINGS": str(timings), "PYTHONDONTWRITEBYTECODE": None}
    collector = output.with_name(output.name + "-gc.json")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = pelican(settings, output, cache, env, gc_report=collector)
    seconds = time.perf_counter() - started
    PLUGIN_SECONDS.append(
        sum(json.loads(timings.read_text()).values()) if timings.exists() else None
    )
    GC_REPORTS.append(json.loads(collector.read_text()) if collector.exists() else None)
    timings.unlink(missing_ok=True)
    collector.unlink(missing_ok=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    if done.returncode != 0:
        raise RuntimeError(
            f"build failed ({settings}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    shutil.rmtree(output, ignore_errors=True)
    return seconds


CPU_SECONDS: list[float] = []
# Seconds the screener plugin spent in each build, by its own clock (None when
# it did not run): a steadier figure than a difference of two noisy builds.
PLUGIN_SECONDS: list[float | None] = []
# What Python's garbage collector did in each build (gcwatch.py): collections
# per generation and seconds in all of them. Whether a build reaches a full
# collection depends on how many objects it made in all, so it can differ
# between two variants for a reason that is not the work itself.
GC_REPORTS: list[dict | None] = []


def compare(
    work: Path, content: Path, variants: list[str], runs: int, log, warmup: bool = True
) -> dict:
    """Interleaved builds of each variant; seconds per run and ratios to 'stock'."""
    settings = {v: variant_settings(work, content, v) for v in variants}
    # One unmeasured build per variant: Python's bytecode and the OS file cache
    # warm up, and the plugin makes its snapshot if the engine changed.
    if warmup:
        for variant in variants:
            timed_build(settings[variant], work)
    times = {v: [] for v in variants}
    cpu = {v: [] for v in variants}
    own = []  # the plugin's own seconds, by its own clock
    collector = {v: [] for v in variants}
    for run in range(runs):
        for variant in variants if run % 2 == 0 else list(reversed(variants)):
            times[variant].append(timed_build(settings[variant], work))
            cpu[variant].append(CPU_SECONDS[-1])
            collector[variant].append(GC_REPORTS[-1])
            if variant == "plugin":
                own.append(PLUGIN_SECONDS[-1])
        log(
            f"    run {run + 1}/{runs}: " + ", ".join(f"{v} {times[v][-1]:.2f} s" for v in variants)
        )
    result = {v: summarize(t) for v, t in times.items()}
    result["cpu"] = {v: summarize(t) for v, t in cpu.items()}
    result["overhead"] = summarize(r - 1 for r in ratios(times["plugin"], times["stock"]))
    result["overhead_cpu"] = summarize(r - 1 for r in ratios(cpu["plugin"], cpu["stock"]))
    if all(s is not None for s in own):
        result["plugin_own"] = summarize(own)
        # Its own seconds over the stock build of the same round.
        result["overhead_own"] = summarize(ratios(own, times["stock"]))
    if all(report is not None for reports in collector.values() for report in reports):
        result["gc"] = {
            v: {
                "full": summarize(r["collections"][2] for r in reports),
                "seconds": summarize(r["seconds"] for r in reports),
            }
            for v, reports in collector.items()
        }
    if "minimal" in times:
        result["all_plugins_vs_minimal"] = summarize(
            r - 1 for r in ratios(times["plugin"], times["minimal"])
        )
    return result


def incremental(work: Path, content: Path, runs: int, log) -> dict:
    """Pelican's content cache on: full build, then edit one article and rebuild, `runs` times."""
    settings = variant_settings(work / "incremental", content, "plugin")
    cache = work / "incremental" / "content-cache"
    first = timed_build(settings, work, cache=cache)
    articles = sorted((content / "articles").glob("*.md"))
    times = []
    for run in range(runs):
        article = articles[(run * 7) % len(articles)]
        with article.open("a") as f:
            f.write(f"\nOne more sentence, added by the benchmark (edit {run + 1}).\n")
        times.append(timed_build(settings, work, cache=cache))
    log(
        f"    first build with an empty cache {first:.2f} s; after one edit: "
        + ", ".join(f"{t:.2f}" for t in times)
    )
    return {"first_build_s": first, "rebuild_after_edit": summarize(times)}


def snapshot_cold(work: Path, log) -> float:
    """One build of the real site with an empty snapshot cache (Node makes the snapshot)."""
    settings = variant_settings(work / "cold", CONTENT, "plugin")
    with settings.open("a") as f:
        f.write(f"SCREENER_CACHE_PATH = {str(work / 'cold' / 'screener-cache')!r}\n")
    seconds = timed_build(settings, work)
    log(f"    real site, empty snapshot cache: {seconds:.2f} s")
    return seconds


def run(
    work: Path,
    sizes: list[int],
    runs: int,
    log,
    with_cold: bool = True,
    short_runs: int | None = None,
) -> dict:
    """All build benchmarks; returns JSON-ready figures (Summary objects inside).

    The largest synthetic size is built as plugin vs stock only, and without
    the unmeasured warm-up builds (each takes long; the smaller sizes have
    warmed everything up by then). A part that fails (e.g. the site's code
    changed half-way) is recorded in "errors" and the others still run.

    `short_runs` (at least `runs`) is for the real site and the smaller
    sizes: their builds take about a second, and the plugin's share of one is
    a few tens of ms against a spread of as much between two builds of the
    same variant, so their medians need more runs to settle.
    """
    short_runs = max(short_runs or runs, runs)
    results = {"runs": runs, "short_runs": short_runs, "sizes": sizes, "errors": []}

    def part(key, function):
        try:
            results[key] = function()
        except Exception as error:  # keep the other parts
            message = f"build {key}: {error}"
            results["errors"].append(message)
            log(f"!! {message[:2000]}")

    def compare_real():
        figures = compare(work / "real", CONTENT, ["plugin", "stock", "minimal"], short_runs, log)
        figures["articles"] = len(list((CONTENT / "articles").glob("*.md")))
        return figures

    log("  build: the real site (plugin vs stock vs minimal)")
    part("real", compare_real)
    largest = max(sizes)
    for size in sorted(sizes):
        big = size == largest and len(sizes) > 1
        variants = ["plugin", "stock"] if big else ["plugin", "stock", "minimal"]
        log(f"  build: {size} synthetic articles ({' vs '.join(variants)})")
        folder = work / f"n{size}"

        def compare_size(folder=folder, size=size, variants=variants, big=big):
            content = synthetic_content(folder, size)
            figures = compare(
                folder, content, variants, runs if big else short_runs, log, warmup=not big
            )
            figures["articles"] = size
            return figures

        part(f"n{size}", compare_size)
    log(f"  build: rebuild after editing one article, {largest} synthetic articles")
    folder = work / f"n{largest}"

    def rebuild():
        if not (folder / "content").exists():
            synthetic_content(folder, largest)
        figures = incremental(folder, folder / "content", runs, log)
        figures["articles"] = largest
        return figures

    part("incremental", rebuild)
    if with_cold:
        log("  build: the one-time cost of making the snapshot")
        part("snapshot_cold_build_s", lambda: snapshot_cold(work, log))
    return results
