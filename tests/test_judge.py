import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import build, from_text

from pipeline.errors import EmptyFile
from pipeline.judge.verdict import judge, rejudge, with_verdict
from pipeline.model import CopyFinding, Problem, Result

PLAN = (
    "阳光小学“三找”活动实施方案\n一、指导思想\n结合我校实际开展活动。\n二、组织领导\n组长：张明\n三、活动重点\n抓学习。\n"
    "四、方法步骤\n（一）学习讨论阶段（2013年7月—8月）\n（二）整改落实阶段（2013年9月—10月）\n"
    "（三）巩固深化阶段（2013年11月—12月）\n（四）深入落实长效机制阶段（2014年1月—3月）\n"
    "（五）回头看、查漏补缺阶段（2014年4月—7月）\n五、工作要求\n务求实效。\n阳光小学\n2013年8月29日\n"
)


def _failing(sub):
    return sorted(r.rule.split(".", 1)[1] for r in sub.results if not r.passed)


def test_a_compliant_plan_passes(pack):
    sub = judge(from_text(PLAN), pack)
    assert (sub.doc_type, sub.school, sub.date, sub.issuer, sub.status) == ("plan", "阳光小学", "2013-08-29", "阳光小学", "pass")
    assert _failing(sub) == []
    assert [s.id for s in sub.sections if s.found] == ["general", "organisation", "focus", "steps", "requirements"]
    assert [(s.id, s.start, s.end) for s in sub.stages][-1] == ("look_back", "2014-04", "2014-07")


def test_an_error_fails_and_a_warning_does_not(pack):
    no_leader = judge(from_text(PLAN.replace("组长：张明", "各年级组长负责")), pack)
    assert no_leader.status == "fail" and _failing(no_leader) == ["plan-leader"]
    no_requirements = judge(from_text(PLAN.replace("五、工作要求\n务求实效。\n", "")), pack)
    assert no_requirements.status == "pass" and _failing(no_requirements) == ["plan-requirements"]


@pytest.mark.parametrize("change, reason", [
    ({"ocr": True}, "文字来自OCR识别"),
    ({"notes": ("第3页文字无法识别",)}, "第3页文字无法识别"),
])
def test_review_when_the_text_is_unsure(pack, change, reason):
    doc = replace(from_text(PLAN), **change)
    sub = judge(doc, pack)
    assert sub.status == "review" and reason in sub.review_reasons


def test_ocr_is_given_once_as_the_reason_for_review(pack):
    """The 说明 of a photo read 文字来自OCR识别；图片文件，文字经 OCR 识别，请人工核对: the same thing twice."""
    note = "图片文件，文字经 OCR 识别，请人工核对"
    sub = judge(replace(from_text(PLAN), ocr=True, notes=(note,)), pack)
    assert sub.status == "review" and sub.review_reasons == (note,)


def test_an_unsure_problem_that_decides_nothing_is_flagged_on_its_row(pack):
    """One low-confidence sentence sent a whole plan to 需复核: it changes no verdict, so only its row says so."""
    sub = judge(from_text(PLAN), pack, problems=[Problem("校舍老化", "other", 0.4, needs_review=True)])
    assert sub.status == "pass" and sub.review_reasons == ()
    assert sub.problems[0].needs_review


SUMMARY = ("阳光小学“三找”活动自查报告\n一、基本情况\n开展了学习讨论。\n二、存在问题\n{problems}\n"
           "三、整改措施\n加强管理。\n阳光小学\n2013年10月8日\n")
SURE = [Problem("少数教师服务意识不强", "work_style", 0.9), Problem("整改推进缓慢", "implementation", 0.9)]


def _summary(pack, problems):
    return judge(from_text(SUMMARY.format(problems="。".join(p.text for p in problems))), pack, problems=problems)


