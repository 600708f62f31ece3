"""The HTML report for reviewers: report/index.html and a page per submission.

Self-contained (CSS and script inlined, no network), so it works opened from
disk on an offline office PC. A submission's text is untrusted: it only ever
reaches the page through Jinja2's autoescaping, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..judge.rulepack import Pack
from ..model import Block, BlockKind, Document, Location, Problem, Submission
from ..office import reviews
from ..office.progress import Progress
from . import common
from .common import STATUSES, category_label, label, report_categories

HERE = Path(__file__).resolve().parent

UI: dict[str, dict[str, str]] = {
    "zh": {
        "total": "提交总数", "problems": "问题句", "filter_all": "全部",
        "status": "状态", "type": "文档类型", "school": "学校", "category": "问题类别", "search": "搜索文件或学校",
        "shown": "显示", "of": "/", "back": "← 返回汇总", "verdict": "结论", "why": "原因",
        "checklist": "规则检查", "rule": "规则", "severity": "级别", "result": "结果", "message": "说明",
        "evidence": "证据", "location": "位置", "text": "文档正文", "ocr_note": "注意：本文件为扫描件，正文由文字识别（OCR）得到，可能有识别错误，请对照原件复核。",
        "problem_list": "问题句", "confidence": "置信度", "measure": "整改措施", "owner": "责任人", "deadline": "完成时限",
        "needs_review": "需复核", "copy_title": "重复内容", "notice_ratio": "与通知重复率", "peer": "最相似的提交",
        "copied": "与通知/其他提交重复的段落", "not_located": "未能在正文中定位", "no_text": "没有可显示的正文。",
        "sections": "应有的部分", "stages": "活动阶段", "found": "有", "not_found": "缺少", "file": "文件",
        "generated": "生成时间", "pack": "规则包", "advice": "处理建议", "legend": "图例", "go": "查看",
        "all_passed": "所有必需内容齐全。", "open_file": "打开原文件", "filters": "筛选",
        "search_label": "搜索", "nothing": "没有符合筛选条件的材料。请放宽筛选条件。", "summary_table": "各份材料的检查结果",
        "sort_hint": "点击（或用回车键）列标题可排序", "page_image": "原件第 {n} 页", "original": "原件", "notes": "读取说明", "colon": "：",
        "progress_title": "学校进度", "roster": "学校名单", "as_of": "截至", "schools_total": "名单上的学校",
        "complete": "材料交齐", "owing": "有未交材料", "unlisted": "不在名单上的学校", "due": "截止", "owed": "未交材料",
        "versions": "版", "contact": "联系人", "machine": "机器结论", "reviews": "复核", "history": "此前版本的复核（未应用）",
        "by": "复核人", "thread": "本校全部材料",
    },
    "en": {
        "total": "Submissions", "problems": "Problem sentences",
        "filter_all": "All", "status": "Status", "type": "Document type", "school": "School", "category": "Category",
        "search": "Search file or school", "shown": "Showing", "of": "of", "back": "← Back to summary",
        "verdict": "Verdict", "why": "Why", "checklist": "Rule checks", "rule": "Rule", "severity": "Severity",
        "result": "Result", "message": "Message", "evidence": "Evidence", "location": "Location", "text": "Document text",
        "ocr_note": "Note: this file is a scan; its text comes from OCR and may contain recognition errors.",
        "problem_list": "Problem sentences", "confidence": "Confidence", "measure": "Measure", "owner": "Owner",
        "deadline": "Deadline", "needs_review": "Needs review", "copy_title": "Copied text", "notice_ratio": "Copied from notice",
        "peer": "Most similar submission", "copied": "Passages copied from the notice or a peer",
        "not_located": "not found in the text", "no_text": "No text to show.", "sections": "Required sections",
        "stages": "Stages", "found": "found", "not_found": "missing", "file": "File", "generated": "Generated",
        "pack": "Rule pack", "advice": "What to do", "legend": "Legend", "go": "open",
        "all_passed": "All required content is present.", "open_file": "Open the original file", "filters": "Filters",
        "search_label": "Search", "nothing": "No submission matches these filters.", "summary_table": "Results per submission",
        "sort_hint": "click (or press Enter on) a column heading to sort", "page_image": "Page {n} of the original", "original": "original", "notes": "Reading notes",
        "colon": ": ",
        "progress_title": "Schools", "roster": "Roster", "as_of": "as of", "schools_total": "Schools on the roster",
        "complete": "All handed in", "owing": "Something not handed in", "unlisted": "Schools not on the roster",
        "due": "due", "owed": "Not handed in", "versions": "versions", "contact": "Contact", "machine": "machine's verdict",
        "reviews": "Review", "history": "Decisions on earlier versions (not applied)", "by": "Reviewer",
        "thread": "All of this school's documents",
    },
}


@lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its name: document text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["css"] = (HERE / "static" / "report.css").read_text(encoding="utf-8")
    env.globals["js"] = (HERE / "static" / "report.js").read_text(encoding="utf-8")
    env.filters["pct"] = lambda v: "" if v is None else f"{v:.0%}"
    return env


# --- the document text with its marks ---------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span of a block (or table cell) to highlight."""

    start: int
    end: int
    kind: str  # problem | copy
    category: str = ""
    confidence: float | None = None
    title: str = ""
    anchor: str = ""


