"""The compliance spreadsheet (report.xlsx): what office staff open.

Written with XlsxWriter in ``constant_memory`` mode (rows stream to disk, so
10,000 submissions / 100,000 rule rows stay in bounded memory; see
bench/report.py for the measurement against openpyxl's write-only mode).

Every text cell is written with ``write_string``: a document's text that starts
with ``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula.

Sheets, in order (汇总 is the default):

- 汇总 / Summary: a row per submission, the columns of ``common.SUMMARY_COLUMNS``.
- 规则明细 / Rule results: ``RESULT_COLUMNS``, a row per rule result.
- 问题清单 / Problems: ``PROBLEM_COLUMNS``, a row per problem sentence. **This
  layout is a contract**: reviewers correct the 类别 column (one of the
  pack's category names, or their English names) and a later tool reads the
  corrections back, matching rows by the last column, 问题编号
  (``common.problem_key``). Add columns only at the end; never reorder.
- 处理失败 / Unreadable: files that could not be read, why, and what to do.
- 统计 / Statistics: counts by status, category, document type and school, with charts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from ..errors import kind_name
from ..judge.rulepack import Pack
from ..model import Submission
from ..office import reviews
from ..office.progress import Progress
from . import common
from .common import STATUSES, category_label, label, report_categories

SHEETS = {
    "summary": ("汇总", "Summary"),
    "progress": ("学校进度", "Schools"),
    "owed": ("未交材料", "Not handed in"),
    "results": ("规则明细", "Rule results"),
    "problems": ("问题清单", "Problems"),
    "failed": ("处理失败", "Unreadable"),
    "stats": ("统计", "Statistics"),
}

RESULT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("index", "序号", "No."),
    ("school", "学校", "School"),
    ("file", "文件", "File"),
    ("rule", "规则", "Rule"),
    ("severity", "级别", "Severity"),
    ("passed", "结果", "Result"),
    ("message", "说明", "Message"),
    ("evidence", "证据", "Evidence"),
    ("location", "位置", "Location"),
)

# Stable: a later tool reads reviewer corrections of 类别 back (see module docstring).
PROBLEM_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("school", "学校", "School"),
    ("file", "文件", "File"),
    ("text", "问题", "Problem"),
    ("category", "类别", "Category"),
    ("confidence", "置信度", "Confidence"),
    ("needs_review", "需复核", "Needs review"),
    ("location", "位置", "Location"),
    ("measure", "整改措施", "Measure"),
    ("owner", "责任人", "Owner"),
    ("deadline", "完成时限", "Deadline"),
    ("progress", "整改状态", "Progress"),
    ("key", "问题编号", "Problem id"),
)

FAILED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("school", "学校", "School"),
    ("file", "文件", "File"),
    ("kind", "类型", "Kind"),
    ("reason", "原因", "Reason"),
    ("advice", "处理建议", "What to do"),
)

STATUS_COLOURS = {  # fill, font
    "pass": ("#C6EFCE", "#006100"),
    "fail": ("#FFC7CE", "#9C0006"),
    "review": ("#FFEB9C", "#9C5700"),
    "error": ("#D9D9D9", "#3A3A3A"),
}
# Bar colours of the categories, in the pack's order (uncategorised is grey).
CATEGORY_COLOURS = ("#4472C4", "#C0504D", "#9BBB59", "#8064A2", "#F79646", "#4BACC6", "#2C4D75", "#772C2A", "#5F7530")
UNCATEGORISED_COLOUR = "#A5A5A5"

MAX_WIDTH = 60  # wrap beyond this

# The widest each column may be (Excel character units), so that a sheet printed one page wide on A4
# landscape stays at 8 pt or more. Sized for the widest way a column unit is drawn (LibreOffice without
# Calibri: about 7 pt a unit); Excel's units are narrower, so the page prints larger there. 汇总's
# columns add up to about 125 units, 91 % of 10 pt (rendered with LibreOffice: tests/test_print.py).
# Longer text wraps and the row grows; numbers' headers wrap onto two or three lines.
PRINT_WIDTHS: dict[str, dict[str, float]] = {
    "summary": {"index": 2.5, "school": 8, "doc_type": 5.7, "date": 9, "file": 13.5, "page": 3.2, "status": 5.7,
                "errors": 3.4, "warnings": 3.4, "missing": 19, "category": 2.8, "notice_ratio": 4, "peer": 8.5, "peer_similarity": 3.7,
                "elapsed": 5, "notes": 13.5},
    "results": {"index": 2.5, "school": 8, "file": 13.5, "rule": 12, "severity": 4, "passed": 5, "message": 22,
                "evidence": 22, "location": 10},
    "problems": {"school": 8, "file": 12, "text": 26, "category": 4, "confidence": 5, "needs_review": 5,
                 "location": 10, "measure": 16, "owner": 6, "deadline": 9, "progress": 6, "key": 11},
    "failed": {"school": 8, "file": 24, "kind": 8, "reason": 28, "advice": 32},
    "progress": {"index": 2.5, "school": 18, "stage": 5, "district": 5, "doc": 11, "owed": 24, "contact": 8},
    "owed": {"school": 18, "doc_type": 10, "due": 11, "status": 6, "contact": 10, "stage": 6, "district": 6},
}
# The reviewer's columns: 汇总 prints them narrow; the row keys (文件编号, 文件路径) are hidden.
REVIEW_WIDTHS = {"decision": 5.7, "review_note": 10, "reviewer": 4.5, "status_auto": 5.7, "sha256": 8, "path": 8,
                 "category_fix": 5, "is_problem": 4, "category_auto": 5}
LINE_HEIGHT = 13.5  # points per wrapped line of 10 pt Chinese text
HIDDEN = {"summary": ("elapsed", "sha256", "path"), "problems": reviews.HIDDEN_REVIEW_KEYS}  # kept in the file (and report.csv), not shown: a figure for us, not the office


# English headers of 汇总's narrow columns, short enough to stay whole (CSV and HTML keep the long ones).
SHORT_EN = {"doc_type": "Type", "peer": "Most similar", "page": "Page", "errors": "Err.", "warnings": "Warn.",
            "notice_ratio": "Notice %", "peer_similarity": "Sim. %"}


def _short_header(key: str, en: str) -> str:
    """汇总's English header: short forms for narrow columns (a category's long words cut: Implementation → Impl.)."""
    if key in SHORT_EN:
        return SHORT_EN[key]
    if key.startswith("category:"):
        return " ".join(w if len(w) <= 6 else w[:4] + "." for w in en.split())
    return en


def _caps(sheet: str, columns: Sequence[tuple[str, str, str]], lang: str = "zh",
          headers: Sequence[str] = ()) -> list[float | None]:
    """The columns' print widths; in English no narrower than a header's longest word (words do not break),
    the room that takes paid for by the columns of running text, which only wrap a little more.
    """
    widths = {**REVIEW_WIDTHS, **PRINT_WIDTHS[sheet]}
    caps = [widths.get("category") if key.startswith("category:") else widths.get(key) for key, _, _ in columns]
    if lang != "en":
        return caps
    names = headers or [en for _, _, en in columns]
    running = {"school", "file", "missing", "peer", "notes", "message", "evidence", "text", "measure", "reason", "advice"}
    return [None if cap is None else max(cap * (0.85 if key in running else 1), max(len(w) for w in name.split()))
            for cap, name, (key, _, _) in zip(caps, names, columns)]


def _hidden(sheet: str, columns: Sequence[tuple[str, str, str]]) -> list[int]:
    return [i for i, (key, _, _) in enumerate(columns) if key in HIDDEN.get(sheet, ())]
CHART_SCHOOLS = 20  # schools shown in the bar chart, most problems first (all are in the table): one printed page


# Control characters other than tab/newline cannot be shown in a cell (XlsxWriter would store
# them as _xHHHH_ escapes that other readers show literally); a lone CR becomes a newline.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {13: 10}


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").translate(_CONTROL)


def _cell_width(text: str) -> int:
    """Column units for text: ASCII 1, CJK 2 (3 UTF-8 bytes), a fast stand-in for east_asian_width."""
    return (len(text) + len(text.encode("utf-8"))) // 2


class _Sheet:
    """A worksheet written row by row, remembering the widest text per column."""

    def __init__(self, book: Any, ws: Worksheet, headers: list[str], fmt: dict[str, Any],
                 title: str | None = None, frozen_cols: int = 0, caps: Sequence[float | None] = (),
                 lang: str = "zh") -> None:
        """Headers in the first row, or under a title row when ``title`` is given.

        ``caps`` gives, per column, the widest it may be so the sheet prints one page wide at a
        readable size (``None``: MAX_WIDTH); a longer text is written wrapping.
        """
        self.book, self.ws, self.fmt, self.lang = book, ws, fmt, lang
        self.caps = [MAX_WIDTH if c is None else c for c in caps] + [MAX_WIDTH] * (len(headers) - len(caps))
        self.lines = 1  # wrapped lines of the row being written
        self.hidden: set[int] = set()  # columns kept off screen and paper: they never make a row taller
        self.widths = [common.text_width(h) + 2 for h in headers]  # +2: the autofilter arrow
        self.head = 1 if title else 0
        if title:
            ws.merge_range(0, 0, 0, len(headers) - 1, _clean(title), fmt["sheet_title"])
            ws.set_row(0, 24)
        self.row = self.head
        for col, h in enumerate(headers):
            ws.write_string(self.head, col, h, fmt["header"])
            self._wrapped(col, h)
        ws.set_row(self.head, self.lines * LINE_HEIGHT + 3)  # a header may wrap in a narrow column
        self.lines = 1
        ws.freeze_panes(self.head + 1, frozen_cols)

    def _fit(self, col: int, text: str) -> None:
        if self.widths[col] >= MAX_WIDTH:
            return
        width = max(_cell_width(line) for line in text.split("\n"))
        self.widths[col] = max(self.widths[col], width)

    def _wrapped(self, col: int, value: str) -> bool:
        """True when value needs more than one line in its column (the row is made tall enough)."""
        if col in self.hidden:  # a 64-character key in a hidden column once made every row 8 lines tall
            return False
        room = max(self.caps[col] * 1.05 - 0.5, 1.0)  # text units (CJK 2) one line of the column holds
        lines = sum(max(1, -(-common.text_width(part) // int(room))) for part in value.split("\n"))
        self.lines = max(self.lines, lines)
        return lines > 1

    def text(self, col: int, value: str | None, fmt: Any = None) -> None:
        value = _clean(value or "")
        self._fit(col, value)
        if self._wrapped(col, value) and fmt is None:
            fmt = self.fmt["wrap"]  # the cell's own format: a column's format does not reach written cells
        if value:
            self.ws.write_string(self.row, col, value, fmt or self.fmt["text"])
        elif fmt is not None:
            self.ws.write_blank(self.row, col, None, fmt)

    def number(self, col: int, value: float | None, fmt: Any = None, shown: int = 6) -> None:
        if value is None:
            return
        self.widths[col] = max(self.widths[col], shown)
        self.ws.write_number(self.row, col, value, fmt)

    def date(self, col: int, value: Any) -> None:
        if value is None:
            return
        self.widths[col] = max(self.widths[col], 11)
        self.ws.write_datetime(self.row, col, value, self.fmt["date"])

    def link(self, col: int, url: str, text: str) -> None:
        text = _clean(text)
        self._fit(col, text)
        self._wrapped(col, text)
        # A link must be short enough for Excel and free of "#" (read as an anchor); else the name stays, as text.
        if len(url) > 2000 or "#" in url or self.ws.write_url(self.row, col, f"external:{url}", self.fmt["link"], text) < 0:
            self.ws.write_string(self.row, col, text, self.fmt["wrap"])

    def _end_row(self) -> None:
        if self.row > self.head and self.lines > 1:  # rows are written one by one: set before moving on
            self.ws.set_row(self.row, self.lines * LINE_HEIGHT + 3)
        self.lines = 1

    def next(self) -> None:
        self._end_row()
        self.row += 1

    def finish(self, title: str = "", hidden: Sequence[int] = ()) -> None:
        """Column widths, filter, freeze, print set-up; ``hidden`` columns stay in the file, off screen and paper."""
        self._end_row()
        for col, width in enumerate(self.widths):
            cap = self.caps[col]
            options = {"hidden": True} if col in hidden else None
            shown = cap if width > cap else width + 1  # +1: room beside the longest text
            self.ws.set_column(col, col, shown, self.fmt["wrap"] if width > cap else None, options)
        self.ws.autofilter(self.head, 0, max(self.row, self.head + 1), len(self.widths) - 1)
        _print_setup(self.ws, self.head, title, self.lang)


def _print_setup(ws: Worksheet, header_row: int | None = 0, title: str = "", lang: str = "zh") -> None:
    """Printed (or PDF'd) as people expect: A4 landscape, one page wide at a readable size, the header
    row (and the title row above it) on every page, the title at the top and page numbers at the foot.
    """
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.3, right=0.3, top=0.55, bottom=0.55)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(0, header_row)
    if title and not header_row:  # a sheet without its own title row: the title in the page header
        ws.set_header("&C" + _header_text(title), {"margin": 0.2})
    ws.set_footer("&RPage &P of &N" if lang == "en" else "&R第 &P 页，共 &N 页", {"margin": 0.2})


def _header_text(text: str) -> str:
    """Text for a page header: '&' doubled (a control character there), within Excel's 255 characters."""
    return text.replace("&", "&&")[:200]



def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "top"}
    fmt: dict[str, Any] = {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "vcenter"}),
        "text": book.add_format(base),
        "wrap": book.add_format({**base, "text_wrap": True}),
        "link": book.add_format({**base, "font_color": "#0563C1", "underline": 1, "text_wrap": True}),
        "date": book.add_format({**base, "num_format": "yyyy-mm-dd", "align": "left"}),
        "month": book.add_format({**base, "num_format": "yyyy-mm", "align": "left"}),
        "percent": book.add_format({**base, "num_format": "0%"}),
        "seconds": book.add_format({**base, "num_format": "0.00"}),
        "int": book.add_format({**base, "num_format": "0"}),
        "bad": book.add_format({**base, "font_color": "#9C0006"}),  # an error: Excel's "Bad" red
        "warn": book.add_format({**base, "font_color": "#9C5700"}),  # a warning: Excel's "Neutral" amber
        "missing_error": book.add_format({**base, "font_color": "#9C0006", "text_wrap": True}),
        "missing_warning": book.add_format({**base, "font_color": "#9C5700", "text_wrap": True}),
        "title": book.add_format({**base, "bold": True, "font_size": 12}),
        "sheet_title": book.add_format({**base, "bold": True, "font_size": 13, "valign": "vcenter"}),
    }
    for status, (fill, font) in STATUS_COLOURS.items():
        fmt[f"status_{status}"] = book.add_format({**base, "bg_color": fill, "font_color": font, "bold": True})
    for status, (fill, font) in {**STATUS_COLOURS, **PROGRESS_COLOURS}.items():
        fmt[f"progress_{status}"] = book.add_format({**base, "bg_color": fill, "font_color": font, "bold": True,
                                                     "text_wrap": True})
    return fmt


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, *, lang: str = "zh",
          name: str = "report.xlsx", constant_memory: bool = True, home: Path | None = None,
          partial: tuple[int, int] | None = None, progress: Progress | None = None) -> Path:
    """Write the compliance spreadsheet atomically and return its path.

    ``constant_memory=False`` exists for bench/report.py's comparison only.
    """
    path = out_dir / name
    tmp = common.atomic_path(path)
    book = xlsxwriter.Workbook(str(tmp), {
        "constant_memory": constant_memory,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "default_date_format": "yyyy-mm-dd",
    })
    try:
        fmt = _formats(book)
        en = lang == "en"
        wanted = [key for key in SHEETS if progress is not None or key not in ("progress", "owed")]
        sheets = {key: book.add_worksheet(SHEETS[key][1] if en else SHEETS[key][0]) for key in wanted}
        sheets["summary"].activate()
        _summary(book, sheets["summary"], submissions, pack, home or out_dir, lang, fmt, partial)
        title = summary_title(pack, lang, partial)
        if progress is not None:
            _progress(book, sheets["progress"], progress, pack, lang, fmt, title)
            _owed(book, sheets["owed"], progress, pack, lang, fmt, title)
        _results(book, sheets["results"], submissions, lang, fmt, title)
        _problems(book, sheets["problems"], submissions, pack, lang, fmt, title)
        _failed(book, sheets["failed"], submissions, lang, fmt, title)
        _stats(book, sheets["stats"], submissions, pack, lang, fmt, title)
        book.close()
        common.commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _summary(book: Any, ws: Worksheet, subs: Sequence[Submission], pack: Pack, home: Path, lang: str,
             fmt: dict[str, Any], partial: tuple[int, int] | None = None) -> None:
    cols = common.summary_columns(pack) + reviews.SUMMARY_REVIEW_COLUMNS
    at = {key: i for i, (key, _, _) in enumerate(cols)}
    counted = ["errors", "warnings", *(f"category:{c}" for c in report_categories(pack))]
    headers = [_short_header(key, en) for key, _, en in cols] if lang == "en" else common.headers(cols, lang)
    sheet = _Sheet(book, ws, headers, fmt, title=summary_title(pack, lang, partial),
                   frozen_cols=at["school"] + 1, caps=_caps("summary", cols, lang, headers), lang=lang)
    sheet.hidden = set(_hidden("summary", cols))
    first = sheet.row + 1
    open_page = "打开" if lang == "zh" else "open"
    for row in common.summary_rows(subs, pack, home, lang):
        v, sub = row.values, row.sub
        sheet.next()
        sheet.number(at["index"], v["index"], fmt["int"])
        sheet.text(at["school"], v["school"])
        sheet.text(at["doc_type"], v["doc_type"])
        sheet.date(at["date"], v["date"])
        sheet.link(at["file"], v["file_link"], v["file"])
        sheet.link(at["page"], v["page_link"], open_page)
        sheet.text(at["status"], v["status"], fmt[f"status_{sub.status}"] if sub.status in STATUSES else None)
        for key in counted:
            sheet.number(at[key], v[key], fmt["int"], shown=common.text_width(cols[at[key]][1 if lang == "zh" else 2]))
        sheet.text(at["missing"], v["missing"], fmt["missing_error"] if v["errors"] else fmt["missing_warning"]
                   if v["missing"] else None)
        sheet.number(at["notice_ratio"], v["notice_ratio"], fmt["percent"])
        sheet.text(at["peer"], v["peer"])
        sheet.number(at["peer_similarity"], v["peer_similarity"], fmt["percent"])
        sheet.number(at["elapsed"], v["elapsed"], fmt["seconds"])
        decided = reviews.submission_review(sub)
        sheet.text(at["notes"], _with_review(v["notes"], sub, lang))
        if decided is not None:
            sheet.text(at["decision"], reviews.decision_label(decided.decision, lang))
            sheet.text(at["review_note"], decided.note)
            sheet.text(at["reviewer"], decided.by)
        if sub.status_auto and sub.status_auto != sub.status:
            sheet.text(at["status_auto"], label(sub.status_auto, lang), fmt[f"status_{sub.status_auto}"])
        sheet.text(at["sha256"], sub.sha256)
        sheet.text(at["path"], sub.path)
    # Printed up to 说明 (one page wide at 8 pt or more): a decision and the machine's verdict are in 说明 too.
    ws.print_area(0, 0, max(sheet.row, sheet.head + 1), at["notes"])
    if sheet.row >= first:
        _dropdown(ws, first, sheet.row, at["decision"], [pair[lang == "en"] for pair in reviews.SUBMISSION_DECISIONS.values()],
                  "复核结论" if lang == "zh" else "Review decision", lang)
    sheet.finish(hidden=_hidden("summary", cols))