def test_review_when_a_category_is_covered_only_by_an_unsure_problem(pack):
    sub = _summary(pack, [*SURE, Problem("个别教师迟到", "discipline", 0.45, needs_review=True)])
    assert sub.status == "review"
    assert any("问题分类把握不大" in r for r in sub.review_reasons)
    rule = next(r for r in sub.results if r.rule.endswith("summary-categories"))
    assert rule.passed and rule.uncertain


def test_pass_when_unsure_problems_change_no_rule(pack):
    sub = _summary(pack, [*SURE, Problem("个别教师上班玩手机", "discipline", 0.95),
                          Problem("个别教师迟到", "discipline", 0.45, needs_review=True),
                          Problem("运动场地狭小", "other", 0.99, needs_review=True)])
    assert sub.status == "pass" and sub.review_reasons == ()
    assert [p.text for p in sub.problems if p.needs_review] == ["个别教师迟到", "运动场地狭小"]


def test_a_missing_category_fails_when_every_problem_is_sure(pack):
    sub = _summary(pack, SURE)
    assert sub.status == "fail" and "summary-categories" in _failing(sub)


def test_a_missing_category_goes_to_review_when_an_unsure_problem_could_fill_it(pack):
    sub = _summary(pack, [*SURE, Problem("部分教师意识淡薄", "work_style", 0.4, needs_review=True)])
    assert sub.status == "review" and "summary-categories" in _failing(sub)


def test_one_unsure_problem_cannot_fill_two_missing_categories(pack):
    sub = _summary(pack, [Problem("整改推进缓慢", "implementation", 0.9),
                          Problem("校舍老化漏雨严重", "other", 0.4, needs_review=True)])
    assert sub.status == "fail" and "summary-categories" in _failing(sub)


def test_a_sure_failure_outweighs_an_unsure_one(pack):
    problems = [*SURE, Problem("部分教师意识淡薄", "work_style", 0.4, needs_review=True)]
    text = SUMMARY.format(problems="。".join(p.text for p in problems)).replace("三、整改措施\n加强管理。\n", "")
    sub = judge(from_text(text), pack, problems=problems)
    assert sub.status == "fail" and "summary-measures" in _failing(sub)


def test_a_plans_focus_items_are_not_listed_as_problems_found(pack):
    """问题清单 listed a plan's 重点查找…等问题 (what it will look for) as problems the school found."""
    focus = "重点查找少数教师上班时间玩手机、迟到早退，部分制度执行不到位等问题。"
    plan = judge(from_text(PLAN.replace("抓学习。", focus)), pack)
    assert plan.doc_type == "plan" and plan.problems == ()
    summary = judge(from_text("阳光小学“三找”活动自查报告\n一、存在问题\n" + focus.replace("重点查找", "")
                              .replace("等问题", "") + "\n阳光小学\n2013年10月8日\n"), pack)
    assert summary.doc_type == "summary" and summary.problems  # the same words found in a report are problems


def test_the_sign_off_line_is_not_a_problem(pack):
    """问题清单 listed the 落款 南明区红岩幼儿园 as a 纪律 problem: the sign-off is a name, not a shortcoming."""
    text = ("南明区红岩幼儿园“三找”活动阶段总结\n一、问题与不足\n个别教师在教师节期间收受家长礼品。\n"
            "南明区红岩幼儿园\n2013年10月28日\n")
    sub = judge(from_text(text), pack)
    assert sub.issuer == "南明区红岩幼儿园"
    assert [p.text for p in sub.problems] == ["个别教师在教师节期间收受家长礼品。"]


def test_an_other_problem_is_not_called_low_confidence(pack):
    """A sure 其他 problem (运动场地狭小, 0.99) is flagged on its row and decides no rule."""
    other = judge(from_text(PLAN), pack, problems=[Problem("运动场地狭小", "other", 0.99, needs_review=True)])
    assert other.status == "pass" and other.problems[0].needs_review


def test_fail_wins_over_review(pack):
    sub = judge(from_text(PLAN.replace("组长：张明", "") + "\n"), pack)
    assert sub.status == "fail"


