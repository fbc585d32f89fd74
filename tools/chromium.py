"""Debian's Chromium for the browser tests and the benchmarks: where it is, how to start it.

Playwright cannot download its own browser here, so both launch the system
Chromium with these flags: no sandbox (root in a container), no GPU, and
nothing the browser would fetch on its own (updates, sync, first-run pages).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
]
MISSING = (
    "Chromium is missing: run 'make test' (it installs Debian's chromium as root) "
    "or set CHROMIUM_PATH."
)


def chromium_path() -> str | None:
    """Debian's Chromium, or the binary named by CHROMIUM_PATH; None when there is none."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None
