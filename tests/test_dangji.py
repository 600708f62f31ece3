"""The second shipped pack, dangji-2024 (a school's 党纪学习教育 of 2024): its samples get their intended
verdicts through the same CLI and reports as the 三找 pack, with its own categories, document types,
ledger words and report title — `--pack dangji-2024` is all a user types."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from pipeline.judge.rulepack import RULES_DIR, load_pack

PACK = RULES_DIR / "dangji-2024"
SAMPLES = PACK / "samples"
EXPECTED = yaml.safe_load((SAMPLES / "expected.yaml").read_text(encoding="utf-8"))["files"]
DISCIPLINES = ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("dangji")
    result = CliRunner().invoke(main, ["check", str(SAMPLES), "--pack", "dangji-2024", "--out", str(out / "reports"),
                                       "--json", str(out / "r.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads((out / "r.json").read_text(encoding="utf-8")), out / "reports"


def test_samples_and_manifest_agree():
    on_disk = {p.name for p in SAMPLES.glob("*.docx")}
    assert on_disk == set(EXPECTED) and len(on_disk) >= 6
    assert {e["doc_type"] for e in EXPECTED.values()} >= {"plan", "rectification", "summary", "notice"}
    stems = {p.stem for p in PACK.glob("*.yaml")} | {p.stem for p in (RULES_DIR / "base").glob("*.yaml")}
    for name, e in EXPECTED.items():
        assert set(e["errors"]) | set(e["warnings"]) <= stems - {"pack"}, name
        assert (e["status"] == "fail") == bool(e["errors"]), name


def test_every_sample_gets_its_intended_verdict(checked):
    report, _ = checked
    assert report["pack"]["name"] == "dangji-2024"
    wrong = []
    for sub in report["submissions"]:
        want = EXPECTED[Path(sub["path"]).name]
        failing = sorted({r["rule"].split(".", 1)[1] for r in sub["results"] if not r["passed"]})
        intended = sorted(want["errors"] + want["warnings"])
        if (sub["status"] not in [want["status"], *(want.get("also_ok") or [])] or failing != intended
                or sub["doc_type"] != want["doc_type"] or sub["school"] != want["school"] or sub["date"] != want["date"]):
            wrong.append(f"{Path(sub['path']).name}: {sub['doc_type']} {sub['school']} {sub['date']} {sub['status']} "
                         f"{failing}, intended {want['doc_type']} {want['school']} {want['date']} {want['status']} {intended}")
    assert not wrong, "\n".join(wrong)
    assert len(report["submissions"]) == len(EXPECTED)


def test_the_problem_sheet_shows_the_six_disciplines(checked):
    _, reports = checked
    wb = openpyxl.load_workbook(reports / "report.xlsx")
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    names = {row[header.index("类别")] for row in ws.iter_rows(min_row=2, values_only=True) if row[0] is not None}
    assert set(DISCIPLINES) <= names, names
    assert not names & {"作风", "纪律", "落实"}
    summary = wb["汇总"]
    cells = {str(c.value) for row in summary.iter_rows() for c in row if c.value is not None}
    assert "党纪学习教育材料检查报告" in " ".join(cells)  # the pack's report title
    assert {"检视问题清单", "总结报告", "实施方案"} <= cells  # the pack's document-type names
    assert not {"作风", "落实"} & {str(c.value) for c in summary[2] if c.value}
    html = (reports / "report" / "index.html").read_text(encoding="utf-8")
    assert "党纪学习教育材料检查报告" in html and "三找" not in html


def test_a_ledger_in_the_campaigns_own_words_is_read(checked):
    """所属纪律 / 检视问题 / 整改责任人 / 牵头人 / 时间节点 are ledger columns (base words plus the pack's key+)."""
    report, _ = checked
    subs = {Path(s["path"]).name: s for s in report["submissions"]}
    liuhe = subs["临江区柳河小学党纪学习教育问题清单及整改台账.docx"]
    (missing,) = [r for r in liuhe["results"] if r["rule"].endswith("ledger-owner-deadline") and not r["passed"]]
    assert "有偿补课" in missing["evidence"]  # only the row without a 牵头人
    late = [r["evidence"] for r in liuhe["results"] if r["rule"].endswith("ledger-deadline-window") and not r["passed"]]
    assert sorted(e.split("：")[-1] for e in late) == ["2024年9月", "长期坚持"]
    wutong = subs["临江区梧桐小学党支部党纪学习教育检视问题清单.docx"]
    covered = next(r for r in wutong["results"] if r["rule"].endswith("ledger-disciplines"))
    assert covered["passed"] and all(name in covered["evidence"] for name in DISCIPLINES)


def test_the_pack_knows_its_campaign():
    pack = load_pack("dangji-2024")
    assert pack.lineage[0].name == "base" and pack.rule("meta-school").id == "dangji-2024.meta-school"
    assert [pack.category_name(c) for c in pack.category_ids if c != pack.outside_category] == DISCIPLINES
    assert pack.section_with_role("stages") == "schedule" and pack.doc_type_name("rectification") == "检视问题清单"
    assert "所属纪律" in pack.ledger_columns["category"] and "类别" in pack.ledger_columns["category"]


def test_the_categoriser_on_sentences_it_never_saw():
    """rules/dangji-2024/dev.tsv was written after training and is not in train/: a floor, so a retrain
    that breaks the categoriser (or the detector, for this pack's sentences) is caught."""
    from pipeline.understand.classify import problem_model
    from pipeline.understand.evaluation import UNCATEGORISED, macro_labels, read_rows, scores

    pack = load_pack("dangji-2024")
    rows = read_rows(PACK / "dev.tsv")
    pred = [label or UNCATEGORISED for label, _ in problem_model(pack).decide([r.text for r in rows])]
    got = scores([r.label for r in rows], pred, macro_labels(pack))
    assert len(rows) == 70 and got["macro_f1"] >= 0.8 and got["detection_f1"] >= 0.9, got


def test_scan_and_history_work_on_the_pack_unchanged(checked, tmp_path):
    report, _ = checked
    runner = CliRunner()
    args = ["scan", str(SAMPLES), "--pack", "dangji-2024", "--state", str(tmp_path / "s.db"), "--out", str(tmp_path / "out"),
            "--quiet"]
    assert runner.invoke(main, args).exit_code == 0
    scanned = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert scanned["pack"]["name"] == "dangji-2024"
    by_check = {Path(s["path"]).name: (s["doc_type"], s["status"]) for s in report["submissions"]}
    assert {Path(s["path"]).name: (s["doc_type"], s["status"]) for s in scanned["submissions"]} == by_check
    history = runner.invoke(main, ["history", "临江区柳河小学", "--state", str(tmp_path / "s.db")])
    assert history.exit_code == 0 and "检视问题清单" in history.output and "dangji-2024" in history.output


def test_classify_answers_with_the_packs_categories():
    texts = ["教师节收受家长赠送的购物卡", "集中学习时个别党员玩手机", "支部三会一课记录不全", "学校召开党纪学习教育动员大会"]
    result = CliRunner().invoke(main, ["classify", "-", "--pack", "dangji-2024"], input="\n".join(texts) + "\n")
    assert result.exit_code == 0, result.output
    labels = [line.split("\t")[1] for line in result.output.strip().split("\n")[1:]]
    assert labels == ["integrity", "work", "organisational", "none"]
