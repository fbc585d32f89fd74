"""Visits as a cheap phone makes them: Chromium, throttled through the DevTools protocol.

Every visit is a phone-sized window on a Chromium profile folder: a new
folder is a first visit (empty cache), the same folder again is the visitor
coming back. `Meter` watches the page and every worker it starts, counts
the bytes each request took on the wire, and applies the throttling. Page
times come from instrument.js. Only what a visitor could see is read: the
widget's `data-state` attributes and the requests on the wire.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tools.chromium import CHROMIUM_ARGS, MISSING, chromium_path

# 200 KB/s taken as 200 x 1,024 = 204,800 bytes a second, both ways.
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 204_800,
    "uploadThroughput": 204_800,
}
PHONE_CPU_SLOWDOWN = 4
VIEWPORT = {"width": 390, "height": 844}
INSTRUMENT = (Path(__file__).parent / "instrument.js").read_text()
TIMEOUT_MS = 900_000  # the development server once took 215 s on this profile
SCREENER = "phq-9"
PAGE = f"/self-checks/{SCREENER}/"
# Every question answered, the optional one left out: total 9, "mild".
ANSWERS = {f"q{n}": ("3" if n <= 3 else "0") for n in range(1, 10)}
EXPECTED_BAND = "mild"
ANSWER_ALL = """(root, answers) => {
  for (const [question, value] of Object.entries(answers)) {
    const input = root.querySelector(`[data-question="${question}"] input[value="${value}"]`);
    (input.closest("label") || input).click();
  }
  root.querySelector('[data-action="score"]').click();
}"""

# What a URL is, by its path. The runtime is what only scoring needs: the
# worker, Pyodide, the engine and the snapshot (not the page's own script).
KINDS = (
    ("wasm", re.compile(r"\.wasm(\.zst|\.br|\.gz)?$")),
    ("snapshot", re.compile(r"(snapshot[^/]*|\.bin)$")),
    ("runtime scripts (.mjs)", re.compile(r"\.mjs$")),
    ("runtime data (.zip, .json)", re.compile(r"\.(zip|json)$")),
    ("page scripts (.js)", re.compile(r"\.js$")),
    ("css", re.compile(r"\.css$")),
    ("html", re.compile(r"(/|\.html)$")),
)
RUNTIME_KINDS = {"wasm", "snapshot", "runtime scripts (.mjs)", "runtime data (.zip, .json)"}


def kind_of(url: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0]
    return next((kind for kind, pattern in KINDS if pattern.search(path)), "other")


def is_runtime(request: dict) -> bool:
    """Whether a request is for a file only scoring needs."""
    return kind_of(request["url"]) in RUNTIME_KINDS


class Meter:
    """Bytes on the wire for a page and its workers, and the phone profile applied to them.

    The requests are Playwright's, which reads them from the DevTools
    protocol and holds each new worker until it watches the worker's
    requests too (a DevTools session of our own that attached to workers
    missed some of them). A request's bytes are its response's headers and
    encoded body, as Chromium counted them (`encodedDataLength`).

    The throttling is set on the page through the DevTools protocol. The
    network conditions also slow its workers' downloads; the CPU slowdown
    reaches only the page's main thread (Chromium refuses it for a worker
    target: "only supported for pages").
    """

    def __init__(self, context, page, throttled: bool):
        self.requests: dict[object, dict] = {}
        context.on("request", self._started)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", lambda request: self._finished(request, failed=True))
        if throttled:
            session = context.new_cdp_session(page)
            session.send("Network.emulateNetworkConditions", PHONE_NETWORK)
            session.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})

    def _started(self, request) -> None:
        self.requests[request] = {"url": request.url, "bytes": 0, "done": False}

    def _finished(self, request, failed: bool = False) -> None:
        found = self.requests.setdefault(request, {"url": request.url, "bytes": 0})
        found["done"] = True
        if failed or request.url.startswith(("blob:", "data:")):  # nothing on the wire
            return
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        response = request.response()
        if body <= 0 and response and response.status == 200:
            # Chromium reports no body for a worker's own script started from its URL.
            body = int(response.headers.get("content-length", 0))
        found["bytes"] = max(0, sizes["responseHeadersSize"]) + max(0, body)

    def total(self, runtime_only: bool = False) -> int:
        return sum(r["bytes"] for r in self.requests.values() if not runtime_only or is_runtime(r))

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for request in self.requests.values():
            kind = kind_of(request["url"])
            kinds[kind] = kinds.get(kind, 0) + request["bytes"]
        return kinds

    def wait_quiet(self, page, quiet_ms: int = 2000, limit_ms: int = TIMEOUT_MS) -> None:
        """Wait until no request has been in flight for `quiet_ms`."""
        quiet_since = time.monotonic()
        deadline = quiet_since + limit_ms / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(250)
            if any(not r["done"] for r in self.requests.values()):
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_ms / 1000:
                return
        busy = [r["url"] or "(no URL seen)" for r in self.requests.values() if not r["done"]]
        raise RuntimeError(f"still in flight after {limit_ms / 1000:.0f} s: {', '.join(busy)}")


@contextlib.contextmanager
def visit(playwright, profile: Path, throttled: bool):
    """A phone-sized Chromium on `profile`, already started, as a visitor's browser is."""
    executable = chromium_path()
    if executable is None:
        raise SystemExit(MISSING)
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORT,
    )  # fmt: skip
    try:
        context.add_init_script(INSTRUMENT)
        page = context.pages[0] if context.pages else context.new_page()
        _wait_until_started(context, page)
        yield page, Meter(context, page, throttled)
    finally:
        with contextlib.suppress(Exception):  # a browser that died is closed enough
            context.close()


