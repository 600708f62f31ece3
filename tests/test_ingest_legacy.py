"""Legacy Word and other word-processor formats through LibreOffice."""

import pytest
from ingest_fixtures import PARAGRAPHS, TABLE, TITLE, convert, official_docx

from pipeline.errors import CorruptFile, ToolMissing
from pipeline.ingest import read_bytes


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


def test_conversion_timeout_kills_libreoffice(monkeypatch, tmp_path):
    import subprocess
    import tempfile

    from pipeline.errors import ReadTimeout
    from pipeline.ingest import legacy

    data = convert(official_docx(1), ".docx", "doc")
    monkeypatch.setattr(legacy, "TIMEOUT", 0.01)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # so this test's soffice can be told from others
    with pytest.raises(ReadTimeout):
        read_bytes(data, "慢.doc")
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True, check=False).stdout.split()
    assert not left  # the whole process group went, not just the launcher
