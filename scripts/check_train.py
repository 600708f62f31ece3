"""Check the hand-written training files: counts, lengths, exact and near duplicates.

Usage: python3 scripts/check_train.py [FOLDER]   (default rules/sanzhao-2013/train; every <label>.txt but none.txt)
"""
import itertools
import sys
from pathlib import Path

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "rules" / "sanzhao-2013" / "train"
FILES = sorted(p.stem for p in ROOT.glob("*.txt") if p.stem not in ("none", "other"))


def grams(s: str) -> set[str]:
    s = "".join(ch for ch in s if ch not in "，。、；：“”（）《》！？ ")
    return {s[i:i + 2] for i in range(len(s) - 1)}


def main() -> int:
    rows = []
    bad = 0
    for name in FILES:
        p = ROOT / f"{name}.txt"
        if not p.exists():
            continue
        lines = p.read_text(encoding="utf-8").splitlines()
        print(f"{name}: {len(lines)}")
        for i, line in enumerate(lines, 1):
            if line != line.strip() or not line or "\t" in line:
                print(f"  whitespace/empty {name}:{i}: {line!r}"); bad += 1
            n = len(line)
            if n < 8 or n > 80:
                print(f"  length {n} {name}:{i}: {line}"); bad += 1
            rows.append((name, i, line))
    seen = {}
    for name, i, line in rows:
        if line in seen:
            print(f"  DUP {name}:{i} == {seen[line]}: {line}"); bad += 1
        else:
            seen[line] = f"{name}:{i}"
    g = [(r, grams(r[2])) for r in rows]
    for (a, ga), (b, gb) in itertools.combinations(g, 2):
        if not ga or not gb:
            continue
        j = len(ga & gb) / len(ga | gb)
        if j >= 0.6:
            print(f"  NEAR {j:.2f} {a[0]}:{a[1]} {a[2]} || {b[0]}:{b[1]} {b[2]}"); bad += 1
    print("problems:", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
