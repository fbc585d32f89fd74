"""Fixtures for the content-check tests."""

from __future__ import annotations

import pytest

from .helpers import Site


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    """An empty content folder; the test runs inside tmp_path so paths read content/..."""
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path)