def test_failed_checks_on_ocr_text_go_to_a_person(pack):
    sub = judge(replace(from_text(PLAN.replace("组长：张明", "")), ocr=True), pack)
    assert sub.status == "review"
    assert any("OCR" in r and "人工确认" in r for r in sub.review_reasons)
    assert "plan-leader" in _failing(sub)


def test_the_notice_gets_only_every_type_rules(pack):
    doc = from_text(
        "关于开展“找问题、找差距、找目标”活动的通知\n各中小学、幼儿园：\n一、总体要求\n正文。\n二、组织领导\n正文。\n"
        "四、方法步骤\n正文。\n南明区教育局\n2013年8月22日"
    )
    sub = judge(doc, pack)
    assert sub.doc_type == "notice" and sub.status == "pass"
    assert {r.rule.split(".", 1)[1] for r in sub.results} == {
        "meta-school", "meta-date", "meta-issuer", "heading-sequence", "peer-copy"}
    assert _failing(sub) == ["heading-sequence", "meta-school"]


def test_other_documents_go_to_review(pack):
    sub = judge(from_text("阳光小学运动会竞赛规程\n一、比赛时间\n10月24日。\n阳光小学体育组\n2013年10月8日"), pack)
    assert sub.doc_type == "other" and sub.status == "review"
    assert all(r.rule.split(".", 1)[1].startswith(("meta-", "heading-", "peer-")) for r in sub.results)


def test_rejudge_applies_peer_copy_to_a_finished_submission(pack):
    sub = judge(from_text(PLAN), pack)
    peered = replace(sub, copy=CopyFinding(peer_similarity=0.95, peer_school="城关一小", peer_path="x.docx"))
    again = rejudge(peered, pack)
    [peer] = [r for r in again.results if r.rule == "sanzhao-2013.peer-copy"]
    assert not peer.passed and "城关一小" in peer.message
    assert again.status == "pass" and len(again.results) == len(sub.results)


def test_with_verdict_counts_only_failing_errors(pack):
    sub = judge(from_text(PLAN), pack)
    failing_error = Result("x.y", "error", False, "m")
    assert with_verdict(replace(sub, results=sub.results + (failing_error,)), pack).status == "fail"
    failing_warning = Result("x.y", "warning", False, "m")
    assert with_verdict(replace(sub, results=sub.results + (failing_warning,)), pack).status == "pass"


def test_json_contract(pack):
    doc = build("阳光小学“三找”活动实施方案", "一、指导思想", "正文。", "阳光小学", "2013年8月29日")
    data = json.loads(json.dumps(judge(doc, pack).to_dict(), ensure_ascii=False))
    assert {"path", "sha256", "doc_type", "school", "date", "status", "sections", "stages", "results", "problems",
            "copy", "errors"} <= set(data)
    assert set(data["sections"][0]) >= {"id", "title", "found", "location"}
    assert set(data["stages"][0]) >= {"id", "found", "start", "end"}
    result = next(r for r in data["results"] if r["rule"] == "sanzhao-2013.plan-general")
    assert set(result) >= {"rule", "severity", "passed", "message", "evidence", "location"}
    assert result["location"]["text"] == "一、指导思想 第2段"


# --- the samples (samples/ and samples/expected.yaml, once merged) -------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = SAMPLES / "expected.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("PAPERCHECK_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def judged(pack):
    """Every sample judged, with its intended verdict. A missing expected.yaml fails: a skip would let a
    broken verdict ship green."""
    from pipeline.run import batch

    if not EXPECTED.is_file():
        pytest.fail(f"{EXPECTED} is missing: the sample verdicts cannot be checked (python samples/make_samples.py)")
    subs = batch.run([SAMPLES], pack)
    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["files"]
    out = {}
    for sub in subs:
        key = Path(sub.path).relative_to(SAMPLES).as_posix() if sub.path.startswith(str(SAMPLES)) else sub.path
        key = key.replace(".zip/", ".zip!/")
        if key in expected:
            out[key] = (sub, expected[key])
    unjudged = sorted(set(expected) - set(out))
    assert not unjudged, f"samples in expected.yaml that were not judged: {unjudged}"
    return out


