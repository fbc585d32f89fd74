"""axe-core (pinned in package.json, installed by npm) run against a page in the browser.

The site's CSP allows no inline script and no eval, so axe cannot be added
with a <script> tag; `page.evaluate` runs it through the DevTools protocol,
which the page's CSP does not govern.
"""

from __future__ import annotations

import json
from functools import cache

import pytest
from playwright.sync_api import Page

from tests.conftest import ROOT

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks,
# heading order, ...), which cost nothing here and catch what WCAG rules miss.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return JSON.stringify(results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  })));
}"""


@cache
def _source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run 'npm ci' (make test does).", pytrace=False)
    return AXE_PATH.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict]:
    """axe's violations for the page as it is now (axe is added once per document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    return json.loads(page.evaluate(RUN, TAGS))


def describe(found: list[dict]) -> list[str]:
    """One line per failing element: rule, impact, element and what to fix."""
    return [
        f"{v['id']} ({v['impact']}): {node['target']}: {' '.join(node['summary'].split())}"
        for v in found
        for node in v["nodes"]
    ]
