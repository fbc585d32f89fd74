"""One way to run a Pelican build: the command `make html` uses, and its message on failure.

The development server, `make check` and the tests all build through here,
so they build exactly as `make html` does (fatal warnings, plain log lines).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pelican_command(
    settings: str | Path = "pelicanconf.py",
    content: str | Path = "content",
    output: str | Path = "output",
    cache: str | Path | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The `pelican` command line for a build that stops on any warning."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings)]
    command += ["-o", str(output), "--fatal", "warnings", "--log-handler", "plain"]
    if cache is not None:
        command += ["--cache-path", str(cache)]
    return [*command, *extra]


def run_pelican(*args, cwd: str | Path = ROOT, env=None, **kwargs) -> subprocess.CompletedProcess:
    """Run `pelican_command(*args, **kwargs)` from `cwd` and capture what it says."""
    command = pelican_command(*args, **kwargs)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def failure_message(done: subprocess.CompletedProcess) -> str | None:
    """What a failed build said, without the traceback that --fatal adds; None if it worked."""
    if done.returncode == 0:
        return None
    said = []
    for line in (done.stderr.strip() or done.stdout.strip()).splitlines():
        if line.startswith("Traceback (most recent call last)"):
            break  # --fatal warnings adds a traceback that only repeats the message
        if line.strip() != "RuntimeError: Warning or error encountered":
            said.append(line)
    return "\n".join(said).strip() or f"pelican exited with {done.returncode}"
