"""Browser benchmarks: the Pyodide floor, and the self-check page as visitors meet it.

One round measures, in this order and side by side (A B A B ... over rounds):
the floor in Node.js, the floor in Chromium (cold, warm), the self-check page
(cold, warm, then scoring round trips), a realistic visitor, an impatient
visitor (cold, warm), and each alternative build (cold). Ratios are taken
within a round. All times are page times in ms since navigation start,
recorded in the page by instrument.js; bytes come from nginx's log.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect

from .browser import Visit, page_renderer
from .site import ROOT, Nginx, Published

SCREENER = "phq-9"
PAGE = f"/self-checks/{SCREENER}/"
TIMEOUT = 120_000
# A visitor with a moderate result (total 14), the optional last question answered.
REALISTIC = {
    "q1": "3",
    "q2": "3",
    "q3": "3",
    "q4": "3",
    "q5": "2",
    "q6": "0",
    "q7": "0",
    "q8": "0",
    "q9": "0",
    "difficulty": "very",
}
REALISTIC_EXPECT = ("moderate", 14)
# The impatient visitor skips the optional question (total 9, mild).
IMPATIENT = {f"q{i}": ("3" if i <= 3 else "0") for i in range(1, 10)}
IMPATIENT_EXPECT = ("mild", 9)
FLOOR_DIR = Path(__file__).parent / "floor"
NODE_FLOOR = FLOOR_DIR / "node_floor.mjs"
RUNTIME_SOURCE = ROOT / "node_modules" / "pyodide"


def install_floor_page(output: Path) -> None:
    """Put the floor page next to the site's runtime (before compression)."""
    target = output / "static" / "bench-floor"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "floor.js", "floor-worker.mjs"):
        (target / name).write_bytes((FLOOR_DIR / name).read_bytes())


def _widget(page):
    from tests.browser.widget import Widget  # the tests' page object

    return Widget(page, SCREENER)


# --- byte accounting -----------------------------------------------------------

KINDS = (
    ("html", re.compile(r"(/|\.html)$")),
    ("css", re.compile(r"\.css$")),
    ("js", re.compile(r"\.m?js$")),
    # nginx logs the URI after its rewrite: the zstd copy is /….wasm.zst.
    ("wasm", re.compile(r"\.wasm(\.zst)?$")),
    ("snapshot", re.compile(r"\.bin$")),
    ("zip", re.compile(r"\.zip$")),
)


def kind_of(path: str) -> str:
    for kind, pattern in KINDS:
        if pattern.search(path):
            return kind
    return "other"


def traffic(lines) -> dict:
    """Requests and bytes (body as sent, i.e. compressed; and with headers) from nginx's log."""
    lines = [line for line in lines if "HeadlessChrome" in line.agent or "Chrome" in line.agent]
    by_kind: dict[str, int] = {}
    for line in lines:
        by_kind[kind_of(line.path)] = by_kind.get(kind_of(line.path), 0) + line.body_bytes
    return {
        "requests": len(lines),
        "not_modified": sum(1 for line in lines if line.status == 304),
        "body_bytes": sum(line.body_bytes for line in lines),
        "wire_bytes": sum(line.bytes for line in lines),
        "by_kind": by_kind,
        "files": [
            {
                "path": line.path,
                "status": line.status,
                "bytes": line.body_bytes,
                "encoding": line.encoding,
            }
            for line in lines
        ],
    }


# --- memory ----------------------------------------------------------------------


def memory(visit: Visit) -> dict:
    """Peak RSS of the page's renderer (page + worker), V8 heaps, CPU seconds."""
    processes = visit.processes()
    renderer = page_renderer(processes) or {}
    heap = visit.heap()
    worker = heap["workers"][0] if heap["workers"] else {}
    after_gc = page_renderer(visit.processes()) or {}
    return {
        "renderer_peak_rss_bytes": renderer.get("peak_rss_bytes"),
        "renderer_rss_after_gc_bytes": after_gc.get("rss_bytes"),
        "renderer_cpu_s": renderer.get("cpu_s"),
        "all_processes_cpu_s": sum(p["cpu_s"] for p in processes),
        "page_heap_used_bytes": heap["page"].get("usedSize"),
        "worker_heap_used_bytes": worker.get("usedSize"),
        # ArrayBuffers of the worker (not its WebAssembly memory, which V8 does
        # not count here). Pyodide keeps the 31 MB snapshot referenced from its
        # config (`_loadSnapshot`); the worker detaches it once restored.
        "worker_array_buffers_bytes": worker.get("backingStorageSize"),
        "processes": processes,
    }


