"""Letters back to schools (反馈意见书): one .docx per school that must redo or hand in something.

Laid out as an official reply (公文): a centred title, the school addressed (主送),
the body — what must be redone and why, in plain words with the place in the
school's own document, what is still owed, what is fine, the reviewers' notes and
the date to hand in again (``letters.resubmit_days`` of the pack after today) —
then the sign-off (落款: ``letters.issuer``) and the date. Written with python-docx.

A school gets a letter when one of its latest documents is 不合格, cannot be read,
or was sent back by a reviewer (退回学校), or, with a roster, when it still owes a
document. A document still waiting for a reviewer (需复核) is not in a letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..judge.rulepack import Pack
from ..model import Submission
from ..office import reviews
from ..office.progress import Progress
from . import common

FOLDER = "反馈意见书"
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"  # what an office PC has; others substitute a CJK font
NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Letter:
    """What one school is told."""

    school: str
    redo: tuple[Submission, ...]  # to correct and hand in again
    owed: tuple[tuple[str, str | None, str], ...]  # (doc type, due, missing|overdue) not handed in
    fine: tuple[Submission, ...]


def letters_for(subs: Sequence[Submission], pack: Pack, progress: Progress | None = None) -> list[Letter]:
    """The schools that must do something, each with its documents (latest version of each file)."""
    if progress is not None:
        groups = [(p.name, list(p.submissions), [(o.doc_type, o.due, o.status) for o in p.documents
                                                  if o.status in ("missing", "overdue")]) for p in progress.schools]
    else:
        by_school: dict[str, list[Submission]] = {}
        for s in subs:
            if s.school and s.doc_type in pack.doc_type_ids and not pack.every_type_rules_only(s.doc_type):
                by_school.setdefault(s.school, []).append(s)
        groups = [(name, items, []) for name, items in sorted(by_school.items())]
    out = []
    for school, items, owed in groups:
        latest = _latest_per_type(items)
        redo = tuple(s for s in latest if s.status in ("fail", "error") or reviews.returned(s))
        fine = tuple(s for s in latest if s.status == "pass" and not reviews.returned(s))
        if redo or owed:
            out.append(Letter(school, redo, tuple(owed), fine))
    return out


def _latest_per_type(items: Sequence[Submission]) -> list[Submission]:
    """A school's current documents: for each type the latest (a fixed plan replaces the first one)."""
    best: dict[str, Submission] = {}
    for s in sorted(items, key=lambda s: (s.date or "", s.path)):
        best[s.doc_type] = s
    return sorted(best.values(), key=lambda s: s.path)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _due_words(due: str | None) -> str:
    from ..office.progress import due_date

    day = due_date(due)
    return cn_date(day) if day else ""


