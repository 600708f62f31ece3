"""The classifier: a shared detector and a categoriser per pack; deterministic training, safe storage,
the CLI, find_problems on a document, and a pack that has no categoriser."""

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from pipeline.judge.rulepack import RULES_DIR, load_manifest, load_pack
from pipeline.model import Block, BlockKind, Cell, Document, Location, Table
from pipeline.understand import classify
from pipeline.understand.problems import find_problems


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory) -> Path:
    """A copy of the 三找 pack whose train/ holds every 8th sentence, so the tests train fast."""
    root = tmp_path_factory.mktemp("packs") / "small"
    shutil.copytree(RULES_DIR / "sanzhao-2013", root, ignore=shutil.ignore_patterns("*.npz"))
    for path in (root / "train").glob("*.txt"):
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        path.write_text("\n".join(lines[::8]) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small_model(small_pack):
    model = classify.train_categoriser(load_manifest(small_pack), calibrate=False)
    path = classify.save_model(model, small_pack / classify.CATEGORISER_FILE)
    return model, path


def test_training_reproduces(small_pack, small_model):
    first, _ = small_model
    again = classify.train_categoriser(load_manifest(small_pack), calibrate=False)
    assert first.version == again.version
    assert first.char_terms == again.char_terms and first.word_terms == again.word_terms
    assert first.classes == again.classes and np.array_equal(first.coef, again.coef)
    texts = ["个别教师上班时间玩手机。", "学校制度停留在纸面上。"]
    assert np.array_equal(first.predict_proba(texts), again.predict_proba(texts))


def test_the_categoriser_outputs_the_packs_categories(small_model):
    model, _ = small_model
    assert sorted(model.classes) == sorted(load_pack().category_ids)


def test_model_version_follows_the_data(small_pack):
    X, y = classify.categoriser_data(load_manifest(small_pack))
    params = dict(classify.DEFAULT_PARAMS)
    assert classify.model_version(X, y, params) != classify.model_version(X[1:], y[1:], params)


def test_numpy_predictor_matches_scikit_learn(small_pack):
    X, y = classify.categoriser_data(load_manifest(small_pack))
    est = classify.TextClassifier(C=5.0).fit(X, y)
    sk = est.model_.predict_proba(est.features_.transform(X[:20]))
    ours = est.export().predict_proba(X[:20], calibrated=False)
    assert np.allclose(sk, ours, atol=1e-9)


def test_stored_model_loads_without_pickle(small_model):
    model, path = small_model
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            assert name.endswith(".npy") and z.read(name)[:6] == b"\x93NUMPY"
    loaded = classify.load_model(path)  # np.load(allow_pickle=False) inside
    texts = ["整改台账记录不全，整改工作推进缓慢。", "个别教师收受家长礼品。"]
    assert loaded.predict_proba(texts) == pytest.approx(model.predict_proba(texts), abs=1e-5)  # float32 coefficients
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


def test_estimator_follows_sklearn_conventions(small_pack):
    est = classify.TextClassifier(C=2.0, random_state=3)
    assert est.get_params()["C"] == 2.0 and not hasattr(est, "model_")
    X, y = classify.categoriser_data(load_manifest(small_pack))
    assert est.fit(X, y) is est and hasattr(est, "classes_")
    with pytest.raises(ValueError):
        classify.TextClassifier().fit(["a", "b"], ["one", "one"])


def test_the_detector_learns_from_every_packs_train_folder(small_pack, tmp_path):
    _X, y = classify.detector_data(packs=[small_pack])
    assert set(y) == {"problem", "none"}
    problems = sum(len(classify.read_labelled(small_pack / "train", [c])[0]) for c in load_pack().category_ids)
    assert y.count("problem") == problems
    # a pack's own none.txt adds to the general non-problems
    (tmp_path / "p" / "train").mkdir(parents=True)
    (tmp_path / "p" / "train" / "none.txt").write_text("学校召开了党纪学习教育动员会。\n", encoding="utf-8")
    X2, y2 = classify.detector_data(packs=[small_pack, tmp_path / "p"])
    assert y2.count("none") == y.count("none") + 1 and "学校召开了党纪学习教育动员会。" in X2


def test_shipped_models_match_their_training_data():
    """Editing train/ without retraining is caught here (and by `rules validate`)."""
    packs = [load_pack(p) for p in classify.shipped_pack_folders()]
    assert classify.stale_models(packs) == []


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
        assert label in [*load_pack().category_ids, "none"] and 0 < float(conf) <= 1
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
    for words in ("4-class macro-F1 (work_style/discipline/implementation/none)", "problem detection",
                  "hard rows (1)", "expected calibration error"):
        assert words in result.output
    assert CliRunner().invoke(main, ["evaluate"]).exit_code == 2  # --data or --cv


def test_evaluate_cv_cross_validates_the_categoriser(small_pack):
    result = CliRunner().invoke(main, ["evaluate", "--pack", str(small_pack), "--cv", "3"])
    assert result.exit_code == 0, result.output
    assert "3-fold" in result.output and "3-category macro-F1 (work_style/discipline/implementation)" in result.output
    assert "confusion matrix" in result.output


def test_find_problems_keeps_problems_and_skips_plans_and_negations():
    """With the shipped models: problem sentences found with a category; 下一步将… and 未发现… skipped."""
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


def test_train_cli_writes_the_packs_categoriser(small_pack, tmp_path):
    pack = tmp_path / "tiny"  # a third of the small subset: the CLI also calibrates (5 more fits)
    shutil.copytree(small_pack, pack, ignore=shutil.ignore_patterns("*.npz"))
    for f in (pack / "train").glob("*.txt"):
        f.write_text("\n".join(f.read_text(encoding="utf-8").splitlines()[::3]), encoding="utf-8")
    assert CliRunner().invoke(main, ["rules", "validate", str(pack), "--no-examples"]).exit_code == 2  # no model yet
    result = CliRunner().invoke(main, ["train", "--pack", str(pack)])
    assert result.exit_code == 0, result.output
    model = classify.load_model(pack / classify.CATEGORISER_FILE)
    assert model.version in result.output and 0.2 <= model.temperature <= 4
    assert sorted(model.classes) == sorted(load_pack().category_ids)
    assert CliRunner().invoke(main, ["rules", "validate", str(pack), "--no-examples"]).exit_code == 0
    shutil.rmtree(pack / "train")
    result = CliRunner().invoke(main, ["train", "--pack", str(pack)])
    assert result.exit_code != 0 and "Traceback" not in result.output and "no training files" in result.output


def test_a_labelled_ledger_item_gives_its_problem_fields_and_category():
    """沙冲路小学's list ledger: "问题：少数教师有偿补课（纪律）。整改措施：…" was read as no problem at all."""
    text = "问题：少数教师有偿补课（纪律）。整改措施：签订承诺书，公布举报电话。责任人：江涛。完成时限：2013年9月底。"
    doc = Document(path="x.docx", format="docx", sha256="x",
                   blocks=(Block(BlockKind.LIST_ITEM, text, Location(paragraph=0), label="②"),))
    (problem,) = find_problems(doc, [None], load_pack())
    assert (problem.text, problem.category) == ("少数教师有偿补课", "discipline")
    assert (problem.measure, problem.owner, problem.deadline) == ("签订承诺书，公布举报电话", "江涛", "2013年9月底")


def test_checking_never_imports_scikit_learn():
    """`check` loads the pack and both models and predicts with numpy only."""
    import subprocess
    import sys

    code = ("import sys; from pipeline.judge.rulepack import load_pack; from pipeline.judge.verdict import judge;"
            "from pipeline.ingest import text; pack = load_pack();"
            "sub = judge(text.read('阳光小学阶段总结\\n一、存在问题\\n个别教师上班时间玩手机。\\n'.encode(), 'a.txt'), pack);"
            "assert sub.problems; print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
