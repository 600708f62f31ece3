"""The nightly scan: judge only what changed, keep every result in the state file, refresh the reports.

A file whose size and mtime match the state is not opened at all; one whose
stat moved is hashed, and unchanged content is not judged again (a renamed or
copied file reuses its result by hash). New content goes through the batch
engine and each file's results are committed as they arrive. The reports are
then rebuilt from the state for every current file under the scanned folders,
written into a staging folder and moved into place with rename, so a reader
sees the old reports or the new ones, never half of either.
"""

from __future__ import annotations

import hashlib
import json
import logging
import logging.handlers
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import ingest, names, serialize
from ..ingest import folders
from ..judge.rulepack import Pack
from ..model import Submission
from ..office import desk
from ..office.desk import Office
from . import batch, interrupt, lock
from .publish import check_out, publish
from .store import Judge, Store, state_problem

Log = Callable[[str], None]


@dataclass
class ScanSummary:
    run_id: int = 0
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    renamed: int = 0
    deleted: int = 0
    judged: int = 0
    failed: int = 0
    duration: float = 0.0
    reports: list[Path] = field(default_factory=list)
    reports_current: bool = False  # nothing changed and the reports on disk already say so
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # every current file that cannot be read, judged in this run or before: (path, kind, message, message_en);
    # it stays here, in the reports and in the exit code until the file changes
    unreadable: list[tuple[str, str, str, str]] = field(default_factory=list)
    interrupted: bool = False  # stopped by SIGINT/SIGTERM: counts so far, reports not refreshed
    imported: int = 0  # reviewers' decisions read back from the report in --out before it was replaced

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("seen", "new", "changed", "unchanged", "renamed", "deleted", "judged",
                                               "failed")}

    def line(self, lang: str = "zh") -> str:
        """The run in one line, for the log and stderr (``lang``: zh or en)."""
        c = self.counts()
        if lang == "en":
            text = ", ".join(f"{v} {k}" for k, v in c.items())
            reports = "reports unchanged" if self.reports_current else f"{len(self.reports)} reports written"
            if self.interrupted:
                reports = "interrupted, reports not refreshed"
            return (f"scan run {self.run_id}: {text}; {len(self.unreadable)} unreadable in all; {reports}; "
                    f"{self.duration:.2f} s")
        words = {"seen": "发现", "new": "新增", "changed": "改动", "unchanged": "未变", "renamed": "改名",
                 "deleted": "删除", "judged": "检查", "failed": "无法读取"}
        text = "，".join(f"{words[k]} {v}" for k, v in c.items())
        reports = "报告未变" if self.reports_current else f"写出报告 {len(self.reports)} 份"
        if self.interrupted:
            reports = "已中断，报告未刷新"
        return (f"扫描第 {self.run_id} 次：{text}；当前共 {len(self.unreadable)} 个文件无法读取；{reports}；"
                f"用时 {self.duration:.2f} 秒")


def model_version(pack: Pack) -> str:
    """The version of the pack's classifier (detector + categoriser), part of every result's key.

    Read from the model files' headers: the parent never loads a model just for its version.
    """
    from .identity import model_version as version

    return version(pack)


def walk(roots: Sequence[Path], follow_symlinks: bool = False, exclude: Sequence[str] = ()) -> list[folders.Entry]:
    """Every entry under roots in discovery order (as ingest.discover), absolute; no file is opened."""
    return folders.walk([os.path.abspath(r) for r in roots], follow_symlinks, exclude)


def file_sha256(entry: folders.Entry) -> str:
    """The content's hash; for a file not to be opened (or that cannot be), a key for this path and stat."""
    st = entry.stat
    stamp = f"{st.st_size}:{st.st_mtime_ns}" if st else "0:0"
    where = hashlib.sha256(os.fsencode(entry.path) + entry.detail.encode()).hexdigest()[:16]
    if entry.refused:
        return f"refused:{entry.refused}:{where}:{stamp}"
    h = hashlib.sha256()
    try:
        with ingest.open_submission(entry.path, entry.path, follow=entry.link) as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except ingest.InputError:
        return f"unreadable:{where}:{stamp}"  # judged (as an error) until its stat moves
    return h.hexdigest()


