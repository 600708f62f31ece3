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
_local = threading.local()


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
    child = _child(pack, limits)
    out: list[tuple[Any, ...]] = []
    for job in jobs:
        if job.data is None:
            if not visible(job):
                out.append(("blind", job.index))
                continue
            out.append(("done", job.index, child.check(job.index, job.source)))
            continue
        from ..ingest import scratch

        with scratch.job("sent-") as tmp:  # the parent's bytes, private to this worker, removed after the file
            copy = tmp / "submission"
            copy.write_bytes(job.data)
            source = replace(job.source, file=copy, link=False)
            out.append(("done", job.index, child.check(job.index, source)))
    return out


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


def _child(pack: Pack, limits: Limits) -> Child:
    key = (pack.name, pack.version, str(pack.root), limits.memory_mb, limits.timeout)
    child: Child | None = getattr(_local, "child", None)
    if child is None or child.key != key:
        if child is not None:
            child.stop()
        child = _local.child = Child(pack, limits, key)
    return child


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

    def check(self, index: int, source: Source) -> dict[str, Any]:
        """The file's serialised submission; a death costs one retry, then a ``crashed`` row."""
        code: int | None = None
        for _attempt in range(2):
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            assert self.proc is not None
            try:
                self.send.send((index, source))
                answered = self.recv.poll(self.limits.timeout)
                if answered:
                    return dict(self.recv.recv()[2])
            except (EOFError, OSError):  # the child died: its pipe closed
                answered = True
            if not answered:  # alive and past its time: a timeout, not tried again
                self.kill()
                error = ReadTimeout(source.path, f"> {self.limits.timeout:g} s")
                return serialize.submission_to_dict(error_submission(source.path, error))
            try:
                code = self.proc.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            self.kill()
        crashed = ReaderCrashed(source.path, _exit_reason(code))
        return serialize.submission_to_dict(error_submission(source.path, crashed))

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

    batch._die_with_parent(parent_pid)
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
        index, source = task
        send.send(("done", index, batch._check(source, pack, in_worker=True)))


if __name__ == "__main__":
    _serve(*(int(a) for a in sys.argv[1:5]))
