"""A test-only Pelican plugin: a build that takes a while, to stop or overlap it on purpose.

Once every generator has read its content (before anything is written), it
writes `started` into the project folder and sleeps SLOW_BUILD_SECONDS.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pelican import signals


def _pause(generators) -> None:
    settings = generators[0].settings
    Path(settings["PATH"]).parent.joinpath("started").write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("SLOW_BUILD_SECONDS", "0")))


def register() -> None:
    """Connect the pause."""
    signals.all_generators_finalized.connect(_pause)
