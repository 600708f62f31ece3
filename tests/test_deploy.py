"""The deploy files agree with each other and with docs/deploy.md, and systemd accepts the unit."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def _unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "papercheck-scan.service", encoding="utf-8")
    return unit


def _option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_the_unit_runs_as_the_service_user_and_may_write_only_state_and_reports():
    service = _unit()["Service"]
    assert service["User"] == "papercheck" and service["StateDirectory"] == "papercheck"
    assert service["ProtectSystem"] == "strict"
    args = shlex.split(service["ExecStart"])
    assert args[0] == "/opt/papercheck/venv/bin/papercheck" and args[1] == "scan"
    assert Path(_option(args, "--state")).parent == Path("/var/lib") / service["StateDirectory"]
    assert service["ReadWritePaths"].split() == [_option(args, "--out")]
    assert "75" in service["SuccessExitStatus"].split()  # another scan still running is not a failure


def test_cron_runs_the_same_command_as_the_same_user_and_says_who_gets_the_mail():
    lines = [ln for ln in (DEPLOY / "crontab").read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert lines[0].startswith("MAILTO=") and "@" in lines[0]
    job = lines[1].split()
    assert job[5] == _unit()["Service"]["User"]
    assert job[6:] == shlex.split(_unit()["Service"]["ExecStart"])


def test_logrotate_rotates_the_log_beside_the_state_file_without_copytruncate():
    text = (DEPLOY / "logrotate").read_text(encoding="utf-8")
    state = _option(shlex.split(_unit()["Service"]["ExecStart"]), "--state")
    assert text.splitlines()[2].startswith(f"{state}.log {{")
    assert "copytruncate" not in text.replace("no copytruncate", "")


def test_docs_deploy_installs_into_the_venv_the_unit_runs():
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "sudo -u papercheck python3 -m venv /opt/papercheck/venv" in doc
    assert "useradd --system" in doc and "StateDirectory=" in doc and "MAILTO" in doc


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit():
    done = subprocess.run(["systemd-analyze", "verify", str(DEPLOY / "papercheck-scan.service")],
                          capture_output=True, text=True, check=False)
    # the only complaint allowed: papercheck is not installed in /opt on this machine
    complaints = [ln for ln in (done.stdout + done.stderr).splitlines()
                  if ln.strip() and "/opt/papercheck/venv/bin/papercheck is not executable" not in ln]
    assert complaints == []
