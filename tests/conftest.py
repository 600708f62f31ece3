"""Builders for Documents the way readers make them (labels, styles, tables)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.ingest import text as text_reader
from pipeline.judge.rulepack import Pack, load_pack
from pipeline.model import Block, BlockKind, Cell, Document, Location, StyleHints, Table


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages are Chinese unless a test asks otherwise, whatever the locale of the machine running the tests."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


def from_text(text: str, path: str = "doc.txt") -> Document:
    """A document through the real plain-text reader (one paragraph per line)."""
    return text_reader.read(text.encode("utf-8"), path)


def para(text: str, label: str = "", level: int | None = None, kind: BlockKind = BlockKind.PARAGRAPH,
         **style: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text, "label": label, "level": level, "style": StyleHints(**style)}


def table(*rows: list[str]) -> dict[str, Any]:
    cells = tuple(tuple(Cell(t, r, c) for c, t in enumerate(row)) for r, row in enumerate(rows))
    return {"kind": BlockKind.TABLE, "text": "", "table": Table(cells)}


def build(*items: dict[str, Any] | str, path: str = "doc.docx", ocr: bool = False,
          notes: tuple[str, ...] = ()) -> Document:
    """A Document from paragraphs (str or para()) and tables (table()), locations as a reader sets them."""
    blocks = []
    tables = 0
    for i, item in enumerate(items):
        spec = para(item) if isinstance(item, str) else dict(item)
        if spec["kind"] == BlockKind.TABLE:
            loc = Location(paragraph=i, table=tables)
            tables += 1
        else:
            loc = Location(paragraph=i, part="header" if spec["kind"] == BlockKind.HEADER else None)
        blocks.append(Block(location=loc, **spec))
    return Document(path=path, format="docx", sha256="0" * 64, blocks=tuple(blocks), ocr=ocr, notes=notes)
