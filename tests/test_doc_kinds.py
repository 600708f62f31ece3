"""Document types, titles and school names as real submissions write them (issue 10, the corpus's error classes)."""

import pytest
from conftest import from_text

from pipeline.judge.verdict import judge
from pipeline.understand.metadata import find_doc_type, find_metadata, school_in
from pipeline.understand.structure import build_outline


def _kind(pack, text):
    doc = from_text(text)
    outline = build_outline(doc, pack)
    return find_doc_type(doc, outline, pack, find_metadata(doc, outline).issuer)


@pytest.mark.parametrize("text, expected", [
    # a leadership's or a head's self-examination is judged as a 自查报告
    ("南明区红枫中学领导班子“三找”活动对照检查材料\n一、存在的问题\n正文。", "summary"),
    ("正视问题 着力转变作风\n——南明区教育系统“三找”活动个人剖析材料\n南明区花溪路小学 邵光荣\n一、存在的问题", "summary"),
    ("南明区沙冲幼儿园“三找”活动自查自纠报告\n一、基本情况", "summary"),
    ("小碧乡中心学校关于辖区民办幼儿园自查自纠情况的报告\n正文。", "summary"),
    ("南明区新华小学关于教师有偿补课问题自查情况的汇报\n正文。", "summary"),
    # rectification reports and progress reports
    ("南明区柳溪中学关于“三找”活动存在问题的整改报告\n一、问题", "rectification"),
    ("东岭区城关小学关于“三找”活动集中整改进展情况的报告\n正文。", "rectification"),
    # a school's own 通报 to its offices is not the bureau's: its other title words decide
    ("南明区第二实验学校关于“三找”活动整改进展情况的通报\n各处室、年级组：\n与区教育局的要求相比还有差距。", "rectification"),
    # the bureau's 通报 and a 中心校's 通报 to its schools are notices
    ("南明区教育局关于暑期违规补课专项检查情况的通报\n各中小学：\n正文。\n南明区教育局\n2013年8月30日", "notice"),
    ("柳河镇中心校关于国庆假期值班督查情况的通报\n各小学、幼儿园：\n正文。\n柳河镇中心校\n2013年10月8日", "notice"),
    ("关于“三找”活动开展情况专项抽查的通报\n各中小学、幼儿园：\n一、存在问题\n正文。", "notice"),
    # 回头看 in a notice's title: the notice wins
    ("南明区教育局关于开展“三找”活动整改“回头看”工作的通知\n各中小学：\n正文。", "notice"),
    # a school's own 通知 (a sports meet) is not the bureau's notice
    ("南明区青云小学关于举行秋季田径运动会的通知\n各班主任、体育教师：\n一、时间\n10月30日。", "other"),
    ("水田坝小学有偿补课专项治理工作方案\n一、治理对象", "plan"),
])
def test_doc_types_of_real_titles(pack, text, expected):
    assert _kind(pack, text) == expected


@pytest.mark.parametrize("head, title", [
    ("南明区教育局文件\n南教发〔2014〕12号\n", "关于做好“三找”活动“回头看”工作的通知"),
    ("南明区教育局\n南教通〔2013〕27号\n", "关于工作纪律专项检查情况的通报"),
    ("南明区水田坝小学文件\n水小发〔2013〕18号\n", "有偿补课专项治理工作方案"),
    ("南明区教育局“三找”活动领导小组办公室编　　2013年11月15日\n", "南明区教育局“三找”活动督查通报（第三期）"),
])
def test_the_red_header_and_masthead_are_not_the_title(pack, head, title):
    doc = from_text(head + title + "\n各中小学：\n正文。")
    assert build_outline(doc, pack).title == title


def test_a_red_headed_notice_is_a_notice(pack):
    text = "南明区教育局文件\n南教发〔2014〕12号\n关于做好“三找”活动“回头看”工作的通知\n各中小学、幼儿园：\n正文。"
    assert _kind(pack, text) == "notice"


def test_a_byline_ends_the_title_and_names_the_school(pack):
    doc = from_text("正视问题 知行统一\n——南明区教育系统“三找”活动个人剖析材料\n南明区花溪路小学 邵光荣\n一、存在的问题\n正文。")
    outline = build_outline(doc, pack)
    assert outline.title == "正视问题 知行统一——南明区教育系统“三找”活动个人剖析材料"
    meta = find_metadata(doc, outline)
    assert (meta.school, meta.school_from) == ("南明区花溪路小学", "byline")


@pytest.mark.parametrize("text", [
    "南明区“三找”活动督导整改意见学校处理情况记录表",  # a fragment of a title
    "各中小学、幼儿园：",
    "看整改是否推动了学校",
    "小碧乡中心学校关于辖区民办幼儿园",  # the school is the 中心学校; the 民办幼儿园 are no name
    "中心学校",
    "兄弟学校",
])
def test_no_fragment_or_generic_phrase_is_a_school(text):
    found = school_in(text)
    assert found is None or found == "小碧乡中心学校"