@dataclass
class Piece:
    text: str
    mark: Mark | None = None


def pieces(text: str, marks: Sequence[Mark]) -> list[Piece]:
    """Split text into plain and marked pieces; problems win over copies where they overlap."""
    chosen: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.kind != "problem", m.start)):
        if m.end > m.start and all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    out: list[Piece] = []
    at = 0
    for m in sorted(chosen, key=lambda m: m.start):
        if m.start > at:
            out.append(Piece(text[at:m.start]))
        out.append(Piece(text[m.start:m.end], m))
        at = m.end
    if at < len(text) or not out:
        out.append(Piece(text[at:]))
    return out


def block_anchor(i: int, row: int | None = None, cell: int | None = None) -> str:
    return f"b{i}" if row is None else f"b{i}-r{row}-c{cell or 0}"


class Placer:
    """Maps Locations and texts to blocks (and table cells) of one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_paragraph: dict[int, int] = {}
        self.by_table: dict[int, int] = {}
        self.by_page: dict[int, int] = {}
        for i, b in enumerate(doc.blocks):
            loc = b.location
            if loc.paragraph is not None:
                self.by_paragraph.setdefault(loc.paragraph, i)
            if loc.table is not None:
                self.by_table.setdefault(loc.table, i)
            if loc.page is not None:
                self.by_page.setdefault(loc.page, i)

    def target(self, loc: Location | None) -> tuple[int, int | None, int | None] | None:
        """(block index, row, cell) a Location points at, or None."""
        if loc is None:
            return None
        if loc.table is not None and loc.table in self.by_table:
            return self.by_table[loc.table], loc.row, loc.cell if loc.row is not None else None
        if loc.paragraph is not None:
            i = self.by_paragraph.get(loc.paragraph, loc.paragraph)
            if 0 <= i < len(self.doc.blocks):
                return i, None, None
        if loc.page is not None and loc.page in self.by_page:
            return self.by_page[loc.page], None, None
        return None

    def anchor(self, loc: Location | None) -> str:
        t = self.target(loc)
        return block_anchor(*t) if t else ""

    def texts(self) -> list[tuple[int, int | None, int | None, str]]:
        """Every searchable text: each block, and each cell of each table."""
        out: list[tuple[int, int | None, int | None, str]] = []
        for i, b in enumerate(self.doc.blocks):
            if b.table is not None:
                out += [(i, c.row, c.col, c.text) for row in b.table.rows for c in row]
            else:
                out.append((i, None, None, b.text))
        return out

    def find(self, text: str, loc: Location | None) -> tuple[int, int | None, int | None, int] | None:
        """Where ``text`` is: in the located block/cell first, else the first block containing it."""
        if not text:
            return None
        t = self.target(loc)
        candidates = self.texts()
        if t is not None:
            i, row, cell = t
            near = [c for c in candidates if c[0] == i and (row is None or (c[1] == row and (cell is None or c[2] == cell)))]
            candidates = near + candidates
        for i, row, cell, body in candidates:
            at = body.find(text)
            if at >= 0:
                return i, row, cell, at
        return None


# Colours of the categories, in the pack's order: (line, background); uncategorised problems are grey.
CATEGORY_PALETTE = (("#3b6fc4", "#dce7fa"), ("#c0392b", "#fadbd8"), ("#2e8b57", "#d7f0e1"), ("#7b55a8", "#e9def5"),
                    ("#d35400", "#fbe3d0"), ("#16a085", "#d0f0ea"), ("#8e6c00", "#f5ecc8"), ("#34495e", "#dde3e8"))
UNCATEGORISED_KEY = "uncategorised"


def css_key(category: str | None) -> str:
    """The category as used in class names (``cat-discipline``; ``cat-uncategorised``)."""
    return category or UNCATEGORISED_KEY


def category_styles(pack: Pack) -> list[tuple[str, str, str]]:
    """(class key, line colour, background) per category of the pack."""
    styles = [(c, *CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]) for i, c in enumerate(pack.category_ids)]
    return [*styles, (UNCATEGORISED_KEY, "#888888", "#eeeeee")]


def _marks(sub: Submission, placer: Placer, pack: Pack, lang: str) -> tuple[dict[tuple[int, int | None, int | None], list[Mark]],
                                                                 list[tuple[Problem, str]]]:
    """Marks per (block, row, cell) and each problem with the anchor it got ("" when not found)."""
    marks: dict[tuple[int, int | None, int | None], list[Mark]] = {}
    placed: list[tuple[Problem, str]] = []
    for n, p in enumerate(sub.problems):
        hit = placer.find(p.text, p.location)
        if hit is None:
            placed.append((p, ""))
            continue
        i, row, cell, at = hit
        title = f"{category_label(p.category, pack, lang)} {p.confidence:.0%}"
        marks.setdefault((i, row, cell), []).append(
            Mark(at, at + len(p.text), "problem", css_key(p.category), p.confidence, title, f"p{n}"))
        placed.append((p, f"p{n}"))
    for passage in sub.copy.passages:
        hit = placer.find(passage.text, passage.location)
        if hit is None:
            continue
        i, row, cell, at = hit
        marks.setdefault((i, row, cell), []).append(
            Mark(at, at + len(passage.text), "copy", title=_source(passage.source, lang)))
    return marks, placed


def _source(source: str, lang: str) -> str:
    """Where a copied passage came from, in words: the notice, or the peer's file name."""
    if source in ("notice", "") or source.startswith("notice"):
        return "通知" if lang == "zh" else "the notice"
    return common.display_name(source)


