"""Memory and time of papercheck on every case of the hostile share (tests/hostile.py).

Run: .venv/bin/python bench/hostile.py [CASE…]   (prints figures; asserts nothing)

For each case: `check --workers 1`, `check --workers 2` and `scan --workers 2`, all with
--memory-limit 1024; the peak is the largest sum, at one moment, of the peak RSS of the run's live
processes (papercheck, its workers, LibreOffice, Tesseract), and the parent's own peak beside it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile


def main(cases: list[str]) -> None:
    work = Path(tempfile.mkdtemp(prefix="papercheck-bench-hostile-"))
    try:
        print(f"{'case':12} {'run':10} {'rc':>3} {'peak MB':>8} {'parent MB':>9} {'s':>6}")
        for case in cases or [c for c in hostile.CASES if c != "permissions"] + ["permissions"]:
            folder = work / case / "in"
            hostile.CASES[case](folder)
            prefix = hostile.unprivileged() if case == "permissions" else []
            runs = {
                "check -w1": ["check", folder, "--out", work / case / "out1", "--workers", 1],
                "check -w2": ["check", folder, "--out", work / case / "out2", "--workers", 2],
                "scan -w2": ["scan", folder, "--state", work / case / "state.db", "--out", work / case / "out3",
                             "--workers", 2],
            }
            for name, args in runs.items():
                r = hostile.run(*args, "--memory-limit", 1024, prefix=prefix)
                print(f"{case:12} {name:10} {r.rc:>3} {r.peak_mb:>8.0f} {r.parent_mb:>9.0f} {r.seconds:>6.1f}",
                      flush=True)
    finally:
        for p in work.rglob("*"):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