def _with_review(notes: str, sub: Submission, lang: str) -> str:
    """说明 with the reviewer's decision and the machine's verdict, so paper shows them too."""
    decided = reviews.submission_review(sub)
    if decided is None:
        return notes
    who = f"（{decided.by}）" if decided.by and lang != "en" else f" ({decided.by})" if decided.by else ""
    said = reviews.decision_label(decided.decision, lang)
    if lang == "en":
        text = f"Review{who}: {said}" + (f"; machine's verdict: {label(sub.status_auto, lang)}" if sub.status_auto else "")
    else:
        text = f"复核{who}：{said}" + (f"，机器结论：{label(sub.status_auto, lang)}" if sub.status_auto else "")
    sep = "; " if lang == "en" else "；"
    return sep.join(x for x in (text, notes) if x)


def _dropdown(ws: Worksheet, first: int, last: int, col: int, choices: list[str], title: str, lang: str) -> None:
    """A list to pick from in a reviewer's column (a value outside it is refused by Excel, WPS and LibreOffice)."""
    ws.data_validation(first, col, last, col, {
        "validate": "list", "source": choices, "error_title": title,
        "error_message": ("请选择：" + "、".join(choices)) if lang == "zh" else "Choose one of: " + ", ".join(choices),
    })


PROGRESS_LABELS = {"missing": ("未交", "not handed in"), "overdue": ("逾期", "overdue")}
PROGRESS_COLOURS = {"missing": ("#FFFFFF", "#3A3A3A"), "overdue": ("#F4B183", "#843C0C")}


