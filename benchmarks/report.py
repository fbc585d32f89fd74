"""Turn raw measurements into the table, the target verdicts, JSON and README.md.

Every figure is median [min–max] over runs; every ratio is taken per round
(both sides measured in the same round) and then summarized.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field

from .stats import Summary, fmt, ratios, summarize

ARTICLE_BUDGET_BYTES = 50_000  # "at most 50 KB transferred" (decimal kB, the stricter reading)


def get(data, path: str):
    """`get(d, "cold.memory.renderer_peak_rss_bytes")`, None when any step is missing."""
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def series(rounds: list[dict], path: str) -> list:
    return [get(r, path) for r in rounds]


def diff(rounds, later: str, earlier: str) -> list:
    return [
        (b - a) if a is not None and b is not None else None
        for a, b in zip(series(rounds, earlier), series(rounds, later), strict=True)
    ]


@dataclass
class Row:
    section: str
    name: str
    text: str
    summary: Summary | None = None
    unit: str = ""


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: could not be measured


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _section: str = ""

    def section(self, title: str) -> None:
        self._section = title

    def add(self, name: str, values, unit: str) -> Summary | None:
        """A row of median [min–max]; no row when nothing was measured."""
        summary = values if isinstance(values, Summary) or values is None else summarize(values)
        if summary is not None:
            self.rows.append(Row(self._section, name, fmt(summary, unit), summary, unit))
        return summary

    def text(self, name: str, text: str) -> None:
        self.rows.append(Row(self._section, name, text))

    def target(self, name: str, goal: str, measured: str, met: bool | None) -> None:
        self.targets.append(Target(name, goal, measured, met))


# --- pages -------------------------------------------------------------------------


def _launch_note(ratio: Summary | None) -> str:
    """The same ratio when Chromium starts with the visit, for the targets table."""
    return f" (browser starting with the visit: {fmt(ratio, 'x')})" if ratio else ""


def pages_section(report: Report, rounds: list[dict], alternatives: dict) -> None:
    n = len(rounds)
    node = series(rounds, "node_floor.total_ms")
    report.section(f"1. Pyodide floor ({n} runs)")
    report.add("Node.js: bare loadPyodide, fresh process", node, "ms")
    report.add("  CPU time of that Node process", series(rounds, "node_floor.process_cpu_s"), "s")
    report.add(
        "Node.js: loadPyodide restoring the site's snapshot",
        series(rounds, "node_snapshot.total_ms"),
        "ms",
    )
    report.add(
        "Chromium plain worker page, cold: navigation → ready",
        series(rounds, "floor_cold.ready_ms"),
        "ms",
    )
    report.add(
        "  of which loadPyodide inside the worker",
        series(rounds, "floor_cold.worker_load_ms"),
        "ms",
    )
    report.add(
        "Chromium plain worker page, warm (same profile)",
        series(rounds, "floor_warm.ready_ms"),
        "ms",
    )
    report.add(
        "ratio Chromium cold floor / Node floor",
        ratios(series(rounds, "floor_cold.ready_ms"), node),
        "x",
    )
    report.add(
        "Chromium floor, cold: bytes (compressed)",
        series(rounds, "floor_cold.traffic.body_bytes"),
        "bytes",
    )
    report.add(
        "Chromium floor, cold: renderer peak RSS",
        series(rounds, "floor_cold.memory.renderer_peak_rss_bytes"),
        "bytes",
    )
    report.add(
        "Chromium floor, cold: renderer CPU time",
        series(rounds, "floor_cold.memory.renderer_cpu_s"),
        "s",
    )

    report.section(
        f"2. Self-check page /self-checks/phq-9/, production build behind nginx ({n} runs)"
    )
    for phase in ("cold", "warm"):
        report.add(f"{phase}: first contentful paint", series(rounds, f"{phase}.fcp_ms"), "ms")
    for phase in ("cold", "warm"):
        report.add(
            f"{phase}: earliest scripted click checks a radio",
            series(rounds, f"{phase}.input_ms"),
            "ms",
        )
    radios = series(rounds, "cold.radios_at_fcp") + series(rounds, "warm.radios_at_fcp")
    radios_ok = all(r for r in radios)
    report.text(
        "radios in the document and enabled at first paint",
        f"{min(r or 0 for r in radios)}–{max(r or 0 for r in radios)} in every run"
        if radios
        else "n/a",
    )
    for phase in ("cold", "warm"):
        report.add(
            f"{phase}: script has enhanced the form", series(rounds, f"{phase}.enhanced_ms"), "ms"
        )
        report.add(f"{phase}: worker created", series(rounds, f"{phase}.worker_created_ms"), "ms")
        report.add(f"{phase}: worker reports ready", series(rounds, f"{phase}.ready_ms"), "ms")
        report.add(
            f"{phase}:   created → worker script running",
            diff(rounds, f"{phase}.worker_downloading_ms", f"{phase}.worker_created_ms"),
            "ms",
        )
        report.add(
            f"{phase}:   worker script running → ready (download, restore, check)",
            diff(rounds, f"{phase}.worker_ready_ms", f"{phase}.worker_downloading_ms"),
            "ms",
        )
        report.add(
            f"{phase}:   boot time the worker reports",
            series(rounds, f"{phase}.worker_boot_ms"),
            "ms",
        )
    via = sorted(
        {v for v in series(rounds, "cold.ready_via") + series(rounds, "warm.ready_via") if v}
    )
    report.text("worker started via", ", ".join(via) or "n/a")
    cold_ratio = report.add(
        "ratio cold ready / Node floor (same round)",
        ratios(series(rounds, "cold.ready_ms"), node),
        "x",
    )
    warm_ratio = report.add(
        "ratio warm ready / Node floor (same round)",
        ratios(series(rounds, "warm.ready_ms"), node),
        "x",
    )
    report.add(
        "wait for the browser to finish starting, before navigating",
        series(rounds, "cold.settled_ms") + series(rounds, "warm.settled_ms"),
        "ms",
    )
    for phase in ("cold", "warm"):
        report.add(
            f"{phase}, browser starting with the visit: worker reports ready",
            series(rounds, f"launch_{phase}.ready_ms"),
            "ms",
        )
    launch = {
        phase: report.add(
            f"ratio {phase} ready / Node floor, browser starting with the visit",
            ratios(series(rounds, f"launch_{phase}.ready_ms"), node),
            "x",
        )
        for phase in ("cold", "warm")
    }
    report.add(
        "CPU ratio: cold page renderer CPU to ready / Node floor process CPU",
        ratios(
            series(rounds, "cold.memory.renderer_cpu_s"), series(rounds, "node_floor.process_cpu_s")
        ),
        "x",
    )
    report.add(
        "CPU ratio: warm page renderer CPU to ready / Node floor process CPU",
        ratios(
            series(rounds, "warm.memory.renderer_cpu_s"), series(rounds, "node_floor.process_cpu_s")
        ),
        "x",
    )
    report.add(
        "ratio cold ready / Chromium cold floor (same round)",
        ratios(series(rounds, "cold.ready_ms"), series(rounds, "floor_cold.ready_ms")),
        "x",
    )
    report.add(
        "ratio warm ready / Chromium warm floor (same round)",
        ratios(series(rounds, "warm.ready_ms"), series(rounds, "floor_warm.ready_ms")),
        "x",
    )
    cold_bytes = report.add(
        "cold: bytes transferred (compressed bodies, nginx log)",
        series(rounds, "cold.traffic.body_bytes"),
        "bytes",
    )
    report.add(
        "cold: requests reaching the server", series(rounds, "cold.traffic.requests"), "count"
    )
    kinds = sorted({k for r in rounds for k in (get(r, "cold.traffic.by_kind") or {})})
    for kind in kinds:
        report.add(f"cold:   {kind}", series(rounds, f"cold.traffic.by_kind.{kind}"), "bytes")
    report.add("warm: bytes transferred", series(rounds, "warm.traffic.body_bytes"), "bytes")
    report.add(
        "warm: requests reaching the server (304s)",
        series(rounds, "warm.traffic.requests"),
        "count",
    )
    report.add(
        "warm: requests made by the browser (cache hits included)",
        series(rounds, "warm.browser_requests"),
        "count",
    )
    for phase in ("cold", "warm"):
        report.add(
            f"{phase}: peak RSS of the page's renderer (page + worker)",
            series(rounds, f"{phase}.memory.renderer_peak_rss_bytes"),
            "bytes",
        )
    report.add(
        "cold: renderer RSS once ready, after a full GC (page + worker)",
        series(rounds, "cold.memory.renderer_rss_after_gc_bytes"),
        "bytes",
    )
    report.add(
        "cold: worker ArrayBuffers once ready, after a full GC",
        series(rounds, "cold.memory.worker_array_buffers_bytes"),
        "bytes",
    )
    report.add(
        "cold: worker JS heap used", series(rounds, "cold.memory.worker_heap_used_bytes"), "bytes"
    )
    report.add(
        "cold: page JS heap used", series(rounds, "cold.memory.page_heap_used_bytes"), "bytes"
    )
    for phase in ("cold", "warm"):
        report.add(
            f"{phase}: renderer CPU time to ready",
            series(rounds, f"{phase}.memory.renderer_cpu_s"),
            "s",
        )
    errors = sum(len(get(r, f"{p}.errors") or []) for r in rounds for p in ("cold", "warm"))
    report.text("console errors on the page", str(errors))

    report.section(f"3. Perceived latency ({n} runs, each a first visit unless warm)")
    realistic = report.add(
        "realistic visitor (1.5 s per answer): click → result painted",
        series(rounds, "realistic.result_latency_ms"),
        "ms",
    )
    report.add(
        "  click → result in the DOM", series(rounds, "realistic.result_dom_latency_ms"), "ms"
    )
    correct = sum(bool(x) for x in series(rounds, "realistic.correct"))
    report.text("  correct result (total and band)", f"{correct}/{n}")
    for phase in ("cold", "warm"):
        report.add(
            f"impatient visitor, {phase}: click → result painted",
            series(rounds, f"impatient_{phase}.result_latency_ms"),
            "ms",
        )
        report.add(
            f"impatient visitor, {phase}: navigation → result painted",
            series(rounds, f"impatient_{phase}.result_at_ms"),
            "ms",
        )
        before = sum(bool(x) for x in series(rounds, f"impatient_{phase}.clicked_before_ready"))
        ok = sum(bool(x) for x in series(rounds, f"impatient_{phase}.correct"))
        report.text(
            f"impatient visitor, {phase}: clicked before ready / correct",
            f"{before}/{n} / {ok}/{n}",
        )

    report.section("4. Scoring round trip once ready (warm page; click → result painted)")
    trips = [get(r, "warm.round_trips_ms.frame") or [] for r in rounds]
    report.add("first click after ready (one per run)", [t[0] for t in trips if t], "ms")
    later = [x for t in trips for x in t[1:]]
    report.add(f"later clicks ({len(later)} samples)", later, "ms")
    report.add(
        "later clicks, per-run median",
        [statistics.median(t[1:]) for t in trips if len(t) > 1],
        "ms",
    )
    dom = [x for r in rounds for x in (get(r, "warm.round_trips_ms.dom") or [])[1:]]
    report.add("later clicks, click → result in the DOM", dom, "ms")

    if alternatives:
        report.section(f"Alternatives, measured in the same rounds ({n} runs)")
        for name, about in alternatives.items():
            if f"{name}_cold" not in rounds[0]:
                continue
            report.text(f"{name}", about)
            report.add(f"{name}: cold ready", series(rounds, f"{name}_cold.ready_ms"), "ms")
            report.add(
                f"{name}: ratio to the site's cold ready (same round)",
                ratios(series(rounds, f"{name}_cold.ready_ms"), series(rounds, "cold.ready_ms")),
                "x",
            )
            report.add(
                f"{name}: ratio of renderer CPU time to the site's, cold",
                ratios(
                    series(rounds, f"{name}_cold.memory.renderer_cpu_s"),
                    series(rounds, "cold.memory.renderer_cpu_s"),
                ),
                "x",
            )
            if f"{name}_warm" in rounds[0]:
                report.add(f"{name}: warm ready", series(rounds, f"{name}_warm.ready_ms"), "ms")
                report.add(
                    f"{name}: ratio to the site's warm ready (same round)",
                    ratios(
                        series(rounds, f"{name}_warm.ready_ms"), series(rounds, "warm.ready_ms")
                    ),
                    "x",
                )
            report.add(
                f"{name}: cold bytes", series(rounds, f"{name}_cold.traffic.body_bytes"), "bytes"
            )
            report.add(f"{name}: cold FCP", series(rounds, f"{name}_cold.fcp_ms"), "ms")
            report.add(
                f"{name}: cold worker created",
                series(rounds, f"{name}_cold.worker_created_ms"),
                "ms",
            )
            report.add(
                f"{name}: renderer peak RSS, cold",
                series(rounds, f"{name}_cold.memory.renderer_peak_rss_bytes"),
                "bytes",
            )
            via = sorted({v for v in series(rounds, f"{name}_cold.ready_via") if v})
            report.text(f"{name}: worker started via", ", ".join(via) or "n/a")
        if "site_throttled" in rounds[0]:
            report.text(
                "throttled",
                "10 Mbit/s down, 150 ms round trip (DevTools emulation; reaches the worker too)",
            )
            report.add(
                "site: cold ready, throttled", series(rounds, "site_throttled.ready_ms"), "ms"
            )
            for name in alternatives:
                if f"{name}_throttled" in rounds[0]:
                    report.add(
                        f"{name}: cold ready, throttled",
                        series(rounds, f"{name}_throttled.ready_ms"),
                        "ms",
                    )
                    report.add(
                        f"{name}: ratio to the site, throttled",
                        ratios(
                            series(rounds, f"{name}_throttled.ready_ms"),
                            series(rounds, "site_throttled.ready_ms"),
                        ),
                        "x",
                    )

    # Targets from these sections.
    if realistic:
        over = sum(1 for v in realistic.samples if v > 100)
        report.target(
            "Perceived latency, realistic visitor",
            "result visible ≤ 100 ms after the click",
            fmt(realistic, "ms") + (f"; {over}/{realistic.n} runs over 100 ms" if over else ""),
            realistic.median <= 100,
        )
    if cold_ratio:
        report.target(
            "Cold ready",
            "≤ 0.5x Node's bare loadPyodide (same round)",
            fmt(cold_ratio, "x") + _launch_note(launch["cold"]),
            cold_ratio.median <= 0.5,
        )
    if warm_ratio:
        report.target(
            "Warm ready",
            "≤ 0.3x Node's bare loadPyodide (same round)",
            fmt(warm_ratio, "x") + _launch_note(launch["warm"]),
            warm_ratio.median <= 0.3,
        )
    after_fcp = summarize(diff(rounds, "cold.input_ms", "cold.fcp_ms"))
    report.target(
        "Form accepts input at first paint",
        "radios usable when first painted (no script needed)",
        f"{'all' if radios_ok else 'not all'} {len(radios)} visits had enabled radios at FCP; "
        f"first scripted click registered {fmt(after_fcp, 'ms')} after FCP",
        radios_ok if radios else None,
    )
    report.target(
        "Compressed bytes, cold self-check visit",
        "reported; as small as the design allows",
        fmt(cold_bytes, "bytes") + " (see what was tried)",
        True if cold_bytes else None,
    )
    peak = summarize(series(rounds, "cold.memory.renderer_peak_rss_bytes"))
    report.target(
        "Peak memory of a self-check page",
        "reported",
        fmt(peak, "bytes") + " renderer peak RSS, cold",
        True if peak else None,
    )


# --- articles ------------------------------------------------------------------------


def articles_section(report: Report, articles: dict | None, lighthouse: dict | None) -> None:
    if articles:
        runs = len(articles["plain"]) // max(1, len(articles["paths"]["plain"]))
        report.section(
            f"5. Article pages, first visit ({runs} runs per page; published site behind nginx)"
        )
        plain, embedded = articles["plain"], articles["embedded"]
        report.text(
            "pages",
            f"{len(articles['paths']['plain'])} plain; "
            f"{len(articles['paths']['embedded'])} with a self-check "
            f"({', '.join(articles['paths']['embedded']) or 'none'})",
        )
        plain_bytes = report.add(
            "plain article: bytes transferred (compressed)",
            [v["traffic"]["body_bytes"] for v in plain],
            "bytes",
        )
        report.add("plain article: requests", [v["traffic"]["requests"] for v in plain], "count")
        plain_js = report.add(
            "plain article: JavaScript bytes",
            [v["traffic"]["by_kind"].get("js", 0) for v in plain],
            "bytes",
        )
        report.add("plain article: first contentful paint", [v["fcp_ms"] for v in plain], "ms")
        emb_bytes = None
        if embedded:
            emb_bytes = report.add(
                "article with a self-check, as loaded: bytes",
                [v["traffic"]["body_bytes"] for v in embedded],
                "bytes",
            )
            report.add(
                "article with a self-check, as loaded: requests",
                [v["traffic"]["requests"] for v in embedded],
                "count",
            )
            report.add(
                "article with a self-check, as loaded: JavaScript bytes",
                [v["traffic"]["by_kind"].get("js", 0) for v in embedded],
                "bytes",
            )
        scrolled = articles["embedded_scrolled"]
        if scrolled:
            report.add(
                "… scrolled to the self-check: bytes (worker starts)",
                [v["traffic"]["body_bytes"] for v in scrolled],
                "bytes",
            )
            report.add(
                "… scrolled to the self-check: scroll → ready",
                [v.get("scroll_to_ready_ms") for v in scrolled],
                "ms",
            )
        emb_js = fmt(summarize(v["traffic"]["by_kind"].get("js", 0) for v in embedded), "bytes")
        visits = plain + embedded
        same = sum(1 for v in visits if v["text_chars_no_js"] == v["text_chars_js"])
        report.text("article text identical with JavaScript off", f"{same}/{len(visits)} visits")
        report.target(
            "Articles need no JavaScript",
            "same article text with JS off; 0 JS bytes on plain articles",
            f"text identical in {same}/{len(visits)} visits; JS on plain articles "
            f"{fmt(plain_js, 'bytes')}; articles with a self-check load its script ({emb_js})",
            same == len(visits) and plain_js is not None and plain_js.max == 0,
        )
        worst = max([s.max for s in (plain_bytes, emb_bytes) if s] or [0])
        report.target(
            "Article pages ≤ 50 KB transferred",
            "≤ 50 KB (50,000 B) compressed per first visit",
            f"plain {fmt(plain_bytes, 'bytes')}; with a self-check {fmt(emb_bytes, 'bytes')}; "
            f"largest {worst:,.0f} B",
            worst <= ARTICLE_BUDGET_BYTES,
        )
    if lighthouse and "skipped" not in lighthouse:
        runs = lighthouse["runs"]
        report.section(f"5b. Lighthouse 12.8.2, mobile (default throttling), {runs} runs per page")
        perf_all, a11y_all, failing = [], [], set()
        for name, path in lighthouse["pages"].items():
            runs_ok = [r for r in lighthouse.get(name, []) if "error" not in r]
            if not runs_ok:
                report.text(f"{name} ({path})", "Lighthouse failed")
                continue
            perf = summarize(r["performance"] for r in runs_ok)
            a11y = summarize(r["accessibility"] for r in runs_ok)
            bp = summarize(r["best_practices"] for r in runs_ok)
            report.text(
                f"{name} ({path}): performance / accessibility / best practices",
                f"{fmt(perf, 'score')} / {fmt(a11y, 'score')} / {fmt(bp, 'score')}",
            )
            report.add(f"{name}: LCP (simulated)", [r["lcp_ms"] for r in runs_ok], "ms")
            report.add(f"{name}: TBT (simulated)", [r["tbt_ms"] for r in runs_ok], "ms")
            report.add(f"{name}: CLS", [r["cls"] for r in runs_ok], "")
            report.add(f"{name}: total byte weight", [r["bytes"] for r in runs_ok], "bytes")
            fails = sorted({f for r in runs_ok for f in r["failing"]})
            if fails:
                report.text(f"{name}: audits not passed", ", ".join(fails))
            if name.startswith("article"):
                perf_all += [r["performance"] for r in runs_ok]
                a11y_all += [r["accessibility"] for r in runs_ok]
                failing |= set(fails)
        index = [
            r.get("benchmark_index")
            for n in lighthouse["pages"]
            for r in lighthouse.get(n, [])
            if isinstance(r, dict) and r.get("benchmark_index")
        ]
        report.add("Lighthouse's CPU benchmark index of this machine", index, "count")
        if perf_all:
            # Judged on the median: on a busy machine one run can lose points to
            # total blocking time that is not the page's (plain articles run no JS).
            perf, a11y = summarize(perf_all), summarize(a11y_all)
            report.target(
                "Lighthouse performance, article pages (mobile)",
                "100 (median of runs)",
                fmt(perf, "score") + f" over {perf.n} runs",
                perf.median >= 100,
            )
            report.target(
                "Lighthouse accessibility, article pages (mobile)",
                "100 (median of runs)",
                fmt(a11y, "score") + f" over {a11y.n} runs",
                a11y.median >= 100,
            )


# --- build ---------------------------------------------------------------------------


def build_section(report: Report, build: dict | None, published: dict) -> None:
    if not build:
        return
    runs = build["runs"]
    short = build.get("short_runs", runs)
    counted = f"{runs} runs" if short == runs else f"{short} runs, {runs} for the largest size"
    report.section(
        f"6. Build (wall time, fresh output and content cache each run; {counted}, interleaved)"
    )
    overheads = []
    owns = []
    keys = ["real"] + [f"n{s}" for s in sorted(build["sizes"])]
    for key in keys:
        data = build.get(key)
        if not data:
            continue
        label = (
            f"real site ({data['articles']} articles)"
            if key == "real"
            else f"{data['articles']} synthetic articles"
        )
        for variant in ("plugin", "stock", "minimal"):
            if data.get(variant):
                report.add(f"{label}: {VARIANT_NAMES[variant]}", data[variant], "s")
        overhead = data["overhead"]
        if overhead:
            overheads.append((label, overhead))
            report.add(f"{label}: plugin overhead (plugin / stock − 1)", _percent(overhead), "%")
            report.add(f"{label}: plugin overhead in CPU time", _percent(data["overhead_cpu"]), "%")
        if data.get("plugin_own"):
            report.add(
                f"{label}: the plugin's own time (its clock, inside Pelican)",
                data["plugin_own"],
                "s",
            )
            report.add(
                f"{label}: the plugin's own time / stock build",
                _percent(data["overhead_own"]),
                "%",
            )
            owns.append((label, data["overhead_own"]))
        collector = data.get("gc")
        if collector and collector.get("plugin") and collector.get("stock"):
            plugin, stock = collector["plugin"], collector["stock"]
            report.text(
                f"{label}: Python's full garbage collections per build, plugin / stock",
                f"{fmt(plugin['full'], 'count')} / {fmt(stock['full'], 'count')}",
            )
            report.text(
                f"{label}: time in Python's garbage collector, plugin / stock",
                f"{fmt(plugin['seconds'], 's')} / {fmt(stock['seconds'], 's')}",
            )
        if data.get("all_plugins_vs_minimal"):
            report.add(
                f"{label}: all plugins vs minimal (− 1)",
                _percent(data["all_plugins_vs_minimal"]),
                "%",
            )
    sizes = sorted(build["sizes"])
    linear = stock_linear = None
    plugin_costs = _costs_per_article(build, sizes, "plugin")
    if plugin_costs:
        (a, b, c), first, second = plugin_costs
        report.text(f"cost per added article, {a}→{b}", f"{first * 1000:.1f} ms")
        report.text(f"cost per added article, {b}→{c}", f"{second * 1000:.1f} ms")
        linear = second / first if first > 0 else None
        if linear is not None:
            report.text("ratio of the two (1.0 = linear)", f"{linear:.2f}x")
        # The same for the stock build, measured in the same rounds: how much
        # of a departure from 1.0 is the machine rather than the plugin.
        stock_costs = _costs_per_article(build, sizes, "stock")
        if stock_costs and stock_costs[1] > 0:
            stock_linear = stock_costs[2] / stock_costs[1]
            report.text("the same ratio for the stock build", f"{stock_linear:.2f}x")
    inc = build.get("incremental")
    if inc:
        report.text(
            f"incremental: first build, {inc['articles']} articles, empty content cache",
            f"{inc['first_build_s']:.2f} s",
        )
        report.add(
            f"incremental: rebuild after editing one article ({inc['articles']} articles)",
            inc["rebuild_after_edit"],
            "s",
        )
        full = build.get(f"n{inc['articles']}", {}).get("plugin")
        if full and inc["rebuild_after_edit"]:
            report.text(
                "incremental rebuild / full build",
                f"{inc['rebuild_after_edit'].median / full.median:.2f}x",
            )
    if build.get("snapshot_cold_build_s"):
        report.text(
            "real site, empty snapshot cache (one-time: Node makes the snapshot)",
            f"{build['snapshot_cold_build_s']:.2f} s",
        )
    for name, site in published.items():
        report.text(
            f"publish build '{name}': pelican + tools.publish (one run)",
            f"{site['build_s']:.2f} s + {site['publish_s']:.2f} s",
        )
    if overheads:
        worst = max(o.median for _, o in overheads)
        report.target(
            "Plugin overhead",
            "≤ 5 % of the stock build of the same articles",
            "; ".join(f"{label} {fmt(_percent(o), '%')}" for label, o in overheads)
            + (
                "; the plugin's own time by its clock: "
                + "; ".join(f"{label} {fmt(_percent(o), '%')}" for label, o in owns)
                if owns
                else ""
            ),
            worst <= 0.05,
        )
    if linear is not None:
        report.target(
            "Build time linear in articles",
            "cost per added article stays the same (ratio ≤ 1.25)",
            f"{linear:.2f}x ({sizes[1]}→{sizes[-1]} vs {sizes[0]}→{sizes[1]}, "
            "plugin build medians)"
            + (f"; stock build {stock_linear:.2f}x" if stock_linear is not None else ""),
            linear <= 1.25,
        )


VARIANT_NAMES = {
    "plugin": "site settings (all plugins)",
    "stock": "stock: PLUGINS minus screeners",
    "minimal": "minimal: only the plugins the theme needs",
}


def _costs_per_article(build: dict, sizes: list[int], variant: str):
    """((a, b, c), seconds per added article a→b, b→c) from the variant's medians, or None."""
    medians = {s: build.get(f"n{s}", {}).get(variant) for s in sizes}
    medians = {s: m.median for s, m in medians.items() if m}
    if len(medians) < 3:
        return None
    a, b, c = sizes[0], sizes[1], sizes[-1]
    return (a, b, c), (medians[b] - medians[a]) / (b - a), (medians[c] - medians[b]) / (c - b)


