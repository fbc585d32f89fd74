from __future__ import annotations

import pytest

from tests.plugin.sites import make_project


@pytest.fixture
def project(tmp_path):
    """A tiny site (see `sites.make_project`) in a fresh folder."""
    return make_project(tmp_path)
