"""What stops a build (make html, make serve, make publish), not only `make check`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from content_checks import ContentError
from pelican.settings import read_settings

from tests.sites import build_site

from .helpers import GOOD_ARTICLE, GOOD_ARTICLE_END, ROOT, project, publish_settings

DRAFT = (
    "Title: Paying for an IOP\nDate: 2026-11-20\nChecked: TODO\nSummary: TODO\nCategory: TODO\n"
    "Tags: TODO\nStatus: draft\n\nTODO: the first paragraph.\n"
)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    return root


def build(root, settings="pelicanconf.py"):
    content, output, cache = root / "content", root / "out", root / "cache"
    return build_site(content, output, cache, settings_file=root / settings)


def test_a_draft_with_todos_builds_for_preview(tiny):
    (tiny / "content/articles/paying.md").write_text(DRAFT, encoding="utf-8")
    output = build(tiny)
    page = (output / "drafts/paying.html").read_text(encoding="utf-8")
    assert "Paying for an IOP" in page
    assert "Facts checked" not in page
    assert "Not yet reviewed by a clinician." in page
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
        "  content/articles/paying.md:3: Checked: is still TODO; write the day its facts were "
        "last checked against its sources, YYYY-MM-DD (or add 'Status: draft' to keep it off the "
        "site until it is done)"
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
        f"  content/articles/paying.md:{GOOD_ARTICLE_END + 1}: privacy: <iframe> loads a page in "
        "a frame from https://www.youtube.com, another site, which would learn who reads this "
        "page; link to it instead, for example [Watch the video](address)"
    ]


def _publish(root):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            str(publish_settings(root)),
            "-o",
            "published",
            "--fatal",
            "warnings",
            "--log-handler",
            "plain",
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stdout + done.stderr


def test_stale_facts_stop_only_the_publish_build(tiny):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace("Checked: 2026-11-21", "Checked: 2020-01-01"), encoding="utf-8"
    )
    assert (build(tiny) / "paying/index.html").is_file()
    status, output = _publish(tiny)
    assert status == 1
    assert "content/articles/paying.md:4: Checked: was " in output
    assert (
        "days ago (2020-01-01), more than the 730 days this site allows, so it is not published; "
        "check its facts against its sources again (or ask a clinician to review it), then write "
        "that day in 'Checked:' (or add 'Status: draft' to take it off the site until then)"
    ) in output
    assert "Traceback" not in output
    assert not (tiny / "published/paying/index.html").exists()


def test_a_review_claimed_without_the_clinicians_credential_stops_only_the_publish_build(tiny):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace(
            "Checked: 2026-11-21\n", "Checked: 2026-11-21\nReviewer: Dr. Test Person\n"
        ).replace("Tags: cost, insurance\n", "Tags: cost, insurance\nReviewed: 2026-11-21\n"),
        encoding="utf-8",
    )
    page = (build(tiny) / "paying/index.html").read_text(encoding="utf-8")
    assert "Not yet reviewed by a clinician." in page and "Reviewed by" not in page
    status, output = _publish(tiny)
    assert status == 1
    assert output.splitlines()[:2] == [
        "The site was not built: 1 problem in 1 file. Fix it and build again.",
        "  content/articles/paying.md:5: Reviewer: says a clinician reviewed this article, but "
        "Reviewer_credential is missing; a review shows on the page only with the clinician's "
        "name ('Reviewer: ...'), credential ('Reviewer_credential: LCSW') and day ('Reviewed: "
        "YYYY-MM-DD'), so add what is missing, or, if no clinician has reviewed it, delete the "
        "review lines and write the day you checked its facts as 'Checked: YYYY-MM-DD' (or add "
        "'Status: draft' to take it off the site until then)",
    ]
    assert not (tiny / "published/paying/index.html").exists()


def test_an_article_without_author_or_sources_stops_only_the_publish_build(tiny):
    text = GOOD_ARTICLE.replace("Author: IOP Guide editorial team\n", "")
    (tiny / "content/articles/paying.md").write_text(text[: text.index("\n## Sources")] + "\n")
    assert (build(tiny) / "paying/index.html").is_file()
    status, output = _publish(tiny)
    assert status == 1
    assert output.splitlines()[:3] == [
        "The site was not built: 2 problems in 1 file. Fix them and build again.",
        "  content/articles/paying.md: Author: is missing; add a line at the top that says who "
        "wrote this article: a real person's name, or the site's editorial team, 'Author: IOP "
        "Guide editorial team' (or add 'Status: draft' to take it off the site until then)",
        "  content/articles/paying.md: Sources: there is no '## Sources' list; end the article "
        "with the public pages its facts come from, each with the day you checked it, like '- "
        "[Page title](https://...), Publisher. Checked December 4, 2026.' (or add 'Status: "
        "draft' to take it off the site until then)",
    ]


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
