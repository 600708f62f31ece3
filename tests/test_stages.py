from conftest import build, from_text, para, table

from pipeline.understand.stages import find_stages
from pipeline.understand.structure import build_outline


def _stages(doc, pack, year=2013):
    return {s.id: (s.found, s.start, s.end) for s in find_stages(doc, build_outline(doc, pack), pack, year)}


def test_stages_in_headings_with_every_date_form(pack):
    doc = from_text(
        "阳光小学实施方案\n四、方法步骤\n"
        "（一）学习讨论阶段（2013年7月—8月）\n正文。\n"
        "（二）整改落实阶段（九月至十月）\n正文。\n"
        "（三）巩固深化阶段（11—12月）\n正文。\n"
        "（四）深入落实长效机制阶段（次年1月至3月）\n正文。\n"
        "（五）回头看、查漏补缺阶段（2014.4-2014.7）\n正文。\n"
    )
    assert _stages(doc, pack) == {
        "study": (True, "2013-07", "2013-08"), "rectify": (True, "2013-09", "2013-10"),
        "consolidate": (True, "2013-11", "2013-12"), "long_term": (True, "2014-01", "2014-03"),
        "look_back": (True, "2014-04", "2014-07"),
    }


def test_year_runs_on_from_stage_to_stage(pack):
    doc = from_text(
        "阳光小学实施方案\n方法步骤\n第一阶段：学习讨论阶段，7—8月。\n第二阶段：整改落实阶段，9—10月。\n"
        "第三阶段：巩固深化阶段，11—12月。\n第四阶段：长效机制阶段，1—3月。\n第五阶段：回头看阶段，4—7月。"
    )
    got = _stages(doc, pack)
    assert got["long_term"] == (True, "2014-01", "2014-03")
    assert got["look_back"] == (True, "2014-04", "2014-07")


def test_dates_on_the_next_line(pack):
    doc = from_text("阳光小学实施方案\n一、方法步骤\n（一）学习讨论阶段\n时间：2013年7月至8月。\n（二）整改落实阶段\n制定方案。")
    got = _stages(doc, pack)
    assert got["study"] == (True, "2013-07", "2013-08")
    assert got["rectify"] == (True, None, None)  # named but undated: the next line is not its date
    assert got["consolidate"] == (False, None, None)


def test_stages_in_prose(pack):
    doc = from_text("阳光小学实施方案\n活动分五个阶段进行：2013年7月—8月为学习讨论阶段；2013年9月—10月为整改落实阶段。")
    got = _stages(doc, pack)
    assert got["study"] == (True, "2013-07", "2013-08")
    assert got["rectify"] == (True, "2013-09", "2013-10")


def test_stages_in_a_table(pack):
    doc = build(
        "阳光小学实施方案", "四、时间安排",
        table(["阶段", "时间", "主要任务"], ["学习讨论阶段", "2013年7月—8月", "集中学习"],
              ["整改落实阶段", "2013.9-2013.10", "制定整改方案"], ["巩固深化阶段", "11月至12月", "建章立制"]),
    )
    outline = build_outline(doc, pack)
    found = {s.id: s for s in find_stages(doc, outline, pack, 2013)}
    assert (found["rectify"].start, found["rectify"].end) == ("2013-09", "2013-10")
    assert (found["consolidate"].start, found["consolidate"].end) == ("2013-11", "2013-12")
    assert found["rectify"].location.row == 2 and found["rectify"].location.section == "四、时间安排"


def test_steps_section_preferred_over_earlier_mentions(pack):
    doc = build(
        "阳光小学实施方案", para("总体要求", label="一、"), "要把整改落实阶段的工作做细。",
        para("方法步骤", label="二、"), para("整改落实阶段（2013年9月—10月）", label="（二）"),
    )
    got = _stages(doc, pack)
    assert got["rectify"] == (True, "2013-09", "2013-10")


