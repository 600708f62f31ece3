"""``section_required``: one of the listed pack sections is present (by title or content)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack
from .base import Context, Rule, id_list, section_ids


class SectionRequired(Rule):
    type_name = "section_required"
    keys = ("sections",)

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        return {"sections": id_list(path, data, "sections", section_ids(pack))}

    def check(self, context: Context) -> Iterator[Result]:
        wanted = self.params["sections"]
        for finding in context.submission.sections:
            if finding.id in wanted and finding.found:
                yield self.result(True, finding.title, finding.location)
                return
        titles = [s["title"] for s in context.pack.sections if s["id"] in wanted]
        yield self.result(False, "", None, f"未找到“{'/'.join(titles)}”部分", f"no section {'/'.join(wanted)}")
