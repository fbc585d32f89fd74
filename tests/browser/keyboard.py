"""Drive a page with the keyboard alone, and check where focus is after every key.

After each key press the focused element must be (WCAG 2.4.7, 2.4.11):
- shown: the centre of its part inside the viewport hits the element itself
  (or something inside it), so nothing, sticky or not, covers it;
- marked: it matches :focus-visible and draws an outline or a box-shadow.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

# What has focus, where it is and whether it shows. Rectangles are clipped
# to the viewport: a focused box taller than the screen shows its top part.
PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const name = (node) => {
    if (!node) return "nothing";
    let text = node.tagName.toLowerCase();
    if (node.id) text += "#" + node.id;
    if (node.classList.length) text += "." + [...node.classList].join(".");
    const label = (node.getAttribute("aria-label") || node.textContent || "").trim();
    return label ? `${text} "${label.replace(/\\s+/g, " ").slice(0, 50)}"` : text;
  };
  const hits = [...el.getClientRects()].map((r) => {
    const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) return null;
    return document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  });
  const shown = hits.some((hit) => hit && (hit === el || el.contains(hit)));
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const fieldset = el.closest("fieldset[data-question]");
  return {
    name: name(el),
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute("role"),
    href: el.getAttribute("href"),
    type: el.getAttribute("type"),
    value: el.value ?? null,
    checked: el.checked === true,
    action: el.dataset.action || null,
    text: (el.textContent || "").trim().replace(/\\s+/g, " "),
    question: fieldset ? fieldset.dataset.question : null,
    in_result: !!el.closest("[data-result]"),
    in_crisis: !!el.closest(".screener-crisis"),
    is_result: el.matches("[data-result]"),
    shown,
    covered_by: shown ? null : name(hits.find((hit) => hit) || null),
    marked: el.matches(":focus-visible") && (outline || style.boxShadow !== "none"),
  };
}"""


@dataclass(frozen=True)
class Focus:
    """The focused element, as PROBE saw it."""

    name: str
    tag: str
    role: str | None
    href: str | None
    type: str | None
    value: str | None
    checked: bool
    action: str | None
    text: str
    question: str | None
    in_result: bool
    in_crisis: bool
    is_result: bool
    shown: bool
    covered_by: str | None
    marked: bool

    @property
    def is_radio(self) -> bool:
        return self.tag == "input" and self.type == "radio"


class Keyboard:
    """Key presses on one page; every press checks that focus is shown and marked."""

    def __init__(self, page: Page, where: str):
        self.page = page
        self.where = where
        self.keys: list[str] = []

    def focus(self) -> Focus:
        """Where focus is now; fails the test if it is lost, hidden or unmarked."""
        found = self.page.evaluate(PROBE)
        trail = " ".join(self.keys[-6:])
        assert found, f"{self.where}: focus was lost after ...{trail}"
        focus = Focus(**found)
        assert focus.shown, (
            f"{self.where}: the focused {focus.name} is not on screen or is covered "
            f"(by {focus.covered_by}) after ...{trail}"
        )
        assert focus.marked, (
            f"{self.where}: the focused {focus.name} has no visible focus ring after ...{trail}"
        )
        return focus

    def press(self, key: str, times: int = 1) -> Focus:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.keys.append(key)
            focus = self.focus()
        return focus

    def tab(self) -> Focus:
        return self.press("Tab")

    def back(self) -> Focus:
        return self.press("Shift+Tab")

    def tab_until(self, wanted, what: str, key: str = "Tab", limit: int = 120) -> Focus:
        """Press Tab (or Shift+Tab), checking every stop, until `wanted(focus)` holds."""
        for _ in range(limit):
            focus = self.press(key)
            if wanted(focus):
                return focus
        raise AssertionError(f"{self.where}: {limit} presses of {key} never reached {what}")

    def choose(self, values: list[str], value: str) -> Focus:
        """Pick `value` in the radio group that has focus: Space, or arrow keys (which check)."""
        focus = self.focus()
        assert focus.is_radio, f"{self.where}: expected a radio button, not {focus.name}"
        here, there = values.index(focus.value), values.index(value)
        if here == there:
            focus = self.press("Space") if not focus.checked else focus
        else:
            focus = self.press("ArrowDown" if there > here else "ArrowUp", abs(there - here))
        assert focus.value == value and focus.checked, (
            f"{self.where}: the keyboard did not choose {value!r} ({focus.name})"
        )
        return focus
