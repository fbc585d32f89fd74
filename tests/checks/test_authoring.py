"""Every example in AUTHORING.md works: each marked block is built or checked as the guide says.

A block is marked with `<!-- example: KIND -->` on the line before its fence.
Every fenced block of the guide must be marked, except `sh` blocks that only
run make targets (and those targets must exist).
"""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest
from content_checks import ContentError
from content_checks.links import check_site_links
from content_checks.runner import check_content
from content_checks.scanner import read_source
from pelican.settings import read_settings

from tests.sites import site_settings
from tools.build import run_in_process

from .helpers import GOOD_ARTICLE, ROOT, project, publish_settings

# An article's fields as `make publish` wants them, for the body examples (the
# guide says the text of my-article.md starts on line 9), and a Sources list
# to end them with.
FRONT = (
    "Title: A test article\n"
    "Date: 2026-11-20\n"
    "Author: IOP Guide editorial team\n"
    "Checked: 2026-11-21\n"
    "Summary: A short summary.\n"
    "Category: Basics\n"
    "Tags: test\n"
    "\n"
)
SOURCES = GOOD_ARTICLE[GOOD_ARTICLE.index("\n## Sources") :]

GUIDE = (ROOT / "AUTHORING.md").read_text(encoding="utf-8")
MARKED_RE = re.compile(
    r"<!-- example: (?P<kind>[\w-]+) -->\n"
    r"(?P<fence>```|~~~)(?P<lang>\w*)\n(?P<text>.*?)\n(?P=fence)\n",
    re.DOTALL,
)
FENCE_RE = re.compile(
    r"^(?P<fence>```|~~~)(?P<lang>\w*)\n(?P<text>.*?)\n(?P=fence)$", re.DOTALL | re.MULTILINE
)
KINDS = {
    "build-error",
    "new-article",
    "article",
    "body",
    "image",
    "self-check",
    "screener",
    "mistake",
    "messages",
    "source",
    "review-message",
}
# Targets the lead adds to the Makefile (make new, make check); remove them here then.


def examples(kind: str) -> list[str]:
    found = [m["text"] + "\n" for m in MARKED_RE.finditer(GUIDE) if m["kind"] == kind]
    assert found, f"AUTHORING.md has no '<!-- example: {kind} -->' block"
    return found


def png() -> bytes:
    """A valid 1x1 PNG, standing in for the guide's image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the real site (settings, theme, content) to add the guide's examples to."""
    root = project(tmp_path, real_content=True)
    monkeypatch.chdir(root)
    for name in set(re.findall(r"\{static\}/images/([\w.-]+)", GUIDE)):
        (root / "content/images").mkdir(exist_ok=True)
        (root / "content/images" / name).write_bytes(png())
    return root


def build(root):
    paths = (root / "content", root / "out", root / "cache")
    settings = site_settings(*paths, settings_file=root / "pelicanconf.py")
    run_in_process(settings)  # all or nothing, as make html builds
    return settings, root / "out"


def problems_of(settings, output, file: str) -> list[str]:
    found = [str(p) for p in check_content(settings).problems if p.file == file]
    source = read_source(output.parent / file, file, "article")
    return found + [str(p) for p in check_site_links(source, output)]


def test_every_example_is_marked_and_every_kind_is_used():
    marked = {m.start("fence") for m in MARKED_RE.finditer(GUIDE)}
    unmarked = [
        m["text"]
        for m in FENCE_RE.finditer(GUIDE)
        if m.start() not in marked
        and not (
            m["lang"] == "sh" and all(line.startswith("make ") for line in m["text"].splitlines())
        )
    ]
    assert unmarked == []
    assert {m["kind"] for m in MARKED_RE.finditer(GUIDE)} == KINDS


def _targets():
    commands = [m["text"] for m in FENCE_RE.finditer(GUIDE) if m["lang"] == "sh"]
    commands += re.findall(r"`(make [\w-]+)", GUIDE)
    names = sorted({line.split()[1] for text in commands for line in text.splitlines()})
    return names


@pytest.mark.parametrize("target", _targets())
def test_every_make_command_in_the_guide_exists(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(target)}:", makefile, re.MULTILINE)


