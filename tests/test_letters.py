"""Letters back to schools (反馈意见书): one .docx per school that must redo or hand in something."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import PLAN_NO_LEADER
from docx import Document

from cli import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("letters")
    folder = tmp / "材料"
    folder.mkdir()
    (folder / "青松小学实施方案.txt").write_text(PLAN_NO_LEADER, encoding="utf-8")
    (folder / "红枫小学实施方案.txt").write_text(PLAN_NO_LEADER.replace("青松", "红枫").replace("副组长", "组长"),
                                            encoding="utf-8")
    roster = tmp / "学校名单.csv"
    roster.write_text("学校\n南明区青松小学\n南明区红枫小学\n", encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(main, ["check", str(folder), "--out", str(out), "--roster", str(roster), "--letters",
                                       "-q", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out / "反馈意见书"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def test_a_letter_per_school_with_what_to_redo_what_is_owed_and_by_when(letters):
    assert sorted(p.name for p in letters.iterdir()) == ["南明区红枫小学反馈意见书.docx", "南明区青松小学反馈意见书.docx"]
    text = _paragraphs(letters / "南明区青松小学反馈意见书.docx")
    assert text[0] == "关于南明区青松小学报送材料的反馈意见书"
    assert text[1] == "南明区青松小学："
    assert "一、需要修改后重新报送的材料" in text
    assert any(t.startswith("（一）实施方案《南明区青松小学“三找”活动实施方案》（文件：青松小学实施方案.txt）") for t in text)
    assert any("组长" in t and t.startswith("1. ") for t in text)  # the failed check, in plain words
    assert "二、尚未报送的材料" in text
    assert "阶段总结：尚未收到（应于2013年9月30日前报送，现已逾期）。" in text
    deadline = date.today() + timedelta(days=10)
    assert any(f"请于{deadline.year}年{deadline.month}月{deadline.day}日前" in t for t in text)
    assert text[-2] == "南明区教育局“三找”活动领导小组办公室"
    assert text[-1] == f"{date.today().year}年{date.today().month}月{date.today().day}日"


def test_a_school_whose_plan_is_fine_is_told_so_and_only_what_it_owes(letters):
    text = _paragraphs(letters / "南明区红枫小学反馈意见书.docx")
    assert "需要修改后重新报送的材料" not in "".join(text)
    assert "一、尚未报送的材料" in text and "二、符合要求的材料" in text
    assert any("《南明区红枫小学“三找”活动实施方案》内容齐全，符合要求" in t for t in text)


def test_the_letter_is_laid_out_as_an_official_reply(letters):
    doc = Document(str(letters / "南明区青松小学反馈意见书.docx"))
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    paras = [p for p in doc.paragraphs if p.text.strip()]
    assert paras[0].alignment == 1 and paras[0].runs[0].font.size.pt == 22  # centred, 二号
    assert paras[-1].alignment == 2 and paras[-2].alignment == 2  # 落款 and date at the right
    assert paras[2].runs[0].font.size.pt == 16  # body 三号


def test_the_letter_renders_to_pdf_with_libreoffice(letters, tmp_path):
    if SOFFICE is None:
        pytest.skip("no LibreOffice on this machine")
    profile = (tmp_path / "lo").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(letters / "南明区青松小学反馈意见书.docx")],
                   check=False, capture_output=True, timeout=180)
    pdf = tmp_path / "南明区青松小学反馈意见书.pdf"
    assert pdf.exists()
    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages).replace("\n", "")
        assert len(doc.pages) <= 2
    assert "关于南明区青松小学报送材料的反馈意见书" in text and "领导小组办公室" in text
