"""The problems a school reports: every sentence classified, the shortcomings kept with their category.

Sentences come from every block, not only the problems section: schools also report shortcomings in
their situation paragraphs, ledgers and look-back items. Where a sentence sits shifts the odds (a
sentence under 整改措施 or 下一步打算 is usually a measure or plan even when it names a problem word), so
the model's ``none`` probability is scaled by a per-section prior before the label is chosen.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..judge.rulepack import Pack
from ..model import Block, BlockKind, Document, Problem, Sentence
from . import classify, gaps_goals, nlp
from .ledger import LedgerWords

# Multiplier on P(none) by the role of the section a sentence is in (a pack section may set its own
# none_prior): what a section of this kind usually holds, in any campaign.
ROLE_NONE_PRIOR: dict[str, float] = {
    "problems": 0.5,  # 存在问题: a sentence here is more likely a problem
    "status": 1.0,
    "situation": 1.5,  # 基本情况/开展情况: mostly what was done
    "measures": 3.0,  # 整改措施: measures, even when they name the problem they fix
    "goals": 3.0,  # 下一步打算
    "organisation": 4.0, "stages": 4.0,  # a plan's leading group and schedule
}
MIN_CHARS = 6  # fewer Chinese characters than this is a heading word or a table label, not a statement
# Multiplier on P(none) in a document whose type states what to look for rather than what was found
# (a plan's 重点查找…, a notice's checklist; pack ``lists_findings: false``): a sentence there is listed only when it is plainly a finding (a plan's 经征求意见，存在以下问题, a
# 督查通报's 8位工作人员8:10不在岗).
FEW_FINDINGS_PRIOR = 4.0
# Multiplier on a category's probability when the sentence names it outright with one of the pack's
# ``cues`` (政治纪律, 民主集中制, 请示报告 … for discipline): real reports call these 作风 otherwise.
CUE_BOOST = 20.0
# A sentence that reports something found (经征求意见…, 检查发现…, 存在…, 有3人未请假离岗) is judged with
# its section's prior even in a document that does not list findings: a plan's problems already found,
# a 督查通报's findings.
_FOUND = re.compile(
    r"(?:经|通过)[^。；;]{0,16}(?:征求|调查|排查|自查|梳理|检查|督查|暗访|查摆|座谈)"
    r"|(?:检查|暗访|抽查|排查|督查|巡查)[^。；;，,]{0,12}发现|存在|暴露出|反映出"
    r"|有[0-9０-９一二两三四五六七八九十]+(?:人|名|位|所|个)|[0-9０-９]+(?:人|名|位|所)[^。；;]{0,10}(?:未|没有|不在|无)"
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Sentences that name a problem word but state no finding, whatever the model says: a definition
# (形式主义是指…), a checklist question (是否存在…), a rule (严禁/不得/必须…, …的为脱岗), a byline
# (审稿人：…), a negated finding (未发现…, 没有收受…等违规行为, 做到不体罚…), society-wide background
# (社会上…, 个别地方…) and what a plan says it will look for or fix (重点查找…等问题).
_NOT_A_FINDING = re.compile(
    r"是指|是否|[？?]$"
    r"|^(?:严禁|禁止|不得|不准|必须|务必|应当|凡|请|要求)"
    r"|^[^。；;：:]{0,40}的[，,]?(?:为|视为|按|属于|以)[\u4e00-\u9fff]{1,8}[。；;]?$"
    r"|^(?:审稿|撰稿|供稿|编辑|校对|审核|拟稿|责任编辑|编审|初审|终审|来源|作者)人?\s*[：:]"
    r"|未发现|没有发现|未查出|没有查出|未出现|没有出现|未发生|没有发生|杜绝了|做到不|做到了不|均未|都没有|无一"
    r"|(?:没有|无|未)[^。；;]{0,40}等[^。；;，,]{0,10}(?:行为|现象|问题)[。；;]?$"
    r"|社会上|个别地方|有的地方|一些地方|社会对|全国各地|当今社会"
    # what a plan or notice says to look for or fix (重点查找…等问题, 着力解决…的问题), not what was found
    r"|^(?:重点|着重|认真|主要|深入|全面|逐项|集中)?(?:查找|查摆|排查|查一查|找一找)"
    r"|^重点(?:查|检查|整治|治理|解决|纠正)"
    r"|(?:查找|查摆|排查|整治|治理|着力解决|重点解决|切实解决|纠正|克服|防止|杜绝|坚决反对)[^。；;]*(?:等|的)(?:问题|现象|情况|行为)"
    # a measure taken: pledges signed (签订…承诺书)
    r"|签(?:订|了|署)[^。；;]{0,24}(?:承诺书|责任书|保证书)"
)
# A look-back line: the problem, a dash (or a comma), then its status (部分学校旱厕未改造——已整改，…;
# 个别教师迟到早退的问题，已整改).
_STATUS_TAIL = re.compile(r"\s*(?:(?:——|—|--|－－)\s*(?=[^。；;]{0,4}(?:已|正在|未|尚未|持续|基本|长期))"
                          r"|[，,]\s*(?=(?:已|正在|尚未|基本)(?:整改|完成|落实|解决)))")


def none_prior(pack: Pack, section_id: str | None) -> float:
    """The section's own ``none_prior``, else its role's, else 1."""
    own = pack.none_prior(section_id)
    if own is not None:
        return own
    return ROLE_NONE_PRIOR.get(pack.section_role(section_id) or "", 1.0)


@functools.lru_cache(maxsize=16)
def _mark_pattern(marks: tuple[tuple[str, str], ...]) -> re.Pattern[str] | None:
    """The school's own category mark after a problem: ``（纪律）``, ``(作风问题)``, ``（廉洁纪律方面）``."""
    words = sorted({w for w, _ in marks}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"[（(]\s*(" + "|".join(map(re.escape, words)) + r")(?:方面)?(?:问题)?\s*[)）]\s*[。；;]?$")


