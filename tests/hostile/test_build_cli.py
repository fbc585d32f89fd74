"""`make html`'s own command (tools/build.py) under hostile timing: Ctrl-C, kills, overlaps.

Each test builds a tiny site in a subprocess exactly as `make html` does,
with a test-only plugin that can make a build pause (tests/hostile/plugins),
so that a build can be stopped or overlapped at a known moment. Whatever
happens, output/ is either the last good site or the new one, never a mix,
no temporary folder is left behind, and nothing prints a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.build import BUILDING, atomic_output, pelican_command

from .harness import LAST_GOOD, Project, fresh

PLUGINS = Path(__file__).resolve().parent / "plugins"
STOPPED = "The build was stopped; output/ still holds the last complete site."


def _settings(project: Project, **extra: object) -> None:
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        "from pelicanconf import *  # noqa: F403",
        f"PATH = {str(project.content)!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        f"CACHE_PATH = {str(project.root / 'cache')!r}",
        "SCREENER_SNAPSHOT = False",
        f"SCREENER_RUNTIME_SOURCE = {str(ROOT / 'node_modules' / 'pyodide')!r}",
        f"SCREENER_CACHE_PATH = {str(project.root / 'screener-cache')!r}",
        "NAVIGATION_TOPIC_ORDER = []",
        "SCREENER_ORDER = []",
        f"PLUGIN_PATHS = [{str(PLUGINS)!r}]",
        "PLUGINS = [*PLUGINS, 'slow_build']",
        *(f"{key} = {value!r}" for key, value in extra.items()),
    ]
    (project.root / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Project:
    project = fresh(tmp_path, "site")
    _settings(project)
    return project


def _start(project: Project, *options: str, pause: float = 0) -> subprocess.Popen:
    command = pelican_command("conf.py", "content", "output")
    command[2:2] = options  # tools/build.py's own options go before Pelican's
    env = {**os.environ, "SLOW_BUILD_SECONDS": str(pause)}
    return subprocess.Popen(
        command,
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_start(project: Project, process: subprocess.Popen) -> None:
    started = project.root / "started"
    for _ in range(600):
        if started.exists():
            return
        assert process.poll() is None, process.communicate()[0]
        time.sleep(0.05)
    raise AssertionError("the build did not start within 30 s")


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    said, _ = process.communicate(timeout=120)
    return process.returncode, said


def _untouched(project: Project) -> bool:
    return (project.output / "last-good.txt").read_text() == LAST_GOOD and (
        project.output / "index.html"
    ).read_text() == LAST_GOOD


def _leftovers(project: Project) -> list[str]:
    return [p.name for p in project.root.iterdir() if BUILDING in p.name]


def test_a_good_build_replaces_the_site(project):
    code, said = _finish(_start(project))
    assert code == 0, said
    assert not (project.output / "last-good.txt").exists()
    assert "A plain article" in (project.output / "index.html").read_text()
    assert _leftovers(project) == []
    assert "Traceback" not in said


def test_a_failed_build_leaves_the_last_good_site_and_says_so_without_a_traceback(project):
    project.write("articles/a.md", "Title: Broken\n\n<script>alert(1)</script>\n")
    code, said = _finish(_start(project))
    assert code == 1
    assert (
        "content/articles/a.md:3: HTML: <script> runs code in the reader's browser; remove it "
        "(scripts, styles and <meta> tags belong to the theme, which a developer maintains)"
    ) in said
    assert said.rstrip().endswith("output/ was left as it was (the last complete site).")
    assert "Traceback" not in said
    assert _untouched(project)
    assert _leftovers(project) == []


def test_a_warning_stops_the_build_without_a_traceback(project):
    _settings(project, NAVIGATION_TOPIC_ORDER=["No such topic"])
    code, said = _finish(_start(project))
    assert code == 1
    assert "NAVIGATION_TOPIC_ORDER: 'No such topic' is not the category of any article" in said
    assert (
        "The site was not built: the warning above stops the build (every warning does); fix "
        "what it says and build again."
    ) in said
    assert "Traceback" not in said and "RuntimeError" not in said
    assert _untouched(project)


def test_a_settings_file_python_cannot_read_gets_a_message_not_a_traceback(project):
    conf = project.root / "conf.py"
    conf.write_text(conf.read_text() + 'SITENAME = "unfinished\n', encoding="utf-8")
    code, said = _finish(_start(project))
    assert code == 1
    assert said.strip() == (
        "The settings cannot be read: SyntaxError: unterminated string literal (detected at line "
        f"{len(conf.read_text().splitlines())}) (conf.py, line "
        f"{len(conf.read_text().splitlines())}). Fix the file and build again; nothing was built."
    )
    assert _untouched(project)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_build_leaves_the_last_good_site(project, stop):
    process = _start(project, pause=30)
    _wait_for_start(project, process)
    process.send_signal(stop)
    code, said = _finish(process)
    assert code == 130, said
    assert said.strip().endswith(STOPPED)
    assert "Traceback" not in said
    assert _untouched(project)
    assert _leftovers(project) == []


def test_a_killed_build_leaves_the_last_good_site_and_the_next_build_tidies_up(project):
    process = _start(project, pause=30)
    _wait_for_start(project, process)
    process.kill()
    _finish(process)
    assert _untouched(project)
    assert len(_leftovers(project)) == 1  # nothing could delete it
    code, said = _finish(_start(project))
    assert code == 0, said
    assert _leftovers(project) == []


def test_a_second_build_waits_for_the_first_and_both_succeed(project):
    first = _start(project, pause=2)
    _wait_for_start(project, first)
    second = _start(project, "--wait", "60")
    code, said = _finish(second)
    assert code == 0, said
    assert "Waiting for another build of output/ to finish (process " in said
    assert _finish(first)[0] == 0
    assert not (project.output / "last-good.txt").exists()
    assert _leftovers(project) == []


def test_a_second_build_that_cannot_wait_says_another_build_is_running(project):
    first = _start(project, pause=30)
    _wait_for_start(project, first)
    try:
        code, said = _finish(_start(project, "--wait", "0"))
        assert code == 1
        lines = said.strip().splitlines()
        assert lines[-1].startswith("Another build of output/ is running (process ")
        assert lines[-1].endswith("); wait for it to finish, or stop it, then build again.")
        assert _untouched(project)  # the first is still running; nothing was swapped in
    finally:
        first.send_signal(signal.SIGINT)
        _finish(first)
    assert _untouched(project)


def test_publishing_that_fails_after_pelican_leaves_the_last_good_site(project):
    # tools/publish.py refuses a relative SITEURL after Pelican has built the new site.
    code, said = _finish(_start(project, "--publish"))
    assert code == 1, said
    assert "SITEURL must be an absolute address for publishing (got '')." in said
    assert _untouched(project)
    assert _leftovers(project) == []


def test_publishing_checks_and_finishes_the_new_site_before_it_goes_live(project):
    _settings(project, SITEURL="https://iop-guide.example.org", RELATIVE_URLS=False)
    env_site = "https://iop-guide.example.org"
    process = _start(project, "--publish")
    code, said = _finish(process)
    assert code == 0, said
    assert f"<loc>{env_site}/</loc>" in (project.output / "sitemap.xml").read_text()
    assert (project.output / "robots.txt").is_file()
    assert ".building-" not in said  # messages name output/, not the temporary folder
    assert _leftovers(project) == []


# --- the swap itself -------------------------------------------------------------------------


def test_a_failure_inside_the_block_removes_the_new_folder(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_output(output, wait=0) as new:
        (new / "half.txt").write_text("half")
        raise RuntimeError("a plugin failed")
    assert sorted(p.name for p in output.iterdir()) == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.lock", "output"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_the_swap_puts_the_new_site_in_place_and_keeps_what_is_retained(
    tmp_path, monkeypatch, exchange
):
    if not exchange:
        monkeypatch.setattr("tools.build._exchange", lambda a, b: False)
    output = tmp_path / "output"
    (output / ".git").mkdir(parents=True)
    (output / "old.txt").write_text("old")
    with atomic_output(output, wait=0, keep=(".git",)) as new:
        (new / "new.txt").write_text("new")
    assert sorted(p.name for p in output.iterdir()) == [".git", "new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["output", ".output.lock"])


def test_a_first_build_creates_the_output(tmp_path):
    output = tmp_path / "deep" / "output"
    with atomic_output(output, wait=0) as new:
        (new / "index.html").write_text("new")
    assert (output / "index.html").read_text() == "new"
    assert sorted(p.name for p in output.parent.iterdir()) == [".output.lock", "output"]
