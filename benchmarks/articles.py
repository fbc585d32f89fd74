"""Article pages: what a first-time reader downloads, and Lighthouse's scores.

Each article is opened cold (a new browser context: empty cache) from the
published site behind nginx; bytes and requests come from nginx's log. The
same page with JavaScript off must show the same article text ("no
JavaScript needed"). An article that embeds a self-check is reported on its
own, as loaded (the widget is far down: nothing starts) and after scrolling
to the widget (the worker starts; Pyodide is downloaded).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from .browser import CHROMIUM_ARGS, INSTRUMENT, chromium_path
from .pages import TIMEOUT, traffic
from .site import ROOT, Nginx, Published

LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
# The article text, without any self-check widget (which JavaScript enhances).
ARTICLE_TEXT = """() => {
  const main = document.querySelector("main") || document.body;
  const copy = main.cloneNode(true);
  for (const widget of copy.querySelectorAll(".screener")) widget.remove();
  return copy.textContent.replace(/\\s+/g, " ").trim().length;
}"""


def article_paths(site: Published) -> dict[str, list[str]]:
    """URL paths of the published articles: {"plain": [...], "embedded": [...]}."""
    found = {"plain": [], "embedded": []}
    for source in sorted((ROOT / "content" / "articles").glob("*.md")):
        page = site.output / source.stem / "index.html"
        if not page.exists():
            continue
        kind = "embedded" if 'class="screener"' in page.read_text() else "plain"
        found[kind].append(f"/{source.stem}/")
    return found


def visit(browser, site: Published, nginx: Nginx, path: str, scroll: bool = False) -> dict:
    """One cold visit of an article (JS on), and its text with JS off."""
    context = browser.new_context()
    context.add_init_script(INSTRUMENT)
    page = context.new_page()
    nginx.mark()
    page.goto(site.origin + path, wait_until="load")
    page.wait_for_timeout(1000)  # idle callbacks, observers, late requests
    result = {"path": path}
    if scroll:
        widget = page.locator(".screener[data-screener]").first
        started = page.evaluate("() => performance.now()")
        widget.scroll_into_view_if_needed()
        expect(widget.locator("[data-status]")).to_have_attribute(
            "data-state", "ready", timeout=TIMEOUT
        )
        ready = next(
            (
                s["at"]
                for s in page.evaluate("() => window.__bench.status")
                if s["state"] == "ready"
            ),
            None,
        )
        result["scroll_to_ready_ms"] = ready - started if ready else None
        page.wait_for_timeout(300)
    marks = page.evaluate("() => window.__bench")
    result["fcp_ms"] = marks["fcp"]
    result["text_chars_js"] = page.evaluate(ARTICLE_TEXT)
    result["traffic"] = traffic(nginx.since_mark())
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.origin + path, wait_until="load")
    result["text_chars_no_js"] = page.evaluate(ARTICLE_TEXT)
    context.close()
    return result


def run_visits(playwright, site: Published, nginx: Nginx, runs: int, log) -> dict:
    """Every article, `runs` times, cold; plus the embedded one scrolled to its widget."""
    paths = article_paths(site)
    browser = playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    results = {"plain": [], "embedded": [], "embedded_scrolled": [], "paths": paths}
    try:
        for run in range(runs):
            for kind in ("plain", "embedded"):
                for path in paths[kind]:
                    results[kind].append(visit(browser, site, nginx, path))
            for path in paths["embedded"][:1]:
                results["embedded_scrolled"].append(visit(browser, site, nginx, path, scroll=True))
            log(f"    articles run {run + 1}/{runs} done")
    finally:
        browser.close()
    return results


def lighthouse(url: str, out: Path, desktop: bool = False) -> dict:
    """One Lighthouse run (mobile unless desktop) against the local nginx."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={LIGHTHOUSE_FLAGS}",
        "--only-categories=performance,accessibility,best-practices",
        "--output=json",
        f"--output-path={out}",
    ]
    if desktop:
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stderr or done.stdout)[-1500:]}
    report = json.loads(out.read_text())
    audits = report["audits"]

    def value(name):
        return audits.get(name, {}).get("numericValue")

    failing = sorted(
        f"{cat}:{ref['id']}"
        for cat in ("performance", "accessibility", "best-practices")
        for ref in report["categories"][cat]["auditRefs"]
        if ref.get("weight", 0) > 0
        and (audits[ref["id"]].get("score") or 0) < 1
        and audits[ref["id"]].get("scoreDisplayMode")
        not in ("notApplicable", "informative", "manual")
    )
    return {
        "performance": report["categories"]["performance"]["score"] * 100,
        "accessibility": report["categories"]["accessibility"]["score"] * 100,
        "best_practices": report["categories"]["best-practices"]["score"] * 100,
        "fcp_ms": value("first-contentful-paint"),
        "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"),
        "cls": value("cumulative-layout-shift"),
        "bytes": value("total-byte-weight"),
        "failing": failing,
        # Lighthouse's own CPU benchmark of this machine (a typical laptop is ~1000-2000).
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "warnings": report.get("runWarnings", []),
    }


def run_lighthouse(site: Published, runs: int, log, work: Path | None = None) -> dict:
    """Lighthouse (mobile) `runs` times on a plain article, the embedded one, and a self-check."""
    if not LIGHTHOUSE.exists():
        log("    Lighthouse is not installed: run `npm ci --prefix benchmarks` (skipped)")
        return {"skipped": "lighthouse not installed (npm ci --prefix benchmarks)"}
    paths = article_paths(site)
    pages = {}
    if paths["plain"]:
        pages["article"] = paths["plain"][0]
    if paths["embedded"]:
        pages["article_with_self_check"] = paths["embedded"][0]
    pages["self_check"] = "/self-checks/phq-9/"
    out = Path(tempfile.mkdtemp(prefix="lighthouse-", dir=work))
    results = {"pages": pages, "runs": runs}
    for run in range(runs):
        for name, path in pages.items():
            report = lighthouse(site.origin + path, out / f"{name}-{run}.json")
            if "error" in report:
                # Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART).
                log(f"    lighthouse {name}: {report['error'].strip()[-200:]}; once more")
                report = lighthouse(site.origin + path, out / f"{name}-{run}-again.json")
            results.setdefault(name, []).append(report)
            log(
                f"    lighthouse {name} run {run + 1}/{runs}: "
                + (
                    f"perf {report['performance']:.0f}, a11y {report['accessibility']:.0f}"
                    if "error" not in report
                    else "failed"
                )
            )
    return results
