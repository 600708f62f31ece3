"""Issue 14: nothing a school or a share puts in the folder stops the run, leaks a file or destroys a report.

Each test builds one case of the hostile share (tests/hostile.py), runs the real command line on it
(`check` with one and two workers, and `scan`) and asserts: a typed row, every report written and
readable, no traceback, the normal file beside it judged, and the run's memory under the bound the
README documents.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import hostile
import pytest
from hostile import assert_finished, normal_row, run

# README: parent ≤ PARENT_MB, each worker capped by --memory-limit.
PARENT_MB = 600
MEMORY_LIMIT = 1024


def memory_bound(workers: int) -> float:
    return PARENT_MB + workers * MEMORY_LIMIT


def check(folder: Path, out: Path, workers: int = 1, *extra: str | Path, env: dict[str, str] | None = None):
    result = run("check", folder, "--out", out, "--workers", workers, "--memory-limit", MEMORY_LIMIT, *extra,
                 env=env)
    assert result.peak_mb < memory_bound(workers), result.peak_mb
    return result


def scan(folder: Path, tmp: Path, *extra: str | Path, workers: int = 2, env: dict[str, str] | None = None):
    result = run("scan", folder, "--state", tmp / "state" / "state.db", "--out", tmp / "scan-out",
                 "--workers", workers, "--memory-limit", MEMORY_LIMIT, *extra, env=env)
    assert result.peak_mb < memory_bound(workers), result.peak_mb
    return result


@pytest.mark.parametrize("workers", [1, 2])
def test_names_not_utf8_or_with_control_characters_are_rows(tmp_path, workers):
    folder = tmp_path / "in"
    expected = hostile.case_names(folder)
    result = check(folder, tmp_path / "out", workers)
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    normal_row(found)
    shown = sorted(found)
    assert any("�" in p for p in shown)  # the GBK name, with replacement characters
    assert any("␛[31mred␇␊unreadable: forged line.txt" in p for p in shown)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    empty = [s for p, s in found.items() if p.endswith("empty.txt")]
    assert empty[0]["errors"][0]["kind"] == "empty"
    # the table on stdout has one line per file plus the header and the total: no name forged a line
    assert len(result.stdout.strip().splitlines()) == expected["rows"] + 2


def test_scan_stores_names_losslessly_and_shows_them_safely(tmp_path):
    folder = tmp_path / "in"
    expected = hostile.case_names(folder)
    result = scan(folder, tmp_path)
    assert result.rc == 4  # the empty file could not be read
    found = assert_finished(result, tmp_path / "scan-out", expected["rows"])
    normal_row(found)
    assert not any(line.startswith("unreadable: forged") for line in result.stderr.splitlines())
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    db = sqlite3.connect(tmp_path / "state" / "state.db")
    stored = {os.fsencode(p) if isinstance(p, str) else p for (p,) in db.execute("SELECT path FROM files")}
    db.close()
    on_disk = {os.fsencode(folder / n) for n in os.listdir(folder)}
    assert stored == on_disk  # byte for byte
    again = scan(folder, tmp_path)  # nothing changed: nothing judged again, the same rows
    assert "0 judged" in again.stderr
    assert sorted(assert_finished(again, tmp_path / "scan-out")) == sorted(found)
    history = run("history", hostile.name_bytes(folder, hostile.GBK_NAME), "--state", tmp_path / "state" / "state.db")
    assert history.rc == 0 and "第二中学" in history.stdout, history.stderr


def _archive_rows(found: dict, expected: dict) -> None:
    by_name = {p.rsplit("/", 1)[-1]: s for p, s in found.items()}
    for name in expected["too_large"]:
        assert by_name[name]["errors"][0]["kind"] == "too_large", by_name[name]
    for name in expected["corrupt"]:
        assert by_name[name]["errors"][0]["kind"] == "corrupt", by_name[name]
    assert by_name["说明.txt"]["status"] != "error"  # the ordinary file inside a hostile archive
    assert by_name["大.txt"]["status"] == "error"
    assert "上限" in by_name["42.zip"]["errors"][0]["message"]  # the cap is named


@pytest.mark.parametrize("workers", [1, 2])
def test_archive_budget_covers_all_nesting_and_one_archive_is_one_row(tmp_path, workers):
    expected = hostile.case_archives(tmp_path / "in")
    result = check(tmp_path / "in", tmp_path / "out", workers)
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    normal_row(found)
    _archive_rows(found, expected)
    assert result.parent_mb < 150  # the 90 MB nested zip was never inflated in the parent


def test_archive_budget_in_scan(tmp_path):
    expected = hostile.case_archives(tmp_path / "in")
    result = scan(tmp_path / "in", tmp_path)
    found = assert_finished(result, tmp_path / "scan-out", expected["rows"])
    normal_row(found)
    _archive_rows(found, expected)
    assert result.parent_mb < 150
