"""Headless Chromium for the benchmarks: profiles, page instrumentation, memory.

Every visit launches Debian's Chromium with a persistent profile folder: a
new folder is a first-time visitor (cold: empty disk cache), the same folder
again is the same visitor coming back (warm: disk cache, code caches).
The visit then waits until the browser has finished starting (its
processes idle), as a visitor's browser is already open when they follow a
link: Chromium's own start-up takes about 2 s of CPU here, which on two
cores would otherwise be measured as the page's (`settle=False` keeps it).

Memory is read two ways (see README):
- the peak resident memory (`VmHWM` in /proc) of the renderer process that
  runs the page; a dedicated worker is a thread of that same process, so this
  is the peak of page and worker together, WebAssembly memory included;
- V8's own heap figures (`Runtime.getHeapUsage`) for the page and for the
  worker target, taken through the DevTools protocol; `backingStorageSize`
  counts ArrayBuffers (WebAssembly memory is not included: it only shows in
  the process's resident memory).
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Playwright

from tools import chromium
from tools.chromium import CHROMIUM_ARGS

INSTRUMENT = (Path(__file__).parent / "instrument.js").read_text()


def chromium_path() -> str:
    """Debian's Chromium, or the binary named by CHROMIUM_PATH; exits without one."""
    path = chromium.chromium_path()
    if path is None:
        raise SystemExit(chromium.MISSING)
    return path


class Visit:
    """One browser session on a profile folder: `with Visit(p, folder) as v: v.page.goto(...)`."""

    def __init__(
        self, playwright: Playwright, profile: Path, instrument: bool = True, settle: bool = True
    ):
        self.playwright = playwright
        self.profile = profile
        self.instrument = instrument
        self.settle = settle
        self.settled_ms: float | None = None
        self.context: BrowserContext | None = None
        self.page: Page | None = None
        self.requests: list[str] = []
        self.errors: list[str] = []

    def __enter__(self) -> Visit:
        self.profile.mkdir(parents=True, exist_ok=True)
        self.context = self.playwright.chromium.launch_persistent_context(
            str(self.profile),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        if self.instrument:
            self.context.add_init_script(INSTRUMENT)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}")
        )
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self._browser_cdp = self.context.browser.new_browser_cdp_session()
        if self.settle:
            self.settled_ms = self._wait_until_idle()
        return self

    def _wait_until_idle(self, window_ms: int = 250, limit_ms: int = 10_000) -> float:
        """Wait until the browser's processes together use < 10 % of a core over a window."""
        started = time.monotonic()

        def cpu() -> float:
            info = self._browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]
            return sum(process["cpuTime"] for process in info)

        before = cpu()
        while (time.monotonic() - started) * 1000 < limit_ms:
            self.page.wait_for_timeout(window_ms)
            now = cpu()
            if now - before < 0.1 * window_ms / 1000:
                break
            before = now
        return (time.monotonic() - started) * 1000

    def __exit__(self, *exc) -> None:
        # A browser that already died is closed enough.
        with contextlib.suppress(Exception):
            self.context.close()

    def marks(self) -> dict:
        """What instrument.js recorded on the page."""
        return self.page.evaluate("() => JSON.parse(JSON.stringify(window.__bench || null))")

    def navigation(self) -> dict:
        """The page's navigation timing entry, in ms since navigation start."""
        return self.page.evaluate(
            """() => { const n = performance.getEntriesByType("navigation")[0];
                 return n ? n.toJSON() : null; }"""
        )

    def wait(self, ms: float) -> None:
        """Sleep while Playwright keeps handling browser events."""
        self.page.wait_for_timeout(ms)

    # --- memory -----------------------------------------------------------------

    def heap(self) -> dict:
        """V8 heap usage of the page and of each worker (bytes), via the DevTools protocol.

        Each is measured after a full garbage collection: what it still holds,
        not what it has not yet let go of.
        """
        page_session = self.context.new_cdp_session(self.page)
        try:
            page_session.send("HeapProfiler.collectGarbage")
            result = {"page": page_session.send("Runtime.getHeapUsage")}
        finally:
            page_session.detach()
        workers = []
        for target in self._browser_cdp.send("Target.getTargets")["targetInfos"]:
            if target["type"] == "worker":
                self._target_call(target["targetId"], "HeapProfiler.collectGarbage")
                usage = self._target_call(target["targetId"], "Runtime.getHeapUsage")
                if usage:
                    workers.append(usage)
        result["workers"] = workers
        return result

    def _target_call(self, target_id: str, method: str, params: dict | None = None):
        # Playwright's CDP sessions are for pages only; a worker is reached
        # through the browser session with the (non-flattened) Target domain.
        replies = []
        session = self._browser_cdp

        def on_message(event):
            message = json.loads(event["message"])
            if message.get("id") == 1:
                replies.append(message)

        session.on("Target.receivedMessageFromTarget", on_message)
        try:
            attached = session.send(
                "Target.attachToTarget", {"targetId": target_id, "flatten": False}
            )
            session_id = attached["sessionId"]
            message = json.dumps({"id": 1, "method": method, "params": params or {}})
            session.send(
                "Target.sendMessageToTarget", {"sessionId": session_id, "message": message}
            )
            deadline = time.monotonic() + 5
            while not replies and time.monotonic() < deadline:
                self.page.wait_for_timeout(20)
            session.send("Target.detachFromTarget", {"sessionId": session_id})
        except Exception:
            return None
        finally:
            session.remove_listener("Target.receivedMessageFromTarget", on_message)
        return replies[0].get("result") if replies else None

    def processes(self) -> list[dict]:
        """Every Chromium process of this session: type, CPU seconds, peak and current RSS."""
        found = []
        for process in self._browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]:
            pid = process["id"]
            status = _proc_status(pid)
            cmdline = _proc_cmdline(pid)
            kind = process["type"]
            if kind == "renderer" and "--top-chrome-webui" in cmdline:
                kind = "renderer (browser UI)"
            found.append(
                {
                    "type": kind,
                    "pid": pid,
                    "cpu_s": process["cpuTime"],
                    "peak_rss_bytes": status.get("VmHWM"),
                    "rss_bytes": status.get("VmRSS"),
                }
            )
        return found


def page_renderer(processes: list[dict]) -> dict | None:
    """The renderer that ran the page (and its worker): the busiest one."""
    renderers = [p for p in processes if p["type"] == "renderer"]
    return max(renderers, key=lambda p: p["cpu_s"], default=None)


def _proc_status(pid: int) -> dict:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) * 1024
    return values


def _proc_cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
