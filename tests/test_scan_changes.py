"""The nightly scan's change detection, in process: what is judged again, what keeps its result, what leaves
the report. (tests/test_scan.py runs the scan through the CLI, with crashes, locks and hangs.)"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.judge.rulepack import load_pack
from pipeline.run.scan import scan

PACK = load_pack()
PLAN = "{school}“三找”活动实施方案\n一、组织领导\n组长：张明（校长）\n"


def _scan(tmp: Path):
    return scan([tmp / "in"], PACK, tmp / "state.db", tmp / "out", workers=1)


def _report(tmp: Path) -> dict[str, dict]:
    data = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return {Path(s["path"]).name: s for s in data["submissions"]}


def _leader(sub: dict) -> list[bool]:
    return [r["passed"] for r in sub["results"] if r["rule"] == "sanzhao-2013.plan-leader"]


def _counts(summary) -> tuple[int, ...]:
    return (summary.seen, summary.new, summary.changed, summary.renamed, summary.deleted, summary.unchanged,
            summary.judged)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    for i, school in enumerate(["第一中学", "第二中学", "第三中学", "第四中学", "第五中学"]):
        (tmp_path / "in" / f"s{i}.txt").write_text(PLAN.format(school=school), encoding="utf-8")
    first = _scan(tmp_path)
    assert _counts(first) == (5, 5, 0, 0, 0, 0, 5)
    return tmp_path


def _later(path: Path, seconds: int = 5) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 10**9))


def test_a_same_size_edit_with_a_new_mtime_is_judged_again(folder):
    """组长 → 各组 keeps the file's size; only its modification time says it changed. The nightly scan must
    judge it again, so the plan's 合格 on its leader does not stay in the report after the 组长 is gone."""
    plan = folder / "in" / "s0.txt"
    assert _leader(_report(folder)["s0.txt"]) == [True]
    size = plan.stat().st_size
    plan.write_text(plan.read_text(encoding="utf-8").replace("组长", "各组"), encoding="utf-8")
    _later(plan)
    assert plan.stat().st_size == size
    assert _counts(_scan(folder)) == (5, 0, 1, 0, 0, 4, 1)
    assert _leader(_report(folder)["s0.txt"]) == [False]


def test_each_kind_of_change_is_counted_and_only_new_content_is_judged(folder):
    inbox = folder / "in"
    (inbox / "s1.txt").write_text(PLAN.format(school="第二中学").replace("组长", "副组长"), encoding="utf-8")
    (inbox / "s2.txt").unlink()
    (inbox / "s3.txt").rename(inbox / "第四中学方案.txt")
    _later(inbox / "s4.txt")  # touched: same content, new mtime
    second = _scan(folder)
    assert _counts(second) == (4, 0, 1, 1, 1, 2, 1)
    report = _report(folder)
    assert sorted(report) == ["s0.txt", "s1.txt", "s4.txt", "第四中学方案.txt"]  # the deleted file's row is gone
    assert report["第四中学方案.txt"]["school"] == "第四中学"  # the renamed file keeps its verdict under its new name
    assert report["第四中学方案.txt"]["path"].endswith("第四中学方案.txt")
    third = _scan(folder)
    assert _counts(third) == (4, 0, 0, 0, 0, 4, 0) and third.reports_current


def test_a_copy_reuses_the_result_and_both_rows_are_reported(folder):
    shutil.copy(folder / "in" / "s0.txt", folder / "in" / "copy.txt")
    again = _scan(folder)
    assert _counts(again) == (6, 0, 0, 1, 0, 5, 0)
    report = _report(folder)
    assert report["copy.txt"]["school"] == report["s0.txt"]["school"] == "第一中学"
    assert report["copy.txt"]["status"] == report["s0.txt"]["status"]


def test_a_file_put_back_as_it_was_is_not_judged_again(folder):
    plan = folder / "in" / "s0.txt"
    old = plan.read_text(encoding="utf-8")
    plan.write_text(old + "二、工作要求\n务求实效。\n", encoding="utf-8")
    assert _scan(folder).judged == 1
    plan.write_text(old, encoding="utf-8")
    _later(plan, 10)
    back = _scan(folder)
    assert (back.changed, back.judged) == (1, 0)  # its content was judged before: the result is reused
    assert _leader(_report(folder)["s0.txt"]) == [True]


def test_an_emptied_folder_deletes_nothing_and_keeps_the_reports(folder):
    for p in (folder / "in").iterdir():  # what an unmounted share looks like
        p.unlink()
    empty = _scan(folder)
    assert (empty.seen, empty.deleted) == (0, 0) and empty.reports_current
    assert any("没有挂载" in w for w in empty.warnings)
    assert len(_report(folder)) == 5
