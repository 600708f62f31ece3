"""The campaign's stages as a plan states them, each with its month range.

A stage is found by any of its pack names in a paragraph, list item or table row;
its dates are the first month range after the name in the same unit, or in the
next unit when the dates sit on their own line or in the stage's body.
"""

from __future__ import annotations

from ..judge.rulepack import Pack
from ..model import Document, StageFinding
from .dates import find_month_ranges
from .structure import Outline
from .units import Unit, text_units


def find_stages(doc: Document, outline: Outline, pack: Pack, year: int | None = None) -> tuple[StageFinding, ...]:
    """One finding per pack stage, in pack order; years run on from stage to stage."""
    units = text_units(doc, outline)
    steps = set(outline.blocks_of(pack.section_with_role("stages") or ""))
    names = [(st["id"], [str(n) for n in st["names"]]) for st in pack.stages]
    year = year or pack.campaign_year
    after: str | None = None
    found: list[StageFinding] = []
    for stage_id, stage_names in names:
        others = [n for sid, ns in names if sid != stage_id for n in ns]
        hits = [(k, pos) for k, u in enumerate(units) if (pos := _position(u.text, stage_names)) is not None]
        # prefer a mention in the steps section, then one that carries dates
        best: StageFinding | None = None
        for in_steps in (True, False):
            for k, pos in hits:
                if (units[k].block in steps) != in_steps and steps:
                    continue
                finding = _dated(units, k, pos, others, stage_id, year, after)
                if finding.start:
                    best = finding
                    break
                best = best or finding
            if best and best.start:
                break
        if best is None:
            found.append(StageFinding(stage_id, False))
            continue
        if best.end:
            after = best.end
            year = int(best.end[:4]) if year is None else year
        found.append(best)
    return tuple(found)


def _position(text: str, names: list[str]) -> int | None:
    spots = [text.find(n) for n in names if n in text]
    return min(spots) if spots else None


def _dated(units: list[Unit], k: int, pos: int, others: list[str], stage_id: str,
           year: int | None, after: str | None) -> StageFinding:
    unit = units[k]
    # the clause holding the name first (prose: "7—8月为学习讨论阶段；9—10月为…"), then the rest after it
    start = max(unit.text.rfind(c, 0, pos) for c in "；;。") + 1
    ends = [e for c in "；;。" if (e := unit.text.find(c, pos)) >= 0]
    clause = unit.text[start:min(ends) if ends else len(unit.text)]
    ranges = find_month_ranges(clause, year, after) or find_month_ranges(unit.text[pos:], year, after)
    if not ranges and k + 1 < len(units):
        following = units[k + 1]
        if _position(following.text, others) is None:
            ranges = find_month_ranges(following.text, year, after)
    if ranges:
        r = ranges[0]
        return StageFinding(stage_id, True, r.start, r.end, unit.text[:200], unit.location)
    return StageFinding(stage_id, True, None, None, unit.text[:200], unit.location)
