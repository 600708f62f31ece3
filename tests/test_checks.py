import pytest
from conftest import build, from_text, para, table

from pipeline.judge.checks import RULE_TYPES
from pipeline.judge.checks.base import Context
from pipeline.judge.checks.examples import run_example
from pipeline.judge.rulepack import RULES_DIR, load_pack, read_yaml
from pipeline.judge.verdict import judge
from pipeline.model import CopyFinding, Problem, Submission

PACK = load_pack()
RULE_FILES = sorted(p for p in (RULES_DIR / "sanzhao-2013").glob("*.yaml") if p.name != "pack.yaml")


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_every_rule_has_a_passing_and_a_failing_example(path):
    data = read_yaml(path)
    examples = data.get("examples") or {}
    for kind in ("pass", "fail"):
        example = examples.get(kind)
        text = example.get("text") if isinstance(example, dict) else example
        assert isinstance(text, str) and text.strip(), f"{path.name} has no {kind}ing example"


@pytest.mark.parametrize("rule", PACK.rules, ids=lambda r: r.id)
def test_examples_run_through_the_real_code(rule):
    passing = run_example(rule, PACK, rule.examples["pass"])
    failing = run_example(rule, PACK, rule.examples["fail"])
    assert passing and all(r.passed for r in passing), [r.message for r in passing]
    assert failing and any(not r.passed for r in failing), [r.message for r in failing]
    for r in failing:
        assert r.rule == rule.id and r.severity == rule.severity and r.message.startswith(rule.message)


def test_every_rule_type_is_used_and_documented():
    used = {r.type_name for r in PACK.rules}
    assert used == set(RULE_TYPES)
    import sys

    for name, cls in RULE_TYPES.items():
        assert cls.type_name == name and sys.modules[cls.__module__].__doc__.startswith(f"``{name}``")


def _results(doc, rule_stem, **kw):
    sub = judge(doc, PACK, **kw)
    return [r for r in sub.results if r.rule == f"sanzhao-2013.{rule_stem}"]


def test_heading_sequence_gap_and_duplicate():
    doc = from_text("阳光小学实施方案\n一、总体要求\n（一）目标\n（二）任务\n（四）要求\n（四）纪律\n三、组织领导\n1.学习\n2.讨论\n")
    failing = [r for r in _results(doc, "heading-sequence") if not r.passed]
    assert [r.evidence for r in failing] == [
        "（二）任务 → （四）要求", "（四）要求 → （四）纪律", "一、总体要求 → 三、组织领导",
    ]
    assert failing[1].location.section == "一、总体要求 > （四）纪律"


def test_heading_sequence_restarts_under_each_parent():
    doc = from_text("阳光小学实施方案\n一、总体要求\n1.学习\n2.讨论\n二、组织领导\n1.成立小组\n2.分工\n")
    assert [r.passed for r in _results(doc, "heading-sequence")] == [True]


def test_ledger_rows_missing_owner_or_deadline_point_at_the_row():
    doc = build(
        "阳光小学“三找”活动整改台账",
        table(["序号", "问题", "整改措施", "责任人", "完成时限"],
              ["1", "上课迟到", "严格考勤", "王强", "2013年10月"],
              ["2", "作业批改不及时", "每月检查", "", ""],
              ["3", "校舍老化", "申请维修", "张明", "2015年9月"]),
    )
    owner = _results(doc, "ledger-owner-deadline")
    assert [r.passed for r in owner] == [False]
    assert owner[0].location.row == 2 and "责任人、完成时限" in owner[0].message
    window = _results(doc, "ledger-deadline-window")
    assert [r.passed for r in window] == [False] and window[0].location.row == 3
    assert [r.passed for r in _results(doc, "ledger-present")] == [True]


def test_ledger_categories_from_the_category_column():
    doc = build(
        "阳光小学“三找”活动整改台账",
        table(["问题", "问题类别", "整改措施", "责任人", "完成时限"],
              ["应付了事", "作风", "深入课堂", "张明", "2013年10月"], ["上课迟到", "纪律", "考勤", "王强", "2013年10月"]),
    )
    result = _results(doc, "ledger-categories")
    assert [r.passed for r in result] == [False] and "落实" in result[0].message
    with_problem = _results(doc, "ledger-categories", problems=[Problem("推进缓慢", "implementation", 0.9)])
    assert [r.passed for r in with_problem] == [True]


