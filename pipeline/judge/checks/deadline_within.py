"""``deadline_within``: every ledger deadline falls on or before an end month
(``end: YYYY-MM`` or ``end_from``, a dotted key of pack.yaml such as ``campaign.end``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule, value_or_pack_key


class DeadlineWithin(Rule):
    type_name = "deadline_within"
    keys = ("end", "end_from")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        end = value_or_pack_key(path, data, "end", pack, "campaign.end", "YYYY-MM")
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
