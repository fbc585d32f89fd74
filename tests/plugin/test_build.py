"""The screener plugin at build time: every error reported, settings honoured, embeds placed."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from content_checks.problems import ContentError
from pelican.settings import read_settings
from screeners import ScreenerBuildError
from screeners.settings import SettingsError

from tests.conftest import ROOT
from tests.plugin.sites import ARTICLE, add_screener, build
from tools.build import failure_message, run_pelican


def cli(project: Path, *settings: str) -> subprocess.CompletedProcess:
    """Build with the real command line (the way `make html` does), from the tiny site.

    `settings`: more NAME=VALUE overrides for Pelican's -e.
    """
    return run_pelican(
        ROOT / "pelicanconf.py",
        project / "content",
        project / "out",
        cache=project / "cache",
        extra=(
            "-e",
            "SCREENER_SNAPSHOT=false",
            "NAVIGATION_TOPIC_ORDER=[]",
            "SCREENER_ORDER=[]",
            *settings,
        ),
    )


def shown(project: Path, relative: str) -> str:
    """A path as the build prints it (outside the project folder: absolute)."""
    return str(project / relative)


def scorer_config(page: str) -> dict:
    """The worker's configuration a widget carries (its data-scorer attribute)."""
    return json.loads(html.unescape(re.search(r'data-scorer="([^"]*)"', page)[1]))


def test_a_tiny_site_builds_pages_an_index_and_assets(project):
    out = build(project)
    assert (out / "self-checks/phq-9/index.html").is_file()
    assert (out / "self-checks/gad-7/index.html").is_file()
    index = (out / "self-checks/index.html").read_text()
    assert 'href="../self-checks/phq-9/"' in index or 'href="/self-checks/phq-9/"' in index
    (engine,) = out.glob("static/screeners/engine.*.zip")
    # Stored, not deflated: the server's brotli compresses the whole zip better.
    with zipfile.ZipFile(engine) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        assert "screener_engine/scoring.py" in archive.namelist()
        # What only the build uses stays out of the visitor's download.
        assert not {n for n in archive.namelist() if n.endswith(("/proofs.py", "/space.py"))}
    assert len(list(out.glob("static/pyodide/314.0.7-*/pyodide.asm.wasm"))) == 1
    assert not list(out.glob("static/screeners/snapshot.*.bin"))
    page = (out / "self-checks/phq-9/index.html").read_text()
    assert "snapshot" not in scorer_config(page)["files"]
    assert "<form" not in page
    assert 'type="button"' in page and 'type="submit"' not in page
    # Its own page starts the worker as the page loads; an article's waits (below).
    assert 'data-start="load"' in page


def test_broken_definitions_fail_the_build_with_every_problem_and_no_traceback(project):
    screeners = project / "content" / "screeners"
    phq9_text = (screeners / "phq-9.yaml").read_text()
    (screeners / "phq-9.yaml").write_text(
        phq9_text.replace("minutes: 3", "minutes: three").replace("version:", "versoin:")
    )
    gad7_text = (screeners / "gad-7.yaml").read_text()
    (screeners / "gad-7.yaml").write_text(gad7_text.replace("max: 4\n", "max: 3\n", 1))
    done = cli(project)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "Traceback" not in output
    phq9 = shown(project, "content/screeners/phq-9.yaml")
    gad7 = shown(project, "content/screeners/gad-7.yaml")
    minutes = phq9_text.splitlines().index("minutes: 3") + 1
    version = phq9_text.splitlines().index('version: "1.0.0"') + 1
    assert f"{phq9}:{minutes}: minutes: must be an integer (got 'three', a str)" in output
    assert f"{phq9}:{version}: versoin: unknown key 'versoin' (did you mean 'version'?)" in output
    assert any(
        line.strip().startswith(f"{gad7}:") and "gap at 4" in line for line in output.splitlines()
    )
    assert "problems with the self-checks" in output
    assert not (project / "out" / "self-checks").exists(), "nothing is published after an error"


def test_each_reported_line_names_the_file_and_the_line(project):
    screeners = project / "content" / "screeners"
    text = (screeners / "gad-7.yaml").read_text()
    line = text.splitlines().index("minutes: 2") + 1
    (screeners / "gad-7.yaml").write_text(text.replace("minutes: 2", "minutes: -1"))
    with pytest.raises(ScreenerBuildError) as error:
        build(project)
    assert error.value.lines == [
        f"{shown(project, 'content/screeners/gad-7.yaml')}:{line}: minutes: must be at least 1 "
        "(got -1)"
    ]