def _marks(pack: Pack) -> tuple[tuple[str, str], ...]:
    """(word, category id) for every category but the outside one, from its name and words."""
    outside = pack.outside_category
    return tuple((w, c) for c in pack.category_ids if c != outside for w in pack.category_words(c))


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    prior: float  # multiplier on P(none) where the sentence sits
    row: dict[str, str]  # ledger: measure/owner/deadline/status of the sentence's row
    text: str = ""  # what the model reads: the sentence without field name or category mark
    marked: str | None = None  # the category the school wrote next to the problem


def _ledger_columns(header: dict[int, str], words: LedgerWords) -> dict[str, int]:
    """Grid column per ledger field, from the header row (empty when there is no problem column)."""
    found: dict[str, int] = {}
    for col, text in sorted(header.items()):
        role = words.column_role(text)
        if role and role != "index" and role not in found:
            found[role] = col
    return found if "problem" in found else {}


def _rows(block: Block) -> list[dict[int, str]]:
    """Each table row as {grid column: cell text}."""
    if block.table:
        return [{c.col: c.text for c in row} for row in block.table.rows]
    return [dict(enumerate(line.split("\t"))) for line in block.text.split("\n")]


def _table_candidates(block: Block, index: int, prior: float, finder: _Finder,
                      ledgers: dict[int, dict[str, int]]) -> list[_Candidate]:
    """Problem-column cells of a ledger table (``ledgers``: block -> columns of the ledger tables so far;
    a table with no header right after one continues it, as a PDF ledger broken over pages does)."""
    rows = _rows(block)
    sents = nlp.block_sentences(block, index)
    columns = _ledger_columns(rows[0], finder.words) if rows else {}
    first = 1  # the first row under the header
    if not columns and index - 1 in ledgers and rows and max(rows[0], default=-1) >= max(ledgers[index - 1].values()):
        columns, first = ledgers[index - 1], 0
    if not columns:
        return [_Candidate(s, prior, {}, s.text) for s in sents]
    ledgers[index] = columns
    out = []
    for s in sents:
        row_no = s.location.row or 0
        if row_no < first or s.location.cell != columns["problem"]:
            continue  # the header row, or not the problem column
        row = rows[row_no] if row_no < len(rows) else {}
        fields = {name: row.get(col, "").strip() for name, col in columns.items() if name != "problem"}
        # the school's own category in a 问题类别 column: taken, and a disagreeing model flagged
        out.append(_Candidate(s, finder.problems_prior, fields, s.text, finder.named(fields.get("category", ""))))
    return out


@dataclass(frozen=True)
class _Finder:
    """What finding a pack's problems needs from the pack, worked out once per document."""

    words: LedgerWords
    marks: tuple[tuple[str, str], ...]
    problems_prior: float

    @classmethod
    def of(cls, pack: Pack) -> _Finder:
        return cls(LedgerWords.of(pack), _marks(pack), none_prior(pack, pack.section_with_role("problems"))
                   if pack.section_with_role("problems") else ROLE_NONE_PRIOR["problems"])

    def named(self, cell: str) -> str | None:
        """The category a ledger's 类别 cell names (``纪律``, ``作风方面``), or None."""
        for word, category in sorted(self.marks, key=lambda m: len(m[0]), reverse=True):
            if word and word in cell:
                return category
        return None

    def marked(self, text: str) -> tuple[str, str | None]:
        """The text without the school's category mark, and the category it marks."""
        pattern = _mark_pattern(self.marks)
        mark = pattern.search(text) if pattern else None
        if not mark:
            return text, None
        return text[: mark.start()], dict(self.marks)[mark.group(1)]


