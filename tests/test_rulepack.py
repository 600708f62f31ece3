import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from pipeline.errors import RulePackError
from pipeline.judge.rulepack import RULES_DIR, load_pack

STEMS = ["plan-general", "plan-organisation", "plan-leader", "plan-focus", "plan-steps", "plan-stages", "plan-stage-windows", "plan-requirements", "plan-notice-copy", "summary-situation", "summary-problems", "summary-categories", "summary-measures", "summary-gaps-goals", "ledger-present", "ledger-owner-deadline", "ledger-deadline-window", "ledger-categories", "lookback-status", "lookback-meetings", "lookback-appraisal", "meta-school", "meta-date", "meta-issuer", "heading-sequence", "peer-copy",
         # across a school's documents (issue 12): warnings
         "lookback-ledger-items", "ledger-summary-items", "summary-stage-dates"]
ERRORS = {"plan-general", "plan-organisation", "plan-leader", "plan-focus", "plan-steps", "plan-stages",
          "summary-situation", "summary-problems", "summary-categories", "summary-measures", "ledger-present",
          "ledger-owner-deadline", "lookback-status"}


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    root = tmp_path / "mypack"
    shutil.copytree(RULES_DIR / "sanzhao-2013", root)
    return root


def _edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in ``path``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _validate(root: Path):
    return CliRunner().invoke(main, ["rules", "validate", str(root)])


def test_the_pack_has_every_agreed_rule_with_its_severity():
    pack = load_pack("sanzhao-2013")
    assert sorted(r.id for r in pack.rules) == sorted(f"sanzhao-2013.{s}" for s in STEMS)
    for rule in pack.rules:
        stem = rule.id.split(".", 1)[1]
        assert rule.severity == ("error" if stem in ERRORS else "warning"), rule.id
        assert rule.message and rule.message_en


def test_pack_manifest_holds_the_agreed_keys():
    pack = load_pack()
    assert [s["id"] for s in pack.stages] == ["study", "rectify", "consolidate", "long_term", "look_back"]
    assert {d["id"] for d in pack.doc_types} == {"plan", "summary", "rectification", "lookback", "notice", "other"}
    assert pack.lookup("similarity.notice_bound") == 0.5 and pack.lookup("classifier.review_threshold") == 0.6
    assert "三找" in pack.data["vocabulary"]


def test_validate_ok():
    result = _validate(RULES_DIR / "sanzhao-2013")
    assert result.exit_code == 0, result.output
    assert "29 条规则，全部正确" in result.output


def test_bad_type_names_file_line_and_allowed_types(pack_copy):
    line = _edit(pack_copy / "plan-leader.yaml", "type: metadata_present", "type: metadata_presnet")
    result = _validate(pack_copy)
    assert result.exit_code == 2
    assert f"plan-leader.yaml:{line}: key 'type'" in result.output
    assert "allowed:" in result.output and "section_required" in result.output and "ratio_below" in result.output


def test_bad_severity(pack_copy):
    line = _edit(pack_copy / "plan-stages.yaml", "severity: error", "severity: fatal")
    result = _validate(pack_copy)
    assert result.exit_code == 2
    assert f"plan-stages.yaml:{line}: key 'severity'" in result.output
    assert "(allowed: error, warning)" in result.output


def test_missing_key(pack_copy):
    path = pack_copy / "summary-measures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"message:\n  zh: .*\n  en: .*\n", "", text), encoding="utf-8")
    result = _validate(pack_copy)
    assert result.exit_code == 2
    assert "summary-measures.yaml:" in result.output and "key 'message': missing" in result.output


def test_missing_example(pack_copy):
    path = pack_copy / "plan-focus.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  fail:")], encoding="utf-8")
    result = _validate(pack_copy)
    assert result.exit_code == 2 and "plan-focus.yaml" in result.output and "'fail': missing" in result.output


def test_unknown_key_lists_the_allowed_keys(pack_copy):
    line = _edit(pack_copy / "plan-general.yaml", "sections: [general]", "section: [general]")
    result = _validate(pack_copy)
    assert result.exit_code == 2
    assert f"plan-general.yaml:{line}: key 'section': unknown key" in result.output
    assert "sections" in result.output


def test_unknown_section_id_lists_the_pack_sections(pack_copy):
    line = _edit(pack_copy / "plan-general.yaml", "sections: [general]", "sections: [genral]")
    result = _validate(pack_copy)
    assert f"plan-general.yaml:{line}: key 'sections': 'genral' is not known" in result.output
    assert "general, organisation" in result.output


def test_bad_regex(pack_copy):
    _edit(pack_copy / "lookback-appraisal.yaml", '"问卷"', '"问卷("')
    result = _validate(pack_copy)
    assert result.exit_code == 2 and "lookback-appraisal.yaml" in result.output and "regular expression" in result.output