def test_an_unknown_self_check_in_an_article_names_the_article_and_line(project):
    article = project / "content" / "articles" / "a.md"
    article.write_text(ARTICLE + "\nMore text.\n\n[self-check: phq9]\n", encoding="utf-8")
    # The content checks stop the build before Pelican reads anything...
    with pytest.raises(ContentError) as error:
        build(project)
    assert [str(p) for p in error.value.problems] == [
        f"{shown(project, 'content/articles/a.md')}:12: self-check: [self-check: phq9]: there "
        "is no self-check called 'phq9'; did you mean 'phq-9'? the self-checks are gad-7, "
        f"phq-9 (the file names in {shown(project, 'content/screeners')})"
    ]
    # ... and the plugin refuses it on its own too, should those checks be turned
    # off (in a new process: Pelican's signals stay connected within one).
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    without_checks = json.dumps([p for p in plugins if p != "content_checks"])
    done = cli(project, f"PLUGINS={without_checks}")
    assert done.returncode != 0
    assert (
        f"  {shown(project, 'content/articles/a.md')}:12: self-check: [self-check: phq9]: there "
        "is no "
        "self-check called 'phq9'; did you mean 'phq-9'? the self-checks are gad-7, phq-9 "
        f"(the file names in {shown(project, 'content/screeners')})"
    ) in failure_message(done).splitlines()


def test_an_article_embeds_a_self_check_with_one_line(project):
    article = project / "content" / "articles" / "a.md"
    article.write_text(
        ARTICLE + "\n[self-check: gad-7]\n\nShown as code, not embedded:\n\n"
        "    [self-check: gad-7]\n",
        encoding="utf-8",
    )
    out = build(project)
    page = (out / "a" / "index.html").read_text()
    assert page.count('data-screener="gad-7"') == 1
    assert 'data-start="touch"' in page
    assert "<code>[self-check: gad-7]\n</code>" in page
    assert page.count('type="module"') == 1


def test_the_same_self_check_twice_on_a_page_gets_its_own_names_and_ids(project):
    article = project / "content" / "articles" / "a.md"
    article.write_text(
        ARTICLE + "\n[self-check: gad-7]\n\nAnd again:\n\n[self-check: gad-7]\n", encoding="utf-8"
    )
    page = (build(project) / "a" / "index.html").read_text()
    assert page.count('data-screener="gad-7"') == 2
    assert 'id="screener-gad-7"' in page and 'id="screener-gad-7-2"' in page
    names = re.findall(r'<input type="radio" name="([^"]+)"', page)
    assert {n.split("--")[0] for n in names} == {"gad-7", "gad-7-2"}
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "every id on the page is unique"


def test_a_result_that_links_to_a_missing_page_fails_the_build(project):
    gad7 = project / "content" / "screeners" / "gad-7.yaml"
    text = gad7.read_text(encoding="utf-8")
    assert "href: /what-is-an-iop/" in text
    gad7.write_text(text.replace("href: /what-is-an-iop/", "href: /what-is-an-iopp/"))
    line = (
        gad7.read_text()
        .splitlines()
        .index(next(row for row in gad7.read_text().splitlines() if "/what-is-an-iopp/" in row))
    )
    with pytest.raises(ScreenerBuildError) as error:
        build(project)
    assert error.value.lines == [
        f"{shown(project, 'content/screeners/gad-7.yaml')}:{line + 1}: read_more: "
        "'/what-is-an-iopp/' is not a page of this site; link to an article or page by its "
        "address, such as /what-is-an-iop/ (the file name without .md)"
    ]


def test_a_stray_file_among_the_definitions_fails_the_build(project):
    (project / "content" / "screeners" / "notes.txt").write_text("to do")
    with pytest.raises(ScreenerBuildError) as error:
        build(project)
    assert error.value.lines == [
        f"{shown(project, 'content/screeners/notes.txt')}: file name: not a self-check "
        "definition (those end in .yaml); rename the file or move it out of this folder"
    ]


def test_urls_and_runtime_location_are_settings(project):
    out = build(
        project,
        SCREENER_URL="checks/{slug}.html",
        SCREENER_SAVE_AS="checks/{slug}.html",
        SCREENER_INDEX_URL="checks/",
        SCREENER_INDEX_SAVE_AS="checks/index.html",
        SCREENER_RUNTIME_PATH="runtime/py",
        SCREENER_ASSETS_PATH="runtime/app",
    )
    assert (out / "checks/phq-9.html").is_file()
    assert "checks/phq-9.html" in (out / "checks/index.html").read_text()
    assert list(out.glob("runtime/py/314.0.7-*/pyodide.asm.wasm"))
    page = (out / "checks/phq-9.html").read_text()
    assert 'data-runtime="/runtime/py/314.0.7-' in page
    assert 'data-worker="/runtime/app/screener-worker.' in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"SCREENER_URL": "self-checks/"},
            "Screener settings in pelicanconf.py: SCREENER_URL must contain {slug} "
            "(got 'self-checks/')",
        ),
        (
            {"SCREENER_SNAPSHOT": "yes"},
            "Screener settings in pelicanconf.py: SCREENER_SNAPSHOT must be a bool (got 'yes'); "
            "the default is True",
        ),
        (
            {"SCREENER_RUNTIME_PATH": "../elsewhere"},
            "Screener settings in pelicanconf.py: SCREENER_RUNTIME_PATH must be a folder inside "
            "the output (got '../elsewhere')",
        ),
    ],
)
def test_bad_settings_are_named(project, overrides, message):
    with pytest.raises(SettingsError) as error:
        build(project, **overrides)
    assert str(error.value) == message