def candidates(doc: Document, section_ids: Sequence[str | None], pack: Pack,
               type_prior: float = 1.0) -> list[_Candidate]:
    """Every sentence worth classifying, with where it sits and (in a ledger) its row's fields.

    Gap and goal statements (gaps_goals.py) and sentences that state no finding (definitions, rules,
    negations, background) are left out; ``type_prior`` scales every P(none) (the document's type).
    """
    finder = _Finder.of(pack)
    out: list[_Candidate] = []
    priors: dict[str | None, float] = {}
    ledgers: dict[int, dict[str, int]] = {}  # block -> ledger columns, for a table continued over a page
    for i, block in enumerate(doc.blocks):
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        section = section_ids[i] if i < len(section_ids) else None
        prior = priors.get(section)
        if prior is None:
            prior = priors[section] = none_prior(pack, section) * type_prior
        if block.kind == BlockKind.TABLE:
            out.extend(_table_candidates(block, i, prior, finder, ledgers))
        else:
            out.extend(_list_item_candidates(nlp.block_sentences(block, i), prior, finder))
    return [c for c in map(_without_status, out) if len(_CJK.findall(c.text)) >= MIN_CHARS
            and not not_a_problem(c.text)]


def not_a_problem(text: str) -> bool:
    """What find_problems leaves out whatever the model says: no finding stated, or a gap or goal."""
    return states_no_finding(text) or bool(gaps_goals.statement_kinds(text))


def states_no_finding(text: str) -> bool:
    """A sentence that names a problem word but reports no finding (see ``_NOT_A_FINDING``)."""
    return _NOT_A_FINDING.search(text.strip()) is not None


def _without_status(cand: _Candidate) -> _Candidate:
    """A look-back line ``问题——已整改，措施`` is its problem, with the status as the row's."""
    m = _STATUS_TAIL.search(cand.text)
    if not m or m.start() == 0:
        return cand
    row = {**cand.row, "status": cand.row.get("status") or cand.text[m.end():].split("，")[0].rstrip("。；;")}
    return replace(cand, text=cand.text[:m.start()].rstrip("。；;，, "), row=row)


def _list_item_candidates(sents: list[Sentence], prior: float, finder: _Finder) -> list[_Candidate]:
    """Sentences of one paragraph; a labelled ledger item (问题：… 措施：… 责任人：…) yields its problem only."""
    labelled = [finder.words.field_at_start(s.text) for s in sents]
    if not any(f and f[0] == "problem" for f in labelled):
        return [_Candidate(s, prior, {}, s.text) for s in sents]
    row: dict[str, str] = {}
    for s, f in zip(sents, labelled):
        if f and f[0] != "problem" and f[0] not in row:
            row[f[0]] = s.text[f[1]:].rstrip("。；;，, ")
    out = []
    for s, f in zip(sents, labelled):
        if not f or f[0] != "problem":
            continue
        text, marked = finder.marked(s.text[f[1]:])
        out.append(_Candidate(s, finder.problems_prior, row, text.rstrip("。；;，, "), marked))
    return out


def cue_boosts(pack: Pack, texts: Sequence[str]) -> list[dict[str, float]] | None:
    """Per text, ``CUE_BOOST`` for each category one of whose pack ``cues`` it contains (None: no cue anywhere)."""
    cues = pack.category_cues()
    boosts = [{cat: CUE_BOOST for cat, words in cues.items() if any(w in t for w in words)} for t in texts]
    return boosts if any(boosts) else None


def find_problems(doc: Document, section_ids: Sequence[str | None], pack: Pack,
                  doc_type: str | None = None, title: str = "") -> tuple[Problem, ...]:
    """The problem sentences of ``doc``, in reading order, each with category and confidence.

    ``section_ids[i]`` is the pack section id of the section ``doc.blocks[i]`` belongs to (or None).
    A problem whose confidence is below the pack's ``classifier.review_threshold``, every problem of the
    pack's ``outside`` category, and (for a pack without a categoriser) every problem the school did not
    mark with a category (category None) is marked ``needs_review``. In a document of a type that does
    not list findings (a plan, a notice) only plain findings are kept (``FEW_FINDINGS_PRIOR``).
    """
    few = doc_type is not None and not pack.lists_findings(doc_type, title)  # a 督查通报's title: findings
    cands = candidates(doc, section_ids, pack, FEW_FINDINGS_PRIOR if few else 1.0)
    if not cands:
        return ()
    threshold = float((pack.data.get("classifier") or {}).get("review_threshold", 0.6))
    outside = pack.outside_category
    texts = [c.text for c in cands]
    priors = [c.prior / FEW_FINDINGS_PRIOR if few and _FOUND.search(c.text) else c.prior for c in cands]
    decided = classify.problem_model(pack).decide(texts, priors, cue_boosts(pack, texts))
    problems: list[Problem] = []
    seen: set[str] = set()
    for cand, (label, confidence) in zip(cands, decided):
        disagrees = False
        if cand.marked:  # the school labelled it a problem of this category: take its word, flag a doubt
            disagrees = label != cand.marked
            label = cand.marked
        if label == classify.NONE or cand.text in seen:
            continue
        seen.add(cand.text)
        problems.append(Problem(
            text=cand.text,
            category=label,
            confidence=round(confidence, 4),
            location=cand.sentence.location,
            needs_review=label is None or label == outside or confidence < threshold or disagrees,
            measure=cand.row.get("measure", ""),
            owner=cand.row.get("owner", ""),
            deadline=cand.row.get("deadline", ""),
            status=cand.row.get("status", ""),
        ))
    return tuple(problems)
