"""The search-index plugin: it runs Pagefind's own binary and fails the build clearly without it."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pagefind_bin
import pytest
import search_index


def test_the_binary_is_the_one_the_pagefind_bin_package_ships():
    executable = search_index._executable()

    assert executable == str(pagefind_bin.get_executable())
    assert os.access(executable, os.X_OK)


def test_a_missing_binary_fails_the_build_with_the_fix(monkeypatch):
    def missing():
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)

    with pytest.raises(search_index.SearchIndexError) as raised:
        search_index._index(SimpleNamespace(output_path="unused"))

    message = str(raised.value)
    assert "Could not find any of [pagefind]" in message
    assert "pagefind[bin]" in message and "make html" in message


def test_a_failing_index_reports_what_pagefind_said(tmp_path):
    missing_site = tmp_path / "no-such-output"

    with pytest.raises(search_index.SearchIndexError) as raised:
        search_index._index(SimpleNamespace(output_path=str(missing_site)))

    message = str(raised.value)
    assert "could not index the site" in message
    assert str(missing_site) in message
    assert "installed" not in message  # Pagefind ran: the install is not the problem
