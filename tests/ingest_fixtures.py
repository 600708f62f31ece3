"""Real files for the ingest tests, made once per test session.

Word files are written with python-docx; LibreOffice turns them into the PDF,
.doc, .odt and .rtf a school would send, so their text layers are real. A
scanned page is a LibreOffice page rasterised by pdfium and put back into a
PDF as an image, with nothing but the picture.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

WORK = Path(tempfile.mkdtemp(prefix="papercheck-test-ingest-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)

SCHOOL = "城关镇中心小学"
TITLE = "城关镇中心小学开展“三找”活动实施方案"
PARAGRAPHS = [
    ("为深入贯彻落实区教育局关于开展“三找”活动的通知精神，切实转变工作作风，严肃工作纪律，"
    "推动各项工作落到实处，结合我校实际，特制定本方案。"),
    ("全体教职工要充分认识开展此项活动的重要意义，紧密联系思想和工作实际，认真查找在工作作风、"
    "工作纪律和工作落实方面存在的突出问题，做到边查边改、立行立改。"),
    ("学校成立以校长为组长、分管副校长为副组长、各处室负责人为成员的活动领导小组，领导小组下设办公室，"
    "具体负责活动的组织协调和督促检查工作。"),
]
TABLE = [["序号", "问题类别", "整改措施", "责任人"],
         ["1", "工作作风", "每周深入课堂听课不少于两节，及时反馈意见", "王校长"],
         ["2", "工作纪律", "严格执行坐班制度，每日签到", "李主任"]]


def _add_page_number_footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.text = "- "
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    p.add_run(" -")


@cache
def official_docx(pages: int = 3) -> bytes:
    """A plan in the register of a real one: header on every page, page numbers, a ruled table."""
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = f"{SCHOOL}“三找”活动材料"
    _add_page_number_footer(section)
    d.add_paragraph(TITLE).alignment = 1
    numerals = "一二三四五六七八九十"
    for n in range(pages):
        d.add_paragraph(f"{numerals[n]}、工作要求")
        for text in PARAGRAPHS:
            d.add_paragraph(text).paragraph_format.first_line_indent = docx.shared.Pt(24)
        if n == 0:
            table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            table.style = "Table Grid"
            for r, row in enumerate(TABLE):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        if n < pages - 1:
            d.add_page_break()
    path = WORK / f"official-{pages}.docx"
    d.save(path)
    return path.read_bytes()


@cache
def convert(data: bytes, suffix: str, target: str) -> bytes:
    """What LibreOffice makes of data (given as a file with suffix) when converted to target."""
    job = Path(tempfile.mkdtemp(dir=WORK))
    source = job / f"in{suffix}"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={(job / 'profile').as_uri()}",
         "--convert-to", target, "--outdir", str(job), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return (job / f"in.{target.split(':')[0]}").read_bytes()


def text_pdf(pages: int = 3) -> bytes:
    return convert(official_docx(pages), ".docx", "pdf")


def plain_text_pdf(text: str) -> bytes:
    """A PDF of plain text lines (no table, no header), through LibreOffice."""
    return convert(text.encode("utf-8"), ".txt", "pdf")


@cache
def scanned_pdf(seal: bool = False, dpi: int = 200) -> bytes:
    """Page 1 of text_pdf() as a picture only (optionally with a red seal over the text)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    src = pdfium.PdfDocument(text_pdf())
    page = src[0]
    width, height = page.get_size()
    rgb = page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[..., :3].copy()
    if seal:
        add_seal(rgb)
    out = pdfium.PdfDocument.new()
    new = out.new_page(width, height)
    image = pdfium.PdfImage.new(out)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(Image.fromarray(np.ascontiguousarray(rgb))))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    new.insert_obj(image)
    new.gen_content()
    path = WORK / f"scanned-{seal}-{dpi}.pdf"
    out.save(path)
    return path.read_bytes()


def add_seal(rgb) -> None:
    """Stamp a red ring and star, as a 公章, over the upper text of a page image (in place).

    Ink multiplies like a real stamp: the text under it stays black.
    """
    import numpy as np

    h, w = rgb.shape[:2]
    cy, cx, radius = int(h * 0.2), int(w * 0.55), int(w * 0.12)
    yy, xx = np.ogrid[:h, :w]
    dist = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
    ring = (dist > radius * 0.85) & (dist < radius)
    disc = (dist < radius * 0.35)
    for mask in (ring, disc):
        rgb[mask] = np.minimum(rgb[mask], np.array([220, 30, 40], np.uint8))


def page_image_png(seal: bool = True, dpi: int = 200) -> bytes:
    """Page 1 of text_pdf() as a PNG photo of the page, the way a school scans to an image file."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    page = pdfium.PdfDocument(text_pdf())[0]
    rgb = page.render(scale=dpi / 72, rev_byteorder=True).to_numpy()[..., :3].copy()
    if seal:
        add_seal(rgb)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def char_overlap(expected: str, got: str) -> float:
    """Share of the expected characters (multiset, spaces ignored) found in got."""
    from collections import Counter

    want = Counter(c for c in expected if not c.isspace())
    have = Counter(c for c in got if not c.isspace())
    return sum((want & have).values()) / max(1, sum(want.values()))
