"""``metadata_present``: the document names its school, date (成文日期), issuer (落款)
or campaign leader (组长)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack
from .base import Context, Rule, choice

FIELDS = ("school", "date", "issuer", "leader")


class MetadataPresent(Rule):
    type_name = "metadata_present"
    keys = ("field",)

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        return {"field": choice(path, data, "field", FIELDS, "")}

    def check(self, context: Context) -> Iterator[Result]:
        field = self.params["field"]
        if field == "leader":
            leader = context.leader
            if leader is None:
                yield self.result(False, "", None, "未写明组长", "no leader named")
            else:
                yield self.result(True, leader.evidence, leader.location, f"组长：{leader.name}", f"leader: {leader.name}")
            return
        value = getattr(context.submission, field)
        meta = context.metadata
        location = None
        if meta is not None:
            location = {"date": meta.date_location, "issuer": meta.issuer_location, "school": meta.school_location}.get(field)
        if value:
            yield self.result(True, value, location)
        else:
            yield self.result(False, "", None, "", f"no {field} found")
