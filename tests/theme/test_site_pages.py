"""Every page of the real site, as built: structure, crisis help, CSP-safe markup, privacy.

Uses the session's `site_dir` (the real site built once into a temporary
folder by tests/conftest.py with the same command as `make html`).
"""

from __future__ import annotations

import itertools
import posixpath
import re
from pathlib import Path

import pytest
from content_checks.frontmatter import parse
from pelican.settings import read_settings
from pelican.utils import slugify

from .htmldoc import Document, read

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))

# Attributes through which a page loads something (not links a reader follows).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
}
# <link rel=...> values that only name another address and load nothing.
NON_LOADING_LINK_RELS = {"alternate", "canonical", "author", "license", "me"}
FOCUSABLE = {"a", "button", "input", "select", "textarea", "summary", "iframe"}
# Pages the theme and articles link to that the screener plugin writes (not yet
# built while it is being written); links under it are not checked.
PENDING_PREFIX = "/self-checks/"


@pytest.fixture(scope="module")
def pages(site_dir) -> dict[str, Document]:
    """Every HTML page of the built site, by its path under the site root."""
    found = {
        path.relative_to(site_dir).as_posix(): read(path, site_dir)
        for path in sorted(site_dir.rglob("*.html"))
    }
    assert len(found) >= 5, sorted(found)
    return found


def _article_paths() -> list[str]:
    """Where each non-draft article of content/articles is written."""
    paths = []
    base = Path(SETTINGS["PATH"])
    for folder in SETTINGS["ARTICLE_PATHS"]:
        for source in sorted((base / folder).rglob("*.md")):
            front = parse(source.read_text(encoding="utf-8"), str(source))
            fields = {key: f.value for key, f in front.fields.items()}
            if fields.get("status", "published").lower() == "draft":
                continue
            slug = fields.get("slug") or slugify(
                source.stem, regex_subs=SETTINGS["SLUG_REGEX_SUBSTITUTIONS"]
            )
            paths.append(SETTINGS["ARTICLE_SAVE_AS"].format(slug=slug))
    return paths


def _is_foreign(url: str) -> bool:
    """True for anything not a plain path on this site (another origin, or a scheme)."""
    url = url.strip()
    return url.startswith("//") or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def _site_path(page: str, href: str) -> str:
    """A relative or root-relative href on `page`, as a path from the site root."""
    href = href.split("#")[0].split("?")[0]
    base = "/" + posixpath.dirname(page)
    target = href if href.startswith("/") else posixpath.join(base, href)
    normal = posixpath.normpath(target)
    return normal + "/" if href.endswith("/") or href in ("", ".", "..") else normal


def _problems(pages, check) -> dict[str, list[str]]:
    found = {}
    for name, doc in pages.items():
        problems = check(name, doc)
        if problems:
            found[name] = problems
    return found


# --- structure -----------------------------------------------------------------------


def test_every_page_has_exactly_one_h1(pages):
    assert (
        _problems(
            pages,
            lambda n, d: (
                []
                if len(d.all("h1")) == 1
                else [f"{len(d.all('h1'))} <h1> elements: {[h.text for h in d.all('h1')]}"]
            ),
        )
        == {}
    )


def test_headings_start_at_h1_and_never_skip_a_level(pages):
    def check(name, doc):
        levels = [int(e.tag[1]) for e in doc.elements if re.fullmatch(r"h[1-6]", e.tag)]
        problems = [] if levels and levels[0] == 1 else [f"first heading is h{levels[:1]}"]
        for before, after in itertools.pairwise(levels):
            if after > before + 1:
                problems.append(f"h{before} is followed by h{after}")
        return problems

    assert _problems(pages, check) == {}


def test_every_page_has_the_landmarks_and_head_it_needs(pages):
    def check(name, doc):
        problems = []
        html = doc.first("html")
        if not (html and html.get("lang")):
            problems.append("no <html lang>")
        if not (doc.first("title") and doc.first("title").text):
            problems.append("no <title>")
        if len(doc.all("main")) != 1 or doc.all("main")[0].get("id") != "main":
            problems.append('not exactly one <main id="main">')
        for tag in ("header", "footer"):
            if not doc.all(tag):
                problems.append(f"no <{tag}>")
        if any(not n.get("aria-label") and not n.get("aria-labelledby") for n in doc.all("nav")):
            problems.append("a <nav> without a label")
        if not doc.first("meta", name="viewport"):
            problems.append("no viewport meta")
        if not doc.first("meta", name="referrer", content="no-referrer"):
            problems.append('no <meta name="referrer" content="no-referrer">')
        icon = doc.first("link", rel="icon")
        if not (icon and icon.get("href", "").split("?v=")[0].endswith("/theme/favicon.svg")):
            problems.append("no SVG favicon link")
        return problems

    assert _problems(pages, check) == {}


