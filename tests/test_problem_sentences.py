"""Problem sentences on real phrasing (issue 10): what a reviewer sees listed, and what not.

Each test is a failure seen on real school paperwork, asserted on what papercheck reports.
"""

import pytest
from conftest import from_text

from pipeline.judge.verdict import judge
from pipeline.model import Block, BlockKind, Cell, Document, Location, Table
from pipeline.understand.gaps_goals import statement_kinds
from pipeline.understand.problems import find_problems

SUMMARY = (
    "阳光小学“三找”活动自查报告\n一、基本情况\n学校组织教职工集中学习6次。\n二、存在问题\n{body}\n"
    "三、整改措施\n严格考勤制度，每周通报。\n阳光小学\n2013年10月8日\n"
)


def _summary(pack, body: str):
    return judge(from_text(SUMMARY.format(body=body)), pack)


def _texts(items) -> list[str]:
    return [p.text.rstrip("。；") for p in items]


@pytest.mark.parametrize("gap", [
    "与区内示范学校相比，我校在教学质量和办学特色方面还有明显差距。",
    "对照省级示范幼儿园标准，我园在园本课程建设上还有不小差距。",
    "与家长的期望相比，我校在家校沟通方面还存在不足。",
])
def test_a_gap_is_reported_as_a_gap_not_as_an_other_problem_for_review(pack, gap):
    sub = _summary(pack, f"个别教师上班时间玩手机。\n{gap}")
    assert _texts(sub.gaps) == [gap.rstrip("。")]
    assert gap.rstrip("。") not in _texts(sub.problems)
    assert "个别教师上班时间玩手机" in _texts(sub.problems)
    assert sub.to_dict()["gaps"][0]["text"] == gap.rstrip("。")


@pytest.mark.parametrize("goal", [
    "力争到2014年7月，家长满意率达到90%以上。",
    "下一步，学校将把活动中形成的好做法用制度固定下来。",
    "学校的目标是三年内进入全区中上水平。",
])
def test_a_goal_is_reported_as_a_goal_not_as_a_problem(pack, goal):
    sub = _summary(pack, f"个别教师上班时间玩手机。\n{goal}")
    assert _texts(sub.goals) == [goal.rstrip("。")]
    assert goal.rstrip("。") not in _texts(sub.problems)


def test_looking_for_gaps_is_an_instruction_not_a_gap():
    assert statement_kinds("对照区内先进学校，查找学校在教学质量、校园管理等方面的差距。") == ()
    assert statement_kinds("与区内一流初中相比，我校中考成绩差距明显，下一步力争进入全区中上水平。") == ("gap", "goal")


def test_the_summary_gaps_goals_rule_reads_the_statements_not_the_words(pack):
    """找差距、找目标 as slogans used to pass the warning; a gap and a goal stated now do."""
    slogan = _summary(pack, "个别教师上班时间玩手机。\n继续找差距、找目标。")
    stated = _summary(pack, "个别教师上班时间玩手机。\n与城区学校相比，我校课堂效率差距较大。\n力争两年内建成区级示范校。")
    rule = "sanzhao-2013.summary-gaps-goals"
    assert [r.passed for r in slogan.results if r.rule == rule] == [False]
    assert [r.passed for r in stated.results if r.rule == rule] == [True]


@pytest.mark.parametrize("sentence", [
    "形式主义是指只看表面、不求实效的工作作风。",  # a definition
    "检查各处室台账是否真实，是否存在做表面文章的情况。",  # a checklist
    "中途离开工作场所或无课时到校外办私事的为脱岗。",  # a rule
    "严禁教师在上班时间玩游戏、炒股。",  # a rule
    "审稿人：王丽萍",  # a byline
    "经检查，未发现教师有偿补课现象。",  # a negated finding
    "幼儿园与教师签订了承诺书，没有收受家长礼金礼品等违规行为。",  # a negated finding
    "近年来，社会上部分教师课余从事有偿补课的现象时有发生。",  # society-wide background
])
def test_sentences_that_state_no_finding_are_not_listed(pack, sentence):
    sub = _summary(pack, f"个别教师上班时间玩手机。\n{sentence}")
    assert _texts(sub.problems) == ["个别教师上班时间玩手机"]


@pytest.mark.parametrize("finding", [
    "教务处1名工作人员8:10不在岗。",  # 8:10 was cut as a lead-in's colon
    "行政办公区有3人未请假离岗。",
])
def test_terse_factual_findings_are_problems_of_discipline(pack, finding):
    sub = _summary(pack, finding)
    assert [(p.text.rstrip("。"), p.category) for p in sub.problems] == [(finding.rstrip("。"), "discipline")]


@pytest.mark.parametrize("finding", [
    "有2名党员连续三个月没有参加组织生活，也没有请假。",
    "学校食堂承包合同变更，事先没有向教育局请示报告。",
    "个别党员政治纪律意识松懈，在微信群里随意评论上级决定。",
    "重大事项不经班子集体研究，由校长一人说了算。",
    "个别学校向参加补课的学生每人收取资料费。",
])
def test_organisational_and_reporting_breaches_are_discipline(pack, finding):
    sub = _summary(pack, finding)
    assert [p.category for p in sub.problems] == ["discipline"]


def test_a_lookback_line_lists_its_problem_with_the_status_after_the_dash(pack):
    text = ("平安镇中心学校“三找”活动回头看情况汇报\n一、整改情况\n"
            "个别教师假期违规补课——已整改，对当事教师批评教育，全镇教师签订承诺书。\n"
            "平安镇中心学校\n2014年5月6日\n")
    sub = judge(from_text(text), pack)
    assert [(p.text, p.status) for p in sub.problems] == [("个别教师假期违规补课", "已整改")]


def test_a_plans_problems_already_found_are_listed_but_its_focus_items_are_not(pack):
    from test_judge import PLAN

    found = "经前期征求意见，学校少数教师存在上班时间玩手机、迟到早退的现象。"
    focus = "重点查找少数教师上班时间玩手机、迟到早退等问题。"
    plan = judge(from_text(PLAN.replace("结合我校实际开展活动。", found).replace("抓学习。", focus)), pack)
    assert plan.doc_type == "plan"
    assert _texts(plan.problems) == [found.rstrip("。")]


def test_problems_in_a_pdf_ledger_table_are_found_cell_by_cell(pack):
    """A PDF table's text joins cells with `` | ``: each problem cell is its own problem, not the whole row."""
    rows = [("序号", "存在问题", "类别", "整改措施"),
            ("1", "个别教师周末在家中有偿辅导本班学生", "纪律", "责令停止并退还费用"),
            ("2", "学校校本培训计划没有按期实施", "落实", "重新排定培训日程")]
    cells = tuple(tuple(Cell(t, r, c) for c, t in enumerate(row)) for r, row in enumerate(rows))
    text = "\n".join(" | ".join(row) for row in rows)
    doc = Document(path="ledger.pdf", format="pdf", sha256="0", blocks=(
        Block(BlockKind.PARAGRAPH, "城关小学“三找”问题整改清单", Location(page=1, paragraph=0)),
        Block(BlockKind.TABLE, text, Location(page=1, table=0), table=Table(cells)),
    ))
    problems = find_problems(doc, [None, None], pack, "rectification")
    assert [(p.text, p.location.row, p.location.cell) for p in problems] == [
        ("个别教师周末在家中有偿辅导本班学生", 1, 1), ("学校校本培训计划没有按期实施", 2, 1)]
