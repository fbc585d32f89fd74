"""The engine runs in Pyodide: every import is from the standard library and exists there."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile

import pytest

from .conftest import ENGINE, ROOT

# Modules Pyodide removes, ships separately, or cannot run (no threads, processes, sockets...).
PYODIDE_UNAVAILABLE = {
    "_ssl",
    "asyncio",
    "concurrent",
    "ctypes",
    "curses",
    "dbm",
    "ensurepip",
    "fcntl",
    "ftplib",
    "grp",
    "http",
    "idlelib",
    "imaplib",
    "lzma",
    "mmap",
    "msvcrt",
    "multiprocessing",
    "nntplib",
    "poplib",
    "pty",
    "pwd",
    "readline",
    "resource",
    "select",
    "selectors",
    "signal",
    "smtplib",
    "socket",
    "socketserver",
    "sqlite3",
    "ssl",
    "subprocess",
    "syslog",
    "telnetlib",
    "termios",
    "threading",
    "tkinter",
    "tty",
    "turtle",
    "turtledemo",
    "urllib",
    "venv",
    "webbrowser",
    "winreg",
    "winsound",
    "xmlrpc",
    "zoneinfo",
    "_thread",
    "queue",
}
FORBIDDEN = {"pelican", "jinja2", "ruamel", "yaml", "markdown", "screeners"}
STDLIB_ZIP = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
SOURCES = sorted(ENGINE.glob("*.py"))


def imports(path) -> list[tuple[int, str]]:
    """(line, top-level module) for every absolute import in a file, inside functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_imports_are_standard_and_available_in_pyodide(path):
    for line, name in imports(path):
        where = f"{path.name}:{line}: {name}"
        assert name not in FORBIDDEN, where
        assert name in sys.stdlib_module_names or name == "__future__", (
            f"{where} is not in the standard library"
        )
        assert name not in PYODIDE_UNAVAILABLE, f"{where} is not available in Pyodide"


@pytest.mark.skipif(
    not STDLIB_ZIP.exists(), reason="the pinned Pyodide is not installed (run npm ci)"
)
def test_every_import_exists_in_the_pinned_pyodide():
    names = set(zipfile.ZipFile(STDLIB_ZIP).namelist())
    for path in SOURCES:
        for line, name in imports(path):
            present = (
                f"{name}.py" in names
                or f"{name}/__init__.py" in names
                or name in sys.builtin_module_names
            )
            assert present or name == "__future__", (
                f"{path.name}:{line}: {name} is not in {STDLIB_ZIP.name}"
            )


def test_importing_the_engine_loads_no_third_party_module():
    code = (
        "import json, sys; import screener_engine.worker; "
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    # -S: no site-packages .pth hooks (setuptools injects one); the engine is found from the cwd.
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-S", "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT / "plugins",
        ).stdout
    )
    outside = [
        m
        for m in loaded
        if m not in sys.stdlib_module_names and m not in {"screener_engine", "__main__"}
    ]
    assert outside == []
    assert not set(loaded) & PYODIDE_UNAVAILABLE - {"threading", "_thread"}