def test_stage_window_names_the_stage_and_both_ranges():
    doc = from_text("阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n（二）整改落实阶段（2013年9月—11月）\n")
    failing = [r for r in _results(doc, "plan-stage-windows") if not r.passed]
    assert len(failing) == 1
    assert "整改落实阶段：2013-09至2013-11，通知要求2013-09至2013-10" in failing[0].message
    assert failing[0].location.section == "四、方法步骤 > （二）整改落实阶段（2013年9月—11月）"


def test_ratio_below_runs_on_a_finished_submission():
    rule = PACK.rule("sanzhao-2013.peer-copy")
    sub = Submission(path="a.docx", sha256="", doc_type="plan",
                     copy=CopyFinding(peer_similarity=0.91, peer_school="城关一小", peer_path="b.docx"))
    [result] = rule.check(Context(sub, PACK))
    assert not result.passed and "城关一小" in result.message and "91%" in result.message
    [none_yet] = rule.check(Context(Submission(path="a.docx", sha256=""), PACK))
    assert none_yet.passed


def test_notice_copy_bound_comes_from_the_pack():
    rule = PACK.rule("sanzhao-2013.plan-notice-copy")
    assert rule.params["bound"] == PACK.lookup("similarity.notice_bound")
    for ratio, passed in ((0.49, True), (0.5, False)):
        [r] = rule.check(Context(Submission(path="a", sha256="", copy=CopyFinding(notice_ratio=ratio)), PACK))
        assert r.passed is passed


def test_meetings_name_what_is_missing():
    doc = from_text("阳光小学回头看工作报告\n一、基本情况\n召开党员大会、退休教师座谈会、家长座谈会。\n")
    [r] = _results(doc, "lookback-meetings")
    assert not r.passed and r.message.endswith("（缺少：教职工大会）")


@pytest.mark.parametrize("line", ["召开全体党员大会", "召开教职工大会", "召开退休教职工座谈会", "召开家长和学生代表座谈会"])
def test_each_meeting_is_needed(line):
    full = ["召开全体党员大会", "召开教职工大会", "召开退休教职工座谈会", "召开家长和学生代表座谈会"]
    doc = from_text("阳光小学回头看工作报告\n一、基本情况\n" + "。".join(m for m in full if m != line) + "。")
    assert [r.passed for r in _results(doc, "lookback-meetings")] == [False]


@pytest.mark.parametrize("line, passed", [("开展民主测评。", True), ("发放调查问卷100份。", True), ("召开会议。", False)])
def test_appraisal(line, passed):
    doc = from_text(f"阳光小学回头看工作报告\n一、基本情况\n{line}")
    assert [r.passed for r in _results(doc, "lookback-appraisal")] == [passed]


def test_lookback_status_in_a_table():
    doc = build("阳光小学回头看报告", "二、问题整改情况",
                table(["问题", "整改情况"], ["上课迟到", "已整改"], ["作业批改不及时", ""]))
    results = _results(doc, "lookback-status")
    assert [r.passed for r in results] == [False] and results[0].location.row == 2


def test_leader_evidence_and_location():
    doc = build("阳光小学实施方案", para("组织领导", label="二、"), "组  长：张三（校长）")
    [r] = _results(doc, "plan-leader")
    assert r.passed and "张三" in r.evidence and r.location.paragraph == 2


def test_lookback_without_listed_problems_says_none_were_found_not_only_zero():
    """The message read （只找到0项问题清单条目）: "only found 0" is not how a person says "none"."""
    doc = from_text("阳光小学回头看工作报告\n一、基本情况\n学校召开了党员大会和教职工大会。\n")
    [r] = _results(doc, "lookback-status")
    assert not r.passed and r.message.endswith("（未找到逐项列出的问题）") and "0项" not in r.message


# --- bounds and options a user relies on (issue 15: each fails on a planted one-line bug) -------------

_LEDGER = "阳光小学“三找”活动整改台账\n1.问题：上课迟到。整改措施：严格考勤。责任人：王强。完成时限：{}。\n"


@pytest.mark.parametrize("deadline, passed", [
    ("2014年7月底", True),   # the campaign's last month (campaign.end 2014-07) is not late
    ("2014年7月31日", True),
    ("2013年7月", True),     # its first month is not early
    ("2014年8月", False),
    ("2013年6月30日", False),
])
def test_a_deadline_in_the_campaigns_first_or_last_month_is_inside_it(deadline, passed):
    results = _results(from_text(_LEDGER.format(deadline)), "ledger-deadline-window")
    assert [r.passed for r in results] == [passed], [r.message for r in results]