def _wait_until_started(context, page, window_ms: int = 250, limit_ms: int = 10_000) -> None:
    """Wait until Chromium's processes together use < 10 % of a core over a window.

    Chromium's own start-up takes about 2 s of CPU here; a visitor's browser
    is already running when they follow a link.
    """
    browser = context.browser.new_browser_cdp_session()

    def cpu_seconds() -> float:
        return sum(p["cpuTime"] for p in browser.send("SystemInfo.getProcessInfo")["processInfo"])

    before, started = cpu_seconds(), time.monotonic()
    while time.monotonic() - started < limit_ms / 1000:
        page.wait_for_timeout(window_ms)
        now = cpu_seconds()
        if now - before < 0.1 * window_ms / 1000:
            break
        before = now
    browser.detach()


def _marks(page) -> dict:
    return page.evaluate("() => window.__bench")


def result_visit(playwright, profile: Path, origin: str, throttled: bool) -> dict:
    """Open the PHQ-9 page; once its script runs, answer everything and ask for the result.

    Returns ms from navigation start to the status "ready" and to the frame
    that paints the result, and the bytes that had arrived by then.
    """
    with visit(playwright, profile, throttled) as (page, meter):
        page.goto(origin + PAGE, wait_until="commit")
        root = page.locator(f'.screener[data-screener="{SCREENER}"]')
        expect(root.locator("[data-status]")).to_have_attribute(
            "data-state", re.compile("."), timeout=TIMEOUT_MS
        )
        expect(root.locator('[data-action="score"]')).to_be_visible(timeout=TIMEOUT_MS)
        root.evaluate(ANSWER_ALL, ANSWERS)
        result = root.locator("[data-result]")
        expect(result).to_have_attribute(
            "data-state", re.compile("^(result|errors|failed)$"), timeout=TIMEOUT_MS
        )
        figures = {"bytes": meter.total(), "by_kind": meter.by_kind()}
        state, band = result.get_attribute("data-state"), result.get_attribute("data-band")
        if (state, band) != ("result", EXPECTED_BAND):
            raise RuntimeError(
                f"the PHQ-9 page showed {state} {band}, not a {EXPECTED_BAND} result"
            )
        for _ in range(100):  # until the frame that paints the result has run
            marks = _marks(page)
            painted = [r["frame"] for r in marks["results"] if r["state"] == "result"]
            if painted and painted[-1] is not None:
                break
            page.wait_for_timeout(50)
        ready = [s["at"] for s in marks["status"] if s["state"] == "ready"]
        return {**figures, "ready_ms": ready[0] if ready else None, "result_ms": painted[-1]}


def untouched_embed(playwright, profile: Path, url: str) -> dict:
    """Open an article, scroll past its self-check without touching it, and wait.

    Returns the bytes of runtime files fetched (every request started, in
    full) and all bytes of the visit.
    """
    with visit(playwright, profile, throttled=True) as (page, meter):
        page.goto(url, wait_until="load")
        widget = page.locator(".screener[data-screener]").first
        seen = False
        for _ in range(200):
            page.mouse.wheel(0, 300)
            page.wait_for_timeout(150)
            box = widget.bounding_box()
            seen = seen or bool(
                box and box["y"] < VIEWPORT["height"] and box["y"] + box["height"] > 0
            )
            if page.evaluate("() => scrollY + innerHeight >= document.body.scrollHeight - 1"):
                break
        if not seen:
            raise RuntimeError(f"the self-check on {url} never came into view while scrolling")
        page.wait_for_timeout(5000)
        meter.wait_quiet(page)
        runtime = [r for r in meter.requests.values() if is_runtime(r)]
        return {
            "runtime_bytes": meter.total(runtime_only=True),
            "runtime_requests": len(runtime),
            "bytes": meter.total(),
        }