def test_bad_doc_type(pack_copy):
    _edit(pack_copy / "plan-focus.yaml", "applies_to: [plan]", "applies_to: [plans]")
    result = _validate(pack_copy)
    assert "key 'applies_to': 'plans' is not a document type" in result.output and "rectification" in result.output


def test_broken_manifest(pack_copy):
    line = _edit(pack_copy / "pack.yaml", 'window: {start: "2013-09", end: "2013-10"}',
                 'window: {start: "2013-09", end: "October"}')
    result = _validate(pack_copy)
    assert result.exit_code == 2 and f"pack.yaml:{line}: key 'stages[1].window.end'" in result.output
    assert "YYYY-MM" in result.output


def test_yaml_syntax_error(pack_copy):
    (pack_copy / "meta-school.yaml").write_text("type: metadata_present\nseverity: [warning\n", encoding="utf-8")
    with pytest.raises(RulePackError, match=r"meta-school.yaml:\d+: not valid YAML"):
        load_pack(pack_copy)


def test_example_that_misbehaves_fails_validation(pack_copy):
    _edit(pack_copy / "plan-leader.yaml", "由张明校长任组长", "由全体党员参加")
    result = _validate(pack_copy)
    assert result.exit_code == 2
    assert "plan-leader.yaml：examples.pass：应当通过，实际没通过" in result.output


def test_unknown_pack_name():
    result = CliRunner().invoke(main, ["rules", "list", "--pack", "no-such-pack"])
    assert result.exit_code == 2 and "no such rule pack" in result.output and "sanzhao-2013" in result.output


def test_check_with_a_broken_pack_stops_before_reading(pack_copy, tmp_path):
    _edit(pack_copy / "plan-stages.yaml", "severity: error", "severity: fatal")
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "plan.txt").write_text("阳光小学实施方案\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(tmp_path / "subs"), "--pack", str(pack_copy), "--out", str(out)])
    assert result.exit_code == 2 and "plan-stages.yaml" in result.output
    assert not out.exists()


NEW_RULE = """\
# A rule added by editing YAML only: plans must promise a 自查自纠 step.
type: pattern_in_section
severity: error
applies_to: [plan]
section: [steps, focus]
any_of: ["自查自纠"]
message:
  zh: 实施方案应安排自查自纠
  en: the plan must include a self-inspection step
examples:
  pass: |
    阳光小学实施方案
    一、活动重点
    开展自查自纠。
  fail: |
    阳光小学实施方案
    一、活动重点
    认真学习。
"""


def _ingest_works() -> bool:
    from pipeline import ingest

    try:
        for _ in range(2):  # the first call imports the submodule that shadows the function
            ingest.read_bytes("阳光小学".encode(), "a.txt")
    except TypeError:  # main's skeleton: the sniff submodule shadows ingest.sniff (fixed on the readers branch)
        return False
    return True


def test_a_new_rule_fires_through_judge(pack_copy):
    from conftest import from_text

    from pipeline.judge.verdict import judge

    (pack_copy / "plan-self-inspection.yaml").write_text(NEW_RULE, encoding="utf-8")
    pack = load_pack(pack_copy)
    sub = judge(from_text("阳光小学实施方案\n一、活动重点\n认真学习。\n"), pack)
    fired = [r for r in sub.results if r.rule == "sanzhao-2013.plan-self-inspection"]
    assert [r.passed for r in fired] == [False] and sub.status == "fail"
    assert "自查自纠" in fired[0].message


@pytest.mark.skipif(not _ingest_works(), reason="ingest.read_bytes broken on the skeleton; fixed by the readers merge")
def test_a_new_rule_is_one_yaml_file(pack_copy, tmp_path):
    (pack_copy / "plan-self-inspection.yaml").write_text(NEW_RULE, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["rules", "validate", str(pack_copy)]).exit_code == 0
    listing = runner.invoke(main, ["rules", "list", "--pack", str(pack_copy)])
    assert "sanzhao-2013.plan-self-inspection" in listing.output
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "a.txt").write_text("阳光小学实施方案\n一、活动重点\n认真学习。\n", encoding="utf-8")
    (subs / "b.txt").write_text("阳光小学实施方案\n一、活动重点\n开展自查自纠。\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = runner.invoke(main, ["check", str(subs), "--pack", str(pack_copy), "--out", str(tmp_path / "o"),
                                  "--json", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    verdicts = {
        Path(s["path"]).name: [r["passed"] for r in s["results"] if r["rule"] == "sanzhao-2013.plan-self-inspection"]
        for s in data["submissions"]
    }
    assert verdicts == {"a.txt": [False], "b.txt": [True]}


@pytest.mark.parametrize("old, new, says", [
    ("    before: problems", "    before: nosuch", "'nosuch' is not another section's id"),
    ("    names_school: false", "    names_school: maybe", "names_school"),
])
def test_the_document_keys_of_issue_10_are_validated(pack_copy, old, new, says):
    _edit(pack_copy / "pack.yaml", old, new)
    result = _validate(pack_copy)
    assert result.exit_code != 0 and says in result.output, result.output
