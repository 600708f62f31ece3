"""The local pool against a Dask LocalCluster on the same files, and a projection for a province (issue 13).

    python bench/cluster.py [--pages 200] [--words 1000] [--workers 2] [--cores-per-machine 8]

Makes scans (image-only PDFs of 5 pages, rendered at 150 dpi from five-page text plans) holding
``--pages`` pages in all, and ``--words`` Word files (bench/throughput.py's), then judges each set
with the local supervised pool of ``--workers`` processes and with a LocalCluster of as many
worker processes (one thread each), in this process, reports not included. Prints pages/min,
files/min, the cluster's overhead per task (its time beyond the local pool's, per task, and a
Dask round trip of an empty task), the CPU seconds a page and a Word file cost, and from those
the hours a province takes (20,000 schools × 4 documents, a fifth of them scans of 5 pages) on
N machines. The load average is printed beside each figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from throughput import generate, load

SCHOOLS, DOCS_PER_SCHOOL, SCAN_SHARE, SCAN_PAGES = 20_000, 4, 0.2, 5


def make_scans(folder: Path, pages: int, dpi: int = 150) -> None:
    """Image-only PDFs of SCAN_PAGES pages (the last one shorter), ``pages`` pages in all."""
    import pypdfium2 as pdfium

    text = folder.parent / "scan-src"
    generate(text, max(1, min(10, pages // SCAN_PAGES)), "pdf")
    rendered = []
    for pdf in sorted(text.glob("*.pdf")):
        doc = pdfium.PdfDocument(pdf)
        rendered += [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(min(SCAN_PAGES, len(doc)))]
    folder.mkdir(parents=True, exist_ok=True)
    done = 0
    while done < pages:
        take = min(SCAN_PAGES, pages - done)
        images = [rendered[(done + k) % len(rendered)] for k in range(take)]
        images[0].save(folder / f"scan-{done // SCAN_PAGES:04d}.pdf", save_all=True, append_images=images[1:],
                       resolution=dpi)
        done += take


def judge(folder: Path, workers: int, cluster: str | None) -> tuple[float, int, int, float]:
    """(seconds, files, error rows, CPU seconds of the local pool's workers and their Tesseract/LibreOffice).

    The CPU seconds come from RUSAGE_CHILDREN (the pool's workers are waited for when the run ends, and
    they waited for their programs); on a loaded machine they are the honest cost, the wall clock is not.
    The cluster's workers are not this process's children: 0 for them.
    """
    import resource

    from pipeline import ingest
    from pipeline.judge.rulepack import load_pack
    from pipeline.run import batch

    pack = load_pack("sanzhao-2013")
    sources = list(ingest.discover([folder]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    errors = sum(1 for _, data in batch.process(sources, pack, workers, cluster=cluster)
                 if data.get("status", "error") == "error")
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, len(sources), errors, cpu


def empty_task_overhead(address: str, n: int = 2000) -> float:
    """Milliseconds of a Dask round trip for a task that does nothing, n of them in flight."""
    from distributed import Client

    with Client(address) as client:
        client.gather(client.map(abs, range(-100, 0)))  # connections warm
        started = time.perf_counter()
        client.gather(client.map(abs, range(-n, 0), pure=False))
        return (time.perf_counter() - started) * 1000 / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--words", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cores-per-machine", type=int, default=8)
    args = ap.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="papercheck-cluster-bench-") as tmp:
        scans, words = Path(tmp) / "scans", Path(tmp) / "words"
        make_scans(scans, args.pages)
        generate(words, args.words, "docx")
        print(f"{args.pages} scanned pages in {len(list(scans.iterdir()))} PDFs, {args.words} Word files; "
              f"{args.workers} processes each way")
        started = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as lc:
            print(f"LocalCluster up in {time.perf_counter() - started:.1f} s [{load()}]")
            figures = {}
            for label, folder, unit in (("scans", scans, args.pages), ("Word", words, args.words)):
                for where, address in (("local pool", None), ("LocalCluster", lc.scheduler_address)):
                    seconds, files, errors, cpu = judge(folder, args.workers, address)
                    figures[(label, where)] = (seconds, files, cpu)
                    per = "pages" if label == "scans" else "files"
                    used = f", {cpu:.1f} CPU s" if cpu else ""
                    print(f"  {label:5} {where:12}: {seconds:7.2f} s, {unit / seconds * 60:9,.0f} {per}/min "
                          f"({files} files, {errors} error rows{used}) [{load()}]")
            empty = empty_task_overhead(lc.scheduler_address)
        for label, unit in (("scans", args.pages), ("Word", args.words)):
            (local, files, _), (dask, _, _) = figures[(label, "local pool")], figures[(label, "LocalCluster")]
            tasks = unit if label == "scans" else max(1, files // 8)
            print(f"  {label}: the cluster's time beyond the local pool's: {(dask - local) * 1000 / tasks:.1f} ms "
                  f"a task ({tasks} tasks)")
        print(f"  an empty Dask task, round trip with 2,000 in flight: {empty:.2f} ms")
        page_cpu = figures[("scans", "local pool")][2] / args.pages
        word_cpu = figures[("Word", "local pool")][2] / args.words
        print(f"measured cost (CPU of the local pool's processes): {page_cpu:.2f} CPU s a scanned page, "
              f"{word_cpu * 1000:.1f} CPU ms a Word file; a cluster adds the overhead per task above")
        docs = SCHOOLS * DOCS_PER_SCHOOL
        pages = int(docs * SCAN_SHARE) * SCAN_PAGES
        texts = docs - int(docs * SCAN_SHARE)
        work = pages * page_cpu + texts * word_cpu
        print(f"a province: {docs:,} documents, {pages:,} scanned pages and {texts:,} text documents = "
              f"{work / 3600:.1f} CPU hours")
        for machines in (1, 2, 5, 10, 20):
            cores = machines * args.cores_per_machine
            print(f"  {machines:2} machine(s) × {args.cores_per_machine} cores: {work / cores / 3600:5.2f} h")
        print(f"(this machine: {os.cpu_count()} cores [{load()}]; CPU seconds under load are inflated by "
              "contention, wall-clock rates far more)")


if __name__ == "__main__":
    main()
