"""Format sniffing: the bytes decide, the extension is only a hint."""

import io
import zipfile

import pytest
from ingest_fixtures import convert, official_docx, text_pdf

from pipeline.ingest import READERS, read_bytes
from pipeline.ingest.sniff import sniff_format


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"%PDF-1.7\n", "x.bin", "pdf"),
        (b"\x00" * 100 + b"%PDF-1.4\n", "x.pdf", "pdf"),  # junk before the header, as some scanners write
        (b"{\\rtf1\\ansi hello}", "x.doc", "rtf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "x.dat", "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "x", "image"),
        (b"II*\x00" + b"\x00" * 20, "x.tif", "image"),
        ("三找活动方案\n".encode("gbk"), "x.pdf", "txt"),
        ("三找活动方案\n".encode(), "x.docx", "txt"),
        (bytes(range(256)) * 4, "x.txt", "binary"),
    ],
)
def test_sniff_by_content(data, name, expected):
    assert sniff_format(data, name) == expected


def test_zip_flavours():
    assert sniff_format(official_docx(), "a.zip") == "docx"
    assert sniff_format(_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "a") == "odt"
    assert sniff_format(_zip({"a.txt": b"hi"}), "a.docx") == "zip"
    assert sniff_format(b"PK\x03\x04" + b"\x00" * 50, "a.zip") == "corrupt_zip"
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert sniff_format(xlsx, "台账.xlsx") == "office_other"


def test_ole_word_and_encrypted_ooxml():
    doc = convert(official_docx(1), ".docx", "doc")
    assert sniff_format(doc, "a.doc") == "doc"
    assert sniff_format(doc, "通知.wps") == "wps"
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptedPackage".encode("utf-16-le")
    assert sniff_format(fake, "a.docx") == "encrypted_ooxml"


def test_every_sniffed_format_has_a_reader():
    for fmt in ("pdf", "docx", "odt", "doc", "wps", "rtf", "txt", "image", "zip", "corrupt_zip",
                "encrypted_ooxml", "ole", "office_other", "binary"):
        assert fmt in READERS


def test_text_named_pdf_is_read_as_text_with_a_note():
    doc = read_bytes("关于开展三找活动的通知\n各学校：\n".encode(), "通知.pdf")
    assert doc.format == "txt"
    assert doc.blocks[0].text == "关于开展三找活动的通知"
    assert any(".pdf" in n for n in doc.notes)


def test_pdf_named_docx_is_read_as_pdf():
    doc = read_bytes(text_pdf(), "方案.docx")
    assert doc.format == "pdf" and doc.notes


def test_a_web_page_is_html_whatever_its_name_and_text_mentioning_html_is_not():
    assert sniff_format(b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>", "a.doc") == "html"
    assert sniff_format(b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "a.doc") == "html"
    assert sniff_format("<HTML>\n<HEAD>".encode("utf-16-le").join([b"\xff\xfe", b""]), "a.doc") == "html"
    assert sniff_format("方案中写到 <html> 标签\n一、指导思想".encode(), "a.txt") == "txt"
    mht = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"x\"\r\n\r\n--x\r\n"
    assert sniff_format(mht, "a.doc") == "mht"
    assert sniff_format(b"Subject: hi\r\n\r\nplain mail text", "a.txt") == "txt"