def progress_label(status: str, lang: str = "zh") -> str:
    """合格 / 不合格 / 需复核 / 无法读取 / 未交 / 逾期."""
    if status in PROGRESS_LABELS:
        return PROGRESS_LABELS[status][lang == "en"]
    return label(status, lang)


def _progress(book: Any, ws: Worksheet, progress: Progress, pack: Pack, lang: str, fmt: dict[str, Any],
              title: str) -> None:
    """学校进度: a row per roster school, a column per document type it owes (status and latest date)."""
    en = lang == "en"
    types = [t for t, _ in progress.required]
    columns: list[tuple[str, str, str]] = [("index", "序号", "No."), ("school", "学校", "School"),
                                           ("stage", "学段", "Stage"), ("district", "片区", "District")]
    columns += [("doc", common.doc_type_label(t, pack, "zh"), common.doc_type_label(t, pack, "en")) for t in types]
    columns += [("owed", "未交材料", "Not handed in"), ("contact", "联系人", "Contact")]
    sheet = _Sheet(book, ws, common.headers(columns, lang), fmt, title=title, frozen_cols=2,
                   caps=_caps("progress", columns, lang), lang=lang)
    for i, school in enumerate(progress.schools, 1):
        sheet.next()
        sheet.number(0, i, fmt["int"])
        sheet.text(1, school.name)
        sheet.text(2, school.school.stage)
        sheet.text(3, school.school.district)
        for j, owed in enumerate(school.documents, 4):
            text = progress_label(owed.status, lang)
            if owed.latest is not None:
                text += f"\n{owed.latest.date or ''}".rstrip()
                if len(owed.versions) > 1:
                    text += f"\n第{len(owed.versions)}版" if not en else f"\nversion {len(owed.versions)}"
            sheet.text(j, text, fmt[f"progress_{owed.status}"])
        sep = "、" if not en else ", "
        sheet.text(4 + len(types), sep.join(common.doc_type_label(t, pack, lang) for t in school.missing))
        sheet.text(5 + len(types), school.school.contact)
    for sub in progress.unlisted:  # a school the roster does not have: seen, not dropped
        sheet.next()
        sheet.text(1, sub.school)
        note = "不在学校名单上：" if not en else "not on the roster: "
        sheet.text(4 + len(types), note + common.display_name(sub.path), fmt["bad"])
    sheet.finish(title=title)


