"""Speed of the problem classifier: sentences/s, and the cold start of `papercheck classify` on one line.

Run: .venv/bin/python bench/classify.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from pipeline.judge.rulepack import load_pack
    from pipeline.understand import classify

    pack = load_pack()
    texts = classify.detector_data()[0]
    t0 = time.perf_counter()
    model = classify.problem_model(pack)
    model.predict(["预热"])
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    model.predict(texts)
    elapsed = time.perf_counter() - t0
    print(f"model load + segmenter init: {load:.3f} s")
    print(f"classify: {len(texts)} sentences in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} sentences/s")
    print(f"scikit-learn imported on the prediction path: {'sklearn' in sys.modules}")

    exe = ROOT / ".venv" / "bin" / "papercheck"
    cmd = [str(exe)] if exe.exists() else [sys.executable, str(ROOT / "cli.py")]
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(cmd + ["classify", "-"], input="个别教师上班时间玩手机。\n", capture_output=True, check=False,
                             text=True, timeout=60)
        runs.append(time.perf_counter() - t0)
    print(f"cold start `papercheck classify -` (one line): best {min(runs):.2f} s of {len(runs)} "
          f"-> {out.stdout.strip().splitlines()[-1]!r}")
    code = ("import sys, cli; from pipeline.judge.rulepack import load_pack; from pipeline.understand import classify;"
            "classify.problem_model(load_pack()).predict(['x']); print('sklearn' in sys.modules)")
    check = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    print(f"scikit-learn imported by cli + predict in a fresh process: {check.stdout.strip()}")


if __name__ == "__main__":
    main()
