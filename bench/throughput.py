"""End-to-end throughput of `papercheck check`: submissions per minute, per-stage time, peak memory.

    python bench/throughput.py --n 500 --kind docx [--workers 2]
    python bench/throughput.py --n 200 --kind pdf

Generates N synthetic submissions (the Word samples in samples/ in turn, each copy's
school renamed; or 5-page text PDFs: ten distinct plans, each for another school,
converted once by LibreOffice and copied), then
times one run in a fresh process: interpreter start-up, imports and pack, discovery, judging
in the worker pool, batch-level work (peers) and every report. Targets (issue 6): ≥ 2,000
Word submissions/min and ≥ 1,200 five-page text PDFs/min on 2 cores, peak memory ≤ 1 GB
for 10,000; issue 13: ≥ 12,000 Word files/min, at most 18 times the floor (lxml over
document.xml + rjieba segmentation, the same files and number of processes, measured in the
same run), and ≥ 2,500 text PDFs/min. The load average is printed beside each figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

PLACEHOLDER = "SCHOOLNAME"
STAGE_NAMES = ["初中", "小学", "中学", "幼儿园", "实验学校"]


def plan_paragraphs(school: str, pages: int = 2) -> list[str]:
    body = [
        f"{school}关于开展“三找”活动的实施方案",
        "一、总体要求",
        f"为深入贯彻落实区教育局关于开展“三找”活动的通知精神，结合{school}实际，制定本方案。",
        "二、组织领导",
        f"成立{school}“三找”活动领导小组。组长：王校长；副组长：李书记；成员：各处室负责人。",
        "三、活动重点",
        "查找作风方面存在的问题，查找纪律方面存在的问题，查找落实方面存在的问题。",
        "四、方法步骤",
        "（一）学习讨论阶段（2013年7月—2013年8月）：组织全体教职工学习文件。",
        "（二）整改落实阶段（2013年9月—2013年10月）：对照问题清单逐项整改。",
        "（三）巩固深化阶段（2013年11月—2013年12月）：总结经验，巩固成果。",
        "（四）深入落实长效机制阶段（2014年1月—2014年3月）：健全制度。",
        "（五）回头看、查漏补缺阶段（2014年4月—2014年7月）：开展回头看。",
        "五、工作要求",
    ]
    filler = (f"{school}全体教职工要提高认识，加强领导，把“三找”活动与日常教育教学工作结合起来，"
              "做到两手抓、两不误，确保活动取得实效，坚决防止走过场、搞形式。")
    body += [f"{i + 1}. {filler}" for i in range(12 * pages)]
    body += [f"{school}", "2013年8月26日"]
    return body


def make_docx(path: Path, school: str, pages: int = 2) -> None:
    import docx

    d = docx.Document()
    for line in plan_paragraphs(school, pages):
        d.add_paragraph(line)
    d.save(path)


SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEMS = "甲乙丙丁戊己庚辛壬癸"  # copy i's school is prefixed with i spelled in these (no digits: digits are dates)


def sample_docx() -> list[tuple[dict[str, bytes], bytes]]:
    """The Word samples (zip parts) with each one's school as the text says it (南明区 left off)."""
    import yaml

    expected = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))["files"]
    out = []
    for name, meta in sorted(expected.items()):
        if not name.endswith(".docx") or "!/" in name or not meta.get("school"):
            continue
        with zipfile.ZipFile(SAMPLES / name) as z:
            parts = {part: z.read(part) for part in z.namelist()}
        out.append((parts, meta["school"].removeprefix("南明区").encode()))
    return out


def generate(folder: Path, n: int, kind: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "docx":  # the Word samples in turn, each copy's school renamed in the text, headers and footers
        samples = sample_docx()
        for i in range(n):
            parts, school = samples[i % len(samples)]
            renamed = "".join(STEMS[int(d)] for d in str(i)).encode() + school
            with zipfile.ZipFile(folder / f"{i:05d}.docx", "w", zipfile.ZIP_STORED) as z:
                for name, data in parts.items():
                    if name.startswith("word/") and name.endswith(".xml"):
                        data = data.replace(school, renamed)
                    z.writestr(name, data)
        return
    distinct = min(n, 10)
    work = folder.parent / "pdf-src"
    work.mkdir(exist_ok=True)
    for i in range(distinct):
        make_docx(work / f"{i:05d}.docx", f"第{i + 1}{STAGE_NAMES[i % 5]}", pages=5)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                    *map(str, sorted(work.glob("*.docx")))], check=True, capture_output=True, timeout=300)
    pdfs = sorted(work.glob("*.pdf"))
    for i in range(n):
        shutil.copyfile(pdfs[i % len(pdfs)], folder / f"{i:05d}.pdf")


def inner(folder: Path, out: Path, workers: int | None) -> None:
    """The measured run, in a fresh process: prints per-stage seconds as JSON."""
    stages: dict[str, float] = {}
    t = time.perf_counter()
    from pipeline import ingest, report, serialize
    from pipeline.judge.rulepack import load_pack
    from pipeline.run import batch

    pack = load_pack("sanzhao-2013")
    stages["imports+pack"] = time.perf_counter() - t
    t = time.perf_counter()
    sources = list(ingest.discover([folder]))
    stages["discover"] = time.perf_counter() - t
    t = time.perf_counter()
    found = [None] * len(sources)
    for index, data in batch.process(sources, pack, workers):
        found[index] = serialize.submission_from_dict(data)
    stages["judge (pool)"] = time.perf_counter() - t
    t = time.perf_counter()
    subs = batch.finish([s for s in found if s is not None], pack)
    stages["peers"] = time.perf_counter() - t
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    report.write_all(subs, pack, out)  # as check does: report.xlsx in a forked process beside the others
    stages["reports (all)"] = time.perf_counter() - t
    errors = sum(1 for s in subs if s.status == "error")
    cpu = sum(s.elapsed for s in subs)
    import resource

    rss = {  # ru_maxrss is in KB on Linux; RUSAGE_CHILDREN is the largest waited-for worker, not a sum
        "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps({"stages": stages, "n": len(subs), "errors": errors, "per_file_cpu": cpu, **rss}))


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _floor_one(path: str) -> int:
    """The least work that reads a Word file's text and segments it: lxml over document.xml, then rjieba."""
    import rjieba
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    words = 0
    for p in root.iter(f"{W_NS}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W_NS}t"))
        if text:
            words += len(rjieba.cut(text))
    return words