def _owed(book: Any, ws: Worksheet, progress: Progress, pack: Pack, lang: str, fmt: dict[str, Any],
          title: str) -> None:
    """未交材料: a row per document a school still owes, school by school."""
    columns = (("school", "学校", "School"), ("doc_type", "文档类型", "Document type"), ("due", "截止日期", "Due"),
               ("status", "状态", "Status"), ("contact", "联系人", "Contact"), ("stage", "学段", "Stage"),
               ("district", "片区", "District"))
    sheet = _Sheet(book, ws, common.headers(columns, lang), fmt, title=title, frozen_cols=1,
                   caps=_caps("owed", columns, lang), lang=lang)
    rows = [(school, owed) for school in progress.schools for owed in school.documents if owed.status in PROGRESS_LABELS]
    rows.sort(key=lambda r: (r[0].school.row, r[1].due or ""))  # a school's documents together, as it is phoned
    for school, owed in rows:
        sheet.next()
        sheet.text(0, school.name)
        sheet.text(1, common.doc_type_label(owed.doc_type, pack, lang))
        sheet.text(2, owed.due or "")
        sheet.text(3, progress_label(owed.status, lang), fmt[f"progress_{owed.status}"])
        sheet.text(4, school.school.contact)
        sheet.text(5, school.school.stage)
        sheet.text(6, school.school.district)
    sheet.finish(title=title)


