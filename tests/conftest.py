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


# A school plan whose 领导小组 names only a 副组长 (plan-leader fails): reviewers and letters start from it.
PLAN_NO_LEADER = """南明区青松小学“三找”活动实施方案
一、指导思想
结合我校实际，查找作风、纪律、落实方面的问题。
二、组织领导
学校成立“三找”活动领导小组，副组长：王芳，各年级组长负责本年级的学习讨论。
三、活动重点
查找作风、纪律、落实方面的问题。
四、方法步骤
（一）学习讨论阶段（2013年7月—8月）
（二）整改落实阶段（2013年9月—10月）
（三）巩固深化阶段（2013年11月—12月）
（四）深入落实长效机制阶段（2014年1月—3月）
（五）回头看、查漏补缺阶段（2014年4月—7月）
五、工作要求
各部门认真落实。
南明区青松小学
2013年8月26日
"""
