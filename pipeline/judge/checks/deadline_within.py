"""``deadline_within``: every ledger deadline falls inside a window: on or after a start month and on
or before an end month (``start``/``end``: ``YYYY-MM``, or ``start_from``/``end_from``: a dotted key
of pack.yaml such as ``campaign.start``; at least one of the two).

``without_date`` says how a deadline written in words counts: for each kind of the pack's
``ledger.deadline_words`` (``immediate``: 立行立改, ``ongoing``: 长期坚持 …) and ``other`` (any other
text without a date, such as 尽快), ``pass`` or ``fail``. Unlisted kinds pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..manifest import month
from ..rulepack import Marked, Pack, pack_error, require
from .base import Context, Rule, value_or_pack_key

OUTCOMES = ("pass", "fail")


class DeadlineWithin(Rule):
    type_name = "deadline_within"
    keys = ("start", "start_from", "end", "end_from", "without_date")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        bounds: dict[str, str | None] = {}
        for key in ("start", "end"):
            if key not in data and f"{key}_from" not in data:
                bounds[key] = None
                continue
            value = value_or_pack_key(path, data, key, pack, f"campaign.{key}", "YYYY-MM")
            if not isinstance(value, str):
                raise pack_error(path, data, key, f"{value!r} is not a month", "YYYY-MM")
            bounds[key] = month(path, {key: value}, key, key)[:7]  # type: ignore[index]
        if bounds["start"] is None and bounds["end"] is None:
            raise pack_error(path, data, "end", "missing: give start/start_from, end/end_from or both",
                             "start, start_from, end, end_from")
        if bounds["start"] and bounds["end"] and bounds["start"] > bounds["end"]:
            raise pack_error(path, data, "end", f"{bounds['end']} is before the start {bounds['start']}", "end ≥ start")
        kinds = [*(pack.deadline_words if pack else {}), "other"]
        without: dict[str, str] = {}
        if "without_date" in data:
            given = require(path, data, "without_date", dict, "a mapping of deadline kinds to pass or fail")
            for kind, outcome in given.items():
                if kind not in kinds:
                    raise pack_error(path, given, f"without_date.{kind}", "not a kind of deadline_words in pack.yaml",
                                     kinds)
                if outcome not in OUTCOMES:
                    raise pack_error(path, given, f"without_date.{kind}", f"{outcome!r} is not pass or fail", OUTCOMES)
                without[str(kind)] = str(outcome)
        return {"start": bounds["start"], "end": bounds["end"], "without_date": without}

    def _kind(self, text: str, pack: Pack) -> str:
        """The kind of a deadline without a date (``ongoing`` for 长期坚持), or ``other``."""
        hits = [(len(w), kind) for kind, words in pack.deadline_words.items() for w in words if w in text]
        return max(hits)[1] if hits else "other"

    def check(self, context: Context) -> Iterator[Result]:
        start, end = self.params["start"], self.params["end"]
        window = f"{start or '…'}至{end or '…'}"
        bad = 0
        dated = 0
        for item in context.ledger:
            if not item.deadline.strip():
                continue  # an empty deadline is table_columns_filled's business
            evidence = f"{item.problem[:80]}：{item.deadline}"
            iso = item.deadline_iso
            if iso:
                dated += 1
                if end and iso[:7] > end:
                    bad += 1
                    yield self.result(False, evidence, item.location, f"完成时限{iso}晚于{end}",
                                      f"deadline {iso} after {end}")
                elif start and iso[:7] < start:
                    bad += 1
                    yield self.result(False, evidence, item.location, f"完成时限{iso}早于活动开始{start}",
                                      f"deadline {iso} before the start {start}")
                continue
            kind = self._kind(item.deadline, context.pack)
            if self.params["without_date"].get(kind, "pass") == "fail":
                bad += 1
                yield self.result(False, evidence, item.location, f"完成时限“{item.deadline}”没有写明日期",
                                  f"deadline {item.deadline!r} gives no date ({kind})")
        if not bad:
            yield self.result(True, f"{dated}项时限均在{window}之间")
