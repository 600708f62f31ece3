"""Private scratch folders for copies of submissions (LibreOffice's input, OCR page images).

Every copy lives under one folder per user, ``<tmp>/papercheck-<uid>`` (0700,
checked to be a real folder of ours), in a folder per process named by its pid
and start time, in a folder per job (``job``), removed when the job ends, on
error and on timeout alike. A process killed with -9 cannot clean up: the next
``sweep`` (at the start of every run, and whenever a worker is killed) removes
the folders of processes that no longer exist and kills the LibreOffice
process groups they recorded, so no copy of a school's file outlives the run
that made it.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GROUP_FILE = "process-group"
_folder: tuple[int, Path] | None = None  # (pid, folder): a forked child makes its own


def _uid() -> int:
    return getattr(os, "getuid", lambda: 0)()


def _start_time(pid: int) -> str | None:
    """A live process's start time (clock ticks since boot), to tell it from a later process with the same pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat_line = f.read()
    except OSError:
        return None
    fields = stat_line[stat_line.rindex(b")") + 2:].split()
    if fields[0] in (b"Z", b"X"):
        return None  # dead, not yet reaped (a killed run's worker waits for init to reap it)
    return fields[19].decode()


def root() -> Path:
    """The user's private scratch root, created 0700; refused (a fresh private one used) if anyone else could use it."""
    path = Path(tempfile.gettempdir()) / f"papercheck-{_uid()}"
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != _uid():
        return Path(tempfile.mkdtemp(prefix="papercheck-"))  # someone else's name: not ours to use
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


def folder() -> Path:
    """This process's scratch folder."""
    global _folder
    pid = os.getpid()
    if _folder is None or _folder[0] != pid:
        path = root() / f"proc-{pid}-{_start_time(pid) or 0}"
        path.mkdir(mode=0o700, exist_ok=True)
        _folder = (pid, path)
    return _folder[1]


@contextmanager
def job(prefix: str) -> Iterator[Path]:
    """A private folder (0700) for one job's copies, removed when the job ends however it ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=folder()))
    try:
        yield path
    finally:
        _kill_group(path)
        shutil.rmtree(path, ignore_errors=True)


def record_group(job_folder: Path, pgid: int) -> None:
    """Remember a process group started for a job (LibreOffice forks), so a sweep can end it."""
    (job_folder / GROUP_FILE).write_text(str(pgid), encoding="ascii")


def _kill_group(job_folder: Path) -> None:
    try:
        groups = {int((job_folder / GROUP_FILE).read_text(encoding="ascii"))}
    except (OSError, ValueError):
        # Killed between starting LibreOffice and recording its group: find it by the folder it works in
        # (its profile and the copy are inside the job folder, so the folder is on its command line).
        groups = _groups_using(job_folder)
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (OSError, AttributeError):
            continue
        deadline = time.monotonic() + 5  # SIGKILL lands asynchronously: wait, or it may still write into the folder
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _groups_using(job_folder: Path) -> set[int]:
    """Process groups of processes whose command line names ``job_folder`` (never this process's own)."""
    if not os.path.isdir("/proc") or not hasattr(os, "getpgid"):
        return set()
    needle = os.fsencode(job_folder)
    own = os.getpgid(0)
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if needle in f.read():
                    found.add(os.getpgid(int(entry)))
        except OSError:
            continue
    return found - {own}


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (zombies, which nobody may reap in a container, do not count)."""
    if not os.path.isdir("/proc"):
        return False
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != b"Z":
            return True
    return False


def _alive(pid: int, started: str) -> bool:
    if os.path.isdir("/proc"):
        return _start_time(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep() -> list[Path]:
    """Remove the scratch folders of processes that are gone (and end what they started); what was removed."""
    try:
        base = root()
        entries = list(base.iterdir())
    except OSError:
        return []
    removed = []
    for entry in entries:
        parts = entry.name.split("-")
        if len(parts) != 3 or parts[0] != "proc" or not parts[1].isdigit() or entry.is_symlink():
            continue
        if _alive(int(parts[1]), parts[2]):
            continue
        for job_folder in entry.iterdir() if entry.is_dir() else []:
            _kill_group(job_folder)
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed
