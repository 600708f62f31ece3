"""Legacy Word and other word-processor formats through LibreOffice."""

import pytest

from pipeline.errors import CorruptFile, ToolMissing
from pipeline.ingest import read_bytes
from ingest_fixtures import PARAGRAPHS, TABLE, TITLE, convert, official_docx


@pytest.mark.parametrize("target, fmt, name", [("doc", "doc", "方案.doc"), ("doc", "wps", "方案.wps"),
                                               ("odt", "odt", "方案.odt"), ("rtf", "rtf", "方案.rtf")])
def test_converted_and_read_as_word(target, fmt, name):
    data = convert(official_docx(1), ".docx", target)
    doc = read_bytes(data, name)
    assert doc.format == fmt
    texts = [b.text for b in doc.blocks]
    assert TITLE in texts and PARAGRAPHS[1] in texts
    assert all(cell in doc.text for cell in TABLE[1])
    from pipeline.ingest import sha256

    assert doc.sha256 == sha256(data)  # of the school's file, not of the converted one


def test_without_libreoffice_says_install_it(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing) as e:
        read_bytes(b"{\\rtf1\\ansi test}", "旧.rtf")
    assert "LibreOffice" in e.value.to_file_error().message


def test_damaged_doc_is_corrupt():
    data = convert(official_docx(1), ".docx", "doc")
    with pytest.raises(CorruptFile):
        read_bytes(data[:1536], "残缺.doc")