def scan(
    roots: Sequence[Path], pack: Pack, state: Path, out_dir: Path, *, workers: int | None = None,
    limits: batch.Limits = batch.DEFAULT_LIMITS, log: Log | None = None, follow_symlinks: bool = False,
    lang: str = "zh", report_lang: str = "zh", progress: batch.ProgressLike | None = None, cluster: str | None = None,
    office: Office | None = None,
) -> ScanSummary:
    """One scan run under the state file's lock (raises lock.AlreadyRunning when another holds it).

    ``cluster``: a Dask scheduler's address; the files are judged on its workers (pipeline.run.cluster).
    ``office``: a roster and letters; reviewers' decisions typed into out_dir's report.xlsx are
    imported into the state before anything else (and the reports show every stored decision).

    A corrupt state is moved aside and a fresh one started (a warning in the log
    says so); an SQLite error while using it (a full disk) is a StateError with a
    clear message, the state left as its last commit.

    ``lang`` is the language of the log line and warnings, ``report_lang`` that of the reports.
    ``progress`` is told how many files are to be judged and of each as it is committed.
    """
    started = time.monotonic()
    check_out(out_dir, roots)
    summary = ScanSummary()
    try:
        with lock.exclusive(lock.lock_path_for(state)):
            try:
                with Store(state, recover=True) as store:
                    if store.recovered:
                        summary.warnings.append(store.recovered)
                    _run(store, roots, pack, out_dir, workers, limits, summary, follow_symlinks, started,
                         lang, report_lang, progress, cluster, office or Office())
            except sqlite3.Error as e:
                raise state_problem(e, state) from None
    except interrupt.Interrupted:
        _log_run(state, summary, lang, log)  # an interrupted run has its line too
        raise
    _log_run(state, summary, lang, log)
    return summary


def log_path(state: Path) -> Path:
    """The scan's log: ``<state>.log`` beside the state file."""
    return state.with_name(state.name + ".log")


