"""The table `make bench` prints: medians and ranges, the floor, the README block."""

from __future__ import annotations

import pytest

from benchmarks import table


def test_a_figure_is_the_median_and_range_of_the_rounds_that_measured_it():
    assert table.measured([3000, None, 1000, 2000], "ms") == "2,000 ms [1,000–3,000]"
    assert table.measured([38_800, 40_100], "ms") == "39.5 s [38.8–40.1]"
    assert table.measured([7_460_000] * 3, "bytes") == "7.46 MB"
    assert table.measured([None], "x") == "n/a"


def test_the_floor_is_the_wasm_and_its_download_on_the_phones_line():
    rows = {row[0]: row for row in table.rows({"phone.result_ms": [39_000]}, 2_048_000)}
    # 2,048,000 bytes at 204,800 B/s take 10 s, after one 150 ms round trip.
    assert rows["navigation → result painted, answers given at once"][3] == "10.2 s"
    assert rows["bytes, navigation → PHQ-9 result, cold cache"][2:] == ("n/a", "2.05 MB")
    assert rows["runtime bytes, article with a self-check never touched"][3] == ""


def test_the_readme_block_is_replaced_and_the_prose_around_it_kept(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"Before.\n{table.BEGIN}\nold table\n{table.END}\nAfter.\n")
    monkeypatch.setattr(table, "README", readme)
    table.write_readme("new table")
    assert readme.read_text() == f"Before.\n{table.BEGIN}\nnew table\n{table.END}\nAfter.\n"
    readme.write_text("No block.\n")
    with pytest.raises(RuntimeError, match="has no <!-- table"):
        table.write_readme("new table")