def test_a_missing_runtime_says_how_to_install_it(project):
    with pytest.raises(Exception) as error:
        build(project, SCREENER_RUNTIME_SOURCE=str(project / "node_modules" / "pyodide"))
    assert str(error.value).startswith(
        f"screeners: the Pyodide runtime is missing from {project / 'node_modules' / 'pyodide'} "
        "(pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm, python_stdlib.zip, package.json, "
        "pyodide-lock.json); run `npm ci` in the project folder (`make html` does it for you)"
    )


def test_the_snapshot_is_made_once_and_reused_from_the_cache(project):
    cache = project / "snapshots"
    out = build(project, SCREENER_SNAPSHOT=True, SCREENER_CACHE_PATH=str(cache))
    (made,) = cache.glob("snapshot-314.0.7-*.bin")
    (shipped,) = out.glob("static/screeners/snapshot.*.bin")
    assert shipped.read_bytes() == made.read_bytes()
    page = (out / "self-checks/phq-9/index.html").read_text()
    recorded = scorer_config(page)["files"]["snapshot"]
    digest = base64.b64encode(hashlib.sha256(shipped.read_bytes()).digest()).decode()
    assert (recorded["url"], recorded["size"], recorded["integrity"]) == (
        f"/{shipped.relative_to(out).as_posix()}",
        shipped.stat().st_size,
        f"sha256-{digest}",
    )
    # A second build needs no Node.js at all: the cached snapshot is reused.
    out = build(
        project, SCREENER_SNAPSHOT=True, SCREENER_CACHE_PATH=str(cache), SCREENER_NODE="/bin/false"
    )
    (shipped,) = out.glob("static/screeners/snapshot.*.bin")
    assert shipped.read_bytes() == made.read_bytes() and not shipped.samefile(made)
    # A changed definition needs a new snapshot; a broken Node.js says what to do.
    gad7 = project / "content" / "screeners" / "gad-7.yaml"
    gad7.write_text(gad7.read_text().replace("minutes: 2", "minutes: 3"))
    with pytest.raises(Exception) as error:
        build(
            project,
            SCREENER_SNAPSHOT=True,
            SCREENER_CACHE_PATH=str(cache),
            SCREENER_NODE="/bin/false",
        )
    assert str(error.value).startswith(
        "screeners: making the Pyodide snapshot failed; set SCREENER_SNAPSHOT = False in "
        "pelicanconf.py to build without one."
    )


def test_lists_follow_screener_order_and_count_follow_up_questions_honestly(project):
    add_screener(project, "pc-ptsd-5")
    out = build(project, SCREENER_ORDER=["phq-9", "pc-ptsd-5"])
    index = (out / "self-checks" / "index.html").read_text()
    positions = [index.index(f"self-checks/{name}/") for name in ("phq-9", "pc-ptsd-5", "gad-7")]
    assert positions == sorted(positions)
    assert "9 or 10 questions" in index  # the difficulty follow-up
    assert "1 to 6 questions" in index  # the gate, then five items
    assert "7 or 8 questions" in index


def test_an_unknown_id_in_screener_order_is_named(project):
    with pytest.raises(ScreenerBuildError) as error:
        build(project, SCREENER_ORDER=["phq9"])
    assert error.value.lines == [
        "pelicanconf.py: SCREENER_ORDER: names 'phq9', but there is no self-check with that id "
        "(the ids are gad-7, phq-9)"
    ]


def test_feeds_link_to_an_embedded_self_check_instead_of_showing_its_form(project):
    article = project / "content" / "articles" / "a.md"
    article.write_text(ARTICLE + "\n[self-check: gad-7]\n\nAfter it.\n", encoding="utf-8")
    out = build(project, FEED_ALL_ATOM="feeds/all.atom.xml", FEED_DOMAIN="https://example.org")
    atom = ElementTree.parse(out / "feeds" / "all.atom.xml").getroot()
    (entry,) = [
        e
        for e in atom.findall("{http://www.w3.org/2005/Atom}entry")
        if e.find("{http://www.w3.org/2005/Atom}title").text == "A test article"
    ]
    for tag in ("summary", "content"):
        html = entry.find(f"{{http://www.w3.org/2005/Atom}}{tag}").text
        assert "data-screener" not in html and "<script" not in html and "<input" not in html
    content = entry.find("{http://www.w3.org/2005/Atom}content").text
    assert (
        '<p><a href="https://example.org/self-checks/gad-7/">Take the self-check: '
        "Anxiety check (GAD-7)</a> (on the site; your answers stay on your device)</p>"
    ) in content
    assert "Some text." in content and "After it." in content
    # The article's own page keeps the working widget.
    page = (out / "a" / "index.html").read_text()
    assert page.count('data-screener="gad-7"') == 1
