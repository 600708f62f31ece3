"""Packs that build on packs, validation a pack author can trust, the authoring commands, and a pack
without a categoriser — through load_pack, judge and the CLI."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import from_text

from cli import main
from pipeline.errors import RulePackError
from pipeline.judge.rulepack import RULES_DIR, load_pack
from pipeline.judge.verdict import judge

SHIPPED_WITH_TESTS = sorted(p.name for p in RULES_DIR.iterdir() if (p / "tests").is_dir() and (p / "pack.yaml").is_file())


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    root = tmp_path / "mypack"
    shutil.copytree(RULES_DIR / "sanzhao-2013", root)
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    with pytest.raises(RulePackError) as e:
        load_pack(root)
    return e.value.problems


# --- extends: base ------------------------------------------------------------------------------


def test_inherited_rules_carry_the_packs_name_and_come_from_base():
    pack = load_pack("sanzhao-2013")
    rule = pack.rule("meta-school")
    assert rule.id == "sanzhao-2013.meta-school" and rule.path.parent.name == "base"
    assert pack.lineage[0].name == "base" and pack.lineage[-1].name == "sanzhao-2013"
    assert "责任人" in pack.ledger_columns["owner"]  # the ledger words live once, in base


def test_a_pack_switches_an_inherited_rule_off_and_changes_another(pack_copy):
    _append(pack_copy / "pack.yaml", "\nrules:\n  heading-sequence: off\n  meta-date: {severity: error}\n")
    pack = load_pack(pack_copy)
    ids = {r.id for r in pack.rules}
    assert "sanzhao-2013.heading-sequence" not in ids
    assert pack.rule("meta-date").severity == "error"
    sub = judge(from_text("阳光小学“三找”活动实施方案\n一、指导思想\n二、组织领导\n二、活动重点\n"), pack)
    assert not any(r.rule.endswith("heading-sequence") for r in sub.results)
    assert any(r.rule.endswith("meta-date") and r.severity == "error" and not r.passed for r in sub.results)


def test_a_file_of_the_same_stem_replaces_the_inherited_rule(pack_copy):
    (pack_copy / "meta-school.yaml").write_text(
        (RULES_DIR / "base" / "meta-school.yaml").read_text(encoding="utf-8").replace("severity: warning", "severity: error"),
        encoding="utf-8")
    rule = load_pack(pack_copy).rule("meta-school")
    assert rule.severity == "error" and rule.path == pack_copy / "meta-school.yaml"


def test_a_pack_adds_words_to_an_inherited_list(pack_copy):
    from conftest import build, table

    from pipeline.understand.ledger import LedgerWords, find_ledger
    from pipeline.understand.structure import build_outline

    _append(pack_copy / "pack.yaml", "\nledger:\n  columns:\n    owner+: [包保人]\n")
    pack = load_pack(pack_copy)
    assert pack.ledger_columns["owner"][-1] == "包保人" and "责任人" in pack.ledger_columns["owner"]
    doc = build("阳光小学整改台账", table(["问题", "措施", "包保人", "完成时限"], ["迟到", "考勤", "王强", "2013年10月"]))
    (item,) = find_ledger(doc, build_outline(doc, pack), LedgerWords.of(pack), 2013)
    assert item.owner == "王强"


def test_a_pack_that_extends_a_missing_pack_or_itself_is_refused(pack_copy, tmp_path):
    _edit(pack_copy / "pack.yaml", "extends: base", "extends: basis")
    assert any("key 'extends'" in p and "no such rule pack" in p for p in _problems(pack_copy))
    _edit(pack_copy / "pack.yaml", "extends: basis", "extends: ./")
    assert any("in a circle" in p for p in _problems(pack_copy))


# --- validation: every problem at once ---------------------------------------------------------------


def test_every_problem_is_reported_at_once(pack_copy):
    _edit(pack_copy / "pack.yaml", 'window: {start: "2013-09", end: "2013-10"}', 'window: {start: "2013-09", end: "2013-13"}')
    _edit(pack_copy / "pack.yaml", 'window: {start: "2013-11", end: "2013-12"}', 'window: {start: "2013-12", end: "2013-11"}')
    _edit(pack_copy / "pack.yaml", "contains_stages: 3", "contains_stages: 2.5")
    _edit(pack_copy / "pack.yaml", "doc_types: [summary, rectification]\n", "doc_types: [summary, rectifcation]\n")
    _edit(pack_copy / "pack.yaml", "reference: [reference/notice.txt]", "reference: [reference/notice.txt, reference/gone.txt]")
    _edit(pack_copy / "ledger-present.yaml", "min_items: 1", "min_items: 1.5")
    _edit(pack_copy / "plan-stages.yaml", "severity: error", "severity: fatal")
    _append(pack_copy / "pack.yaml", "\nrules:\n  no-such-rule: off\n")
    problems = _problems(pack_copy)
    expected = ["'2013-13' is not a real month", "2013-11 is before the start 2013-12", "2.5 is not a whole number",
                "'rectifcation' is not a document type", "gone.txt does not exist", "ledger-present.yaml",
                "'fatal' is not a severity", "no-such-rule"]
    for words in expected:
        assert any(words in p for p in problems), (words, problems)
    assert all(p.startswith(str(pack_copy)) for p in problems), problems  # each names its file
    result = CliRunner().invoke(main, ["rules", "validate", str(pack_copy)])
    assert result.exit_code == 2 and f"{len(problems)} 处错误" in result.output


def test_a_section_role_is_given_once_and_roles_are_known(pack_copy):
    _edit(pack_copy / "pack.yaml", "    role: measures\n", "    role: problems\n")
    _edit(pack_copy / "pack.yaml", "    role: goals\n", "    role: aims\n")
    problems = _problems(pack_copy)
    assert any("has role 'problems' already" in p for p in problems)
    assert any("'aims' is not a role" in p and "stages, organisation" in p for p in problems)


def test_a_date_written_without_quotes_is_explained(pack_copy):
    _edit(pack_copy / "pack.yaml", 'start: "2013-07"\n  end: "2014-07"', 'start: 2013-07-01\n  end: "2014-07"')
    assert any('write it in quotes ("2013-07")' in p for p in _problems(pack_copy))


def test_a_rule_for_a_type_that_gets_only_every_type_rules_is_refused(pack_copy):
    _edit(pack_copy / "plan-focus.yaml", "applies_to: [plan]", "applies_to: [plan, notice]")
    assert any("'notice' gets only the rules with applies_to: all" in p for p in _problems(pack_copy))


def test_a_category_rule_the_categoriser_cannot_satisfy_is_refused(pack_copy):
    _edit(pack_copy / "pack.yaml", "  - id: other\n    name: 其他\n    name_en: other\n    words:",
          "  - id: safety\n    name: 安全\n  - id: other\n    name: 其他\n    name_en: other\n    words:")
    _edit(pack_copy / "summary-categories.yaml", "categories: [work_style, discipline, implementation]",
          "categories: [work_style, discipline, implementation, safety]")
    problems = _problems(pack_copy)
    assert any("summary-categories.yaml" in p and "cannot output safety" in p for p in problems)
    (pack_copy / "categoriser.npz").unlink()
    shutil.rmtree(pack_copy / "train")
    problems = _problems(pack_copy)
    assert any("summary-categories.yaml" in p and "has no categoriser" in p for p in problems)


def test_a_pack_error_is_exit_2_before_any_file_is_read(pack_copy, tmp_path):
    _edit(pack_copy / "pack.yaml", 'end: "2014-07"', 'end: "2014-13"')
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "plan.txt").write_text("阳光小学实施方案\n", encoding="utf-8")
    for args in (["check", str(subs), "--out", str(tmp_path / "out")],
                 ["scan", str(subs), "--state", str(tmp_path / "s.db"), "--out", str(tmp_path / "scan-out")]):
        result = CliRunner().invoke(main, [*args, "--pack", str(pack_copy)])
        assert result.exit_code == 2 and "2014-13" in result.output, result.output
        assert not (tmp_path / "out").exists() and not (tmp_path / "scan-out" / "report.json").exists()
        assert "无法读取" not in result.output and "plan.txt" not in result.output


# --- deadline_within --------------------------------------------------------------------------------


def test_deadlines_before_the_campaign_and_in_words(pack_copy):
    _edit(pack_copy / "ledger-deadline-window.yaml", "  ongoing: pass", "  ongoing: fail")
    pack = load_pack(pack_copy)
    doc = from_text("阳光小学“三找”活动整改台账\n"
                    "1.问题：上课迟到。整改措施：严格考勤。责任人：王强。完成时限：2013年5月。\n"
                    "2.问题：作业批改不及时。整改措施：每周检查。责任人：李华。完成时限：长期坚持。\n"
                    "3.问题：办公室脏乱。整改措施：每日打扫。责任人：周敏。完成时限：立行立改。\n"
                    "4.问题：制度不全。整改措施：修订制度。责任人：陈刚。完成时限：2013年11月。\n")
    failed = [r for r in judge(doc, pack).results if r.rule.endswith("ledger-deadline-window") and not r.passed]
    assert [r.evidence.split("：")[-1] for r in failed] == ["2013年5月", "长期坚持"]
    assert "早于活动开始2013-07" in failed[0].message and "没有写明日期" in failed[1].message


# --- a pack without a categoriser --------------------------------------------------------------------


def test_without_a_categoriser_marks_are_used_and_the_rest_go_to_a_reviewer(pack_copy):
    (pack_copy / "categoriser.npz").unlink()
    shutil.rmtree(pack_copy / "train")
    _edit(pack_copy / "summary-categories.yaml", "source: problems", "source: both")
    pack = load_pack(pack_copy)
    sub = judge(from_text("阳光小学“三找”活动阶段总结\n一、存在问题\n"
                          "1.问题：少数教师上班时间玩手机（纪律）。\n"
                          "2.个别教师对家长态度生硬，工作敷衍应付。\n"), pack)
    by_text = {p.text: p for p in sub.problems}
    assert by_text["少数教师上班时间玩手机"].category == "discipline"
    unmarked = next(p for t, p in by_text.items() if "态度生硬" in t)
    assert unmarked.category is None and unmarked.needs_review
    assert sub.status in ("fail", "review")
    assert any("未分类" in r for r in sub.review_reasons) or sub.status == "fail"
    assert json.loads(json.dumps(sub.to_dict(), ensure_ascii=False))["problems"][1]["category"] is None


# --- authoring commands -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED_WITH_TESTS)
def test_rules_test_passes_for_every_shipped_pack(name):
    result = CliRunner().invoke(main, ["rules", "test", name])
    assert result.exit_code == 0, result.output
    assert "0 个失败" in result.output


def test_rules_test_says_what_a_fixture_got_wrong(pack_copy):
    (pack_copy / "tests" / "wrong.txt").write_text(
        "# fails: plan-stages, no-such-rule\n# status: pass\n阳光小学“三找”活动实施方案\n一、组织领导\n组长：张明。\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "rules", "test", str(pack_copy)])
    assert result.exit_code == 3
    assert "FAIL  wrong.txt" in result.output
    assert "'no-such-rule' is not a rule" in result.output and "failed but should not: " in result.output
    assert "status should be pass, got fail" in result.output


def test_pack_init_writes_a_skeleton_that_validates_and_passes_its_tests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["pack", "init", "xiaofeng-2025"]).exit_code == 0
    assert (tmp_path / "xiaofeng-2025" / "pack.yaml").read_text(encoding="utf-8").startswith("# The xiaofeng-2025")
    result = runner.invoke(main, ["rules", "validate", "xiaofeng-2025"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["rules", "test", "xiaofeng-2025"]).exit_code == 0
    again = runner.invoke(main, ["pack", "init", "xiaofeng-2025"])
    assert again.exit_code == 2 and "exists" in again.output
    assert runner.invoke(main, ["pack", "init", "Bad Name"]).exit_code == 2


def test_a_rule_added_by_yaml_alone_to_an_initialised_pack_fires(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["pack", "init", "xiaofeng-2025"])
    (tmp_path / "xiaofeng-2025" / "plan-pledge.yaml").write_text("""\
