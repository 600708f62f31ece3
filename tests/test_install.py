"""papercheck as a user installs it: a wheel in a fresh venv outside the checkout, checking real samples.

Regression: `pip install .` gave a tool that said "no such rule pack" for every
command, because rules/ was not in the wheel; only the Makefile's editable
install worked, and moving the checkout broke it.

To stay fast the venv gets the wheel alone (``--no-deps``) and borrows the
project venv's libraries through a path line at the *end* of sys.path; the
wheel's own packages come first and the checkout is never on the path. (A
plain ``pip install`` of the wheel with its dependencies is shown in the note
for issue 16.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "cli.py", "README.md", "pipeline", "papercheck", "rules")
SAMPLES = ("南明区第一实验小学“三找”活动实施方案.docx", "南明区箭道街小学开展“三找”活动实施方案.pdf")


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
                          env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (a stale build/ in the checkout cannot leak into it)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (CHECKOUT / name).is_dir():
            shutil.copytree(CHECKOUT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(CHECKOUT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src, cwd=src)
    assert built.returncode == 0, built.stderr
    (found,) = dist.glob("papercheck-*.whl")
    return found


def test_the_wheel_carries_every_pack_file(wheel):
    with zipfile.ZipFile(wheel) as zf:
        shipped = {n.removeprefix("papercheck/rules/") for n in zf.namelist() if n.startswith("papercheck/rules/")}
        names = set(zf.namelist())
    on_disk = {p.relative_to(CHECKOUT / "rules").as_posix() for p in (CHECKOUT / "rules").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert on_disk <= shipped
    assert any(n.endswith("/pack.yaml") for n in shipped)
    assert {"pipeline/report/templates/index.html", "pipeline/understand/models/detector.npz", "papercheck/rules/sanzhao-2013/categoriser.npz",
            "papercheck/__main__.py", "cli.py"} <= names


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the checkout holding the wheel; returns its bin/ folder."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=False, clear=True)
    bindir = home / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    done = _run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel, cwd=home)
    assert done.returncode == 0, done.stderr
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=home).stdout.strip())
    (site / "zz-project-libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return bindir


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_installed_wheel_checks_two_samples_outside_the_checkout(installed, tmp_path):
    work = tmp_path / "办公室"
    work.mkdir()
    for name in SAMPLES:
        shutil.copy2(CHECKOUT / "samples" / name, work / name)
    exe = installed / ("papercheck.exe" if os.name == "nt" else "papercheck")
    done = _run(exe, "check", *SAMPLES, "--out", "检查结果", "--quiet", cwd=work, env=_env())
    assert done.returncode == 0, done.stderr
    report = json.loads((work / "检查结果" / "report.json").read_text(encoding="utf-8"))
    got = {Path(s["path"]).name: (s["doc_type"], s["status"]) for s in report["submissions"]}
    for name in SAMPLES:
        golden = json.loads((CHECKOUT / "tests" / "golden" / f"{name}.json").read_text(encoding="utf-8"))
        assert got[name] == (golden["doc_type"], golden["status"])
    assert (work / "检查结果" / "report.xlsx").stat().st_size > 0
    assert (work / "检查结果" / "report" / "index.html").is_file()


def test_python_dash_m_papercheck_and_the_packs_come_from_the_venv(installed, tmp_path):
    python = installed / ("python.exe" if os.name == "nt" else "python")
    where = _run(python, "-c", "import cli, pipeline; from pipeline.judge.rulepack import RULES_DIR;"
                 "print(cli.__file__); print(pipeline.__file__); print(RULES_DIR)", cwd=tmp_path, env=_env())
    assert where.returncode == 0, where.stderr
    venv_root = installed.parent.resolve()
    for line in where.stdout.split("\n")[:3]:
        assert Path(line).resolve().is_relative_to(venv_root), line
    listed = _run(python, "-m", "papercheck", "rules", "list", cwd=tmp_path, env=_env())
    assert listed.returncode == 0, listed.stderr
    assert "sanzhao-2013.plan-leader" in listed.stdout
