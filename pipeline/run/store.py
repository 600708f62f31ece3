"""The nightly scan's memory: an SQLite file of files seen, results, versions and runs.

WAL journal, foreign keys on, schema migrations in code (``PRAGMA user_version``).
A result is keyed by content (sha256 of the file on disk, plus the member path
inside an archive) and by what judged it (pack name + version, model version),
so a renamed file reuses its result and a new pack or model re-judges. Every
file's results are written in one transaction with its file row: a scan killed
at any moment leaves each file either fully recorded or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from .. import serialize
from ..errors import PapercheckError
from ..model import Review, Submission
from ..names import from_stored, one_line, shown, storable

# retried by the next scan (the server's permissions may have been fixed); other errors are the file's own
TRANSIENT_ERRORS = ("timeout", "crashed", "server")

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        pid INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'running',  -- running, completed, interrupted
        roots TEXT NOT NULL,
        pack TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        model_version TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0,
        new INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        renamed INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        judged INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        duration REAL,
        errors TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        deleted_at TEXT
    );
    CREATE TABLE results (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        member TEXT NOT NULL DEFAULT '',
        member_index INTEGER NOT NULL DEFAULT 0,
        pack TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        model_version TEXT NOT NULL,
        status TEXT NOT NULL,
        doc_type TEXT,
        school TEXT,
        error_kind TEXT,
        submission BLOB NOT NULL,
        judged_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        UNIQUE (sha256, member, pack, pack_version, model_version)
    );
    CREATE INDEX results_school ON results(school);
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id),
        sha256 TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        UNIQUE (file_id, sha256)
    );
    CREATE INDEX versions_sha ON versions(sha256);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: reviewers' decisions, keyed by the file's content and the target (submission, problem:<key>);
    # every import is kept (the latest per content and target applies), with who, when and from where
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        target TEXT NOT NULL,
        decision TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        by TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        path TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX reviews_sha ON reviews(sha256, target);
    CREATE INDEX reviews_path ON reviews(path);
    """,
]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Judge:
    """What a result was judged with: part of its key."""

    pack: str
    pack_version: str
    model_version: str


@dataclass(frozen=True)
class FileRow:
    id: int
    path: str
    size: int
    mtime_ns: int
    sha256: str
    deleted_at: str | None


@dataclass(frozen=True)
class Stored:
    """One current result as the report needs it."""

    result_id: int
    member: str
    submission: Submission


class StateError(PapercheckError):
    """The state file cannot be used: not papercheck's, corrupt (when not recovering), or cannot be written."""


SQLITE_HEADER = b"SQLite format 3\x00"


def state_problem(e: sqlite3.Error, path: Path) -> StateError:
    """A clear message for an SQLite error while using the state (a full disk, most often)."""
    text = str(e)
    hint = "磁盘已满或文件大小受限？" if any(w in text for w in ("full", "I/O", "disk")) else "请检查该文件和所在文件夹"
    return StateError(f"无法写入状态文件 {shown(path)}：{text}（{hint}）；已提交的结果不受影响，问题解决后再运行即可")