def test_ids_are_unique_and_aria_references_point_at_them(pages):
    def check(name, doc):
        ids = [e.get("id") for e in doc.elements if e.get("id")]
        problems = [f"duplicate id {i!r}" for i in sorted(set(ids)) if ids.count(i) > 1]
        for element in doc.elements:
            for attr in ("aria-labelledby", "aria-describedby", "aria-controls"):
                for ref in (element.get(attr) or "").split():
                    if ref not in ids:
                        problems.append(f"{attr}={ref!r} names no element")
            href = element.get("href") or ""
            if element.tag == "a" and href.startswith("#") and href[1:] and href[1:] not in ids:
                problems.append(f"link to missing #{href[1:]}")
        return problems

    assert _problems(pages, check) == {}


def test_images_have_alt_text_and_tabindex_is_only_0_or_minus_1(pages):
    def check(name, doc):
        problems = [
            f"<img src={e.get('src')}> has no alt" for e in doc.all("img") if "alt" not in e.attrs
        ]
        problems += [
            f"tabindex={e.get('tabindex')} on <{e.tag}>"
            for e in doc.elements
            if e.get("tabindex") not in (None, "0", "-1")
        ]
        return problems

    assert _problems(pages, check) == {}


# --- skip link and crisis banner -------------------------------------------------------


def _focusables(doc: Document):
    """Elements in the page's tab order (document order; no positive tabindex is used)."""
    body = doc.first("body")
    for element in doc.elements:
        if body not in element.parents or element.get("tabindex") == "-1":
            continue
        if element.tag == "a":
            if element.get("href") is not None:
                yield element
        elif element.tag in FOCUSABLE or element.get("tabindex") == "0":
            yield element


def test_the_skip_link_comes_first_then_the_crisis_links(pages):
    def check(name, doc):
        order = list(_focusables(doc))
        problems = []
        if not order or order[0].get("href") != "#main" or "skip-link" not in order[0].classes:
            problems.append("the first focusable element is not the skip link to #main")
        crisis = doc.first("aside", **{"aria-label": "Crisis help"})
        if crisis is None or len(order) < 2 or crisis not in order[1].parents:
            problems.append("the crisis links do not come right after the skip link")
        return problems

    assert _problems(pages, check) == {}


def test_every_page_has_the_crisis_banner_before_the_site_header(pages, site_dir):
    crisis_page = f"/{SETTINGS['CRISIS_PAGE_SLUG']}/"

    def check(name, doc):
        banner = doc.first("aside", **{"aria-label": "Crisis help"})
        if banner is None:
            return ['no <aside aria-label="Crisis help">']
        problems = []
        text = banner.text
        if not text.startswith("In crisis?"):
            problems.append(f"banner text is {text!r}")
        labels = [a.text.strip() for a in doc.all("a") if banner in a.parents]
        for needed in ("Call 988", "Text 988", "Call 911"):
            if needed not in labels:
                problems.append(f"no button {needed!r} (got {labels})")
        links = [a for a in doc.all("a") if banner in a.parents]
        hrefs = [a.get("href") for a in links]
        for needed in ("tel:988", "sms:988", "tel:911"):
            if needed not in hrefs:
                problems.append(f"no {needed} link")
        local = [_site_path(name, h) for h in hrefs if not _is_foreign(h)]
        if crisis_page not in local:
            problems.append(f"no link to {crisis_page} (got {local})")
        header = doc.first("header")
        if doc.elements.index(banner) > doc.elements.index(header):
            problems.append("the banner comes after the site header")
        return problems

    assert _problems(pages, check) == {}


# --- CSP-safe markup -------------------------------------------------------------------


def test_csp_meta_tag_comes_first_and_is_the_configured_policy(pages):
    def check(name, doc):
        metas = doc.all("meta", **{"http-equiv": "Content-Security-Policy"})
        if len(metas) != 1:
            return [f"{len(metas)} CSP meta tags"]
        problems = []
        if metas[0].get("content") != SETTINGS["CSP_POLICY"]:
            problems.append(f"CSP is {metas[0].get('content')!r}")
        loads = [e for e in doc.elements if e.tag in ("link", "script", "style", "img")]
        if loads and doc.elements.index(loads[0]) < doc.elements.index(metas[0]):
            problems.append("something is loaded before the CSP meta tag")
        return problems

    assert _problems(pages, check) == {}