# --- single visits ---------------------------------------------------------------


def _status_time(marks: dict, state: str) -> float | None:
    return next((s["at"] for s in marks["status"] if s["state"] == state), None)


def _worker_times(marks: dict) -> dict:
    worker = marks.get("worker") or {}
    messages = worker.get("messages", [])

    def first(kind, stage=None):
        return next(
            (m for m in messages if m["type"] == kind and (stage is None or m["stage"] == stage)),
            None,
        )

    ready = first("ready") or {}
    starting = first("status", "starting") or {}
    downloading = first("status", "downloading") or {}
    return {
        "worker_created_ms": worker.get("created"),
        "worker_downloading_ms": downloading.get("at"),
        "worker_starting_ms": starting.get("at"),
        "worker_ready_ms": ready.get("at"),
        "worker_boot_ms": ready.get("ms"),
        "ready_via": ready.get("via"),
    }


# A slower network than localhost, applied through DevTools (it reaches the
# worker's downloads too): 10 Mbit/s down, 5 up, 150 ms round trip.
THROTTLE = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 10e6 / 8,
    "uploadThroughput": 5e6 / 8,
}


def load_visit(
    playwright,
    profile: Path,
    site: Published,
    nginx: Nginx,
    round_trip_count: int = 0,
    throttle: bool = False,
    settle: bool = True,
):
    """Open the self-check page; click an answer as early as possible; wait until ready."""
    with Visit(playwright, profile, settle=settle) as visit:
        page = visit.page
        if throttle:
            session = visit.context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", THROTTLE)
        nginx.mark()
        page.goto(site.origin + PAGE, wait_until="commit")
        widget = _widget(page)
        # The earliest a visitor's click checks a radio (auto-waits for it to be usable).
        widget.fieldset("q1").locator("label").first.click()
        expect(widget.status).to_have_attribute(
            "data-state", re.compile("^(ready|failed)$"), timeout=TIMEOUT
        )
        visit.wait(300)  # anything the worker fetches after ready
        marks = visit.marks()
        result = {
            "fcp_ms": marks["fcp"],
            "radios_at_fcp": marks["radiosAtFcp"],
            "input_ms": marks["changes"][0] if marks["changes"] else None,
            "enhanced_ms": marks["status"][0]["at"] if marks["status"] else None,
            "ready_ms": _status_time(marks, "ready"),
            "failed": _status_time(marks, "failed") is not None,
            **_worker_times(marks),
            "navigation": _nav(visit),
        }
        result["traffic"] = traffic(nginx.since_mark())
        result["browser_requests"] = len(visit.requests)
        result["memory"] = memory(visit)
        if round_trip_count:
            result["round_trips_ms"] = round_trips(visit, widget, round_trip_count)
        result["errors"] = visit.errors
        result["settled_ms"] = visit.settled_ms
    return result


def _nav(visit: Visit) -> dict:
    nav = visit.navigation() or {}
    return {
        k: nav.get(k)
        for k in (
            "responseEnd",
            "domInteractive",
            "domContentLoadedEventEnd",
            "loadEventEnd",
            "transferSize",
            "encodedBodySize",
        )
    }


def round_trips(visit: Visit, widget, count: int) -> list[float]:
    """Click "See my result" `count` times once ready: click -> frame showing the result (ms)."""
    for question, value in IMPATIENT.items():
        widget.answer(question, value)
    button = widget.root.get_by_role("button", name="See my result")
    for _ in range(count):
        before = len(visit.marks()["results"])
        button.click()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            marks = visit.marks()
            done = [r for r in marks["results"][before:] if r["state"] != "pending" and r["frame"]]
            if done:
                break
            visit.wait(5)
    marks = visit.marks()
    return {"frame": _click_latencies(marks), "dom": _click_latencies(marks, "at")}


