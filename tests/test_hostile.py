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

# The README's bound: the main process 100 MB + 0.1 MB a file, each worker (and the LibreOffice or Tesseract it
# runs) capped by --memory-limit. These cases have a handful of files.
PARENT_MB = 150
MEMORY_LIMIT = 1024


def memory_bound(workers: int) -> float:
    return PARENT_MB + 2 * workers * MEMORY_LIMIT


def _bounded_and_contained(result, tmp: Path, workers: int) -> None:
    """Memory under the bound, nothing read outside (the audit log is empty), no copy left in the scratch folder."""
    assert result.peak_mb < memory_bound(workers), result.peak_mb
    assert result.parent_mb < PARENT_MB, result.parent_mb
    log = tmp / "audit.log"
    assert not log.exists(), log.read_text(encoding="utf-8")
    assert hostile.scratch_copies(tmp / "tmp") == []


def _audited(tmp: Path, env: dict[str, str] | None) -> dict:
    """Run under the audit hook with a decoy beside the checked folder that must never be read."""
    decoy = tmp / "elsewhere"
    decoy.mkdir(exist_ok=True)
    (decoy / "secret.txt").write_text(hostile.SECRET, encoding="utf-8")
    (tmp / "tmp").mkdir(exist_ok=True)
    return {"forbid": [decoy, Path("/etc/shadow")], "audit_log": tmp / "audit.log",
            "env": {"TMPDIR": str(tmp / "tmp"), **(env or {})}}


def check(folder: Path, out: Path, workers: int = 1, *extra: str | Path, env: dict[str, str] | None = None):
    tmp = Path(folder).parent
    result = run("check", folder, "--out", out, "--workers", workers, "--memory-limit", MEMORY_LIMIT, *extra,
                 **_audited(tmp, env))
    _bounded_and_contained(result, tmp, workers)
    return result


def scan(folder: Path, tmp: Path, *extra: str | Path, workers: int = 2, env: dict[str, str] | None = None):
    result = run("scan", folder, "--state", tmp / "state" / "state.db", "--out", tmp / "scan-out",
                 "--workers", workers, "--memory-limit", MEMORY_LIMIT, *extra, **_audited(tmp, env))
    _bounded_and_contained(result, tmp, workers)
    return result


@pytest.mark.parametrize("workers", [1, 2])
def test_names_not_utf8_or_with_control_characters_are_rows(tmp_path, workers):
    folder = tmp_path / "in"
    expected = hostile.case_names(folder)
    result = check(folder, tmp_path / "out", workers)
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    normal_row(found)
    shown = sorted(found)
    assert any(p.endswith("/实施方案.txt") for p in shown)  # the GBK name, read as the Chinese it is
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
    assert "检查 0，" in again.stderr
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


@pytest.mark.parametrize("command", ["check", "scan"])
def test_out_that_would_overwrite_or_hide_submissions_is_refused_before_work(tmp_path, command):
    folder = tmp_path / "in"
    expected = hostile.case_out(folder)
    school = expected["school"]
    before = hostile.snapshot(folder)
    outs = [
        folder,  # the checked folder itself
        tmp_path,  # a folder holding the checked folder
        school,  # a folder of submissions inside it, with a report.xlsx of its own
    ]
    for out in outs:
        args = [command, folder, "--out", out, "--workers", 1]
        if command == "scan":
            args += ["--state", tmp_path / "state.db"]
        result = run(*args)
        assert result.rc == 2, (out, result.stderr)
        assert "Traceback" not in result.stderr and "--out" in result.stderr
        assert hostile.snapshot(folder) == before  # nothing written, nothing deleted
        assert not (tmp_path / "state.db").exists()  # refused before any work


def test_out_with_someone_elses_report_is_refused_and_json_never_overwrites_a_school_file(tmp_path):
    folder = tmp_path / "in"
    hostile.case_out(folder)
    theirs = tmp_path / "共享报告"
    theirs.mkdir()
    (theirs / "report.json").write_text('{"mine": 1}', encoding="utf-8")
    result = run("check", folder, "--out", theirs)
    assert result.rc == 2 and "report.json" in result.stderr, result.stderr
    assert (theirs / "report.json").read_text(encoding="utf-8") == '{"mine": 1}'
    victim = folder / "学校的数据.json"
    victim.write_text('{"school": "data"}', encoding="utf-8")
    result = run("check", folder, "--out", tmp_path / "out", "--json", victim)
    assert result.rc == 2 and "--json" in result.stderr, result.stderr
    assert victim.read_text(encoding="utf-8") == '{"school": "data"}'


