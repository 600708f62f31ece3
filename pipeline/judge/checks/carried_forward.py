"""``carried_forward``: what a school listed earlier shows up in this document.

Every item of the school's latest ``from`` document (the problems its 自查报告 lists, the items of
its 整改台账) appears in this document (``match``: the share of an item's wording that must be
found); with ``need_status`` each must appear with a status (已整改 / 正在整改 / 未整改, the pack's
ledger status words). At most ``at_most`` missing items are listed. Runs across the school's
documents (see ``across``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .across import _Item, _lines, _name, _short, _type_ids, items, latest, similar
from .base import Context, Rule


class CarriedForward(Rule):
    type_name = "carried_forward"
    keys = ("from", "need_status", "match", "at_most")
    needs_document = False
    across_documents = True

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        match = data.get("match", 0.5)
        if not isinstance(match, (int, float)) or isinstance(match, bool) or not 0 < match <= 1:
            raise pack_error(path, data, "match", f"{match!r} is not a share", "a number above 0, at most 1")
        need = data.get("need_status", False)
        if not isinstance(need, bool):
            raise pack_error(path, data, "need_status", f"{need!r} is not true or false", "true, false")
        at_most = data.get("at_most", 10)
        return {"from": _type_ids(path, data, "from", pack), "need_status": need, "match": float(match),
                "at_most": int(at_most)}

    def check(self, context: Context) -> Iterator[Result]:
        if context.school_documents is None:
            return  # judged alone: the batch runs it once it has the school's other documents
        sub = context.submission
        pack = context.pack
        earlier = latest(context.school_documents, self.params["from"])
        wanted = items(earlier, pack) if earlier is not None else []
        if earlier is None or not wanted:
            return
        candidates = [(f"{text} {status}".strip(), loc) for text, status, loc in items(sub, pack)] + _lines(sub)
        statuses = pack.status_words
        kind_from = pack.doc_type_name(earlier.doc_type)
        kind_here = pack.doc_type_name(sub.doc_type)
        missing = 0
        for n, (text, _status, _loc) in enumerate(wanted, 1):
            item = _Item(text)
            best, where = max(((similar(item.text, line), (line, loc)) for line, loc in candidates),
                              default=(0.0, ("", None)), key=lambda pair: pair[0])
            line, location = where
            if best >= self.params["match"]:
                if not self.params["need_status"] or any(w in line for w in statuses):
                    continue
                missing += 1
                if missing <= self.params["at_most"]:
                    yield self.result(
                        False, f"{kind_from}《{_name(earlier)}》第{n}项：{item.text}；{kind_here}《{_name(sub)}》：{line}",
                        location, f"第{n}项“{_short(item.text)}”没有写明整改情况",
                        f"item {n} \u201c{_short(item.text)}\u201d has no status")
                continue
            missing += 1
            if missing <= self.params["at_most"]:
                yield self.result(
                    False, f"{kind_from}《{_name(earlier)}》第{n}项：{item.text}",
                    None, f"{kind_from}第{n}项“{_short(item.text)}”在{kind_here}中没有找到",
                    f"item {n} of the {earlier.doc_type} \u201c{_short(item.text)}\u201d is not in this {sub.doc_type}")
        if not missing:
            yield self.result(True, f"{kind_from}《{_name(earlier)}》的 {len(wanted)} 项都已找到")
