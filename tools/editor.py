"""The web editor behind `make edit`: Decap CMS, configured from the site's own content.

Decap CMS (editor/package.json, served from the pinned npm copy, never a
CDN) shows every article and page as a form; decap-server, its local proxy,
writes the files in content/. This module makes the editor's configuration
from what the site has today (its topics, its self-checks, the fields the
content checks know), so nothing here is copied by hand and goes stale.

To add a front-matter field to the editor, add one entry to FIELDS and its
key to ARTICLE_FIELDS or PAGE_FIELDS. A field the content checks do not know
(plugins/content_checks/frontmatter.py, KNOWN_FIELDS) is left out, and
`make edit` says so: the checks would refuse the file the editor wrote.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITOR_DIR = ROOT / "editor"
ADMIN_DIR = EDITOR_DIR / "admin"
DECAP_DIST = EDITOR_DIR / "node_modules" / "decap-cms" / "dist"
DECAP_SERVER = EDITOR_DIR / "node_modules" / "decap-server" / "dist" / "index.js"
FORMAT = "pelican"  # the name editor/admin/editor.js registers pelican-format.js under
CSP_PLACEHOLDER = "__ADMIN_CSP__"  # in editor/admin/index.html

DATE = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "picker_utc": False,  # the writer's own calendar day, not UTC's
}

# Every field the editor can show, by its front-matter key (lower case, as
# Pelican reads it). Labels and hints are what staff see beside each box.
FIELDS: dict[str, dict] = {
    "title": {
        "label": "Title",
        "widget": "string",
        "hint": "The headline: a plain question or statement.",
    },
    "date": {
        **DATE,
        "label": "Date first published",
        "default": "{{now}}",
        "hint": "The day it first goes on the site.",
    },
    "modified": {
        **DATE,
        "label": "Last changed a lot",
        "required": False,
        "default": "",
        "hint": "Only when the text changed a lot; leave it empty for small fixes.",
    },
    "checked": {
        **DATE,
        "label": "Facts last checked on",
        "required": False,
        "default": "",
        "hint": "The day someone last checked every fact against the sources listed at the "
        "end. Leave it empty until then: the file then says TODO, and the article cannot be "
        "published.",
    },
    "author": {
        "label": "Written by",
        "widget": "string",
        "required": False,
        "hint": "A real person's name, or the editorial team.",
    },
    "reviewer": {
        "label": "Reviewed by (clinician)",
        "widget": "string",
        "required": False,
        "hint": "Only when a clinician really reviewed it and agreed to be named. Leave the "
        "three review boxes empty otherwise: the page then says it is not yet reviewed.",
    },
    "reviewer_credential": {
        "label": "Reviewer's credential",
        "widget": "string",
        "required": False,
        "hint": "For example LCSW, PsyD or MD.",
    },
    "reviewed": {
        **DATE,
        "label": "Day of the clinician's review",
        "required": False,
        "default": "",
        "hint": "The day that clinician reviewed it.",
    },
    "summary": {
        "label": "Summary",
        "widget": "text",
        "hint": "One or two sentences, shown in lists and to search engines.",
    },
    "category": {
        "label": "Topic",
        "widget": "select",
        "hint": "Exactly one. A new topic needs a developer (see AUTHORING.md).",
    },
    "tags": {
        "label": "Tags",
        "widget": "list",
        "hint": "A few keywords, separated by commas.",
    },
    "status": {
        "label": "Status",
        "widget": "select",
        "required": False,
        "default": "draft",
        "options": [
            {"label": "Draft: only you see it, in the preview", "value": "draft"},
            {"label": "Published: on the site", "value": "published"},
        ],
        "hint": "A draft is built for you to preview, but is not on the site.",
    },
}
ARTICLE_FIELDS = (
    "title",
    "date",
    "summary",
    "category",
    "tags",
    "author",
    "checked",
    "reviewer",
    "reviewer_credential",
    "reviewed",
    "modified",
    "status",
)
PAGE_FIELDS = ("title", "summary", "status")
# Written as TODO while empty, as `make new` does: a date nobody has checked yet.
PLACEHOLDER_FIELDS = ("checked",)
LIST_FIELDS = ("tags",)
BODY = {
    "label": "Text",
    "name": "body",
    "widget": "markdown",
    # No level-1 heading (the title is the page's only one) and no code blocks.
    "buttons": [
        "bold",
        "italic",
        "link",
        "heading-two",
        "heading-three",
        "quote",
        "bulleted-list",
        "numbered-list",
    ],
    "editor_components": ["self-check", "image"],
    "hint": "Headings start at level 2. To add a self-check, choose + and then Self-check.",
}


def known_fields() -> dict[str, str]:
    """The front-matter fields the content checks accept."""
    from content_checks.frontmatter import KNOWN_FIELDS

    return KNOWN_FIELDS


def left_out(keys=ARTICLE_FIELDS + PAGE_FIELDS) -> list[str]:
    """Editor fields the content checks do not know yet (so the editor leaves them out)."""
    known = known_fields()
    return sorted({key for key in keys if key not in known})


def _fields(keys, *, categories: list[str], page: bool, author: str = "") -> list[dict]:
    known = known_fields()
    fields = []
    for key in keys:
        if key not in known:
            continue
        field = {"name": key, **FIELDS[key]}
        if key == "category":
            field["options"] = categories
        if key == "author" and author:
            field["default"] = author  # the editorial team (AUTHOR), as `make new` writes it
        if key == "status" and page:
            field["options"] = [
                *field["options"],
                {"label": "Hidden: built, but in no list or menu", "value": "hidden"},
            ]
            field["default"] = "published"
        fields.append(field)
    return [*fields, BODY]


def site_facts(settings: dict) -> dict:
    """What the editor needs to know about the site: topics and self-checks."""
    from content_checks.frontmatter import MARKDOWN_EXTENSIONS, PLACEHOLDER, parse
    from content_checks.sources import content_files
    from ruamel.yaml import YAML

    categories = set(settings.get("NAVIGATION_TOPIC_ORDER", []))
    for path, kind in content_files(settings):
        if kind != "article" or path.suffix.lower() not in MARKDOWN_EXTENSIONS:
            continue
        try:
            fields = parse(path.read_text(encoding="utf-8"), str(path)).fields
        except UnicodeDecodeError:
            continue
        if "category" in fields and fields["category"].value not in ("", PLACEHOLDER):
            categories.add(fields["category"].value)
    folder = Path(settings["PATH"]) / settings.get("SCREENER_PATH", "screeners")
    screeners = []
    yaml = YAML(typ="safe")
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            title = yaml.load(path.read_text(encoding="utf-8")).get("title", path.stem)
        except Exception:  # a broken definition: the checks report it; still offer the id
            title = path.stem
        screeners.append({"id": path.stem, "title": str(title)})
    return {"categories": sorted(categories, key=str.lower), "screeners": screeners}


def decap_config(
    settings: dict, backend: dict, *, content_folder: str = "content", checks: bool = True
) -> dict:
    """The Decap CMS configuration (config.yml's content, as JSON) for this site.

    `checks`: whether the page can ask for the content checks after a save
    (the development server answers; a published editor has the Git host's
    build instead).
    """
    facts = site_facts(settings)
    common = {
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,  # to take something off the site, make it a draft
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "preview_path": "{{slug}}/",
        "editor": {"preview": True},
    }
    article_paths = settings.get("ARTICLE_PATHS") or ["articles"]
    page_paths = settings.get("PAGE_PATHS") or ["pages"]
    return {
        "backend": backend,
        "load_config_file": False,
        "logo_url": "/theme/favicon.svg",
        "publish_mode": "simple",
        "media_folder": f"{content_folder}/images",
        "public_folder": "{static}/images",
        "site_url": settings.get("SITEURL") or "/",
        "display_url": settings.get("SITEURL") or "/",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                **common,
                "name": "articles",
                "label": "Articles",
                "label_singular": "Article",
                "description": "Articles for readers. New ones start as drafts.",
                "folder": f"{content_folder}/{article_paths[0]}",
                "sortable_fields": ["title", "date", "category"],
                "view_groups": [{"label": "Topic", "field": "category"}],
                "fields": _fields(
                    ARTICLE_FIELDS,
                    categories=facts["categories"],
                    page=False,
                    author=settings.get("AUTHOR") or "",
                ),
            },
            {
                **common,
                "name": "pages",
                "label": "Pages",
                "label_singular": "Page",
                "description": "Pages such as Get help now, About and Privacy.",
                "folder": f"{content_folder}/{page_paths[0]}",
                "sortable_fields": ["title"],
                "fields": _fields(PAGE_FIELDS, categories=facts["categories"], page=True),
            },
        ],
        # Read (and removed) by editor/admin/editor.js before Decap sees the config.
        "iop_site": {
            "screeners": facts["screeners"],
            "format": {"lists": list(LIST_FIELDS), "placeholders": list(PLACEHOLDER_FIELDS)},
            "stylesheet": "/theme/css/site.css",
            "checks": checks,
        },
    }


def admin_page(csp: str) -> bytes:
    """editor/admin/index.html with the admin page's Content-Security-Policy filled in.

    Browsers ignore frame-ancestors in a <meta> policy (and say so in the
    console), so it is left to the header.
    """
    meta = "; ".join(
        part.strip() for part in csp.split(";") if not part.strip().startswith("frame-ancestors")
    )
    text = (ADMIN_DIR / "index.html").read_text(encoding="utf-8")
    return text.replace(CSP_PLACEHOLDER, html.escape(meta)).encode()


def missing_install() -> str | None:
    """What to run when the editor's npm packages are not installed; None when they are."""
    if not (DECAP_DIST / "decap-cms.js").is_file() or not DECAP_SERVER.is_file():
        return (
            "The editor is not installed: run `make edit` (it installs it), or "
            "`npm ci --prefix editor --ignore-scripts`."
        )
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop_with_parent() -> None:
    """Have decap-server stopped when the development server dies, however it dies (Linux)."""
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class DecapServer:
    """decap-server, Decap's local proxy, writing files under `repo` (fs mode: no commits).

    It listens on 127.0.0.1 only; the development server forwards the
    editor's requests to it, so the admin page talks to its own origin.
    """

    def __init__(self, repo: Path, port: int | None = None):
        self.repo = repo
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> None:
        node = shutil.which("node") or shutil.which("nodejs")
        if node is None:
            raise RuntimeError("Node.js is missing: install it (Debian: apt-get install nodejs).")
        env = {
            **os.environ,
            "PORT": str(self.port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(self.repo),
            "LOG_LEVEL": "warn",
        }
        # cwd: decap-server reads a .env file from where it starts; the editor folder has none.
        linux = sys.platform.startswith("linux")  # preexec_fn is POSIX-only
        self.process = subprocess.Popen(
            [node, str(DECAP_SERVER)],
            cwd=EDITOR_DIR,
            env=env,
            preexec_fn=_stop_with_parent if linux else None,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"decap-server stopped at once (exit {self.process.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"decap-server did not start within {timeout:g} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def production_csp(settings: dict) -> str:
    """The admin page's policy on the public site: the Git host's API may be reached too."""
    origins = " ".join(settings.get("EDITOR_BACKEND_ORIGINS", []))
    parts = []
    for part in settings["ADMIN_CSP_POLICY"].split(";"):
        part = part.strip()
        if part.startswith("connect-src") and origins:
            part = f"{part} {origins}"
        parts.append(part)
    return "; ".join(parts)


def publish(settings: dict, output: Path) -> bool:
    """Copy the editor into output/admin/ when EDITOR_ON_PUBLIC_SITE is on; say whether it did."""
    if not settings.get("EDITOR_ON_PUBLIC_SITE"):
        return False
    problem = missing_install()
    if problem:
        raise RuntimeError(problem)
    admin = output / "admin"
    (admin / "decap").mkdir(parents=True, exist_ok=True)
    for name in ("manual-init.js", "pelican-format.js", "editor.js", "editor.css", "preview.css"):
        shutil.copy(ADMIN_DIR / name, admin / name)
    for bundle in [DECAP_DIST / "decap-cms.js", *DECAP_DIST.glob("*.decap-cms.js")]:
        shutil.copy(bundle, admin / "decap" / bundle.name)
    (admin / "index.html").write_bytes(admin_page(production_csp(settings)))
    config = decap_config(settings, dict(settings["EDITOR_BACKEND"]), checks=False)
    (admin / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return True
