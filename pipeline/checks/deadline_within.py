"""``deadline_within``: every ledger deadline falls on or before an end month
(``end: YYYY-MM`` or ``end_from``, a dotted key of pack.yaml such as ``campaign.end``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule


class DeadlineWithin(Rule):
    type_name = "deadline_within"
    keys = ("end", "end_from")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        if "end" in data:
            end = data["end"]
        elif "end_from" in data:
            try:
                end = pack.lookup(str(data["end_from"])) if pack else None
            except (KeyError, TypeError) as e:
                raise pack_error(path, data, "end_from", f"{data['end_from']!r} is not a key of pack.yaml",
                                 "campaign.end") from e
        else:
            raise pack_error(path, data, "end", "missing: give end or end_from", "YYYY-MM")
        if not isinstance(end, str) or not re.fullmatch(r"\d{4}-\d{2}", end):
            raise pack_error(path, data, "end", f"{end!r} is not a month", "YYYY-MM")
        return {"end": end}

    def check(self, context: Context) -> Iterator[Result]:
        end = self.params["end"]
        late = [item for item in context.ledger if item.deadline_iso and item.deadline_iso[:7] > end]
        for item in late:
            yield self.result(False, f"{item.problem[:80]}：{item.deadline}", item.location,
                              f"完成时限{item.deadline_iso}晚于{end}", f"deadline {item.deadline_iso} after {end}")
        if not late:
            dated = sum(1 for item in context.ledger if item.deadline_iso)
            yield self.result(True, f"{dated}项时限均在{end}之前")
