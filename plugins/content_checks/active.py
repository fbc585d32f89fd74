"""Articles cannot navigate, load, run or leak: every element, attribute and address is checked.

An article is words, links and pictures. HTML written into one (or made by
Markdown's attribute lists, `{: onclick=...}`) could do much more: send the
reader to another site (`<meta http-equiv="refresh">`), load a tracker, run
a script, or tell another site which page the reader was on. The build
refuses all of it, before Pelican reads a file, with the line and a fix:

- elements and attributes outside the allowlist (`allowlist.py`), with the
  reason for the dangerous ones;
- link addresses that run code or carry a file (`javascript:`, `data:`);
- loads from another origin, in the privacy check's own words (`privacy.py`,
  whose checks of tags, scripts and CSS this module calls for each element);
- the same in the Summary field, which Pelican renders as Markdown too.

`rendered.py` runs the same element check again on the HTML Markdown
produced, as a second line, and then sanitises it (`allowlist.Sanitiser`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from markdown.extensions.attr_list import get_attrs_and_remainder

from . import markup, privacy
from .allowlist import (
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    TABLE_ALIGN_RE,
    allowed_attributes,
    same_site,
    scheme,
    url_problem,
)
from .links import INLINE_RE, targets
from .problems import Problem
from .scanner import Source

FIELD = "HTML"
_IMAGE_FIX = privacy.CONTENT_FIXES["image"]
_MEDIA_FIX = privacy.CONTENT_FIXES["media"]
_FORM_FIX = privacy.CONTENT_FIXES["form"]
_THEME_FIX = (
    "remove it (scripts, styles and <meta> tags belong to the theme, which a developer maintains)"
)

# Why each dangerous element is refused, and what to do instead. Any other
# element outside the allowlist gets the general message (`_element`).
_ELEMENTS: dict[str, str] = {
    "script": f"runs code in the reader's browser; {_THEME_FIX}",
    "noscript": f"is only for pages with scripts, and articles have none; {_THEME_FIX}",
    "style": "restyles the whole page (and the site's security policy ignores it); remove it: "
    "the theme styles every article",
    "link": "makes the browser fetch a file or connect to another site; remove it",
    "meta": 'can send the reader to another page (http-equiv="refresh") or change what the '
    f"page tells other sites; {_THEME_FIX}",
    "base": "changes where every link and image of the page points; remove it",
    "iframe": "shows another page inside this one, which can run code and track readers; "
    f"{_MEDIA_FIX}",
    "frame": f"shows another page inside this one; {_MEDIA_FIX}",
    "frameset": f"shows other pages inside this one; {_MEDIA_FIX}",
    "object": "runs a plug-in or loads a file into the page; link to the file instead, for "
    "example [Read the leaflet (PDF)](address)",
    "embed": "runs a plug-in or loads a file into the page; link to the file instead, for "
    "example [Read the leaflet (PDF)](address)",
    "applet": "runs a plug-in; remove it",
    "svg": "written into a page can run code and load files; save the drawing in "
    "content/images/ and show it with ![what it shows]({static}/images/name.svg)",
    "math": "written into a page can load files and disguise links; write the formula in words, "
    "or save it as an image in content/images/",
    "template": "holds hidden markup for scripts, and articles have none; remove it",
    "portal": f"shows another page inside this one; {_MEDIA_FIX}",
    **{
        name: f"loads a media file into the page; {_MEDIA_FIX}"
        for name in ("audio", "video", "source", "track", "picture")
    },
    **{
        name: f"could collect what readers type and send it away; {_FORM_FIX}"
        for name in (
            "form",
            "input",
            "button",
            "select",
            "textarea",
            "option",
            "optgroup",
            "datalist",
            "output",
            "fieldset",
            "label",
        )
    },
}
# Why each dangerous attribute is refused ({tag} is filled in).
_LOADS_ADDRESS = "makes the browser load an address; remove it"
_ATTRIBUTES: dict[str, str] = {
    "style": "is ignored by the site's security policy, and could hide or disguise text; remove "
    "it (the theme styles every article)",
    "srcset": "loads other images than src, which this check cannot follow; use src alone",
    "imagesrcset": "loads other images; remove it",
    "ping": "reports every click on the link to another address; remove it",
    "formaction": f"sends what readers type to an address; {_FORM_FIX}",
    "action": f"sends what readers type to an address; {_FORM_FIX}",
    "http-equiv": "can send the reader to another page; remove it",
    "referrerpolicy": "can tell other sites which page the reader came from; remove it (the "
    "site sends no referrer)",
    "target": "opens the link in another window or frame, from where the new page can take over "
    "this one; remove it (readers choose where links open)",
    "download": "makes the link save a file instead of opening it; remove it",
    "autofocus": "moves the reader's focus (and a screen reader) without asking; remove it",
    "contenteditable": "lets the reader change the page; remove it",
    "tabindex": "changes the order in which the keyboard moves through the page; remove it",
    "class": "names a style the theme does not have for articles; remove it (the theme "
    "styles plain Markdown)",
    **{
        name: _LOADS_ADDRESS
        for name in (
            "src",
            "href",
            "background",
            "poster",
            "lowsrc",
            "dynsrc",
            "longdesc",
            "xlink:href",
            "data",
            "codebase",
            "archive",
            "manifest",
            "cite",
            "itemtype",
            "profile",
        )
    },
}
_DATA_ATTRIBUTE = (
    "data- attributes control the site's own scripts (a self-check, the search); remove it"
)


class Finding(NamedTuple):
    """One thing an article's HTML may not have: where, what to say, and what to look for.

    `needle` is text to find the line in a Markdown source by, for HTML that
    Markdown made (`rendered.py`): an attribute name, an address or `<tag`.
    """

    line: int
    message: str
    needle: str
    field: str = FIELD  # "privacy" for a load from another site, in the privacy check's words


def check_html(text: str, file: str, policy: privacy.Policy, first_line: int = 1) -> list[Problem]:
    """Everything in an article's HTML (or Markdown's raw HTML) that is not allowed."""
    return [
        Problem(file, finding.line, finding.field, finding.message)
        for finding in findings(text, file, policy, first_line)
    ]


def findings(
    text: str, file: str, policy: privacy.Policy, first_line: int = 1
) -> Iterator[Finding]:
    """Every element, attribute or address of `text` that an article may not have."""
    tags, blocks = markup.scan(text, first_line)
    # What the privacy check says about a script's code or a style sheet is
    # more precise than "remove it" (a tracker by name, a font from a site).
    code: dict[tuple[str, int], list[Problem]] = {}
    for block in blocks:
        if block.name == "script":
            said = privacy._check_script_code(block, file, policy, "content")
        else:
            said = privacy.check_css(block.text, file, policy, "content", block.line)
        code[(block.name, block.line)] = said
    for tag in tags:
        loads = privacy._check_tag(tag, file, policy, "content")
        said = loads or code.get((tag.name, tag.line), [])
        if said:
            for problem in said:
                yield Finding(
                    problem.line or tag.line, problem.message, f"<{tag.name}", problem.field
                )
        elif tag.name not in ALLOWED_TAGS:
            yield Finding(tag.line, _element(tag.name), f"<{tag.name}")
        else:
            for name, value in tag.attrs.items():
                message = _attribute(tag.name, name, value, file, policy, tag.line)
                if message is not None:
                    yield Finding(tag.line, message, value if name in ("href", "src") else name)


def _element(name: str) -> str:
    reason = _ELEMENTS.get(name)
    if reason is None:
        allowed = ", ".join(f"<{t}>" for t in sorted(ALLOWED_TAGS))
        reason = (
            f"is not one of the elements an article may use; write it in Markdown, or remove it "
            f"(HTML in an article may use {allowed})"
        )
    return f"<{name}> {reason}"


def _attribute(
    tag: str, name: str, value: str, file: str, policy: privacy.Policy, line: int
) -> str | None:
    """What is wrong with one attribute of an allowed element, or None."""
    subject = f"the {name} attribute on <{tag}>"
    if name.startswith("on"):
        return f"{subject} runs code in the reader's browser; remove it"
    if name == "style":
        if tag in ("th", "td") and TABLE_ALIGN_RE.fullmatch(value):
            return None  # Markdown's own table alignment (see allowlist.TABLE_ALIGN_RE)
        css = privacy.check_css(value, file, policy, "content", line, "a style attribute")
        return css[0].message if css else f"{subject} {_ATTRIBUTES['style']}"
    if name.startswith("data-"):
        return f"{subject}: {_DATA_ATTRIBUTE}"
    if name not in allowed_attributes(tag):
        reason = _ATTRIBUTES.get(name)
        if reason is None:
            names = sorted(allowed_attributes(tag))
            reason = (
                f"is not allowed in an article; remove it (<{tag}> may have {', '.join(names)})"
            )
        return f"{subject} {reason}"
    if name == "class":
        pattern = ALLOWED_CLASSES.get(tag)
        odd = [c for c in value.split() if pattern is None or not pattern.fullmatch(c)]
        return f"the class '{odd[0]}' on <{tag}> {_ATTRIBUTES['class']}" if odd else None
    if tag == "a" and name == "href":
        return _link_problem(value)
    if tag == "img" and name == "src":
        return _image_problem(value, policy)
    return None


def _short(url: str) -> str:
    url = url.strip()
    return url if len(url) <= 60 else url[:57] + "..."


def _link_problem(url: str) -> str | None:
    problem = url_problem(url)
    if problem is None:
        return None
    return f"the link to '{_short(url)}': {problem}; remove it, or link to a page with https://"


def _image_problem(url: str, policy: privacy.Policy) -> str | None:
    found = scheme(url)
    if found == "data":
        return (
            f"the image '{_short(url)}' is a 'data:' address, a whole file inside the page, "
            f"which this check cannot see into; {_IMAGE_FIX}"
        )
    if found is not None and found not in ("http", "https"):
        return f"the image '{_short(url)}' does not load from this site; {_IMAGE_FIX}"
    if not same_site(url, policy.site_origin):
        return (
            f"the image '{_short(url)}' loads from another site, which would learn who reads "
            f"this page; {_IMAGE_FIX}"
        )
    return None


# --- Markdown -------------------------------------------------------------------

# Python-Markdown's attribute list, `{: #id .class key=value }`
# (markdown.extensions.attr_list.AttrListTreeprocessor.BASE_RE).
_ATTR_LIST_RE = re.compile(r"\{\:?[ ]*([^\}\n ][^\}\n]*)[ ]*\}")


def check_markdown(source: Source, policy: privacy.Policy) -> list[Problem]:
    """Everything in a Markdown source that could navigate, load, run or leak.

    Includes the privacy check's Markdown images from other sites; raw HTML,
    addresses, attribute lists and the Summary field are checked here.
    """
    problems = privacy.markdown_image_loads(source, policy)
    problems.extend(check_html(source.text, source.file, policy, source.front.body_line))
    problems.extend(_addresses(source, policy))
    problems.extend(_attribute_lists(source, policy))
    problems.extend(_summary(source, policy))
    return sorted(problems, key=lambda p: p.line or 0)


def _addresses(source: Source, policy: privacy.Policy) -> list[Problem]:
    found, _ = targets(source)
    problems = []
    for target in found:
        if target.image:
            # Images from another site are the privacy check's (in its words).
            if scheme(target.url) in (None, "http", "https") and policy.foreign(target.url):
                continue
            message = _image_problem(target.url, policy)
        else:
            message = _link_problem(target.url)
        if message is not None:
            problems.append(Problem(source.file, target.line, FIELD, message))
    return problems


def _attribute_lists(source: Source, policy: privacy.Policy) -> list[Problem]:
    """`{: onclick=... }` and the like: Markdown turns them into attributes."""
    problems = []
    for number, line in source.lines():
        for match in _ATTR_LIST_RE.finditer(line):
            pairs, _ = get_attrs_and_remainder(match[1])
            for key, value in pairs:
                if key == "#" or value is None:
                    continue  # an id (headings may have one); a bare word is ignored
                if key == ".":
                    message = f"the class '{value}' {_ATTRIBUTES['class']}"
                elif key in ("lang", "dir"):
                    continue
                else:
                    # The element is not known here: judge the attribute on a <p>.
                    message = _attribute("p", key, value, source.file, policy, number)
                    message = message and message.replace(" on <p>", "")
                if message:
                    problems.append(Problem(source.file, number, FIELD, f"{match[0]}: {message}"))
    return problems


def _summary(source: Source, policy: privacy.Policy) -> list[Problem]:
    """The Summary field is Markdown too (Pelican's FORMATTED_FIELDS)."""
    field = source.field("summary")
    if field is None:
        return []
    value = field.value
    problems = [
        Problem(source.file, field.line, "Summary", p.message)
        for p in check_html(value, source.file, policy, field.line)
    ]
    for match in INLINE_RE.finditer(value):
        url = (match["url"] or "").strip().strip("<>")
        message = _image_problem(url, policy) if match["bang"] else _link_problem(url)
        if message is not None:
            problems.append(Problem(source.file, field.line, "Summary", message))
    return problems
