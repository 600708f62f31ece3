"""The bad-input set: every file yields a Document or a typed InputError, and the run goes on."""

import io
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from ingest_fixtures import official_docx, text_pdf

from pipeline.errors import CorruptFile, EmptyFile, EncryptedFile, InputError, TooLargeFile
from pipeline.ingest import discover, read
from pipeline.judge.rulepack import Pack
from pipeline.judge.verdict import check_source

LONG_STEM = ("城关镇中心小学关于开展三找活动的实施方案" * 5)[:82]  # 246 bytes in UTF-8


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(1))))
    writer.encrypt(user_password="123456", owner_password="654321")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _huge_pdf() -> bytes:
    pdf = pdfium.PdfDocument.new()
    for _ in range(3000):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _zip_bomb() -> bytes:
    """Ten members each declaring 3.9 GB: refused from the central directory alone."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(10):
            z.writestr(f"{i}.docx", b"0" * 1000)
    blob = bytearray(buf.getvalue())
    at = blob.find(b"PK\x01\x02")
    while at != -1:
        blob[at + 24:at + 28] = (0xF0000000).to_bytes(4, "little")
        at = blob.find(b"PK\x01\x02", at + 4)
    return bytes(blob)


def _entity_bomb_docx() -> bytes:
    lol = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>&a9;&xxe;</w:t></w:r></w:p></w:body></w:document>')
    src = zipfile.ZipFile(io.BytesIO(official_docx(1)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == "word/document.xml" else src.read(info))
    return buf.getvalue()


CASES = {
    "空文件.docx": (lambda: b"", EmptyFile),
    "残缺.pdf": (lambda: text_pdf(1)[: len(text_pdf(1)) // 3], CorruptFile),
    "残缺.docx": (lambda: official_docx(1)[:5000], CorruptFile),
    "加密.pdf": (_encrypted_pdf, EncryptedFile),
    "加密.docx": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
                  + bytes(100) + "EncryptedPackage".encode("utf-16-le") + bytes(1000), EncryptedFile),
    "三千页.pdf": (_huge_pdf, TooLargeFile),
    "炸弹.zip": (_zip_bomb, TooLargeFile),
    "乱码.doc": (lambda: bytes(range(256)) * 8, InputError),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_is_a_typed_error_and_a_report_row(tmp_path, name):
    make, expected = CASES[name]
    f = tmp_path / name
    f.write_bytes(make())
    sources = list(discover([f]))
    assert len(sources) == 1
    with pytest.raises(expected) as e:
        read(sources[0])
    error = e.value.to_file_error()
    assert error.message and error.message_en and error.advice
    submission = check_source(sources[0], Pack(name="t", version="0", root=tmp_path, data={}))
    assert submission.status == "error" and submission.errors[0].kind == e.value.kind


def test_text_named_pdf(tmp_path):
    f = tmp_path / "方案.pdf"
    f.write_bytes("城关镇中心小学三找活动方案\n一、指导思想\n".encode("gbk"))
    doc = read(f)
    assert doc.format == "txt" and doc.blocks[1].display == "一、指导思想" and doc.notes


def test_entity_bomb_docx_is_not_expanded(tmp_path):
    f = tmp_path / "实体.docx"
    f.write_bytes(_entity_bomb_docx())
    try:
        doc = read(f)
    except InputError:
        return
    assert "lol" * 100 not in doc.text and "root:" not in doc.text


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_file_names_near_the_255_byte_limit(tmp_path, suffix):
    name = LONG_STEM + suffix
    assert 245 <= len(name.encode("utf-8")) <= 255
    data = {".txt": "三找活动方案\n".encode(), ".docx": official_docx(1), ".pdf": text_pdf(1)}[suffix]
    f = tmp_path / name
    f.write_bytes(data)
    (source,) = discover([tmp_path])
    assert Path(source.path).name == name
    assert read(source).blocks


def test_long_chinese_member_name_in_gbk_zip(tmp_path):
    raw = (LONG_STEM[:120] + ".txt").encode("gbk")
    buf = io.BytesIO()
    placeholder = b"Q" * len(raw)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(placeholder.decode(), "三找活动方案\n".encode("gbk"))
    f = tmp_path / "长名.zip"
    f.write_bytes(buf.getvalue().replace(placeholder, raw))
    (source,) = discover([f])
    assert source.path.endswith(raw.decode("gbk"))
    assert read(source).blocks[0].text == "三找活动方案"


def test_utf8_member_name_without_the_utf8_flag_is_not_garbled(tmp_path):
    """Linux `zip` and macOS write UTF-8 names without bit 11; they were shown as cp437 mojibake."""
    raw = "南明区河滨小学“三找”活动工作方案.txt".encode()
    buf = io.BytesIO()
    placeholder = b"Q" * len(raw)
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(placeholder.decode(), "三找活动方案\n".encode())
    f = tmp_path / "材料.zip"
    f.write_bytes(buf.getvalue().replace(placeholder, raw))
    (source,) = discover([f])
    assert source.path.endswith("!/南明区河滨小学“三找”活动工作方案.txt")
    assert read(source).blocks[0].text == "三找活动方案"
