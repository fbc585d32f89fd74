"""Links and images in Markdown sources: every target exists, every image has alt text.

Targets are judged the way Pelican will treat them:

- `{filename}other.md`, `{static}/images/x.png`, `{attach}x.png` name files in
  the content folder (relative to the article's folder, or to `content/` with
  a leading `/`); the file must exist.
- `/a/site/path/` must be a page or file of the built site (only checked when
  a built site is given). A missing link target is a warning, because pages
  made by plugins (the self-checks) may be missing from a build without them;
  a missing image is an error.
- Relative paths work only by accident on this site (pages live at `/slug/`,
  and an image is copied into the site only when linked with `{static}`), so
  each one gets a message saying what to write instead.
- Addresses with a scheme (`https:`, `tel:`, `mailto:`) and `#anchors` are
  left alone here; the privacy check judges images from other sites.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from . import markup
from .frontmatter import MARKDOWN_EXTENSIONS
from .problems import Problem
from .scanner import Source
from .sources import display_path

_TEXT = r"(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*"
_URL = r"<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))+"
_TITLE = r"\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)"
INLINE_RE = re.compile(
    rf"(?P<bang>!?)\[(?P<text>{_TEXT})\]\(\s*(?P<url>{_URL})?(?:\s+(?P<title>{_TITLE}))?\s*\)"
)
REFERENCE_RE = re.compile(rf"(?P<bang>!?)\[(?P<text>{_TEXT})\]\[(?P<label>[^\[\]\n]*)\]")
# `[label]: address`, but not a footnote (`[^1]: text`).
DEFINITION_RE = re.compile(
    rf"^[ ]{{0,3}}\[(?P<label>[^\^\[\]\n][^\[\]\n]*)\]:[ \t]*(?P<url><[^<>\n]*>|\S+)"
    rf"(?:[ \t]+(?:{_TITLE}))?[ \t]*$",
    re.MULTILINE,
)
_INTRASITE_RE = re.compile(r"^(?:\{(?P<what>\w+)\}|\|(?P<what_old>\w+)\|)(?P<path>.*)$")
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IMAGE_NAME_RE = re.compile(
    r"^\S+\.(?:png|jpe?g|gif|svg|webp|avif)$|^(?:img|image|dsc|photo)[_-]?\d+$", re.I
)


@dataclass(frozen=True)
class Target:
    """One address a source links to or loads an image from, and its line."""

    line: int
    url: str
    image: bool


def targets(source: Source) -> tuple[list[Target], list[Problem]]:
    """Every link and image address of a source, and the problems of the images' alt texts."""
    found: list[Target] = []
    problems: list[Problem] = []
    definitions = {m["label"].strip().lower(): m for m in DEFINITION_RE.finditer(source.text)}
    used_by_images: set[str] = set()
    for match in INLINE_RE.finditer(source.text):
        line = source.line_at(match.start())
        url = _bare(match["url"] or "")
        if match["bang"]:
            problems.extend(_alt_text(source, line, match["text"], url))
        found.append(Target(line, url, bool(match["bang"])))
    for match in REFERENCE_RE.finditer(source.text):
        written = match["label"] or match["text"]
        label = written.strip().lower()
        line = source.line_at(match.start())
        if label not in definitions:
            problems.append(
                Problem(
                    source.file,
                    line,
                    "image" if match["bang"] else "link",
                    f"{match[0]} refers to '[{written}]', which is not defined; add a line "
                    f"'[{written}]: address' below the paragraph, or write the address in "
                    "round brackets",
                )
            )
        elif match["bang"]:
            used_by_images.add(label)
            url = _bare(definitions[label]["url"])
            problems.extend(_alt_text(source, line, match["text"], url))
    for label, match in definitions.items():
        found.append(
            Target(source.line_at(match.start()), _bare(match["url"]), label in used_by_images)
        )
    tags, _ = markup.scan(source.text, source.front.body_line)
    for tag in tags:
        if tag.name == "img":
            src = tag.attrs.get("src", "")
            if not tag.attrs.get("alt", "").strip():
                # An empty alt="" would mark the image as decoration; this site describes
                # every image (and Pelican's own check stops the build on alt="").
                problems.append(
                    Problem(
                        source.file,
                        tag.line,
                        "image",
                        f'<img src="{src}"> has no alt text; add alt="what the image shows"',
                    )
                )
            if src:
                found.append(Target(tag.line, src, True))
        elif tag.name == "a" and tag.attrs.get("href"):
            found.append(Target(tag.line, tag.attrs["href"], False))
    return found, problems


def check_links(source: Source, content_root: Path) -> list[Problem]:
    """Alt texts, and every address that names a file of the content folder, in line order."""
    found, problems = targets(source)
    for target in found:
        problems.extend(_target(source, target, content_root))
    return sorted(problems, key=lambda p: p.line or 0)


def check_site_links(source: Source, output: Path) -> list[Problem]:
    """Every `/site/path` address of a source that the built site in `output` lacks."""
    problems = []
    for target in targets(source)[0]:
        if target.url.startswith("/") and not target.url.startswith("//"):
            problems.extend(_site_path(source, target, output))
    return problems


def _bare(url: str) -> str:
    url = url.strip()
    return url[1:-1] if url.startswith("<") and url.endswith(">") else url


