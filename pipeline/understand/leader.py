"""Who leads the campaign at a school: ``组长：张三``, ``组  长 张三``, a table row,
``由张三校长任组长`` — and not ``各年级组长`` or ``副组长``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Document, Location
from .structure import Outline
from .units import text_units

_TITLES = ("党支部书记", "党总支书记", "支部书记", "副校长", "校长", "书记", "园长", "主任", "同志", "老师")
_NOT_LEADER = "副各级科研备课班小工室区队团"  # 副组长, 各年级组长, 教研组长, 备课组长, 班组长, ...
_NAME = r"[\u4e00-\u9fff·]{2,8}"
_GROUP_LEADER = re.compile(
    rf"组\s*长\s*[:：\s]\s*(?:(?:党支部书记|党总支书记|书记|校长|园长|主任)\s*)?(?P<who>{_NAME})")
_APPOINTED = re.compile(rf"(?:由|以)\s*(?P<who>{_NAME}?)\s*(?:任|担任|为)\s*(?:领导小组)?组\s*长")
_CUT = re.compile(r"[\s，,、；;。（(：:]")


@dataclass(frozen=True)
class Leader:
    name: str
    evidence: str
    location: Location | None


def clean_name(raw: str) -> str | None:
    """``张三校长`` → 张三, ``校长张三`` → 张三; None when no 2–4 character name is left."""
    name = _CUT.split(raw.strip(), maxsplit=1)[0]
    changed = True
    while changed:
        changed = False
        for t in _TITLES:
            if name.endswith(t) and len(name) > len(t):
                name, changed = name[: -len(t)], True
            elif name.startswith(t) and len(name) > len(t):
                name, changed = name[len(t):], True
    if any(name.startswith(t) for t in _TITLES) or any(w in name for w in ("组长", "成员", "姓名", "职务")):
        return None
    return name if 2 <= len(name) <= 4 else None


def _not_a_leader(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and before[-1] in _NOT_LEADER


def find_leader(doc: Document, outline: Outline, organisation: Iterable[int] = ()) -> Leader | None:
    """The leader named in the organisation section (its blocks: ``organisation``) first, then anywhere."""
    units = text_units(doc, outline)
    org = set(organisation)
    ordered = [u for u in units if u.block in org] + [u for u in units if u.block not in org]
    for u in ordered:
        if u.cells:
            for c, cell in enumerate(u.cells[:-1]):
                if re.fullmatch(r"组\s*长\s*[:：]?", cell):
                    name = clean_name(u.cells[c + 1])
                    if name:
                        return Leader(name, u.text[:120], u.location)
        for m in _APPOINTED.finditer(u.text):
            name = clean_name(m["who"])
            if name:
                return Leader(name, u.text[:120], u.location)
        for m in _GROUP_LEADER.finditer(u.text):
            if _not_a_leader(u.text, m.start()):
                continue
            name = clean_name(m["who"])
            if name:
                return Leader(name, u.text[:120], u.location)
    return None
