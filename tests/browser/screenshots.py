"""Screenshots for a person to look at: each page type and state, scheme and width.

They are test artefacts (the folder is git-ignored), written by the
accessibility tests at the moment axe checks the same state.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.conftest import ROOT

DIRECTORY = ROOT / "test-artifacts" / "screenshots"


def name(page_type: str, state: str, scheme: str, width: int) -> str:
    """`self-check-phq-9_crisis_dark_320.png`: sorts by page type, then state."""
    parts = [page_type, state, scheme, f"{width}"]
    return "_".join(re.sub(r"[^a-z0-9-]+", "-", part.lower()) for part in parts) + ".png"


def save(page: Page, page_type: str, state: str, scheme: str, width: int) -> None:
    """The whole page, as it looks now."""
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    # A blinking caret would make two runs of the same state differ.
    page.screenshot(
        path=DIRECTORY / name(page_type, state, scheme, width), full_page=True, caret="hide"
    )