def summary_title(pack: Pack, lang: str, partial: tuple[int, int] | None = None, today: date | None = None) -> str:
    """The 汇总 sheet's title row: report title, pack and date (and the mark of an interrupted check)."""
    day = (today or date.today()).isoformat()
    if lang == "en":
        text = f"{common.report_title(pack, lang)} — rule pack {pack.name} {pack.version} — {day}"
    else:
        text = f"{common.report_title(pack, lang)}（规则包 {pack.name} {pack.version}，{day}）"
    note = common.partial_note(partial, lang)
    return f"{text}　{note}" if note else text


def _results(book: Any, ws: Worksheet, subs: Sequence[Submission], lang: str, fmt: dict[str, Any],
             title: str = "") -> None:
    sheet = _Sheet(book, ws, common.headers(RESULT_COLUMNS, lang), fmt, caps=_caps("results", RESULT_COLUMNS, lang), lang=lang)
    en = lang == "en"
    for i, sub in enumerate(subs, 1):
        name = common.display_name(sub.path)
        for r in sub.results:
            sheet.next()
            sheet.number(0, i, fmt["int"])
            sheet.text(1, common.school_label(sub, lang))
            sheet.text(2, name)
            sheet.text(3, r.rule)
            sheet.text(4, label("error_sev" if r.severity == "error" else "warning_sev", lang))
            sheet.text(5, label("passed" if r.passed else "not_passed", lang),
                       None if r.passed else fmt["bad"] if r.severity == "error" else fmt["warn"])
            sheet.text(6, (r.message_en or r.message) if en else r.message)
            sheet.text(7, r.evidence)
            sheet.text(8, common.location_text(r.location, lang))
    sheet.finish(title=title)