@pytest.mark.parametrize("study, rectify, late", [
    ("2013年6月—8月", "2013年9月—10月", "学习讨论阶段：2013-06至2013-08"),   # starts before its window
    ("2013年7月—9月", "2013年9月—10月", "学习讨论阶段：2013-07至2013-09"),   # ends after it
    ("2013年7月—8月", "2013年8月—10月", "整改落实阶段：2013-08至2013-10"),
    ("2013年7月—8月", "2013年9月—10月", None),                               # exactly the windows
])
def test_a_stage_outside_its_window_at_either_end_is_flagged(study, rectify, late):
    doc = from_text(f"阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段（{study}）\n（二）整改落实阶段（{rectify}）\n")
    results = _results(doc, "plan-stage-windows")
    if late is None:
        assert [r.passed for r in results] == [True]
    else:
        [failed] = results
        assert not failed.passed and f"（{late}，通知要求" in failed.message


def _pattern_rule(tmp_path, fallback: str | None):
    path = tmp_path / "gaps-in-goals.yaml"
    path.write_text(
        "type: pattern_in_section\nseverity: warning\napplies_to: [summary]\nsection: goals\n"
        + (f"fallback: {fallback}\n" if fallback else "")
        + "any_of: [差距]\nmessage: {zh: 下一步打算应写明差距, en: goals should name the gap}\n"
        "examples: {pass: x, fail: y}\n", encoding="utf-8")
    return RULE_TYPES["pattern_in_section"].from_mapping(read_yaml(path), path, PACK)


@pytest.mark.parametrize("fallback, passed", [(None, True), ("document", True), ("none", False)])
def test_pattern_fallback_document_searches_the_whole_text_when_the_section_is_absent(tmp_path, fallback, passed):
    """No 下一步打算 section: ``fallback: document`` (the default) finds 差距 anywhere; ``none`` fails."""
    doc = from_text("阳光小学“三找”活动阶段总结\n一、基本情况\n与城区学校相比，我校仍有差距。\n")
    sub = judge(doc, PACK)
    assert not any(s.found for s in sub.sections if s.id == "goals")
    rule = _pattern_rule(tmp_path, fallback)
    from pipeline.understand.structure import build_outline

    [r] = rule.check(Context(sub, PACK, doc, build_outline(doc, PACK)))
    assert r.passed is passed
    assert ("差距" in r.evidence) if passed else r.message.endswith("（缺少：差距）")


def test_pattern_in_a_present_section_does_not_look_elsewhere(tmp_path):
    """With the section present, 差距 outside it does not count, whatever the fallback."""
    doc = from_text("阳光小学“三找”活动阶段总结\n一、基本情况\n与城区学校相比，我校仍有差距。\n二、下一步打算\n继续努力。\n")
    sub = judge(doc, PACK)
    from pipeline.understand.structure import build_outline

    for fallback in (None, "document"):
        [r] = _pattern_rule(tmp_path, fallback).check(Context(sub, PACK, doc, build_outline(doc, PACK)))
        assert not r.passed and r.location is not None and "下一步打算" in r.location.section


@pytest.mark.parametrize("above, passed", [(-0.01, True), (0.0, False), (0.01, False)])
def test_peer_similarity_at_the_bound_fails(above, passed):
    """A copy exactly at the pack's peer bound is a copy: ratio_below passes only strictly below it."""
    rule = PACK.rule("sanzhao-2013.peer-copy")
    sub = Submission(path="a.docx", sha256="", doc_type="plan", copy=CopyFinding(
        peer_similarity=rule.params["bound"] + above, peer_school="城关一小", peer_path="b.docx"))
    [r] = rule.check(Context(sub, PACK))
    assert r.passed is passed


def test_no_pass_over_zero_ledger_items():
    """A rectification report with no ledger passed ledger-owner-deadline with 0项均已填写."""
    doc = from_text("阳光小学“三找”活动整改方案\n一、存在问题\n个别教师上课迟到。\n阳光小学\n2013年10月8日\n")
    assert _results(doc, "ledger-owner-deadline") == []
    [present] = _results(doc, "ledger-present")
    assert not present.passed