def test_an_undated_stage_does_not_borrow_the_next_stages_dates(pack):
    """A stage named without dates stays undated even when the next line is the next stage with its dates,
    so a plan that leaves a stage undated fails plan-stages instead of passing on its neighbour's months."""
    from pipeline.judge.verdict import judge

    text = ("阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段\n（二）整改落实阶段（2013年9月—10月）\n"
            "（三）巩固深化阶段（11—12月）\n（四）长效机制阶段（次年1月至3月）\n（五）回头看阶段（2014年4月—7月）\n")
    got = _stages(from_text(text), pack)
    assert got["study"] == (True, None, None)
    assert got["rectify"] == (True, "2013-09", "2013-10")
    sub = judge(from_text(text), pack)
    failed = [r for r in sub.results if r.rule == "sanzhao-2013.plan-stages" and not r.passed]
    assert [r.message.rsplit("（", 1)[-1] for r in failed] == ["学习讨论阶段没有写明时间）"]
    assert sub.status == "fail"


def test_a_stage_across_the_new_year_keeps_its_range(pack):
    """巩固深化阶段（12月—次年2月）: December to February of the next year, not dropped as a backwards range."""
    doc = from_text("阳光小学实施方案\n四、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n"
                    "（二）整改落实阶段（9月—11月）\n（三）巩固深化阶段（12月—次年2月）\n")
    got = _stages(doc, pack)
    assert got["consolidate"] == (True, "2013-12", "2014-02")


def test_stages_in_prose_take_the_dates_of_their_own_clause(pack):
    """Prose without years: each stage takes the months in its own clause, not the first or the next one,
    and the year runs on into 次年."""
    doc = from_text("阳光小学实施方案\n方法步骤\n活动分五个阶段：7—8月为学习讨论阶段；9—10月为整改落实阶段；"
                    "11—12月为巩固深化阶段；1—3月为长效机制阶段；4—7月为回头看阶段。")
    got = _stages(doc, pack)
    assert [got[s][1:] for s in ("study", "rectify", "consolidate", "long_term", "look_back")] == [
        ("2013-07", "2013-08"), ("2013-09", "2013-10"), ("2013-11", "2013-12"), ("2014-01", "2014-03"),
        ("2014-04", "2014-07")]


def test_dates_on_the_next_line_without_a_year_run_on(pack):
    doc = from_text("阳光小学实施方案\n一、方法步骤\n（一）学习讨论阶段\n时间：7—8月。\n（二）整改落实阶段\n时间：9—12月。\n"
                    "（三）巩固深化阶段\n时间：1—2月。\n")
    got = _stages(doc, pack)
    assert (got["study"], got["rectify"], got["consolidate"]) == (
        (True, "2013-07", "2013-08"), (True, "2013-09", "2013-12"), (True, "2014-01", "2014-02"))


def test_a_stage_shows_the_line_it_was_found_in_and_where(pack):
    long_line = "（一）学习讨论阶段（2013年7月—8月）" + "组织全体教师认真学习通知精神，" * 20
    doc = from_text(f"阳光小学实施方案\n一、方法步骤\n{long_line}\n（二）整改落实阶段\n")
    found = {s.id: s for s in find_stages(doc, build_outline(doc, pack), pack, 2013)}
    assert found["study"].evidence == long_line[:200] and found["study"].location.paragraph == 2
    assert found["rectify"].evidence == "（二）整改落实阶段" and found["rectify"].location.paragraph == 3


def test_the_steps_section_wins_over_a_dated_mention_elsewhere(pack):
    """总体要求 may name a stage with a month too; the stage's dates are those of the 方法步骤 section."""
    doc = build(
        "阳光小学实施方案", para("总体要求", label="一、"), "力争2013年12月完成整改落实阶段的全部任务。",
        para("方法步骤", label="二、"), para("整改落实阶段（2013年9月—10月）", label="（二）"),
    )
    assert _stages(doc, pack)["rectify"] == (True, "2013-09", "2013-10")


def test_a_stage_named_only_outside_the_steps_section_is_still_found(pack):
    doc = build(
        "阳光小学实施方案", para("总体要求", label="一、"), "2013年7月—8月为学习讨论阶段。",
        para("方法步骤", label="二、"), para("整改落实阶段（2013年9月—10月）", label="（二）"),
    )
    assert _stages(doc, pack)["study"] == (True, "2013-07", "2013-08")


def test_bare_months_take_the_documents_year(pack):
    doc = from_text("阳光小学实施方案\n一、方法步骤\n（一）学习讨论阶段（7—8月）\n（二）整改落实阶段（9—10月）\n")
    assert _stages(doc, pack, year=2014)["rectify"] == (True, "2014-09", "2014-10")
