"""papercheck without the POSIX-only modules: Windows has no fcntl, resource or fork.

The CLI runs in a fresh interpreter with those modules made unimportable
(tests/hidden.py) and must judge the same files the same way; the soft lock
that replaces flock there must still keep a second scan out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hidden import papercheck

from pipeline.run import lock

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FILES = [SAMPLES / "南明区第一实验小学“三找”活动实施方案.docx", SAMPLES / "南明区尚义路小学“三找”活动自查报告.docx",
         SAMPLES / "南明区青山小学“三找”活动材料.zip"]


def _verdicts(report: Path) -> list[tuple]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return [(s["path"], s["status"], s["doc_type"], len(s["problems"]), [r["passed"] for r in s["results"]])
            for s in data["submissions"]]


def test_check_runs_and_judges_the_same_without_fcntl_resource_and_fork(tmp_path):
    runs = {}
    for name, hide, env in (("posix", (), {}), ("windows-like", ("fcntl", "resource"), {"PAPERCHECK_START_METHOD": "spawn"})):
        done = papercheck("check", *FILES, "--out", tmp_path / name, "--workers", "2", "--quiet", hide=hide, env=env)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr and "warning" not in done.stderr.lower()
        runs[name] = _verdicts(tmp_path / name / "report.json")
    assert runs["windows-like"] == runs["posix"]
    assert len(runs["posix"]) >= 5  # the zip's members are rows too


def test_scan_runs_without_fcntl_and_leaves_no_soft_lock(tmp_path):
    state = tmp_path / "state" / "state.db"
    done = papercheck("scan", *FILES[:2], "--state", state, "--out", tmp_path / "out", "--quiet",
                      hide=("fcntl", "resource"))
    assert done.returncode == 0, done.stderr
    assert {v[1] for v in _verdicts(tmp_path / "out" / "report.json")} <= {"pass", "fail", "review"}
    assert not list(tmp_path.rglob("*.soft-lock"))  # released: the next scan is not kept out


def test_soft_lock_keeps_a_second_scan_out_and_names_the_holder(tmp_path, monkeypatch):
    monkeypatch.setattr(lock, "NATIVE", False)
    path = tmp_path / "state.db.lock"
    with lock.exclusive(path):
        assert lock.soft_marker(path).exists()
        with pytest.raises(lock.AlreadyRunning) as held, lock.exclusive(path):
            pass
        assert held.value.holder == str(os.getpid())
    assert not lock.soft_marker(path).exists()
    with lock.exclusive(path):  # released: taken again at once
        pass


def test_native_lock_names_the_holder_and_is_taken_again_after_release(tmp_path):
    path = tmp_path / "state.db.lock"
    with lock.exclusive(path):
        with pytest.raises(lock.AlreadyRunning) as held, lock.exclusive(path):
            pass
        assert held.value.holder == str(os.getpid())
    with lock.exclusive(path):
        pass
    assert path.exists() and path.read_text() == ""  # kept (others may wait on it), without a stale pid


def test_every_module_imports_without_the_posix_only_ones():
    """No module imports fcntl, resource, pwd, grp or termios at import time (Windows has none of them)."""
    import subprocess
    import sys

    code = ("import sys, pkgutil, importlib\n"
            "for m in ('fcntl', 'resource', 'pwd', 'grp', 'termios'): sys.modules[m] = None\n"
            "import pipeline, cli\n"
            "names = [m.name for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.')]\n"
            "for name in names: importlib.import_module(name)\n"
            "print(len(names))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50