def _click_latencies(marks: dict, key: str = "frame") -> list[float]:
    """For each click on "See my result": ms until its final state is in the DOM ("at")
    or until the animation frame that paints it ("frame")."""
    latencies = []
    for click in marks["clicks"]:
        final = next(
            (r for r in marks["results"] if r["at"] >= click and r["state"] != "pending"), None
        )
        if final and final[key] is not None:
            latencies.append(final[key] - click)
    return latencies


# Answer every question and press "See my result" in one go, as soon as the
# button exists: DOM clicks on the answers' labels (the browser checks the
# radio and fires the same events as for a pointer click).
ANSWER_ALL = """([screener, answers]) => {
  const root = document.querySelector(`.screener[data-screener="${screener}"]`);
  for (const [question, value] of Object.entries(answers)) {
    const input = root.querySelector(`[data-question="${question}"] input[value="${value}"]`);
    (input.closest("label") || input).click();
  }
  root.querySelector('[data-action="score"]').click();
}"""


def visitor(playwright, profile: Path, site: Published, nginx: Nginx, pace_s: float | None):
    """A visitor who answers every question (at `pace_s` per question, or all at once)."""
    answers, expected = (REALISTIC, REALISTIC_EXPECT) if pace_s else (IMPATIENT, IMPATIENT_EXPECT)
    with Visit(playwright, profile) as visit:
        page = visit.page
        nginx.mark()
        page.goto(site.origin + PAGE, wait_until="commit")
        widget = _widget(page)
        button = widget.root.get_by_role("button", name="See my result")
        if pace_s:
            # From first paint (the questions are on screen), one answer per pace_s.
            expect(widget.fieldset("q9")).to_be_visible(timeout=TIMEOUT)
            for question, value in answers.items():
                visit.wait(pace_s * 1000)
                widget.answer(question, value)
            visit.wait(pace_s * 1000)
            button.click()
        else:
            # Everything at once, as soon as the button is there (the script has run).
            expect(button).to_be_visible(timeout=TIMEOUT)
            page.evaluate(ANSWER_ALL, [SCREENER, answers])
        expect(widget.result).to_have_attribute(
            "data-state", re.compile("^(result|errors|failed)$"), timeout=TIMEOUT
        )
        visit.wait(100)  # the frame after the result
        marks = visit.marks()
        latencies = _click_latencies(marks)
        dom = _click_latencies(marks, "at")
        band = widget.result.get_attribute("data-band")
        scores = widget.scores() if widget.state == "result" else {}
        result = {
            "fcp_ms": marks["fcp"],
            "ready_ms": _status_time(marks, "ready"),
            "click_ms": marks["clicks"][0] if marks["clicks"] else None,
            "result_latency_ms": latencies[0] if latencies else None,
            "result_dom_latency_ms": dom[0] if dom else None,
            "result_at_ms": (marks["clicks"][0] + latencies[0]) if latencies else None,
            "clicked_before_ready": bool(
                marks["clicks"] and (_status_time(marks, "ready") or 1e12) > marks["clicks"][0]
            ),
            "correct": (band, scores.get("total")) == expected,
            **_worker_times(marks),
            "traffic": traffic(nginx.since_mark()),
            "errors": visit.errors,
        }
    return result


def floor_visit(playwright, profile: Path, site: Published, nginx: Nginx, runtime: str, lock: dict):
    """The plain worker page: only loadPyodide, from the site's runtime folder."""
    from urllib.parse import urlencode

    query = urlencode({"runtime": runtime, "lock": json.dumps(lock, separators=(",", ":"))})
    with Visit(playwright, profile) as visit:
        page = visit.page
        nginx.mark()
        page.goto(f"{site.origin}/static/bench-floor/index.html?{query}", wait_until="commit")
        expect(page.locator("body")).to_have_attribute(
            "data-state", re.compile("^(ready|failed)$"), timeout=TIMEOUT
        )
        body = page.locator("body")
        result = {
            "ready_ms": float(body.get_attribute("data-ready-at")),
            "worker_load_ms": float(body.get_attribute("data-worker-ms")),
            "failed": body.get_attribute("data-state") != "ready",
            "traffic": traffic(nginx.since_mark()),
            "memory": memory(visit),
            "errors": visit.errors,
        }
    return result