def test_out_inside_the_checked_folder_is_fine_and_its_reports_are_not_rows(tmp_path):
    folder = tmp_path / "in"
    expected = hostile.case_out(folder)
    before = hostile.snapshot(folder)
    for _ in range(2):
        result = check(folder, folder / "检查结果", 1)
        found = assert_finished(result, folder / "检查结果", expected["rows"])
    normal_row(found)
    after = hostile.snapshot(folder)
    assert {k: v for k, v in after.items() if not k.startswith("检查结果")} == before


def test_two_writers_on_one_out_take_turns(tmp_path):
    """A check while the nightly scan publishes: neither deletes the other's staging folder."""
    import subprocess
    import sys

    folder = tmp_path / "in"
    hostile.case_out(folder)
    out = tmp_path / "out"
    out.mkdir()
    foreign = out / ".papercheck-staging-not-ours"
    foreign.mkdir()  # no staging marker: not papercheck's, never removed
    env = {**os.environ, "PYTHONPATH": str(hostile.REPO), "PAPERCHECK_TEST_SLOW_EACH": "0.5"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "cli", "scan", folder, "--state", tmp_path / "s.db", "--out", out,
                          "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-m", "cli", "check", folder, "--out", out, "--workers", "2"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and "Traceback" not in err, err
    assert_finished(hostile.Run(0, "", "", 0, 0, 0), out, 5)
    assert foreign.is_dir()
    assert not [p for p in out.iterdir() if p.name.startswith(".papercheck-staging-") and p != foreign]


def test_a_second_writer_waits_then_stops_with_a_message(tmp_path):
    import fcntl

    from pipeline.run.publish import OutBusy, publish

    out = tmp_path / "out"
    publish(lambda staging: [], out)
    fd = os.open(out / ".papercheck-reports", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another writer, publishing
    try:
        with pytest.raises(OutBusy, match="另一个 papercheck"):
            publish(lambda staging: [], out, wait=0.5)
    finally:
        os.close(fd)
    publish(lambda staging: [], out, wait=0.5)  # the lock is free again


def _link_rows(found: dict, expected: dict, followed: bool) -> None:
    by_name = {p.rsplit("/", 1)[-1]: s for p, s in found.items()}
    assert by_name["内部链接.txt"]["status"] != "error"  # a link inside the folder is read
    assert by_name["管道.txt"]["errors"][0]["kind"] == "unsupported"
    for name in ("密码.txt", "系统", "环a.txt", "环b.txt", "断开.txt"):
        assert by_name[name]["errors"][0]["kind"] == "link", by_name[name]
    outside = ("链接到外面.txt", "外面的文件夹")
    if followed:
        assert by_name["链接到外面.txt"]["status"] != "error" and "secret.txt" in by_name
    else:
        for name in outside:
            assert by_name[name]["errors"][0]["kind"] == "link"
            assert "以外" in by_name[name]["errors"][0]["message"]


def _nothing_read(tmp: Path, out: Path, forbidden_text: str) -> None:
    log = tmp / "audit.log"
    assert not log.exists(), log.read_text(encoding="utf-8")
    for report_file in [out / "report.json", out / "report.csv", *(out / "report").glob("*.html")]:
        assert forbidden_text not in report_file.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("workers", [1, 2])
def test_links_out_of_the_folder_are_rows_and_nothing_outside_is_read(tmp_path, workers):
    expected = hostile.case_links(tmp_path / "in")
    out = tmp_path / "out"
    result = run("check", tmp_path / "in", "--out", out, "--workers", workers, forbid=expected["forbid"],
                 audit_log=tmp_path / "audit.log")
    found = assert_finished(result, out, expected["rows"])
    normal_row(found)
    _link_rows(found, expected, followed=False)
    _nothing_read(tmp_path, out, "SECRET-7f3a")
    assert "Too many levels" not in result.stderr  # a loop is a row, not an --out error


def test_links_in_scan_and_with_follow_symlinks_never_into_system_folders(tmp_path):
    expected = hostile.case_links(tmp_path / "in")
    result = run("scan", tmp_path / "in", "--state", tmp_path / "state.db", "--out", tmp_path / "scan-out",
                 forbid=expected["forbid"], audit_log=tmp_path / "audit.log")
    assert result.rc == 4  # the rows that could not be read
    found = assert_finished(result, tmp_path / "scan-out", expected["rows"])
    _link_rows(found, expected, followed=False)
    _nothing_read(tmp_path, tmp_path / "scan-out", "SECRET-7f3a")
    db = sqlite3.connect(tmp_path / "state.db")
    blobs = b"".join(bytes(b) for (b,) in db.execute("SELECT submission FROM results"))
    db.close()
    assert b"SECRET" not in blobs and b"root:" not in blobs
    # --follow-symlinks reads the outside folder the administrator allows, never /etc
    result = run("check", tmp_path / "in", "--out", tmp_path / "out", "--follow-symlinks",
                 forbid=[Path("/etc/passwd"), Path("/etc/shadow")], audit_log=tmp_path / "audit.log")
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    _link_rows(found, expected, followed=True)
    _nothing_read(tmp_path, tmp_path / "out", "root:x:0:0")


@pytest.mark.parametrize("command", ["check", "scan"])
def test_unreadable_files_and_folders_are_server_rows_for_the_administrator(tmp_path, command):
    expected = hostile.case_permissions(tmp_path / "in")
    out = tmp_path / "out"
    args = ["--state", tmp_path / "state.db"] if command == "scan" else []
    result = run(command, tmp_path / "in", "--out", out, *args, prefix=hostile.unprivileged())
    found = assert_finished(result, out, expected["rows"])
    normal_row(found)
    by_name = {p.rsplit("/", 1)[-1]: s for p, s in found.items()}
    for name in expected["server"]:
        error = by_name[name]["errors"][0]
        assert error["kind"] == "server"
        assert "管理员" in error["advice"] and "学校重新" not in error["advice"]
    if command == "scan":
        assert result.rc == 4 and "服务器无法读取" in result.stderr


def _resource_rows(found: dict, expected: dict) -> None:
    by_name = {p.rsplit("/", 1)[-1]: s for p, s in found.items()}
    for name in expected["read"]:
        assert by_name[name]["status"] != "error", by_name[name]  # bounded, and read
    for name in expected["too_large"]:
        error = by_name[name]["errors"][0]
        assert error["kind"] == "too_large" and "上限" in error["message"], error  # the cap, named


@pytest.mark.parametrize("workers", [1, 2])
def test_files_that_blew_up_memory_are_bounded_or_too_large_rows(tmp_path, workers):
    expected = hostile.case_resources(tmp_path / "in")
    result = check(tmp_path / "in", tmp_path / "out", workers)
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    normal_row(found)
    _resource_rows(found, expected)


def test_resource_caps_in_scan(tmp_path):
    expected = hostile.case_resources(tmp_path / "in")
    result = scan(tmp_path / "in", tmp_path, workers=1)
    found = assert_finished(result, tmp_path / "scan-out", expected["rows"])
    normal_row(found)
    _resource_rows(found, expected)


def _state_rows(tmp: Path) -> list[str]:
    db = sqlite3.connect(tmp / "state" / "state.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = [p for (p,) in db.execute("SELECT path FROM files WHERE deleted_at IS NULL ORDER BY path")]
    db.close()
    return rows


def _many(folder: Path, n: int) -> None:
    for i in range(n):
        hostile.normal(folder, f"学校{i:03d}方案.txt").write_text(
            hostile.NORMAL_TEXT.replace("第一中学", f"第{i}中学") * 3, encoding="utf-8")


@pytest.mark.parametrize("damage", ["pages", "header"])
def test_a_corrupt_state_is_moved_aside_and_everything_judged_again(tmp_path, damage):
    folder = tmp_path / "in"
    _many(folder, 30)
    first = scan(folder, tmp_path)
    assert first.rc == 0, first.stderr
    state = tmp_path / "state" / "state.db"
    data = bytearray(state.read_bytes())
    if damage == "pages":  # a torn write in the middle of the file, the header intact
        data[4096:len(data) - 4096] = os.urandom(len(data) - 8192)
    else:
        data[:100] = os.urandom(100)
    state.write_bytes(bytes(data))
    result = scan(folder, tmp_path)
    found = assert_finished(result, tmp_path / "scan-out", 30)
    assert result.rc == 0 and "corrupt" in result.stderr, result.stderr
    assert "检查 30，" in result.stderr  # a fresh state: everything judged again
    aside = list((tmp_path / "state").glob("state.db.corrupt-*"))
    assert aside and any(p.name.endswith(tuple("0123456789")) for p in aside)
    log = (tmp_path / "state" / "state.db.log").read_text(encoding="utf-8")
    assert "moved aside" in log
    assert _state_rows(tmp_path) == sorted(found)


def test_a_state_that_is_not_papercheck_s_is_never_moved(tmp_path):
    folder = tmp_path / "in"
    _many(folder, 2)
    not_ours = tmp_path / "state" / "state.db"
    not_ours.parent.mkdir()
    not_ours.write_bytes("某校的文件，不是数据库".encode() * 100)
    before = not_ours.read_bytes()
    result = scan(folder, tmp_path)
    assert result.rc == 2 and "Traceback" not in result.stderr and "--state" in result.stderr, result.stderr
    assert not_ours.read_bytes() == before and not list(not_ours.parent.glob("*.corrupt-*"))


def test_disk_full_is_a_clear_message_exit_2_and_the_state_stays_consistent(tmp_path):
    folder = tmp_path / "in"
    _many(folder, 5)
    assert scan(folder, tmp_path).rc == 0
    _many(folder, 60)  # 55 new files to record
    # Writes past 64 KB in any file fail (EFBIG), as on a full disk: really, in the kernel.
    limit = ["prlimit", f"--fsize={64 * 1024}"]
    result = run("scan", folder, "--state", tmp_path / "state" / "state.db", "--out", tmp_path / "scan-out",
                 "--workers", 2, prefix=limit)
    assert result.rc == 2, (result.rc, result.stderr)
    assert "Traceback" not in result.stderr and "无法写入" in result.stderr, result.stderr
    again = scan(folder, tmp_path)  # the disk has room again: carries on where it stopped
    found = assert_finished(again, tmp_path / "scan-out", 60)
    assert _state_rows(tmp_path) == sorted(found)


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
type: [*i]
"""
FEW_WIDE = "a: &a [" + ", ".join(['"lol"'] * 2000) + "]\n" + "b: &b [" + ", ".join(["*a"] * 40) + "]\ntype: [*b]\n"


@pytest.mark.parametrize("content", [
    BOMB,  # a billion laughs: 81 aliases
    FEW_WIDE,  # 41 aliases, 160,000 values once expanded
    "id: x\ntype: !!python/object/apply:os.system ['touch {marker}']\n",
    "id: x\ntype: !!binary aGVsbG8=\n",
    "id: x\ntype: !custom thing\n",
])
def test_rule_pack_yaml_bombs_and_tags_are_refused_without_echoing_a_value(tmp_path, content):
    import shutil

    from pipeline.judge.rulepack import RULES_DIR

    pack = tmp_path / "pack"
    shutil.copytree(RULES_DIR / "sanzhao-2013", pack)
    marker = tmp_path / "executed"
    bad = min(p for p in pack.glob("*.yaml") if p.name != "pack.yaml")
    bad.write_text(content.replace("{marker}", str(marker)), encoding="utf-8")
    hostile.normal(tmp_path / "in")
    for result in (check(tmp_path / "in", tmp_path / "out", 1, "--pack", pack),
                   scan(tmp_path / "in", tmp_path, "--pack", pack, workers=1)):
        assert result.rc == 2, result.stderr
        assert "Traceback" not in result.stderr and bad.name in result.stderr
        assert len(result.stderr) < 600 and result.stderr.count("lol") < 3  # the bomb is not expanded into the message
        assert not marker.exists()
        assert result.peak_mb < 300
    assert not (tmp_path / "out").exists() and not (tmp_path / "state").exists()  # refused before any work


def _soffice_running(marker: str) -> bool:
    for pid in os.listdir("/proc"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    return True
        except OSError:
            continue
    return False


@pytest.mark.parametrize("command", ["check", "scan"])
def test_a_timed_out_conversion_leaves_no_copy_of_the_school_file(tmp_path, command):
    hostile.legacy_doc(tmp_path / "in")
    hostile.normal(tmp_path / "in")
    scratch_tmp = tmp_path / "tmp"
    scratch_tmp.mkdir()
    args = ["--state", tmp_path / "state.db"] if command == "scan" else []
    result = run(command, tmp_path / "in", "--out", tmp_path / "out", "--timeout", 1, *args,
                 env={"TMPDIR": str(scratch_tmp)})
    found = assert_finished(result, tmp_path / "out", 2)
    normal_row(found)
    [doc] = [s for p, s in found.items() if p.endswith(".doc")]
    assert doc["errors"][0]["kind"] == "timeout"
    assert hostile.scratch_copies(scratch_tmp) == []
    assert not list(scratch_tmp.glob("papercheck-lo-*"))
    root = next(scratch_tmp.glob("papercheck-*"))
    assert root.stat().st_mode & 0o777 == 0o700  # private
    assert not _soffice_running(str(root))


def test_copies_left_by_a_killed_run_are_removed_by_the_next(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    hostile.legacy_doc(tmp_path / "in")
    scratch_tmp = tmp_path / "tmp"
    scratch_tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(hostile.REPO), "TMPDIR": str(scratch_tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "check", tmp_path / "in", "--out", tmp_path / "out"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(p.name == "submission.doc" for p in hostile.scratch_copies(scratch_tmp)):
        assert time.monotonic() < deadline and proc.poll() is None, "the conversion never started"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # papercheck and its workers; LibreOffice has its own session
    proc.wait()
    assert hostile.scratch_copies(scratch_tmp)  # left behind: nobody could clean up
    hostile.normal(tmp_path / "other")
    result = run("check", tmp_path / "other", "--out", tmp_path / "out2", env={"TMPDIR": str(scratch_tmp)})
    assert_finished(result, tmp_path / "out2", 1)
    assert hostile.scratch_copies(scratch_tmp) == []
    root = next(scratch_tmp.glob("papercheck-*"))
    for _ in range(100):
        if not _soffice_running(str(root)):
            break
        time.sleep(0.1)
    assert not _soffice_running(str(root))


def test_libreoffice_s_own_timeout_removes_the_copy_and_ends_libreoffice(tmp_path, monkeypatch):
    from pipeline.errors import ReadTimeout
    from pipeline.ingest import legacy, scratch

    doc = hostile.legacy_doc(tmp_path / "in")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(scratch, "_folder", None)
    monkeypatch.setattr(legacy, "TIMEOUT", 0.2)
    with pytest.raises(ReadTimeout):
        legacy.to_docx(doc.read_bytes(), str(doc), ".doc")
    assert hostile.scratch_copies(tmp_path / "tmp") == []
    assert not _soffice_running(str(tmp_path / "tmp"))


@pytest.mark.parametrize("command", ["check-1", "check-2", "scan"])
def test_web_pages_saved_as_doc_are_read_as_their_text(tmp_path, command):
    expected = hostile.case_web(tmp_path / "in")
    if command == "scan":
        result = scan(tmp_path / "in", tmp_path, workers=1)
        (tmp_path / "scan-out").rename(tmp_path / "out")
    else:
        result = check(tmp_path / "in", tmp_path / "out", int(command[-1]))
    found = assert_finished(result, tmp_path / "out", expected["rows"])
    plan = normal_row(found)
    by_name = {p.rsplit("/", 1)[-1]: s for p, s in found.items()}
    for name, fmt in expected["read"].items():
        row = by_name[name]
        assert row["format"] == fmt and row["doc_type"] == plan["doc_type"], row
        assert row["status"] == plan["status"] and row["school"] == plan["school"]  # the same plan, the same verdict
        assert [s["found"] for s in row["sections"]] == [s["found"] for s in plan["sections"]]
    for name in expected["empty"]:
        assert by_name[name]["errors"][0]["kind"] == "empty"
    text = (tmp_path / "out" / "report.json").read_text(encoding="utf-8")
    assert "MsoNormal" not in text and "MARKUP-LEAK" not in text and "supportLists" not in text
