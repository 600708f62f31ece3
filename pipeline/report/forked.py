"""One report written in a forked copy of this process while the others are written here.

The spreadsheet is the slowest report (about half the time of all of them); once the files
are judged the workers are idle, so it is written on another core at the same time as the
JSON, CSV and HTML. The fork shares the submissions copy-on-write (nothing is pickled but
the written path, or the exception to raise here). Where fork is unsafe or missing (other
threads running, e.g. a Dask client; Windows) or the batch is small, everything is written here.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import PapercheckError

FROM = 200  # submissions: below this the fork costs more than it saves


def usable(count: int) -> bool:
    """Whether to fork for a batch of ``count`` submissions."""
    return count >= FROM and hasattr(os, "fork") and threading.active_count() == 1


class Forked:
    """``write()`` running in a child process; ``result()`` waits for its path or raises its exception."""

    def __init__(self, write: Callable[[], Path]) -> None:
        from multiprocessing import get_context

        ctx = get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(write, send, os.getpid()), daemon=True)
        self._proc.start()
        send.close()

    def result(self) -> Path:
        try:
            outcome: tuple[str, Any] = self._recv.recv()
        except (EOFError, OSError):
            outcome = ("died", None)
        finally:
            self._recv.close()
            self._proc.join()
        if outcome[0] == "ok":
            return Path(outcome[1])
        if outcome[0] == "error":
            raise outcome[1]
        raise PapercheckError(f"the process writing a report stopped (exit status {self._proc.exitcode})")

    def kill(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()


def _child(write: Callable[[], Path], send: Connection, parent: int) -> None:
    from ..run import batch, interrupt

    batch._die_with_parent(parent)
    interrupt.ignore_in_worker()  # Ctrl-C is the parent's to handle
    try:
        send.send(("ok", str(write())))
    except BaseException as e:  # noqa: BLE001 — raised again in the parent, as if written there
        try:
            send.send(("error", e))
        except Exception:  # noqa: BLE001 — an exception that does not pickle
            send.send(("error", PapercheckError(f"{type(e).__name__}: {e}")))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
