"""``statements_found``: the document states gaps (找差距) and/or goals (找目标).

``kinds``: the statements required, ``gaps`` and/or ``goals`` (``understand/gaps_goals.py`` finds
them: a comparison with a standard or a peer that falls short; 力争…, 下一步…, 目标是…). Each kind
missing is named in the message; the evidence is the first statement found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule

KINDS = {"gaps": ("差距", "gaps"), "goals": ("目标", "goals")}


class StatementsFound(Rule):
    type_name = "statements_found"
    keys = ("kinds",)

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        kinds = data.get("kinds")
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
            raise pack_error(path, data, "kinds", f"{kinds!r}: expected a list of statement kinds", list(KINDS))
        return {"kinds": [str(k) for k in kinds]}

    def check(self, context: Context) -> Iterator[Result]:
        sub = context.submission
        found = {k: getattr(sub, k) for k in self.params["kinds"]}
        missing = [k for k, items in found.items() if not items]
        if missing:
            yield self.result(False, "", None, "未找到：" + "、".join(KINDS[k][0] for k in missing),
                              "none found: " + ", ".join(KINDS[k][1] for k in missing))
            return
        first = next(items[0] for items in found.values() if items)
        yield self.result(True, first.text, first.location)
