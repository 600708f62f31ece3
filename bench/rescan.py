"""The nightly rescan of an unchanged folder: target ≤ 3 s for 10,000 files (issue 6).

    python bench/rescan.py [--n 10000] [--workers 2]

Creates N tiny text submissions, runs `papercheck scan` once (timed too: it
judges everything and writes the reports for all N, which is also the
peak-memory figure for an N-submission run), then rescans the unchanged folder,
then rescans after touching 1 % of the files (new mtime, same content: hashed,
not judged), then after changing one file (the usual night: one file judged,
the reports rebuilt from the state for all N). Each figure is the wall clock of a fresh `papercheck scan`
process, start-up included.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="papercheck-rescan-") as tmp:
        root = Path(tmp) / "in"
        for folder in range(args.n // 500 + 1):
            (root / f"district-{folder:02d}").mkdir(parents=True)
        for i in range(args.n):
            (root / f"district-{i // 500:02d}" / f"{i:05d}.txt").write_text(
                f"第{i}小学三找活动自查报告\n一、基本情况\n二、存在问题\n第{i}条\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "cli", "scan", str(root), "--state", f"{tmp}/state.db", "--out", f"{tmp}/out"]
        if args.workers:
            cmd += ["--workers", str(args.workers)]

        def scan(label: str) -> None:
            m = run_measured(cmd)
            if m.returncode not in (0, 4):
                sys.exit(m.stderr)
            print(f"{label}: {m.seconds:.2f} s, peak memory {m.peak_tree_mb:.0f} MB over all processes")
            print(f"    {m.stderr.strip().splitlines()[-1]}")

        scan(f"first scan of {args.n:,} files (all judged, reports written)")
        scan(f"rescan of {args.n:,} unchanged files (target ≤ 3 s)")
        now = time.time_ns()
        for i in range(0, args.n, 100):
            p = root / f"district-{i // 500:02d}" / f"{i:05d}.txt"
            os.utime(p, ns=(now, now))
        scan(f"rescan after touching {args.n // 100:,} files (hashed, not judged)")
        (root / "district-00" / "00000.txt").write_text("第0小学三找活动自查报告（修订）\n一、基本情况\n", encoding="utf-8")
        scan(f"rescan with 1 changed file (judged; reports for all {args.n:,} rebuilt from the state)")


if __name__ == "__main__":
    main()
