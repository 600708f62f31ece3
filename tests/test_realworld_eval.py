"""The real-world harness (data/realworld/eval.py) scores a report against labels as its docstring says:
matching of problem sentences, school names, alternatives, flags that are gaps, and the figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_PY = ROOT / "data" / "realworld" / "eval.py"


def _load():
    spec = importlib.util.spec_from_file_location("realworld_eval", EVAL_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ev = _load()

LABEL = {
    "doc_type": "rectification",
    "doc_type_alt": "summary",
    "school": "南明区红枫中学",
    "status": "pass",
    "status_alt": None,
    "problems": [
        {"text": "个别教师上班时间在办公室玩手机", "category": "discipline"},
        {"text": "教研活动走过场，评课只讲优点", "category": "work_style"},
        {"text": "整改台账更新不及时，部分事项没有销号", "category": "implementation", "alt": "work_style"},
        {"text": "校门口接送秩序长期混乱", "category": "other"},
    ],
    "gaps": ["与区内名校相比，教育科研差距较大"],
    "goals": ["力争两年内创建市级文明校园"],
}


def _report(**over):
    sub = {
        "doc_type": "summary",
        "school": "红枫中学",
        "title": "红枫中学整改情况汇报",
        "status": "review",
        "review_reasons": ["问题类别置信度低"],
        "results": [],
        "problems": [
            # one flag holding two labelled problems (a paragraph not split): finds both
            {"text": "一是个别教师上班时间在办公室玩手机；二是教研活动走过场，评课只讲优点。", "category": "work_style",
             "confidence": 0.7},
            # OCR slips: two characters wrong, still found
            {"text": "整改台帐更新不及时，部分事项没有消号", "category": "work_style", "confidence": 0.5},
            # a labelled gap flagged as a problem: not a problem
            {"text": "与区内名校相比，教育科研差距较大。", "category": "other", "confidence": 0.4},
            # a fragment too short to find anything
            {"text": "秩序混乱", "category": "other", "confidence": 0.3},
        ],
    }
    sub.update(over)
    return sub


def test_matching_rule():
    assert ev.matches("个别教师玩手机", "学校发现个别教师玩手机现象")  # flag contains label
    assert ev.matches("个别教师上班时间在办公室玩手机、看视频", "个别教师上班时间在办公室玩手机")  # long part of it
    assert not ev.matches("校门口接送秩序长期混乱", "长期混乱")  # too short a part
    assert ev.matches("整改台账更新不及时，部分事项没有销号", "整改台帐更新不及时,部分事项没有消号")  # OCR slips
    assert not ev.matches("个别教师上班时间玩手机", "学校食堂饭菜质量不高")
    # punctuation and width do not matter
    assert ev.matches("问题：迟到早退（3人）", "问题:迟到早退(3人)。")


def test_school_names_ignore_the_district_only():
    assert ev.same_school("南明区红枫中学", "红枫中学")
    assert ev.same_school("红枫中学", "东岭区红枫中学")
    assert not ev.same_school("南明区红枫中学", "南明区")
    assert not ev.same_school("柳河镇中心小学", "中心小学")
    assert ev.same_school(None, None)
    assert not ev.same_school(None, "红枫中学")
    assert not ev.same_school("红枫中学", None)


def test_score_one_document():
    s = ev.score("rw900", LABEL, _report())
    assert s.doc_type_ok and not s.doc_type_strict  # the recorded alternative
    assert s.school_ok
    assert (s.problems, s.problems_found) == (4, 3)
    assert (s.flags, s.flags_not_problems) == (4, 2)  # the gap and the fragment
    # categories of found problems: discipline called work_style (wrong), work_style right, alt accepted
    assert (s.categorised, s.category_ok) == (3, 2)
    assert (s.discipline, s.discipline_ok) == (1, 0)
    assert not s.status_ok and s.labelled_pass and s.review_on_pass
    assert s.gaps_found is None and s.goals_found is None  # the report has no gaps/goals yet
    fields = [e.field for e in s.errors]
    assert fields.count("problem missed") == 1 and "status" in fields
    assert any(e.field == "flag not a problem" and e.label == "a labelled gap" for e in s.errors)


def test_gaps_and_goals_recall_once_reported():
    s = ev.score("rw900", LABEL, _report(gaps=[{"text": "与区内名校相比，教育科研差距较大"}], goals=[]))
    assert (s.gaps_found, s.goals_found) == (1, 0)
    table = ev.by_type([s])
    assert table["all"]["gaps_recall"]["value"] == 1.0
    assert table["all"]["goals_recall"]["value"] == 0.0


def test_figures_per_type_and_overall():
    good = ev.score("rw901", {**LABEL, "doc_type": "summary", "status": "fail"},
                    _report(status="fail", problems=[{"text": p["text"], "category": p["category"],
                                                      "confidence": 0.9} for p in LABEL["problems"]]))
    bad = ev.score("rw900", LABEL, _report())
    table = ev.by_type([bad, good])
    assert set(table) == {"summary", "rectification", "all"}
    assert table["all"]["documents"] == 2
    assert table["all"]["problem_recall"] == {"value": 0.875, "n": 7, "of": 8}
    assert table["all"]["flags_not_problems"] == {"value": 0.25, "n": 2, "of": 8}
    assert table["all"]["status"]["value"] == 0.5
    assert table["all"]["review_on_pass"] == {"value": 1.0, "n": 1, "of": 1}  # only rw900 is labelled pass
    assert table["summary"]["review_on_pass"]["value"] is None
    assert table["all"]["gaps_recall"]["value"] == "n/a"
    text = ev.render(table)
    assert "problem recall" in text and "≥0.90" in text and "≤0.05" in text and "n/a" in text


def test_a_missing_submission_disagrees_everywhere():
    s = ev.score("rw902", LABEL, {"status": "missing", "doc_type": None, "school": None, "problems": []})
    assert not (s.doc_type_ok or s.school_ok or s.status_ok)
    assert s.problems_found == 0


@pytest.mark.parametrize("name", ["rw001", "rw101"])
def test_pairing_is_by_file_name(name):
    src = SimpleNamespace(id=name, label=LABEL, meta={"filename": f"{name}的文件.docx"})
    report = {"submissions": [{"path": f"/x/build/{name}的文件.docx", "status": "pass"},
                              {"path": "/x/build/别的文件.docx", "status": "fail"}]}
    [(doc_id, label, sub)] = ev.pair([src], report)
    assert doc_id == name and label is LABEL and sub is not None and sub["status"] == "pass"