class Store:
    """The state file. Opening checks its integrity; with ``recover`` a corrupt one is moved aside.

    A state that cannot be opened or fails ``PRAGMA integrity_check`` is renamed
    ``<state>.corrupt-<date>`` (with its -wal/-shm) and a fresh one started
    (everything is judged again); ``recovered`` then says what happened, for
    the log. A file that is not papercheck's (no SQLite header, no log beside
    it) is never moved: a StateError says so.
    """

    def __init__(self, path: Path, recover: bool = False) -> None:
        self.path = path
        self.recovered = ""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError as e:
            if not recover:
                raise StateError(f"状态文件 {shown(path)} 已损坏或无法读取（{e}）") from None
            self._move_aside(str(e))
            self._open()

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
            self.db.execute("PRAGMA foreign_keys=ON")
            problems = [row[0] for row in self.db.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(problems[:3]))
            self._migrate()
        except BaseException:
            self.db.close()
            raise

    def _move_aside(self, reason: str) -> None:
        """Rename a corrupt state (and its WAL) out of the way, if it is papercheck's."""
        try:
            with open(self.path, "rb") as f:
                ours = f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        except OSError:
            ours = False
        log = self.path.with_name(self.path.name + ".log")
        if not (ours or log.exists()):
            raise StateError(f"{shown(self.path)} 不是 papercheck 的状态文件（{reason}）；没有改动它，请换一个 --state")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("-wal", "-shm", ""):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.rename(aside.with_name(aside.name + suffix))
        self.recovered = (f"state file {shown(self.path)} was corrupt or unreadable ({one_line(reason)}); "
                          f"moved aside to {shown(aside)}; a fresh state was started and every file is judged again")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StateError(f"{shown(self.path)}: state file is from a newer papercheck (schema {version})")
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _statements(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number + 1}")

    def transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # --- runs ----------------------------------------------------------------

    def begin_run(self, roots: Sequence[str], judge: Judge, pid: int) -> int:
        with self.transaction():
            # we hold the lock, so a run still marked running was killed
            self.db.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
            cur = self.db.execute(
                "INSERT INTO runs (started_at, pid, roots, pack, pack_version, model_version) VALUES (?,?,?,?,?,?)",
                (now(), pid, json.dumps(list(roots), ensure_ascii=False), judge.pack, judge.pack_version,
                 judge.model_version),
            )
        return int(cur.lastrowid or 0)

    def end_run(
        self, run_id: int, counts: dict[str, int], duration: float, errors: Sequence[str], status: str = "completed"
    ) -> None:
        cols = ", ".join(f"{k}=?" for k in counts)
        with self.transaction():
            self.db.execute(
                f"UPDATE runs SET {cols}, status=?, ended_at=?, duration=?, errors=? WHERE id=?",
                (*counts.values(), status, now(), duration, json.dumps(list(errors), ensure_ascii=False), run_id),
            )

    # --- files ---------------------------------------------------------------

    def files(self) -> dict[str, FileRow]:
        rows = self.db.execute("SELECT id, path, size, mtime_ns, sha256, deleted_at FROM files")
        return {from_stored(r[1]): FileRow(r[0], from_stored(r[1]), *r[2:]) for r in rows}

    def current_files(self) -> list[tuple[str, str]]:
        """(path, sha256) of every file not deleted, sorted by path."""
        rows = self.db.execute("SELECT path, sha256 FROM files WHERE deleted_at IS NULL")
        return sorted((from_stored(p), sha) for p, sha in rows)

    def complete_hashes(self, judge: Judge) -> set[str]:
        """Contents already judged with this pack and model (transient errors are not final)."""
        rows = self.db.execute(
            f"SELECT sha256, MAX(error_kind IN ({','.join('?' * len(TRANSIENT_ERRORS))})) FROM results"
            " WHERE pack=? AND pack_version=? AND model_version=? GROUP BY sha256",
            (*TRANSIENT_ERRORS, judge.pack, judge.pack_version, judge.model_version),
        )
        return {sha for sha, transient in rows if not transient}

    def record_files(self, seen: Iterable[tuple[str, int, int, str]], run_id: int) -> None:
        """Upsert (path, size, mtime_ns, sha256) rows and their versions, in the current transaction."""
        stamp = now()
        for path, size, mtime_ns, sha in seen:
            file_id = self.db.execute(
                "INSERT INTO files (path, size, mtime_ns, sha256, first_seen, last_seen) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns,"
                " sha256=excluded.sha256, last_seen=excluded.last_seen, deleted_at=NULL RETURNING id",
                (storable(path), size, mtime_ns, sha, stamp, stamp),
            ).fetchone()[0]
            self.db.execute(
                "INSERT INTO versions (file_id, sha256, first_seen, last_seen, run_id) VALUES (?,?,?,?,?)"
                " ON CONFLICT(file_id, sha256) DO UPDATE SET last_seen=excluded.last_seen",
                (file_id, sha, stamp, stamp, run_id),
            )

    def touch_files(self, ids: Iterable[int]) -> None:
        """Mark unchanged files as seen now (one statement per file, no version churn)."""
        stamp = now()
        self.db.executemany("UPDATE files SET last_seen=? WHERE id=?", ((stamp, i) for i in ids))

    def mark_deleted(self, ids: Iterable[int]) -> None:
        stamp = now()
        self.db.executemany("UPDATE files SET deleted_at=? WHERE id=? AND deleted_at IS NULL", ((stamp, i) for i in ids))

    # --- results -------------------------------------------------------------

    def save_results(self, sha256: str, judge: Judge, items: Sequence[tuple[str, dict[str, Any]]], run_id: int) -> None:
        """Store (member, serialised submission) for one file's content, replacing earlier tries."""
        stamp = now()
        self.db.execute("DELETE FROM meta WHERE key LIKE 'reports:%'")  # the reports on disk are now stale
        self.db.execute(
            "DELETE FROM results WHERE sha256=? AND pack=? AND pack_version=? AND model_version=?",
            (sha256, judge.pack, judge.pack_version, judge.model_version),
        )
        for index, (member, data) in enumerate(items):
            errors = data.get("errors") or []
            self.db.execute(
                "INSERT INTO results (sha256, member, member_index, pack, pack_version, model_version, status,"
                " doc_type, school, error_kind, submission, judged_at, run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (sha256, member, index, judge.pack, judge.pack_version, judge.model_version,
                 data.get("status", "error"), data.get("doc_type", "other"), data.get("school"),
                 errors[0].get("kind") if errors else None, serialize.pack_submission(data), stamp, run_id),
            )

    def current(self, paths: Sequence[str], judge: Judge) -> list[tuple[str, list[tuple[int, str, bytes]]]]:
        """For each path (in order): (path, [(result id, member, compressed submission)])."""
        by_sha: dict[str, list[tuple[int, str, bytes]]] = {}
        rows = self.db.execute(
            "SELECT sha256, id, member, submission FROM results WHERE pack=? AND pack_version=? AND model_version=?"
            " AND sha256 IN (SELECT sha256 FROM files WHERE deleted_at IS NULL) ORDER BY sha256, member_index",
            (judge.pack, judge.pack_version, judge.model_version),
        )
        for sha, rid, member, blob in rows:
            by_sha.setdefault(sha, []).append((rid, member, blob))
        shas = dict(self.current_files())
        return [(p, by_sha.get(shas.get(p, ""), [])) for p in paths]

    def current_errors(self, judge: Judge) -> list[tuple[str, str, str, str]]:
        """(path, kind, message, message_en) of every current file (or archive member) that cannot be read.

        Only the rows in error are unpacked, so this stays cheap on a large state.
        """
        rows = self.db.execute(
            "SELECT f.path, r.member, r.submission FROM files f JOIN results r ON r.sha256 = f.sha256"
            " WHERE f.deleted_at IS NULL AND r.status = 'error' AND r.pack=? AND r.pack_version=?"
            " AND r.model_version=? ORDER BY f.path, r.member_index",
            (judge.pack, judge.pack_version, judge.model_version),
        )
        out = []
        for stored, member, blob in rows:
            sub = serialize.unpack_submission(blob)
            err = sub.errors[0] if sub.errors else None
            out.append((from_stored(stored) + member, err.kind if err else "unreadable",
                        err.message if err else "", err.message_en if err else ""))
        return out

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", (key, value))

    # --- reviewers' decisions -------------------------------------------------

    def latest_reviews(self, shas: Iterable[str] | None = None) -> dict[str, list[Review]]:
        """The latest decision per target for each content (all contents, or those in ``shas``), by sha256."""
        rows = self.db.execute(
            "SELECT sha256, target, decision, by, at, note FROM reviews r WHERE id = (SELECT MAX(id) FROM reviews"
            " WHERE sha256 = r.sha256 AND target = r.target) ORDER BY sha256, target = 'submission' DESC, id")
        wanted = set(shas) if shas is not None else None
        out: dict[str, list[Review]] = {}
        for sha, target, decision, by, at, note in rows:
            if wanted is None or sha in wanted:
                out.setdefault(sha, []).append(Review(target, decision, by, at, note))
        return out

    def earlier_reviews(self, current: dict[str, str]) -> dict[str, list[Review]]:
        """Decisions on other contents of the same paths (earlier versions of a file), by path: history only.

        ``current``: path → the sha256 it holds now.
        """
        rows = self.db.execute("SELECT path, sha256, target, decision, by, at, note FROM reviews ORDER BY id")
        out: dict[str, list[Review]] = {}
        for path, sha, target, decision, by, at, note in rows:
            if path in current and current[path] != sha:
                out.setdefault(path, []).append(Review(target, decision, by, at, note, applied=False))
        return out

    def add_reviews(self, decisions: Iterable[Any], source: str = "") -> tuple[int, int]:
        """Store the decisions that differ from the latest on their content and target: (stored, unchanged)."""
        stored = unchanged = 0
        stamp = now()
        with self.transaction():
            for d in decisions:
                row = self.db.execute(
                    "SELECT decision, note, by FROM reviews WHERE sha256=? AND target=? ORDER BY id DESC LIMIT 1",
                    (d.sha256, d.target)).fetchone()
                if row is not None and tuple(row) == (d.decision, d.note, d.by):
                    unchanged += 1
                    continue
                self.db.execute(
                    "INSERT INTO reviews (sha256, target, decision, note, by, at, path, text, source)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (d.sha256, d.target, d.decision, d.note, d.by, stamp, d.path, d.text, source))
                stored += 1
        return stored, unchanged

    def category_corrections(self) -> list[tuple[str, str]]:
        """(problem sentence, category id) of the latest decision on every problem that names a category."""
        rows = self.db.execute(
            "SELECT text, decision FROM reviews r WHERE target LIKE 'problem:%' AND text != '' AND decision != 'not_problem'"
            " AND id = (SELECT MAX(id) FROM reviews WHERE sha256 = r.sha256 AND target = r.target) ORDER BY id")
        return [(text, decision) for text, decision in rows]

    def reviews_version(self) -> int:
        """Changes when a decision is stored (part of the reports' fingerprint)."""
        return int(self.db.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()[0])

    # --- history -------------------------------------------------------------

    def history(self, query: str) -> list[dict[str, Any]]:
        """Versions and verdicts over time of a file path (exact) or a school (name contains query)."""
        rows = self.db.execute("SELECT id FROM files WHERE path=?", (storable(query),)).fetchall()
        if rows:
            where, args = "v.file_id=?", (rows[0][0],)
        else:
            where = "v.sha256 IN (SELECT sha256 FROM results WHERE school LIKE ?)"
            args = (f"%{query}%",)  # type: ignore[assignment]
        cur = self.db.execute(
            "SELECT f.path, f.deleted_at, v.sha256, v.first_seen,"
            " CASE WHEN v.sha256=f.sha256 THEN f.last_seen ELSE v.last_seen END AS last_seen, r.member, r.status, r.doc_type,"
            " r.school, r.error_kind, r.pack, r.pack_version, r.model_version, r.judged_at"
            " FROM versions v JOIN files f ON f.id=v.file_id LEFT JOIN results r ON r.sha256=v.sha256"
            f" WHERE {where} ORDER BY f.path, v.first_seen, v.id, r.judged_at, r.member_index",
            args,
        )
        columns = [d[0] for d in cur.description]
        return [{**dict(zip(columns, row)), "path": from_stored(row[0])} for row in cur]

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur]


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
