"""One scan at a time per state file, and one report writer at a time per --out: a file lock.

The lock is the ``filelock`` package's native lock: ``flock`` on Linux and macOS,
``LockFileEx`` on Windows. The system drops it when the holding process dies
(kill -9 included), so a lock left by a dead scan is simply taken over; there is
no stale-pid guessing. The holder's pid is written into the lock file, only to
be named in the "already running" message. filelock also closes a lock's
descriptor in a forked worker, so a worker outliving its parent holds nothing.

Where the platform has neither (no ``fcntl``, not Windows), the fallback is
filelock's soft lock: a marker file beside the lock path holding the holder's pid
and host, created exclusively and removed on release; a marker whose process is
gone (on this host) is taken over. It is weaker than a kernel lock: a holder on
another host that died leaves a marker someone must remove by hand.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

with warnings.catch_warnings():  # "only soft file lock is available": said in doctor and the docs, not on every run
    warnings.simplefilter("ignore")
    import filelock
    from filelock import BaseFileLock, FileLock, SoftFileLock, Timeout

from ..errors import PapercheckError


class AlreadyRunning(PapercheckError):
    """Another scan holds the lock on this state file."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        self.lock_path = lock_path
        self.holder = holder
        who = f" (pid {holder})" if holder else ""
        super().__init__(f"another scan is already running on this state file{who}; lock: {lock_path}")


def lock_path_for(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


def holder(lock_path: Path) -> str:
    """The pid the holder wrote into the lock file ("" when unknown)."""
    if not NATIVE:
        pid = SoftFileLock(soft_marker(lock_path)).pid
        return str(pid) if pid else ""
    try:
        with open(lock_path, "rb") as f:
            return f.read(32).decode("ascii", "replace").strip()
    except OSError:
        return ""


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode())


NATIVE = filelock.has_fcntl or sys.platform == "win32"


def soft_marker(lock_path: Path) -> Path:
    """The soft lock's marker: beside lock_path, since it is removed on release and lock_path may matter."""
    return lock_path.with_name(lock_path.name + ".soft-lock")


def file_lock(lock_path: Path, *, on_acquired: Callable[[int], None] = _write_pid) -> BaseFileLock:
    """A lock on lock_path; ``acquire(timeout=S)`` raises filelock's Timeout after S seconds.

    ``on_acquired`` is given the lock file's descriptor once the lock is ours (by
    default it writes our pid). The file is kept on release: others may be waiting on it.
    Without a kernel lock, filelock's soft lock on ``soft_marker(lock_path)`` (it records the pid itself).
    """
    if not NATIVE:
        return SoftFileLock(soft_marker(lock_path), poll_interval=0.2, thread_local=False)
    return FileLock(lock_path, poll_interval=0.2, preserve_lock_file=True, on_acquired=on_acquired, thread_local=False)


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold the scan's lock for the block, or raise AlreadyRunning at once (never waits)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = file_lock(lock_path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise AlreadyRunning(lock_path, holder(lock_path)) from None
    try:
        yield
    finally:
        try:
            os.truncate(lock_path, 0)  # no pid left behind for a later message to name
        except OSError:
            pass
        lock.release()
