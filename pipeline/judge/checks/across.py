"""What the rules across one school's documents share (``carried_forward``, ``stage_dates_agree``).

Such rules run once the batch has every document (``Context.school_documents``: the other
documents whose school is the same), like peer copy; a school without the earlier document gets
no result. Evidence names both documents and the item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...model import Status, Submission
from ..rulepack import Marked, Pack, pack_error

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
