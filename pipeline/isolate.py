"""Run one risky function in a child process with a memory cap and a deadline.

Used where the parent itself would otherwise touch a submission's content
(listing a nested archive while discovering files): whatever the content does,
the parent only learns a result or that the child failed.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Failed(Exception):
    """The child died, ran out of memory or time; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def address_space_kb() -> int:
    """This process's virtual memory size (VmSize), 0 when unknown."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cap_memory(extra_mb: int) -> None:
    """Cap this process's address space at its current size plus extra_mb (RLIMIT_AS).

    No cap where the platform has no RLIMIT_AS (Windows) or the current size is
    unknown (no /proc): the child's deadline still holds.
    """
    try:
        import resource
    except ImportError:
        return
    current = address_space_kb() * 1024
    if not current:
        return
    limit = current + extra_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def context() -> Any:
    """The multiprocessing context for workers: fork where the platform has it, spawn elsewhere (Windows).

    ``PAPERCHECK_START_METHOD=spawn`` forces spawn, so the Windows way is tested on Linux.
    """
    from multiprocessing import get_all_start_methods, get_context

    method = os.environ.get("PAPERCHECK_START_METHOD") or ("fork" if "fork" in get_all_start_methods() else "spawn")
    return get_context(method)


def call(fn: Callable[..., T], *args: Any, memory_mb: int = 1024, timeout: float = 60.0) -> T:
    """fn(*args) computed in a forked child; its exceptions come back as they are, anything else as Failed."""
    ctx = context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, memory_mb), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise Failed("timeout" if proc.is_alive() else "crashed")
        try:
            ok, value = receive.recv()
        except (EOFError, OSError) as e:
            raise Failed("crashed") from e
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        receive.close()
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _child(send: Any, fn: Callable[..., Any], args: tuple[Any, ...], memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        cap_memory(memory_mb)
        result: tuple[bool, Any] = (True, fn(*args))
    except MemoryError:
        result = (False, Failed("memory"))
    except Exception as e:  # noqa: BLE001 — sent to the parent, which decides
        result = (False, e)
    try:
        send.send(result)
    except Exception:  # noqa: BLE001 — an unpicklable error: say only that it failed
        send.send((False, Failed(type(result[1]).__name__)))
    send.close()
    os._exit(0)
