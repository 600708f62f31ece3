"""``stage_dates_agree``: a stage summary is dated within the stage as the school's own plan sets it.

A document whose title names one stage (学习讨论阶段工作总结) is dated between the start of that stage
in the school's latest ``from`` document (the plan) and ``grace_months`` after its end. A rule across
documents, run by the batch like ``carried_forward``; no plan, no dated stage or no stage in the
title: no result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule
from .carried_forward import _name, _type_ids, latest


class StageDatesAgree(Rule):
    type_name = "stage_dates_agree"
    keys = ("from", "grace_months")
    needs_document = False
    across_documents = True

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        grace = data.get("grace_months", 1)
        if not isinstance(grace, int) or isinstance(grace, bool) or grace < 0:
            raise pack_error(path, data, "grace_months", f"{grace!r} is not a number of months", "0, 1, 2, …")
        return {"from": _type_ids(path, data, "from", pack), "grace_months": grace}

    def check(self, context: Context) -> Iterator[Result]:
        if context.school_documents is None:
            return
        sub = context.submission
        plan = latest(context.school_documents, self.params["from"])
        stage = _stage_named(sub.title, context.pack)
        if plan is None or stage is None or not sub.date:
            return
        found = next((s for s in plan.stages if s.id == stage and s.start and s.end), None)
        if found is None:
            return
        name = context.pack.stage_name(stage)
        last = _add_months(found.end[:7], self.params["grace_months"])  # type: ignore[index]
        evidence = f"方案《{_name(plan)}》：{name} {found.start}至{found.end}；《{_name(sub)}》成文日期 {sub.date}"
        ok = found.start[:7] <= sub.date[:7] <= last  # type: ignore[index]
        yield self.result(ok, evidence, None,
                          "" if ok else f"{name}的总结日期 {sub.date} 不在方案定的 {found.start}至{found.end} 内",
                          "" if ok else f"dated {sub.date}, the plan puts {stage} at {found.start}..{found.end}")


def _stage_named(title: str, pack: Pack) -> str | None:
    """The stage a document's title names (学习讨论阶段工作总结 → study), if exactly one."""
    hits = {str(s["id"]) for s in pack.stages for n in s.get("names", []) if n and str(n) in (title or "")}
    return hits.pop() if len(hits) == 1 else None


def _add_months(month: str, n: int) -> str:
    year, mon = int(month[:4]), int(month[5:7]) + n
    year += (mon - 1) // 12
    return f"{year:04d}-{(mon - 1) % 12 + 1:02d}"
