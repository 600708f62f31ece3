"""The classifier: deterministic training, safe storage, CLI order, find_problems on a document."""

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from pipeline.judge.rulepack import load_pack
from pipeline.model import Block, BlockKind, Cell, Document, Location, Table
from pipeline.understand import classify
from pipeline.understand.problems import find_problems


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """A small subset of the training files (every 8th line of each), so the tests train fast."""
    missing = [lb for lb in classify.LABELS if not (classify.TRAIN_DIR / f"{lb}.txt").is_file()]
    if missing:
        pytest.skip(f"training files not in the repository yet: {missing}")
    folder = tmp_path_factory.mktemp("train")
    for label in classify.LABELS:
        src = classify.TRAIN_DIR / f"{label}.txt"
        if src.is_file():
            lines = [x for x in src.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
            (folder / f"{label}.txt").write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_model(small_data, tmp_path_factory):
    model = classify.train(small_data, vocabulary=["三找", "回头看"], calibrate=False)
    path = classify.save_model(model, tmp_path_factory.mktemp("m") / "m.npz")
    return model, path


def test_training_reproduces(small_data, small_model):
    first, _ = small_model
    again = classify.train(small_data, vocabulary=["三找", "回头看"], calibrate=False)
    assert first.meta["model_version"] == again.meta["model_version"]
    assert first.char_terms == again.char_terms and first.word_terms == again.word_terms
    for (c1, w1, b1), (c2, w2, b2) in zip(first.layers, again.layers):
        assert c1 == c2 and np.array_equal(w1, w2) and np.array_equal(b1, b2)
    texts = ["个别教师上班时间玩手机。", "学校召开了动员大会。"]
    assert first.predict(texts) == again.predict(texts)


def test_model_version_follows_the_data(small_data):
    X, y = classify.read_training_data(small_data)
    params = dict(classify.DEFAULT_PARAMS)
    assert classify.model_version(X, y, params) != classify.model_version(X[1:], y[1:], params)


def test_numpy_predictor_matches_scikit_learn(small_data):
    X, y = classify.read_training_data(small_data)
    est = classify.ProblemClassifier(mode="flat", C=5.0).fit(X, y)
    sk = est.layers_[0].predict_proba(est.features_.transform(X[:20]))
    ours = est.export().predict_proba(X[:20])
    assert np.allclose(sk, ours, atol=1e-9)


def test_stored_model_loads_without_pickle(small_model):
    model, path = small_model
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            assert name.endswith(".npy") and z.read(name)[:6] == b"\x93NUMPY"
    loaded = classify.load_model(path)  # np.load(allow_pickle=False) inside
    texts = ["整改台账记录不全，整改工作推进缓慢。", "下一步将加强督查。"]
    got, want = loaded.predict(texts), model.predict(texts)
    assert [label for label, _ in got] == [label for label, _ in want]
    assert [c for _, c in got] == pytest.approx([c for _, c in want], abs=1e-5)  # coefficients stored as float32
    with np.load(path, allow_pickle=False) as z:
        header = json.loads(str(z["header"]))
        assert header["format_version"] == classify.FORMAT_VERSION
        assert all(z[k].dtype != object for k in z.files)


def test_a_damaged_or_foreign_model_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(classify.ModelError):
        classify.load_model(bad)
    with pytest.raises(classify.ModelError):
        classify.load_model(tmp_path / "missing.npz")


def test_estimator_follows_sklearn_conventions(small_data):
    est = classify.ProblemClassifier(C=2.0, random_state=3)
    assert est.get_params()["C"] == 2.0 and not hasattr(est, "layers_")
    X, y = classify.read_training_data(small_data)
    assert est.fit(X, y) is est and hasattr(est, "classes_")
    with pytest.raises(ValueError):
        classify.ProblemClassifier().fit(["a"], ["bogus"])


def test_classify_cli_keeps_input_order(small_model, tmp_path):
    _, path = small_model
    texts = ["学校召开了全体教职工大会。", "个别教师上课时间玩手机。", "整改工作推进缓慢，部分问题拖着不改。",
             "会议多、文件多，以会议落实会议。", "经排查，未发现违规收费问题。"]
    src = tmp_path / "in.txt"
    src.write_text("\n".join(texts) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", str(src), "--model", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().split("\n")
    assert lines[0] == "text\tlabel\tconfidence"
    assert [x.split("\t")[0] for x in lines[1:]] == texts
    for x in lines[1:]:
        _, label, conf = x.split("\t")
        assert label in classify.LABELS and 0 < float(conf) <= 1
    tsv = "id\ttext\n" + "".join(f"{i}\t{t}\n" for i, t in enumerate(reversed(texts)))
    result = CliRunner().invoke(main, ["classify", "-", "--format", "json", "--model", str(path)], input=tsv)
    assert [r["text"] for r in json.loads(result.output)] == list(reversed(texts))


def test_evaluate_cli_prints_the_figures(small_model, tmp_path):
    _, path = small_model
    data = tmp_path / "dev.tsv"
    data.write_text("id\ttext\tlabel\thard\na\t个别教师上课时间玩手机。\tdiscipline\t0\n"
                    "b\t学校召开了全体教职工大会。\tnone\t1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(data), "--model", str(path)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output and "problem detection" in result.output and "hard rows (1)" in result.output


def test_find_problems_keeps_problems_and_skips_plans_and_negations():
    """With the shipped model: problem sentences found with a category; 下一步将… and 未发现… skipped."""
    problems_text = "（一）个别教师上班时间玩手机、网购，迟到早退现象时有发生。"
    blocks = (
        Block(BlockKind.HEADING, "存在的问题", Location(paragraph=0), label="二、"),
        Block(BlockKind.PARAGRAPH, problems_text + "部分制度停留在纸上，整改工作推进缓慢，落实不到位。",
              Location(paragraph=1)),
        Block(BlockKind.PARAGRAPH, "经排查，未发现教师有偿补课现象。", Location(paragraph=2)),
        Block(BlockKind.HEADING, "下一步打算", Location(paragraph=3), label="三、"),
        Block(BlockKind.PARAGRAPH, "下一步，学校将进一步完善考勤制度，严格执行请销假手续。", Location(paragraph=4)),
        Block(BlockKind.TABLE, "序号\t存在问题\t整改措施\t责任人\t完成时限\n1\t会议多、文件多，以会议落实会议。\t精简会议\t校长\t10月底",
              Location(paragraph=5, table=0),
              table=Table(rows=(tuple(Cell(t, 0, i) for i, t in enumerate(["序号", "存在问题", "整改措施", "责任人", "完成时限"])),
                                tuple(Cell(t, 1, i) for i, t in enumerate(["1", "会议多、文件多，以会议落实会议。", "精简会议", "校长", "10月底"]))))),
    )
    doc = Document(path="s.docx", format="docx", sha256="0", blocks=blocks)
    sections = [None, "problems", "problems", None, "goals", "problems"]
    found = find_problems(doc, sections, load_pack())
    texts = {p.text: p for p in found}
    assert not any("未发现" in t or "下一步" in t for t in texts)
    assert "个别教师上班时间玩手机、网购，迟到早退现象时有发生。" in texts
    assert texts["个别教师上班时间玩手机、网购，迟到早退现象时有发生。"].category == "discipline"
    assert any(p.category == "implementation" for p in found)
    ledger = texts["会议多、文件多，以会议落实会议。"]
    assert ledger.category == "work_style" and ledger.owner == "校长" and ledger.deadline == "10月底"
    assert ledger.location.table == 0 and ledger.location.row == 1
    for p in found:
        assert p.needs_review == (p.category == "other" or p.confidence < 0.6)


def test_train_cli_writes_a_loadable_model(small_data, tmp_path):
    tiny = tmp_path / "tiny"  # a third of the small subset: the CLI also calibrates (5 more fits)
    tiny.mkdir()
    for f in small_data.glob("*.txt"):
        (tiny / f.name).write_text("\n".join(f.read_text(encoding="utf-8").splitlines()[::3]), encoding="utf-8")
    out = tmp_path / "model.npz"
    result = CliRunner().invoke(main, ["train", "--data", str(tiny), "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = classify.load_model(out)
    assert model.meta["model_version"] in result.output and 0.2 <= model.temperature <= 4
    assert set(model.classes) == set(classify.LABELS)
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "empty"), "--out", str(out)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_a_labelled_ledger_item_gives_its_problem_fields_and_category():
    """沙冲路小学's list ledger: "问题：少数教师有偿补课（纪律）。整改措施：…" was read as no problem at all."""
    from pipeline.judge.rulepack import load_pack
    from pipeline.model import Block, BlockKind, Document, Location
    from pipeline.understand.problems import find_problems

    text = "问题：少数教师有偿补课（纪律）。整改措施：签订承诺书，公布举报电话。责任人：江涛。完成时限：2013年9月底。"
    doc = Document(path="x.docx", format="docx", sha256="x",
                   blocks=(Block(BlockKind.LIST_ITEM, text, Location(paragraph=0), label="②"),))
    (problem,) = find_problems(doc, [None], load_pack())
    assert (problem.text, problem.category) == ("少数教师有偿补课", "discipline")
    assert (problem.measure, problem.owner, problem.deadline) == ("签订承诺书，公布举报电话", "江涛", "2013年9月底")