def test_a_checklist_in_a_lookback_report_is_no_status():
    """看未整改到位的问题是否说明原因 (what to look at) was read as a problem's status."""
    doc = from_text("阳光小学“三找”活动回头看工作报告\n一、整改情况\n"
                    "对照通知要求，重点做到看整改台账是否逐项销号，看未整改到位的问题是否说明原因和时限。\n")
    [r] = _results(doc, "lookback-status")
    assert not r.passed and "未找到逐项列出的问题" in r.message



def _deadline_rule(tmp_path, without_date: str):
    path = tmp_path / "deadlines.yaml"
    path.write_text(
        "type: deadline_within\nseverity: warning\napplies_to: [rectification]\n"
        "start_from: campaign.start\nend_from: campaign.end\n" + without_date
        + "message: {zh: 整改完成时限应在活动期间内, en: deadlines within the campaign}\nexamples: {pass: x, fail: y}\n",
        encoding="utf-8")
    return RULE_TYPES["deadline_within"].from_mapping(read_yaml(path), path, PACK)


def _deadline_results(rule, *deadlines: str):
    from pipeline.understand.ledger import LedgerWords, find_ledger
    from pipeline.understand.structure import build_outline

    doc = from_text("阳光小学“三找”活动整改台账\n" + "".join(
        f"{i}.问题：问题{i}。整改措施：措施{i}。责任人：王强。完成时限：{d}。\n" for i, d in enumerate(deadlines, 1)))
    outline = build_outline(doc, PACK)
    ledger = find_ledger(doc, outline, LedgerWords.of(PACK), 2013)
    return list(rule.check(Context(judge(doc, PACK), PACK, doc, outline, ledger)))


def test_a_deadline_in_words_counts_as_its_kind_says(tmp_path):
    """without_date: 立行立改 (immediate) may pass while 尽快 (other, no date at all) fails, and the row names it."""
    rule = _deadline_rule(tmp_path, "without_date: {immediate: pass, ongoing: fail, other: fail}\n")
    results = _deadline_results(rule, "立行立改", "长期坚持", "尽快", "2013年10月")
    failed = [r for r in results if not r.passed]
    assert [r.evidence for r in failed] == ["问题2：长期坚持", "问题3：尽快"]
    assert failed[1].message.endswith("（完成时限“尽快”没有写明日期）")
    assert failed[1].location is not None and failed[1].location.paragraph == 3
    lenient = _deadline_rule(tmp_path, "")  # unlisted kinds pass
    assert [r.passed for r in _deadline_results(lenient, "立行立改", "尽快", "2013年10月")] == [True]


def test_a_passing_deadline_rule_says_how_many_dated_deadlines_it_checked(tmp_path):
    [r] = _deadline_results(_deadline_rule(tmp_path, ""), "2013年10月", "立行立改", "2014年1月底")
    assert r.passed and r.evidence == "2项时限均在2013-07至2014-07之间"


# --- what a reviewer is shown: evidence, location and the words of a miss (gaps make mutate found) ---------


def test_a_found_pattern_shows_the_words_around_it_and_where_they_are():
    """The evidence is the matched words with 20 characters before and up to 120 in all, from the paragraph
    the pattern first matched in, and the location is that paragraph."""
    before = "学校在开学初组织全体教职工认真学习了区教育局的通知精神并结合本校实际"  # 34 characters
    line = before + "开展民主测评，发放问卷，再次开展民主测评。" + "满意率达到百分之九十六以上。" * 8
    doc = from_text(f"阳光小学回头看工作报告\n一、基本情况\n召开党员大会。\n{line}\n")
    [r] = _results(doc, "lookback-appraisal")
    at = line.find("民主测评")
    assert r.passed and r.evidence == line[at - 20:at - 20 + 120]
    assert r.location.paragraph == 3 and r.location.section.startswith("一、基本情况")


def test_a_missed_pattern_names_every_missing_thing_in_both_languages():
    doc = from_text("阳光小学回头看工作报告\n一、基本情况\n召开党员大会。\n")
    [r] = _results(doc, "lookback-meetings")
    assert not r.passed and r.evidence == ""
    assert r.message.endswith("（缺少：教职工大会、退休教职工座谈会、家长和学生代表座谈会）")
    assert r.message_en.endswith("(missing: 教职工大会, 退休教职工座谈会, 家长和学生代表座谈会)")
    [r] = _results(doc, "lookback-appraisal")
    assert r.message.endswith("（缺少：民主测评 / 问卷 / 满意度测评 / 满意度调查）")


