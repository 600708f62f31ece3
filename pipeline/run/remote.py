"""What runs on a Dask worker: the identity check, and files judged in a supervised child process.

A Dask task is a list of files. The worker thread that runs it checks that its
papercheck, pack and model versions equal the parent's (``VersionRefused``
otherwise), then hands the files one at a time to a child process of its own
(``python -m pipeline.run.remote``), started once per worker thread and kept
for the next task: the child loads jieba and the models once, runs with the
same memory cap as a local worker, and is killed when a file overruns
``--timeout``. A child that dies on a file is replaced and the file tried once
more; a second death is one ``crashed`` row, as is a timeout.

A file reaches the child by its path, when this machine sees it with the size
and modification time the parent saw, or as bytes the parent sent, written to
the private scratch folder for the time of the file (archive members are read
from that copy, never unpacked by the parent). A path this machine does not see
is answered ``blind`` and the parent sends the bytes.

A child is a plain subprocess, not multiprocessing: Dask worker processes are
daemons, which multiprocessing does not let have children.

Test hook (worker environment): ``PAPERCHECK_TEST_BLIND_ON=<substring>`` makes
this machine not see paths containing the substring (a share not mounted here).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .. import serialize
from ..errors import PapercheckError, ReaderCrashed, ReadTimeout
from ..ingest import Source
from ..judge.rulepack import Pack
from . import identity
from .batch import Limits, _exit_reason, error_submission

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # without the [cluster] extra nothing here runs
    WorkerPlugin = object  # type: ignore[assignment, misc]


class VersionRefused(PapercheckError):
    """This worker's papercheck, pack or model differs from the parent's: it judges nothing."""


@dataclass(frozen=True)
class Job:
    """One file for a worker: by path (``size``/``mtime`` as the parent saw them) or with its bytes."""

    index: int
    source: Source
    size: int = -1
    mtime: int = -1  # whole seconds: shares keep them, not always the nanoseconds
    data: bytes | None = None


# --- the task, in a Dask worker thread ------------------------------------------------------

_identities: dict[tuple[str, str, str], dict[str, str]] = {}
_packs: dict[str, Pack] = {}  # the packs of the runs this worker serves, by plugin name
_refusals: dict[str, str] = {}  # by plugin name: why this worker refuses the run ("" when it does not)


class PackPlugin(WorkerPlugin):
    """Brings the run's pack to every worker, including one that starts or restarts during the run.

    A worker whose papercheck, pack and model versions equal the parent's gets a
    Dask resource named after the run, one unit per thread; the run's tasks
    require it, so a worker that differs never gets one (``refusal`` says why).
    """

    def __init__(self, name: str, pack: Pack, expected: dict[str, str]) -> None:
        self.name, self.pack, self.expected = name, pack, expected

    async def setup(self, worker: Any) -> None:
        _packs[self.name] = self.pack
        differ = identity.differences(self.expected, worker_identity(self.pack))
        _refusals[self.name] = "; ".join(differ)
        if not differ:
            await worker.set_resources(**{self.name: worker.state.nthreads})

    async def teardown(self, worker: Any) -> None:
        _packs.pop(self.name, None)
        if not _refusals.pop(self.name, "x"):
            await worker.set_resources(**{self.name: 0})


def refusal(name: str) -> str:
    """Why this worker refused the run's tasks (its versions differ), or "" when it takes them."""
    return _refusals.get(name, "the run's pack did not reach this worker")


def worker_identity(pack: Pack) -> dict[str, str]:
    """This machine's identity for the pack (cached per process: a pack's files do not change under a run)."""
    key = (pack.name, pack.version, str(pack.root))
    if key not in _identities:
        try:
            _identities[key] = identity.identity(pack)
        except OSError as e:  # the pack folder is not on this machine
            _identities[key] = {"papercheck": identity.code_version(), "pack": f"missing ({e.strerror})",
                                "model": "none"}
    return _identities[key]


def check_files(pack_name: str, expected: dict[str, str], limits: Limits, jobs: list[Job]) -> list[tuple[Any, ...]]:
    """The Dask task: ``("done", index, submission dict)`` or ``("blind", index)`` for each job.

    ``pack_name`` names the PackPlugin that brought the run's pack to this worker.
    """
    pack = _packs.get(pack_name)
    if pack is None:
        raise PapercheckError(f"the run's pack did not reach this worker ({pack_name})")
    differ = identity.differences(expected, worker_identity(pack))
    if differ:
        raise VersionRefused("; ".join(differ))
    out: list[tuple[Any, ...]] = []
    with _child(pack, limits) as child:
        for job in jobs:
            if job.data is None and not visible(job):
                out.append(("blind", job.index))
                continue
            with _on_disk(job) as source:
                out.append(("done", job.index, _judge(child, job, source, pack_name, expected, limits)))
    return out