def test_every_rule_fires_on_some_sample(pack, judged):
    fired = {r.rule for sub, _ in judged.values() for r in sub.results if not r.passed}
    silent = sorted(r.id for r in pack.rules if r.id not in fired)
    assert not silent, f"rules that fail on no sample: {silent}"


def test_every_sample_gets_its_intended_verdict(judged):
    wrong = []
    for key, (sub, want) in judged.items():
        failing = sorted({r.rule.split(".", 1)[1] for r in sub.results if not r.passed})
        intended = sorted((want.get("errors") or []) + (want.get("warnings") or []))
        statuses = [want["status"], *(want.get("also_ok") or [])]
        # OCR text garbles seals and sign-offs: for a review sample only the status is compared
        exact = want["status"] not in ("error", "review")
        if sub.status not in statuses or (exact and failing != intended):
            wrong.append(f"{key}: {sub.status} {failing}, intended {want['status']} {intended}")
    assert not wrong, "\n".join(wrong)


def _golden_view(sub) -> dict:
    data = sub.to_dict()
    data.pop("elapsed", None)
    # paths (the submission's, a peer's, evidence naming a peer) relative to samples/, so a clone anywhere matches
    return json.loads(json.dumps(data, ensure_ascii=False).replace(str(SAMPLES) + "/", ""))


def _golden_text(view: dict) -> str:
    return json.dumps(view, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def compare_golden(views: dict[str, dict], golden: Path, regen: bool) -> list[str]:
    """What differs between the judged samples and the golden files, each as a unified diff a reviewer reads.

    A missing golden file and a golden file with no sample are differences too. With ``regen`` the files
    are rewritten and the same diff is returned, so a regeneration is seen before it is committed.
    """
    import difflib

    problems = []
    names = {key: key.replace("/", "__").replace("!", "") + ".json" for key in views}
    for key, view in sorted(views.items()):
        path = golden / names[key]
        new = _golden_text(view)
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old == new:
            continue
        if old is None:
            problems.append(f"{path.name}: no golden file for {key}")
        else:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), f"golden/{path.name}", f"judged {key}",
                                        n=2, lineterm="")
            problems.append("\n".join(diff))
        if regen:
            golden.mkdir(exist_ok=True)
            path.write_text(new, encoding="utf-8")
    stale = sorted(p.name for p in golden.glob("*.json") if p.name not in names.values())
    problems += [f"{name}: golden file for no sample" for name in stale]
    if regen:
        for name in stale:
            (golden / name).unlink()
    return problems


def test_golden_json(judged):
    problems = compare_golden({key: _golden_view(sub) for key, (sub, _) in judged.items()}, GOLDEN, REGEN)
    if REGEN:
        assert not problems, "golden files rewritten; review this diff, commit it, and rerun without " \
                             "PAPERCHECK_REGEN_GOLDEN:\n" + "\n".join(problems)
    assert not problems, "judged samples differ from tests/golden (PAPERCHECK_REGEN_GOLDEN=1 rewrites them " \
                         "and shows this diff):\n" + "\n".join(problems)


def test_a_missing_or_changed_golden_file_fails_with_its_diff(tmp_path):
    """The golden comparison never passes over a missing file, and shows what changed, line by line."""
    views = {"学校/方案.docx": {"status": "pass", "school": "阳光小学"}, "台账.pdf": {"status": "fail"}}
    assert compare_golden(views, tmp_path, regen=True) == [
        "台账.pdf.json: no golden file for 台账.pdf", "学校__方案.docx.json: no golden file for 学校/方案.docx"]
    assert compare_golden(views, tmp_path, regen=False) == []
    changed = {**views, "台账.pdf": {"status": "review"}}
    [diff] = compare_golden(changed, tmp_path, regen=False)
    lines = diff.splitlines()
    assert lines[:2] == ["--- golden/台账.pdf.json", "+++ judged 台账.pdf"]
    assert '- "status": "fail"' in lines and '+ "status": "review"' in lines
    (tmp_path / "台账.pdf.json").unlink()
    assert compare_golden(views, tmp_path, regen=False) == ["台账.pdf.json: no golden file for 台账.pdf"]
    (tmp_path / "旧.docx.json").write_text("{}", encoding="utf-8")
    assert "旧.docx.json: golden file for no sample" in compare_golden(views, tmp_path, regen=False)


