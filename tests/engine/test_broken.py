"""Every broken definition under broken/ fails through the loader with exactly its expected lines.

Each file starts with ``# expect: file:line: path: message`` comments, one per
problem, in the order the loader reports them (by line).
"""

from __future__ import annotations

import pytest
from screeners.loader import check_file

from .conftest import BROKEN

FILES = sorted(BROKEN.glob("*.yaml"))


def expected_lines(path) -> list[str]:
    prefix = "# expect: "
    return [
        line[len(prefix) :]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    ]


def test_there_are_enough_broken_definitions():
    assert len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_broken_definition(path):
    wanted = expected_lines(path)
    assert wanted, f"{path.name} has no '# expect:' lines"
    checked = check_file(path, path.name)
    lines = [str(problem) for problem in checked.problems]
    assert checked.definition is None
    assert lines == wanted
    for line in lines:
        assert "Traceback" not in line
        assert line.startswith(f"{path.name}:")
