"""Ctrl-C and SIGTERM stop a run cleanly: the file being recorded is finished, then the run stops.

Inside ``graceful()`` the first SIGINT or SIGTERM only sets a flag: the batch
engine stops handing out files, lets the result in hand be committed and raises
``Interrupted`` (files still in the workers are left for the next run). The
command then records the run as interrupted, writes its log line and exits 130.
A second signal stops at once (``Interrupted`` raised wherever the program is;
SQLite rolls back a half-written transaction, so the state stays consistent).

Worker processes ignore both signals (the parent decides), so a Ctrl-C in a
terminal, which reaches every process of the foreground group, or systemd's
SIGTERM to the whole service, never turns the file a worker is on into a
"crashed" row.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class _Stop:
    requested = 0  # signals received in the current graceful() block
    signal = ""


_state = _Stop()


class Interrupted(BaseException):
    """The run was stopped by SIGINT or SIGTERM; ``done`` holds what was finished, when the caller has it."""

    def __init__(self, signal_name: str = "", done: Any = None, total: int = 0) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.done = done
        self.total = total


def requested() -> bool:
    """True once a stop was asked for in this ``graceful()`` block."""
    return bool(_state.requested)


def check() -> None:
    """Raise Interrupted when a stop was asked for (the engine calls it between files)."""
    if _state.requested:
        raise Interrupted(_state.signal)


def _signals() -> list[signal.Signals]:
    found = [signal.SIGINT]
    if hasattr(signal, "SIGTERM"):
        found.append(signal.SIGTERM)
    return found


@contextmanager
def graceful(notice: Callable[[str], None] | None = None) -> Iterator[None]:
    """SIGINT and SIGTERM ask the run to stop (``notice`` is told once); a second one stops it at once."""
    def handler(signum: int, frame: object) -> None:
        name = signal.Signals(signum).name
        _state.requested += 1
        _state.signal = name
        if _state.requested > 1:
            raise Interrupted(name)
        if notice is not None:
            notice(name)

    if not _in_main_thread():  # signal handlers can only be set there (a test runner's thread: nothing to do)
        yield
        return
    before = {sig: signal.getsignal(sig) for sig in _signals()}
    _state.requested, _state.signal = 0, ""
    for sig in before:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in before.items():
            signal.signal(sig, old)
        _state.requested, _state.signal = 0, ""


def ignore_in_worker() -> None:
    """In a worker process: the parent handles both signals (and kills workers itself)."""
    for sig in _signals():
        signal.signal(sig, signal.SIG_IGN)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
