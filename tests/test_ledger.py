import pytest
from conftest import build, from_text, table

from pipeline.judge.rulepack import load_pack
from pipeline.understand.ledger import LedgerWords, find_ledger
from pipeline.understand.structure import build_outline

WORDS = LedgerWords.of(load_pack())  # the base pack's ledger words, inherited by sanzhao-2013


@pytest.mark.parametrize("header, role", [
    ("问题", "problem"), ("存在问题", "problem"), ("问题描述", "problem"), ("措施", "measure"),
    ("整改措施", "measure"), ("责任人", "owner"), ("责任领导", "owner"), ("时限", "deadline"),
    ("完成时限", "deadline"), ("整改时限", "deadline"), ("状态", "status"), ("整改情况", "status"),
    ("问题类别", "category"), ("序 号", "index"), ("备注", None), ("牵头人", "owner"), ("时间节点", "deadline"),
])
def test_header_synonyms(header, role):
    assert WORDS.column_role(header) == role


def test_ledger_from_a_table(pack):
    doc = build(
        "阳光小学“三找”活动整改台账", "一、问题清单",
        table(["序号", "存在问题", "类别", "整改措施", "责任领导", "整改时限", "整改情况"],
              ["1", "个别教师上课迟到", "纪律", "严格考勤", "王强", "2013年10月底", "已整改"],
              ["2", "作业批改不及时", "落实", "每月检查", "", "长期坚持", "正在整改"]),
    )
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013)
    assert [(i.problem, i.category, i.measure, i.owner, i.deadline_iso, i.status) for i in items] == [
        ("个别教师上课迟到", "纪律", "严格考勤", "王强", "2013-10", "已整改"),
        ("作业批改不及时", "落实", "每月检查", "", None, "正在整改"),
    ]
    assert items[1].location.row == 2 and items[1].location.table == 0
    assert items[1].location.describe() == "一、问题清单 表1 第3行"


def test_header_not_in_first_row(pack):
    doc = build("阳光小学整改台账", table(["阳光小学问题清单", "", ""], ["问题", "措施", "责任人"], ["迟到", "考勤", "王强"]))
    items = find_ledger(doc, build_outline(doc, pack), WORDS)
    assert len(items) == 1 and items[0].owner == "王强"


def test_tables_that_are_not_ledgers(pack):
    doc = build("阳光小学实施方案", table(["职务", "姓名"], ["组长", "张三"]))
    assert find_ledger(doc, build_outline(doc, pack), WORDS) == ()


def test_ledger_from_a_numbered_list(pack):
    doc = from_text(
        "阳光小学整改方案\n一、问题及整改\n"
        "1.问题：个别教师上课迟到。整改措施：严格考勤。责任人：王强。完成时限：2013年10月底。\n"
        "2.存在问题：作业批改不及时\n整改措施：每月检查\n责任领导：李华\n整改时限：2013年11月\n"
        "3.问题：校舍老化。整改措施：申请维修。\n"
    )
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013)
    assert [(i.problem, i.measure, i.owner, i.deadline_iso) for i in items] == [
        ("个别教师上课迟到", "严格考勤", "王强", "2013-10"),
        ("作业批改不及时", "每月检查", "李华", "2013-11"),
        ("校舍老化", "申请维修", "", None),
    ]
    assert all(i.source == "list" for i in items)


@pytest.mark.parametrize("text, status", [
    ("已整改", "已整改"), ("该问题已完成整改", "已完成"), ("目前正在整改", "正在整改"), ("需持续整改", "持续整改"),
    ("尚未整改", "尚未整改"), ("学校多次提出要求", ""),
])
def test_statuses(text, status):
    assert WORDS.status_of(text) == status


def test_lookback_items_in_a_status_section(pack):
    doc = from_text(
        "阳光小学回头看工作报告\n一、基本情况\n1.召开党员大会。\n二、问题整改情况\n"
        "1.个别教师上课迟到的问题，已整改。\n2.作业批改不及时的问题，正在整改。\n3.校舍老化问题，学校已申请资金。\n"
    )
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013, list_sections=("status",))
    assert [i.status for i in items] == ["已整改", "正在整改", ""]
    assert items[0].location.section.startswith("二、问题整改情况")


def test_ledger_from_automatic_numbering(pack):
    from conftest import para

    doc = build(
        "阳光小学整改方案", para("问题清单", label="一、", level=0),
        para("问题：上课迟到；整改措施：严格考勤；责任人：王强；完成时限：2013年10月", label="1.", level=1),
        para("问题：作业批改不及时；整改措施：每月检查；责任人：李华；完成时限：2013年11月", label="2.", level=1),
    )
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013)
    assert [(i.problem, i.owner, i.deadline_iso) for i in items] == [("上课迟到", "王强", "2013-10"),
                                                                     ("作业批改不及时", "李华", "2013-11")]
    assert items[1].location.paragraph == 3 and items[1].location.section == "一、问题清单 > 2.问题"


