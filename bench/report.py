"""How long the reports take to write, and how much memory, for a large batch.

    .venv/bin/python bench/report.py [--submissions 10000] [--results 10] [--problems 3]

Each case runs in its own process; "peak" is that process's peak RSS after the
submissions were built minus before writing (the writer's own memory). Cases:
xlsx (XlsxWriter constant_memory, the shipped writer), xlsx-inmemory (XlsxWriter
default mode), openpyxl (write_only mode, the same three big sheets with the
same cell styles; no charts), csv, html, json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

CASES = ("xlsx", "xlsx-inmemory", "openpyxl", "csv", "html", "json")


def make_batch(n: int, results: int, problems: int) -> list:
    """n submissions like the test fixtures, with distinct schools, paths and rows."""
    from dataclasses import replace

    from fixtures.report_submissions import batch

    from pipeline.model import Location, Problem, Result

    cats = ("work_style", "discipline", "implementation", "other")
    out = []
    base = batch()
    for i in range(n):
        sub = base[i % len(base)]
        school = f"第{i // 4 + 1}中学"
        rs = tuple(Result(f"sanzhao-2013.rule-{j}", "error" if j % 3 == 0 else "warning", j % 4 != 0,
                          f"第{j}条规则：缺少组织领导部分，请补充", "组长：张建国（校长）" * (j % 2),
                          Location(paragraph=j)) for j in range(results))
        ps = tuple(Problem(f"部分教师服务意识不强，深入班级指导不够（{k}）", cats[k % 4], 0.5 + k / 10,
                           Location(paragraph=k), measure="加强师德教育", owner="王校长", deadline="2013-10")
                   for k in range(problems))
        out.append(replace(sub, path=f"samples/{school}/{i}-{Path(sub.path).name}", school=school, results=rs,
                           problems=ps, document=None if i % 10 else sub.document))
    return out


def openpyxl_write(subs, out: Path) -> Path:
    """The three big sheets in openpyxl's write_only mode, styled like ours (for comparison)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    from pipeline.report import common

    book = Workbook(write_only=True)
    fills = {s: PatternFill("solid", fgColor=c[0][1:]) for s, c in
             {"pass": ("#C6EFCE",), "fail": ("#FFC7CE",), "review": ("#FFEB9C",), "error": ("#D9D9D9",)}.items()}
    bold = Font(bold=True)
    ws = book.create_sheet("汇总")
    ws.freeze_panes = "A2"
    ws.append([WriteOnlyCell(ws, h) for h in common.headers(common.SUMMARY_COLUMNS, "zh")])
    for row in common.summary_rows(subs, None, out, "zh"):
        v = row.values
        cells = []
        for key, _, _ in common.SUMMARY_COLUMNS:
            c = WriteOnlyCell(ws, v[key])
            if key == "status":
                c.fill, c.font = fills[row.sub.status], bold
            if key == "file":
                c.hyperlink = v["file_link"]
            cells.append(c)
        ws.append(cells)
    ws = book.create_sheet("规则明细")
    ws.append(["序号", "学校", "文件", "规则", "级别", "结果", "说明", "证据", "位置"])
    for i, sub in enumerate(subs, 1):
        for r in sub.results:
            ws.append([i, sub.school, sub.path, r.rule, r.severity, "通过" if r.passed else "未通过", r.message,
                       r.evidence, common.location_text(r.location)])
    ws = book.create_sheet("问题清单")
    ws.append(["学校", "文件", "问题", "类别", "置信度"])
    for sub in subs:
        for p in sub.problems:
            ws.append([sub.school, sub.path, p.text, p.category, p.confidence])
    path = out / "report-openpyxl.xlsx"
    book.save(path)
    return path


def run_case(case: str, n: int, results: int, problems: int) -> dict:
    import openpyxl  # noqa: F401  (imports are not the writer's memory)
    from fixtures.report_submissions import PACK

    from pipeline.report import csv_report, html, json_report, xlsx

    html._env()
    subs = make_batch(n, results, problems)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        if case == "xlsx":
            path = xlsx.write(subs, PACK, out)
        elif case == "xlsx-inmemory":
            path = xlsx.write(subs, PACK, out, constant_memory=False)
        elif case == "openpyxl":
            path = openpyxl_write(subs, out)
        elif case == "csv":
            path = csv_report.write(subs, PACK, out)
        elif case == "html":
            path = html.write(subs, PACK, out)
        else:
            path = json_report.write(subs, PACK, out)
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (path.parent.rglob("*") if case == "html" else [path]) if p.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": case, "seconds": round(seconds, 2), "peak_mb": round((peak - before) / 1024, 1),
            "size_mb": round(size / 1e6, 1), "rows": n * results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--submissions", type=int, default=10_000)
    ap.add_argument("--results", type=int, default=10, help="rule results per submission")
    ap.add_argument("--problems", type=int, default=3, help="problem sentences per submission")
    ap.add_argument("--case", choices=CASES, help="run one case in this process")
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.submissions, args.results, args.problems)))
        return
    print(f"{args.submissions} submissions, {args.submissions * args.results} rule rows, "
          f"{args.submissions * args.problems} problem rows")
    print(f"{'case':14} {'seconds':>8} {'writer peak MB':>15} {'output MB':>10}")
    for case in CASES:
        cmd = [sys.executable, __file__, "--case", case, "--submissions", str(args.submissions),
               "--results", str(args.results), "--problems", str(args.problems)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=False)
        if done.returncode:
            print(f"{case:14} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout)
        print(f"{r['case']:14} {r['seconds']:8.2f} {r['peak_mb']:15.1f} {r['size_mb']:10.1f}")


if __name__ == "__main__":
    main()
