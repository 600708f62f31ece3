"""The summary row shared by the spreadsheet, CSV and HTML index."""

from __future__ import annotations

import os
from pathlib import Path

from fixtures.report_submissions import PACK, plan_fail

from pipeline.report import common


def test_missing_content_in_words_english():
    text = common.missing_content(plan_fail(), PACK, "en")
    assert text.startswith("Missing: 组织领导（组长）; look-back stage")
    assert "look-back stage missing" not in text  # the rule's own message says the same


def test_file_link_is_relative_to_the_report_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in" / "第一中学").mkdir(parents=True)
    out = tmp_path / "out"
    assert common.file_link("in/第一中学/方案.docx", out) == "../in/第一中学/方案.docx"
    assert common.file_link("in/学校.zip!/a/b.docx", out) == "../in/学校.zip"


def test_text_width_counts_cjk_double():
    assert common.text_width("ab") == 2 and common.text_width("实验小学") == 8 and common.text_width("（）") == 4


def test_reports_are_readable_by_others(tmp_path):
    with common.atomic_open(tmp_path / "r.txt") as fh:
        fh.write("x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "r.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in Path(tmp_path).iterdir()] == ["r.txt"]


def test_missing_content_names_only_what_a_failed_rule_asks_for():
    """A look-back report passes without a 存在问题 heading: the summary sheet must not call it missing."""
    from dataclasses import replace as _replace

    from pipeline import ingest
    from pipeline.judge.rulepack import load_pack
    from pipeline.judge.verdict import judge

    pack = load_pack()
    lookback = Path(__file__).parent.parent / "samples" / "南明区第二实验中学2014年上半年“三找”活动工作总结.docx"
    sub = judge(ingest.read(lookback), pack)
    assert [s for s in sub.sections if not s.found], "the report has sections it does not need"
    assert common.missing_content(_replace(sub, results=tuple(r for r in sub.results if r.passed)), pack) == ""
    plan = Path(__file__).parent.parent / "samples" / "南明区油榨街小学“找问题、找差距、找目标”活动方案.docx"
    assert "回头看阶段" in common.missing_content(judge(ingest.read(plan), pack), pack)


def test_a_row_with_warnings_says_what_they_are():
    """云关幼儿园’s plan showed 警告数 2 and an empty 缺少的内容: no date and no 落款, said nowhere on the sheet."""
    from conftest import from_text

    from pipeline.judge.rulepack import load_pack
    from pipeline.judge.verdict import judge

    pack = load_pack()
    plan = ("阳光小学“三找”活动实施方案\n一、指导思想\n结合我校实际开展活动。\n二、组织领导\n组长：张明\n三、活动重点\n"
            "抓学习。\n四、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n（二）整改落实阶段（2013年9月—10月）\n"
            "（三）巩固深化阶段（2013年11月—12月）\n（四）深入落实长效机制阶段（2014年1月—3月）\n"
            "（五）回头看、查漏补缺阶段（2014年4月—7月）\n五、工作要求\n务求实效。\n")
    sub = judge(from_text(plan), pack)
    assert sub.status == "pass" and common.failed_counts(sub) == (0, 2)
    assert common.missing_content(sub, pack) == "提醒：文件应写明成文日期；提醒：文件应有落款单位"
    assert common.missing_content(sub, pack, "en").startswith("Note: ")