def test_a_missed_pattern_in_a_present_section_points_at_the_section(tmp_path):
    doc = from_text("阳光小学“三找”活动阶段总结\n一、基本情况\n我校开展活动。\n二、下一步打算\n继续努力。\n再接再厉。\n")
    sub = judge(doc, PACK)
    from pipeline.understand.structure import build_outline

    [r] = _pattern_rule(tmp_path, "none").check(Context(sub, PACK, doc, build_outline(doc, PACK)))
    assert not r.passed and r.location.paragraph == 3 and r.location.section == "二、下一步打算"


def test_a_pattern_in_a_table_cell_is_found():
    doc = build("阳光小学回头看工作报告", "一、基本情况", "学校召开会议。",
                table(["项目", "情况"], ["民主测评", "发放问卷120份"]))
    [r] = _results(doc, "lookback-appraisal")
    assert r.passed and r.location.table == 0


def test_the_window_check_goes_on_past_an_undated_stage():
    """An undated stage is the presence rule's business; the stages after it are still checked against
    their windows."""
    doc = from_text("阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段\n集中学习。\n（二）整改落实阶段（2013年9月—12月）\n")
    failing = [r for r in _results(doc, "plan-stage-windows") if not r.passed]
    assert len(failing) == 1 and "整改落实阶段：2013-09至2013-12" in failing[0].message


def test_a_missing_stage_points_at_the_steps_section():
    doc = from_text("阳光小学实施方案\n一、总体要求\n抓落实。\n二、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n")
    missing = [r for r in _results(doc, "plan-stages") if not r.passed]
    assert [r.message.rsplit("（", 1)[1] for r in missing][:1] == ["未找到整改落实阶段）"]
    assert all(r.location is not None and r.location.section == "二、方法步骤" and r.location.paragraph == 3
               for r in missing)


STAGE_NAMES = {s["id"]: s["name"] for s in PACK.stages}


def test_plan_stages_results_are_exactly_the_misses_each_with_its_words_and_place():
    """One result per missing or undated stage, passed False (JSON false, not null), in both languages, at the
    stage's line (an undated stage) or the steps section (a missing one); no pass result beside them."""
    doc = from_text("阳光小学实施方案\n一、总体要求\n抓落实。\n二、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n"
                    "（二）整改落实阶段\n针对问题制定措施。\n（三）巩固深化阶段（11—12月）\n（四）长效机制阶段（次年1—3月）\n")
    results = _results(doc, "plan-stages")
    assert [r.passed for r in results] == [False, False]
    undated, missing = results
    assert undated.message.endswith(f"（{STAGE_NAMES['rectify']}没有写明时间）")
    assert undated.message_en.endswith("(stage rectify has no dates)")
    assert undated.evidence == "（二）整改落实阶段" and undated.location.paragraph == 5
    assert missing.message.endswith(f"（未找到{STAGE_NAMES['look_back']}）")
    assert missing.message_en.endswith("(stage look_back not found)")
    assert missing.evidence == "" and missing.location.section == "二、方法步骤"


def test_plan_stages_pass_lists_every_stage_with_its_dates_at_the_first_stage():
    from test_judge import PLAN

    [r] = _results(from_text(PLAN), "plan-stages")
    dates = [("study", "2013-07", "2013-08"), ("rectify", "2013-09", "2013-10"), ("consolidate", "2013-11", "2013-12"),
             ("long_term", "2014-01", "2014-03"), ("look_back", "2014-04", "2014-07")]
    assert r.passed is True
    assert r.evidence == "；".join(f"{STAGE_NAMES[s]} {a}至{b}" for s, a, b in dates)
    assert r.location.paragraph == PLAN.splitlines().index("（一）学习讨论阶段（2013年7月—8月）")


def test_an_undated_stage_alone_is_one_failed_result_and_a_window_miss_shows_its_line():
    doc = from_text("阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段（2013年7月—9月）\n（二）整改落实阶段\n"
                    "（三）巩固深化阶段（2013年11月—12月）\n（四）长效机制阶段（2014年1月—3月）\n（五）回头看阶段（2014年4月—7月）\n")
    assert [(r.passed, r.evidence) for r in _results(doc, "plan-stages")] == [(False, "（二）整改落实阶段")]
    [window] = _results(doc, "plan-stage-windows")
    assert window.passed is False and window.evidence == "（一）学习讨论阶段（2013年7月—9月）"
