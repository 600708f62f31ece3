"""OCR run for real: a scanned page and a photographed page with a red seal."""

import io

import numpy as np
import pytest
from ingest_fixtures import PARAGRAPHS, TITLE, char_overlap, page_image_png, scanned_pdf
from PIL import Image

from pipeline.errors import ToolMissing
from pipeline.ingest import ocr as ocr_module
from pipeline.ingest import read_bytes
from pipeline.ingest.layout import tidy_ocr
from pipeline.model import BlockKind

PAGE_ONE = TITLE + "一、工作要求" + "".join(PARAGRAPHS)


def test_scanned_pdf_is_read_by_ocr():
    doc = read_bytes(scanned_pdf(), "扫描件.pdf")
    assert doc.ocr and doc.format == "pdf" and doc.pages == 1
    body = "".join(b.text for b in doc.blocks if b.kind is BlockKind.PARAGRAPH)
    assert char_overlap(PAGE_ONE, body) >= 0.85
    assert "切实转变工作作风，严肃工作纪律，推动各项工作落到实处" in body  # no spaces between CJK characters
    assert all(b.location.page == 1 for b in doc.blocks)
    assert any("OCR" in n for n in doc.notes)


def test_red_seal_is_suppressed_before_ocr():
    png = page_image_png(seal=True)
    doc = read_bytes(png, "盖章页.png")
    assert doc.format == "image" and doc.ocr
    assert char_overlap("".join(PARAGRAPHS), doc.text) >= 0.85
    # the same page without suppression loses characters under the seal
    gray = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    plain = "".join(ln.text for ln in ocr_module.recognise(gray, "盖章页.png", 1, 200))
    assert char_overlap("".join(PARAGRAPHS), plain) < char_overlap("".join(PARAGRAPHS), doc.text)


def test_suppress_seals_whitens_red_only():
    rgb = np.array([[[220, 30, 40], [0, 0, 0], [255, 255, 255], [120, 110, 100]]], dtype=np.uint8)
    assert suppress_list(rgb) == [255, 0, 255, 111]


def suppress_list(rgb):
    return ocr_module.suppress_seals(rgb)[0].tolist()


def test_tesseract_spacing_is_removed():
    assert tidy_ocr("我 校 于 2024 年 3 月 启 动 “ 三 找 ” 活 动 。 Plan B") == "我校于2024年3月启动“三找”活动。 Plan B"
    assert tidy_ocr("开展 “ 三 找 “ 活 动") == "开展“三找”活动"


def test_without_tesseract_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(ToolMissing) as e:
        read_bytes(page_image_png(seal=False), "扫描.jpg")
    assert "tesseract" in e.value.to_file_error().message.lower()


def test_undecodable_image_is_corrupt():
    from pipeline.errors import CorruptFile

    with pytest.raises(CorruptFile):
        read_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "坏图.png")


def test_phone_photo_rotated_by_exif_is_read_upright():
    upright = Image.open(io.BytesIO(page_image_png(seal=False)))
    sideways = upright.rotate(-90, expand=True)  # the pixels lie on their side, as a phone stores them
    exif = Image.Exif()
    exif[0x0112] = 8  # Orientation: rotate 90° counter-clockwise to view
    buf = io.BytesIO()
    sideways.convert("RGB").save(buf, format="JPEG", quality=90, exif=exif, dpi=(200, 200))
    doc = read_bytes(buf.getvalue(), "手机拍照.jpg")
    assert char_overlap("".join(PARAGRAPHS), doc.text) >= 0.85
    # Tesseract finds the characters of a sideways page too, but not its line order
    order = [doc.text.find(s) for s in ("一、工作要求", "为深入贯彻落实", "全体教职工", "学校成立以校长")]
    assert -1 not in order and order == sorted(order)


def test_scan_with_a_few_typed_words_is_still_ocred():
    """A scanned page where the office typed a file number over the image: the scan is what counts."""
    import ctypes

    import pypdfium2 as pdfium
    from pypdfium2 import raw

    pdf = pdfium.PdfDocument(scanned_pdf())
    stamp = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(9))
    text = ("No. 2024-017\0").encode("utf-16-le")
    raw.FPDFText_SetText(stamp, ctypes.cast(ctypes.c_char_p(text), ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(stamp, 1, 0, 0, 1, 450, 800)
    page = pdf[0]
    raw.FPDFPage_InsertObject(page.raw, stamp)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    doc = read_bytes(buf.getvalue(), "带文号的扫描件.pdf")
    assert doc.ocr and char_overlap("".join(PARAGRAPHS), doc.text) >= 0.85


def test_tesseract_ascii_punctuation_between_chinese_becomes_full_width():
    assert tidy_ocr("作风方面 ; 个别教师对幼儿缺乏耐心 , 与家长沟通不主动 : 见表 1, 2") == \
        "作风方面；个别教师对幼儿缺乏耐心，与家长沟通不主动：见表1, 2"
