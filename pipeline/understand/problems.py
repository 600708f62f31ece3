"""The problems a school reports: every sentence classified, the shortcomings kept with their category.

Sentences come from every block, not only the problems section: schools also report shortcomings in
their situation paragraphs, ledgers and look-back items. Where a sentence sits shifts the odds (a
sentence under 整改措施 or 下一步打算 is usually a measure or plan even when it names a problem word), so
the model's ``none`` probability is scaled by a per-section prior before the label is chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..judge.rulepack import Pack
from ..model import Block, BlockKind, Document, Problem, Sentence
from . import classify, nlp

# Multiplier on P(none) by the section a sentence is in (pack section ids, DOMAIN.md).
NONE_PRIOR: dict[str | None, float] = {
    "problems": 0.5,  # 存在问题: a sentence here is more likely a problem
    "status": 1.0,
    "situation": 1.5,  # 基本情况/开展情况: mostly what was done
    "measures": 3.0,  # 整改措施: measures, even when they name the problem they fix
    "goals": 3.0,  # 下一步打算
    "general": 3.0, "organisation": 4.0, "focus": 2.0, "steps": 4.0, "requirements": 3.0,  # plan sections
}
MIN_CHARS = 6  # fewer Chinese characters than this is a heading word or a table label, not a statement

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Ledger columns by header words.
_COLUMNS = {
    "problem": ("问题", "表现", "不足"),
    "measure": ("措施", "办法"),
    "owner": ("责任人", "责任部门", "责任领导", "负责人", "牵头"),
    "deadline": ("时限", "时间", "期限"),
    "status": ("状态", "进展", "完成情况", "整改情况"),
}


# A list-form ledger item labels its fields: "问题：…（纪律）。整改措施：…。责任人：…。完成时限：…。"
_PROBLEM_FIELD = re.compile(r"^(?:存在的?|主要)?问题(?:描述|表现)?\s*[：:]\s*")
_FIELDS = {
    "measure": re.compile(r"^(?:整改|改进)?措施\s*[：:]\s*"),
    "owner": re.compile(r"^(?:责任人|责任领导|负责人|责任部门)\s*[：:]\s*"),
    "deadline": re.compile(r"^(?:完成|整改)?时限\s*[：:]\s*|^完成时间\s*[：:]\s*"),
    "status": re.compile(r"^(?:整改)?(?:状态|情况|进展)\s*[：:]\s*"),
}
# The school's own category mark after a problem: "（纪律）", "(作风问题)".
_CATEGORY_MARK = re.compile(r"[（(]\s*(作风|纪律|落实)(?:方面)?(?:问题)?\s*[)）]\s*[。；;]?$")
_MARKED = {"作风": "work_style", "纪律": "discipline", "落实": "implementation"}


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    section: str | None
    row: dict[str, str]  # ledger: measure/owner/deadline/status of the sentence's row
    text: str = ""  # what the model reads: the sentence without field name or category mark
    marked: str | None = None  # the category the school wrote next to the problem


def _ledger_columns(header: dict[int, str]) -> dict[str, int]:
    """Grid column per ledger field, from the header row (empty when there is no problem column)."""
    found: dict[str, int] = {}
    for field_name, words in _COLUMNS.items():
        for col, text in header.items():
            if col in found.values():
                continue
            if any(w in text for w in words) and not (field_name == "problem" and "措施" in text):
                found[field_name] = col
                break
    return found if "problem" in found else {}


def _rows(block: Block) -> list[dict[int, str]]:
    """Each table row as {grid column: cell text}."""
    if block.table:
        return [{c.col: c.text for c in row} for row in block.table.rows]
    return [dict(enumerate(line.split("\t"))) for line in block.text.split("\n")]


def _table_candidates(block: Block, index: int, section: str | None) -> list[_Candidate]:
    rows = _rows(block)
    sents = nlp.block_sentences(block, index)
    columns = _ledger_columns(rows[0]) if rows else {}
    if not columns:
        return [_Candidate(s, section, {}, s.text) for s in sents]
    out = []
    for s in sents:
        row_no = s.location.row or 0
        if row_no == 0 or s.location.cell != columns["problem"]:
            continue  # the header row, or not the problem column
        row = rows[row_no] if row_no < len(rows) else {}
        fields = {name: row.get(col, "").strip() for name, col in columns.items() if name != "problem"}
        out.append(_Candidate(s, "problems", fields, s.text))
    return out


def candidates(doc: Document, section_ids: Sequence[str | None]) -> list[_Candidate]:
    """Every sentence worth classifying, with its section and (in a ledger) its row's fields."""
    out: list[_Candidate] = []
    for i, block in enumerate(doc.blocks):
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        section = section_ids[i] if i < len(section_ids) else None
        if block.kind == BlockKind.TABLE:
            out.extend(_table_candidates(block, i, section))
        else:
            out.extend(_list_item_candidates(nlp.block_sentences(block, i), section))
    return [c for c in out if len(_CJK.findall(c.text)) >= MIN_CHARS]


def _list_item_candidates(sents: list[Sentence], section: str | None) -> list[_Candidate]:
    """Sentences of one paragraph; a labelled ledger item (问题：… 措施：… 责任人：…) yields its problem only."""
    if not any(_PROBLEM_FIELD.match(s.text) for s in sents):
        return [_Candidate(s, section, {}, s.text) for s in sents]
    row: dict[str, str] = {}
    for s in sents:
        for name, pattern in _FIELDS.items():
            m = pattern.match(s.text)
            if m and name not in row:
                row[name] = s.text[m.end():].rstrip("。；;，, ")
    out = []
    for s in sents:
        m = _PROBLEM_FIELD.match(s.text)
        if not m:
            continue
        text = s.text[m.end():]
        mark = _CATEGORY_MARK.search(text)
        if mark:
            text = text[: mark.start()]
        out.append(_Candidate(s, "problems", row, text.rstrip("。；;，, "), _MARKED[mark.group(1)] if mark else None))
    return out


def find_problems(doc: Document, section_ids: Sequence[str | None], pack: Pack) -> tuple[Problem, ...]:
    """The problem sentences of ``doc``, in reading order, each with category and confidence.

    ``section_ids[i]`` is the pack section id of the section ``doc.blocks[i]`` belongs to (or None).
    A problem whose confidence is below the pack's ``classifier.review_threshold``, and every ``other``
    problem, is marked ``needs_review``.
    """
    cands = candidates(doc, section_ids)
    if not cands:
        return ()
    threshold = float((pack.data.get("classifier") or {}).get("review_threshold", 0.6))
    model = classify.model()
    decided = model.decide([c.text for c in cands], [NONE_PRIOR.get(c.section, 1.0) for c in cands])
    problems: list[Problem] = []
    seen: set[str] = set()
    for cand, (label, confidence) in zip(cands, decided):
        disagrees = False
        if cand.marked:  # the school labelled it a problem of this category: take its word, flag a doubt
            disagrees = label != cand.marked
            label = cand.marked
        if label == "none" or cand.text in seen:
            continue
        seen.add(cand.text)
        problems.append(Problem(
            text=cand.text,
            category=label,
            confidence=round(confidence, 4),
            location=cand.sentence.location,
            needs_review=label == "other" or confidence < threshold or disagrees,
            measure=cand.row.get("measure", ""),
            owner=cand.row.get("owner", ""),
            deadline=cand.row.get("deadline", ""),
            status=cand.row.get("status", ""),
        ))
    return tuple(problems)
