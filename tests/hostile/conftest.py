"""Fixtures for the hostile-input tests: a screener cache shared by every tiny build."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def screener_cache(tmp_path_factory):
    """Definitions that passed are remembered here, so each tiny build checks only what changed."""
    return tmp_path_factory.mktemp("screener-cache")