def file_name(school: str) -> str:
    """A file name for the school's letter, whatever its name holds."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", school).strip(" .") or "学校"
    return f"{safe[:60]}反馈意见书.docx"


def write(subs: Sequence[Submission], pack: Pack, out_dir: Path, progress: Progress | None = None,
          today: date | None = None) -> list[Path]:
    """Write every letter under ``out_dir/反馈意见书/``; return their paths."""
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    today = today or date.today()
    paths = []
    for letter in letters_for(subs, pack, progress):
        path = folder / file_name(letter.school)
        tmp = common.atomic_path(path)
        try:
            document(letter, pack, today).save(str(tmp))
            common.commit(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        paths.append(path)
    return paths


def paragraphs(letter: Letter, pack: Pack, today: date) -> list[tuple[str, str]]:
    """The letter as (style, text): title, to, body, heading, item, sign, date."""
    days = int(pack.letter_setting("resubmit_days", 10))
    issuer = str(pack.letter_setting("issuer", "") or pack.report_title("zh").removesuffix("检查报告"))
    title = str(pack.letter_setting("title", "") or "关于{school}报送材料的反馈意见书").format(school=letter.school)
    out: list[tuple[str, str]] = [("title", title), ("to", f"{letter.school}：")]
    out.append(("body", "你校报送的材料已收悉。经逐份审核，现将意见反馈如下，请认真对照修改，按时报送。"))
    part = 0

    def heading(text: str) -> None:
        nonlocal part
        out.append(("heading", f"{NUMBERS[part]}、{text}"))
        part += 1

    if letter.redo:
        heading("需要修改后重新报送的材料")
        for n, sub in enumerate(letter.redo, 1):
            name = common.display_name(sub.path)
            kind = common.doc_type_label(sub.doc_type, pack, "zh")
            title = sub.title or name.rsplit(".", 1)[0]
            file_note = "" if name.rsplit(".", 1)[0] == title else f"（文件：{name}）"  # the name when it says more
            out.append(("item", f"（{NUMBERS[n - 1] if n <= 10 else n}）{kind}《{title}》{file_note}"))
            for line in _what_is_wrong(sub, pack):
                out.append(("body", line))
    if letter.owed:
        heading("尚未报送的材料")
        for doc_type, due, status in letter.owed:
            kind = common.doc_type_label(doc_type, pack, "zh")
            when = _due_words(due)
            late = "，现已逾期" if status == "overdue" else ""
            out.append(("body", f"{kind}：尚未收到" + (f"（应于{when}前报送{late}）" if when else "") + "。"))
    if letter.fine:
        heading("符合要求的材料")
        names = "、".join(f"《{s.title or common.display_name(s.path)}》" for s in letter.fine)
        out.append(("body", f"{names}内容齐全，符合要求，无需重新报送。"))
    heading("有关要求")
    deadline = cn_date(today + timedelta(days=days))
    out.append(("body", (f"请于{deadline}前将修改后的材料和尚未报送的材料一并报送。修改时请对照上述意见逐条完善，"
                        "不得简单照抄通知原文，确保材料符合本校实际。")))
    out.append(("sign", issuer))
    out.append(("date", cn_date(today)))
    return out


def _what_is_wrong(sub: Submission, pack: Pack) -> list[str]:
    """Plain words: each failed required check with its place, the reading error, the reviewer's note."""
    lines: list[str] = []
    for e in sub.errors:
        lines.append(f"文件无法打开：{e.message}。{e.advice}。")
    # a reviewer who failed what the machine passed did so for what it only warned about: say that too
    decided_worse = sub.status_auto not in (None, sub.status) and not any(
        not r.passed and r.severity == "error" for r in sub.results)
    for r in sub.results:
        if r.passed or (r.severity != "error" and not decided_worse):
            continue
        where = common.location_text(r.location, "zh")
        lines.append(f"{len(lines) + 1}. {r.message}" + (f"（位置：{where}）" if where else "") + "。")
    review = reviews.submission_review(sub)
    if review is not None and review.note:
        lines.append(f"复核意见：{review.note}" + ("" if review.note.endswith("。") else "。"))
    if not lines and reviews.returned(sub):
        lines.append("经复核，该材料需要修改后重新报送。")
    return lines


def document(letter: Letter, pack: Pack, today: date):  # -> docx.Document
    """The letter as a Word document: A4, 仿宋 三号 body, 小标宋 二号 title, sign-off at the right."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def run_font(run, font: str, size: float, bold: bool = False) -> None:
        run.font.name = font
        run.font.size = Pt(size)
        run.font.bold = bold
        rpr = run._element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)

    for style, text in paragraphs(letter, pack, today):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if style == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(16)
            fmt.line_spacing = Pt(36)
            run_font(p.add_run(text), TITLE_FONT, 22)
        elif style == "to":
            run_font(p.add_run(text), BODY_FONT, 16)
        elif style in ("sign", "date"):
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.right_indent = Cm(1.0)
            if style == "sign":
                fmt.space_before = Pt(28)
            run_font(p.add_run(text), BODY_FONT, 16)
        else:
            fmt.first_line_indent = Pt(32)  # two characters
            run_font(p.add_run(text), "黑体" if style == "heading" else BODY_FONT, 16,
                     bold=style == "item")
    return doc
