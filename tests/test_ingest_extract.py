"""`papercheck extract` over every format, as a user runs it."""

import json

from click.testing import CliRunner
from ingest_fixtures import PARAGRAPHS, TABLE, convert, official_docx, text_pdf

from cli import main


def test_extract_json_for_each_format(tmp_path):
    files = {
        "方案.pdf": text_pdf(1),
        "方案.docx": official_docx(1),
        "方案.doc": convert(official_docx(1), ".docx", "doc"),
        "总结.txt": "一、基本情况\r\n我校认真开展三找活动。\r\n".encode("gbk"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(main, ["extract", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    docs = {d["path"].rsplit("/", 1)[-1]: d for d in json.loads(result.output)}
    assert {d["format"] for d in docs.values()} == {"pdf", "docx", "doc", "txt"}
    pdf = docs["方案.pdf"]
    assert pdf["pages"] == 1 and any(b["text"] == PARAGRAPHS[0] and b["location"]["page"] == 1 for b in pdf["blocks"])
    (table,) = [b for b in pdf["blocks"] if b["kind"] == "table"]
    assert table["rows"] == TABLE
    assert [(b["label"], b["text"]) for b in docs["总结.txt"]["blocks"]] == [
        ("一、", "基本情况"), ("", "我校认真开展三找活动。")]


def test_extract_text_shows_kinds_and_locations(tmp_path):
    f = tmp_path / "方案.pdf"
    f.write_bytes(text_pdf(3))
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert result.exit_code == 0
    assert "header" in result.output and "第1页" in result.output and "table" in result.output
    assert "| 序号 | 问题类别 | 整改措施 | 责任人" in result.output


def test_extract_reports_unreadable_files_and_goes_on(tmp_path):
    (tmp_path / "a-空.docx").write_bytes(b"")
    (tmp_path / "b-好.txt").write_text("三找活动方案\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path)])
    assert result.exit_code == 4
    assert "（空文件）" in result.output and "三找活动方案" in result.output