def _problems(book: Any, ws: Worksheet, subs: Sequence[Submission], pack: Pack, lang: str,
              fmt: dict[str, Any], title: str = "") -> None:
    columns = PROBLEM_COLUMNS + reviews.PROBLEM_REVIEW_COLUMNS
    at = {key: i for i, (key, _, _) in enumerate(columns)}
    sheet = _Sheet(book, ws, common.headers(columns, lang), fmt, caps=_caps("problems", columns, lang), lang=lang)
    sheet.hidden = set(_hidden("problems", columns))
    for sub in subs:
        decided = {r.target: r for r in sub.reviews if r.applied}
        name = common.display_name(sub.path)
        for p in sub.problems:
            sheet.next()
            sheet.text(0, common.school_label(sub, lang))
            sheet.text(1, name)
            sheet.text(2, p.text)
            sheet.text(3, category_label(p.category, pack, lang))
            sheet.number(4, p.confidence, fmt["percent"])
            sheet.text(5, label("yes" if p.needs_review else "no", lang))
            sheet.text(6, common.location_text(p.location, lang))
            sheet.text(7, p.measure)
            sheet.text(8, p.owner)
            deadline = common.iso_date(p.deadline)
            if deadline is not None:
                sheet.widths[9] = max(sheet.widths[9], 11)
                ws.write_datetime(sheet.row, 9, deadline, fmt["date" if p.deadline.count("-") == 2 else "month"])
            else:
                sheet.text(9, p.deadline)
            sheet.text(10, p.status)
            key = common.problem_key(sub, p)
            sheet.text(11, key)
            review = decided.get(f"problem:{key}")
            if review is not None and review.decision in pack.category_ids and p.category_auto:
                sheet.text(at["category_fix"], category_label(review.decision, pack, lang))
            if review is not None:
                sheet.text(at["is_problem"], label("yes", lang))
            sheet.text(at["category_auto"], p.category_auto or p.category or "")
            sheet.text(at["sha256"], sub.sha256)
            sheet.text(at["path"], sub.path)
    if sheet.row:
        names = [category_label(c, pack, lang) for c in pack.category_ids]
        title_zh = "类别" if lang == "zh" else "Category"
        _dropdown(ws, 1, sheet.row, at["category"], names, title_zh, lang)
        _dropdown(ws, 1, sheet.row, at["category_fix"], names, title_zh, lang)
        _dropdown(ws, 1, sheet.row, at["is_problem"], [label("yes", lang), label("no", lang)],
                  "是否问题" if lang == "zh" else "Is a problem", lang)
    sheet.finish(title=title, hidden=_hidden("problems", columns))


