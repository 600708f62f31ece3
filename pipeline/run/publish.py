"""Putting reports into ``--out``: only over files papercheck owns, one writer at a time, never half a report.

A folder papercheck writes reports to holds the REPORTS_MARKER file; its
report.json, report.xlsx, report.csv and report/ are papercheck's. A folder
without the marker that already holds one of those names is someone else's
(a school's own report.xlsx): papercheck refuses it before any work starts, and
refuses an ``--out`` that is a folder being checked, or holds one, or is a folder
of submissions inside one. Writers of the same ``--out`` take turns on an flock
of the marker (a second one waits up to WAIT seconds, then stops with a clear
message); each writes into a staging folder of its own (named by its run id,
holding STAGING_MARKER), fsyncs it and renames each report into place. A
staging folder left by a killed writer is removed by the next writer, which
holds the lock, so it cannot be anyone's live one; a folder without the
staging marker is never touched.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .. import names
from ..errors import PapercheckError
from ..ingest import REPORT_NAMES, REPORTS_MARKER
from . import lock

STAGING_PREFIX = ".papercheck-staging-"
STAGING_MARKER = ".papercheck-staging"
WAIT = 60.0  # seconds a second writer waits for the first to finish publishing
MARKER_TEXT = "papercheck wrote report.json, report.xlsx, report.csv and report/ here.\n"


class OutRefused(PapercheckError):
    """--out would overwrite or hide files papercheck did not write."""


class OutBusy(PapercheckError):
    """Another papercheck is publishing reports into the same --out."""


def run_id() -> str:
    """A name no other run shares: time, process and a random part."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}"


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _foreign_reports(out: Path) -> list[str]:
    """Report names in an unmarked folder: files papercheck would overwrite without having written them."""
    if not out.is_dir() or (out / REPORTS_MARKER).exists():
        return []
    return sorted(name for name in REPORT_NAMES if os.path.lexists(out / name))


def check_out(out_dir: Path, roots: Sequence[Path], json_path: Path | None = None) -> None:
    """Refuse, before any work, an --out (or --json) that would overwrite, delete or hide someone else's files."""
    out = _real(out_dir)
    shown = names.shown(out_dir)
    if out.exists() and not out.is_dir():
        raise OutRefused(f"--out {shown} 是一个文件，不是文件夹；请换一个文件夹存放报告")
    for root in roots:
        real = _real(root)
        if real.is_dir() and _inside(real, out):
            what = "就是" if real == out else "包含"
            raise OutRefused(f"--out {shown} {what}被检查的文件夹 {names.shown(root)}：报告会写进学校提交的材料里。"
                             f"请换一个不在其中的文件夹（例如 {names.shown(real.parent / '检查结果')}）")
        if real.is_file() and _inside(real, out) and real.relative_to(out).parts[0] in REPORT_NAMES:
            raise OutRefused(f"要检查的文件 {names.shown(root)} 在 --out {shown} 中，会被报告覆盖；请换一个 --out 文件夹")
        if real.is_dir() and _inside(out, real) and out.is_dir() and any(out.iterdir()) \
                and not (out / REPORTS_MARKER).exists():
            raise OutRefused(f"--out {shown} 是被检查文件夹中已有内容的文件夹，不是 papercheck 建的报告文件夹；"
                             "为避免覆盖或漏查其中的材料，请换一个新文件夹")
    foreign = _foreign_reports(out)
    if foreign:
        raise OutRefused(f"--out {shown} 中已有不是 papercheck 生成的 {', '.join(foreign)}；为避免覆盖，"
                         "没有写入任何报告。请换一个 --out 文件夹")
    if json_path is not None:
        target = _real(json_path)
        if any(_real(r) == target for r in roots):
            raise OutRefused(f"--json {names.shown(json_path)} 是要检查的文件，会被覆盖")
        if target.exists() and not is_json_report(target):
            raise OutRefused(f"--json {names.shown(json_path)} 已存在，且不是 papercheck 写的报告；为避免覆盖，请换一个文件名")


