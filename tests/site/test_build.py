"""The real site builds, every source becomes a page, and a broken article stops the build."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from content_checks.frontmatter import parse

from tests.conftest import ROOT
from tools.build import run_pelican

CONTENT = ROOT / "content"


def _expected_output(path: Path, kind: str) -> str:
    fields = parse(path.read_text(encoding="utf-8"), str(path)).fields
    if "save_as" in fields:
        return fields["save_as"].value
    slug = fields["slug"].value if "slug" in fields else path.stem
    return f"{slug}/index.html"


def test_every_markdown_file_becomes_a_page(site_dir):
    sources = [(p, "article") for p in sorted((CONTENT / "articles").rglob("*.md"))]
    sources += [(p, "page") for p in sorted((CONTENT / "pages").rglob("*.md"))]
    assert len([s for s in sources if s[1] == "article"]) >= 5
    missing = [
        str(path.relative_to(ROOT))
        for path, kind in sources
        if not (site_dir / _expected_output(path, kind)).is_file()
    ]
    assert missing == []
    written = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert {_expected_output(p, k) for p, k in sources} <= written


def _copy_site(tmp_path: Path) -> Path:
    """A copy of the project's content, theme and settings to break on purpose."""
    project = tmp_path / "project"
    shutil.copytree(CONTENT, project / "content")
    for name in ("theme",):
        shutil.copytree(ROOT / name, project / name)
    for name in ("pelicanconf.py",):
        shutil.copy(ROOT / name, project / name)
    for name in ("node_modules",):
        (project / name).symlink_to(ROOT / name)
    return project


def _pelican(project: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_pelican(output="out", extra=extra, cwd=project)


def test_broken_front_matter_fails_the_build_with_one_clear_message(tmp_path):
    project = _copy_site(tmp_path)
    (project / "content/articles/broken.md").write_text(
        "Date: 2026-02-30\nReviewed: 2026-11-01\nSummary: A test.\nCategory: Basics\n"
        "Tags: test\n\nSome text.\n",
        encoding="utf-8",
    )
    done = _pelican(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert (
        "content/articles/broken.md: Title: is missing; add a line 'Title: ...' at the top"
        in output
    )
    assert (
        "content/articles/broken.md:1: Date: '2026-02-30' is not a real day or time; "
        "check the month, day and hour" in output
    )
    assert "Traceback" not in output
    assert not (project / "out/broken/index.html").exists()


def test_debug_mode_keeps_the_traceback(tmp_path):
    project = _copy_site(tmp_path)
    (project / "content/articles/broken.md").write_text("Title: x\n\nText.\n", encoding="utf-8")
    done = _pelican(project, "--debug")
    assert done.returncode == 1
    assert "Traceback" in done.stdout + done.stderr


def test_a_file_pelican_cannot_read_fails_the_build(tmp_path):
    project = _copy_site(tmp_path)
    (project / "content/articles/notes.docx").write_bytes(b"PK\x03\x04")
    done = _pelican(project)
    assert done.returncode == 1
    assert (
        "content/articles/notes.docx: file type: Pelican cannot read '.docx' files, so this "
        "article would be left out of the site; save it as Markdown with a '.md' name, or move "
        "it out of the content folder" in done.stdout + done.stderr
    )
