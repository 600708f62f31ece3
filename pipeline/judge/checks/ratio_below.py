"""``ratio_below``: a similarity ratio of the submission stays below a bound.

``field``: ``copy.notice_ratio`` (text copied from the notice) or
``copy.peer_similarity`` (near-duplicate of another school's submission).
``bound`` is a number or ``bound_from``, a dotted key of pack.yaml. A missing
value (no peer compared yet) passes. Runs on a finished Submission too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule, choice, value_or_pack_key

FIELDS = ("copy.notice_ratio", "copy.peer_similarity")


class RatioBelow(Rule):
    type_name = "ratio_below"
    keys = ("field", "bound", "bound_from")
    needs_document = False

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        field = choice(path, data, "field", FIELDS, "")
        bound = value_or_pack_key(path, data, "bound", pack, "similarity.notice_bound, similarity.peer_bound",
                                  "a number 0..1")
        if not isinstance(bound, (int, float)) or not 0 <= bound <= 1:
            raise pack_error(path, data, "bound", f"{bound!r} is not a ratio", "a number 0..1")
        return {"field": field, "bound": float(bound)}

    def check(self, context: Context) -> Iterator[Result]:
        copy = context.submission.copy
        value = getattr(copy, self.params["field"].split(".", 1)[1])
        bound = self.params["bound"]
        if value is None:
            yield self.result(True, "", None)
            return
        if self.params["field"] == "copy.peer_similarity":
            who = copy.peer_school or copy.peer_path or ""
            detail, detail_en = f"与{who}相似度{value:.0%}", f"{value:.0%} similar to {who}"
            yield self.result(value < bound, copy.peer_path or "", None, detail, detail_en)
            return
        evidence = copy.passages[0].text[:160] if copy.passages else ""
        detail, detail_en = f"与通知原文重合{value:.0%}，上限{bound:.0%}", f"{value:.0%} of the notice, bound {bound:.0%}"
        location = copy.passages[0].location if copy.passages else None
        yield self.result(value < bound, evidence, location, detail, detail_en)
