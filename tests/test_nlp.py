"""Segmentation keeps campaign terms whole without disturbing known words; sentences point at their text."""

import json
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from hidden import papercheck
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.judge.rulepack import load_pack
from pipeline.model import Block, BlockKind, Cell, Document, Location, Table
from pipeline.understand import nlp

VOCAB = ["三找", "找问题", "找差距", "一岗双责", "三联三进", "四优学校", "回头看", "整改台账", "查漏补缺", "领导小组"]


@pytest.mark.parametrize("term", VOCAB)
def test_vocabulary_terms_stay_whole(term):
    text = f"学校认真开展{term}工作，各处室要按要求完成。"
    assert term in nlp.cut(text, VOCAB)


def test_pack_vocabulary_stays_whole():
    vocab = nlp.pack_vocabulary(load_pack())
    for term in vocab or VOCAB:
        assert term in nlp.cut(f"根据要求，{term}情况如下", vocab or VOCAB)


def test_user_words_do_not_split_known_words():
    """Adding 回头看 etc. must not change how text without those terms is cut (e.g. 看问题, 三联单)."""
    from pipeline.understand.classify import GENERAL_TRAIN_DIR as TRAIN_DIR

    plain = ["个别教师看问题片面，回头再说。", "找问题的人很多", "三联单已经填好", "他回头一看，问题还在"]
    plain += (TRAIN_DIR / "none.txt").read_text(encoding="utf-8").splitlines()[1:300]
    checked = 0
    for text in plain:
        if any(term in text for term in VOCAB):
            continue
        assert nlp.cut(text, VOCAB) == nlp.cut(text), text
        checked += 1
    assert checked > 100


def test_rjieba_agrees_with_jieba_with_the_same_vocabulary():
    tok = jieba.Tokenizer()
    for term in VOCAB:
        nlp.add_term(tok, term)
    texts = ["学校开展三找活动，一岗双责落实不到位，回头看工作走过场。",
             "个别教师上班时间玩手机，作业批改不及时，整改台账记录不全。",
             "下一步将继续完善长效机制，推动三联三进活动深入开展。"]
    for text in texts:
        assert list(tok.cut(text, HMM=True)) == nlp.segmenter(VOCAB).cut(text, hmm=True)


def _doc(*blocks):
    return Document(path="x.docx", format="docx", sha256="0", blocks=tuple(blocks))


def test_sentence_offsets_point_at_the_text():
    para = Block(BlockKind.PARAGRAPH, "（一）作风方面：1.学习不深入；2.个别教师迟到早退。下一步将加强督查！",
                 Location(paragraph=0))
    table = Block(BlockKind.TABLE, "序号\t问题\t整改措施\n1\t作业批改不及时。教案后补。\t每月检查",
                  Location(paragraph=1, table=0),
                  table=Table(rows=((Cell("序号", 0, 0), Cell("问题", 0, 1), Cell("整改措施", 0, 2)),
                                    (Cell("1", 1, 0), Cell("作业批改不及时。教案后补。", 1, 1), Cell("每月检查", 1, 2)))))
    doc = _doc(para, table)
    sents = nlp.sentences(doc)
    for s in sents:
        assert doc.blocks[s.block].text[s.start:s.end] == s.text
    texts = [s.text for s in sents]
    assert "学习不深入；" in texts and "个别教师迟到早退。" in texts and "下一步将加强督查！" in texts
    assert not any(t.startswith(("1.", "2.", "（一）")) for t in texts)
    cell = next(s for s in sents if s.text == "教案后补。")
    assert (cell.location.table, cell.location.row, cell.location.cell) == (0, 1, 1)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("学校问题。；！？，：1.、（）一二 \n①教师")), max_size=60))
def test_spans_stay_inside_the_text(text):
    for start, end in nlp.sentence_spans(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]


def test_term_frequency_is_not_inflated():
    """A huge user frequency would cut 三找到了 as 三找/到/了; the suggested frequency keeps 找到."""
    assert nlp.cut("他们三找到了线索", VOCAB) == nlp.cut("他们三找到了线索")
    assert "三找" in nlp.cut("开展三找活动", VOCAB)


def test_a_lead_in_before_a_colon_is_its_own_sentence():
    """小碧中学: "意见主要集中在：部分教师工作作风不实…" lost its work-style problem to the lead-in."""
    from pipeline.understand.nlp import sentence_spans

    text = "经行政会梳理，意见主要集中在：部分教师工作作风不实，备课上课应付了事；个别教师迟到。"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "经行政会梳理，意见主要集中在：", "部分教师工作作风不实，备课上课应付了事；", "个别教师迟到。"]
    field = "组长：张三，副组长：李四。"
    assert [field[a:b] for a, b in sentence_spans(field)] == [field]


def _verdicts(report: Path) -> list[dict]:
    data = json.loads(report.read_text(encoding="utf-8"))
    for sub in data["submissions"]:
        sub.pop("elapsed", None)
    return data["submissions"]


def test_without_rjieba_jieba_gives_the_same_verdicts(tmp_path):
    """Where rjieba has no wheel the package installs jieba; a whole check must come out the same."""
    samples = Path(__file__).resolve().parents[1] / "samples"
    files = [samples / "南明区第一实验小学“三找”活动实施方案.docx", samples / "南明区尚义路小学“三找”活动自查报告.docx"]
    runs = {}
    for name, hide in (("rjieba", ()), ("jieba", ("rjieba",))):
        done = papercheck("check", *files, "--out", tmp_path / name, "--workers", "1", "--quiet", hide=hide)
        assert done.returncode == 0, done.stderr
        runs[name] = _verdicts(tmp_path / name / "report.json")
    assert runs["jieba"] == runs["rjieba"]
    assert sum(len(s["problems"]) for s in runs["jieba"]) > 3  # the segmenter mattered: problems were found


def test_jieba_segmenter_is_what_nlp_uses_without_rjieba():
    code = ("import sys; sys.modules['rjieba'] = None\n"
            "from pipeline.understand import nlp\n"
            f"print(type(nlp.segmenter()).__name__, '/'.join(nlp.cut('学校开展三找活动，回头看工作走过场。', {VOCAB!r})))")
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    name, words = done.stdout.split()
    assert name == "JiebaSegmenter"
    assert words.split("/") == nlp.cut("学校开展三找活动，回头看工作走过场。", VOCAB)
    assert done.stderr == ""  # jieba's own log lines are silenced
