"""Rendering a Document for `papercheck extract`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..model import Document


def document_as_dict(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "format": doc.format,
        "sha256": doc.sha256,
        "ocr": doc.ocr,
        "pages": doc.pages,
        "notes": list(doc.notes),
        "blocks": [
            {
                "kind": b.kind.value,
                "label": b.label,
                "level": b.level,
                "text": b.text,
                "location": b.location.to_dict(),
                "style": {k: v for k, v in asdict(b.style).items() if v not in (None, False)},
                **({"rows": b.table.grid(), "cells": [
                    {"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, "text": c.text}
                    for row in b.table.rows for c in row if c.rowspan > 1 or c.colspan > 1]} if b.table else {}),
            }
            for b in doc.blocks
        ],
    }


def document_as_text(doc: Document) -> str:
    lines = [f"== {doc.path}  [{doc.format}{', OCR' if doc.ocr else ''}] sha256={doc.sha256[:12]}"]
    for note in doc.notes:
        lines.append(f"   ! {note}")
    if doc.pages:
        lines.append(f"   {doc.pages} 页")
    for b in doc.blocks:
        where = b.location.describe()
        level = "" if b.level is None else f" L{b.level}"
        label = f" {b.label}" if b.label else ""
        text = f"{len(b.table.rows)} 行" if b.table else b.text
        lines.append(f"  {b.kind.value:9}{level:4}{label:6} {text}    〔{where}〕")
        if b.table:
            for row in b.table.grid():
                lines.append("      | " + " | ".join(row))
    return "\n".join(lines) + "\n"
