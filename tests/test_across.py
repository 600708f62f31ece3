"""Rules across one school's documents: the ledger's items in the look-back, the self-examination's in the
ledger, a stage summary dated as the plan sets the stage. Evidence names both documents and the item."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli import main

LEDGER = """南明区梧桐小学“三找”问题整改台账
1.问题：个别教师上课迟到早退（纪律）。整改措施：严格考勤。责任人：王强。完成时限：2013年10月底。
2.问题：少数教师有偿补课（纪律）。整改措施：签订承诺书。责任人：李华。完成时限：2013年10月底。
3.问题：学校制度停留在纸面（落实）。整改措施：逐项督查。责任人：周敏。完成时限：2013年12月底。
4.问题：服务意识不强，对家长态度生硬（作风）。整改措施：开展师德教育。责任人：王强。完成时限：2013年11月底。
南明区梧桐小学
2013年9月10日
"""
LOOKBACK = """南明区梧桐小学“三找”活动“回头看”工作报告
一、基本情况
学校召开党员大会、教职工大会、退休教职工座谈会、家长和学生代表座谈会，开展民主测评。
二、问题整改情况
1.个别教师上课迟到早退的问题，已整改，学校实行每日考勤。
2.学校制度停留在纸面的问题，正在整改，行政每月督查。
3.对家长态度生硬、服务意识不强的问题，已整改。
南明区梧桐小学
2014年6月18日
"""


def check(folder: Path, out: Path) -> dict:
    result = CliRunner().invoke(main, ["check", str(folder), "--out", str(out), "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return {Path(s["path"]).name: s for s in json.loads((out / "report.json").read_text(encoding="utf-8"))["submissions"]}


def test_a_ledger_item_missing_from_the_look_back_is_named_with_both_documents(tmp_path):
    folder = tmp_path / "梧桐小学"
    folder.mkdir()
    (folder / "整改台账.txt").write_text(LEDGER, encoding="utf-8")
    (folder / "回头看报告.txt").write_text(LOOKBACK, encoding="utf-8")
    subs = check(folder, tmp_path / "out")
    lookback = subs["回头看报告.txt"]
    failed = [r for r in lookback["results"] if r["rule"] == "sanzhao-2013.lookback-ledger-items" and not r["passed"]]
    assert len(failed) == 1  # 有偿补课 only: the other three are there, each with its status
    assert "第2项“少数教师有偿补课" in failed[0]["message"] and failed[0]["severity"] == "warning"
    assert "整改台账.txt" in failed[0]["evidence"] and "有偿补课" in failed[0]["evidence"]
    assert "回头看报告" in failed[0]["message"]
    # a look-back that names the item without its status fails for that too
    (folder / "回头看报告.txt").write_text(LOOKBACK.replace("2.学校制度", "2.少数教师有偿补课的问题，学校已作部署。\n4.学校制度"),
                                        encoding="utf-8")
    subs = check(folder, tmp_path / "out2")
    failed = [r for r in subs["回头看报告.txt"]["results"]
              if r["rule"] == "sanzhao-2013.lookback-ledger-items" and not r["passed"]]
    assert [("没有写明整改情况" in r["message"], "回头看报告" in r["evidence"]) for r in failed] == [(True, True)]


def test_without_the_ledger_the_rule_says_nothing_and_another_schools_ledger_is_not_used(tmp_path):
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "回头看报告.txt").write_text(LOOKBACK, encoding="utf-8")
    (folder / "别校台账.txt").write_text(LEDGER.replace("梧桐小学", "香樟小学"), encoding="utf-8")
    subs = check(folder, tmp_path / "out")
    assert not [r for r in subs["回头看报告.txt"]["results"] if r["rule"] == "sanzhao-2013.lookback-ledger-items"]


def test_a_stage_summary_dated_outside_the_plans_stage_is_a_warning(tmp_path):
    folder = tmp_path / "红枫小学"
    folder.mkdir()
    (folder / "方案.txt").write_text("南明区红枫小学“三找”活动实施方案\n一、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n"
                                    "（二）整改落实阶段（2013年9月—10月）\n南明区红枫小学\n2013年8月20日\n", encoding="utf-8")
    (folder / "总结.txt").write_text("南明区红枫小学“三找”活动学习讨论阶段工作总结\n一、基本情况\n学校组织集中学习6次。\n"
                                    "南明区红枫小学\n2013年12月6日\n", encoding="utf-8")
    subs = check(folder, tmp_path / "out")
    [result] = [r for r in subs["总结.txt"]["results"] if r["rule"] == "sanzhao-2013.summary-stage-dates"]
    assert not result["passed"] and "2013-12-06" in result["message"]
    assert "方案.txt" in result["evidence"] and "学习讨论阶段 2013-07至2013-08" in result["evidence"]


def test_history_of_a_school_follows_its_thread_in_campaign_order(tmp_path):
    folder = tmp_path / "梧桐小学"
    folder.mkdir()
    (folder / "a-回头看报告.txt").write_text(LOOKBACK, encoding="utf-8")  # first by name, last in the thread
    (folder / "b-整改台账.txt").write_text(LEDGER, encoding="utf-8")
    state = tmp_path / "s.db"
    runner = CliRunner()
    result = runner.invoke(main, ["scan", str(folder), "--state", str(state), "--out", str(tmp_path / "o"), "-q",
                                  "--workers", "1"])
    assert result.exit_code == 0, result.output
    (folder / "b-整改台账.txt").write_text(LEDGER.replace("逐项督查", "逐项督查，每月通报"), encoding="utf-8")
    runner.invoke(main, ["scan", str(folder), "--state", str(state), "--out", str(tmp_path / "o"), "-q", "--workers", "1"])
    out = runner.invoke(main, ["history", "梧桐小学", "--state", str(state)]).output
    assert out.index("【整改方案】") < out.index("b-整改台账.txt") < out.index("【回头看报告】") < out.index("a-回头看报告.txt")
    ledger_part = out[out.index("b-整改台账.txt"):out.index("【回头看报告】")]
    assert ledger_part.count("合格") + ledger_part.count("不合格") >= 2  # both versions, each with its verdict
