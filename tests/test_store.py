"""The scan state: schema, keys, replacement of retried results, history."""

from __future__ import annotations

import sqlite3

from pipeline import serialize
from pipeline.model import FileError, Submission
from pipeline.run.store import MIGRATIONS, Judge, Store

J1 = Judge("sanzhao-2013", "1.0", "none")
J2 = Judge("sanzhao-2013", "1.1", "none")


def sub(path: str, status: str = "pass", school: str | None = "第一中学", error: str | None = None) -> dict:
    errors = (FileError(error, "读取文件超时"),) if error else ()
    return serialize.submission_to_dict(Submission(path=path, sha256="h", status=status, school=school, errors=errors))


def test_new_state_is_migrated_wal_with_foreign_keys(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store(tmp_path / "s.db") as store:  # reopening does not migrate twice
        assert {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
            "files", "results", "versions", "runs", "meta"}


def test_a_retry_replaces_the_result_and_transient_errors_are_not_final(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.begin_run(["/x"], J1, 1)
        with store.transaction():
            store.save_results("aaa", J1, [("", sub("/x/a.docx", "error", error="timeout"))], run)
            store.save_results("bbb", J1, [("", sub("/x/b.docx", "error", error="corrupt"))], run)
        assert store.complete_hashes(J1) == {"bbb"}
        with store.transaction():
            store.save_results("aaa", J1, [("", sub("/x/a.docx"))], run)
        assert store.complete_hashes(J1) == {"aaa", "bbb"}
        assert store.complete_hashes(J2) == set()
        assert store.db.execute("SELECT COUNT(*) FROM results WHERE sha256='aaa'").fetchone()[0] == 1


def test_results_are_unique_per_content_and_judge(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.begin_run(["/x"], J1, 1)
        with store.transaction():
            store.save_results("aaa", J1, [("", sub("/x/a.docx"))], run)
        try:
            with store.transaction():
                store.db.execute(
                    "INSERT INTO results (sha256, member, pack, pack_version, model_version, status, submission,"
                    " judged_at) SELECT sha256, member, pack, pack_version, model_version, status, submission,"
                    " judged_at FROM results")
        except sqlite3.IntegrityError:
            pass
        assert store.db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 1


def test_a_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.begin_run(["/x"], J1, 1)
        try:
            with store.transaction():
                store.save_results("aaa", J1, [("", sub("/x/a.docx"))], run)
                store.record_files([("/x/a.docx", 10, 1, "aaa")], run)
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            pass
        assert store.files() == {}
        assert store.complete_hashes(J1) == set()


def test_history_by_path_and_by_school(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run = store.begin_run(["/x"], J1, 1)
        with store.transaction():
            store.save_results("v1", J1, [("", sub("/x/a.docx", "fail"))], run)
            store.record_files([("/x/a.docx", 10, 1, "v1")], run)
        with store.transaction():
            store.save_results("v2", J1, [("", sub("/x/a.docx", "pass"))], run)
            store.record_files([("/x/a.docx", 12, 2, "v2")], run)
            store.save_results("v3", J1, [("", sub("/x/c.docx", "pass", school="第二小学"))], run)
            store.record_files([("/x/c.docx", 12, 2, "v3")], run)
        by_path = store.history("/x/a.docx")
        assert [(r["sha256"], r["status"]) for r in by_path] == [("v1", "fail"), ("v2", "pass")]
        by_school = store.history("第二小学")
        assert [r["path"] for r in by_school] == ["/x/c.docx"]
        assert store.files()["/x/a.docx"].sha256 == "v2"
