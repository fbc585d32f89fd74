"""`python -m tools.check` (make check): what it prints, and its exit status."""

from __future__ import annotations

import pytest

from tools.check import main

from .helpers import GOOD_ARTICLE, GOOD_ARTICLE_END, project, publish_settings

TODAY = "2026-11-22"


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(root)
    return root


def run(capsys, *args):
    where = [] if "--output" in args else ["--build-dir", "build"]
    status = main(["--today", TODAY, *where, *args])
    return status, capsys.readouterr().out


def test_a_clean_site(tiny, capsys):
    status, out = run(capsys)
    assert status == 0
    assert out.endswith(
        "Reading level (Flesch-Kincaid grade; the limit is 8):\n"
        "  grade  words  file\n"
        "    0.5     37  content/articles/paying.md\n"
        "    0.5      6  content/pages/about.md\n"
        "\n"
        "Self-checks: no definitions in content/screeners/.\n"
        "Built site: checked build (links to /site/paths, loads from other sites).\n"
        "Result: 0 errors, 0 warnings.\n"
    )
    assert "Errors" not in out and "Warnings" not in out
    assert (tiny / "build/paying/index.html").is_file()


def test_errors_fail_and_the_site_is_not_built(tiny, capsys):
    (tiny / "content/articles/broken.md").write_text(
        GOOD_ARTICLE.replace("Date: 2026-11-20", "Date: 2026-02-30")
        + '\n# A second title\n\n![](photo.png)\n<script src="https://cdn.example.com/x.js"></script>\n',
        encoding="utf-8",
    )
    status, out = run(capsys)
    assert status == 1
    assert out.startswith(
        "Errors (these must be fixed):\n"
        "content/articles/broken.md:2: Date: '2026-02-30' is not a real day or time; check the "
        "month, day and hour\n"
        f"content/articles/broken.md:{GOOD_ARTICLE_END + 1}: heading: '# A second title' is a "
        "top-level heading, "
        "but the page already has one (the Title); start the body's headings at level 2: "
        "'## A second title'\n"
        f"content/articles/broken.md:{GOOD_ARTICLE_END + 3}: image: ![](photo.png) has no alt "
        "text; describe what the "
        "image shows between the square brackets: ![what the image shows](photo.png)\n"
        f"content/articles/broken.md:{GOOD_ARTICLE_END + 3}: image: 'photo.png' does not exist "
        "(looked for "
        "content/articles/photo.png); put the image in content/images/ and write "
        "'{static}/images/name.png'\n"
        f"content/articles/broken.md:{GOOD_ARTICLE_END + 4}: privacy: <script> loads a script "
        "from "
        "https://cdn.example.com, another site, which would learn who reads this page; remove "
        "it (scripts, styles and fonts belong to the theme, which a developer maintains)\n"
        "\n"
    )
    assert "Built site: not checked, because the sources have errors; fix them first.\n" in out
    assert out.endswith("Result: 5 errors, 0 warnings.\n")
    assert not (tiny / "build").exists()


def test_warnings_pass_unless_strict(tiny, capsys):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace("## Questions to ask", "#### Questions to ask"), encoding="utf-8"
    )
    status, out = run(capsys)
    assert status == 0
    assert (
        "Warnings (worth a look):\n"
        "content/articles/paying.md:11: heading: '#### Questions to ask' comes right after the "
        "title, so it skips level 2; make it '## Questions to ask' (or add a level-2 heading above "
        "it)\n"
    ) in out
    assert out.endswith("Result: 0 errors, 1 warning.\n")
    status, out = run(capsys, "--strict")
    assert status == 1
    assert out.endswith("Result: 0 errors, 1 warning (--strict: warnings fail the check).\n")


def test_site_paths_are_checked_in_the_built_site(tiny, capsys):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE + "Try [the self-check](/self-checks/iop-fit/) or [topics](/topics/).\n",
        encoding="utf-8",
    )
    status, out = run(capsys)
    assert status == 0
    assert (
        f"content/articles/paying.md:{GOOD_ARTICLE_END}: link: '/self-checks/iop-fit/' is not a "
        "page of the built "
        "site; check the address (link to an article or page by its file instead: "
        "[text]({filename}other-article.md))\n"
    ) in out
    assert "'/topics/'" not in out


def test_publish_settings_refuse_stale_facts(tiny, capsys):
    (tiny / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace("Checked: 2026-11-21", "Checked: 2024-01-01"), encoding="utf-8"
    )
    status, out = run(capsys)
    assert status == 0
    assert "1056 days ago (2024-01-01), more than the 730 days this site allows" in out
    status, out = run(capsys, "--settings", str(publish_settings(tiny)))
    assert status == 1
    assert (
        "Errors (these must be fixed):\n"
        "content/articles/paying.md:4: Checked: was 1056 days ago (2024-01-01), more than the 730 "
        "days this site allows, so it is not published; check its facts against its sources again "
        "(or ask a clinician to review it), then write that day in 'Checked:' (or add 'Status: "
        "draft' to take it off the site until then)\n"
    ) in out


def test_an_existing_build_can_be_checked(tiny, capsys):
    status, out = run(capsys, "--output", "nowhere")
    assert status == 1
    assert (
        "nowhere: built site: there is no built site here (no index.html); run `make html` first, "
        "or leave out --output to let the check build one\n"
    ) in out


def test_the_real_site_builds_and_has_no_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(project(tmp_path, real_content=True))
    status, out = main(["--build-dir", "build"]), capsys.readouterr().out
    assert "Errors" not in out
    assert status == 0
    assert "Reading level (Flesch-Kincaid grade; the limit is 8):" in out
