"""Privacy guard: no page may load anything from another site.

Whatever a page loads from another origin (a script, a style sheet, a font,
an image, a frame, a video) tells that site who is reading about mental
health or drinking, and when. The privacy page promises that nothing like
this happens, so it is an error, in Markdown sources, theme templates and
style sheets, and in the built pages (which also hold what plugins add).
Ordinary links (`<a href>`) load nothing until a reader follows them, so
they are fine. Origins in `PRIVACY_ALLOWED_ORIGINS` are allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import markup
from .links import DEFINITION_RE, INLINE_RE, REFERENCE_RE
from .problems import Problem
from .scanner import Source
from .settings import CheckSettings, origin_of
from .sources import display_path
from .trackers import trackers_in_code

# What each element does with the address in these attributes ({origin} is filled in).
LOADS: dict[str, tuple[tuple[str, ...], str]] = {
    "script": (("src",), "loads a script from {origin}"),
    "img": (("src", "srcset"), "loads an image from {origin}"),
    "iframe": (("src",), "loads a page in a frame from {origin}"),
    "frame": (("src",), "loads a page in a frame from {origin}"),
    "audio": (("src",), "loads a sound file from {origin}"),
    "video": (("src", "poster"), "loads a video from {origin}"),
    "source": (("src", "srcset"), "loads a media file from {origin}"),
    "track": (("src",), "loads a subtitle file from {origin}"),
    "embed": (("src",), "loads an embedded object from {origin}"),
    "object": (("data",), "loads an embedded object from {origin}"),
    "input": (("src",), "loads an image from {origin}"),
    "image": (("href", "xlink:href"), "loads an image from {origin}"),
    "link": (("href", "imagesrcset"), "loads a file from {origin}"),
    "base": (("href",), "makes every relative address of the page load from {origin}"),
    "form": (("action",), "sends what visitors type to {origin}"),
    "a": (("ping",), "reports every click on the link to {origin}"),
}
# <link rel=...> values that make the browser fetch or connect to the address.
LOADING_RELS = frozenset(
    {
        "stylesheet",
        "preload",
        "prefetch",
        "modulepreload",
        "prerender",
        "preconnect",
        "dns-prefetch",
        "icon",
        "apple-touch-icon",
        "apple-touch-icon-precomposed",
        "mask-icon",
        "manifest",
    }
)
_CSS_URL_RE = re.compile(r"url\(\s*(?P<quote>['\"]?)(?P<url>[^'\")]*?)(?P=quote)\s*\)", re.I)
_CSS_IMPORT_RE = re.compile(
    r"@import\s+(?:url\(\s*)?(?P<quote>['\"]?)(?P<url>[^'\")\s;]+)(?P=quote)\s*\)?", re.I
)
_LOADING_SCHEMES = ("http", "https", "ws", "wss", "ftp")
# An address written in script code as a string: 'https://host/...' or '//host/...'.
_CODE_URL_RE = re.compile(r"""["'`](?P<url>(?:[a-z]+:)?//[^"'`\s]+)""", re.I)
# Script types the browser runs (a data block such as application/ld+json loads nothing).
_RUNNABLE_SCRIPT_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
)

# How to fix each kind of load, depending on where it was found.
CONTENT_FIXES = {
    "image": "save the image in content/images/ and write "
    "![what the image shows]({static}/images/name.png)",
    "media": "link to it instead, for example [Watch the video](address)",
    "form": "remove the form (this site never sends what visitors type anywhere)",
    "pixel": "remove it (a tracking pixel shows nothing; it only reports who reads the page)",
    "other": "remove it (scripts, styles and fonts belong to the theme, which a developer "
    "maintains)",
}
THEME_FIX = "copy the file into theme/static/ and load it from there, or remove it"
BUILT_FIX = "find the article, template or plugin that adds it and remove it there"
ALLOW_HINT = (
    " (a developer may add an origin to PRIVACY_ALLOWED_ORIGINS in pelicanconf.py, after a "
    "privacy review)"
)
TRACKER_FIX = (
    "this site promises its visitors no analytics and no trackers (content/pages/privacy.md), "
    "so remove it"
)
_ANOTHER_SITE = "another site, which would learn who reads this page"