def test_golden_regeneration_is_off():
    assert not REGEN, "PAPERCHECK_REGEN_GOLDEN=1 rewrites golden files; unset it for a real test run"


from hypothesis import given, settings
from hypothesis import strategies as st

_LINE = st.text(alphabet="一二三、（）()1.①组长：张三年月日至—问题整改已措施责任人时限方案总结通知第阶段部分 \t", max_size=25)


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12))
def test_any_text_gets_a_verdict(pack, lines):
    try:
        doc = from_text("\n".join(lines) or "x")
    except EmptyFile:  # whitespace only: the reader's typed error, tested in the ingest tests
        return
    if not doc.blocks:
        return
    sub = judge(doc, pack)
    # the verdict follows from the results (DOMAIN.md): fail exactly when an error-severity rule failed
    # (typed text, no OCR); otherwise review exactly when there is a reason to show the reviewer
    failed_error = any(not r.passed and r.severity == "error" for r in sub.results)
    assert (sub.status == "fail") is failed_error
    assert sub.status == "fail" or sub.status == ("review" if sub.review_reasons else "pass")
    assert sub.results and all(r.rule.split(".", 1)[0] in ("sanzhao-2013", "base") for r in sub.results)
    for r in sub.results:
        assert r.location is None or r.location.paragraph is None or r.location.paragraph < len(doc.blocks)


def test_the_roster_of_the_samples_gives_the_intended_school_progress(pack, judged):
    """学校进度 with samples/学校名单.csv: the fixed plan of the second round counts, not the first."""
    from datetime import date

    from pipeline.office.progress import progress
    from pipeline.office.roster import read

    manifest = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    roster = read(SAMPLES / manifest["roster"])
    view = progress([sub for sub, _ in judged.values()], roster, pack, today=date(2026, 1, 1))
    got = {s.name: {o.doc_type: o.status for o in s.documents} for s in view.schools}
    assert got == manifest["schools"]
    jiaxiu = next(s for s in view.schools if s.name == "南明区甲秀小学").owed("plan")
    assert len(jiaxiu.versions) == 2 and "第二轮" in jiaxiu.latest.path
    assert [s.school for s in view.unlisted] == ["南明区第二实验中学"]


def test_check_source_turns_an_unreadable_file_into_its_error_row_and_judges_the_rest(pack, tmp_path):
    """A file that cannot be read is a row of its own (无法读取, the reason in words), typed as the pack's
    fallback; a readable one is judged. Neither stops the batch."""
    import hashlib

    from pipeline.ingest import Source
    from pipeline.judge.verdict import check_source

    broken = tmp_path / "方案.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 20)
    sub = check_source(Source(path="阳光小学/方案.pdf", file=broken), pack)
    assert (sub.path, sub.status, sub.doc_type, sub.sha256) == ("阳光小学/方案.pdf", "error", pack.fallback_type, "")
    [error] = sub.errors
    assert error.kind == "corrupt" and error.message.startswith("文件已损坏") and sub.results == ()
    assert sub.elapsed >= 0
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    ok = check_source(Source(path="阳光小学/plan.txt", file=plan), pack)
    assert (ok.path, ok.status, ok.doc_type, ok.errors) == ("阳光小学/plan.txt", "pass", "plan", ())
    assert ok.elapsed >= 0 and ok.sha256 == hashlib.sha256(PLAN.encode()).hexdigest()
