"""Fuzzing definitions and front matter: never a traceback, never a partial output, never a leak.

Hypothesis changes a real definition (gad-7) and an article in random,
hostile ways: values replaced by huge numbers, NaN, markup, control
characters or deep nesting; keys dropped or added; bytes spliced into the
YAML or Markdown text; front-matter fields and bodies drawn from a pool of
dangerous snippets. Each example is built in this process as `make html`
builds (harness.build), which fails the test on a traceback, a leftover
temporary folder, or a failed build that changed output/; a built site must
hold nothing dangerous. The runs are bounded (a few dozen examples each) so
that the suite stays fast; `HYPOTHESIS_PROFILE=long` runs many more.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from screeners.loader import parse

from tests.conftest import ROOT

from .cases import FRONT, front_matter
from .harness import build, dangers, fresh

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
BOUNDED = settings(
    max_examples=400 if LONG else 30,
    deadline=None,
    derandomize=not LONG,  # the same examples on every run of the suite
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
GAD = parse((ROOT / "content" / "screeners" / "gad-7.yaml").read_text(encoding="utf-8")).data

MARKUP = [
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "{{ 7 * 7 }}",
    "{% include 'x' %}",
    "javascript:alert(1)",
    "../../etc/passwd",
    "\u202eevil\u202c",
    "\x00",
    "\x1b[1m",
    "\ufeff",
    "&lt;b&gt;",
    "[self-check: ../x]",
]
HOSTILE_VALUES = st.one_of(
    st.sampled_from(MARKUP),
    st.text(max_size=40),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.sampled_from([math.nan, math.inf, -math.inf, 2**53, -(2**53), 0.5, True, None]),
    st.recursive(st.integers(0, 3), lambda inner: st.lists(inner, max_size=3), max_leaves=80),
)
BYTES = [
    b"\xef\xbb\xbf",
    b"\x00",
    b"\t",
    b"\xff",
    b"&a ",
    b"*a ",
    b"[" * 50,
    b"{",
    b"\n---\n",
    b"<<: ",
    b"\n" + b" " * 50 + b"x: 1\n",
    b"<script>",
    b"{: onclick=alert(1) }",
]


def _yaml(value) -> str:
    """JSON, which YAML 1.2 reads, with YAML's words for NaN and infinity."""
    text = json.dumps(value, indent=1, ensure_ascii=False, allow_nan=True)
    return text.replace("-Infinity", "-.inf").replace("Infinity", ".inf").replace("NaN", ".nan")


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [p for p in _paths(GAD) if p]


# Keys whose values are text shown to visitors: any printable text there keeps a
# definition valid, so these examples build (and must build safe pages).
TEXT_KEYS = {
    *("title", "short_title", "description", "audience", "stem", "name", "licence"),
    *("copyright", "citation", "note", "text", "context", "label", "meaning", "message"),
}
PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
).filter(str.strip)
HOSTILE_TEXT = st.one_of(
    st.sampled_from([m for m in MARKUP if m.isprintable() and m.strip()]), PRINTABLE
)
TEXT_PATHS = [p for p in PATHS if isinstance(p[-1], str) and p[-1] in TEXT_KEYS]


def _replace(data, path, value, drop: bool) -> None:
    parent = data
    try:
        for key in path[:-1]:
            parent = parent[key]
        if drop and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass  # an earlier change removed or replaced this path


@st.composite
def definitions(draw) -> bytes:
    """Half the examples change only visitor-facing text (they build); half break anything."""
    data = json.loads(json.dumps(GAD))
    if draw(st.booleans()):
        for path in draw(st.lists(st.sampled_from(TEXT_PATHS), min_size=1, max_size=6)):
            _replace(data, path, draw(HOSTILE_TEXT), drop=False)
        return _yaml(data).encode()
    for _ in range(draw(st.integers(1, 4))):
        _replace(data, draw(st.sampled_from(PATHS)), draw(HOSTILE_VALUES), drop=draw(st.booleans()))
    raw = _yaml(data).encode()
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from(BYTES)) + raw[at:]
    return raw


SNIPPETS = [
    *MARKUP,
    "[x](javascript:alert(1))",
    "![x](data:image/png;base64,AA)",
    "![x](https://evil.example/x.png)",
    '<a href="/topics/" target="_blank">x</a>',
    "## Heading {: onclick=alert(1) }",
    "<details><summary>More</summary>Text</details>",
    "[self-check: phq-9]",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "`<script>alert(1)</script>`",
    "<!-- <script> -->",
    "Plain words.",
]
NAME = r"[A-Za-z_-]{1,12}"  # what Markdown's meta extension reads as a field name
FIELD_NAMES = [*FRONT, "Slug", "Save_as", "URL", "Lang", "Template", "Order", "Status", "Reviewer"]


SAFE_SNIPPETS = [
    '5 < 6 & 7 > 3, "quoted"',
    "`<script>alert(1)</script>`",
    "<!-- <script>alert(1)</script> -->",
    "<details><summary>More</summary>Text</details>",
    "[self-check: phq-9]",
    "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "[Call](tel:988) and [out](https://example.org/?a=1&b=2)",
    "Plain words.",
]


@st.composite
def articles(draw) -> bytes:
    """Half the examples put hostile text where text is allowed (they build); half anything."""
    fields = dict(FRONT)
    if draw(st.booleans()):
        for name in draw(st.lists(st.sampled_from(["Title", "Reviewer", "Category", "Tags"]))):
            fields[name] = draw(HOSTILE_TEXT).replace(",", " ")
        body = "\n\n".join(draw(st.lists(st.sampled_from(SAFE_SNIPPETS), min_size=1, max_size=4)))
        return (front_matter(fields) + "\n" + body + "\n").encode()
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.one_of(st.sampled_from(FIELD_NAMES), st.from_regex(NAME, fullmatch=True)))
        if draw(st.booleans()) and name in fields:
            del fields[name]
        else:
            fields[name] = draw(st.one_of(st.sampled_from(MARKUP), st.text(max_size=30)))
    body = "\n\n".join(draw(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4)))
    raw = (front_matter(fields) + "\n" + body + "\n").encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 1))):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from(BYTES)) + raw[at:]
    return raw


_count = itertools.count()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _built_safely(work: Path, cache: Path, relative: str, data: bytes) -> None:
    project = fresh(work, f"site{next(_count)}")
    project.write(relative, data)
    outcome = build(project, cache)  # raises on a traceback, a leftover or a changed output
    if outcome.kind == "page":
        assert dangers(project.output) == []
    else:
        assert outcome.lines and all(line.strip() for line in outcome.lines)


@BOUNDED
@given(raw=definitions())
def test_any_definition_builds_safely_or_fails_clearly(work, screener_cache, raw):
    _built_safely(work, screener_cache, "screeners/gad-7.yaml", raw)


@BOUNDED
@given(raw=articles())
def test_any_article_builds_safely_or_fails_clearly(work, screener_cache, raw):
    _built_safely(work, screener_cache, "articles/x.md", raw)
