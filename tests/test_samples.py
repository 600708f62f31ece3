"""The sample set is what the demo and the verdict tests rely on: check it is what it claims."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdfium2
import pytest
import yaml

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOT_SUBMISSIONS = {"README.md", "expected.yaml", "make_samples.py", "学校名单.csv"}  # the roster: make demo's --roster
RULE_STEMS = {
    "plan-general", "plan-organisation", "plan-leader", "plan-focus", "plan-steps", "plan-stages",
    "plan-stage-windows", "plan-requirements", "plan-notice-copy",
    "summary-situation", "summary-problems", "summary-categories", "summary-measures", "summary-gaps-goals",
    "ledger-present", "ledger-owner-deadline", "ledger-deadline-window", "ledger-categories",
    "lookback-status", "lookback-meetings", "lookback-appraisal",
    "meta-school", "meta-date", "meta-issuer", "heading-sequence", "peer-copy",
    "lookback-ledger-items", "ledger-summary-items", "summary-stage-dates",
}
ERROR_STEMS = {"plan-general", "plan-organisation", "plan-leader", "plan-focus", "plan-steps", "plan-stages",
               "summary-situation", "summary-problems", "summary-categories", "summary-measures",
               "ledger-present", "ledger-owner-deadline", "lookback-status"}


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    path = SAMPLES / "expected.yaml"
    if not path.is_file():  # fail, never skip: without it no sample verdict is checked
        pytest.fail(f"{path} is missing (python samples/make_samples.py writes it)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))["files"]


def on_disk() -> set[str]:
    return {p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*")
            if p.is_file() and p.name not in NOT_SUBMISSIONS and "__pycache__" not in p.parts}


def test_manifest_and_folder_agree(expected):
    listed = {k.split("!/")[0] for k in expected}
    assert listed == on_disk()


def test_manifest_entries_are_consistent(expected):
    for path, e in expected.items():
        assert e["status"] in {"pass", "fail", "review", "error"}, path
        assert set(e["errors"]) | set(e["warnings"]) <= RULE_STEMS, path
        assert set(e["errors"]) <= ERROR_STEMS and not set(e["warnings"]) & ERROR_STEMS, path
        # an error-severity defect is what makes a file fail, and only that
        if e["status"] in {"pass", "fail"}:
            assert (e["status"] == "fail") == bool(e["errors"]), path


def test_coverage_of_schools_types_and_defects(expected):
    schools = {e["school"] for e in expected.values() if e["school"]}
    assert len(schools) >= 12
    assert {e["doc_type"] for e in expected.values()} >= {"plan", "summary", "rectification", "lookback",
                                                          "notice", "other"}
    stems = {s for e in expected.values() for s in e["errors"] + e["warnings"]}
    assert {"plan-leader", "plan-stages", "plan-stage-windows", "plan-notice-copy", "summary-categories",
            "ledger-owner-deadline", "ledger-deadline-window", "lookback-status", "lookback-meetings",
            "heading-sequence", "peer-copy", "meta-date"} <= stems
    assert sum(e["school"] is not None and e["status"] == "pass" and not e["warnings"]
               for e in expected.values()) >= 8


def test_docx_samples_use_word_automatic_numbering():
    docx = SAMPLES / "南明区第一实验小学“三找”活动实施方案.docx"
    with zipfile.ZipFile(docx) as z:
        numbering = z.read("word/numbering.xml").decode()
        body = z.read("word/document.xml").decode()
        header = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert 'w:val="chineseCounting"' in numbering and "（%2）" in numbering and 'w:val="%3."' in numbering
    assert "<w:numPr>" in body and "一、" not in body  # the labels come from numbering.xml only
    assert "南明区第一实验小学" in header
    with zipfile.ZipFile(SAMPLES / "南明区第一实验小学“三找”问题整改台账.docx") as z:
        assert "w:gridSpan" in z.read("word/document.xml").decode()


def test_zip_member_names_are_gbk_without_utf8_flag():
    path = next(SAMPLES.glob("*.zip"))
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    assert len(infos) >= 2
    for info in infos:
        assert not info.flag_bits & 0x800
        assert "小学" in info.filename.encode("cp437").decode("gbk")


def test_text_file_is_gbk_with_crlf():
    data = next(SAMPLES.glob("*.txt")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "组长" in data.decode("gbk") and b"\r\n" in data


def test_text_pdf_has_a_cjk_text_layer_and_the_scan_has_none():
    text_pdf = pypdfium2.PdfDocument(SAMPLES / "南明区花果园中学开展“找问题、找差距、找目标”活动实施方案.pdf")
    text = "".join(page.get_textpage().get_text_range() for page in text_pdf)
    assert len(text_pdf) >= 2 and "张志远" in text and "2013.7-2013.8" in text
    scan = pypdfium2.PdfDocument(next(SAMPLES.glob("*扫描件*.pdf")))
    assert 1 <= len(scan) <= 2
    assert not re.search(r"\w", "".join(p.get_textpage().get_text_range() for p in scan))


def test_legacy_files_are_ole_and_bad_files_are_bad():
    for suffix in (".doc", ".wps"):
        assert next(SAMPLES.glob(f"*{suffix}")).read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
    bad = {p.name: p.read_bytes() for p in (SAMPLES / "bad").iterdir()}
    assert any(len(d) == 0 for d in bad.values())
    assert any(d.startswith(b"%PDF") and b"%%EOF" not in d for d in bad.values())
    assert any(n.endswith(".pdf") and not d.startswith(b"%PDF") and d for n, d in bad.items())


def test_misnamed_and_photographed_files_are_what_their_content_says():
    assert (SAMPLES / "南明区甲秀小学“三找”活动阶段总结.doc").read_bytes()[:4] == b"PK\x03\x04"
    assert next(SAMPLES.glob("*.jpg")).read_bytes()[:3] == b"\xff\xd8\xff"


def test_manifest_leaders_and_dates_are_in_the_files(expected):
    checked = 0
    for path, e in expected.items():
        if not path.endswith(".docx") or "!/" in path or e["status"] == "error":
            continue
        with zipfile.ZipFile(SAMPLES / path) as z:
            text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode())
        if e.get("leader"):
            assert e["leader"] in text, path
        if e["date"]:
            y, m, d = (int(x) for x in e["date"].split("-"))
            assert f"{y}年{m}月{d}日" in text or f"{y}.{m}.{d}" in text, path
        else:
            assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日\s*$", text[-40:]), path
        checked += 1
    assert checked >= 15


def test_circled_list_numbering_and_encrypted_pdf():
    with zipfile.ZipFile(SAMPLES / "南明区沙冲路小学“三找”问题整改清单.docx") as z:
        numbering = z.read("word/numbering.xml").decode()
        body = z.read("word/document.xml").decode()
    assert "decimalEnclosedCircle" in numbering and '<w:numId w:val="2"/>' in body
    with pytest.raises(pypdfium2.PdfiumError, match="password"):
        pypdfium2.PdfDocument(next((SAMPLES / "bad").glob("*加密*.pdf")))