def _log_run(state: Path, summary: ScanSummary, lang: str, log: Log | None) -> None:
    """The run's line (and its warnings) appended to the log file, and told to ``log`` (stderr)."""
    line = summary.line(lang)
    logger = logging.getLogger("papercheck.scan")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the file only; stderr is the caller's to decide
    # WatchedFileHandler reopens the file when logrotate has moved it, so no copytruncate is needed
    handler = logging.handlers.WatchedFileHandler(log_path(state), encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
    logger.addHandler(handler)
    try:
        logger.info(line)
        for warning in summary.warnings:
            logger.warning("  warning: %s", warning)
    finally:
        logger.removeHandler(handler)
        handler.close()
    if log:
        log(line)


def _run(
    store: Store, roots: Sequence[Path], pack: Pack, out_dir: Path, workers: int | None, limits: batch.Limits,
    summary: ScanSummary, follow_symlinks: bool, started: float, lang: str = "zh", report_lang: str = "zh",
    progress: batch.ProgressLike | None = None, cluster: str | None = None, office: Office | None = None,
) -> None:
    """The run's row in the state around the scan itself; a failed run is recorded as failed if the state allows."""
    judge = Judge(pack.name, pack.version, model_version(pack))
    office = office or Office()
    summary.run_id = store.begin_run([names.shown(os.path.abspath(r)) for r in roots], judge, os.getpid())
    try:
        desk.import_pending(out_dir, pack, store, office)  # decisions typed into last night's report come first
        summary.imported = office.imported
        summary.warnings.extend(office.warnings)
        _scan(store, roots, pack, judge, out_dir, workers, limits, summary, follow_symlinks, lang, report_lang, progress,
              cluster, office)
        under = [os.path.abspath(r) for r in roots]
        summary.unreadable = [e for e in store.current_errors(judge) if any(_inside(e[0], u) for u in under)]
    except BaseException as e:
        summary.duration = time.monotonic() - started
        stopped = isinstance(e, interrupt.Interrupted)
        summary.interrupted = stopped
        what = f"interrupted by {e}" if stopped else f"run failed: {type(e).__name__}: {e}"
        summary.errors.append(names.one_line(what))
        summary.errors.extend(summary.warnings)
        try:
            if stopped:  # what the run finished is committed; its unreadable files are still to be shown
                under = [os.path.abspath(r) for r in roots]
                summary.unreadable = [e for e in store.current_errors(judge) if any(_inside(e[0], u) for u in under)]
            store.end_run(summary.run_id, summary.counts(), summary.duration, summary.errors,
                          status="interrupted" if stopped else "failed")
        except sqlite3.Error:
            pass  # the disk is full: the run stays 'running' and the next run marks it interrupted
        raise
    summary.duration = time.monotonic() - started
    store.end_run(summary.run_id, summary.counts(), summary.duration, [*summary.warnings, *summary.errors])


def _scan(
    store: Store, roots: Sequence[Path], pack: Pack, judge: Judge, out_dir: Path, workers: int | None,
    limits: batch.Limits, summary: ScanSummary, follow_symlinks: bool = False, lang: str = "zh",
    report_lang: str = "zh", progress: batch.ProgressLike | None = None, cluster: str | None = None,
    office: Office | None = None,
) -> None:
    office = office or Office()
    known = store.files()
    done = store.complete_hashes(judge)
    seen = walk(roots, follow_symlinks, office.exclude)
    entries = {e.path: e for e in seen}
    summary.seen = len(seen)
    touched: list[int] = []  # unchanged files, only last_seen moves
    restat: list[tuple[str, int, int, str]] = []  # unchanged content, new stat or path
    todo: list[tuple[str, int, int, str]] = []  # to judge
    moved_here: set[str] = set()  # contents that appeared under a new path
    for entry in seen:
        path, st = entry.path, entry.stat or os.stat_result((0,) * 10)
        row = known.get(path)
        current = row is not None and row.deleted_at is None
        if current and row.size == st.st_size and row.mtime_ns == st.st_mtime_ns:  # type: ignore[union-attr]
            sha = row.sha256  # type: ignore[union-attr]
            summary.unchanged += 1
            if sha in done:
                touched.append(row.id)  # type: ignore[union-attr]
                continue
        else:
            try:
                sha = file_sha256(entry)
            except FileNotFoundError:  # vanished since the walk
                summary.seen -= 1
                continue
            if current and sha == row.sha256:  # type: ignore[union-attr]
                summary.unchanged += 1
            elif current:
                summary.changed += 1
            elif sha in done:
                summary.renamed += 1
                moved_here.add(sha)
            else:
                summary.new += 1
        (restat if sha in done else todo).append((path, st.st_size, st.st_mtime_ns, sha))

    seen_paths = set(entries)
    under = [os.path.abspath(r) for r in roots]
    vanished = [  # an unmounted share looks like an empty folder: never take that as "all deleted"
        root for root in under
        if not any(_inside(p, root) for p in seen_paths)
        and any(r.deleted_at is None and _inside(r.path, root) for r in known.values())
    ]
    for root in vanished:
        under.remove(root)
        summary.warnings.append(
            f"{names.shown(root)}: no files found (not mounted?); nothing marked deleted, reports kept" if lang == "en"
            else f"{names.shown(root)}：一个文件都没有找到（没有挂载？）；没有把文件记为删除，报告保持不变")
    gone = [
        r for r in known.values()
        if r.deleted_at is None and r.path not in seen_paths and any(_inside(r.path, u) for u in under)
    ]
    # the old path of a renamed file is marked deleted but counted as renamed, not deleted
    summary.deleted = sum(1 for r in gone if r.sha256 not in moved_here)
    with store.transaction():
        store.touch_files(touched)
        store.record_files(restat, summary.run_id)
        store.mark_deleted(r.id for r in gone)

    if todo:
        _judge(store, todo, entries, pack, judge, workers, limits, summary, progress, cluster, lang)

    if vanished:
        summary.reports_current = True  # last night's reports are a better answer than empty ones
        return
    _write_reports(store, [e.path for e in seen], pack, judge, out_dir, summary, report_lang, office)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _judge(
    store: Store, todo: list[tuple[str, int, int, str]], entries: dict[str, folders.Entry], pack: Pack, judge: Judge,
    workers: int | None, limits: batch.Limits, summary: ScanSummary, progress: batch.ProgressLike | None = None,
    cluster: str | None = None, lang: str = "zh",
) -> None:
    """Run the engine over the files to judge, committing each file's results as soon as all are in."""
    sources: list[ingest.Source] = []
    owner: list[int] = []  # source index → todo index
    for k, (path, *_rest) in enumerate(todo):
        try:
            found = list(ingest.sources(entries[path]))
        except OSError:
            found = [ingest.Source(path=names.shown(path), file=Path(path))]
        sources.extend(found)
        owner.extend([k] * len(found))
    waiting = [0] * len(todo)
    for k in owner:
        waiting[k] += 1
    got: list[dict[int, dict]] = [{} for _ in todo]
    with store.transaction():  # files with nothing to judge in them (an empty archive)
        store.record_files([todo[k] for k in range(len(todo)) if waiting[k] == 0], summary.run_id)
    summary.judged = sum(1 for w in waiting if w)
    if progress is not None:
        progress.start(len(sources))

    def warn(zh: str, en: str) -> None:
        summary.warnings.append(en if lang == "en" else zh)

    for index, data in batch.process(sources, pack, workers, limits=limits, isolate=True, cluster=cluster, warn=warn):
        k = owner[index]
        got[k][index] = data
        if progress is not None:
            progress.advance(sources[index].path)
        if data.get("status", "error") == "error":  # defaults are left out of the dict
            summary.failed += 1
            err = (data.get("errors") or [{}])[0]
            if len(summary.errors) < 100:
                summary.errors.append(names.one_line(
                    f"{sources[index].path}: [{err.get('kind')}] {err.get('message_en', '')}"))
        waiting[k] -= 1
        if waiting[k]:
            continue
        path, _size, _mtime_ns, sha = todo[k]
        items = [(_member(sources[i], path), got[k][i]) for i in sorted(got[k])]
        with store.transaction():
            store.save_results(sha, judge, items, summary.run_id)
            store.record_files([todo[k]], summary.run_id)
        got[k].clear()


def _member(source: ingest.Source, file_path: str) -> str:
    shown = names.shown(file_path)
    return source.path[len(shown):] if source.path.startswith(shown) else ""


def _write_reports(
    store: Store, paths: list[str], pack: Pack, judge: Judge, out_dir: Path, summary: ScanSummary, lang: str = "zh",
    office: Office | None = None,
) -> None:
    office = office or Office()
    out = os.path.abspath(out_dir)
    roster = office.roster
    roster_stamp = [roster.path, os.stat(roster.path).st_mtime_ns if os.path.exists(roster.path) else 0] if roster else []
    fingerprint = hashlib.sha256(
        json.dumps([out, pack.name, pack.version, judge.model_version, paths, store.current_files(), lang,
                    store.reviews_version(), roster_stamp, office.letters, time.strftime("%Y-%m-%d")]).encode()
    ).hexdigest()
    key = f"reports:{names.shown(out)}"
    previous = json.loads(store.get_meta(key) or "{}")
    if (summary.judged == 0 and previous.get("fingerprint") == fingerprint
            and all(os.path.exists(p) for p in previous.get("paths", ["-"]))):
        summary.reports_current = True
        summary.reports = [Path(p) for p in previous["paths"]]
        return
    submissions: list[Submission] = []
    for path, stored in store.current(paths, judge):
        for _rid, member, blob in stored:
            sub = serialize.unpack_submission(blob)
            shown = names.shown(path) + member
            if sub.path != shown:  # renamed or copied: the result was judged under another name
                doc = sub.document and replace(sub.document, path=shown)
                sub = replace(sub, path=shown, document=doc)
            submissions.append(sub)
    submissions = desk.decide(batch.finish(submissions, pack), store, pack)
    schools = desk.school_view(submissions, pack, office)
    summary.reports = publish(lambda staging: desk.write_reports(submissions, pack, staging, office, lang=lang,
                                                                 home=Path(out), progress=schools), Path(out))
    with store.transaction():
        store.set_meta(key, json.dumps({"fingerprint": fingerprint, "paths": [str(p) for p in summary.reports]}))