@contextmanager
def _on_disk(job: Job) -> Iterator[Source]:
    """The job's source as this machine reads it: by path, or the parent's bytes in the private scratch folder."""
    if job.data is None:
        yield job.source
        return
    from ..ingest import scratch

    with scratch.job("sent-") as tmp:  # removed after the file, however it ends
        copy = tmp / "submission"
        copy.write_bytes(job.data)
        yield replace(job.source, file=copy, link=False)


def _judge(child: Child, job: Job, source: Source, pack_name: str, expected: dict[str, str],
           limits: Limits) -> dict[str, Any]:
    """One file's serialised submission; a scan with several pages to OCR has them OCRed as tasks of their own."""
    reply = child.ask(("file", job.index, source, True, None), source.path)
    if reply[0] == "pages":
        given = _ocr_elsewhere(job, reply[2], pack_name, expected, limits)
        reply = child.ask(("file", job.index, source, False, given), source.path)  # None: OCR them here after all
    return dict(reply[2])


def _ocr_elsewhere(job: Job, pages: list[int], pack_name: str, expected: dict[str, str],
                   limits: Limits) -> dict[int, tuple[Any, Any]] | None:
    """Each page OCRed by a task of its own, on any worker; None when any of them failed (the file's child
    then OCRs every page itself, so an error is the error the file gives when read in one piece)."""
    from distributed import worker_client

    try:
        with worker_client() as client:  # leaves this task's thread to the page tasks while it waits
            data = client.scatter(job.data, hash=False) if job.data is not None else None
            # no resource restriction: the file's task keeps its unit while it waits, and a page task on a
            # worker with other versions answers "failed" (then the file is read in one piece)
            futures = [client.submit(ocr_page, pack_name, expected, limits, replace(job, data=None), data, page,
                                     key=f"papercheck-page-{job.index}-{page}-{os.urandom(3).hex()}", pure=False)
                       for page in pages]
            answers = client.gather(futures)
    except Exception:  # noqa: BLE001 — a lost worker, a refusal: reading the file in one piece still works
        return None
    if any(a[0] != "ok" for a in answers):
        return None
    return {page: (a[1], a[2]) for page, a in zip(pages, answers)}


def ocr_page(pack_name: str, expected: dict[str, str], limits: Limits, job: Job, data: bytes | None,
             page: int) -> tuple[Any, ...]:
    """The Dask task for one page of a split scan: ``("ok", PageLayout, PageImage)`` or ``("failed", why)``."""
    pack = _packs.get(pack_name)
    if pack is None or identity.differences(expected, worker_identity(pack)):
        return ("failed", "refused")
    job = replace(job, data=data)
    if data is None and not visible(job):
        return ("failed", "blind")
    with _on_disk(job) as source, _child(pack, limits) as child:
        reply = child.ask(("page", job.index, source, page), source.path)
    return tuple(reply[2]) if reply[0] == "page" else ("failed", "the child failed")


def visible(job: Job) -> bool:
    """Whether this machine sees the file the parent saw (same size and modification time)."""
    blind = os.environ.get("PAPERCHECK_TEST_BLIND_ON")
    if blind and blind in str(job.source.file):
        return False
    try:
        st = os.stat(job.source.file) if job.source.link else os.lstat(job.source.file)
    except OSError:
        return False
    return st.st_size == job.size and int(st.st_mtime) == job.mtime


def probe(samples: list[tuple[str, int, int]]) -> list[bool]:
    """For each (path, size, mtime) the parent sampled: does this machine see that file?"""
    return [visible(Job(-1, Source(path=p, file=Path(p), link=True), size, mtime)) for p, size, mtime in samples]


_idle: list[Child] = []  # children not in use, for the next task of any thread of this worker
_idle_lock = threading.Lock()


@contextmanager
def _child(pack: Pack, limits: Limits) -> Iterator[Child]:
    """A child for this thread's task: an idle one with the same pack and limits, else a new one.

    Children belong to the worker process, not to a thread: Dask runs a seceded task's page tasks on
    threads it starts for the time being, and a child started once serves every later task.
    """
    key = (pack.name, pack.version, str(pack.root), limits.memory_mb, limits.timeout)
    with _idle_lock:
        child = next((c for c in _idle if c.key == key), None)
        if child is not None:
            _idle.remove(child)
    if child is None:
        child = Child(pack, limits, key)
    try:
        yield child
    finally:
        with _idle_lock:
            _idle.append(child)
            stale = list(dict.fromkeys([c for c in _idle if c.key != key] + _idle[:-MAX_IDLE]))
            for c in stale:
                _idle.remove(c)
        for c in stale:
            c.stop()


MAX_IDLE = 8