def floor(folder: Path, workers: int, repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock seconds for the floor over every .docx, in ``workers`` processes."""
    from multiprocessing import get_context

    files = sorted(str(p) for p in folder.glob("*.docx"))
    best = float("inf")
    with get_context("fork").Pool(workers) as pool:
        pool.map(_floor_one, files[:workers * 4])  # imports and jieba's dictionary loaded before the clock
        for _ in range(repeat):
            t = time.perf_counter()
            pool.map(_floor_one, files, chunksize=max(1, len(files) // (workers * 8)))
            best = min(best, time.perf_counter() - t)
    return best


def load() -> str:
    """The machine's load average, beside every figure (the machine is shared)."""
    import os

    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def breakdown(folder: Path, sample: int = 60) -> dict[str, float]:
    """Per-file ms of each judging stage over the first files, in one process (not in the timed run)."""
    from pipeline import ingest, serialize
    from pipeline.judge import verdict as judge
    from pipeline.judge.rulepack import load_pack
    from pipeline.run import batch
    from pipeline.understand import similarity, structure
    from pipeline.understand.problems import find_problems

    pack = load_pack("sanzhao-2013")
    batch.initialise(pack)
    sources = list(ingest.discover([folder]))[:sample]
    spent: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        spent[name] = spent.get(name, 0.0) + (now - since) * 1000 / len(sources)
        return now

    for source in sources:
        t = time.perf_counter()
        doc = ingest.read(source)
        t = lap("read", t)
        outline = structure.build_outline(doc, pack)
        t = lap("structure", t)
        problems = find_problems(doc, outline.section_ids, pack)
        t = lap("classify", t)
        copy = similarity.notice_copy(doc, pack)
        t = lap("notice copy", t)
        sub = judge.judge(doc, pack, problems=problems, copy=copy)
        t = lap("rules (whole judge, stages above given)", t)
        serialize.submission_to_dict(sub)
        lap("serialise", t)
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--kind", choices=["docx", "pdf"], default="docx")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--inner", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--breakdown", metavar="FOLDER", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.breakdown:
        print(json.dumps(breakdown(Path(args.breakdown))))
        return
    if args.inner:
        inner(Path(args.inner[0]), Path(args.inner[1]), args.workers)
        return
    with tempfile.TemporaryDirectory(prefix="papercheck-bench-") as tmp:
        folder = Path(tmp) / "in"
        t = time.perf_counter()
        generate(folder, args.n, args.kind)
        print(f"generated {args.n} {args.kind} submissions in {time.perf_counter() - t:.1f} s")
        cmd = [sys.executable, __file__, "--inner", str(folder), str(Path(tmp) / "out")]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        m = run_measured(cmd)
        if m.returncode:
            sys.exit(m.stderr)
        inside = json.loads(m.stdout.strip().splitlines()[-1])
        rate = inside["n"] / m.seconds * 60
        target = 12_000 if args.kind == "docx" else 2_500
        print(f"{inside['n']} {args.kind} submissions end to end in {m.seconds:.2f} s "
              f"(start-up and reports included): {rate:,.0f}/min (target ≥ {target:,}/min) [{load()}]")
        print(f"  interpreter start-up: {m.seconds - sum(inside['stages'].values()):.2f} s")
        for name, sec in inside["stages"].items():
            print(f"  {name:14} {sec:7.2f} s")
        if args.kind == "docx":
            from pipeline.run.batch import default_workers

            workers = args.workers or default_workers()
            best = floor(folder, workers)
            print(f"floor (lxml over document.xml + rjieba, {workers} processes, best of 3): {best:.2f} s = "
                  f"{inside['n'] / best * 60:,.0f}/min; papercheck / floor = {m.seconds / best:.1f} "
                  f"(target ≤ 18) [{load()}]")
        print(f"  per-file work summed over workers: {inside['per_file_cpu']:.2f} s "
              f"({inside['per_file_cpu'] / max(1, inside['n']) * 1000:.1f} ms/file); error rows: {inside['errors']}")
        print(f"peak memory: {m.peak_tree_mb:.0f} MB summed over all processes (sampled every 20 ms); "
              f"max RSS of the parent {inside['parent_mb']:.0f} MB, of the largest worker {inside['worker_mb']:.0f} MB "
              f"(target ≤ 1 GB for 10,000)")
        b = run_measured([sys.executable, __file__, "--breakdown", str(folder)])
        if b.returncode == 0:
            parts = json.loads(b.stdout.strip().splitlines()[-1])
            print("  per-file stages (one process, first 60 files): "
                  + ", ".join(f"{k} {v:.1f} ms" for k, v in parts.items()))
        if inside["errors"]:
            print(f"WARNING: {inside['errors']} of {inside['n']} files ended as error rows (a reader missing?): "
                  "the figure does not measure reading them")


if __name__ == "__main__":
    main()