def _is_data_block(element) -> bool:
    return element.get("type") == "application/ld+json"


def _scripts(doc):
    """The scripts a page would run (data blocks such as JSON-LD are not run)."""
    return [e for e in doc.all("script") if not _is_data_block(e)]


def test_no_inline_script_style_event_handler_or_form(pages):
    def check(name, doc):
        problems = []
        for element in doc.elements:
            # A JSON-LD data block is never run, so the CSP has nothing to allow.
            if element.tag == "script" and not element.get("src") and not _is_data_block(element):
                problems.append("inline <script>")
            if element.tag == "style":
                problems.append("<style> element")
            if element.tag == "form":
                problems.append("<form> element")
            if "style" in element.attrs:
                problems.append(f'style="..." on <{element.tag}>')
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            if handlers:
                problems.append(f"event handler {handlers} on <{element.tag}>")
            for attr in ("href", "src", "action", "formaction"):
                if (element.get(attr) or "").strip().lower().startswith("javascript:"):
                    problems.append(f"javascript: URL on <{element.tag}>")
        return problems

    assert _problems(pages, check) == {}


def test_nothing_is_loaded_from_another_origin(pages):
    def check(name, doc):
        problems = []
        for element in doc.elements:
            if element.tag in ("iframe", "frame"):
                problems.append(f"<{element.tag}>")
            for attr in LOADING_ATTRIBUTES.get(element.tag, ()):
                for url in re.split(r",\s*", element.get(attr) or ""):
                    url = url.strip().split(" ")[0]
                    if url and _is_foreign(url):
                        problems.append(f"<{element.tag} {attr}={url!r}>")
            if element.tag == "link":
                rels = set((element.get("rel") or "").lower().split())
                if not rels & NON_LOADING_LINK_RELS and _is_foreign(element.get("href") or ""):
                    problems.append(
                        f"<link rel={element.get('rel')!r} href={element.get('href')!r}>"
                    )
        return problems

    assert _problems(pages, check) == {}


def test_stylesheets_import_nothing_and_load_nothing_from_elsewhere(site_dir):
    sheets = sorted(site_dir.rglob("*.css"))
    assert sheets
    for sheet in sheets:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert "@import" not in css, sheet
        for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert not _is_foreign(url), f"{sheet}: url({url})"


def test_article_pages_have_no_script_at_all(pages):
    articles = _article_paths()
    assert articles, "no articles found in content/articles"
    missing = [a for a in articles if a not in pages]
    assert missing == []
    # The only script an article may carry is the module of a self-check it
    # embeds ("[self-check: <id>]"); the article itself needs none.
    embeds = {a for a in articles if pages[a].all("section", **{"class": "screener"})}
    with_script = [a for a in articles if a not in embeds and _scripts(pages[a])]
    assert with_script == []
    for article in embeds:
        scripts = _scripts(pages[article])
        assert [s.get("type") for s in scripts] == ["module"]
        assert "/static/screeners/screener." in scripts[0].get("src")
    # And the theme marks exactly these pages as articles.
    marked = sorted(n for n, d in pages.items() if d.first("article", **{"class": "article"}))
    assert marked == sorted(articles)


def test_theme_pages_have_no_script_either(pages):
    theme_pages = ["index.html", "topics/index.html", "tags/index.html", "404.html"]
    theme_pages += [n for n in pages if n.startswith(("topics/", "tags/"))]
    assert [n for n in theme_pages if n in pages and _scripts(pages[n])] == []


def test_internal_links_lead_to_built_pages(pages, site_dir):
    def check(name, doc):
        problems = []
        for element in doc.all("a") + doc.all("link"):
            href = element.get("href")
            if href is None or href.startswith("#") or _is_foreign(href):
                continue
            path = _site_path(name, href)
            if path.startswith(PENDING_PREFIX):
                continue
            target = site_dir / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{href} -> {path} does not exist")
        return problems

    assert _problems(pages, check) == {}


def test_articles_describe_themselves_as_medical_web_pages(pages):
    import json

    for name in _article_paths():
        blocks = [e for e in pages[name].all("script") if _is_data_block(e)]
        assert len(blocks) == 1, name
        data = json.loads(blocks[0].text)
        assert data["@type"] == "MedicalWebPage"
        assert data["lastReviewed"] and data["name"] and data["description"], name
        assert data["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        # Reviewers are real people given in the front matter, never invented.
        assert "reviewedBy" not in data or data["reviewedBy"]["name"]
