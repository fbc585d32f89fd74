"""How the code hangs together: imports go one way, and the plugin sees every article and page."""

from __future__ import annotations

import ast
from pathlib import Path

from screeners.generator import CONTENT_LISTS

from tests.conftest import ROOT
from tests.plugin.sites import build

PACKAGES = {
    path.stem if path.is_file() else path.name: path
    for path in (ROOT / "plugins").iterdir()
    if (path.suffix == ".py" or (path / "__init__.py").is_file())
}
# engine <- plugin <- site tooling: a package may import only those after it here.
LAYERS = [
    {"tools"},
    {"content_checks", "navigation", "search_index", "sitemap_xml", "theme_assets"},
    {"screeners"},
    {"author_errors"},
    {"screener_engine"},
]


def imported_packages(package: str) -> set[str]:
    """The project packages (plugins/ and tools/) that a package imports, anywhere in it."""
    root = PACKAGES.get(package, ROOT / package)
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    found = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found.update(name.split(".")[0] for name in names)
    return (found & (set(PACKAGES) | {"tools"})) - {package}


def layer(package: str) -> int:
    return next(index for index, names in enumerate(LAYERS) if package in names)


def test_every_project_package_has_a_layer():
    assert set(PACKAGES) | {"tools"} == set().union(*LAYERS)


def test_imports_go_one_way_engine_then_plugin_then_tooling():
    wrong = [
        f"{package} imports {other}"
        for package in set().union(*LAYERS)
        for other in sorted(imported_packages(package))
        if layer(other) <= layer(package)
    ]
    # Packages in one layer may not import each other either: no cycles anywhere.
    assert wrong == []


def _source(title: str, slug: str, lang: str, status: str) -> str:
    return (
        f"Title: {title}\nDate: 2026-11-20\nReviewed: 2026-11-21\nSummary: A summary.\n"
        f"Category: Basics\nTags: test\nSlug: {slug}\nLang: {lang}\nStatus: {status}\n\n"
        "Text in every state.\n\n[self-check: gad-7]\n"
    )


def test_every_article_and_page_in_every_state_and_language_gets_its_self_check(project):
    # Pelican keeps published, draft and hidden articles and pages, each with
    # its translations, in separate lists (CONTENT_LISTS names them all).
    content = project / "content"
    (content / "articles" / "a.md").unlink()
    for kind in ("articles", "pages"):
        for status in ("published", "draft", "hidden"):
            for lang in ("en", "es"):
                slug = f"{kind[0]}-{status}"
                text = _source(f"{kind} {status} {lang}", slug, lang, status)
                (content / kind / f"{slug}-{lang}.md").write_text(text, encoding="utf-8")
    out = build(project)
    pages = [p for p in out.rglob("*.html") if "Text in every state." in p.read_text()]
    assert len(pages) == 12
    for page in pages:
        html = page.read_text()
        assert "[self-check:" not in html, page
        assert html.count('data-screener="gad-7"') == 1, page
    assert len(CONTENT_LISTS) == len(set(CONTENT_LISTS))


def test_no_module_is_named_after_a_library_it_would_shadow():
    import sys

    names = {path.stem for path in (ROOT / "plugins").rglob("*.py")}
    assert not names & (set(sys.stdlib_module_names) | {"jsonschema", "yaml", "markdown"}) - {
        "__init__"
    }


def test_the_engine_has_no_path_type_named_like_pathlib():
    import screener_engine.errors as errors

    assert not hasattr(errors, "Path")
    assert Path  # pathlib's is the only Path
