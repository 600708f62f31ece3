"""PDF with a text layer: paragraphs, CJK spacing, tables, page headers/footers, garbled pages, limits."""

import ctypes
import io

import pypdfium2 as pdfium
import pytest
from ingest_fixtures import PARAGRAPHS, TABLE, TITLE, plain_text_pdf, scanned_pdf, text_pdf

from pipeline.errors import EncryptedFile, TooLargeFile
from pipeline.ingest import read_bytes
from pipeline.ingest.layout import Line, PageLayout, paragraphs, split_margins
from pipeline.ingest.pdf import MAX_PAGES, _garbled
from pipeline.model import BlockKind


@pytest.fixture(scope="module")
def plan():
    return read_bytes(text_pdf(3), "方案.pdf")


def test_paragraphs_are_whole_and_unspaced(plan):
    texts = [b.display for b in plan.blocks if b.kind is BlockKind.PARAGRAPH]
    assert TITLE in texts
    for paragraph in PARAGRAPHS:  # each wrapped over 2-3 lines in the PDF, joined back without spaces
        assert texts.count(paragraph) == 3
    assert texts.index("一、工作要求") < texts.index(PARAGRAPHS[0])
    assert plan.format == "pdf" and plan.pages == 3 and not plan.ocr and not plan.notes


def test_locations_are_pages_in_reading_order(plan):
    body = [b for b in plan.blocks if b.kind is BlockKind.PARAGRAPH]
    assert [b.location.page for b in body] == sorted(b.location.page for b in body)
    assert body[-1].location.page == 3
    first = next(b for b in body if b.location.page == 2)
    assert (first.label, first.text, first.level) == ("二、", "工作要求", 0)


def test_table_has_cells_and_leaves_the_running_text(plan):
    tables = [b for b in plan.blocks if b.kind is BlockKind.TABLE]
    assert len(tables) == 1
    assert tables[0].table.grid() == TABLE
    assert tables[0].location.page == 1 and tables[0].location.table == 0
    running = "".join(b.text for b in plan.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "王校长" not in running and "坐班制度" not in running


def test_repeated_header_and_page_numbers_are_marked_once(plan):
    headers = [b for b in plan.blocks if b.kind is BlockKind.HEADER]
    footers = [b for b in plan.blocks if b.kind is BlockKind.FOOTER]
    assert [h.text for h in headers] == ["城关镇中心小学“三找”活动材料"]
    assert len(footers) == 1 and footers[0].text.strip("- ") == "1"
    assert all("活动材料" not in b.text for b in plan.blocks if b.kind is BlockKind.PARAGRAPH)


def test_chinese_page_number_footers_are_margins():
    pages = [
        PageLayout(n, 600, 800, (
            Line("实施方案", 100, 300, 100, 112, n),
            Line(f"第 {n} 页 共 3 页", 250, 350, 760, 770, n),
        )) for n in (1, 2, 3)
    ]
    headers, footers, body = split_margins(pages)
    assert [f.text for f in footers] == ["第 1 页 共 3 页"] and not headers
    assert all(len(p.lines) == 1 for p in body)


def test_line_that_stops_short_ends_the_paragraph_and_cjk_lines_join_without_space():
    lines = (
        Line("学校成立领导小组，负责活动的组织", 90, 520, 100, 112, 1),
        Line("协调和督促检查。", 90, 200, 116, 128, 1),
        Line("活动分三个阶段进行，第一阶段为", 114, 520, 132, 144, 1),
        Line("学习动员阶段。", 90, 180, 148, 160, 1),
    )
    blocks = paragraphs([PageLayout(1, 600, 800, lines)])
    assert [b.text for b in blocks] == ["学校成立领导小组，负责活动的组织协调和督促检查。",
                                       "活动分三个阶段进行，第一阶段为学习动员阶段。"]


def test_garbled_page_detection():
    def page(text):
        return PageLayout(1, 600, 800, (Line(text, 0, 500, 0, 10, 1),))

    assert _garbled(page("(cid:12)(cid:13)(cid:44) 方案"), doc_cjk=True)
    assert _garbled(page("学校\ufffd\ufffd\ufffd方案"), doc_cjk=True)
    assert _garbled(page("\ue001\ue002\ue003\ue004 计划"), doc_cjk=True)
    assert _garbled(page("Xq3 zKp vvW oeR qzt Xq3 zKp vvW oeR qzt Xq3 zKp"), doc_cjk=True)
    assert not _garbled(page("Xq3 zKp vvW oeR qzt Xq3 zKp vvW oeR qzt Xq3 zKp"), doc_cjk=False)
    assert not _garbled(page("学校成立以校长为组长的领导小组。Plan 2024."), doc_cjk=True)


def test_garbled_text_layer_goes_to_ocr():
    """Page 2 is a scan with a Latin junk text layer: pdfplumber cannot help, OCR reads it."""
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(text_pdf(1)), [0])
    out.import_pages(pdfium.PdfDocument(scanned_pdf()), [0])
    from pypdfium2 import raw

    junk = raw.FPDFPageObj_NewTextObj(out.raw, b"Helvetica", ctypes.c_float(12))
    text = ("Xq3 zKp vvW oeR qzt " * 5 + "\0").encode("utf-16-le")
    raw.FPDFText_SetText(junk, ctypes.cast(ctypes.c_char_p(text), ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(junk, 1, 0, 0, 1, 72, 400)
    page = out[1]
    raw.FPDFPage_InsertObject(page.raw, junk)
    page.gen_content()
    buf = io.BytesIO()
    out.save(buf)
    doc = read_bytes(buf.getvalue(), "乱码.pdf")
    assert doc.ocr and any("OCR" in n for n in doc.notes)
    page2 = "".join(b.text for b in doc.blocks if b.location.page == 2)
    assert "领导小组下设办公室" in page2


def test_plain_text_pdf_has_no_spaces_between_chinese_characters():
    doc = read_bytes(plain_text_pdf("各中小学、幼儿园：\n现将《关于开展“三找”活动的实施方案》印发给你们，请认真贯彻执行。\n"
                                    "附件：Work Plan 2024-2025\n1. 学习动员阶段\n"), "通知.pdf")
    assert [b.display for b in doc.blocks] == ["各中小学、幼儿园：", "现将《关于开展“三找”活动的实施方案》印发给你们，请认真贯彻执行。",
                                           "附件：Work Plan 2024-2025", "1.学习动员阶段"]
    assert (doc.blocks[-1].label, doc.blocks[-1].level) == ("1.", 2)


def _encrypted(user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(1))))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_password_protected_pdf_is_encrypted_error():
    with pytest.raises(EncryptedFile) as e:
        read_bytes(_encrypted("school123", "owner456"), "加密.pdf")
    assert "密码" in e.value.to_file_error().message


