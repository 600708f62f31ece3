"""Copy detection with planted copies (issue 7)."""

from pathlib import Path

import pytest

from pipeline.judge.rulepack import load_pack
from pipeline.model import Block, BlockKind, Document, Location, Submission
from pipeline.run.batch import finish
from pipeline.understand import similarity

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def doc_from_text(text: str, path: str = "x.txt") -> Document:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    blocks = tuple(Block(BlockKind.PARAGRAPH, ln.strip(), Location(paragraph=i)) for i, ln in enumerate(lines))
    return Document(path=path, format="txt", sha256=path, blocks=blocks)


def submission(text: str, path: str, school: str, doc_type: str = "plan") -> Submission:
    doc = doc_from_text(text, path)
    return Submission(path=path, sha256=path, doc_type=doc_type, school=school, status="pass", document=doc)


def notice_text(pack) -> str:
    return (pack.root / "reference" / "notice.txt").read_text(encoding="utf-8")


def test_plan_that_is_mostly_the_notice_is_over_the_bound(pack):
    notice = notice_text(pack).splitlines()
    own = ["南明区青云路小学“三找”活动实施方案", "为落实区教育局通知精神，我校决定开展本次活动。", "南明区青云路小学", "2013年9月2日"]
    copied = own[:2] + notice[2:-2] + own[2:]
    finding = similarity.notice_copy(doc_from_text("\n".join(copied)), pack)
    assert finding.notice_ratio >= 0.9
    assert finding.passages, "copied passages are listed for the HTML report"
    assert all(p.location is not None for p in finding.passages)


def test_honest_plans_quoting_the_stage_list_are_not_copies(pack):
    a = submission((FIXTURES / "plan_a.txt").read_text(encoding="utf-8"), "a.docx", "南明区甲秀小学")
    b = submission((FIXTURES / "plan_b.txt").read_text(encoding="utf-8"), "b.docx", "南明区花溪路幼儿园")
    for sub in (a, b):
        assert similarity.notice_copy(sub.document, pack).notice_ratio < 0.5
    out = finish([a, b], pack)
    for sub in out:
        assert all(r.passed for r in sub.results if r.rule.endswith("peer-copy"))
        assert sub.copy.peer_similarity is None or sub.copy.peer_similarity < 0.8


def test_plans_differing_only_by_school_name_warn_both_sides(pack):
    text = (FIXTURES / "plan_a.txt").read_text(encoding="utf-8")
    a = submission(text, "a.docx", "南明区甲秀小学")
    b = submission(text.replace("南明区甲秀小学", "南明区油榨街小学").replace("2013年8月29日", "2013年9月3日"),
                   "b.docx", "南明区油榨街小学")
    honest = submission((FIXTURES / "plan_b.txt").read_text(encoding="utf-8"), "c.docx", "南明区花溪路幼儿园")
    out = finish([a, b, honest], pack)  # apply_peers fills copy, then the pack's peer-copy rule judges it
    assert out[0].copy.peer_path == "b.docx" and out[1].copy.peer_path == "a.docx"
    assert out[0].copy.peer_similarity >= 0.95
    warnings = [r for r in out[0].results if r.rule == "sanzhao-2013.peer-copy" and not r.passed]
    assert len(warnings) == 1 and "南明区油榨街小学" in warnings[0].message and warnings[0].severity == "warning"
    assert any("南明区甲秀小学" in r.message for r in out[1].results if r.rule.endswith("peer-copy"))
    assert all(r.passed for r in out[2].results if r.rule.endswith("peer-copy"))
    # applying twice (a nightly rescan) does not duplicate the warning
    again = finish(out, pack)
    assert len([r for r in again[0].results if r.rule.endswith("peer-copy")]) == 1


def test_copy_with_reordered_paragraphs_is_found(pack):
    text = (FIXTURES / "plan_b.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    body = lines[1:-2]
    reordered = [lines[0]] + body[len(body) // 2:] + body[: len(body) // 2] + lines[-2:]
    a = submission(text, "a.docx", "南明区花溪路幼儿园")
    b = submission("\n".join(reordered).replace("花溪路幼儿园", "市府路幼儿园"), "b.docx", "南明区市府路幼儿园")
    out = similarity.apply_peers([a, b], pack)
    assert out[1].copy.peer_path == "a.docx" and out[1].copy.peer_similarity >= 0.8


def test_a_peers_plan_with_the_name_swapped_and_some_sentences_edited_is_flagged(pack):
    """Issue 10: difflib ratio about 0.9 scored 0.6 (shingle Jaccard) against a bound of 0.8, so no warning."""
    import difflib

    text = (FIXTURES / "plan_b.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    edited = list(lines)
    for k in range(2, len(edited) - 2, 4):  # every fourth line rewritten in the copier's words
        edited[k] = f"结合我园保教实际，第{k}项工作由各班教师认真组织开展，做到有计划、有记录、有总结。"
    copy = "\n".join(edited).replace("花溪路幼儿园", "市府路幼儿园")
    assert 0.8 <= difflib.SequenceMatcher(None, text, copy, autojunk=False).ratio() <= 0.95
    a = submission(text, "a.docx", "南明区花溪路幼儿园")
    b = submission(copy, "b.docx", "南明区市府路幼儿园")
    out = finish([a, b], pack)
    assert out[1].copy.peer_path == "a.docx" and out[1].copy.peer_similarity >= pack.data["similarity"]["peer_bound"]
    assert [r.passed for r in out[1].results if r.rule.endswith("peer-copy")] == [False]


def test_coverage_counts_the_characters_of_shared_passages():
    a = "学校组织全体教职工认真学习中央八项规定精神" + "今天天气晴朗适合出门游玩踏青赏花"
    b = "学校组织全体教职工认真学习中央八项规定精神" + "完全不同的一段文字内容在这里出现了"
    share = similarity.coverage(similarity.shingle_sequence(a), similarity.shingle_hashes(b))
    assert share == pytest.approx(21 / len(a), abs=0.01)
    assert similarity.coverage(similarity.shingle_sequence(a), similarity.shingle_hashes(a)) == 1.0


def test_same_school_versions_and_other_types_are_not_peers(pack):
    text = (FIXTURES / "plan_a.txt").read_text(encoding="utf-8")
    v1 = submission(text, "v1.docx", "南明区甲秀小学")
    v2 = submission(text, "v2.docx", "南明区甲秀小学")
    summary = submission(text, "s.docx", "南明区油榨街小学", doc_type="summary")
    out = similarity.apply_peers([v1, v2, summary], pack)
    assert all(s.copy.peer_path is None for s in out)


def test_passages_point_at_the_original_text(pack):
    notice = notice_text(pack).splitlines()
    doc = doc_from_text("\n".join(["我校的方案", notice[4], "本校自己的安排"]))
    finding = similarity.notice_copy(doc, pack)
    assert finding.passages
    p = finding.passages[0]
    assert p.location.paragraph == 1 and p.text in doc.blocks[1].text and len(p.text) > 20


def test_normalise_drops_numbering_punctuation_and_spaces():
    assert similarity.normalise("（一）学习 讨论阶段，\n2．抓讨论。") == "学习讨论阶段抓讨论"


def test_reference_notice_is_the_notice_the_samples_quote(pack):
    """The pack's reference and the samples' notice are one text, or notice_ratio measures nothing."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("make_samples", Path(__file__).parent.parent / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    reference = notice_text(pack)
    for para in module.NOTICE_PARAS.values():
        assert para in reference
