"""What stops a build (make html, make serve, make publish), not only `make check`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from content_checks import ContentError
from pelican import Pelican
from pelican.settings import read_settings

from .helpers import GOOD_ARTICLE, ROOT, project, publish_settings

DRAFT = (
    "Title: Paying for an IOP\nDate: 2026-11-20\nReviewed: TODO\nSummary: TODO\nCategory: TODO\n"
    "Tags: TODO\nStatus: draft\n\nTODO: the first paragraph.\n"
)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    return root


def build(root, settings="pelicanconf.py"):
    values = read_settings(
        str(root / settings),
        override={"OUTPUT_PATH": str(root / "out"), "CACHE_PATH": str(root / "cache")},
    )
    Pelican(values).run()
    return root / "out"


def test_a_draft_with_todos_builds_for_preview(tiny):
    (tiny / "content/articles/paying.md").write_text(DRAFT, encoding="utf-8")
    output = build(tiny)
    page = (output / "drafts/paying.html").read_text(encoding="utf-8")
    assert "Paying for an IOP" in page
    assert "Last reviewed" not in page
    assert "paying" not in (output / "index.html").read_text(encoding="utf-8")


def test_todos_outside_a_draft_stop_the_build(tiny):
    (tiny / "content/articles/paying.md").write_text(
        DRAFT.replace("Status: draft\n", ""), encoding="utf-8"
    )
    with pytest.raises(ContentError) as caught:
        build(tiny)
    lines = str(caught.value).splitlines()
    assert lines[0] == ("The site was not built: 5 problems in 1 file. Fix them and build again.")
    assert lines[1] == (
        "  content/articles/paying.md:3: Reviewed: is still TODO; once a qualified reviewer has "
        f"checked its facts, write the day of that review, like {_today()} (or add 'Status: "
        "draft' to keep it off the site until it is done)"
    )


def test_a_load_from_another_site_stops_the_build(tiny):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE
        + '\n<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build(tiny)
    assert str(caught.value).splitlines()[1:] == [
        "  content/articles/paying.md:15: privacy: <iframe> loads a page in a frame from "
        "https://www.youtube.com, another site, which would learn who reads this page; link to "
        "it instead, for example [Watch the video](address)"
    ]


def test_a_stale_review_stops_only_the_publish_build(tiny):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace("Reviewed: 2026-11-21", "Reviewed: 2020-01-01"), encoding="utf-8"
    )
    assert (build(tiny) / "paying/index.html").is_file()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            str(publish_settings(tiny)),
            "-o",
            "published",
            "--fatal",
            "warnings",
            "--log-handler",
            "plain",
        ],
        cwd=tiny,
        capture_output=True,
        text=True,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "content/articles/paying.md:3: Reviewed: was " in output
    assert (
        "days ago (2020-01-01), more than the 730 days this site allows, so it is not published; "
        "ask a qualified reviewer to check its facts, then write the day of that review here (or "
        "add 'Status: draft' to take it off the site until then)"
    ) in output
    assert "Traceback" not in output
    assert not (tiny / "published/paying/index.html").exists()


def test_drafts_stay_out_of_the_publish_build(tiny):
    (tiny / "content/articles/draft.md").write_text(DRAFT, encoding="utf-8")
    output = build(tiny, publish_settings(tiny).name)
    assert (output / "paying/index.html").is_file()
    assert not (output / "drafts").exists()


def test_publishconf_enforces_reviews_and_keeps_drafts_off_the_site(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert (
        settings.get("REVIEW_ENFORCE"),
        settings["DRAFT_SAVE_AS"],
        settings["DRAFT_PAGE_SAVE_AS"],
    ) == (True, "", "")


def _today():
    import datetime as dt

    return dt.date.today().isoformat()
