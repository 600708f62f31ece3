"""Reading speed per format: files/s, pages/s and peak memory over a folder of submissions.

    .venv/bin/python bench/ingest.py [FOLDER] [--raw-pdf]

FOLDER defaults to samples/; when it holds no submissions, a few real files are
made in a temporary folder (Word, LibreOffice PDF, scanned PDF, .doc, GBK text,
zip). --raw-pdf also times the two PDF libraries alone on every text PDF:
pypdfium2's text per page against pdfplumber's extract_text per page.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ingest
from pipeline.errors import InputError


def make_samples(folder: Path) -> None:
    """A handful of real submissions, made the way the tests make theirs."""
    sys.path.insert(0, str(ROOT / "tests"))
    import zipfile

    import ingest_fixtures as fx

    long_docx = fx.official_docx(10)
    (folder / "方案.docx").write_bytes(fx.official_docx(3))
    (folder / "方案.pdf").write_bytes(fx.convert(long_docx, ".docx", "pdf"))
    (folder / "长文.pdf").write_bytes(fx.plain_text_pdf(_long_text()))
    (folder / "扫描件.pdf").write_bytes(fx.scanned_pdf())
    (folder / "旧版.doc").write_bytes(fx.convert(fx.official_docx(3), ".docx", "doc"))
    (folder / "总结.txt").write_bytes(_long_text().encode("gbk"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("学校/方案.docx", fx.official_docx(2))
        z.writestr("学校/总结.txt", _long_text().encode("utf-8"))
    (folder / "材料.zip").write_bytes(buf.getvalue())


def _long_text() -> str:
    para = ("各处室、各年级组要把开展“三找”活动作为转变工作作风、提升管理水平的重要抓手，"
            "对照职责逐项查找在工作作风、工作纪律和工作落实方面存在的问题，建立问题清单和整改台账，"
            "明确整改措施、责任人和完成时限，做到问题不查清不放过、整改不到位不放过。")
    return "\n".join(f"{n}. {para}" for n in range(1, 301)) + "\n"


def warm_imports() -> None:
    """Import every reader's libraries first, so the first file of a format is not charged for them."""
    import charset_normalizer  # noqa: F401
    import numpy  # noqa: F401
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401
    from PIL import Image  # noqa: F401

    for fmt in ("docx", "pdf", "txt", "image", "doc", "zip"):
        ingest.READERS[fmt]


def bench(folder: Path) -> None:
    warm_imports()
    stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])  # files, pages, seconds, peak bytes
    tracemalloc.start()
    started = time.perf_counter()
    for source in ingest.discover([folder]):
        tracemalloc.reset_peak()
        t0 = time.perf_counter()
        try:
            doc = ingest.read(source)
            key, pages = doc.format + (" (OCR)" if doc.ocr else ""), doc.pages or 1
        except InputError as e:
            key, pages = f"error:{e.kind}", 0
        s = stats[key]
        s[0] += 1
        s[1] += pages
        s[2] += time.perf_counter() - t0
        s[3] = max(s[3], tracemalloc.get_traced_memory()[1])
    total = time.perf_counter() - started
    tracemalloc.stop()
    print(f"{'format':16} {'files':>5} {'pages':>6} {'seconds':>8} {'files/s':>8} {'pages/s':>8} {'py peak MB':>10}")
    for key in sorted(stats):
        files, pages, secs, peak = stats[key]
        print(f"{key:16} {files:5d} {pages:6d} {secs:8.2f} {files / secs:8.2f} {pages / secs:8.1f} {peak / 2**20:10.1f}")
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"total {total:.2f} s; peak RSS {self_kb / 1024:.0f} MB (papercheck process); "
          f"largest child {child_kb / 1024:.0f} MB (tesseract/soffice, counted from the fork, so never below the parent)")


def raw_pdf(folder: Path) -> None:
    """pypdfium2 against pdfplumber, text only, on every PDF with a text layer."""
    import pdfplumber
    import pypdfium2 as pdfium

    print(f"\n{'pdf':24} {'pages':>5} {'pypdfium2 p/s':>14} {'pdfplumber p/s':>15} {'papercheck p/s':>15}")
    for f in sorted(folder.rglob("*.pdf")):
        data = f.read_bytes()
        t0 = time.perf_counter()
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            continue  # damaged or password-protected: nothing to compare
        n = len(pdf)
        chars = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(n))
        t_pdfium = time.perf_counter() - t0
        if chars < 20 * n:
            continue  # scanned: no text layer to compare
        t0 = time.perf_counter()
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for page in plumber.pages:
                page.extract_text()
        t_plumber = time.perf_counter() - t0
        t0 = time.perf_counter()
        ingest.read_bytes(data, f.name)
        t_ours = time.perf_counter() - t0
        print(f"{f.name[:24]:24} {n:5d} {n / t_pdfium:14.1f} {n / t_plumber:15.1f} {n / t_ours:15.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "samples")
    parser.add_argument("--raw-pdf", action="store_true", help="also time pypdfium2 and pdfplumber alone")
    args = parser.parse_args()
    folder = args.folder
    tmp = None
    if not folder.is_dir() or not any(ingest.discover([folder])):
        tmp = tempfile.TemporaryDirectory(prefix="papercheck-bench-")
        folder = Path(tmp.name)
        print(f"no submissions in {args.folder}; made samples in {folder}", file=sys.stderr)
        make_samples(folder)
    bench(folder)
    if args.raw_pdf:
        raw_pdf(folder)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
