"""The Dask executor against a LocalCluster of 2 worker processes (localhost only).

Worker-side test hooks are set in the workers' environment when the cluster
starts: ``crash-me`` files kill the child judging them, ``slow-`` files take 4 s,
and paths containing ``blind-share`` are not visible to the workers (a share
not mounted on them), so they must be sent as bytes.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import zipfile
from pathlib import Path

import distributed
import docx
import pytest
from click.testing import CliRunner

from cli import main
from pipeline import serialize
from pipeline.errors import ClusterError
from pipeline.judge.rulepack import load_pack
from pipeline.run import batch, cluster, identity, remote

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def pack():
    return load_pack("sanzhao-2013")


@pytest.fixture(scope="module")
def dask_cluster():
    import dask

    env = {"PAPERCHECK_TEST_CRASH_ON": "crash-me", "PAPERCHECK_TEST_SLOW_ON": "slow-:4",
           "PAPERCHECK_TEST_BLIND_ON": "blind-share"}
    # a task is retried once when its worker is lost, then fails (deploy/cluster.md sets the same)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None, env=env) as lc, \
            distributed.Client(lc) as client:
        yield lc.scheduler_address, client


def write_docx(path: Path, school: str, kind: str = "实施方案") -> Path:
    d = docx.Document()
    d.add_heading(f"{school}“三找”活动{kind}", 1)
    d.add_paragraph("一、指导思想")
    d.add_paragraph("以党的教育方针为指导，查找作风、纪律、落实方面的问题。")
    d.add_paragraph("二、组织机构")
    d.add_paragraph(f"组  长：{school}校长")
    d.add_paragraph("存在的问题：个别教师上课迟到，作业批改不及时。")
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(path)
    return path


def folder(root: Path, names: list[str]) -> Path:
    for i, name in enumerate(names):
        if name.endswith(".docx"):
            write_docx(root / name, f"第{i}小学")
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(f"第{i}小学“三找”活动自查报告\n一、基本情况\n二、存在问题\n作风不实。\n",
                                     encoding="utf-8")
    return root


def exact(subs):
    """Everything a submission holds, the document included, but the time it took."""
    return [serialize.submission_to_dict(s) | {"elapsed": 0} for s in subs]


def test_the_samples_get_the_same_verdicts_on_the_cluster_as_in_the_local_pool(dask_cluster, pack):
    address, _client = dask_cluster
    warnings: list[tuple[str, str]] = []
    on_cluster = batch.run([SAMPLES], pack, cluster=address, warn=lambda zh, en: warnings.append((zh, en)))
    local = batch.run([SAMPLES], pack, workers=2)
    assert len(on_cluster) == len(local) > 30
    assert [s.status for s in on_cluster] == [s.status for s in local]
    assert exact(on_cluster) == exact(local)
    assert warnings == []  # the workers see the samples where this process does


def test_a_scan_of_several_pages_is_read_a_page_per_task(dask_cluster, pack, tmp_path):
    import pypdfium2 as pdfium

    address, client = dask_cluster
    scan = pdfium.PdfDocument(SAMPLES / "南明区花果园中学“三找”活动自查报告（扫描件）.pdf")
    page = scan[0].render(scale=150 / 72).to_pil().convert("RGB")
    page = page.crop((0, 0, page.width, page.height // 3))  # the top of the page: the title and a few lines, quick to OCR
    (tmp_path / "in").mkdir()
    page.save(tmp_path / "in" / "scan.pdf", save_all=True, append_images=[page.copy()], resolution=150)
    local = batch.run([tmp_path / "in"], pack, workers=1)
    with distributed.get_task_stream(client) as stream:
        on_cluster = batch.run([tmp_path / "in"], pack, cluster=address)
    assert on_cluster[0].ocr and on_cluster[0].document is not None and len(on_cluster[0].document.page_images) == 2
    assert exact(on_cluster) == exact(local)
    assert len([t for t in stream.data if str(t["key"]).startswith("papercheck-page-")]) == 2


def test_a_file_the_workers_cannot_see_is_sent_as_bytes(dask_cluster, pack, tmp_path, monkeypatch):
    address, _client = dask_cluster
    share = folder(tmp_path / "blind-share", ["a.docx", "b.txt"])
    with zipfile.ZipFile(share / "c.zip", "w") as z:
        z.write(share / "a.docx", "材料/方案.docx")
        z.write(share / "b.txt", "材料/报告.txt")
    local = batch.run([share], pack, workers=1)
    cap = max(p.stat().st_size for p in share.iterdir())
    big = (share / "d-big.docx").write_bytes(b"x" * (cap + 1))  # over the cap: not sent
    warnings: list[str] = []
    monkeypatch.setattr(cluster, "MAX_SENT_BYTES", cap)
    on_cluster = batch.run([share], pack, cluster=address, warn=lambda zh, en: warnings.append(en))
    assert big and [Path(s.path).name for s in on_cluster][-1] == "d-big.docx"
    refused = on_cluster.pop()
    assert [e.kind for e in refused.errors] == ["too_large"]
    assert "工作机看不到" in refused.errors[0].message and "挂载" in refused.errors[0].advice
    assert [s.path for s in on_cluster] == [s.path for s in local]
    assert exact(on_cluster) == exact(local)
    assert any("do not see" in w and "blind-share" in w for w in warnings)


def test_a_crashing_file_is_tried_again_then_is_one_crashed_row(dask_cluster, pack, tmp_path):
    address, _client = dask_cluster
    root = folder(tmp_path / "in", ["a.txt", "b-crash-me.txt", "c.docx", "d.txt"])
    subs = batch.run([root], pack, cluster=address, limits=batch.Limits(timeout=60))
    kinds = {Path(s.path).name: [e.kind for e in s.errors] for s in subs}
    assert kinds == {"a.txt": [], "b-crash-me.txt": ["crashed"], "c.docx": [], "d.txt": []}
    assert "SIGKILL" in subs[1].errors[0].message_en


def test_a_worker_killed_mid_file_costs_a_retry_not_the_file(dask_cluster, pack, tmp_path):
    address, client = dask_cluster
    root = folder(tmp_path / "in", ["a-slow-.txt", "b.txt", "c.docx"])
    found: dict[str, object] = {}
    run = threading.Thread(target=lambda: found.update(subs=batch.run([root], pack, cluster=address)))
    run.start()
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline:  # the worker on the task holding the slow file
        for worker, keys in client.processing().items():
            if any(str(k).startswith("papercheck-0-") for k in keys):
                victim = worker
        time.sleep(0.1)
    assert victim is not None
    time.sleep(1.5)  # well inside the file's 4 s
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    run.join(180)
    subs = found["subs"]
    assert [Path(s.path).name for s in subs] == ["a-slow-.txt", "b.txt", "c.docx"]
    assert all(s.status != "error" for s in subs), [s.errors for s in subs]
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def test_a_worker_with_other_versions_is_refused(dask_cluster, pack, tmp_path, monkeypatch):
    address, _client = dask_cluster
    root = folder(tmp_path / "in", ["a.txt"])
    real = identity.identity(pack)
    # the worker itself refuses a task whose versions differ from its own
    monkeypatch.setitem(remote._packs, "test-pack", pack)
    with pytest.raises(remote.VersionRefused, match="papercheck"):
        remote.check_files("test-pack", real | {"papercheck": "9.9.9+other"}, batch.DEFAULT_LIMITS, [])
    # and the parent, seeing every worker differ, refuses the run before any file
    monkeypatch.setattr(identity, "code_version", lambda: "9.9.9+other")
    with pytest.raises(ClusterError, match="9.9.9"):
        batch.run([root], pack, cluster=address)
    result = CliRunner().invoke(main, ["check", str(root), "--out", str(tmp_path / "out"), "--cluster", address])
    assert result.exit_code == 2
    assert "版本与本机不同" in result.output and "9.9.9+other" in result.output
    assert not (tmp_path / "out" / "report.json").exists()


def test_scan_on_the_cluster_commits_what_check_finds(dask_cluster, tmp_path):
    address, _client = dask_cluster
    root = folder(tmp_path / "in", ["a.docx", "b.txt", "c.txt"])
    runner = CliRunner()
    scanned = runner.invoke(main, ["scan", str(root), "--state", str(tmp_path / "state.db"),
                                   "--out", str(tmp_path / "scan-out"), "--cluster", address, "--quiet"])
    assert scanned.exit_code == 0, scanned.output
    checked = runner.invoke(main, ["check", str(root), "--out", str(tmp_path / "check-out"), "--quiet"])
    assert checked.exit_code == 0, checked.output

    def statuses(out: str) -> dict[str, str]:
        data = json.loads((tmp_path / out / "report.json").read_text(encoding="utf-8"))
        return {Path(s["path"]).name: s["status"] for s in data["submissions"]}

    assert statuses("scan-out") == statuses("check-out")
    again = runner.invoke(main, ["scan", str(root), "--state", str(tmp_path / "state.db"),
                                 "--out", str(tmp_path / "scan-out"), "--cluster", address])
    assert again.exit_code == 0 and "检查 0" in again.output  # every result was committed by the first run


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch):
    root = folder(tmp_path / "in", ["a.txt"])
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    result = CliRunner().invoke(main, ["check", str(root), "--out", str(tmp_path / "out"),
                                       "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "无法连接集群调度器 tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_the_model_version_is_read_from_the_headers(pack):
    from pipeline.understand.classify import problem_model

    assert identity.model_version(pack) == problem_model(pack).version
