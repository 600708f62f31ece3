import io

import pytest
from conftest import build, from_text, para, table

from pipeline.ingest import docx as docx_reader
from pipeline.model import BlockKind
from pipeline.understand.metadata import find_doc_type, find_metadata, school_in
from pipeline.understand.structure import MATCH_THRESHOLD, build_outline, parse_label, title_score


@pytest.mark.parametrize("text, label, kind, number, rest", [
    ("一、总体要求", "一、", "cn", 1, "总体要求"),
    ("十二、其他", "十二、", "cn", 12, "其他"),
    ("（一）指导思想", "（一）", "paren_cn", 1, "指导思想"),
    ("(三) 工作要求", "(三)", "paren_cn", 3, "工作要求"),
    ("1.抓学习", "1.", "arabic", 1, "抓学习"),
    ("2、抓讨论", "2、", "arabic", 2, "抓讨论"),
    ("3．抓落实", "3．", "arabic", 3, "抓落实"),
    ("（1）集中学习", "（1）", "paren_arabic", 1, "集中学习"),
    ("①个人自学", "①", "circled", 1, "个人自学"),
    ("第一阶段：学习讨论阶段", "第一阶段：", "stage", 1, "学习讨论阶段"),
    ("第二部分 存在问题", "第二部分", "part", 2, "存在问题"),
])
def test_labels(text, label, kind, number, rest):
    parsed, remainder = parse_label(text)
    assert parsed is not None
    assert (parsed.text, parsed.kind, parsed.number, remainder) == (label, kind, number, rest)


@pytest.mark.parametrize("text", ["2013年8月29日", "8.29日召开大会", "一是加强学习", "三找活动"])
def test_not_labels(text):
    assert parse_label(text)[0] is None


def _paths(outline):
    return [h.path for h in outline.headings]


def test_tree_from_typed_labels(pack):
    doc = from_text("阳光小学实施方案\n一、总体要求\n正文。\n（一）目标\n1.学习\n（1）自学\n（2）集中学\n2.讨论\n（二）任务\n二、组织领导\n")
    o = build_outline(doc, pack)
    assert o.title == "阳光小学实施方案"
    assert _paths(o) == [
        "一、总体要求", "一、总体要求 > （一）目标", "一、总体要求 > （一）目标 > 1.学习",
        "一、总体要求 > （一）目标 > 1.学习 > （1）自学", "一、总体要求 > （一）目标 > 1.学习 > （2）集中学",
        "一、总体要求 > （一）目标 > 2.讨论", "一、总体要求 > （二）任务", "二、组织领导",
    ]
    assert o.path_of(2) == "一、总体要求"  # the body paragraph under it


def test_tree_from_automatic_numbering(pack):
    doc = build(
        para("阳光小学“三找”活动实施方案", alignment="center", bold=True, size=22),
        para("总体要求", label="一、", level=0),
        para("指导思想", label="（一）", level=1),
        para("组织领导", label="二、", level=0),
        para("组长负责", label="1.", level=2),
    )
    o = build_outline(doc, pack)
    assert o.title == "阳光小学“三找”活动实施方案"
    assert _paths(o) == ["一、总体要求", "一、总体要求 > （一）指导思想", "二、组织领导", "二、组织领导 > 1.组长负责"]
    assert o.section("organisation").by == "title"


def test_headings_from_styles_bold_and_size(pack):
    body = "这是正文段落，写得很长很长，超过四十个字符，用来确定正文字号大小，以便判断哪个段落是标题。"
    doc = build(
        para("阳光小学三找活动总结", heading_level=1),
        para("基本情况", heading_level=2),
        para(body, size=16),
        para("存在问题", bold=True, size=16),
        para(body, size=16),
        para("整改措施", size=18),
        para(body, size=16),
        para("不是标题，因为以句号结尾。", bold=True),
    )
    o = build_outline(doc, pack)
    assert [h.title for h in o.headings] == ["基本情况", "存在问题", "整改措施"]
    assert {m.id for m in o.sections} >= {"situation", "problems", "measures"}


@pytest.mark.parametrize("title, section", [
    ("活动目标", "general"), ("组织保障", "organisation"), ("时间安排", "steps"),
    ("组 织 领 导", "organisation"), ("组织与领导", "organisation"), ("实施的步骤", "steps"),
    ("存在的问题和不足", "problems"), ("活动的总体要求", "general"), ("下一步工作打算", "goals"),
])
def test_section_titles_tolerated(pack, title, section):
    doc = from_text(f"阳光小学实施方案\n一、{title}\n正文。")
    assert build_outline(doc, pack).section_ids[1] == section