@dataclass(frozen=True)
class Policy:
    """Which origins count as this site's own: SITEURL's and the allowed ones."""

    site_origin: str | None
    allowed: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: CheckSettings) -> Policy:
        """Read the policy from the checks' settings."""
        return cls(settings.site_origin, settings.allowed_origins)

    def foreign(self, url: str) -> str | None:
        """Return the other origin a URL loads from; None for this site's or an allowed one."""
        url = url.strip()
        if not url or url.startswith(("{{", "{%", "{")):
            return None  # a template expression or a Pelican {static} link: this site
        if url.startswith("//"):
            url = "https:" + url
        scheme = urlsplit(url).scheme.lower()
        if scheme not in _LOADING_SCHEMES:
            return None  # relative, data:, blob:, mailto:, tel: ...: nothing loads from elsewhere
        origin = origin_of(url) or url
        if origin == self.site_origin or origin in self.allowed:
            return None
        return origin


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _message(subject: str, does: str, origin: str, fix: str) -> str:
    # subject: "<script>"; does: "loads a script from {origin}"
    return f"{subject} {does.format(origin=origin)}, {_ANOTHER_SITE}; {fix}"


def _fix(context: str, tag: str) -> str:
    if context == "content":
        if tag in ("img", "input", "image"):
            return CONTENT_FIXES["image"]
        if tag in ("iframe", "frame", "audio", "video", "source", "track", "embed", "object"):
            return CONTENT_FIXES["media"]
        if tag == "form":
            return CONTENT_FIXES["form"]
        return CONTENT_FIXES["other"]
    return (THEME_FIX if context == "theme" else BUILT_FIX) + ALLOW_HINT


def check_html(
    text: str, file: str, policy: Policy, context: str, first_line: int = 1
) -> list[Problem]:
    """Every load from another origin in HTML (a page, a template, or Markdown's raw HTML).

    `context` ("content", "theme" or "built") picks the advice on how to fix it.
    """
    problems = []
    tags, blocks = markup.scan(text, first_line)
    for tag in tags:
        problems.extend(_check_tag(tag, file, policy, context))
        if "style" in tag.attrs:
            problems.extend(
                check_css(tag.attrs["style"], file, policy, context, tag.line, "a style attribute")
            )
    for block in blocks:
        if block.name == "style":
            problems.extend(check_css(block.text, file, policy, context, block.line))
        elif block.name == "script":
            problems.extend(_check_script_code(block, file, policy, context))
    return problems


def _check_script_code(
    block: markup.Block, file: str, policy: Policy, context: str
) -> list[Problem]:
    """A tracker's snippet, or else any address another site's file would load from."""
    if block.attrs.get("type", "").strip().lower() not in _RUNNABLE_SCRIPT_TYPES:
        return []
    trackers = trackers_in_code(block.text)
    if trackers:
        return [
            Problem(
                file,
                block.line,
                "privacy",
                f"<script> runs {tracker.name} code ('{seen}'), a tracking service; {TRACKER_FIX}",
            )
            for tracker, seen in trackers
        ]
    origins = {policy.foreign(m["url"]) for m in _CODE_URL_RE.finditer(block.text)} - {None}
    return [
        Problem(
            file,
            block.line,
            "privacy",
            _message("<script>", "code loads from {origin}", origin, _fix(context, "script")),
        )
        for origin in sorted(origins)
    ]


