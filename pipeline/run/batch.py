"""The batch engine: discovery, a supervised pool of worker processes, then the batch-level work.

Each worker process initialises the expensive things once (jieba, the model:
``judge.warm_up``), then checks one file at a time. The parent sends a worker
one file, watches its wall-clock deadline and its process, and kills and
replaces a worker that overruns or dies: that file becomes one ``error``
submission (``timeout`` / ``crashed``) and the run goes on. The memory cap is
an RLIMIT_AS set in each worker, so an allocation beyond it fails inside the
worker instead of taking the machine down. Results cross the pipe as plain
dicts (pipeline.serialize), cheap to pickle.

Test hooks (read by worker processes only, never set in production):
``PAPERCHECK_TEST_HANG_ON=<substring>`` makes a worker hang forever on paths
containing the substring; ``PAPERCHECK_TEST_CRASH_ON=<substring>`` makes it
die with SIGKILL; ``PAPERCHECK_TEST_HOG_ON=<substring>`` makes it allocate
64 GB (a MemoryError under the cap); ``PAPERCHECK_TEST_SLOW_EACH=<seconds>``
makes every file take that much longer (to kill a scan mid-run in tests);
``PAPERCHECK_TEST_SLOW_ON=<substring>:<seconds>`` only the files whose path contains the substring;
``PAPERCHECK_TEST_ON_RESULT=<file>`` makes the parent append a line to the
file for each result it receives (so a test knows when to interrupt a check).
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from .. import ingest, isolate, names, serialize
from ..errors import InputError, PapercheckError, ReaderCrashed, ReadTimeout, TooLargeFile
from ..ingest import Source
from ..judge.rulepack import Pack
from ..judge.verdict import check_source
from ..model import Status, Submission
from . import interrupt


@dataclass(frozen=True)
class Limits:
    """Per-file limits, enforced from outside the file's worker."""

    timeout: float = 300.0  # wall-clock seconds per file (OCR of a long scan is slow)
    memory_mb: int | None = 4096  # address-space cap per worker process; None = no cap
    warm_up_timeout: float = 300.0


DEFAULT_LIMITS = Limits()


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class ProgressLike(Protocol):
    """What run() tells about its progress (pipeline.run.progress.Progress fits)."""

    def start(self, total: int | None) -> None: ...

    def advance(self, item: str = "", n: int = 1) -> None: ...


def run(
    paths: Iterable[Path], pack: Pack, workers: int | None = None, *, limits: Limits = DEFAULT_LIMITS,
    isolate: bool = True, progress: ProgressLike | None = None, follow_symlinks: bool = False,
    cluster: str | None = None, warn: Callable[[str, str], None] | None = None, exclude: Iterable[str] = (),
) -> list[Submission]:
    """Check every submission under paths; the result is in discovery order, peers applied.

    Files are read in supervised worker processes, even with ``workers=1``, so
    the memory cap and the timeout hold in every mode; ``isolate=False`` reads
    them in this process instead (for debugging: no cap, no timeout).
    ``cluster`` (a Dask scheduler's address) reads them on its workers instead
    (pipeline.run.cluster; ``warn(zh, en)`` is told of workers left out).
    ``progress`` is told of each file as it completes.
    """
    sources = list(ingest.discover(paths, follow_symlinks, exclude))  # exclude: the roster, when it lies among them
    if progress is not None:
        progress.start(len(sources))
    found: list[Submission | None] = [None] * len(sources)
    try:
        for index, data in process(sources, pack, workers, limits=limits, isolate=isolate, cluster=cluster,
                                   warn=warn):
            found[index] = serialize.submission_from_dict(data)
            if progress is not None:
                progress.advance(sources[index].path)
    except interrupt.Interrupted as stop:  # hand the caller what was finished, peers applied
        stop.done, stop.total = finish([s for s in found if s is not None], pack), len(sources)
        raise
    return finish([s for s in found if s is not None], pack)


def finish(submissions: Sequence[Submission], pack: Pack) -> list[Submission]:
    """The batch-level work over every submission: near-duplicate peers, then the rules that read them
    and the rules that compare a school's documents with each other."""
    from ..judge.verdict import rejudge
    from ..office.roster import normalise
    from ..understand.similarity import apply_peers

    peered = apply_peers(submissions, pack)
    by_school: dict[str, list[Submission]] = {}
    for sub in peered:
        if sub.school:
            by_school.setdefault(normalise(sub.school), []).append(sub)

    def school_documents(sub: Submission) -> list[Submission]:
        return [o for o in by_school.get(normalise(sub.school or ""), []) if o is not sub] if sub.school else []

    return [rejudge(sub, pack, school_documents(sub)) for sub in peered]