def is_json_report(path: Path) -> bool:
    """True when path holds a JSON report papercheck wrote (its first keys say so)."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and b'"pack"' in head and b'"generated_at"' in head


@contextmanager
def _writing(out: Path, wait: float) -> Iterator[None]:
    """Hold --out's marker locked: one writer at a time (a dead writer's lock goes with its process)."""
    from filelock import Timeout

    def mark(fd: int) -> None:
        if os.fstat(fd).st_size == 0:
            os.write(fd, MARKER_TEXT.encode())

    marker = out / REPORTS_MARKER
    writer = lock.file_lock(marker, on_acquired=mark)
    try:
        writer.acquire(timeout=wait)
    except Timeout:
        raise OutBusy(f"另一个 papercheck 正在向 {names.shown(out)} 写报告，等待 {wait:g} 秒后仍未结束；"
                      "请稍后再运行，或换一个 --out 文件夹") from None
    try:
        if not lock.NATIVE:  # the soft lock is a marker of its own: write ours by hand
            fd = os.open(marker, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                mark(fd)
            finally:
                os.close(fd)
        yield
    finally:
        writer.release()


def publish(write: Callable[[Path], list[Path]], out_dir: Path, *, wait: float = WAIT) -> list[Path]:
    """Write reports into this run's staging folder in out_dir, fsync them, then rename each into place.

    A file is replaced by one rename (atomic); a report that is a folder is
    swapped with two renames, the old copy removed with the staging folder.
    Raises OutRefused for a folder holding reports papercheck did not write,
    OutBusy when another writer holds out_dir for longer than ``wait`` seconds.
    """
    foreign = _foreign_reports(out_dir)
    if foreign:
        raise OutRefused(f"--out {names.shown(out_dir)} 中已有不是 papercheck 生成的 {', '.join(foreign)}；"
                         "为避免覆盖，没有写入任何报告")
    out_dir.mkdir(parents=True, exist_ok=True)
    with _writing(out_dir, wait):
        _remove_stale_staging(out_dir)
        staging = out_dir / f"{STAGING_PREFIX}{run_id()}"
        staging.mkdir()
        (staging / STAGING_MARKER).write_text(f"{os.getpid()}\n", encoding="utf-8")
        try:
            written = write(staging)
            for entry in staging.iterdir():
                _fsync_tree(entry)
            _fsync(staging)
            final = []
            for p in written:
                try:
                    final.append(out_dir / Path(p).resolve().relative_to(staging.resolve()))
                except ValueError:  # a writer that wrote elsewhere
                    final.append(Path(p))
            for entry in sorted(staging.iterdir()):
                if entry.name == STAGING_MARKER or entry.name.startswith(".old-"):
                    continue
                target = out_dir / entry.name
                if entry.name not in REPORT_NAMES and os.path.lexists(target):
                    raise OutRefused(f"{names.shown(target)} 已存在，不是 papercheck 的报告；没有覆盖它")
                if entry.is_dir() and target.is_dir() and not target.is_symlink():
                    target.rename(staging / f".old-{entry.name}")  # removed with the staging folder
                    entry.rename(target)
                else:
                    os.replace(entry, target)
            _fsync(out_dir)
            return final
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of writers that died (we hold the lock: none is live); only ones we marked."""
    for entry in out_dir.iterdir():
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink() \
                and (entry / STAGING_MARKER).is_file():
            shutil.rmtree(entry, ignore_errors=True)


def _fsync_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            _fsync_tree(child)
    _fsync(path)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def probe_writable(folder: Path) -> None:
    """Create ``folder`` if needed and a file in it, then remove the file: an OSError now, not after the work.

    A check of 500 files used to find an unwritable --out only when the reports
    were written, at the very end.
    """
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(prefix=".papercheck-probe-", dir=folder)
    os.close(fd)
    os.unlink(probe)
