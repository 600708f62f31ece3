"""Ctrl-C and SIGTERM during check and scan: the finished work is kept, the run says so, exit 130.

Regression: Ctrl-C exited 1 ("papercheck itself failed") with click's "Aborted!",
wrote no log line, left the scan's run as an undocumented 'failed', and the files
found unreadable in the interrupted run were never reported again.

The signal goes to the whole process group, as a terminal's Ctrl-C does (or
systemd's SIGTERM to a service): the workers get it too and must not turn the
file they are on into a "crashed" row.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

INTERRUPTED, UNREADABLE = 130, 4
PLAN = "{school}三找活动实施方案\n一、总体要求\n认真开展活动。\n二、组织领导\n组长：{school}校长\n"


def _folder(root: Path, n: int, empty: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if empty:
        (root / "a-空文件.txt").write_bytes(b"")  # first in order: judged before the interruption
    for i in range(n):
        (root / f"s{i:02d}.txt").write_text(PLAN.format(school=f"第{i}中学"), encoding="utf-8")
    return root


def _start(tmp: Path, *args: str | Path, slow: float) -> tuple[subprocess.Popen, Path]:
    notes = tmp / f"results-{time.monotonic_ns()}.txt"
    env = {**os.environ, "PAPERCHECK_TEST_SLOW_EACH": str(slow), "PAPERCHECK_TEST_ON_RESULT": str(notes),
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, "-m", "cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    return proc, notes


def _results(notes: Path) -> int:
    return len(notes.read_text().splitlines()) if notes.exists() else 0


def _wait(condition, proc: subprocess.Popen, limit: float = 120) -> None:
    end = time.monotonic() + limit
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.05)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_check_keeps_the_finished_files_in_marked_reports(tmp_path, sig):
    src = _folder(tmp_path / "in", 8)
    out = tmp_path / "out"
    proc, notes = _start(tmp_path, "check", src, "--out", out, "--workers", "1", slow=0.7)
    _wait(lambda: _results(notes) >= 2, proc)
    os.killpg(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == INTERRUPTED, stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    done = len(report["submissions"])
    assert 2 <= done < 8 and report["partial"] == {"checked": done, "found": 8}
    assert all(s["status"] != "error" for s in report["submissions"])  # no file turned into a "crashed" row
    title = openpyxl.load_workbook(out / "report.xlsx")["汇总"]["A1"].value
    assert f"未完成：检查被中断，报告只包含已完成的 {done} 个文件（共找到 8 个）" in title
    assert "未完成" in (out / "report" / "index.html").read_text(encoding="utf-8")
    assert f"已中断：完成 {done} / 8 个文件" in stderr and "Traceback" not in stderr and "Aborted" not in stderr
    assert len(stdout.strip().splitlines()) == done + 2  # the table of what was finished


def test_check_interrupted_before_any_file_finished_writes_nothing(tmp_path):
    src = _folder(tmp_path / "in", 3)
    out = tmp_path / "out"
    proc, _notes = _start(tmp_path, "check", src, "--out", out, "--workers", "1", slow=60)
    _wait(lambda: _children(proc.pid), proc)  # the workers exist: the run has started
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == INTERRUPTED, stderr
    assert "没有写入任何报告" in stderr
    assert not (out / "report.json").exists() and not (out / "report.xlsx").exists()


def test_interrupted_scan_is_recorded_logged_and_its_unreadable_files_stay_reported(tmp_path):
    src = _folder(tmp_path / "in", 8, empty=True)
    state, out = tmp_path / "state" / "state.db", tmp_path / "out"
    args = ("scan", src, "--state", state, "--out", out, "--workers", "1")
    proc, notes = _start(tmp_path, *args, slow=0.7)
    _wait(lambda: _results(notes) >= 3, proc)
    os.killpg(proc.pid, signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == INTERRUPTED, stderr
    assert "已中断（SIGINT）" in stderr and "Traceback" not in stderr
    db = sqlite3.connect(state)
    status = db.execute("SELECT status FROM runs ORDER BY id DESC").fetchone()[0]
    kept = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    crashed = db.execute("SELECT COUNT(*) FROM results WHERE error_kind IS NOT NULL AND error_kind != 'empty'").fetchone()[0]
    db.close()
    assert status == "interrupted" and 3 <= kept < 9 and crashed == 0
    log = (state.parent / "state.db.log").read_text(encoding="utf-8")
    assert "已中断，报告未刷新" in log.splitlines()[-1]

    # the next run carries on, judging only what was left, and still names the empty file judged before
    again = subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True, text=True,
                           timeout=300, check=False, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert again.returncode == UNREADABLE, again.stderr
    assert f"检查 {9 - kept}，" in again.stderr and "a-空文件.txt" in again.stderr and "空文件" in again.stderr
    third = subprocess.run([sys.executable, "-m", "cli", *map(str, args)], capture_output=True, text=True,
                           timeout=300, check=False, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert third.returncode == UNREADABLE and "检查 0，" in third.stderr and "a-空文件.txt" in third.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["submissions"]) == 9 and "partial" not in report


def test_an_unwritable_out_is_refused_before_the_work(tmp_path):
    """--out under a file (or on a read-only share) was found unwritable only after the whole check."""
    src = _folder(tmp_path / "in", 2)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    for command in (["check", src], ["scan", src, "--state", tmp_path / "state.db"]):
        start = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "cli", *map(str, command), "--out", str(tmp_path / "a-file" / "out")],
                              capture_output=True, text=True, timeout=120, check=False,
                              env={**os.environ, "PAPERCHECK_TEST_SLOW_EACH": "30",
                                   "PYTHONPATH": str(Path(__file__).parents[1])})
        assert done.returncode == 2 and "无法写入" in done.stderr, done.stderr
        assert time.monotonic() - start < 25  # refused before checking (each file would take 30 s)
