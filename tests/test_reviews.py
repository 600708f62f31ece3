"""Reviewers' decisions that stick: typed into report.xlsx, re-saved by LibreOffice, imported, shown next run.

Regression: a category corrected in 问题清单 and a note typed beside a row were silently overwritten by
the next run, and there was nowhere to record a decision.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import PLAN_NO_LEADER

from cli import main

SUMMARY = """南明区青松小学“三找”活动学习讨论阶段总结
一、基本情况
学校组织全体教职工集中学习6次，召开座谈会3次，发放征求意见表120份。
二、存在问题
1.个别教师服务意识不强，对家长态度生硬，工作敷衍应付。
2.少数教师上班时间玩手机、网购，迟到早退时有发生。
3.学校部分制度停留在纸面上，整改工作推进缓慢。
三、整改措施
严格考勤制度，每周公示；开展师德专题教育；建立整改督查台账。
四、下一步打算
力争两年内建成区级“四优学校”。
南明区青松小学
2013年9月5日
"""
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "青松小学实施方案.txt").write_text(PLAN_NO_LEADER, encoding="utf-8")
    (folder / "青松小学阶段总结.txt").write_text(SUMMARY, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--workers", "1"] if args[0] in ("check", "scan") else list(args))
    return result.exit_code, result.output


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def by_name(data: dict) -> dict:
    return {s["path"].rsplit("/", 1)[-1]: s for s in data["submissions"]}


def _columns(ws, header_row: int) -> dict[str, int]:
    return {c.value: c.column for c in ws[header_row] if c.value}


def review_in(path: Path, *, plan_decision: str = "改为合格", fix_first: bool = True) -> dict:
    """Type decisions into report.xlsx as a reviewer does; return what was typed."""
    book = openpyxl.load_workbook(path)
    ws = book["汇总"]
    cols = _columns(ws, 2)
    for row in range(3, ws.max_row + 1):
        if "实施方案" in str(ws.cell(row, cols["文件"]).value):
            ws.cell(row, cols["复核结论"]).value = plan_decision
            ws.cell(row, cols["复核意见"]).value = "组长写在附件名单里，已核实"
            ws.cell(row, cols["复核人"]).value = "张三"
    pb = book["问题清单"]
    pcols = _columns(pb, 1)
    typed = {}
    rows = [r for r in range(2, pb.max_row + 1) if pb.cell(r, pcols["问题"]).value]
    first, second = rows[0], rows[1]
    if fix_first:
        old = pb.cell(first, pcols["类别"]).value
        new = "纪律" if old != "纪律" else "作风"
        pb.cell(first, pcols["类别"]).value = new  # corrected in place, as reviewers did before
        typed["fixed"] = (pb.cell(first, pcols["问题"]).value, new)
    pb.cell(second, pcols["是否问题"]).value = "否"
    typed["rejected"] = pb.cell(second, pcols["问题"]).value
    book.save(path)
    return typed


def resave_with_libreoffice(path: Path, tmp: Path) -> Path:
    """The spreadsheet as a reviewer returns it: opened and saved again by another office suite."""
    if SOFFICE is None:
        pytest.skip("no LibreOffice on this machine")
    target = tmp / "returned"
    target.mkdir()
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(target), str(path)], capture_output=True, timeout=180, check=False)
    saved = target / path.name
    if not saved.exists():
        pytest.skip("LibreOffice cannot convert .xlsx here")
    return saved


def test_decisions_resaved_by_libreoffice_are_imported_and_shown_on_the_next_run(folder, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.db"
    code, output = run("check", str(folder), "--out", str(out), "--state", str(state), "-q")
    assert code == 0, output
    before = by_name(report(out))
    assert before["青松小学实施方案.txt"]["status"] == "fail"  # no 组长
    typed = review_in(out / "report.xlsx")
    returned = resave_with_libreoffice(out / "report.xlsx", tmp_path)
    code, output = run("review", "import", str(returned), "--state", str(state))
    assert code == 0, output
    assert "新导入 3 条" in output

    code, output = run("check", str(folder), "--out", str(out), "--state", str(state), "-q")
    assert code == 0, output
    after = by_name(report(out))
    plan = after["青松小学实施方案.txt"]
    assert plan["status"] == "pass" and plan["status_auto"] == "fail"
    decided = [r for r in plan["reviews"] if r["target"] == "submission"]
    assert decided[0]["decision"] == "pass" and decided[0]["by"] == "张三" and decided[0]["at"]
    assert decided[0]["note"] == "组长写在附件名单里，已核实" and decided[0]["applied"] is True
    summary = after["青松小学阶段总结.txt"]
    problems = {p["text"]: p for p in summary["problems"]}
    text, category_name = typed["fixed"]
    assert problems[text]["category"] == {"纪律": "discipline", "作风": "work_style"}[category_name]
    assert problems[text]["category_auto"] and problems[text]["category_auto"] != problems[text]["category"]
    assert typed["rejected"] not in problems  # 是否问题 = 否: no longer counted
    # the spreadsheet shows the decision and the machine's verdict beside it
    ws = openpyxl.load_workbook(out / "report.xlsx")["汇总"]
    cols = _columns(ws, 2)
    row = next(r for r in range(3, ws.max_row + 1) if "实施方案" in str(ws.cell(r, cols["文件"]).value))
    assert ws.cell(row, cols["状态"]).value == "合格"
    assert ws.cell(row, cols["机器结论"]).value == "不合格"
    assert ws.cell(row, cols["复核结论"]).value == "改为合格" and ws.cell(row, cols["复核人"]).value == "张三"
    page = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "机器结论：不合格" in page

    # importing the same file again stores nothing new
    code, output = run("review", "import", str(returned), "--state", str(state))
    assert "新导入 0 条，3 条已导入过" in output


def test_a_changed_file_keeps_old_decisions_as_history_but_does_not_apply_them(folder, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.db"
    run("check", str(folder), "--out", str(out), "--state", str(state), "-q")
    review_in(out / "report.xlsx", fix_first=False)
    run("review", "import", str(out / "report.xlsx"), "--state", str(state))
    plan = folder / "青松小学实施方案.txt"
    plan.write_text(PLAN_NO_LEADER.replace("结合我校实际", "紧密结合我校实际"), encoding="utf-8")  # a new version
    code, output = run("check", str(folder), "--out", str(out), "--state", str(state), "-q")
    assert code == 0, output
    data = by_name(report(out))["青松小学实施方案.txt"]
    assert data["status"] == "fail" and data["status_auto"] == "fail"
    assert [(r["decision"], r["applied"]) for r in data["reviews"] if r["target"] == "submission"] == [("pass", False)]
    page = next((out / "report").glob("s-*.html"))
    pages = [p.read_text(encoding="utf-8") for p in (out / "report").glob("s-*.html")]
    assert any("此前版本的复核（未应用）" in p for p in pages), page


def test_decisions_survive_a_rescan_and_a_scan_imports_them_first(folder, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.db"
    code, output = run("scan", str(folder), "--state", str(state), "--out", str(out), "-q")
    assert code == 0, output
    review_in(out / "report.xlsx", fix_first=False)  # typed into last night's report, never imported by hand
    code, output = run("scan", str(folder), "--state", str(state), "--out", str(out))
    assert code == 0, output
    assert "导入 2 条复核结论" in output
    plan = by_name(report(out))["青松小学实施方案.txt"]
    assert plan["status"] == "pass" and plan["status_auto"] == "fail"
    code, output = run("scan", str(folder), "--state", str(state), "--out", str(out), "-q")  # nothing changed
    plan = by_name(report(out))["青松小学实施方案.txt"]
    assert plan["status"] == "pass" and plan["reviews"][0]["by"] == "张三"


def test_a_report_holding_unimported_decisions_is_never_overwritten(folder, tmp_path):
    out = tmp_path / "out"
    code, _ = run("check", str(folder), "--out", str(out), "-q")
    assert code == 0
    review_in(out / "report.xlsx", fix_first=False)
    before = (out / "report.xlsx").read_bytes()
    code, output = run("check", str(folder), "--out", str(out), "-q")
    assert code == 2
    assert "复核结论尚未导入" in output and "review import" in output
    assert (out / "report.xlsx").read_bytes() == before
    # with a state the decisions are imported first, then applied
    state = tmp_path / "state.db"
    code, output = run("check", str(folder), "--out", str(out), "--state", str(state))
    assert code == 0, output
    assert "导入 2 条复核结论" in output
    assert by_name(report(out))["青松小学实施方案.txt"]["status"] == "pass"


def test_a_value_outside_the_dropdown_is_a_warning_not_a_decision(folder, tmp_path):
    out, state = tmp_path / "out", tmp_path / "state.db"
    run("check", str(folder), "--out", str(out), "-q")
    review_in(out / "report.xlsx", plan_decision="差不多吧", fix_first=False)
    code, output = run("review", "import", str(out / "report.xlsx"), "--state", str(state))
    assert code == 0 and "不是可选值" in output and "新导入 1 条" in output  # only 是否问题 = 否


def test_a_file_that_is_not_a_report_is_refused(tmp_path):
    path = tmp_path / "x.xlsx"
    openpyxl.Workbook().save(path)
    code, output = run("review", "import", str(path), "--state", str(tmp_path / "s.db"))
    assert code == 2 and "不是 papercheck 的报告" in output


def test_train_with_reviews_learns_the_corrected_categories(tmp_path):
    """train --with-reviews: the categories reviewers set are added to the pack's training sentences."""
    from pipeline.judge.rulepack import load_pack
    from pipeline.office.reviews import Decision
    from pipeline.run.store import Store
    from pipeline.understand import classify

    state = tmp_path / "state.db"
    with Store(state) as store:
        store.add_reviews([
            Decision("a" * 64, "problem:k1", "work_style", text="个别教师午休时间擅自离校办私事"),
            Decision("a" * 64, "problem:k1", "discipline", text="个别教师午休时间擅自离校办私事"),  # corrected again
            Decision("a" * 64, "problem:k2", "not_problem", text="学校组织集中学习6次"),  # not a category: not learnt
        ])
        reviewed = store.category_corrections()
    assert reviewed == [("个别教师午休时间擅自离校办私事", "discipline")]
    pack = load_pack("sanzhao-2013")
    model = classify.train_categoriser(pack, calibrate=False, reviewed=reviewed)  # uncalibrated: seconds, not minutes
    assert model.meta["trained_on"]["reviews"] == 1
    path = classify.save_model(model, tmp_path / "categoriser.npz")
    data = tmp_path / "dev.tsv"
    data.write_text("text\tlabel\n个别教师上课迟到\tdiscipline\n服务意识不强\twork_style\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(data), "--model", str(path)])
    assert result.exit_code == 0, result.output
    assert "复核人更正的 1 句" in result.output
