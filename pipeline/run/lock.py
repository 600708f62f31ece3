"""One scan at a time per state file: an exclusive flock on ``<state>.lock``.

The kernel drops a flock when the holding process dies (kill -9 included), so a
lock left by a dead scan is simply taken over; there is no stale-pid guessing.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PapercheckError

_held: list[int] = []  # fds of locks this process holds, closed in forked workers


class AlreadyRunning(PapercheckError):
    """Another scan holds the lock on this state file."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        self.lock_path = lock_path
        self.holder = holder
        who = f" (pid {holder})" if holder else ""
        super().__init__(f"another scan is already running on this state file{who}; lock: {lock_path}")


def lock_path_for(state: Path) -> Path:
    return state.with_name(state.name + ".lock")


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """Hold the lock for the block, or raise AlreadyRunning at once (never waits)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise AlreadyRunning(lock_path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held.append(fd)
        try:
            yield
        finally:
            _held.remove(fd)
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


def close_inherited() -> None:
    """In a forked child: drop our copies of the parent's lock fds.

    The lock lives on the shared open file description, so this does not release
    the parent's lock; it only ensures a worker outliving its parent holds nothing.
    """
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()