def _alt_text(source: Source, line: int, alt: str, url: str) -> list[Problem]:
    alt = alt.strip()
    if not alt:
        return [
            Problem(
                source.file,
                line,
                "image",
                f"![]({url}) has no alt text; describe what the image shows between the "
                f"square brackets: ![what the image shows]({url})",
            )
        ]
    if _IMAGE_NAME_RE.match(alt):
        return [
            Problem(
                source.file,
                line,
                "image",
                f"the alt text '{alt}' is a file name, which tells a reader who cannot see the "
                "image nothing; describe what the image shows instead",
            )
        ]
    return []


def _target(source: Source, target: Target, content_root: Path) -> list[Problem]:
    url, line, image = target.url, target.line, target.image
    noun = "image" if image else "link"
    if not url or url.startswith(("#", "/")) or _SCHEME_RE.match(url):
        return []  # anchors, other sites, and site paths (checked against the built site)
    intrasite = _INTRASITE_RE.match(url)
    if intrasite:
        what = intrasite["what"] or intrasite["what_old"]
        if what not in ("filename", "static", "attach"):
            return []
        if image and what == "filename":
            return [
                Problem(
                    source.file,
                    line,
                    noun,
                    f"'{url}' links an image with {{filename}}; write "
                    f"'{{static}}{intrasite['path']}' instead (Pelican copies an image into the "
                    "site only when it is linked with {static})",
                )
            ]
        return _intrasite(source, line, noun, url, what, intrasite["path"], content_root)
    return _relative(source, line, noun, url, _path_part(url), image, content_root)


def _path_part(url: str) -> str:
    return unquote(re.split(r"[?#]", url, maxsplit=1)[0])


def _intrasite(
    source: Source, line: int, noun: str, url: str, what: str, written: str, content_root: Path
) -> list[Problem]:
    path = _path_part(written)
    if not path:
        return []
    target = _resolve(source, path, content_root)
    if target.is_file():
        return []
    guess = _guess(source, path, content_root)
    folder, root = display_path(source.path.parent), display_path(content_root)
    hint = (
        f"did you mean '{{{what}}}{guess}'?"
        if guess
        else f"check the file name (a path without a leading / starts in {folder}/, one with a "
        f"leading / in {root}/)"
    )
    return [
        Problem(
            source.file,
            line,
            noun,
            f"'{url}' points to {display_path(target)}, which does not exist; {hint}",
        )
    ]


def _resolve(source: Source, path: str, content_root: Path) -> Path:
    base = content_root if path.startswith("/") else source.path.parent
    return Path(os.path.normpath(base / path.lstrip("/")))


def _guess(source: Source, path: str, content_root: Path) -> str | None:
    files = [
        p
        for p in content_root.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p != source.path
    ]
    if path.startswith("/"):
        written = {"/" + p.relative_to(content_root).as_posix(): p for p in files}
    else:
        written = {
            PurePosixPath(os.path.relpath(p, source.path.parent).replace(os.sep, "/")).as_posix(): p
            for p in files
        }
    guess = difflib.get_close_matches(path, list(written), n=1, cutoff=0.75)
    return guess[0] if guess else None


def _site_path(source: Source, target: Target, output: Path) -> list[Problem]:
    path = _path_part(target.url)
    page = output / path.lstrip("/")
    if page.is_file() or (page.is_dir() and (page / "index.html").is_file()):
        return []
    if target.image:
        return [
            Problem(
                source.file,
                target.line,
                "image",
                f"'{target.url}' is not a file of the built site; put the image in "
                "content/images/ and write ![what the image shows]({static}/images/name.png)",
            )
        ]
    return [
        Problem(
            source.file,
            target.line,
            "link",
            f"'{target.url}' is not a page of the built site; check the address (link to an "
            "article or page by its file instead: [text]({filename}other-article.md))",
            "warning",
        )
    ]


def _relative(
    source: Source, line: int, noun: str, url: str, path: str, image: bool, content_root: Path
) -> list[Problem]:
    target = Path(os.path.normpath(source.path.parent / path)) if path else None
    if image:
        if target is not None and target.is_file():
            static = (
                "/" + target.relative_to(content_root).as_posix()
                if _inside(target, content_root)
                else path
            )
            return [
                Problem(
                    source.file,
                    line,
                    noun,
                    f"'{url}' is not copied into the site, so the image would be missing; "
                    f"write '{{static}}{static}' instead",
                )
            ]
        return [
            Problem(
                source.file,
                line,
                noun,
                f"'{url}' does not exist (looked for {display_path(target) if target else url}); "
                "put the image in content/images/ and write '{static}/images/name.png'",
            )
        ]
    if path.lower().endswith(MARKDOWN_EXTENSIONS):
        return [
            Problem(
                source.file,
                line,
                noun,
                f"'{url}' is a file name, which is not an address on the site; write "
                f"'{{filename}}{url}' so the link follows the page wherever it is published",
            )
        ]
    return [
        Problem(
            source.file,
            line,
            noun,
            f"'{url}' is a relative address, which breaks when a page moves; link to an "
            "article or page by its file ({filename}other-article.md) or to a site address "
            "that starts with /",
            "warning",
        )
    ]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
