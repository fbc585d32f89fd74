"""The allowlist sanitiser (nh3) and the second look at Markdown's HTML (content_checks.rendered).

The build refuses, with a line, everything the allowlist does not hold
(test_table.py). These tests check the two lines behind that: tricks that
browsers parse differently from Python are removed by nh3 whatever the
check saw, and HTML that Markdown itself made is checked again once Pelican
has read the article, even when the check of the source missed it.
"""

from __future__ import annotations

import glob
from html.parser import HTMLParser

import pytest
from content_checks import runner
from content_checks.allowlist import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, Sanitiser
from content_checks.privacy import check_markdown as privacy_only
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from tests.conftest import ROOT

from .cases import FRONT, front_matter
from .harness import _Danger, build, fresh

# Known ways past sanitisers and filters: mutation XSS, entity and whitespace
# tricks in addresses, and markup inside foreign content.
VECTORS = [
    "<svg><p><style><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href=" \u0001javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="//evil.example/x.png" alt="x">',
    '<img src="https://evil.example/x.png" alt="x">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<iframe src="https://evil.example/"></iframe>',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<!--><script>alert(1)</script>-->",
    "<x onclick=alert(1)>x</x>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<a href="/x" ping="https://evil.example/" target="_blank">x</a>',
    '<div data-screener="phq-9" class="crisis" id="main">x</div>',
]


def _danger(html: str) -> list[str]:
    parser = _Danger("fragment")
    parser.feed(html)
    parser.close()
    # An <img src="x"> left without its onerror loads /x from this site: harmless.
    found = [f for f in parser.found if f != "<img src=x>"]
    for tag in ("style", "script", "iframe", "svg", "math", "form", "button", "meta", "base"):
        if f"<{tag}" in html.lower():
            found.append(f"<{tag}>")
    return found


@pytest.mark.parametrize("vector", VECTORS)
def test_the_sanitiser_removes_every_known_trick(vector):
    cleaned = Sanitiser(site_origin="https://iop-guide.example.org").clean(vector)
    assert _danger(cleaned) == [], cleaned
    assert "evil.example" not in cleaned and "javascript" not in cleaned.lower()


def test_the_sanitiser_keeps_images_from_the_site_itself():
    sanitiser = Sanitiser(site_origin="https://iop-guide.example.org")
    for src in (
        "{static}/images/a.png",
        "/theme/favicon.svg",
        "https://iop-guide.example.org/a.png",
    ):
        html = f'<img src="{src}" alt="A">'
        assert sanitiser.clean(html) == html


def test_the_allowlist_is_short_and_holds_nothing_that_loads_or_runs():
    assert len(ALLOWED_TAGS) <= 50
    dangerous = {"script", "style", "iframe", "object", "embed", "form", "input", "link", "meta"}
    assert not ALLOWED_TAGS & (dangerous | {"base", "svg", "math", "video", "audio", "source"})
    attributes = set().union(*ALLOWED_ATTRIBUTES.values())
    assert not {a for a in attributes if a.startswith("on")}
    assert not attributes & {"style", "srcset", "ping", "target", "formaction", "action"}


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))


def _tokens(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def test_the_sanitiser_changes_nothing_a_reader_sees_in_the_real_articles_and_pages():
    reader = MarkdownReader(read_settings(str(ROOT / "pelicanconf.py")))
    sanitiser = Sanitiser()
    sources = sorted(glob.glob(str(ROOT / "content" / "articles" / "*.md")))
    sources += sorted(glob.glob(str(ROOT / "content" / "pages" / "*.md")))
    assert len(sources) >= 10
    for source in sources:
        html, metadata = reader.read(source)
        assert _tokens(sanitiser.clean(html)) == _tokens(html), source
        assert _tokens(sanitiser.clean(metadata["summary"])) == _tokens(metadata["summary"])


# --- the second look, when the source check misses something --------------------------------


@pytest.fixture
def without_source_check(monkeypatch):
    """The build as if active.py had missed everything (only the privacy check runs)."""
    monkeypatch.setattr(runner.active, "check_markdown", privacy_only)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            '## A heading {: onclick="alert(1)" }',
            8,
            "HTML: the onclick attribute on <h2> runs code in the reader's browser; remove it",
        ),
        (
            "Some text.\n\n[click](javascript:alert(1))",
            10,
            "HTML: the link to 'javascript:alert(1)': a 'javascript:' address runs code when the "
            "reader follows it; remove it, or link to a page with https://",
        ),
        (
            '<meta http-equiv="refresh" content="0;url=/elsewhere/">',
            8,
            'HTML: <meta> can send the reader to another page (http-equiv="refresh") or change '
            "what the page tells other sites; remove it (scripts, styles and <meta> tags belong to "
            "the theme, which a developer maintains)",
        ),
    ],
)
def test_markdowns_html_is_checked_again_with_the_line_found(
    without_source_check, tmp_path, screener_cache, body, line, message
):
    project = fresh(tmp_path, "site")
    project.write("articles/x.md", front_matter(FRONT) + "\n" + body + "\n")
    outcome = build(project, screener_cache)
    assert outcome.kind == "error"
    assert f"content/articles/x.md:{line}: {message}" in outcome.lines
