"""The site stylesheet: design tokens, contrast in both colour schemes, what it must never do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS_PATH = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "site.css"
CSS = CSS_PATH.read_text(encoding="utf-8")
CSS_NO_COMMENTS = re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL)

COLOR_TOKENS = [
    "bg",
    "surface",
    "text",
    "heading",
    "muted",
    "link",
    "link-hover",
    "accent",
    "accent-text",
    "focus",
    "border",
    "border-strong",
    "crisis-bg",
    "crisis-text",
    "crisis-link",
    "crisis-border",
    "warning-bg",
    "warning-text",
    "warning-border",
    "ok-bg",
    "ok-text",
    "ok-border",
]
OTHER_TOKENS = [
    "--space-1",
    "--space-2",
    "--space-3",
    "--space-4",
    "--space-5",
    "--space-6",
    "--space-7",
    "--radius",
    "--radius-small",
    "--measure",
    "--page-width",
    "--font-sans",
    "--line-height",
    "--focus-width",
    "--focus-offset",
    "--target-min",
    "--target-size",
]

# (foreground, background, minimum ratio): text needs 4.5:1, UI parts 3:1 (WCAG 1.4.3, 1.4.11).
CONTRAST_PAIRS = [
    *[
        (fg, bg, 4.5)
        for fg in ("text", "heading", "muted", "link", "link-hover")
        for bg in ("bg", "surface")
    ],
    ("accent-text", "accent", 4.5),
    ("accent", "bg", 3),
    ("accent", "surface", 3),
    *[("focus", bg, 3) for bg in ("bg", "surface", "crisis-bg", "warning-bg", "ok-bg")],
    ("border-strong", "bg", 3),
    ("border-strong", "surface", 3),
    ("crisis-text", "crisis-bg", 4.5),
    ("crisis-link", "crisis-bg", 4.5),
    ("crisis-link", "bg", 3),
    ("warning-text", "warning-bg", 4.5),
    ("warning-border", "bg", 3),
    ("ok-text", "ok-bg", 4.5),
    ("ok-border", "bg", 3),
    ("text", "warning-bg", 4.5),
    ("text", "ok-bg", 4.5),
]


def _block_after(marker: str, text: str = CSS_NO_COMMENTS) -> str:
    start = text.index(marker)
    body = re.search(r":root\s*\{([^}]*)\}", text[start:])
    assert body, f"no :root block after {marker!r}"
    return body.group(1)


def _declarations(block: str) -> dict[str, str]:
    return {
        name.strip(): value.strip()
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block)
    }


LIGHT = _declarations(_block_after(":root"))
DARK = _declarations(_block_after("@media (prefers-color-scheme: dark)"))


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_token_is_defined_as_a_hex_colour(scheme):
    tokens = LIGHT if scheme == "light" else DARK
    for name in COLOR_TOKENS:
        value = tokens.get(f"--color-{name}")
        assert value and re.fullmatch(r"#[0-9a-fA-F]{6}", value), (scheme, name, value)


def test_other_tokens_are_defined_once_for_both_schemes():
    for name in OTHER_TOKENS:
        assert name in LIGHT, name


def test_the_comment_at_the_top_lists_every_token():
    header = CSS[: CSS.index("*/")]
    for name in [f"--color-{n}" for n in COLOR_TOKENS] + OTHER_TOKENS:
        assert re.search(re.escape(name) + r"\b", header), f"{name} is not listed in the header"
    for name in LIGHT:
        assert name in header, f"{name} is defined but not listed in the header"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), CONTRAST_PAIRS)
def test_colour_contrast(scheme, fg, bg, minimum):
    tokens = LIGHT if scheme == "light" else DARK
    ratio = contrast(tokens[f"--color-{fg}"], tokens[f"--color-{bg}"])
    assert ratio >= minimum, f"{scheme}: {fg} on {bg} is {ratio:.2f}:1, needs {minimum}:1"


def test_nothing_is_loaded_from_anywhere_and_no_fonts_are_downloaded():
    assert "@import" not in CSS_NO_COMMENTS
    assert "url(" not in CSS_NO_COMMENTS
    assert "@font-face" not in CSS_NO_COMMENTS


def test_nothing_is_fixed_and_only_the_side_table_of_contents_is_sticky():
    assert not re.search(r"position\s*:\s*fixed", CSS_NO_COMMENTS)
    sticky = re.findall(r"([^{}]+)\{[^{}]*position\s*:\s*sticky", CSS_NO_COMMENTS)
    assert [s.strip() for s in sticky] == [".article > .toc"]
    crisis_rules = re.findall(r"\.crisis\s*\{([^}]*)\}", CSS_NO_COMMENTS)
    assert crisis_rules and all("position" not in rule for rule in crisis_rules)


def test_no_animation_and_reduced_motion_is_respected():
    assert "@keyframes" not in CSS_NO_COMMENTS
    outside_reduce = CSS_NO_COMMENTS.split("@media (prefers-reduced-motion: reduce)")[0]
    assert not re.search(r"\b(animation|transition)\s*:", outside_reduce)
    assert "@media (prefers-reduced-motion: reduce)" in CSS_NO_COMMENTS


def test_focus_ring_is_thick_and_offset():
    rule = re.search(r":focus-visible\s*\{([^}]*)\}", CSS_NO_COMMENTS).group(1)
    assert "outline: var(--focus-width) solid var(--color-focus)" in rule
    assert "outline-offset: var(--focus-offset)" in rule
    assert LIGHT["--focus-width"] == "3px"


def test_print_styles_hide_chrome_and_show_external_link_addresses():
    start = CSS_NO_COMMENTS.index("@media print")
    printed = CSS_NO_COMMENTS[start:]
    for selector in (".site-nav", ".skip-link", ".breadcrumbs", ".crisis-more", ".pager"):
        assert selector in printed.split("display: none")[0], selector
    assert 'content: " (" attr(href) ")"' in printed
    assert 'a[href^="http"]::after' in printed