def node_floor(snapshot: Path | None = None) -> dict:
    """Bare loadPyodide in a fresh Node.js process (or a snapshot restore)."""
    command = ["node", str(NODE_FLOOR), str(RUNTIME_SOURCE)]
    if snapshot:
        command.append(str(snapshot))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    wall = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"node floor failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_wall_ms"] = wall
    figures["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime
    )
    return figures


# --- one round ---------------------------------------------------------------------


def widget_config(site: Published) -> tuple[str, dict]:
    """The runtime URL and lock-file info the site's widget uses."""
    html = (site.output / PAGE.strip("/") / "index.html").read_text()
    runtime = re.search(r'data-runtime="([^"]+)"', html).group(1)
    lock = re.search(r'data-lockfile-info="([^"]+)"', html).group(1)
    return runtime, json.loads(lock.replace("&#34;", '"').replace("&quot;", '"'))


def one_round(playwright, sites: dict[str, Published], nginx: Nginx, work: Path, options, log):
    """Every page measurement once, in a fixed order."""
    site = sites["site"]
    runtime, lock = widget_config(site)
    snapshot = next(iter(sorted(site.output.glob("static/screeners/snapshot.*.bin"))), None)
    data: dict = {}

    def fresh(name):
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))

    data["node_floor"] = node_floor()
    log(f"    node loadPyodide {data['node_floor']['total_ms']:.0f} ms")
    profile = fresh("floor")
    data["floor_cold"] = floor_visit(playwright, profile, site, nginx, runtime, lock)
    data["floor_warm"] = floor_visit(playwright, profile, site, nginx, runtime, lock)
    log(
        f"    chromium floor cold {data['floor_cold']['ready_ms']:.0f} ms, "
        f"warm {data['floor_warm']['ready_ms']:.0f} ms"
    )
    profile = fresh("page")
    data["cold"] = load_visit(playwright, profile, site, nginx)
    data["warm"] = load_visit(
        playwright, profile, site, nginx, round_trip_count=options.round_trips
    )
    log(
        f"    page ready cold {data['cold']['ready_ms'] or float('nan'):.0f} ms "
        f"({data['cold']['ready_via']}), warm {data['warm']['ready_ms'] or float('nan'):.0f} ms"
    )
    # The same two visits with Chromium starting at the moment of navigation.
    profile = fresh("launch")
    data["launch_cold"] = load_visit(playwright, profile, site, nginx, settle=False)
    data["launch_warm"] = load_visit(playwright, profile, site, nginx, settle=False)
    log(
        f"    page ready with the browser starting: cold "
        f"{data['launch_cold']['ready_ms'] or float('nan'):.0f} ms, "
        f"warm {data['launch_warm']['ready_ms'] or float('nan'):.0f} ms"
    )
    data["realistic"] = visitor(playwright, fresh("realistic"), site, nginx, options.pace)
    profile = fresh("impatient")
    data["impatient_cold"] = visitor(playwright, profile, site, nginx, None)
    data["impatient_warm"] = visitor(playwright, profile, site, nginx, None)
    log(
        f"    result after click: realistic {data['realistic']['result_latency_ms']:.0f} ms, "
        f"impatient cold {data['impatient_cold']['result_latency_ms']:.0f} ms, "
        f"warm {data['impatient_warm']['result_latency_ms']:.0f} ms"
    )
    for name, variant in sites.items():
        if name == "site":
            continue
        phases = options.alternative_phases.get(name, ("cold",))
        profile = fresh(name)
        for phase in ("cold", "warm"):
            if phase in phases:
                data[f"{name}_{phase}"] = load_visit(playwright, profile, variant, nginx)
        log(
            f"    {name}: ready "
            + ", ".join(
                f"{p} {data[f'{name}_{p}']['ready_ms'] or float('nan'):.0f} ms"
                for p in ("cold", "warm")
                if f"{name}_{p}" in data
            )
        )
    if options.throttled:
        for name, variant in sites.items():
            if name != "site" and "throttled" not in options.alternative_phases.get(name, ()):
                continue
            visit = load_visit(playwright, fresh(name), variant, nginx, throttle=True)
            data[f"{name}_throttled"] = visit
            log(f"    {name}: ready cold, throttled {visit['ready_ms'] or float('nan'):.0f} ms")
    if snapshot:
        data["node_snapshot"] = node_floor(snapshot)
    return data
