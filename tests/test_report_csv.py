"""report.csv: the summary sheet's columns, UTF-8 with BOM, no formula injection."""

from __future__ import annotations

import csv
import io

from fixtures.report_submissions import FORMULAS, PACK, batch, hostile

from pipeline.report import csv_report
from pipeline.report.common import summary_columns


def test_csv_has_bom_and_summary_columns(tmp_path):
    path = csv_report.write(batch(), PACK, tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [zh for _, zh, _ in summary_columns(PACK)]
    assert rows[0][9:14] == ["缺少的内容", "作风", "纪律", "落实", "其他"]  # the pack's categories
    assert len(rows) == 1 + len(batch())
    plan = next(r for r in rows if r[1] == "实验小学")
    assert plan[6] == "不合格" and plan[9] == "缺少：组织领导（组长）；回头看阶段"
    assert plan[4] == "samples/实验小学/实验小学三找方案.docx" and plan[14] == "0.62"


def test_csv_defuses_formula_like_text(tmp_path):
    path = csv_report.write([hostile()], PACK, tmp_path, lang="en")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["No.", "School"]
    assert rows[1][1] == "'" + FORMULAS[0]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_every_formula_start_is_defused_in_the_cell_excel_shows(tmp_path):
    """A school name starting with =, +, -, @, tab or CR reaches report.csv as text behind a ', never as a formula.

    Excel runs =1+1, +1+1, -2+3 and @SUM(A1) alike, and a leading tab or CR is stripped before it does.
    """
    from dataclasses import replace

    subs = [replace(hostile(), path=f"x/{i}.docx", school=f) for i, f in enumerate(FORMULAS)]
    path = csv_report.write(subs, PACK, tmp_path)
    with path.open(encoding="utf-8-sig", newline="") as fh:  # as Excel reads it: a CR inside a cell stays a CR
        rows = list(csv.reader(fh))
    schools = [row[rows[0].index("学校")] for row in rows[1:]]
    assert sorted(schools) == sorted("'" + f for f in FORMULAS)
    assert "'" + "Hello" not in schools and csv_report.cell("Hello") == "Hello"  # plain text is left alone
    assert csv_report.cell("a-b") == "a-b" and csv_report.cell(-3) == -3  # only a leading sign, only text