@pytest.mark.parametrize("header, role", [
    ("问题表现", "problem"), ("具体问题", "problem"), ("查摆问题", "problem"), ("主要问题", "problem"),
    ("整改目标", "measure"), ("类别", "category"), ("问题类型", "category"), ("整改时限", "deadline"),
])
def test_real_header_variants(header, role):
    assert WORDS.column_role(header) == role


def test_a_ledger_broken_over_pages_continues(pack):
    """A PDF ledger is two tables: the second has no header, and its first row ends the last item."""
    doc = build(
        "城关小学整改进展情况的报告",
        table(["序号", "查摆问题", "问题类别", "整改措施", "责任领导", "整改时限"],
              ["1", "组织生活不规范，记录", "落实", "专人记录，每季度", "杨书记", "2013年10月"]),
        table(["", "不全", "", "检查", "", ""],
              ["2", "整改台账更新不及时", "落实", "每周更新台账", "", "2013年11月"]),
    )
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013)
    assert [(i.problem, i.measure, i.owner) for i in items] == [
        ("组织生活不规范，记录不全", "专人记录，每季度检查", "杨书记"),
        ("整改台账更新不及时", "每周更新台账", ""),
    ]


def test_an_unrelated_table_after_a_ledger_is_not_its_continuation(pack):
    doc = build("整改台账", table(["序号", "问题", "措施", "责任人"], ["1", "迟到", "考勤", "王强"]),
                "二、附表", table(["姓名", "职务"], ["王强", "校长"]))
    assert len(find_ledger(doc, build_outline(doc, pack), WORDS)) == 1


@pytest.mark.parametrize("text, status", [
    ("看未整改到位的问题是否说明原因和时限", ""),  # a checklist item of a notice
    ("正在整改和未整改的要写明原因和完成时限", ""),  # what a report must say, not a status
    ("持续整改的问题是教师办公条件改善", "持续整改"),
    ("教师上班玩手机问题已整改，学校安装了手机存放柜", "已整改"),
    ("作业批改不及时，目前正在整改", "正在整改"),
])
def test_a_status_word_that_states_no_status(text, status):
    assert WORDS.status_of(text) == status


def test_a_numbered_heading_over_items_is_not_an_item_itself(pack):
    """In a look-back's 问题整改情况, （一）… with numbered items under it is a heading: only the items are
    counted (each needs its status), not the heading as one more item without a status."""
    doc = from_text(
        "阳光小学回头看工作报告\n一、基本情况\n召开党员大会。\n二、问题整改情况\n"
        "（一）关于教师工作作风方面存在问题的整改\n1.个别教师上课迟到的问题，已整改。\n2.作业批改不及时的问题，正在整改。\n"
        "（二）关于学校管理制度落实不到位问题的整改情况，已整改。\n"
    )
    # the sections the pack's look-back rules list items from (as the verdict passes them)
    listed = tuple(s for r in pack.rules if r.applies("lookback") for s in r.params.get("list_sections", []))
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013, list_sections=listed)
    assert [(i.problem[:8], i.status) for i in items] == [
        ("个别教师上课迟到", "已整改"), ("作业批改不及时的", "正在整改"), ("关于学校管理制度", "已整改")]


def test_a_rectification_report_that_assigns_its_measures_in_prose(pack):
    """整改报告 listing 1、学校要求总务处…，保证2013年10月底完成 had no ledger (no table, no 责任人：fields)."""
    doc = from_text("柳溪中学关于“三找”活动存在问题的整改报告\n针对自查中发现的问题，学校制定整改措施如下：\n"
                    "1、学校要求总务处立即更换老化灯管，保证2013年10月底完成整改；\n"
                    "2、学校要求教务处改变作业检查办法，2013年11月前完成第一轮检查。\n"
                    "在今后的工作中，我们将继续坚持经常性自查。\n")
    items = find_ledger(doc, build_outline(doc, pack), WORDS, 2013)
    assert [(i.owner, i.deadline_iso) for i in items] == [("总务处", "2013-10"), ("教务处", "2013-11")]


def test_one_dated_sentence_is_no_ledger(pack):
    doc = from_text("阳光小学整改方案\n1、学校要求总务处2013年10月底前更换灯管。\n2、加强学习。\n")
    assert find_ledger(doc, build_outline(doc, pack), WORDS, 2013) == ()