class Child:
    """A supervised child process that judges files one at a time for this worker thread."""

    def __init__(self, pack: Pack, limits: Limits, key: tuple[Any, ...]) -> None:
        self.pack, self.limits, self.key = pack, limits, key
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> None:
        from_parent, to_child = os.pipe()  # (read end, write end)
        from_child, to_parent = os.pipe()
        memory = self.limits.memory_mb or 0
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.run.remote", str(from_parent), str(to_parent), str(memory),
             str(os.getpid())],
            pass_fds=(from_parent, to_parent), stdin=subprocess.DEVNULL, close_fds=True,
        )
        os.close(from_parent)
        os.close(to_parent)
        self.send = Connection(to_child, readable=False)
        self.recv = Connection(from_child, writable=False)
        self.send.send_bytes(pickle.dumps(self.pack))
        if not self.recv.poll(self.limits.warm_up_timeout):
            self.kill()
            raise PapercheckError("a papercheck child process did not start in time on this worker")
        try:
            msg = self.recv.recv()
        except (EOFError, OSError):
            self.kill()
            raise PapercheckError("a papercheck child process could not start on this worker") from None
        if msg[0] != "ready":
            self.kill()
            raise PapercheckError(f"a papercheck child process could not start: {msg[1]}")

    def ask(self, task: tuple[Any, ...], path: str) -> tuple[Any, ...]:
        """The child's reply to a task; a death costs one retry, then a ``crashed`` row (``("done", index, row)``
        like a file's reply), as does a timeout (not retried)."""
        code: int | None = None
        for _attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            assert self.proc is not None
            try:
                self.send.send(task)
                answered = self.recv.poll(self.limits.timeout)
                if answered:
                    return tuple(self.recv.recv())
            except (EOFError, OSError):  # the child died: its pipe closed
                answered = True
            if not answered:  # alive and past its time: a timeout, not tried again
                self.kill()
                error = ReadTimeout(path, f"> {self.limits.timeout:g} s")
                return ("done", task[1], serialize.submission_to_dict(error_submission(path, error)))
            try:
                code = self.proc.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            self.kill()
        crashed = ReaderCrashed(path, _exit_reason(code))
        return ("done", task[1], serialize.submission_to_dict(error_submission(path, crashed)))

    def kill(self) -> None:
        from ..ingest import scratch

        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(5)
            for conn in (self.send, self.recv):
                conn.close()
            self.proc = None
            scratch.sweep()  # its copies of the file and the LibreOffice it may have started

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.send.send(None)
                self.proc.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


# --- the child process -------------------------------------------------------------------------

def _serve(read_fd: int, write_fd: int, memory_mb: int, parent_pid: int) -> None:
    from . import batch, interrupt

    _exit_with_parent(parent_pid)
    interrupt.ignore_in_worker()  # the Dask worker decides
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if memory_mb:
        batch.cap_memory(memory_mb)
    recv = Connection(read_fd, writable=False)
    send = Connection(write_fd, readable=False)
    pack: Pack = pickle.loads(recv.recv_bytes())
    try:
        batch.initialise(pack)
    except BaseException as e:  # noqa: BLE001 — reported to the worker thread, which fails the task
        send.send(("init-error", f"{type(e).__name__}: {e}"))
        return
    send.send(("ready",))
    while True:
        try:
            task = recv.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        send.send(_answer(task, pack))


def _exit_with_parent(parent_pid: int) -> None:
    """End this child when its Dask worker is gone (not PR_SET_PDEATHSIG: that fires when the *thread* that
    started the child ends, and Dask's threads come and go)."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _answer(task: tuple[Any, ...], pack: Pack) -> tuple[Any, ...]:
    """In the child: ``("file", index, source, split, given)`` or ``("page", index, source, page)``."""
    from ..ingest.ocr import PAGE_SPLIT, PagesWanted
    from . import batch

    if task[0] == "page":
        _, index, source, page = task
        return ("page", index, _one_page(source, page))
    _, index, source, split, given = task
    PAGE_SPLIT.split, PAGE_SPLIT.given = split, given or {}
    try:
        return ("done", index, batch._check(source, pack, in_worker=True))
    except PagesWanted as e:
        return ("pages", index, e.pages)
    finally:
        PAGE_SPLIT.split, PAGE_SPLIT.given = False, {}


def _one_page(source: Source, page: int) -> tuple[Any, ...]:
    from .. import ingest
    from ..ingest.pdf import ocr_one_page

    try:
        layout, image = ocr_one_page(ingest.load(source), source.path, page)
    except Exception as e:  # noqa: BLE001 — the file's own read (in one piece) reports what went wrong
        return ("failed", f"{type(e).__name__}: {e}"[:200])
    return ("ok", layout, image)


if __name__ == "__main__":
    _serve(*(int(a) for a in sys.argv[1:5]))
