"""Why papercheck reads .docx with its own lxml reader rather than python-docx: what each sees, and how fast.

    .venv/bin/python bench/docx_readers.py [FOLDER]

Over every .docx under FOLDER (default samples/, zips not opened) it prints, per reader, the
seconds taken and what python-docx's ``paragraph.text`` / table cells lose that a reader of the
document sees: Word's automatic numbering (一、 （一） 1.), text boxes, and text inside tracked
insertions (w:ins). python-docx is a dev dependency (samples are written with it).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx

from pipeline.errors import InputError
from pipeline.ingest import docx as ours
from pipeline.model import BlockKind


def python_docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples"
    files = sorted(folder.rglob("*.docx"))
    t_ours = t_theirs = 0.0
    labels = labels_lost = boxes = boxes_lost = 0
    for f in files:
        data = f.read_bytes()
        start = time.perf_counter()
        try:
            doc = ours.read(data, str(f))
        except InputError:
            continue  # a damaged sample: neither reader has anything to show
        t_ours += time.perf_counter() - start
        start = time.perf_counter()
        try:
            theirs = python_docx_text(data)
        except Exception as e:  # noqa: BLE001 — a file python-docx cannot open is a figure too
            print(f"python-docx cannot open {f.name}: {type(e).__name__}")
            continue
        t_theirs += time.perf_counter() - start
        flat = theirs.replace(" ", "")
        for b in doc.blocks:
            if b.label and b.kind != BlockKind.TABLE:
                labels += 1
                if (b.label + b.text[:6]).replace(" ", "") not in flat and b.label not in b.text:
                    labels_lost += 1
            if b.kind == BlockKind.TEXTBOX:
                boxes += 1
                boxes_lost += b.text[:10] not in theirs
    print(f"{len(files)} .docx under {folder}")
    print(f"papercheck (lxml): {t_ours:.2f} s; python-docx: {t_theirs:.2f} s (text only, no structure)")
    print(f"numbered paragraphs: {labels}, of which python-docx shows without their number: {labels_lost}")
    print(f"text boxes: {boxes}, of which python-docx does not show: {boxes_lost}")


if __name__ == "__main__":
    main()
