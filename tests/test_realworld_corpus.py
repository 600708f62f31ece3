"""The real-world dev corpus (data/realworld): every source parses, its labels use the pack's ids,
and the builder turns sources into the files a school sends (one docx, one pdf, one txt built here)."""

from __future__ import annotations

import copy
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = ROOT / "data" / "realworld" / "build.py"


def _load_builder():
    spec = importlib.util.spec_from_file_location("realworld_build", BUILD_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


rw = _load_builder()


@pytest.fixture(scope="module")
def sources():
    return rw.load_sources()


@pytest.fixture(scope="module")
def ids():
    return rw.pack_ids()


def test_every_source_parses_and_its_labels_are_valid(sources, ids):
    assert len(sources) >= 3
    assert rw.validate_all(sources, ids) == []


def test_the_validator_names_each_wrong_label(sources, ids):
    src = next(s for s in sources if s.label.get("problems"))
    meta = copy.deepcopy(src.meta)
    label = meta["label"]
    label["doc_type"] = "report"
    label["status"] = "ok"
    label["sections"] = [*label["sections"], "foreword"]
    label["problems"][0]["category"] = "style"
    label["problems"].append({"text": "这句话在正文里根本没有出现过", "category": "discipline"})
    label["gaps"] = ["短"]
    errors = "\n".join(rw.validate(rw.Source(src.path, meta, src.body, src.digest), ids))
    for wrong in ("'report'", "'ok'", "'foreword'", "'style'", "not verbatim in the body", "'短'"):
        assert wrong in errors
    assert errors.count(src.path.name) == len(errors.splitlines())


def test_two_documents_may_not_share_a_file_name(sources, ids):
    a, b = sources[0], sources[1]
    clash = rw.Source(b.path, {**b.meta, "filename": a.meta["filename"]}, b.body, b.digest)
    assert any("also used by" in e for e in rw.validate_all([a, clash], ids))


def test_body_markup_blocks():
    body = ["# 标题", "## 一、总体要求", "正文一段。", "| 序号 | 存在问题 |", "|---|---|", "| 1 | 迟到早退 |",
            "- 1. 第一项", ">> 某某小学", "[page]", "#### 1. 三级标题"]
    kinds = [(b.kind, b.level) for b in rw.blocks(body)]
    assert kinds == [("title", 0), ("heading", 1), ("para", 0), ("table", 0), ("item", 0), ("right", 0),
                     ("page", 0), ("heading", 3)]
    table = rw.blocks(body)[3]
    assert table.rows == (("序号", "存在问题"), ("1", "迟到早退"))
    assert rw.strip_number("（三）找目标") == ("找目标", True)
    assert rw.strip_number("1. 第一项") == ("第一项", True)
    assert rw.strip_number("2013年工作") == ("2013年工作", False)


def _first(sources, fmt):
    found = [s for s in sources if s.meta["format"] == fmt]
    if not found:
        pytest.skip(f"no {fmt} document in the corpus")
    return found[0]


def _squash(text: str) -> str:
    return "".join(text.split())


def test_build_makes_a_word_file_a_pdf_and_a_text_file(sources, tmp_path):
    docx_src, txt_src = _first(sources, "docx"), _first(sources, "txt")
    chosen = [docx_src, txt_src]
    if shutil.which("soffice"):
        chosen.append(_first(sources, "pdf"))
    built = rw.build(chosen, tmp_path)

    from docx import Document

    word = Document(str(built[docx_src.id]))
    assert rw.title(docx_src.body) in [p.text for p in word.paragraphs[:4]]
    n_tables = sum(1 for b in rw.blocks(docx_src.body) if b.kind == "table")
    assert len(word.tables) == n_tables
    headings = [b for b in rw.blocks(docx_src.body) if b.kind == "heading"]
    if docx_src.meta["layout"] == "styles" and headings:
        styled = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
        assert styled == [h.text for h in headings]

    enc = txt_src.meta.get("encoding", "utf-8")
    text = built[txt_src.id].read_bytes().decode(enc)
    assert rw.title(txt_src.body) in text

    if len(chosen) == 3:
        import pypdfium2

        pdf_src = chosen[2]
        pdf = pypdfium2.PdfDocument(str(built[pdf_src.id]))
        first_page = pdf[0].get_textpage().get_text_range()
        assert _squash(rw.title(pdf_src.body)) in _squash(first_page)

    # a second build with nothing changed rewrites nothing
    stamps = {k: p.stat().st_mtime_ns for k, p in built.items()}
    again = rw.build(chosen, tmp_path)
    assert {k: p.stat().st_mtime_ns for k, p in again.items()} == stamps


def test_autonum_layout_takes_the_number_out_of_the_text(sources):
    src = _first(sources, "docx")
    meta = {**src.meta, "layout": "autonum"}
    body = ["# 标题", "## 一、总体要求", "正文", "### （一）学习讨论阶段", "- 1. 第一项"]
    data = rw.to_docx(rw.Source(src.path, meta, body, src.digest))
    import io

    from docx import Document

    word = Document(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    assert texts == ["标题", "总体要求", "正文", "学习讨论阶段", "第一项"]
    numbered = [p.text for p in word.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert numbered == ["总体要求", "学习讨论阶段", "第一项"]
    assert b"chineseCounting" in word.part.numbering_part.blob
