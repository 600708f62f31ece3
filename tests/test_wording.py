"""Words and colours that must not mislead (issue 16): 提醒 vs 缺少, amber vs red, sections in a ledger
table, the school of an unreadable file, and whose move a read error is."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cli import main
from pipeline.errors import ReaderCrashed, ReadTimeout, ServerError, TooLargeFile

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WARN_ONLY = "南明区五里冲小学“三找”活动方案.txt"  # 合格, no 工作要求 section (a warning)
FAILED = "南明区前进路小学“三找”活动实施方案.docx"  # 不合格: 总体要求, 活动重点
LEDGER = "南明区第一实验小学“三找”问题整改台账.docx"  # 存在问题 and 整改措施 only as table columns
EMPTY = "bad/南明区团坡小学“三找”活动实施方案.docx"  # unreadable; the name says whose


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("wording") / "out"
    files = [str(SAMPLES / name) for name in (WARN_ONLY, FAILED, LEDGER, EMPTY)]
    done = CliRunner().invoke(main, ["check", *files, "--out", str(out), "--quiet", "--workers", "1"])
    assert done.exit_code == 0, done.output
    return out


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "report.csv", encoding="utf-8-sig") as f:
        return {Path(r["文件"]).name: r for r in csv.DictReader(f)}


def test_a_pass_row_says_tixing_not_queshao_for_a_warning(out):
    rows = _rows(out)
    assert rows[WARN_ONLY]["状态"] == "合格"
    assert rows[WARN_ONLY]["缺少的内容"] == "提醒：缺少工作要求"
    assert rows[FAILED]["缺少的内容"].startswith("缺少：总体要求")


def test_warnings_are_amber_and_errors_red_in_the_spreadsheet(out):
    book = openpyxl.load_workbook(out / "report.xlsx")
    summary = book.worksheets[0]
    header = next(r for r in summary.iter_rows(values_only=True) if r and "缺少的内容" in r)
    col = header.index("缺少的内容")
    colours = {}
    for row in summary.iter_rows():
        text = row[col].value or ""
        if text.startswith(("提醒：", "缺少：")):
            colours[text.split("：")[0]] = row[col].font.color.rgb
    assert colours == {"提醒": "FF9C5700", "缺少": "FF9C0006"}
    results = book.worksheets[1]
    marks = {(r[4].value, r[5].value): r[5].font.color.rgb for r in results.iter_rows(min_row=3) if r[5].value == "未通过"}
    assert marks[("警告", "未通过")] == "FF9C5700" and marks[("错误", "未通过")] == "FF9C0006"


def test_warnings_are_amber_in_the_html_summary(out):
    html = (out / "report" / "index.html").read_text(encoding="utf-8")
    cell = re.search(r'<td class="missing([^"]*)"[^>]*>提醒：缺少工作要求</td>', html)
    assert cell and "sev-warning" in cell.group(1)
    assert re.search(r'<td class="missing"[^>]*>缺少：总体要求', html)


def test_sections_found_as_ledger_columns_are_found(out):
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    ledger = next(s for s in data["submissions"] if s["path"].endswith(LEDGER))
    assert {s["id"]: (s["found"], s["location"]["text"]) for s in ledger["sections"]} == {
        "problems": (True, "表1"), "measures": (True, "表1")}
    page = (out / "report" / next(p.name for p in (out / "report").glob("s-*.html")
                                   if LEDGER in p.read_text(encoding="utf-8")))
    found = page.read_text(encoding="utf-8").split('class="found-lists"')[1].split("</ul>")[0]
    assert "✗" not in found and found.count("✓") == 2


def test_an_unreadable_file_keeps_the_school_its_name_gives_marked_as_such(out):
    row = _rows(out)[Path(EMPTY).name]
    assert row["状态"] == "无法读取" and row["学校"] == "南明区团坡小学（据文件名）"
    failed = openpyxl.load_workbook(out / "report.xlsx")["处理失败"]
    assert any(r[0] == "南明区团坡小学（据文件名）" for r in failed.iter_rows(values_only=True))
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sub = next(s for s in data["submissions"] if s["path"].endswith(Path(EMPTY).name))
    assert (sub["school"], sub["school_from"]) == ("南明区团坡小学", "filename")


def test_a_school_found_in_the_text_is_not_marked(out):
    assert _rows(out)[FAILED]["学校"] == "南明区前进路小学"


@pytest.mark.parametrize("error", [ServerError, TooLargeFile, ReadTimeout, ReaderCrashed])
def test_read_errors_of_the_server_or_our_caps_do_not_send_the_school_to_resubmit(error):
    advice = error("x.docx").to_file_error().advice
    assert not advice.startswith("请学校")
    assert "管理员" in advice.split("；")[0] or "不是学校的问题" in advice


def test_a_pass_page_shows_its_tixing_in_amber(out):
    page = next(p for p in (out / "report").glob("s-*.html") if WARN_ONLY in p.read_text(encoding="utf-8"))
    assert '<p class="missing sev-warning">提醒：缺少工作要求</p>' in page.read_text(encoding="utf-8")


def test_hidden_key_columns_do_not_make_summary_rows_tall(out):
    """After the review columns came in, 文件编号 (a hash in a narrow hidden column) made every 汇总 row
    eight lines tall: samples/ printed on 16 pages instead of 6."""
    summary = openpyxl.load_workbook(out / "report.xlsx").worksheets[0]
    heights = [summary.row_dimensions[r].height or 15 for r in range(3, summary.max_row + 1)]
    assert heights and max(heights) <= 4 * 13.5 + 3  # the longest visible text here wraps to at most 4 lines