def _check_tag(tag: markup.Tag, file: str, policy: Policy, context: str) -> list[Problem]:
    if tag.name not in LOADS:
        return []
    attributes, does = LOADS[tag.name]
    if tag.name == "link":
        rels = set(tag.attrs.get("rel", "").lower().split())
        if not rels & LOADING_RELS:
            return []  # alternate, canonical, ...: addresses the browser does not fetch
        if "stylesheet" in rels:
            does = "loads a style sheet from {origin}"
        else:
            does = f"loads a file ({' '.join(sorted(rels & LOADING_RELS))}) from {{origin}}"
    if tag.name == "input" and tag.attrs.get("type", "").lower() != "image":
        return []
    fix = _fix(context, tag.name)
    size = {tag.attrs.get("width", "").strip(), tag.attrs.get("height", "").strip()}
    if tag.name == "img" and size & {"0", "1"}:
        does = "loads a tracking pixel (a tiny invisible image) from {origin}"
        fix = CONTENT_FIXES["pixel"] if context == "content" else fix
    for attribute in attributes:
        value = tag.attrs.get(attribute) or ""
        if attribute.endswith("srcset"):
            urls = _srcset_urls(value)
        else:
            urls = value.split() if attribute == "ping" else [value]
        for url in urls:
            origin = policy.foreign(url)
            if origin is not None:
                message = _message(f"<{tag.name}>", does, origin, fix)
                return [Problem(file, tag.line, "privacy", message)]
    return []


def check_css(
    text: str, file: str, policy: Policy, context: str, first_line: int = 1, element: str = ""
) -> list[Problem]:
    """Every url() and @import in CSS that loads from another origin."""
    if context == "content":
        fix = CONTENT_FIXES["other"]
    else:
        fix = (THEME_FIX if context == "theme" else BUILT_FIX) + ALLOW_HINT
    found = []
    imports = list(_CSS_IMPORT_RE.finditer(text))
    for match in imports:
        found.append((match, "@import", "loads a style sheet from {origin}"))
    for match in _CSS_URL_RE.finditer(text):
        if not any(i.start() <= match.start() < i.end() for i in imports):
            found.append((match, "url()", "loads a file (a font or an image) from {origin}"))
    problems = []
    for match, kind, does in sorted(found, key=lambda f: f[0].start()):
        origin = policy.foreign(match["url"])
        if origin is None:
            continue
        line = first_line + text.count("\n", 0, match.start())
        subject = f"{kind} in {element}" if element else kind
        problems.append(Problem(file, line, "privacy", _message(subject, does, origin, fix)))
    return problems


def check_markdown(source: Source, policy: Policy) -> list[Problem]:
    """Find loads from other origins in a Markdown source: images and raw HTML."""
    problems = markdown_image_loads(source, policy)
    problems.extend(check_html(source.text, source.file, policy, "content", source.front.body_line))
    return sorted(problems, key=lambda p: p.line or 0)


def markdown_image_loads(source: Source, policy: Policy) -> list[Problem]:
    """Markdown images (`![alt](address)`) that load from other origins."""
    problems = []
    definitions = {m["label"].strip().lower(): m for m in DEFINITION_RE.finditer(source.text)}
    images = [(m["url"] or "", m.start()) for m in INLINE_RE.finditer(source.text) if m["bang"]]
    for match in REFERENCE_RE.finditer(source.text):
        label = (match["label"] or match["text"]).strip().lower()
        if match["bang"] and label in definitions:
            images.append((definitions[label]["url"], match.start()))
    for url, offset in images:
        url = url.strip().strip("<>")
        origin = policy.foreign(url)
        if origin is None:
            continue
        message = _message(
            f"the image '{url}'", "loads from {origin}", origin, CONTENT_FIXES["image"]
        )
        problems.append(Problem(source.file, source.line_at(offset), "privacy", message))
    return problems


def check_theme(theme: Path, policy: Policy) -> list[Problem]:
    """Find loads from other origins in the theme's templates and style sheets."""
    problems = []
    for path in sorted((theme / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        problems.extend(check_html(text, display_path(path), policy, "theme"))
    for path in sorted((theme / "static").rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        problems.extend(check_css(text, display_path(path), policy, "theme"))
    return problems


def check_built_site(output: Path, policy: Policy) -> list[Problem]:
    """Find loads from other origins in every page and style sheet of a built site."""
    problems = []
    for path in sorted(output.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        shown = display_path(path)
        if path.suffix == ".html":
            problems.extend(check_html(text, shown, policy, "built"))
        else:
            problems.extend(check_css(text, shown, policy, "built"))
    return problems