def test_the_build_error_example(site):
    (site / "content/articles/paying-for-an-iop.md").write_text(
        "Title: Paying for an IOP\nDate: 2026-02-30\nChecked: 2026-11-21\nSummary: How to pay.\n"
        "Category: Deciding on care\nTags: cost\n\nText.\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        build(site)
    assert str(caught.value) + "\n" == examples("build-error")[0]


def test_the_new_article_example(site, capsys):
    from tools.new_article import main

    (expected,) = examples("new-article")
    title = re.search(r"^Title: (.*)$", expected, re.MULTILINE)[1]
    today = re.search(r"^Date: (.*)$", expected, re.MULTILINE)[1]
    assert main([title, "--today", today]) == 0
    assert (site / "content/articles/how-to-pay-for-an-iop.md").read_text(
        encoding="utf-8"
    ) == expected
    _settings, output = build(site)
    assert (output / "drafts/how-to-pay-for-an-iop.html").is_file()


def test_the_complete_article_example(site):
    (text,) = examples("article")
    (site / "content/articles/how-to-pay-for-an-iop.md").write_text(text, encoding="utf-8")
    settings, output = build(site)
    page = (output / "how-to-pay-for-an-iop/index.html").read_text(encoding="utf-8")
    assert "Not yet reviewed by a clinician." in page
    assert "Reviewed by" not in page
    assert problems_of(settings, output, "content/articles/how-to-pay-for-an-iop.md") == []


@pytest.mark.parametrize("index", range(len(examples("body"))))
def test_the_body_examples(site, index):
    (site / "content/articles/example.md").write_text(
        FRONT + examples("body")[index] + SOURCES, encoding="utf-8"
    )
    settings, output = build(site)
    assert (output / "example/index.html").is_file()
    assert problems_of(settings, output, "content/articles/example.md") == []


def test_the_image_example(site):
    (site / "content/articles/example.md").write_text(
        FRONT + examples("image")[0] + SOURCES, encoding="utf-8"
    )
    settings, output = build(site)
    assert (output / "images/group-room.png").read_bytes() == png()
    assert (
        'alt="A quiet room with chairs set in a circle'
        in (output / "example/index.html").read_text()
    )
    assert problems_of(settings, output, "content/articles/example.md") == []


def test_the_self_check_example(site):
    (site / "content/articles/example.md").write_text(
        FRONT + examples("self-check")[0] + SOURCES, encoding="utf-8"
    )
    settings, output = build(site)
    page = (output / "example/index.html").read_text(encoding="utf-8")
    assert 'data-screener="phq-9"' in page
    assert "[self-check:" not in page
    assert problems_of(settings, output, "content/articles/example.md") == []


def test_the_screener_example(tmp_path, monkeypatch):
    loader = pytest.importorskip("screeners.loader")
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    (text,) = examples("screener")
    identifier = re.search(r"^id: (.*)$", text, re.MULTILINE)[1]
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "content/screeners" / f"{identifier}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    model, messages = loader.check_file(path, f"content/screeners/{identifier}.yaml")
    assert (messages, model is not None) == ([], True)
    # The first line points VS Code at the schema, relative to content/screeners/.
    relative = text.splitlines()[0].split("$schema=")[1]
    schema_path = (ROOT / "content/screeners" / relative).resolve()
    assert schema_path == ROOT / "plugins/screener_engine/screener.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(YAML(typ="safe").load(text), schema)


def test_the_mistake_example_and_its_messages(site):
    (site / "content/articles/my-article.md").write_text(
        FRONT + examples("mistake")[0] + SOURCES, encoding="utf-8"
    )
    settings = read_settings(str(site / "pelicanconf.py"))
    found = [
        str(p)
        for p in check_content(settings).problems
        if p.file == "content/articles/my-article.md"
    ]
    assert found == examples("messages")[0].splitlines()


def test_the_source_example(site):
    (line,) = examples("source")
    (site / "content/articles/example.md").write_text(
        FRONT + "Text.\n\n## Sources\n\n" + line, encoding="utf-8"
    )
    settings, output = build(site)
    assert problems_of(settings, output, "content/articles/example.md") == []


def test_the_review_message_example(site):
    (message,) = examples("review-message")
    (site / "content/articles/paying.md").write_text(
        GOOD_ARTICLE.replace(
            "Checked: 2026-11-21\n", "Checked: 2026-11-21\nReviewer: Dr. Jane Example\n"
        ).replace("Tags: cost, insurance\n", "Tags: cost, insurance\nReviewed: 2026-11-25\n"),
        encoding="utf-8",
    )
    settings = read_settings(str(publish_settings(site)))
    found = [
        (p.severity, str(p))
        for p in check_content(settings).problems
        if p.file == "content/articles/paying.md"
    ]
    assert found == [("error", message.rstrip("\n"))]