def test_the_sign_off_gives_the_fuller_name(pack):
    doc = from_text("南明区实验二小关于“三找”活动整改落实情况的报告\n正文。\n南明区实验第二小学\n2013年11月5日")
    assert find_metadata(doc, build_outline(doc, pack)).school == "南明区实验第二小学"


def test_a_sentence_near_the_end_is_not_a_sign_off(pack):
    doc = from_text("“三找”活动整改意见处理情况记录表\n正文。\n请各学校对照检查。\n南明区东风小学\n2013年11月5日")
    assert find_metadata(doc, build_outline(doc, pack)).school == "南明区东风小学"


def test_the_bureaus_notice_names_no_school(pack):
    text = ("南明区教育局关于暑期违规补课专项检查情况的通报\n各中小学：\n一、检查发现的问题\n"
            "城南中学向参加暑期补课的学生每人收取资料费120元。\n二、有关要求\n各校要认真自查。\n南明区教育局\n2013年8月30日")
    sub = judge(from_text(text), pack)
    assert (sub.doc_type, sub.school, sub.status) == ("notice", None, "pass")
    # a 通报 reports what an inspection found: its findings are listed
    assert any("资料费" in p.text for p in sub.problems)


def test_a_notice_lists_no_findings(pack):
    text = ("南明区教育局关于开展“三找”活动的通知\n各中小学：\n一、活动重点\n重点查找个别教师上班迟到早退等问题。\n"
            "南明区教育局\n2013年8月22日")
    sub = judge(from_text(text), pack)
    assert sub.doc_type == "notice" and sub.problems == ()


def test_the_schools_category_in_a_ledger_column_is_read(pack):
    """A 问题类别 column is not the problem column; its 纪律 is the problem's category, and a model that
    disagrees is flagged on the row."""
    import io

    import docx

    from pipeline.ingest import read_bytes

    word = docx.Document()
    word.add_paragraph("阳光小学“三找”活动问题整改台账")
    rows = [["序号", "查摆问题", "问题类别", "整改措施", "牵头人", "时间节点"],
            ["1", "少数教职工在教学区吸烟", "纪律", "设立吸烟点", "王强", "2013年10月"],
            ["2", "集体备课流于形式", "作风", "每周检查备课记录", "李明", "2013年11月"]]
    t = word.add_table(rows=3, cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    buf = io.BytesIO()
    word.save(buf)
    sub = judge(read_bytes(buf.getvalue(), "阳光小学整改台账.docx"), pack)
    assert sub.doc_type == "rectification"
    found = {p.text: p for p in sub.problems}
    assert found["少数教职工在教学区吸烟"].category == "discipline"
    assert found["集体备课流于形式"].category == "work_style"
    assert all(p.text not in ("纪律", "作风") for p in sub.problems)  # the category cells are no problems
    assert [(p.owner, p.deadline) for p in sub.problems] == [("王强", "2013年10月"), ("李明", "2013年11月")]


def _ledger_table(*rows):
    """A table block as a reader makes it: cells, and the text (rows by newline, cells by tab)."""
    from conftest import table

    spec = table(*rows)
    spec["text"] = "\n".join("\t".join(r) for r in rows)
    return spec


def test_problems_of_a_ledger_continued_on_the_next_page(pack):
    """A PDF ledger is two tables; the second has no header: its problem cells are problems, its measure
    cells are not (they were read as sentences of an ordinary table)."""
    from conftest import build

    header = ["序号", "查摆问题", "问题类别", "整改措施", "责任领导", "整改时限"]
    doc = build(
        "城关小学“三找”活动问题整改台账",
        _ledger_table(header, ["1", "部分中层干部服务意识不强，教师办事要跑几趟", "作风", "实行首问负责制，办事流程上墙公示",
                               "吴校长", "2013年10月"]),
        _ledger_table(["2", "个别教师周末在家中有偿辅导本班学生", "纪律", "责令立即停止并退还费用，全校签订承诺书",
                       "杨书记", "2013年9月底"]),
    )
    sub = judge(doc, pack)
    texts = [p.text for p in sub.problems]
    assert "个别教师周末在家中有偿辅导本班学生" in texts
    assert not any("承诺书" in t for t in texts)
    second = next(p for p in sub.problems if p.text.startswith("个别教师周末"))
    assert (second.category, second.owner, second.deadline) == ("discipline", "杨书记", "2013年9月底")


def test_an_unplaced_documents_rules_are_not_findings(pack):
    """A parents' letter (其他) listed 在校园内请不要吸烟 as a discipline problem."""
    text = ("期中家长会告家长书\n尊敬的家长：\n在校园内请不要吸烟，为孩子做好榜样；各种车辆请停放在指定区域。\n"
            "南明区万松小学\n2013年11月8日")
    sub = judge(from_text(text), pack)
    assert sub.doc_type == "other" and sub.status == "review"
    assert not any("吸烟" in p.text for p in sub.problems)
