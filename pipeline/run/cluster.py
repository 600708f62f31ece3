"""Checking on a Dask cluster (``--cluster tcp://HOST:8786``): the per-file work on the workers.

This process keeps what must be single: discovery, the scan's state and lock,
peers and the reports. It connects to the scheduler, asks every worker for its
papercheck, pack and model versions (a worker that differs is left out and
named; when none is left the run is refused), checks whether the workers see
the files at the paths this process sees (a sample of them, at the start), then
sends the files in small tasks (``remote.check_files``) and yields each result
as it arrives, so ``scan`` commits them file by file exactly as with the local
pool.

Files reach a worker by path on a shared mount, or as bytes from this process
when the workers do not see them (up to MAX_SENT_BYTES; a larger file is a
``too_large`` row that says why). Per-file limits hold on the worker (see
``remote``). A task whose worker is lost is rescheduled by Dask (the
scheduler's ``allowed-failures``); if it still fails, each of its files is tried
once more on its own, then is one ``crashed`` row.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import ingest, serialize
from ..errors import ClusterError, InputError, ReaderCrashed, TooLargeToSend, UnsupportedFile
from ..ingest import Source
from ..judge.rulepack import Pack
from . import identity, interrupt, remote
from .batch import Limits, _check, error_submission

MAX_SENT_BYTES = 64 * 1024 * 1024
CHUNK = 8  # files per task, when they are small: a Dask task costs about a millisecond of overhead
SMALL = 1024 * 1024  # larger files (and scans, old Word files) go alone: they are slow anyway
ALONE = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".doc", ".wps", ".zip"})
SAMPLES = 16  # files probed at the start to decide whether the workers share this machine's paths
CONNECT_TIMEOUT = 20.0
TICK = 0.5  # seconds between looks at the stop flag


Warn = Callable[[str, str], None]  # (Chinese, English): a worker left out, files sent as bytes




@dataclass
class _Item:
    index: int
    source: Source
    send: bool = False  # as bytes: the workers do not see the path
    lost: int = 0  # times a worker was lost while it had this file


@dataclass
class _Task:
    items: list[_Item]
    deadline: float


class Cluster:
    """A connection to a Dask scheduler and the workers fit to judge with this process's pack."""

    def __init__(self, address: str, pack: Pack, limits: Limits, warn: Warn | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError("使用 --cluster 需要安装 Dask：pip install 'papercheck[cluster]'",
                               "--cluster needs Dask: pip install 'papercheck[cluster]'") from None
        self.address, self.pack, self.limits = address, pack, limits
        self.warn: Warn = warn or (lambda zh, en: None)
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise ClusterError(f"无法连接集群调度器 {address}：{e}（请检查地址，以及 dask scheduler 是否在运行）",
                               f"cannot reach the Dask scheduler at {address}: {e} (is dask scheduler running?)") from None
        try:
            self.workers = self._fit_workers()
            self.threads = sum(n for w, n in self.client.nthreads().items() if w in self.workers) or 1
        except BaseException:
            self.close()
            raise

    def _fit_workers(self) -> list[str]:
        """The workers whose versions equal ours; the others are named (or the run refused when none is left)."""
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"集群 {self.address} 没有工作机（dask worker 没有启动？）",
                               f"the Dask scheduler at {self.address} has no worker (is dask worker running?)") from None
        self.identity = identity.identity(self.pack)
        self.pack_name = f"papercheck-{os.getpid()}-{os.urandom(4).hex()}"  # also the Dask resource tasks need
        self.client.register_plugin(remote.PackPlugin(self.pack_name, self.pack, self.identity), name=self.pack_name)
        found = self.client.run(remote.refusal, self.pack_name, on_error="return")
        fit, refused = [], []
        for worker, why in sorted(found.items()):
            if isinstance(why, BaseException):
                refused.append(f"{worker}: {type(why).__name__}: {why}")
            elif why:
                refused.append(f"{worker}: {why}")
            else:
                fit.append(worker)
        if not fit:
            listed = " | ".join(refused)
            raise ClusterError(f"集群的工作机全部拒绝：它们的 papercheck、规则包或模型版本与本机不同（本机 / 工作机）：{listed}；"
                               "请在每台工作机上安装与本机相同的 papercheck 和规则包",
                               "every worker refused: its papercheck, pack or model differs from this machine's "
                               f"(here / there): {listed}; install the same papercheck and packs on every worker")
        for r in refused:
            self.warn(f"工作机版本与本机不同，没有使用（本机 / 工作机）：{r}",
                      f"worker left out, versions differ (here / there): {r}")
        return fit

    def shared(self, sources: Sequence[Source]) -> bool:
        """Whether every worker sees a sample of the files at the same paths, sizes and times."""
        files = [s for s in sources if not s.refused]
        step = max(1, len(files) // SAMPLES)
        samples = []
        for s in files[::step][:SAMPLES]:
            try:
                st = os.stat(s.file)
            except OSError:
                continue
            samples.append((os.path.abspath(s.file), st.st_size, int(st.st_mtime)))
        if not samples:
            return True
        seen = self.client.run(remote.probe, samples, workers=self.workers, on_error="return")
        ok = all(not isinstance(v, BaseException) and all(v) for v in seen.values())
        if not ok:
            where, cap = os.path.dirname(samples[0][0]), _mb(MAX_SENT_BYTES)
            self.warn(f"工作机在相同路径下看不到 {where}：文件通过网络发送（每个不超过 {cap}）",
                      f"the workers do not see {where} at this path: files are sent over the network "
                      f"(up to {cap} each)")
        return ok

    def close(self) -> None:
        """Take the run's pack off the workers and disconnect (quietly, when the connection already broke)."""
        with contextlib.suppress(Exception):
            if getattr(self, "pack_name", None):
                self.client.unregister_worker_plugin(self.pack_name)
        with contextlib.suppress(Exception):
            self.client.close()

    def process(self, sources: Sequence[Source]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(index into sources, serialised submission) for every source, in completion order."""
        send_all = not self.shared(sources)
        todo: deque[_Item] = deque()
        for i, source in enumerate(sources):
            if source.refused:  # a row without opening anything: no need for a worker
                yield i, _check(source, self.pack, in_worker=False)
                continue
            todo.append(_Item(i, replace(source, file=Path(os.path.abspath(source.file))), send=send_all))
        running: dict[Any, _Task] = {}
        finished = threading.Event()  # set by Dask's callback thread whenever a task ends
        try:
            while todo or running:
                interrupt.check()
                while todo and len(running) < 2 * self.threads:
                    submitted, rows = self._submit(todo)
                    yield from rows
                    if submitted is not None:
                        running[submitted[0]] = submitted[1]
                        submitted[0].add_done_callback(lambda _future: finished.set())
                if not running:
                    continue
                finished.wait(TICK)
                finished.clear()
                now = time.monotonic()
                for future in list(running):
                    task = running[future]
                    if future.done():
                        del running[future]
                        yield from self._collect(future, task, todo)
                    elif now > task.deadline:  # the worker hangs as a whole: count it as lost
                        del running[future]
                        future.cancel()
                        yield from self._lost(task, todo, "no answer in time")
        finally:
            for future in running:
                future.cancel()

    def _submit(self, todo: deque[_Item]) -> tuple[tuple[Any, _Task] | None, list[tuple[int, dict[str, Any]]]]:
        """The next task (the files of a chunk) and the rows of files that cannot be sent."""
        items: list[_Item] = []
        jobs: list[remote.Job] = []
        rows: list[tuple[int, dict[str, Any]]] = []
        sent: dict[Path, bytes] = {}  # one read (and one copy in the message) for members of the same archive
        while todo and len(items) < CHUNK:
            item = todo[0]
            alone = item.lost > 0 or not _small(item.source)
            if items and alone:
                break
            todo.popleft()
            try:
                job = self._job(item, sent)
            except InputError as e:
                rows.append((item.index, serialize.submission_to_dict(error_submission(item.source.path, e))))
                continue
            except OSError as e:
                error = UnsupportedFile(item.source.path, e.strerror or str(e))
                rows.append((item.index, serialize.submission_to_dict(error_submission(item.source.path, error))))
                continue
            items.append(item)
            jobs.append(job)
            if alone:
                break
        if not items:
            return None, rows
        future = self.client.submit(remote.check_files, self.pack_name, self.identity, self.limits, jobs,
                                    resources={self.pack_name: 1}, pure=False, key=f"papercheck-{items[0].index}-{os.urandom(4).hex()}")
        budget = 2 * len(items) * self.limits.timeout + self.limits.warm_up_timeout + 60
        return (future, _Task(items, time.monotonic() + budget)), rows

    def _job(self, item: _Item, sent: dict[Path, bytes]) -> remote.Job:
        source = item.source
        if not item.send:
            st = os.stat(source.file)
            return remote.Job(item.index, source, st.st_size, int(st.st_mtime))
        data = sent.get(source.file)
        if data is None:
            with ingest.open_submission(source.file, source.path, follow=source.link) as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_SENT_BYTES:
                    raise TooLargeToSend(source.path, f"集群的工作机看不到这个文件所在的文件夹，而文件有 {_mb(size)}，"
                                                      f"超过通过网络发送的上限 {_mb(MAX_SENT_BYTES)}")
                data = sent[source.file] = f.read(size + 1)
        return remote.Job(item.index, source, data=data)

    def _collect(self, future: Any, task: _Task, todo: deque[_Item]) -> Iterator[tuple[int, dict[str, Any]]]:
        if future.status != "finished":
            from distributed.comm.core import CommClosedError
            from distributed.scheduler import KilledWorker

            error = future.exception() if future.status == "error" else None
            if isinstance(error, remote.VersionRefused):
                raise ClusterError(f"一台工作机拒绝检查：它的版本与本机不同：{error}",
                                   f"a worker refused: its versions differ from this machine's: {error}")
            if error is not None and not isinstance(error, (KilledWorker, CommClosedError)):
                raise ClusterError(f"集群的工作机出错：{type(error).__name__}: {error}",
                                   f"a worker failed: {type(error).__name__}: {error}")
            yield from self._lost(task, todo, f"{type(error).__name__}: {error}" if error else future.status)
            return
        by_index = {item.index: item for item in task.items}
        for answer in future.result():
            if answer[0] == "done":
                yield answer[1], answer[2]
            else:  # "blind": this worker does not see the path after all
                todo.appendleft(replace(by_index[answer[1]], send=True))

    def _lost(self, task: _Task, todo: deque[_Item], why: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """A task whose worker was lost: each file once more on its own, then a ``crashed`` row."""
        for item in reversed(task.items):
            if item.lost == 0:
                todo.appendleft(replace(item, lost=1))
                continue
            error = ReaderCrashed(item.source.path, f"工作机在处理时失联，重试后仍失联（{why}）"[:200])
            yield item.index, serialize.submission_to_dict(error_submission(item.source.path, error))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.3g} MB"


def _small(source: Source) -> bool:
    """A file that shares a task with others (archive members too, read from their archive's one copy)."""
    name = (source.member[-1] if source.member else source.file.name).lower()
    if os.path.splitext(name)[1] in ALONE:
        return False
    try:
        return os.stat(source.file).st_size < SMALL
    except OSError:
        return True


def process(sources: Sequence[Source], pack: Pack, address: str, limits: Limits,
            warn: Warn | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every source judged on the cluster at ``address``; ``warn`` is told of workers left out and unshared paths."""
    cluster = Cluster(address, pack, limits, warn)
    try:
        yield from cluster.process(sources)
    finally:
        cluster.close()
