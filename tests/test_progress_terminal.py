"""One progress display for check and scan, on a real terminal (a pty), with CJK file names.

A first interactive scan judges every file and used to print nothing until the
end; both commands now draw the same bar, clipped by display width, and end
the line before the run's own messages.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from pipeline.i18n import width

CHECKOUT = Path(__file__).resolve().parents[1]
SAMPLES = CHECKOUT / "samples"
FILES = [SAMPLES / "南明区第一实验小学“三找”活动实施方案.docx", SAMPLES / "南明区尚义路小学“三找”活动自查报告.docx",
         SAMPLES / "南明区小碧中学“三找”活动阶段总结.docx"]


def _on_a_terminal(*args: str | Path, columns: int = 60) -> tuple[int, str]:
    """Run the CLI with stderr (and stdout) on a pty; its exit code and everything it drew."""
    main, child = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(CHECKOUT), "COLUMNS": str(columns), "PAPERCHECK_TEST_SLOW_EACH": "0.7"}
    proc = subprocess.Popen([sys.executable, "-c", "from cli import main; main(prog_name='papercheck')", *map(str, args)],
                            stdin=subprocess.DEVNULL, stdout=child, stderr=child, env=env, cwd=CHECKOUT)
    os.close(child)
    chunks = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                data = os.read(main, 65536)
            except OSError:  # the child closed the pty
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    code = proc.wait(30)
    os.close(main)
    return code, b"".join(chunks).decode("utf-8", "replace")


def _bars(out: str, label: str) -> list[str]:
    return [part.rstrip("\n ").split("\n")[0] for part in out.replace("\r\n", "\n").split("\r") if part.startswith(label + " [")]


def test_scan_shows_progress_on_a_first_interactive_run(tmp_path):
    code, out = _on_a_terminal("scan", *FILES, "--state", tmp_path / "state.db", "--out", tmp_path / "out", "--workers", "1")
    assert code == 0, out
    bars = _bars(out, "扫描")
    assert bars and bars[-1].startswith("扫描 [") and " 3/3 " in bars[-1]
    assert all(width(b) <= 59 for b in bars)  # a CJK name is clipped by display width: the line never wraps
    assert "扫描第 1 次" in out.split(bars[-1], 1)[1]  # the run's line comes after the bar, on its own line


def test_check_and_scan_draw_the_same_bar(tmp_path):
    code, out = _on_a_terminal("check", *FILES, "--out", tmp_path / "out", "--workers", "1")
    assert code == 0, out
    bars = _bars(out, "检查")
    assert bars and " 3/3 " in bars[-1] and "剩余" in bars[-1]
    assert all(width(b) <= 59 for b in bars)
