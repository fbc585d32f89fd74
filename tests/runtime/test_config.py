"""What a self-check's widget tells its worker to download matches the files the build wrote.

The worker refuses any file whose size or SHA-256 differs from these
records (screener-worker.mjs); a wrong record would refuse every visitor.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import site_pages


def configs(site_dir: Path) -> list[tuple[str, dict]]:
    """(page, data-scorer config) for every widget on every page of the site."""
    found = []
    for page in site_pages(site_dir):
        path = site_dir / (page.lstrip("/") + ("index.html" if page.endswith("/") else ""))
        for raw in re.findall(r'data-scorer="([^"]*)"', path.read_text(encoding="utf-8")):
            found.append((page, json.loads(html.unescape(raw))))
    return found


def output_file(site_dir: Path, url: str) -> Path:
    return site_dir / urlsplit(url).path.lstrip("/")


def test_every_file_the_worker_downloads_has_its_size_and_digest(site_dir):
    found = configs(site_dir)
    assert {page for page, _ in found} >= {"/self-checks/phq-9/"}
    assert len({json.dumps(config, sort_keys=True) for _, config in found}) == 1
    files = found[0][1]["files"]
    assert set(files) == {"loader", "glue", "wasm", "stdlib", "engine", "snapshot"}
    for role, record in files.items():
        data = output_file(site_dir, record["url"]).read_bytes()
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
        assert (record["size"], record["integrity"]) == (len(data), f"sha256-{digest}"), role


def test_the_loaders_stand_ins_are_empty(site_dir):
    config = configs(site_dir)[0][1]
    stubs = output_file(site_dir, config["stubs"])
    assert sorted(p.name for p in stubs.iterdir()) == ["pyodide.asm.wasm", "python_stdlib.zip"]
    assert (stubs / "pyodide.asm.wasm").read_bytes() == b""
    # An empty zip: nothing in it for Python to import.
    assert (stubs / "python_stdlib.zip").read_bytes() == b"PK\x05\x06" + bytes(18)
