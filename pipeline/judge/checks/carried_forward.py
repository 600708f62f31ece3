"""``carried_forward``: what a school wrote in an earlier document shows up in this one.

Every item of the school's latest ``from`` document (the problems its 自查报告 lists, the items of
its 整改台账) appears in this document; with ``need_status`` each appears with a status (已整改 /
正在整改 / 未整改, the pack's ledger status words). ``match`` is how much of an item's wording must
be found (character bigrams, either way; default 0.5); at most ``at_most`` missing items are listed.

A rule across documents: it runs once the batch has every document (``Context.school_documents``,
the other documents of the same school), like peer copy; a school without the earlier document gets
no result. Evidence names both documents and the item. Examples carry the other documents as
``others``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ...model import Result, Status, Submission
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule

_PUNCT = re.compile(r"[\s\d０-９一二三四五六七八九十、，。；：;:,.（）()“”\"'《》【】\[\]!?！？-]+")
_LINES = re.compile(r"[\n。；;]")
# words that name an item's subject, not what it says (个别教师… vs 少数教师…)
_FILLER = ("的问题", "问题", "存在", "个别", "少数", "部分", "一些")


def _bigrams(text: str) -> set[str]:
    for word in _FILLER:
        text = text.replace(word, "")
    core = _PUNCT.sub("", text)
    return {core[i:i + 2] for i in range(len(core) - 1)}


def coverage(item: str, line: str) -> float:
    """How much of an item's wording a line holds (character bigrams, 0..1)."""
    wanted = _bigrams(item)
    return len(wanted & _bigrams(line)) / len(wanted) if wanted else 0.0


def _name(sub: Submission) -> str:
    from ...report.common import display_name

    return display_name(sub.path)


def latest(documents: Sequence[Submission], doc_type: str) -> Submission | None:
    """The school's current document of a type: the latest dated (then the latest file)."""
    found = [d for d in documents if d.doc_type == doc_type and d.status != Status.ERROR.value]
    return max(found, key=lambda d: (d.date or "", d.path)) if found else None


def _type_ids(path: Path, data: Marked, key: str, pack: Pack | None) -> str:
    value = data.get(key)
    allowed = pack.doc_type_ids if pack else []
    if not isinstance(value, str) or (allowed and value not in allowed):
        raise pack_error(path, data, key, f"{value!r} is not a document type", allowed)
    return value


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


class _Item:
    def __init__(self, text: str) -> None:
        self.text = text


def similar(item: str, candidate: str) -> float:
    """An item and a candidate say the same thing: most of the item's wording is in the candidate, or most
    of a candidate of some length (a ledger's short problem cell) is in the item."""
    forward = coverage(item, candidate)
    if len(_bigrams(candidate)) >= 5:
        return max(forward, coverage(candidate, item))
    return forward


def items(sub: Submission, pack: Pack) -> list[tuple[str, str, Any]]:
    """(text, status, location) of what a document lists: its problems, else its ledger's items."""
    if sub.problems:
        return [(p.text, p.status, p.location) for p in sub.problems]
    if sub.document is None:
        return []
    from ...understand.ledger import LedgerWords, find_ledger
    from ...understand.structure import build_outline

    ledger = find_ledger(sub.document, build_outline(sub.document, pack), LedgerWords.of(pack),
                         int(sub.date[:4]) if sub.date else pack.campaign_year)
    return [(i.problem, i.status, i.location) for i in ledger if i.problem]


def _short(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[:size] + "…"


def _lines(sub: Submission) -> list[tuple[str, Any]]:
    """The document's sentences with their location (its problems when the document is not kept)."""
    doc = sub.document
    if doc is None:
        return [(p.text + (f" {p.status}" if p.status else ""), p.location) for p in sub.problems]
    out = []
    for block in doc.blocks:
        for row in block.display.split("\n"):
            out.append((row, block.location))  # a table row or a paragraph: an item and its status together
    return out