def test_a_sentence_is_not_a_section_title(pack):
    assert title_score("认真组织领导班子成员深入课堂听课并写出听课记录", "组织领导") < MATCH_THRESHOLD
    doc = from_text("阳光小学实施方案\n一、个别教师上课迟到早退现象时有发生\n")
    assert build_outline(doc, pack).sections == ()


def test_steps_found_by_content(pack):
    doc = from_text(
        "阳光小学实施方案\n一、总体要求\n正文。\n二、具体做法\n（一）学习讨论阶段（7—8月）\n（二）整改落实阶段（9—10月）\n"
        "（三）巩固深化阶段（11—12月）\n三、工作要求\n正文。"
    )
    o = build_outline(doc, pack)
    steps = o.section("steps")
    assert steps is not None and steps.by == "content"
    assert o.headings[steps.heading].title == "具体做法"
    assert o.section_ids[5] == "steps" and o.section_ids[8] == "requirements"


@pytest.mark.parametrize("text, expected", [
    ("阳光小学“三找”活动实施方案\n一、总体要求", "plan"),
    ("阳光小学关于印发“三找”活动实施方案的通知\n各处室：", "plan"),
    ("关于开展“找问题、找差距、找目标”活动的通知\n各中小学、幼儿园：\n正文。\n南明区教育局\n2013年8月22日", "notice"),
    ("阳光小学“三找”活动阶段总结\n一、基本情况", "summary"),
    ("阳光小学“三找”活动工作总结\n一、回头看开展情况\n开展回头看。\n二、回头看发现的问题\n查漏补缺。", "lookback"),
    ("阳光小学“三找”活动回头看工作报告", "lookback"),
    ("阳光小学“三找”活动整改台账", "rectification"),
    ("阳光小学自查报告", "summary"),
    ("阳光小学教职工大会签到表", "other"),
])
def test_doc_types(pack, text, expected):
    doc = from_text(text)
    o = build_outline(doc, pack)
    assert find_doc_type(doc, o, pack, find_metadata(doc, o).issuer) == expected


def test_doc_type_from_sections_when_title_says_nothing(pack):
    doc = from_text("阳光小学三找活动\n一、指导思想\n正文。\n二、组织领导\n正文。\n三、工作重点\n正文。\n四、方法步骤\n正文。")
    o = build_outline(doc, pack)
    assert find_doc_type(doc, o, pack) == "plan"


@pytest.mark.parametrize("text, school", [
    ("城关镇第一小学“三找”活动实施方案", "城关镇第一小学"),
    ("关于城关一小开展三找活动的实施方案", "城关一小"),
    ("南明区阳光幼儿园三找活动总结", "南明区阳光幼儿园"),
    ("贵阳市第十七中学自查报告", "贵阳市第十七中学"),
    ("南明区教育局关于开展三找活动的通知", None),
])
def test_school_names(text, school):
    assert school_in(text) == school


def test_school_trust_order(pack):
    # title first
    doc = build("阳光小学实施方案", "一、总体要求", "正文。", "花溪小学", "2013年8月29日", path="城关一小.docx")
    assert find_metadata(doc, build_outline(doc, pack)).school == "阳光小学"
    # then the sign-off
    doc = build("“三找”活动实施方案", "一、总体要求", "正文。", "花溪小学党支部", "2013年8月29日", path="城关一小.docx")
    meta = find_metadata(doc, build_outline(doc, pack))
    assert (meta.school, meta.school_from, meta.issuer) == ("花溪小学", "signoff", "花溪小学党支部")
    # then the page header
    doc = build(para("河滨中学", kind=BlockKind.HEADER), "“三找”活动实施方案", "一、总体要求", "正文。",
                path="城关一小.docx")
    assert find_metadata(doc, build_outline(doc, pack)).school == "河滨中学"
    # then the file name
    doc = build("“三找”活动实施方案", "一、总体要求", "正文。", path="subs/城关一小-实施方案.docx")
    meta = find_metadata(doc, build_outline(doc, pack))
    assert (meta.school, meta.school_from) == ("城关一小", "filename")


@pytest.mark.parametrize("signoff, date, issuer", [
    (["阳光小学", "2013年8月29日"], "2013-08-29", "阳光小学"),
    (["阳光小学党支部", "二〇一三年八月二十九日"], "2013-08-29", "阳光小学党支部"),
    (["阳光小学（盖章）", "2013.8.29"], "2013-08-29", "阳光小学"),
    (["阳光小学“三找”活动领导小组  2013-08-29"], "2013-08-29", "阳光小学“三找”活动领导小组"),
    (["以上方案请认真执行。"], None, None),
])
def test_date_and_issuer(pack, signoff, date, issuer):
    doc = build("阳光小学实施方案", "一、总体要求", "正文写于2013年7月1日之后。", *signoff)
    meta = find_metadata(doc, build_outline(doc, pack))
    assert (meta.date, meta.issuer) == (date, issuer)