def _percent(summary: Summary | None) -> Summary | None:
    if summary is None:
        return None
    return summarize(v * 100 for v in summary.samples)


# --- output ----------------------------------------------------------------------------


def markdown(report: Report) -> str:
    lines = []
    section = None
    for row in report.rows:
        if row.section != section:
            section = row.section
            lines += ["", f"### {section}", "", "| figure | median [min–max] |", "|---|---|"]
        lines.append(f"| {row.name} | {row.text} |")
    lines += ["", "### Targets", "", "| target | goal | measured | verdict |", "|---|---|---|---|"]
    for t in report.targets:
        verdict = {True: "met", False: "**not met**", None: "not measured"}[t.met]
        lines.append(f"| {t.name} | {t.goal} | {t.measured} | {verdict} |")
    return "\n".join(lines).strip() + "\n"


def plain_text(report: Report) -> str:
    width = max((len(r.name) for r in report.rows), default=40) + 2
    lines = []
    section = None
    for row in report.rows:
        if row.section != section:
            section = row.section
            lines += ["", section, "-" * len(section)]
        lines.append(f"  {row.name.ljust(width)}{row.text}")
    lines += ["", "Targets", "-------"]
    for t in report.targets:
        verdict = {True: "MET", False: "NOT MET", None: "not measured"}[t.met]
        lines.append(f"  [{verdict}] {t.name}: {t.goal}\n      measured: {t.measured}")
    return "\n".join(lines) + "\n"


def to_json(value):
    """JSON-ready copy: Summaries become dicts."""
    if isinstance(value, Summary):
        return value.as_dict()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def from_json(value):
    """The inverse of `to_json`: dicts with exactly a Summary's fields become Summaries."""
    if isinstance(value, dict):
        if set(value) == SUMMARY_FIELDS:
            return Summary(**{**value, "samples": tuple(value["samples"])})
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


SUMMARY_FIELDS = {"median", "min", "max", "n", "samples"}


def dump(path, payload) -> None:
    path.write_text(json.dumps(to_json(payload), indent=1, ensure_ascii=False) + "\n")
