"""The nightly scan through the real CLI in real processes: changes, crashes, locks, hangs."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from pipeline.judge.rulepack import RULES_DIR

OK, UNREADABLE, ALREADY_RUNNING = 0, 4, 75


def write_submission(path: Path, school: str, extra: str = "") -> None:
    body = [f"{school}三找活动实施方案", "一、总体要求", f"组长：{school}校长", "二、方法步骤", extra]
    if path.suffix == ".docx":
        d = docx.Document()
        for line in body:
            d.add_paragraph(line)
        d.save(path)
    else:
        path.write_text("\n".join(body), encoding="utf-8")


def make_folder(root: Path, n: int) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = root / f"s{i:02d}.{'docx' if i % 3 == 0 else 'txt'}"
        write_submission(p, f"第{i}中学")
        paths.append(p)
    return paths


def papercheck(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)], check=False, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def start(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})}, start_new_session=True,
    )


def scan_args(tmp: Path, *extra: str | Path) -> list[str | Path]:
    return ["scan", tmp / "in", "--state", tmp / "state.db", "--out", tmp / "out", "--workers", "2", *extra]


def last_run(tmp: Path) -> dict:
    db = sqlite3.connect(tmp / "state.db")
    db.row_factory = sqlite3.Row
    row = dict(db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone())
    db.close()
    return row


def report_paths(tmp: Path) -> list[str]:
    data = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return [s["path"] for s in data["submissions"]]


def assert_consistent(tmp: Path) -> None:
    """Every current file exactly once in the report and in the state, and the state not corrupt."""
    current = sorted(str(p) for p in (tmp / "in").iterdir())
    assert report_paths(tmp) == current
    db = sqlite3.connect(tmp / "state.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = db.execute("SELECT path FROM files WHERE deleted_at IS NULL ORDER BY path").fetchall()
    assert [r[0] for r in rows] == current
    dupes = db.execute(
        "SELECT COUNT(*) FROM (SELECT sha256, member, pack, pack_version, model_version FROM results"
        " GROUP BY 1,2,3,4,5 HAVING COUNT(*) > 1)").fetchone()[0]
    assert dupes == 0
    missing = db.execute(
        "SELECT COUNT(*) FROM files f WHERE deleted_at IS NULL AND NOT EXISTS"
        " (SELECT 1 FROM results r WHERE r.sha256 = f.sha256)").fetchone()[0]
    assert missing == 0
    db.close()


def test_changed_deleted_renamed_and_touched_files(tmp_path):
    files = make_folder(tmp_path / "in", 5)
    first = papercheck(*scan_args(tmp_path))
    assert first.returncode == OK, first.stderr
    assert "发现 5，新增 5" in first.stderr
    run = last_run(tmp_path)
    assert (run["new"], run["judged"], run["status"]) == (5, 5, "completed")
    assert "发现 5，新增 5" in (tmp_path / "state.db.log").read_text(encoding="utf-8")

    write_submission(files[1], "第1中学", extra="三、工作要求（第二版）")  # a new version
    files[2].unlink()
    files[3].rename(tmp_path / "in" / "renamed.docx")
    os.utime(files[4], ns=(time.time_ns(), time.time_ns() + 10**9))  # touched, same content
    second = papercheck(*scan_args(tmp_path))
    assert second.returncode == OK, second.stderr
    run = last_run(tmp_path)
    assert (run["seen"], run["new"], run["changed"], run["renamed"], run["deleted"], run["unchanged"]) == (
        4, 0, 1, 1, 1, 2)
    assert run["judged"] == 1  # only the new version; the renamed file reuses its result by hash
    assert_consistent(tmp_path)

    shown = papercheck("history", files[1], "--state", tmp_path / "state.db")
    assert shown.returncode == OK
    assert shown.stdout.count("sanzhao-2013") == 2  # the old version and the new one, each with a verdict
    db = sqlite3.connect(tmp_path / "state.db")
    assert db.execute("SELECT deleted_at FROM files WHERE path=?", (str(files[2]),)).fetchone()[0] is not None
    db.close()

    third = papercheck(*scan_args(tmp_path))
    assert third.returncode == OK
    run = last_run(tmp_path)
    assert (run["unchanged"], run["judged"]) == (4, 0)
    assert "报告未变" in third.stderr


def test_a_new_pack_version_rejudges_everything(tmp_path):
    make_folder(tmp_path / "in", 3)
    assert papercheck(*scan_args(tmp_path)).returncode == OK
    pack = tmp_path / "pack"
    shutil.copytree(RULES_DIR / "sanzhao-2013", pack)
    manifest = pack / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"^version:.*$", 'version: "9.9"', text, count=1, flags=re.MULTILINE), encoding="utf-8")
    again = papercheck(*scan_args(tmp_path, "--pack", pack))
    assert again.returncode == OK, again.stderr
    run = last_run(tmp_path)
    assert (run["unchanged"], run["judged"], run["pack_version"]) == (3, 3, "9.9")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["pack"]["version"] == "9.9"
    assert_consistent(tmp_path)


def test_a_hanging_file_costs_one_timeout_row_and_the_run_completes(tmp_path):
    make_folder(tmp_path / "in", 4)
    done = papercheck(*scan_args(tmp_path, "--timeout", "1"), env={"PAPERCHECK_TEST_HANG_ON": "s02"})
    assert done.returncode == UNREADABLE, done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    errors = {Path(s["path"]).name: [e["kind"] for e in s["errors"]] for s in report["submissions"]}
    assert errors == {"s00.docx": [], "s01.txt": [], "s02.txt": ["timeout"], "s03.docx": []}
    assert last_run(tmp_path)["failed"] == 1
    # a timeout is retried by the next scan
    retry = papercheck(*scan_args(tmp_path))
    assert retry.returncode == OK, retry.stderr
    assert last_run(tmp_path)["judged"] == 1
    assert_consistent(tmp_path)


def wait_for(condition, limit: float = 30.0) -> None:
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not reached")
        time.sleep(0.05)


def results_count(tmp: Path) -> int:
    try:
        db = sqlite3.connect(tmp / "state.db", timeout=5)
        n = db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        db.close()
        return n
    except sqlite3.Error:
        return 0


def test_second_scan_exits_at_once_and_a_dead_scans_lock_is_taken_over(tmp_path):
    make_folder(tmp_path / "in", 6)
    first = start(*scan_args(tmp_path, "--timeout", "120"), env={"PAPERCHECK_TEST_HANG_ON": "s05"})
    try:
        wait_for(lambda: results_count(tmp_path) >= 5)  # first holds the lock, stuck on s05
        second = papercheck(*scan_args(tmp_path), timeout=30)
        assert second.returncode == ALREADY_RUNNING
        assert "另一个扫描正在使用这个状态文件" in second.stderr and str(first.pid) in second.stderr
        os.kill(first.pid, signal.SIGKILL)  # only the parent: its workers must die with it
        first.wait(10)
        third = papercheck(*scan_args(tmp_path), timeout=60)
        assert third.returncode == OK, third.stderr
        assert_consistent(tmp_path)
        db = sqlite3.connect(tmp_path / "state.db")
        assert [r[0] for r in db.execute("SELECT status FROM runs ORDER BY id")] == ["interrupted", "completed"]
        db.close()
    finally:
        try:
            os.killpg(first.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _runs_and_done(tmp: Path) -> tuple[dict[int, str], int]:
    """The runs the state records (id → status) and how many contents have a committed result."""
    try:
        db = sqlite3.connect(tmp / "state.db")
        try:
            runs = dict(db.execute("SELECT id, status FROM runs").fetchall())
            done = db.execute("SELECT COUNT(DISTINCT sha256) FROM results").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:  # killed before the first run was recorded (even mid-migration)
        return {}, 0
    return runs, done


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6])
def test_kill_9_at_any_moment_then_rerun(tmp_path, delay):
    """A scan killed with kill -9 (twice, at different moments of judging, committing or reporting) loses
    nothing it committed: the rerun judges only what no killed run committed, marks each killed run
    interrupted (never left 'running'), and leaves state and reports consistent."""
    make_folder(tmp_path / "in", 30)
    for attempt in range(2):
        before = set(_runs_and_done(tmp_path)[0])
        proc = start(*scan_args(tmp_path), env={"PAPERCHECK_TEST_SLOW_EACH": "0.05"})  # judging takes ≥ 0.75 s
        deadline = time.monotonic() + 60  # the kill lands inside the run, however slow the process is to start
        while proc.poll() is None and time.monotonic() < deadline and not set(_runs_and_done(tmp_path)[0]) - before:
            time.sleep(0.02)
        time.sleep(delay * (attempt + 1) / 2)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)
    killed, done = _runs_and_done(tmp_path)
    assert "running" in killed.values()  # at least one kill caught a run mid-way (else this tests nothing)
    final = papercheck(*scan_args(tmp_path))
    assert final.returncode == OK, final.stderr
    runs, _ = _runs_and_done(tmp_path)
    last = max(runs)
    assert runs[last] == "completed" and last not in killed
    for run_id, status in killed.items():  # a run the kill caught mid-way is interrupted now
        assert runs[run_id] == ("completed" if status == "completed" else "interrupted"), (run_id, status, runs)
    assert last_run(tmp_path)["judged"] == 30 - done  # committed results of the killed runs are kept, not redone
    assert_consistent(tmp_path)
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_walk_finds_what_discover_finds_in_the_same_order(tmp_path):
    from pipeline import ingest
    from pipeline.run.scan import walk

    for rel in ["b/x.txt", "a-b/y.txt", "a/z.txt", "a/b/c.txt", "a.txt", ".hidden/h.txt", "a/~$lock.docx",
                "a/.DS_Store", "第二中学/方案.txt", "A/upper.txt"]:
        p = tmp_path / "in" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    (tmp_path / "in" / "link").symlink_to(tmp_path / "in" / "a")
    found = [e.path for e in walk([tmp_path / "in"])]
    assert found == [src.path for src in ingest.discover([tmp_path / "in"])]
    assert len(found) == 7


def test_scan_skips_the_scripts_and_notes_that_check_skips(tmp_path):
    """scan listed README.md, config.yaml and run.py as 需复核 rows that check never showed."""
    from pipeline import ingest
    from pipeline.run.scan import walk

    for rel in ["方案.txt", "说明.md", "config.YAML", "run.py", "Thumbs.db", "a/b.json", "a/总结.txt"]:
        p = tmp_path / "in" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    found = [os.path.basename(e.path) for e in walk([tmp_path / "in"])]
    assert found == ["总结.txt", "方案.txt"]
    assert found == [os.path.basename(s.path) for s in ingest.discover([tmp_path / "in"])]
    assert [e.path for e in walk([tmp_path / "in" / "run.py"])]  # a file named on the command line is read


def test_two_scans_started_together(tmp_path):
    make_folder(tmp_path / "in", 12)
    slow = {"PAPERCHECK_TEST_SLOW_EACH": "0.05"}
    procs = [start(*scan_args(tmp_path), env=slow) for _ in range(2)]
    codes = sorted(p.wait(60) for p in procs)
    assert codes == [OK, ALREADY_RUNNING]
    assert_consistent(tmp_path)
    db = sqlite3.connect(tmp_path / "state.db")
    assert db.execute("SELECT COUNT(*), MIN(status) FROM runs").fetchone() == (1, "completed")
    db.close()


def test_an_emptied_folder_is_not_taken_as_everything_deleted(tmp_path):
    make_folder(tmp_path / "in", 3)
    assert papercheck(*scan_args(tmp_path)).returncode == OK
    for p in (tmp_path / "in").iterdir():  # what an unmounted share looks like
        p.rename(tmp_path / p.name)
    empty = papercheck(*scan_args(tmp_path))
    assert empty.returncode == OK and "没有挂载？" in empty.stderr
    assert len(report_paths(tmp_path)) == 3
    assert last_run(tmp_path)["deleted"] == 0


def test_publish_replaces_files_and_folders_whole(tmp_path):
    from pipeline.run.publish import STAGING_MARKER, publish

    def writer(version: str):
        def write(staging: Path) -> list[Path]:
            (staging / "report.json").write_text(version, encoding="utf-8")
            (staging / "report").mkdir()
            (staging / "report" / "index.html").write_text(version, encoding="utf-8")
            return [staging / "report.json", staging / "report" / "index.html"]
        return write

    out = tmp_path / "out"
    (out / ".papercheck-staging-999").mkdir(parents=True)  # left by a killed run
    (out / ".papercheck-staging-999" / STAGING_MARKER).write_text("999", encoding="utf-8")
    (out / ".staging-999").mkdir()  # not papercheck's: left alone
    publish(writer("old"), out)
    written = publish(writer("new"), out)
    assert written == [out / "report.json", out / "report" / "index.html"]
    assert [p.read_text(encoding="utf-8") for p in written] == ["new", "new"]
    assert sorted(p.name for p in out.iterdir()) == [".papercheck-reports", ".staging-999", "report", "report.json"]