def process(
    sources: Sequence[Source], pack: Pack, workers: int | None = None, *, limits: Limits = DEFAULT_LIMITS,
    isolate: bool = True, cluster: str | None = None, warn: Callable[[str, str], None] | None = None,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index into sources, serialised submission) for every source, in completion order."""
    workers = default_workers() if workers is None else max(1, workers)
    if not sources:
        return
    from ..ingest import scratch

    scratch.sweep()  # copies left by a run that was killed (kill -9 leaves no chance to clean up)
    if cluster:
        from . import cluster as dask_cluster

        yield from dask_cluster.process(sources, pack, cluster, limits, warn)
        return
    if not isolate:
        initialise(pack)
        for i, source in enumerate(sources):
            interrupt.check()
            yield i, _check(source, pack, in_worker=False)
        return
    note = os.environ.get("PAPERCHECK_TEST_ON_RESULT")
    for item in _Pool(pack, min(workers, len(sources)), limits).map(sources):
        if note:
            with open(note, "a", encoding="utf-8") as f:
                f.write(f"{item[0]}\n")
        yield item


# --- in the worker -------------------------------------------------------------

_initialised: set[tuple[str, str]] = set()


def initialise(pack: Pack) -> None:
    """Load what every file needs (jieba, the model) once per process."""
    key = (pack.name, pack.version)
    if key in _initialised:
        return
    from ..judge import verdict as judge

    warm_up = getattr(judge, "warm_up", None)
    if warm_up is not None:
        warm_up(pack)
    _initialised.add(key)


def _check(source: Source, pack: Pack, in_worker: bool) -> dict[str, Any]:
    try:
        if in_worker:
            _test_hooks(source)
        sub = check_source(source, pack)
    except InputError as e:
        sub = error_submission(source.path, e)
    except MemoryError:
        sub = error_submission(source.path, TooLargeFile(source.path, "memory limit"))
    except Exception as e:  # noqa: BLE001 — a bug in a stage must cost one file, not the run
        sub = error_submission(source.path, ReaderCrashed(source.path, f"{type(e).__name__}: {e}"[:200]))
    return names.clean_data(serialize.submission_to_dict(sub))  # no control character reaches a report


def _test_hooks(source: Source) -> None:
    hang = os.environ.get("PAPERCHECK_TEST_HANG_ON")
    if hang and hang in source.path:
        while True:
            time.sleep(3600)
    slow = os.environ.get("PAPERCHECK_TEST_SLOW_EACH")
    if slow:
        time.sleep(float(slow))
    slow_on, _, seconds = os.environ.get("PAPERCHECK_TEST_SLOW_ON", "").rpartition(":")
    if slow_on and slow_on in source.path:
        time.sleep(float(seconds))
    hog = os.environ.get("PAPERCHECK_TEST_HOG_ON")
    if hog and hog in source.path:
        bytearray(64 * 1024 * 1024 * 1024)  # far beyond any memory cap: MemoryError
    crash = os.environ.get("PAPERCHECK_TEST_CRASH_ON")
    if crash and crash in source.path:
        os.kill(os.getpid(), signal.SIGKILL)


def error_submission(path: str, error: InputError, sha256: str = "") -> Submission:
    """The row of a file that could not be read; its school from the file name, when that names one."""
    from ..understand.metadata import school_in_path

    school = school_in_path(path)
    return Submission(path=path, sha256=sha256, status=Status.ERROR.value, errors=(error.to_file_error(),),
                      school=school, school_from="filename" if school else None)


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this worker when the parent dies (kill -9 of a scan leaves no orphans)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def cap_memory(memory_mb: int) -> bool:
    """Cap this process's address space at memory_mb (RLIMIT_AS); False where the platform has no such limit.

    Windows has no RLIMIT_AS (no ``resource`` module): there a file is bounded only by
    the caps checked before reading (file size, pages, pixels, archive budget) and
    by --timeout; ``papercheck doctor`` says which applies.
    """
    try:
        import resource
    except ImportError:
        return False
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return True


def _worker_main(conn: Connection, pack: Pack, memory_mb: int | None, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    interrupt.ignore_in_worker()  # Ctrl-C and SIGTERM are the parent's to handle
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # one core per worker: the pool is the parallelism
    if memory_mb:
        cap_memory(memory_mb)
    try:
        initialise(pack)
    except BaseException as e:  # noqa: BLE001 — reported to the parent, which stops the run
        conn.send(("init-error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, source = task
        conn.send(("done", index, _check(source, pack, in_worker=True)))


# --- in the parent -------------------------------------------------------------


class _Worker:
    """A worker process and the files sent to it, oldest (the one it is on) first."""

    def __init__(self, pack: Pack, limits: Limits) -> None:
        ctx = isolate.context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, pack, limits.memory_mb, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.inflight: deque[tuple[int, Source]] = deque()
        self.deadline = time.monotonic() + limits.warm_up_timeout

    @property
    def busy(self) -> bool:
        return bool(self.inflight) or not self.ready

    def send(self, index: int, source: Source, timeout: float) -> None:
        if not self.inflight:
            self.deadline = time.monotonic() + timeout
        self.inflight.append((index, source))
        self.conn.send((index, source))

    def finished(self, timeout: float) -> None:
        """The oldest file is done; the clock starts for the next (late, if anything: never early)."""
        self.inflight.popleft()
        if self.inflight:
            self.deadline = time.monotonic() + timeout

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        self.kill()


class _Pool:
    """A few worker processes, each watched against the deadline of the file it is on.

    Each worker has up to PREFETCH files queued so it never waits for the
    parent between files; the deadline of a queued file starts when the parent
    sees the one before it finish, so queueing never shortens a file's time.
    """

    PREFETCH = 2
    TICK = 0.5  # seconds between looks at the stop flag

    def __init__(self, pack: Pack, size: int, limits: Limits) -> None:
        self.pack = pack
        self.size = size
        self.limits = limits

    def map(self, sources: Sequence[Source]) -> Iterator[tuple[int, dict[str, Any]]]:
        from ..ingest import scratch

        timeout = self.limits.timeout
        todo = deque(enumerate(sources))
        left = len(sources)
        workers = [_Worker(self.pack, self.limits) for _ in range(self.size)]
        try:
            while left:
                interrupt.check()  # a stop was asked for: what was yielded is the caller's, the rest waits
                for w in workers:
                    while w.ready and len(w.inflight) < self.PREFETCH and todo:
                        w.send(*todo.popleft(), timeout)
                busy = [w for w in workers if w.busy]
                # woken at least twice a second to notice a stop (a signal does not end the wait: PEP 475)
                wait_for = min(self.TICK, max(0.0, min(w.deadline for w in busy) - time.monotonic())) \
                    if busy else self.TICK
                ready = set(wait([w.conn for w in workers] + [w.proc.sentinel for w in workers], wait_for))
                for w in list(workers):
                    outcome = None
                    while outcome is None and (w.conn in ready or w.conn.poll()):
                        ready.discard(w.conn)
                        try:
                            msg = w.conn.recv()
                        except (EOFError, OSError):
                            outcome = "crashed"
                            break
                        if msg[0] == "ready":
                            w.ready = True
                        elif msg[0] == "init-error":
                            raise PapercheckError(f"a worker could not start: {msg[1]}")
                        else:
                            w.finished(timeout)
                            left -= 1
                            yield msg[1], msg[2]
                    if outcome is None and w.proc.sentinel in ready and not w.conn.poll():
                        outcome = "crashed"
                    elif outcome is None and w.busy and w.deadline <= time.monotonic():
                        outcome = "timeout"
                    if outcome is None:
                        continue
                    if not w.ready:
                        raise PapercheckError(f"a worker could not start ({outcome})")
                    w.kill()
                    scratch.sweep()  # its copies of the file and the LibreOffice it may have started
                    if w.inflight:
                        index, source = w.inflight.popleft()
                        todo.extendleft(reversed(w.inflight))  # queued behind it: not their fault
                        error: InputError
                        if outcome == "timeout":
                            error = ReadTimeout(source.path, f"> {timeout:g} s")
                        else:
                            error = ReaderCrashed(source.path, _exit_reason(w.proc.exitcode))
                        left -= 1
                        yield index, serialize.submission_to_dict(error_submission(source.path, error))
                    workers.remove(w)
                    if todo:
                        workers.append(_Worker(self.pack, self.limits))
        finally:
            for w in workers:
                w.kill() if w.inflight else w.stop()


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"
