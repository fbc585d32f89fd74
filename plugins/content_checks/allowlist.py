"""What an article's or page's HTML may contain, and the sanitiser that enforces it.

Authors write Markdown; the few things Markdown cannot say (a `<details>`
box, an abbreviation) may be written as HTML. Both end up as HTML in the
page, so both pass this short allowlist: the elements of ordinary prose,
tables and images, with only the attributes they need. Nothing in it can
navigate, load from another site, run code or leak the reader's address.

The build first *checks* every article against this list and stops, naming
the line, on anything outside it (`active.py`), so nothing an author wrote
disappears silently. Then every article's HTML and summary still pass
through nh3 (the Rust `ammonia` sanitiser, which parses HTML as browsers do)
with the same list: the check reads HTML with Python's forgiving parser, and
a trick that parses differently in a browser is removed here anyway.
"""

from __future__ import annotations

import re

import nh3

from .settings import origin_of

# Prose, lists, tables, images, footnotes and <details>. No element that can
# load, submit, embed, run or restyle anything.
ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("a", "em", "strong", "b", "i", "s", "del", "ins", "mark", "small", "sub", "sup"),
        *("abbr", "cite", "q", "code", "kbd", "span"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("img", "figure", "figcaption", "details", "summary"),
    }
)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Attributes per element; "*" may appear on any of them. `id` is what the
# table of contents and footnotes link to; `class` is limited to the classes
# Markdown's own extensions write (see ALLOWED_CLASSES).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"lang", "dir"}),
    "a": frozenset({"href", "title", "class"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "td": frozenset({"colspan", "rowspan"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"id"}),
    "sup": frozenset({"id"}),
    "div": frozenset({"class"}),
    "code": frozenset({"class"}),
    "details": frozenset({"open"}),
    **{heading: frozenset({"id"}) for heading in HEADINGS},
}
# The classes Python-Markdown writes: footnotes, and a fenced block's language.
ALLOWED_CLASSES: dict[str, re.Pattern[str]] = {
    "div": re.compile(r"footnote"),
    "a": re.compile(r"footnote-ref|footnote-backref"),
    "code": re.compile(r"language-[A-Za-z0-9_+#-]+"),
}
# Where a link may go: the web, e-mail, a phone call or a text message.
# Addresses without a scheme (this site's own pages) are always allowed.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "sms"})
# Addresses with these schemes run code or carry a whole file inside the page.
DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "blob", "file", "filesystem"})
# A Markdown table's column alignment: Markdown writes it as a style
# attribute, which the site's security policy (style-src 'self') ignores
# anyway; the sanitiser drops it without a word.
TABLE_ALIGN_RE = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Browsers drop control characters and spaces around an address, and tabs
# and line breaks anywhere in it, before they read it (WHATWG URL standard).
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE_RE = re.compile(r"[\t\n\r]")


def as_browser_reads(url: str) -> str:
    """An address as a browser parses it: `java&#9;script:` is `javascript:`."""
    return _TAB_OR_NEWLINE_RE.sub("", url.strip(_C0_AND_SPACE))


def allowed_attributes(tag: str) -> frozenset[str]:
    """The attributes `tag` may have in an article."""
    return ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, frozenset())


def scheme(url: str) -> str | None:
    """An address's scheme as a browser reads it (lower case), or None for a relative one."""
    match = _SCHEME_RE.match(as_browser_reads(url))
    return match[1].lower() if match else None


def same_site(url: str, site_origin: str | None) -> bool:
    """Whether an image address loads from this site (a relative address, or SITEURL's origin)."""
    cleaned = as_browser_reads(url)
    if cleaned.startswith(("{", "|")):
        return True  # {static}/images/x.png: Pelican links it to the site's own file
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # another host, without a scheme
    if scheme(cleaned) is None:
        return True
    return site_origin is not None and origin_of(cleaned) == site_origin


class Sanitiser:
    """nh3 with this module's allowlist, for one build (the site's origin decides images)."""

    def __init__(self, site_origin: str | None = None) -> None:
        self.site_origin = site_origin
        self._cleaner = nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=self._attribute,
            url_schemes=set(LINK_SCHEMES),
            link_rel=None,  # links keep what the author wrote; the theme sets no-referrer
            strip_comments=True,
        )

    def clean(self, html: str) -> str:
        """The HTML with everything outside the allowlist removed."""
        return self._cleaner.clean(html)

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        if name == "class":
            pattern = ALLOWED_CLASSES.get(tag)
            kept = [c for c in value.split() if pattern is not None and pattern.fullmatch(c)]
            return " ".join(kept) or None
        if tag == "img" and name == "src" and not same_site(value, self.site_origin):
            return None
        return value


def url_problem(url: str) -> str | None:
    """What is wrong with a link's address in an article, in words; None when it is fine."""
    found = scheme(url)
    if found is None or found in LINK_SCHEMES:
        return None
    if found in ("javascript", "vbscript"):
        return f"a '{found}:' address runs code when the reader follows it"
    if found == "data":
        return "a 'data:' address carries a whole file inside the page, and can run code"
    if found in DANGEROUS_SCHEMES:
        return f"a '{found}:' address points into the reader's own computer or browser"
    return f"'{found}:' is not an address this site links to (only {_schemes()})"


def _schemes() -> str:
    return ", ".join(f"{s}:" for s in sorted(LINK_SCHEMES))