def _failed(book: Any, ws: Worksheet, subs: Sequence[Submission], lang: str, fmt: dict[str, Any],
            title: str = "") -> None:
    sheet = _Sheet(book, ws, common.headers(FAILED_COLUMNS, lang), fmt, caps=_caps("failed", FAILED_COLUMNS, lang), lang=lang)
    en = lang == "en"
    for sub in subs:
        for e in sub.errors:
            sheet.next()
            sheet.text(0, common.school_label(sub, lang))
            sheet.text(1, sub.path)
            sheet.text(2, kind_name(e.kind, lang))
            sheet.text(3, (e.message_en or e.message) if en else e.message)
            sheet.text(4, e.advice)
    sheet.finish(title=title)


def stats(subs: Sequence[Submission], pack: Pack | None) -> dict[str, Any]:
    """Counts for the statistics sheet and the HTML index."""
    by_status = Counter(s.status for s in subs)
    by_category: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = defaultdict(Counter)
    by_school: dict[str, Counter[str]] = defaultdict(Counter)
    for s in subs:
        counts = common.category_counts(s, pack)
        by_category.update(counts)
        by_type[s.doc_type][s.status] += 1
        school = s.school or ""
        by_school[school].update(counts)
        by_school[school]["_submissions"] += 1
        by_school[school][f"_{s.status}"] += 1
    return {"by_status": by_status, "by_category": by_category, "by_type": by_type, "by_school": by_school}


