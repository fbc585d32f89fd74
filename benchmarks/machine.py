"""The machine and tool versions a benchmark ran on."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata

from .browser import chromium_path
from .site import NGINX, ROOT


def _run(*command: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return "not found"
    return (done.stdout or done.stderr).strip()


def _cpu_model() -> str:
    for line in _run("lscpu").splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _meminfo_gb() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _os() -> str:
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def describe() -> dict:
    """CPU, cores, memory, OS and every tool version that matters here."""
    lighthouse = ROOT / "benchmarks" / "node_modules" / "lighthouse" / "package.json"
    pyodide = ROOT / "node_modules" / "pyodide" / "package.json"
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(_meminfo_gb(), 1),
        "os": _os(),
        "kernel": platform.release(),
        "load_average": os.getloadavg(),
        "chromium": _run(chromium_path(), "--version"),
        "node": _run("node", "--version"),
        "pyodide": json.loads(pyodide.read_text())["version"] if pyodide.exists() else None,
        "python": platform.python_version(),
        "pelican": metadata.version("pelican"),
        "playwright": metadata.version("playwright"),
        "nginx": _run(NGINX, "-v"),
        "lighthouse": json.loads(lighthouse.read_text())["version"]
        if lighthouse.exists()
        else None,
    }


def one_line(machine: dict) -> str:
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB RAM, "
        f"{machine['os']} (kernel {machine['kernel']}); {machine['chromium']}; Node "
        f"{machine['node']}; Pyodide {machine['pyodide']}; Python {machine['python']}, "
        f"Pelican {machine['pelican']}, Playwright {machine['playwright']}; {machine['nginx']}; "
        f"Lighthouse {machine['lighthouse']}"
    )