def test_pdf_with_only_an_owner_password_opens():
    doc = read_bytes(_encrypted("", "owner456"), "限制编辑.pdf")
    assert PARAGRAPHS[0] in doc.text


def test_thousands_of_pages_are_refused():
    pdf = pdfium.PdfDocument.new()
    for _ in range(2000):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    assert 2000 > MAX_PAGES
    with pytest.raises(TooLargeFile):
        read_bytes(buf.getvalue(), "超长.pdf")


def test_paragraph_carries_across_a_page_break():
    page1 = PageLayout(1, 600, 800, (Line("学校成立领导小组，负责活动的组织", 90, 510, 700, 712, 1),))
    page2 = PageLayout(2, 600, 800, (Line("协调和督促检查。", 90, 200, 90, 102, 2),
                                     Line("活动分三个阶段进行。", 114, 300, 106, 118, 2)))
    blocks = paragraphs([page1, page2])
    assert [(b.text, b.location.page) for b in blocks] == [
        ("学校成立领导小组，负责活动的组织协调和督促检查。", 1), ("活动分三个阶段进行。", 2)]


def test_centred_title_wrapped_over_two_lines_is_one_paragraph():
    lines = (
        Line("关于在全区教育系统开展“找问题、找差距、找目", 80, 520, 100, 122, 1),
        Line("标”活动的通知", 230, 370, 130, 152, 1),
        Line("南教党发〔2013〕26号", 230, 370, 175, 187, 1),
        Line("各中小学、幼儿园党支部：", 90, 330, 200, 212, 1),
    )
    blocks = paragraphs([PageLayout(1, 600, 800, lines)])
    assert blocks[0].text == "关于在全区教育系统开展“找问题、找差距、找目标”活动的通知"
    assert blocks[0].style.alignment == "center" and blocks[2].style.alignment is None
    assert [b.text for b in blocks[1:]] == ["南教党发〔2013〕26号", "各中小学、幼儿园党支部："]


def test_a_turned_scans_short_last_line_stays_in_its_paragraph():
    """On a scan turned by about a degree a full line's box is taller than a short line's: the paragraph
    broke before 有按要求填写。 and split the sentence (the words' own heights are the same)."""
    lines = (
        Line("（四）园里制定的教师每日观察记录制度，有近三分之一的教师没", 118, 515, 100, 120, 1, glyph=13.5),
        Line("有按要求填写。", 82, 170, 126, 139, 1, glyph=13.2),
        Line("三、原因分析", 82, 200, 160, 174, 1, glyph=14.0),
    )
    blocks = paragraphs([PageLayout(1, 600, 800, lines)])
    assert blocks[0].text.endswith("教师没有按要求填写。")