@dataclass
class BlockView:
    anchor: str
    kind: str
    label: str
    level: int
    pieces: list[Piece]
    rows: list[list[tuple[str, int, int, list[Piece]]]] | None = None
    page: int | None = None


def document_view(sub: Submission, placer: Placer, marks: dict[tuple[int, int | None, int | None], list[Mark]]) -> list[BlockView]:
    doc = sub.document
    if doc is None:
        return []
    views: list[BlockView] = []
    for i, b in enumerate(doc.blocks):
        if b.table is not None:
            rows = [[(block_anchor(i, c.row, c.col), c.rowspan, c.colspan, pieces(c.text, marks.get((i, c.row, c.col), [])))
                     for c in row] for row in b.table.rows]
            views.append(BlockView(block_anchor(i), "table", b.label, 0, [], rows, b.location.page))
            continue
        views.append(BlockView(block_anchor(i), _kind(b), b.label, _level(b), pieces(b.text, marks.get((i, None, None), [])),
                               page=b.location.page))
    return views


def ocr_pages(doc: Document | None, blocks: Sequence[BlockView]) -> list[tuple[int, str, list[BlockView]]]:
    """(page number, page image, its blocks) for a document read by OCR with its page images; else []."""
    if doc is None or not doc.ocr or not doc.page_images:
        return []
    images = {p.number: p.image for p in doc.page_images}
    numbers = sorted({b.page for b in blocks if b.page is not None} | set(images))
    pages = [(n, images.get(n, ""), [b for b in blocks if b.page == n]) for n in numbers]
    loose = [b for b in blocks if b.page is None]
    if loose and pages:
        pages[0][2][:0] = loose
    return pages


def _kind(b: Block) -> str:
    if b.kind == BlockKind.HEADING:
        return "heading"
    return b.kind.value


def _level(b: Block) -> int:
    level = b.style.heading_level or (b.level + 1 if b.level is not None else 1)
    return max(1, min(level, 4))


