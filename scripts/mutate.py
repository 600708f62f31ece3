"""``make mutate``: mutation testing of the judgement core, its score per module and the mutants that survive.

mutmut (configured under ``[tool.mutmut]`` in pyproject.toml) plants one small change at a time in the
modules that decide what a school is told — rule types, the verdict, dates and stages, ledgers, problem
review flags, the scan's change detection, report escaping, archive caps — and runs only the tests that
reach the changed function. A mutant the tests do not notice is a bug that would ship green.

Mutants that no test could ever tell apart from the code (equivalent) are listed with the reason in
tests/mutation/equivalent.md; they are left out of the score and shown apart. Not part of ``make test``.

    python scripts/mutate.py            # run (incrementally: unchanged functions keep their result), then report
    python scripts/mutate.py --report   # only the report of the last run
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "mutation" / "equivalent.md"
KILLED = {1, 3, 36, 37, -24, 24, 152, 255, -11, -9}  # failed test, pytest error, timeout, type check, crash
SURVIVED, NO_TESTS = {0}, {5, 33}
TARGET = 0.90

# The judgement core, by mutmut's mutant names (module.x_function or module.xǁClassǁmethod). Where a module
# does more than the core (the scan's reports, the archive reader, the report helpers), only the functions that
# decide are in scope; the rule types' parse() (a pack author's validation, tests/test_packs.py) is not.
SCOPE = [
    *(f"pipeline.judge.checks.{m}.xǁ*ǁcheck__mutmut_*" for m in (
        "categories_covered", "deadline_within", "heading_sequence", "metadata_present", "pattern_in_section",
        "ratio_below", "section_required", "stages", "table_columns_filled")),
    "pipeline.judge.checks.deadline_within.xǁDeadlineWithinǁ_kind__mutmut_*",
    "pipeline.judge.checks.pattern_in_section.x__table_text__mutmut_*",
    "pipeline.judge.checks.base.xǁRuleǁ*",
    "pipeline.judge.verdict.*",
    "pipeline.understand.dates.*",
    "pipeline.understand.stages.*",
    "pipeline.understand.ledger.*",
    "pipeline.understand.problems.x_find_problems__mutmut_*",  # review flags
    "pipeline.run.scan.x__scan__mutmut_*", "pipeline.run.scan.x_file_sha256__mutmut_*",  # change detection
    "pipeline.report.common.x_href__mutmut_*", "pipeline.report.common.x_file_link__mutmut_*",  # escaping
    "pipeline.report.csv_report.x_cell__mutmut_*",
    *(f"pipeline.ingest.archive.{f}__mutmut_*" for f in (  # caps
        "xǁBudgetǁcharge_entries", "xǁBudgetǁcharge_bytes", "x_declared_entries", "x__listing", "x__refuse_overlaps",
        "x__inflate", "x__expand")),
]


def in_scope(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in SCOPE)


def equivalent_mutants() -> dict[str, str]:
    """``- `name`: reason`` lines of tests/mutation/equivalent.md."""
    found = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"-\s*`([^`]+)`\s*:?\s*(.*)", line.strip()):
            found[m[1]] = m[2]
    return found


def results() -> dict[str, dict[str, int | None]]:
    """Exit code per mutant, per mutated source file (relative path), from mutmut's files under mutants/."""
    out = {}
    for meta in sorted((ROOT / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        out[meta.relative_to(ROOT / "mutants").as_posix()[: -len(".meta")]] = data["exit_code_by_key"]
    return out


def pending() -> list[str]:
    """The mutants in scope still to run: all of them on a first run, then those not killed (new tests may kill
    them; a changed function's mutants are new to mutmut and have no result yet)."""
    by_file = results()
    if not by_file:
        return SCOPE
    equivalent = equivalent_mutants()
    return [name for codes in by_file.values() for name, code in codes.items()
            if in_scope(name) and name not in equivalent and code not in KILLED]


def diff(name: str) -> str:
    shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], check=False, cwd=ROOT, capture_output=True,
                           text=True)
    lines = [ln for ln in shown.stdout.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    return "\n".join("        " + ln.strip()[:150] for ln in lines)


def report() -> float:
    equivalent = equivalent_mutants()
    by_file = results()
    if not by_file:
        sys.exit("make mutate: no results under mutants/ (run it without --report first)")
    print(f"\n{'module':48} {'mutants':>7} {'killed':>6} {'survived':>8} {'no test':>7} {'equiv.':>6} {'score':>6}")
    survivors: list[tuple[str, str]] = []
    total = Counter()
    for path, codes in by_file.items():
        if not any(in_scope(name) for name in codes):
            continue
        c = Counter()
        for name, code in codes.items():
            if not in_scope(name):
                continue
            if name in equivalent:
                c["equivalent"] += 1
            elif code in KILLED:
                c["killed"] += 1
            elif code in SURVIVED:
                c["survived"] += 1
                survivors.append((name, "survived"))
            elif code in NO_TESTS:
                c["no tests"] += 1
                survivors.append((name, "no test reaches it"))
            else:
                c["other"] += 1
                survivors.append((name, f"not checked (exit {code})"))
        total.update(c)
        print(_row(path, c))
    print(_row("core, all modules", total))
    if survivors:
        print(f"\nsurvivors ({len(survivors)}): a test should fail on each, or it is listed in {EQUIVALENT.relative_to(ROOT)}")
        for name, why in survivors:
            print(f"  {name}  [{why}]")
            if os.environ.get("MUTATE_DIFFS", "1") == "1":
                print(diff(name))
    if equivalent:
        print(f"\nequivalent mutants left out of the score ({len(equivalent)}; reasons in {EQUIVALENT.relative_to(ROOT)})")
    return _score(total)


def _score(c: Counter) -> float:
    judged = c["killed"] + c["survived"] + c["no tests"] + c["other"]
    return c["killed"] / judged if judged else 1.0


def _row(path: str, c: Counter) -> str:
    n = sum(c.values())
    return (f"{path:48} {n:7} {c['killed']:6} {c['survived']:8} {c['no tests']:7} {c['equivalent']:6} "
            f"{_score(c):6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="only print the report of the last run")
    parser.add_argument("--max-children", default=os.environ.get("MUTATE_JOBS", "2"))
    parser.add_argument("--all", action="store_true", help="run every mutant in scope again, killed ones too")
    parser.add_argument("mutants", nargs="*", help="mutant names or globs (default: those in scope not yet killed)")
    args = parser.parse_args()
    if not args.report:
        wanted = args.mutants or (SCOPE if args.all else pending())
        if not wanted:
            print("make mutate: every mutant in scope is killed or equivalent (--all runs them again)")
        else:
            run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.max_children),
                                  *wanted], check=False, cwd=ROOT)
            if run.returncode not in (0, 1):
                sys.exit(f"make mutate: mutmut run ended with {run.returncode}")
    score = report()
    print(f"\nscore {score:.1%} of the non-equivalent mutants killed (target {TARGET:.0%})")


if __name__ == "__main__":
    main()