def _stats(book: Any, ws: Worksheet, subs: Sequence[Submission], pack: Pack, lang: str, fmt: dict[str, Any],
           page_title: str = "") -> None:
    zh = lang == "zh"
    data = stats(subs, pack)
    cats = report_categories(pack)
    head, title = fmt["header"], fmt["title"]
    sheet_name = ws.get_name()
    ws.set_column(0, 0, 22)
    ws.set_column(1, len(cats) + 4, 11)
    row = 0

    # Status counts.
    ws.write_string(row, 0, "按状态" if zh else "By status", title)
    row += 1
    ws.write_string(row, 0, "状态" if zh else "Status", head)
    ws.write_string(row, 1, "份数" if zh else "Count", head)
    status_first = row + 1
    for status in STATUSES:
        row += 1
        ws.write_string(row, 0, label(status, lang), fmt[f"status_{status}"])
        ws.write_number(row, 1, data["by_status"].get(status, 0))
    status_last = row

    # Category counts.
    row += 2
    ws.write_string(row, 0, "按问题类别" if zh else "By problem category", title)
    row += 1
    ws.write_string(row, 0, "类别" if zh else "Category", head)
    ws.write_string(row, 1, "问题数" if zh else "Problems", head)
    for cat in cats:
        row += 1
        ws.write_string(row, 0, category_label(cat, pack, lang))
        ws.write_number(row, 1, data["by_category"].get(cat, 0))

    # Document type × status.
    row += 2
    ws.write_string(row, 0, "按文档类型" if zh else "By document type", title)
    row += 1
    ws.write_string(row, 0, "文档类型" if zh else "Document type", head)
    for j, status in enumerate(STATUSES, 1):
        ws.write_string(row, j, label(status, lang), head)
    ws.write_string(row, len(STATUSES) + 1, "合计" if zh else "Total", head)
    for doc_type in sorted(data["by_type"], key=lambda t: common.doc_type_order(pack, t)):
        counts = data["by_type"][doc_type]
        row += 1
        ws.write_string(row, 0, common.doc_type_label(doc_type, pack, lang))
        for j, status in enumerate(STATUSES, 1):
            ws.write_number(row, j, counts.get(status, 0))
        ws.write_number(row, len(STATUSES) + 1, sum(counts.values()))

    # School × category (most problems first, so the chart shows the schools that matter).
    row += 2
    ws.write_string(row, 0, "按学校" if zh else "By school", title)
    row += 1
    school_head = ["学校" if zh else "School", *(category_label(c, pack, lang) for c in cats),
                   "提交份数" if zh else "Submissions", label("fail", lang), label("review", lang), label("error", lang)]
    for j, h in enumerate(school_head):
        ws.write_string(row, j, h, head)
    schools = sorted(data["by_school"].items(), key=lambda kv: (-sum(kv[1][c] for c in cats), kv[0]))
    school_first = row + 1
    for school, counts in schools:
        row += 1
        ws.write_string(row, 0, _clean(school) or ("（未识别）" if zh else "(unknown)"))
        for j, cat in enumerate(cats, 1):
            ws.write_number(row, j, counts.get(cat, 0))
        for j, key in enumerate(("_submissions", "_fail", "_review", "_error"), len(cats) + 1):
            ws.write_number(row, j, counts[key])
    with_problems = sum(1 for _, counts in schools if sum(counts[c] for c in cats))
    school_last = school_first + max(1, min(with_problems, CHART_SCHOOLS)) - 1

    pie = book.add_chart({"type": "pie"})
    pie.add_series({
        "name": "状态" if zh else "Status",
        "categories": [sheet_name, status_first, 0, status_last, 0],
        "values": [sheet_name, status_first, 1, status_last, 1],
        "points": [{"fill": {"color": STATUS_COLOURS[s][0]}, "border": {"color": STATUS_COLOURS[s][1]}}
                   for s in STATUSES],
        "data_labels": {"value": True, "category": True},
    })
    pie.set_title({"name": "提交状态" if zh else "Submissions by status"})
    pie.set_size({"width": 480, "height": 300})
    below = row + 2  # charts under the tables, not beside them: the sheet prints one page wide at full size
    ws.insert_chart(below, 0, pie)

    if schools:
        bar = book.add_chart({"type": "bar", "subtype": "stacked"})
        for j, cat in enumerate(cats, 1):
            bar.add_series({
                "name": category_label(cat, pack, lang),
                "categories": [sheet_name, school_first, 0, school_last, 0],
                "values": [sheet_name, school_first, j, school_last, j],
                "fill": {"color": CATEGORY_COLOURS[(j - 1) % len(CATEGORY_COLOURS)] if cat else UNCATEGORISED_COLOUR},
            })
        bar.set_title({"name": "各校问题数（按类别）" if zh else "Problems by category per school"})
        bar.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 9}})  # every school named
        bar.set_legend({"position": "bottom"})
        bar.set_size({"width": 640, "height": min(500, max(300, 60 + 26 * (school_last - school_first + 1)))})  # one page
        ws.insert_chart(below + 16, 0, bar)
        ws.set_h_pagebreaks([below, below + 16])  # each chart starts a page: none is cut in two
    _print_setup(ws, None, page_title, lang)
