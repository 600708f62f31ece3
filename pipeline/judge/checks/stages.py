"""``stages``: every listed stage is present (``require: present``) and dated
(``require: dates``); ``check: window`` instead flags a stage dated outside its window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack
from .base import Context, Rule, choice, id_list


class StagesDated(Rule):
    type_name = "stages"
    keys = ("stages", "require", "check")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        ids = [str(s["id"]) for s in pack.stages] if pack else []
        return {
            "stages": id_list(path, data, "stages", ids, default=ids),
            "require": choice(path, data, "require", ("present", "dates"), "dates"),
            "check": choice(path, data, "check", ("presence", "window"), "presence"),
        }

    def check(self, context: Context) -> Iterator[Result]:
        names = {s["id"]: s["name"] for s in context.pack.stages}
        windows = {s["id"]: s["window"] for s in context.pack.stages}
        findings = {f.id: f for f in context.submission.stages}
        steps = None
        if context.outline is not None and context.document is not None:
            match = context.outline.section(context.pack.section_with_role("stages") or "")
            if match is not None:
                steps = context.outline.locate(context.document, context.outline.headings[match.heading].block)
        failed = False
        for stage_id in self.params["stages"]:
            f = findings.get(stage_id)
            name = names.get(stage_id, stage_id)
            if self.params["check"] == "window":
                if f is None or not f.start or not f.end:
                    continue  # undated stages are the presence rule's business
                w = windows[stage_id]
                if f.start[:7] < w["start"] or f.end[:7] > w["end"]:
                    failed = True
                    yield self.result(False, f.evidence, f.location,
                                      f"{name}：{f.start}至{f.end}，通知要求{w['start']}至{w['end']}",
                                      f"{stage_id}: {f.start}..{f.end}, notice window {w['start']}..{w['end']}")
            elif f is None or not f.found:
                failed = True
                yield self.result(False, "", steps, f"未找到{name}", f"stage {stage_id} not found")
            elif self.params["require"] == "dates" and not f.start:
                failed = True
                yield self.result(False, f.evidence, f.location, f"{name}没有写明时间", f"stage {stage_id} has no dates")
        if not failed:
            dated = [f"{names.get(i, i)} {findings[i].start}至{findings[i].end}" for i in self.params["stages"]
                     if i in findings and findings[i].start]
            first = next((findings[i].location for i in self.params["stages"] if i in findings and findings[i].location), None)
            yield self.result(True, "；".join(dated), first or steps)
