"""Rectification ledgers (整改台账): one item per problem with its measure, owner,
deadline and status, from a table with a header row or from a numbered list.

Look-back reports give each problem's status (已整改/正在整改/未整改 …), in a
table column or in the item's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import BlockKind, Document, Location
from .dates import parse_deadline
from .structure import Outline, block_label, normalise

# header words per column role; the longest match wins (整改措施 before 措施)
COLUMNS: dict[str, tuple[str, ...]] = {
    "index": ("序号", "编号"),
    "problem": ("存在问题", "问题描述", "问题表现", "具体问题", "查找的问题", "问题清单", "问题"),
    "category": ("问题类别", "问题类型", "类别", "类型", "归类"),
    "measure": ("整改措施", "改进措施", "整改举措", "措施"),
    "owner": ("责任领导", "责任人", "责任部门", "负责人", "牵头领导"),
    "deadline": ("完成时限", "整改时限", "完成时间", "整改期限", "时限", "期限"),
    "status": ("整改情况", "整改进展", "完成情况", "整改状态", "进展情况", "状态"),
}
ROLES = tuple(r for r in COLUMNS if r != "index")

STATUSES: dict[str, str] = {  # status word → normalised status
    "已整改": "done", "已完成": "done", "整改完成": "done", "已落实": "done", "已解决": "done",
    "基本完成": "done", "正在整改": "in_progress", "整改中": "in_progress", "持续整改": "ongoing",
    "长期坚持": "ongoing", "持续推进": "ongoing", "未整改": "not_done", "未完成": "not_done",
    "尚未整改": "not_done",
}
_STATUS_RE = re.compile("|".join(sorted(STATUSES, key=len, reverse=True)))
_FIELD_RE = re.compile(
    "(?P<key>" + "|".join(sorted({w for r in ROLES for w in COLUMNS[r]}, key=len, reverse=True)) + r")\s*[:：]"
)


@dataclass(frozen=True)
class LedgerItem:
    problem: str = ""
    category: str = ""
    measure: str = ""
    owner: str = ""
    deadline: str = ""
    deadline_iso: str | None = None
    status: str = ""
    location: Location | None = None
    source: str = "table"  # table | list

    def value(self, role: str) -> str:
        return str(getattr(self, role))


def column_role(header: str) -> str | None:
    h = normalise(header)
    best: tuple[int, str] | None = None
    for role, words in COLUMNS.items():
        for w in words:
            if w in h and (best is None or len(w) > best[0]):
                best = (len(w), role)
    return best[1] if best else None


def status_of(text: str) -> str:
    """The status word in ``text`` (``已整改``), or empty."""
    m = _STATUS_RE.search(text)
    return m.group(0) if m else ""


def find_ledger(doc: Document, outline: Outline, year: int | None = None,
                list_sections: tuple[str, ...] = ()) -> tuple[LedgerItem, ...]:
    """Items from ledger tables; else from numbered lists with 问题：/措施：/责任人： fields,
    or, for ``list_sections``, every numbered item in those sections."""
    items = _from_tables(doc, outline, year)
    return items or _from_lists(doc, outline, year, list_sections) or _from_prose(doc, outline, list_sections)


def _from_prose(doc: Document, outline: Outline, list_sections: tuple[str, ...]) -> tuple[LedgerItem, ...]:
    """Sentences of ``list_sections`` that report a status (``已整改9个，持续整改2个``)."""
    items: list[LedgerItem] = []
    for i, b in enumerate(doc.blocks):
        if i >= len(outline.section_ids) or outline.section_ids[i] not in list_sections or b.kind == BlockKind.TABLE:
            continue
        for sentence in re.split(r"(?<=[。；;！])", b.text):
            status = status_of(sentence)
            if status:
                items.append(LedgerItem(problem=sentence.strip(), status=status, location=outline.locate(doc, i),
                                        source="prose"))
    return tuple(items)


def _from_tables(doc: Document, outline: Outline, year: int | None) -> tuple[LedgerItem, ...]:
    items: list[LedgerItem] = []
    for i, b in enumerate(doc.blocks):
        if b.kind != BlockKind.TABLE or b.table is None:
            continue
        grid = b.table.grid()
        for h, header in enumerate(grid[:3]):
            roles = [column_role(c) for c in header]
            if sum(1 for r in roles if r and r != "index") >= 2 and ("problem" in roles or "measure" in roles):
                break
        else:
            continue
        table_no = b.location.table if b.location.table is not None else 0
        for r in range(h + 1, len(grid)):
            row = grid[r]
            values: dict[str, str] = {}
            for c, role in enumerate(roles):
                if role and role != "index" and c < len(row) and role not in values:
                    values[role] = row[c].strip()
            if not any(values.values()):
                continue
            items.append(LedgerItem(
                **values, deadline_iso=parse_deadline(values.get("deadline", ""), year),
                location=outline.locate(doc, i, table=table_no, row=r), source="table",
            ))
    return tuple(items)


def _from_lists(doc: Document, outline: Outline, year: int | None,
                list_sections: tuple[str, ...]) -> tuple[LedgerItem, ...]:
    items: list[LedgerItem] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        label, rest = block_label(blocks[i])
        if label is None or blocks[i].kind == BlockKind.TABLE:
            i += 1
            continue
        # the item runs on over unlabelled paragraphs that follow it
        j = i + 1
        parts = [rest]
        while j < len(blocks) and block_label(blocks[j])[0] is None and blocks[j].kind != BlockKind.TABLE \
                and _FIELD_RE.match(blocks[j].text.strip()) is not None and len(parts) < 6:
            parts.append(blocks[j].text)
            j += 1
        text = " ".join(parts)
        fields = _fields(text)
        in_section = outline.section_ids[i] in list_sections if i < len(outline.section_ids) else False
        heading_like = len(rest) <= 12 and not _STATUS_RE.search(rest)
        if len(fields) >= 2 or (in_section and not heading_like and outline.section_ids[i] is not None
                                and _is_leaf(outline, i)):
            problem = fields.get("problem") or re.split(_FIELD_RE, text)[0].strip(" ；;。")
            items.append(LedgerItem(
                problem=problem, category=fields.get("category", ""), measure=fields.get("measure", ""),
                owner=fields.get("owner", ""), deadline=fields.get("deadline", ""),
                deadline_iso=parse_deadline(fields.get("deadline", ""), year),
                status=fields.get("status") or status_of(text), location=outline.locate(doc, i), source="list",
            ))
        i = j
    return tuple(items)


def _is_leaf(outline: Outline, block: int) -> bool:
    """True when no heading nests under the one this block starts (a list item, not a section)."""
    h = outline.block_heading[block]
    if h is None or outline.headings[h].block != block:
        return True
    return not any(x.parent == h for x in outline.headings)


def _fields(text: str) -> dict[str, str]:
    """``问题：… 整改措施：… 责任人：…`` → role → value."""
    out: dict[str, str] = {}
    matches = list(_FIELD_RE.finditer(text))
    for k, m in enumerate(matches):
        role = column_role(m["key"])
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        if role and role not in out:
            out[role] = text[m.end():end].strip(" ；;。，,")
    return out
