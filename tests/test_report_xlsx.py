"""The compliance spreadsheet, read back with openpyxl as the office (and the corrections reader) will."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from fixtures.report_submissions import FORMULAS, HOSTILE, PACK, batch, hostile

from pipeline.office.reviews import SUMMARY_REVIEW_COLUMNS
from pipeline.report import json_report, write_all, xlsx
from pipeline.report.common import summary_columns


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("out")
    subs = batch()
    paths = write_all(subs, PACK, out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert out / "report.xlsx" in paths
    return out / "report.xlsx", report


TITLED = ("汇总", "Summary")  # a title row above the header row


def _headers(ws) -> list[str]:
    return [c.value for c in ws[2 if ws.title in TITLED else 1]]


def test_sheets_in_order_and_summary_is_default(written):
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames == ["汇总", "规则明细", "问题清单", "处理失败", "统计"]
    assert wb.active.title == "汇总"


def test_row_counts_match_the_json_report(written):
    path, report = written
    wb = openpyxl.load_workbook(path)
    subs = report["submissions"]
    assert wb["汇总"].max_row - 2 == len(subs)
    assert wb["规则明细"].max_row - 1 == sum(len(s["results"]) for s in subs)
    assert wb["问题清单"].max_row - 1 == sum(len(s["problems"]) for s in subs)
    assert wb["处理失败"].max_row - 1 == sum(len(s["errors"]) for s in subs)


def test_summary_values_statuses_and_missing_in_words(written):
    path, report = written
    ws = openpyxl.load_workbook(path)["汇总"]
    head = _headers(ws)
    assert head == [zh for _, zh, _ in summary_columns(PACK) + SUMMARY_REVIEW_COLUMNS]
    rows = {r[head.index("文件")]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    plan = rows["实验小学三找方案.docx"]
    assert plan[head.index("状态")] == "不合格"
    assert plan[head.index("缺少的内容")] == "缺少：组织领导（组长）；回头看阶段"
    assert plan[head.index("错误数")] == 2 and plan[head.index("警告数")] == 3
    assert plan[head.index("最相似的提交")] == "第一中学"
    assert plan[head.index("相似度")] == pytest.approx(0.86)
    summary = rows["阶段总结（扫描件）.pdf"]
    counts = [summary[head.index(k)] for k in ("作风", "纪律", "落实", "其他")]
    assert counts == [1, 1, 1, 1]
    assert {r[head.index("状态")] for r in rows.values()} == {"合格", "不合格", "需复核", "无法读取"}
    words = {"pass": "合格", "fail": "不合格", "review": "需复核", "error": "无法读取"}
    json_status = {Path(s["path"]).name: words[s["status"]] for s in report["submissions"]}
    assert {name: r[head.index("状态")] for name, r in rows.items()} == json_status  # each file's own verdict


def test_numbers_dates_and_formats(written):
    ws = openpyxl.load_workbook(written[0])["汇总"]
    head = _headers(ws)
    col = {h: i + 1 for i, h in enumerate(head)}
    cell = ws.cell(row=4, column=col["与通知重复率"])
    assert cell.data_type == "n" and cell.number_format == "0%" and cell.value == pytest.approx(0.62)
    date = ws.cell(row=3, column=col["成文日期"])
    assert date.is_date and date.value.year == 2013 and date.number_format == "yyyy-mm-dd"
    assert ws.cell(row=3, column=col["错误数"]).data_type == "n"
    deadline = openpyxl.load_workbook(written[0])["问题清单"]
    dl_col = _headers(deadline).index("完成时限") + 1
    dated = [deadline.cell(row=r, column=dl_col) for r in range(2, deadline.max_row + 1)
             if deadline.cell(row=r, column=dl_col).value is not None]
    assert dated and all(c.is_date for c in dated)


def test_status_cells_are_coloured_by_status(written):
    ws = openpyxl.load_workbook(written[0])["汇总"]
    col = _headers(ws).index("状态") + 1
    fills = {ws.cell(row=r, column=col).value: ws.cell(row=r, column=col).fill.fgColor.rgb
             for r in range(3, ws.max_row + 1)}
    assert fills["合格"].endswith("C6EFCE") and fills["不合格"].endswith("FFC7CE")
    assert fills["需复核"].endswith("FFEB9C") and fills["无法读取"].endswith("D9D9D9")


def test_frozen_header_autofilter_and_widths(written):
    wb = openpyxl.load_workbook(written[0])
    for name in ("规则明细", "问题清单", "处理失败"):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
    # 汇总: a title row, then the header row; 序号 and 学校 stay in view when scrolling right
    assert wb["汇总"].freeze_panes == "C3" and wb["汇总"].auto_filter.ref.startswith("A2:")
    ws = wb["汇总"]
    school = ws.column_dimensions["B"].width
    assert school >= 8  # four CJK characters a line (they count double) …
    cell = next(c for c in ws["B"] if c.value == "东风路小学")
    assert cell.alignment.wrap_text and ws.row_dimensions[cell.row].height > 20  # … a longer name wraps, its row grows


def test_hyperlinks_to_file_and_html_page(written):
    path, _ = written
    ws = openpyxl.load_workbook(path)["汇总"]
    head = _headers(ws)
    file_cell = ws.cell(row=3, column=head.index("文件") + 1)
    page_cell = ws.cell(row=3, column=head.index("报告页") + 1)
    assert file_cell.hyperlink is not None and "实施方案.docx" in file_cell.hyperlink.target
    assert not Path(file_cell.hyperlink.target.replace("\\", "/")).is_absolute()
    page = page_cell.hyperlink.target.replace("\\", "/")
    assert page.startswith("report/s-") and (path.parent / page).is_file()
    # An archive member links to its archive.
    ledger = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=head.index("学校") + 1).value == "东风路小学")
    assert ws.cell(row=ledger, column=head.index("文件") + 1).hyperlink.target.endswith("东风路小学.zip")


def test_problem_sheet_layout_is_stable(written):
    ws = openpyxl.load_workbook(written[0])["问题清单"]
    assert _headers(ws) == ["学校", "文件", "问题", "类别", "置信度", "需复核", "位置",
                            "整改措施", "责任人", "完成时限", "整改状态", "问题编号",
                            "类别更正", "是否问题", "机器类别", "文件编号", "文件路径"]  # the reviewer's, at the end
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[3] for r in rows} == {"作风", "纪律", "落实", "其他"}
    ledger = next(r for r in rows if r[2] == "个别教师有偿补课")
    assert ledger[7] == "签订承诺书，开展专项检查" and ledger[8] == "王校长"
    assert len({r[11] for r in rows}) == len(rows)  # ids are unique
    assert ws.data_validations.dataValidation, "the category column offers the four labels"


def test_failed_sheet_says_what_to_do(written):
    ws = openpyxl.load_workbook(written[0])["处理失败"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows == [(None, "samples/第二中学/回头看报告.docx", "已加密", "文件已加密（设置了密码），无法读取",
                     "文件已加密，请学校提供未加密版本")]


def test_statistics_sheet_has_charts(written):
    ws = openpyxl.load_workbook(written[0])["统计"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "按状态" in values and "按学校" in values and "按文档类型" in values
    # openpyxl drops charts on load; look in the package itself.
    import zipfile

    with zipfile.ZipFile(written[0]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2 and "<c:pieChart>" in xml and "<c:barChart>" in xml


def test_english_headers(tmp_path):
    path = xlsx.write(batch(), PACK, tmp_path, lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Rule results", "Problems", "Unreadable", "Statistics"]
    assert _headers(wb["Summary"])[:3] == ["No.", "School", "Type"]  # short: 汇总 prints one page wide
    statuses = {r[6] for r in wb["Summary"].iter_rows(min_row=3, values_only=True)}
    assert statuses == {"pass", "fail", "needs review", "unreadable"}


def test_hostile_text_stays_plain_strings(tmp_path):
    path = xlsx.write([hostile()], PACK, tmp_path)
    wb = openpyxl.load_workbook(path)
    seen = set()
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    seen.add(c.value)
                    if c.value[:1] in "=+-@\t\r":
                        assert c.data_type == "s", (ws.title, c.coordinate, c.value)
    for f in FORMULAS:
        assert f in seen or f.replace("\r", "\n") in seen, f  # XML reads a lone CR back as LF
    assert FORMULAS[0] in seen and any(HOSTILE in v for v in seen)
    import zipfile

    with zipfile.ZipFile(path) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "<f>" not in sheets  # not a single formula in the workbook


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    (tmp_path / "report.xlsx").write_bytes(b"old")
    xlsx.write(batch(), PACK, tmp_path)
    json_report.write(batch(), PACK, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.xlsx"]
    ws = openpyxl.load_workbook(tmp_path / "report.xlsx")["汇总"]  # the old bytes replaced by a whole workbook
    schools = [r[_headers(ws).index("学校")] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert schools == [s.school for s in batch()]