def test_date_under_the_title(pack):
    doc = build("阳光小学实施方案", "（2013年9月2日）", "一、总体要求", "正文。")
    assert find_metadata(doc, build_outline(doc, pack)).date == "2013-09-02"


def test_real_docx_through_the_reader(pack, tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("城关一小“三找”活动实施方案", level=1)
    for text in ["一、活动目标", "查找问题。", "二、组织保障", "组  长：王建国", "三、时间安排",
                 "（一）学习讨论阶段（2013年7月—8月）", "城关一小", "二〇一三年八月二十九日"]:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    doc = docx_reader.read(buf.getvalue(), str(tmp_path / "plan.docx"))
    o = build_outline(doc, pack)
    meta = find_metadata(doc, o)
    assert o.title == "城关一小“三找”活动实施方案"
    assert [m.id for m in o.sections] == ["general", "organisation", "steps"]
    assert (meta.school, meta.date, meta.issuer) == ("城关一小", "2013-08-29", "城关一小")


def test_table_blocks_carry_their_section(pack):
    doc = build("阳光小学整改台账", "一、存在问题", table(["问题", "措施"], ["迟到", "考勤"]))
    o = build_outline(doc, pack)
    assert o.section_ids[2] == "problems"
    assert o.locate(doc, 2, row=1).describe() == "一、存在问题 表1 第2行"


def test_parts_and_stage_labels_nest(pack):
    doc = from_text("阳光小学实施方案\n第一部分 总体要求\n正文。\n第二部分 方法步骤\n第一阶段：学习讨论阶段\n第二阶段：整改落实阶段\n第三部分 工作要求\n")
    o = build_outline(doc, pack)
    assert _paths(o) == [
        "第一部分 总体要求", "第二部分 方法步骤", "第二部分 方法步骤 > 第一阶段：学习讨论阶段",
        "第二部分 方法步骤 > 第二阶段：整改落实阶段", "第三部分 工作要求",
    ]
    assert [m.id for m in o.sections] == ["general", "steps", "requirements"]


def test_centred_short_paragraph_is_a_heading(pack):
    doc = build(para("阳光小学三找活动总结", alignment="center"), "学校组织全体教职工认真学习了有关文件精神，开展了讨论。",
                para("存在问题", alignment="center"), "个别教师上课迟到。")
    o = build_outline(doc, pack)
    assert [h.title for h in o.headings] == ["存在问题"] and o.section_ids[3] == "problems"


@pytest.mark.parametrize("text", [
    "阳光小学作风纪律自查报告\n一、自查的组织与实施\n成立了领导小组。\n二、自查发现的问题\n个别教师迟到。\n三、整改措施\n加强考勤。",
    ("阳光小学对照检查材料\n一、学习教育和征求意见情况\n召开座谈会。\n二、存在的问题及原因\n（一）存在的主要问题\n"
     "个别教师迟到。\n（二）产生问题的原因\n学习不够。\n三、整改措施\n加强考勤。"),
])
def test_what_a_report_did_comes_before_what_it_found(pack, text):
    """基本情况 was found only by its heading words: 自查的组织与实施 before 存在问题 is that section."""
    o = build_outline(from_text(text), pack)
    situation, problems = o.section("situation"), o.section("problems")
    assert situation is not None and situation.by == "position"
    assert o.headings[situation.heading].block < o.headings[problems.heading].block


def test_no_situation_when_the_report_starts_with_its_problems(pack):
    o = build_outline(from_text("阳光小学自查报告\n一、存在问题\n个别教师迟到。\n二、整改措施\n加强考勤。"), pack)
    assert o.section("situation") is None


@pytest.mark.parametrize("heading, section", [
    ("三、作风、纪律、落实方面存在的主要问题", "problems"),
    ("四、下一步的努力方向和整改措施", "measures"),
    ("二、自查自纠中查找出的问题", "problems"),
    ("三、整顿内容", "focus"),
])
def test_long_headings_that_hold_a_section_name(pack, heading, section):
    o = build_outline(from_text(f"阳光小学材料\n{heading}\n正文。"), pack)
    assert [m.id for m in o.sections] == [section]