type: pattern_in_section
severity: error
applies_to: [plan]
any_of: ["承诺书"]
message: {zh: 实施方案应安排签订承诺书, en: the plan must include signing a pledge}
examples:
  pass: "阳光小学实施方案\\n一、组织领导\\n全体教师签订承诺书。\\n"
  fail: "阳光小学实施方案\\n一、组织领导\\n认真学习。\\n"
""", encoding="utf-8")
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.txt").write_text("阳光小学实施方案\n一、组织领导\n组长：张明。\n", encoding="utf-8")
    result = runner.invoke(main, ["check", str(subs), "--pack", "xiaofeng-2025", "--out", "out", "--json", "r.json"])
    assert result.exit_code == 0, result.output
    (sub,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["submissions"]
    assert [r["passed"] for r in sub["results"] if r["rule"] == "xiaofeng-2025.plan-pledge"] == [False]
    assert sub["status"] == "fail"


def test_rules_show_a_rule_and_a_rule_type():
    runner = CliRunner()
    result = runner.invoke(main, ["rules", "show", "sanzhao-2013.plan-leader"])
    assert result.exit_code == 0
    for words in ("metadata_present", "field: leader", "example that should fail", "副组长：李华", "年级组长、副组长不算"):
        assert words in result.output
    inherited = runner.invoke(main, ["rules", "show", "meta-school"])
    assert "rules/base/meta-school.yaml (inherited)" in inherited.output.replace("\\", "/")
    kind = runner.invoke(main, ["rules", "show", "deadline_within"])
    assert "without_date" in kind.output and "keys: start, start_from, end, end_from, without_date" in kind.output
    assert runner.invoke(main, ["rules", "show", "no-such-rule"]).exit_code == 2
