"""The roster: who must hand in what; names matched tolerantly; 未交 before the due date, 逾期 after."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from cli import main
from pipeline.judge.rulepack import load_pack
from pipeline.model import Submission
from pipeline.office.progress import progress
from pipeline.office.roster import RosterError, normalise, read

PACK = load_pack("sanzhao-2013")


def _roster_csv(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "学校名单.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_names_match_by_alias_by_containment_and_not_by_a_common_word(tmp_path):
    roster = read(_roster_csv(tmp_path, "学校,别名,学段\n南明区第一实验小学,一实小、实验一小,小学\n南明区红岩幼儿园,,幼儿园\n"
                                        "南明区第二实验小学,,小学\n"))
    assert roster.match("南明区第一实验小学").name == "南明区第一实验小学"
    assert roster.match("第一实验小学").name == "南明区第一实验小学"  # the district left out
    assert roster.match("一实小").name == "南明区第一实验小学"  # by the alias column
    assert roster.match("南明区 红岩 幼儿园").name == "南明区红岩幼儿园"  # spaces
    assert roster.match("实验小学") is None  # two schools hold it: not guessed
    assert roster.match("小学") is None and roster.match("") is None and roster.match(None) is None
    assert roster.match("南明区油榨街小学") is None


def test_a_gbk_roster_with_a_title_row_and_an_xlsx_roster(tmp_path):
    roster = read(_roster_csv(tmp_path, "2013年三找活动学校名单\n序号,学校名称,联系人\n1,南明区甲秀小学,刘老师\n", "gbk"))
    assert [(s.name, s.contact, s.row) for s in roster.schools] == [("南明区甲秀小学", "刘老师", 3)]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["学校", "别名", "片区"])
    ws.append(["南明区河滨小学", "河滨", "一片区"])
    ws.append([None, None, None])
    book.save(tmp_path / "名单.xlsx")
    roster = read(tmp_path / "名单.xlsx")
    assert [(s.name, s.aliases, s.district) for s in roster.schools] == [("南明区河滨小学", ("河滨",), "一片区")]


@pytest.mark.parametrize("text, words", [("名称,地址\n甲,乙\n", "没有“学校”列"), ("学校\n", "没有学校")])
def test_a_roster_without_schools_is_a_clear_error(tmp_path, text, words):
    with pytest.raises(RosterError) as e:
        read(_roster_csv(tmp_path, text))
    assert words in e.value.zh


def _sub(school, doc_type, status="pass", day="2013-08-29", path=None):
    return Submission(path=path or f"{school}/{doc_type}-{day}.docx", sha256=f"{school}{doc_type}{day}",
                      doc_type=doc_type, school=school, date=day, status=status)


def test_progress_shows_status_of_the_latest_version_missing_and_overdue(tmp_path):
    roster = read(_roster_csv(tmp_path, "学校,别名\n南明区第一实验小学,一实小\n南明区河滨小学,\n南明区不交小学,\n"))
    subs = [
        _sub("南明区第一实验小学", "plan", "fail", "2013-08-20"),
        _sub("一实小", "plan", "pass", "2013-09-05"),  # the fixed plan, under its alias: the latest counts
        _sub("第一实验小学", "summary", "review", "2013-09-06"),
        _sub("南明区河滨小学", "plan", "fail"),
        _sub("南明区外区小学", "plan"),  # not on the roster
        _sub(None, "plan"),
    ]
    view = progress(subs, roster, PACK, today=date(2013, 9, 10))
    first, hebin, never = view.schools
    assert first.owed("plan").status == "pass" and len(first.owed("plan").versions) == 2
    assert first.owed("summary").status == "review"
    assert first.owed("rectification").status == "missing"  # due 2013-10-31: not yet
    assert hebin.owed("plan").status == "fail"
    assert never.owed("plan").status == "overdue"  # due 2013-08-31
    assert never.missing == ["plan", "summary", "rectification", "lookback"]
    assert [s.school for s in view.unlisted] == ["南明区外区小学"]
    data = view.to_dict()
    assert data[2]["documents"]["plan"] == {"status": "overdue", "due": "2013-08-31"}
    assert data[0]["documents"]["plan"]["versions"] == 2 and data[0]["missing"] == ["rectification", "lookback"]


def test_check_with_a_roster_inside_the_checked_folder(tmp_path):
    """The roster sits among the submissions (as in samples/): it is the roster, not a submission row."""
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "方案.txt").write_text("南明区河滨小学“三找”活动实施方案\n一、指导思想\n", encoding="utf-8")
    roster = _roster_csv(folder, "学校\n南明区河滨小学\n南明区青山小学\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(folder), "--out", str(out), "--roster", str(roster), "-q",
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [s["path"].rsplit("/", 1)[-1] for s in report["submissions"]] == ["方案.txt"]
    schools = {s["name"]: s for s in report["schools"]}
    assert schools["南明区河滨小学"]["documents"]["plan"]["status"] == "fail"
    assert schools["南明区青山小学"]["missing"] == ["plan", "summary", "rectification", "lookback"]
    assert schools["南明区青山小学"]["documents"]["plan"]["status"] == "overdue"
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames[:3] == ["汇总", "学校进度", "未交材料"]
    rows = list(book["学校进度"].iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "南明区河滨小学" and rows[0][4].startswith("不合格")
    assert rows[1][1] == "南明区青山小学" and rows[1][4] == "逾期" and rows[1][8] == "实施方案、阶段总结、整改方案、回头看报告"
    owed = list(book["未交材料"].iter_rows(min_row=3, values_only=True))
    assert [r[:4] for r in owed] == [("南明区河滨小学", "阶段总结", "2013-09-30", "逾期"),
                                     ("南明区河滨小学", "整改方案", "2013-10-31", "逾期"),
                                     ("南明区河滨小学", "回头看报告", "2014-07-31", "逾期"),
                                     ("南明区青山小学", "实施方案", "2013-08-31", "逾期"),
                                     ("南明区青山小学", "阶段总结", "2013-09-30", "逾期"),
                                     ("南明区青山小学", "整改方案", "2013-10-31", "逾期"),
                                     ("南明区青山小学", "回头看报告", "2014-07-31", "逾期")]  # school by school
    page = (out / "report" / "schools.html").read_text(encoding="utf-8")
    assert "南明区青山小学" in page and "逾期" in page
    plan_page = next((out / "report").glob("s-*.html")).read_text(encoding="utf-8")
    assert 'href="schools.html#school-1"' in plan_page  # the file's page leads to its school's thread


def test_a_bad_roster_stops_before_any_work(tmp_path):
    roster = _roster_csv(tmp_path, "名称\n甲\n")
    result = CliRunner().invoke(main, ["check", str(roster), "--out", str(tmp_path / "o"), "--roster", str(roster)])
    assert result.exit_code == 2 and "学校" in result.output and not (tmp_path / "o").exists()


def test_normalise_ignores_width_and_punctuation():
    assert normalise("南明区（第一）实验小学 ") == normalise("南明区(第一)实验小学") == "南明区第一实验小学"


def test_scan_with_a_roster_and_letters_from_the_config(tmp_path, monkeypatch):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "方案.txt").write_text("南明区河滨小学“三找”活动实施方案\n一、指导思想\n", encoding="utf-8")
    _roster_csv(folder, "学校\n南明区河滨小学\n")
    (tmp_path / "papercheck.toml").write_text('roster = "材料/学校名单.csv"\nletters = true\nworkers = 1\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "材料", "--state", "s.db", "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["submissions"]) == 1 and report["schools"][0]["documents"]["plan"]["status"] == "fail"
    assert (tmp_path / "out" / "反馈意见书" / "南明区河滨小学反馈意见书.docx").is_file()
