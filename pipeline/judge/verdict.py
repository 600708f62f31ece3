"""Judging one submission: Document → structure → findings → rule results → status."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from .. import ingest
from ..errors import InputError
from ..ingest import Source
from ..model import CopyFinding, Document, Problem, Result, SectionFinding, Status, Submission
from ..understand.gaps_goals import find_gaps_goals, is_title
from ..understand.leader import find_leader
from ..understand.ledger import LedgerItem, LedgerWords, find_ledger
from ..understand.metadata import find_doc_type, find_metadata, school_in_path
from ..understand.problems import find_problems
from ..understand.similarity import notice_copy
from ..understand.stages import find_stages
from ..understand.structure import Outline, build_outline, heading_display
from .checks.base import Context
from .rulepack import EVERY_TYPE, Pack


def _find_problems(doc: Document, section_ids: Sequence[str | None], pack: Pack,
                   doc_type: str, title: str = "") -> tuple[Problem, ...]:
    return tuple(find_problems(doc, section_ids, pack, doc_type, title))


def _not_names(problems: Sequence[Problem], *names: str | None) -> tuple[Problem, ...]:
    """Without the sign-off: a line that is only the school's or issuer's name is not a problem."""
    skip = {n for n in names if n}
    return tuple(p for p in problems if p.text.strip(" 。；;，,") not in skip)


def section_findings(doc: Document, outline: Outline, pack: Pack, doc_type: str) -> tuple[SectionFinding, ...]:
    """The pack sections expected of this document type (for a type with none, those found)."""
    out = []
    typed = any(doc_type in s.get("doc_types", []) for s in pack.sections)
    for s in pack.sections:
        match = outline.section(s["id"])
        if doc_type not in s.get("doc_types", []) and (typed or match is None):
            continue
        if match is None:
            out.append(SectionFinding(s["id"], s["title"], False))
        else:
            h = outline.headings[match.heading]
            out.append(SectionFinding(s["id"], heading_display(h.label, h.title), True,
                                      outline.locate(doc, h.block)))
    return tuple(out)


# A section of this role is there when a ledger has a column (or a labelled field) of that role: a 整改台账's
# 整改措施 column is its measures, whether or not a heading says 整改措施.
SECTION_COLUMN = {"problems": "problem", "measures": "measure", "status": "status"}


def found_in_ledger(sections: Sequence[SectionFinding], pack: Pack,
                    ledger: Sequence[LedgerItem]) -> tuple[SectionFinding, ...]:
    """Sections not found as headings but present as a filled ledger column or field: found, at the ledger."""
    rows = [item for item in ledger if item.source in ("table", "list")]
    out = []
    for s in sections:
        column = SECTION_COLUMN.get(pack.section_role(s.id) or "")
        filled = next((item for item in rows if column and item.value(column)), None) if not s.found else None
        if filled is not None and filled.location is not None:
            s = replace(s, found=True, location=replace(filled.location, row=None, cell=None))
        out.append(s)
    return tuple(out)


def warm_up(pack: Pack) -> None:
    """Load what judging needs (segmenter, models) once per process; batch workers call it first."""
    from ..understand.classify import problem_model
    from ..understand.nlp import pack_vocabulary, segmenter

    model = problem_model(pack)
    segmenter(pack_vocabulary(pack))
    # The models segment with the vocabulary they were trained with (the detector: every pack's), each
    # its own segmenter: built here, not inside the first file's timeout.
    for part in (model.detector, model.categoriser):
        if part is not None:
            segmenter(part.segmenter_vocabulary)
    for fmt in ("docx", "txt", "pdf"):  # the common readers' modules (lxml, charset-normalizer, pdfium) too
        ingest.READERS[fmt]


def judge(doc: Document, pack: Pack, *, problems: Sequence[Problem] | None = None,
          copy: CopyFinding | None = None) -> Submission:
    """What papercheck concludes about one read document.

    ``problems`` and ``copy`` replace what the classifier and copy detection would
    find (rule examples supply them; so may a caller that has them already).
    """
    outline = build_outline(doc, pack)
    meta = find_metadata(doc, outline)
    doc_type = find_doc_type(doc, outline, pack, meta.issuer)
    typed = {s["id"] for s in pack.sections if doc_type in s.get("doc_types", [])}
    if typed:  # a plan's "找作风方面的问题" is a focus item, not a problems section
        outline = outline.only(typed)
    year = int(meta.date[:4]) if meta.date else pack.campaign_year
    list_sections = tuple(s for r in pack.rules if r.applies(doc_type) for s in r.params.get("list_sections", []))
    gaps, goals = find_gaps_goals(doc, {h.block for h in outline.headings if is_title(doc.blocks[h.block].text)})
    ledger = find_ledger(doc, outline, LedgerWords.of(pack), year, list_sections)
    sub = Submission(
        path=doc.path, sha256=doc.sha256, format=doc.format, doc_type=doc_type, title=outline.title,
        school=meta.school if pack.names_school(doc_type) else None,
        school_from=meta.school_from if pack.names_school(doc_type) else None,
        date=meta.date, issuer=meta.issuer, ocr=doc.ocr,
        sections=found_in_ledger(section_findings(doc, outline, pack, doc_type), pack, ledger),
        # Stages are reported where a rule asks for them (plans), not for every document
        stages=find_stages(doc, outline, pack, year) if wants_stages(pack, doc_type) else (),
        # a plan's 重点查找…等问题 is what the school will look for, not a problem found (lists_findings:
        # false): there only plain findings are listed (find_problems)
        problems=(tuple(problems) if problems is not None
                  else _not_names(_find_problems(doc, outline.section_ids, pack, doc_type, outline.title), meta.school, meta.issuer)),
        gaps=gaps, goals=goals,
        copy=copy if copy is not None else notice_copy(doc, pack),
        document=doc,
    )
    leader = find_leader(doc, outline, outline.blocks_of(pack.section_with_role("organisation") or ""))
    context = Context(sub, pack, doc, outline, ledger, leader, meta)
    return with_verdict(replace(sub, results=tuple(run_rules(context))), pack)


def wants_stages(pack: Pack, doc_type: str) -> bool:
    return any(r.type_name == "stages" and r.applies(doc_type) for r in pack.rules)


def run_rules(context: Context, rule_ids: Sequence[str] | None = None) -> list[Result]:
    """Results of the pack's rules that apply to the submission's type (or only ``rule_ids``)."""
    doc_type = context.submission.doc_type
    out: list[Result] = []
    for rule in context.pack.rules:
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        if context.pack.every_type_rules_only(doc_type) and EVERY_TYPE not in rule.applies_to:
            continue
        if rule.applies(doc_type):
            out.extend(rule.check(context))
    return out


def with_verdict(sub: Submission, pack: Pack) -> Submission:
    """Status per docs/domain.md: fail on a failing error rule; review when the verdict rests on something unsure.

    Unsure is: text read by OCR (a garbled seal or sign-off looks like a missing date or issuer, so a
    person confirms the checks), a partial read (the reader's notes), an unknown document type, or an
    error rule whose outcome rests on an unsure classification (``Result.uncertain``). A problem the
    categoriser is unsure of, or one outside the campaign's categories, that decides no rule is flagged
    on its own row (``Problem.needs_review``), not on the whole submission.
    """
    errors = [r for r in sub.results if r.severity == "error"]
    failed = [r for r in errors if not r.passed]
    if any(not r.uncertain for r in failed) and not sub.ocr:
        return replace(sub, status=Status.FAIL.value, review_reasons=())
    reasons = []
    doc = sub.document
    notes = tuple(doc.notes) if doc is not None else ()
    if failed and sub.ocr:
        reasons.append("文字来自OCR识别，未通过的检查需人工确认")
    elif sub.ocr and not any("OCR" in n for n in notes):  # the reader's note already says which pages
        reasons.append("文字来自OCR识别")
    reasons.extend(notes)
    if sub.doc_type == pack.fallback_type:
        reasons.append("无法判断文件类型")
    doubtful = [r for r in errors if r.uncertain]
    if doubtful:
        reasons.append(uncertain_reason(pack, doubtful))
    status = Status.REVIEW if reasons else Status.PASS
    return replace(sub, status=status.value, review_reasons=tuple(reasons))


def uncertain_reason(pack: Pack, results: Sequence[Result]) -> str:
    """``问题分类把握不大，影响检查结论（…）``: which rules rest on an unsure classification."""
    names = "；".join(dict.fromkeys(r.message for r in results))
    return f"问题分类把握不大，检查结论取决于它，需人工确认（{names}）"


def rejudge(sub: Submission, pack: Pack, school_documents: Sequence[Submission] = ()) -> Submission:
    """Re-run the rules that read only a finished Submission (copy ratios, the school's other documents)
    and recompute the status.

    The batch calls this after ``similarity.apply_peers`` has filled ``copy``, with the other documents
    of the same school.
    """
    if sub.status == Status.ERROR.value:
        return sub
    ids = [r.id for r in pack.rules if not r.needs_document]
    kept = tuple(r for r in sub.results if r.rule not in ids)
    fresh = run_rules(Context(sub, pack, school_documents=tuple(school_documents)), ids)
    return with_verdict(replace(sub, results=kept + tuple(fresh)), pack)


def check_source(source: Source, pack: Pack) -> Submission:
    """Read and judge one file; an unreadable file becomes an `error` submission."""
    started = time.perf_counter()
    try:
        doc = ingest.read(source)
    except InputError as e:
        school = school_in_path(source.path)
        return Submission(
            path=source.path,
            sha256="",
            doc_type=pack.fallback_type,
            school=school,
            school_from="filename" if school else None,
            status=Status.ERROR.value,
            errors=(e.to_file_error(),),
            elapsed=time.perf_counter() - started,
        )
    sub = judge(doc, pack)
    return replace(sub, elapsed=time.perf_counter() - started)
