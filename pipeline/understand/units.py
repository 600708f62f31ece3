"""Text units a finder searches: each paragraph, and each table row, with its location."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BlockKind, Document, Location
from .structure import Outline


@dataclass(frozen=True)
class Unit:
    text: str
    block: int
    location: Location
    cells: tuple[str, ...] = ()  # a table row's cells


def text_units(doc: Document, outline: Outline) -> list[Unit]:
    """Paragraphs (label included) and table rows (cells joined by a space), in reading order."""
    out: list[Unit] = []
    for i, b in enumerate(doc.blocks):
        if b.kind == BlockKind.TABLE and b.table is not None:
            for r, row in enumerate(b.table.rows):
                cells = tuple(c.text.strip() for c in row)
                loc = outline.locate(doc, i, table=b.location.table if b.location.table is not None else 0, row=r)
                out.append(Unit(" ".join(cells), i, loc, cells))
        elif b.text.strip():
            out.append(Unit(b.display, i, outline.locate(doc, i)))
    return out
