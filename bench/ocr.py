"""OCR speed: our reader per scanned page against the Tesseract command line on the same page images.

    .venv/bin/python bench/ocr.py [FILE ...] [--repeat 2]

FILE defaults to the scanned PDF and the photographed page in samples/. For each file,
``ingest.read`` is timed (render at 300 dpi, seal removal, Tesseract, layout), then
the same pages are rendered once to PNG with pdftoppm (not timed) and ``tesseract``
is run on each with our language, page mode, dpi, TSV output and one thread
(``OMP_THREAD_LIMIT=1``, as the reader runs it). Target (issue 6): our time per page
within 20 % of Tesseract's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import ingest
from pipeline.ingest.ocr import DPI, LANGS


def page_images(path: Path, folder: Path) -> list[Path]:
    """The file's pages as 300 dpi PNGs (a photo is its own single page)."""
    if path.suffix.lower() != ".pdf":
        return [path]
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(path), str(folder / "p")], check=True, timeout=300)
    return sorted(folder.glob("p*.png"))


def tesseract_seconds(images: list[Path]) -> float:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    for image in images:
        subprocess.run(["tesseract", str(image), "stdout", "-l", LANGS, "--psm", "3", "--dpi", str(DPI), "tsv"],
                       capture_output=True, check=True, timeout=300, env=env)
    return time.perf_counter() - started


def ours_seconds(path: Path) -> float:
    (source,) = list(ingest.discover([path]))
    started = time.perf_counter()
    doc = ingest.read(source)
    elapsed = time.perf_counter() - started
    if not doc.ocr:
        sys.exit(f"{path.name}: read without OCR, not a scan")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        sys.exit("needs tesseract and pdftoppm")
    files = args.files or sorted(p for p in (ROOT / "samples").iterdir()
                                 if "扫描件" in p.name or p.suffix.lower() == ".jpg")
    total_ours = total_tess = 0.0
    total_pages = 0
    for path in files:
        with tempfile.TemporaryDirectory(prefix="papercheck-ocr-bench-") as tmp:
            images = page_images(path, Path(tmp))
            ours = [ours_seconds(path) for _ in range(args.repeat)]
            tess = [tesseract_seconds(images) for _ in range(args.repeat)]
        n = len(images)
        total_ours += min(ours)
        total_tess += min(tess)
        total_pages += n
        print(f"{path.name}: {n} page(s); ours {min(ours) / n:.2f} s/page (runs {', '.join(f'{s:.2f}' for s in ours)}), "
              f"tesseract CLI {min(tess) / n:.2f} s/page (runs {', '.join(f'{s:.2f}' for s in tess)}); "
              f"ours/tesseract {min(ours) / min(tess):.2f}")
    if total_pages:
        ratio = total_ours / total_tess
        print(f"all {total_pages} page(s), best of {args.repeat}: ours {total_ours / total_pages:.2f} s/page, "
              f"tesseract {total_tess / total_pages:.2f} s/page: ours/tesseract = {ratio:.2f} "
              f"(target ≤ 1.20: {'met' if ratio <= 1.2 else 'not met'})")


if __name__ == "__main__":
    main()