# --- writing -------------------------------------------------------------------------


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, *, lang: str = "zh",
          name: str = "report", home: Path | None = None, partial: tuple[int, int] | None = None,
          progress: Progress | None = None) -> Path:
    """Write a page per submission, then index.html last; return the index's path.

    Links to the submitted files are relative to ``home / name``, where the pages will be read.
    """
    folder = out_dir / name
    reading = (home or out_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    env = _env()
    t = SimpleNamespace(**UI.get(lang, UI["zh"]), title=common.report_title(pack, lang))
    page = env.get_template("submission.html")
    rows = list(common.summary_rows(submissions, pack, reading, lang))
    # with a roster, each page links to its school's thread on the schools page (the anchors schools_context makes)
    threads = {sub.path: f"{SCHOOLS_PAGE}#school-{i + 1}" for i, school in enumerate(progress.schools)
               for sub in school.submissions} if progress is not None else {}
    common.atomic_write_many(
        (folder / common.page_name(row.sub), page.render(**submission_context(row.sub, pack, reading, lang), t=t,
                                                         lang=lang, category_styles=category_styles(pack),
                                                         thread=threads.get(row.sub.path, "")))
        for row in rows
    )
    if progress is not None:
        with common.atomic_open(folder / SCHOOLS_PAGE) as fh:
            fh.write(env.get_template("schools.html").render(**schools_context(progress, pack, lang), t=t, lang=lang,
                                                             category_styles=category_styles(pack)))
    else:
        (folder / SCHOOLS_PAGE).unlink(missing_ok=True)
    index = folder / "index.html"
    html = env.get_template("index.html").render(**index_context(rows, pack, lang), t=t, lang=lang,
                                                 partial=common.partial_note(partial, lang),
                                                 category_styles=category_styles(pack),
                                                 schools_page=SCHOOLS_PAGE if progress is not None else "")
    with common.atomic_open(index) as fh:
        fh.write(html)
    # Pages of submissions no longer in the batch (a file removed since the last scan) go.
    current = {common.page_name(r.sub) for r in rows}
    for old in folder.glob("s-*.html"):
        if old.name not in current:
            old.unlink(missing_ok=True)
    return index


SCHOOLS_PAGE = "schools.html"


def schools_context(progress: Progress, pack: Pack, lang: str) -> dict[str, Any]:
    """学校进度 as a page: a row per roster school, then each school's thread (plan → … → look-back)."""
    from .xlsx import progress_label

    types = [(t, common.doc_type_label(t, pack, lang), due) for t, due in progress.required]
    sep = "、" if lang != "en" else ", "
    cross = cross_rule_ids(pack)

    def version(sub: Submission) -> dict[str, Any]:
        across: list[str] = []  # the rule's words once, then what each failed result adds
        for r in sub.results:
            if r.passed or r.rule not in cross:
                continue
            rule = pack.rule(r.rule)
            said, base = ((r.message_en or r.message), rule.message_en) if lang == "en" else (r.message, rule.message)
            if base not in across:
                across.append(base)
            if said != base:
                across.append("· " + said.removeprefix(base).strip("（）() "))
        return {"page": common.page_name(sub), "name": common.display_name(sub.path), "date": sub.date,
                "status": sub.status, "label": label(sub.status, lang), "cross": across,
                "auto": label(sub.status_auto, lang) if sub.status_auto and sub.status_auto != sub.status else ""}

    schools = []
    for i, school in enumerate(progress.schools):
        cells = []
        for owed, (_, type_name, _) in zip(school.documents, types):
            cells.append({"status": owed.status, "label": progress_label(owed.status, lang), "type_name": type_name,
                          "page": common.page_name(owed.latest) if owed.latest else "",
                          "date": owed.latest.date if owed.latest else "", "versions": len(owed.versions),
                          "auto": label(owed.latest.status_auto, lang) if owed.latest and owed.latest.status_auto
                          and owed.latest.status_auto != owed.latest.status else ""})
        order = [t for t, _ in progress.required] + [t for t in pack.doc_type_ids if t not in dict(progress.required)]
        thread = []
        for doc_type in order:
            versions = [s for s in school.submissions if s.doc_type == doc_type]
            owed_item = school.owed(doc_type)
            if not versions and owed_item is None:
                continue
            status = owed_item.status if owed_item else "missing"
            thread.append({"type_name": common.doc_type_label(doc_type, pack, lang), "status": status,
                           "label": progress_label(status, lang), "versions": [version(v) for v in versions]})
        schools.append({"name": school.name, "anchor": f"school-{i + 1}", "cells": cells, "thread": thread,
                        "owed": sep.join(common.doc_type_label(t, pack, lang) for t in school.missing),
                        "contact": school.school.contact, "stage": school.school.stage,
                        "district": school.school.district})
    return {
        "schools": schools, "types": types, "as_of": progress.as_of, "roster_name": Path(progress.roster.path).name,
        "complete": sum(1 for s in progress.schools if not s.missing),
        "owing": sum(1 for s in progress.schools if s.missing),
        "unlisted": [(s, common.page_name(s)) for s in progress.unlisted],
    }


def cross_rule_ids(pack: Pack) -> set[str]:
    """The ids of the pack's rules that compare a school's documents with each other."""
    return {r.id for r in pack.rules if getattr(r, "across_documents", False)}


def review_lines(sub: Submission, pack: Pack, lang: str) -> list[tuple[bool, str]]:
    """(applied, the decision in words) for the submission page."""
    out = []
    for r in sub.reviews:
        what = reviews.decision_label(r.decision, lang, pack)
        target = "" if r.target == "submission" else (f"{r.target.split(':', 1)[0]} {r.target.split(':', 1)[-1]}：")
        who = " · ".join(x for x in (r.by, r.at[:10]) if x)
        out.append((r.applied, f"{target}{what}" + (f"（{who}）" if who else "") + (f" — {r.note}" if r.note else "")))
    return out


def index_context(rows: Sequence[common.SummaryRow], pack: Pack, lang: str) -> dict[str, Any]:
    from datetime import datetime

    from .xlsx import stats

    subs = [r.sub for r in rows]
    data = stats(subs, pack)
    schools = sorted({s.school for s in subs if s.school})
    types = sorted({s.doc_type for s in subs}, key=lambda d: common.doc_type_order(pack, d))
    cats = report_categories(pack)
    return {
        "rows": rows,
        "pack": pack,
        "generated": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
        "total": len(subs),
        "by_status": [(s, label(s, lang), data["by_status"].get(s, 0)) for s in STATUSES],
        "by_category": [(css_key(c), category_label(c, pack, lang), data["by_category"].get(c, 0)) for c in cats],
        "problem_total": sum(data["by_category"].values()),
        "statuses": [(s, label(s, lang)) for s in STATUSES],
        "status_labels": {s: label(s, lang) for s in STATUSES},
        "types": [(d, common.doc_type_label(d, pack, lang)) for d in types],
        "schools": schools,
        "categories": [(css_key(c), category_label(c, pack, lang)) for c in cats],
        "category_columns": [f"category:{c}" for c in cats],
        "category_keys": [(css_key(c), f"category:{c}") for c in cats],
        "columns": {key: en if lang == "en" else zh for key, zh, en in common.summary_columns(pack)},
    }


def submission_context(sub: Submission, pack: Pack, folder: Path, lang: str) -> dict[str, Any]:
    doc = sub.document
    placer = Placer(doc) if doc is not None else Placer(Document(sub.path, "", "", ()))
    marks, placed = _marks(sub, placer, pack, lang)
    failed = [r for r in sub.results if not r.passed]
    failed.sort(key=lambda r: r.severity != "error")
    blocks = document_view(sub, placer, marks)
    notes = [n for n in (doc.notes if doc is not None else ()) if n not in sub.review_reasons]
    ocr = sub.ocr or (doc is not None and doc.ocr)
    en = lang == "en"
    return {
        "sub": sub,
        "pack": pack,
        "doc_type": common.doc_type_label(sub.doc_type, pack, lang),
        "school": common.school_label(sub, lang),
        "status_label": label(sub.status, lang),
        "status_auto": label(sub.status_auto, lang) if sub.status_auto and sub.status_auto != sub.status else "",
        "review_lines": review_lines(sub, pack, lang),
        "file_name": common.display_name(sub.path),
        "file_link": common.href(common.file_link(sub.path, folder)),
        "missing": common.missing_content(sub, pack, lang),
        "missing_class": "missing" if common.failed_counts(sub)[0] else "missing sev-warning",  # 提醒 alone: amber
        "failed": [(r, (r.message_en or r.message) if en else r.message) for r in failed],
        "results": [
            (r, (r.message_en or r.message) if en else r.message, placer.anchor(r.location),
             common.location_text(r.location, lang), label("error_sev" if r.severity == "error" else "warning_sev", lang))
            for r in sub.results
        ],
        "problems": [(p, a, category_label(p.category, pack, lang), common.location_text(p.location, lang))
                     for p, a in placed],
        "sections": [(s, placer.anchor(s.location)) for s in sub.sections],
        "stages": [(s, common.stage_name(s.id, pack, lang), placer.anchor(s.location)) for s in sub.stages],
        "errors": [(e, (e.message_en or e.message) if en else e.message) for e in sub.errors],
        "blocks": blocks,
        "ocr_pages": ocr_pages(doc, blocks),
        # the OCR caveat once: the verdict's reasons may say it already, a reader's note too
        "doc_notes": notes,
        "ocr_note": ocr and not any("OCR" in n for n in (*sub.review_reasons, *notes)),
        "categories": [(css_key(c), category_label(c, pack, lang)) for c in report_categories(pack)],
        "passages": [(p, placer.anchor(p.location), _source(p.source, lang)) for p in sub.copy.passages],
    }
