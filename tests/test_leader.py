import pytest
from conftest import build, from_text, table

from pipeline.understand.leader import clean_name, find_leader
from pipeline.understand.structure import build_outline


@pytest.mark.parametrize("line, name", [
    ("组长：张三", "张三"),
    ("组  长 张三", "张三"),
    ("组长:张三（校长）", "张三"),
    ("组 长：校长 张三", "张三"),
    ("组长：李建国 副组长：王芳", "李建国"),
    ("学校成立领导小组，由张三校长任组长，李四任副组长。", "张三"),
    ("成立以党支部书记王芳为组长的领导小组。", "王芳"),
    ("领导小组组长：欧阳明华", "欧阳明华"),
])
def test_leader_forms(pack, line, name):
    doc = from_text(f"阳光小学实施方案\n二、组织领导\n{line}")
    leader = find_leader(doc, build_outline(doc, pack))
    assert leader is not None and leader.name == name
    assert leader.location.section == "二、组织领导"


@pytest.mark.parametrize("line", [
    "各年级组长负责本年级的学习讨论。", "副组长：李四", "教研组长：王五", "由校长任组长。", "备课组长要带头。",
])
def test_not_a_leader(pack, line):
    doc = from_text(f"阳光小学实施方案\n二、组织领导\n{line}")
    assert find_leader(doc, build_outline(doc, pack)) is None


def test_leader_in_a_table_row(pack):
    doc = build("阳光小学实施方案", "二、组织领导",
                table(["职务", "姓名"], ["组长", "张三（校长）"], ["副组长", "李四"]))
    doc2 = build("阳光小学实施方案", "二、组织领导", table(["组 长：", "张三", "校长"]))
    for d in (doc, doc2):
        leader = find_leader(d, build_outline(d, pack))
        assert leader is not None and leader.name == "张三"


def test_table_header_row_with_role_column(pack):
    doc = build("阳光小学实施方案", "二、组织领导", table(["组长", "副组长"], ["张三", "李四"]))
    leader = find_leader(doc, build_outline(doc, pack))
    assert leader is None or leader.name != "副组长"


def test_clean_name():
    assert clean_name("张三校长") == "张三"
    assert clean_name("校长") is None
    assert clean_name("张三同志，") == "张三"
