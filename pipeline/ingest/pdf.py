"""PDF submissions: pypdfium2 for running text, pdfplumber for tables, OCR for pages without usable text.

pypdfium2 reads Chinese text layers several times faster than pdfplumber and
keeps the reading order; pdfplumber is opened only for pages that have ruling
lines (tables) or whose pdfium text is garbled.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import re
from typing import Any

from ..errors import CorruptFile, EncryptedFile, InputError, TooLargeFile
from ..model import Block, BlockKind, Cell, Document, Location, PageImage, Table
from . import sha256
from .layout import Line, PageLayout, cjk_ratio, join_lines, number_blocks, paragraphs, split_margins, tidy_pdf

MAX_PAGES = 500
MAX_OCR_PAGES = 60
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_CID = re.compile(r"\(cid:\d+\)")


def read(data: bytes, path: str) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise EncryptedFile(path, "PDF 设置了打开密码") from e
        raise CorruptFile(path, "PDF 无法打开") from e
    try:
        return _read(pdf, data, path)
    finally:
        pdf.close()


def _read(pdf: Any, data: bytes, path: str) -> Document:
    count = len(pdf)
    if count > MAX_PAGES:
        raise TooLargeFile(path, f"{count} 页，上限 {MAX_PAGES} 页")
    if count == 0:
        raise CorruptFile(path, "PDF 没有页面")
    pages: list[PageLayout] = []
    ruled: list[int] = []
    needs_ocr: list[int] = []
    for i in range(count):
        page = pdf[i]
        try:
            width, height = page.get_size()
            lines, has_rules, image_cover = _page_lines(page, i + 1, height, width)
        finally:
            page.close()
        pages.append(PageLayout(i + 1, width, height, tuple(lines)))
        if has_rules and lines:
            ruled.append(i)
        # a scan: no text, or a scanned page with a few typed words on it (a stamp date, a file number)
        if (not lines and image_cover > 0) or (image_cover > 0.5 and sum(len(ln.text) for ln in lines) < 40):
            needs_ocr.append(i)
    notes: list[str] = []
    doc_cjk = cjk_ratio("".join(ln.text for p in pages for ln in p.lines)) > 0.5
    garbled = [i for i, p in enumerate(pages) if p.lines and _garbled(p, doc_cjk)]
    if garbled or ruled:
        pages = _with_pdfplumber(data, path, pages, garbled, ruled, doc_cjk)
        garbled = [i for i in garbled if _garbled(pages[i], doc_cjk)]
        needs_ocr += garbled
    ocr_used = False
    images: list[PageImage] = []
    if needs_ocr:
        if len(needs_ocr) > MAX_OCR_PAGES:
            raise TooLargeFile(path, f"{len(needs_ocr)} 页需要文字识别，上限 {MAX_OCR_PAGES} 页")
        from .ocr import PAGE_SPLIT, PagesWanted

        wanted = sorted(set(needs_ocr))
        if PAGE_SPLIT.split and len(wanted) > 1 and not PAGE_SPLIT.given:
            raise PagesWanted(wanted)  # the cluster OCRs each page as its own task, then reads this again
        for i in sorted(needs_ocr):
            given = PAGE_SPLIT.given.get(i)
            pages[i], image = given if given is not None else _ocr_page(pdf, i, pages[i], path)
            images.append(image)
        ocr_used = True
        listed = "、".join(str(i + 1) for i in sorted(needs_ocr)[:10])
        reason = "为扫描图像或文字层乱码" if garbled else "为扫描图像"
        notes.append(f"第{listed}页{reason}，文字经 OCR 识别，请人工核对")
    headers, footers, body = split_margins(pages)
    blocks = number_blocks(headers + paragraphs(body) + footers)
    if not blocks:
        notes.append("PDF 中没有可读的文字")
    return Document(path=path, format="pdf", sha256=sha256(data), blocks=blocks, ocr=ocr_used,
                    pages=count, notes=tuple(notes), page_images=tuple(images))


def _page_lines(page: Any, number: int, height: float, width: float) -> tuple[list[Line], bool, float]:
    """The page's text lines from pdfium's characters, whether it has ruling lines, and how much of it images cover."""
    from pypdfium2 import raw

    textpage = page.get_textpage()
    try:
        chars = []
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        for i in range(raw.FPDFText_CountChars(textpage)):
            code = raw.FPDFText_GetUnicode(textpage, i)
            if raw.FPDFText_IsGenerated(textpage, i) == 1 and code != 32:
                continue  # pdfium's own line breaks; its generated spaces mark word gaps and are kept
            if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13):
                continue
            if not raw.FPDFText_GetCharBox(textpage, i, left, right, bottom, top):
                continue
            chars.append((chr(code), left.value, right.value, height - top.value, height - bottom.value,
                          raw.FPDFText_GetFontSize(textpage, i)))
    finally:
        textpage.close()
    paths = 0
    cover = 0.0
    for obj in page.get_objects(max_depth=2):
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            box = [ctypes.c_float() for _ in range(4)]
            raw.FPDFPageObj_GetBounds(obj.raw, *box)
            x0, y0, x1, y1 = (b.value for b in box)
            cover = max(cover, max(x1 - x0, 1.0) * max(y1 - y0, 1.0) / max(width * height, 1.0))
    return _group_lines(chars, number), paths >= 4, cover


def _group_lines(chars: list[tuple[str, float, float, float, float, float]], number: int) -> list[Line]:
    """Cluster characters into lines, each ordered left to right.

    Lines are formed from full-height characters by vertical centre; small
    glyphs (，。“” and the like sit high or low in their box) then join the
    line their centre falls in, or the nearest one.
    """
    visible = chars
    solid = [c for c in visible if not c[0].isspace()]
    if not solid:
        return []
    heights = sorted(max(c[4] - c[3], 0.5) for c in solid)
    h = heights[len(heights) // 2]
    tall = sorted((c for c in solid if c[4] - c[3] >= 0.6 * h), key=lambda c: (c[3] + c[4]) / 2)
    groups: list[list[tuple[str, float, float, float, float, float]]] = []
    ranges: list[list[float]] = []
    for c in tall:
        mid = (c[3] + c[4]) / 2
        if groups and abs(mid - (ranges[-1][0] + ranges[-1][1]) / 2) <= 0.45 * h:
            groups[-1].append(c)
            ranges[-1] = [min(ranges[-1][0], c[3]), max(ranges[-1][1], c[4])]
        else:
            groups.append([c])
            ranges.append([c[3], c[4]])
    in_line = {id(c) for c in tall}
    centres = [(r[0] + r[1]) / 2 for r in ranges]  # ascending, as the lines were formed
    for c in visible:
        if id(c) in in_line:
            continue
        mid = (c[3] + c[4]) / 2
        if not groups:
            groups.append([])
            ranges.append([c[3], c[4]])
        at = bisect.bisect_left(centres, mid)
        near = [g for g in (at - 1, at) if 0 <= g < len(groups)]
        best = min(near, key=lambda g: 0 if ranges[g][0] <= mid <= ranges[g][1]
                   else min(abs(mid - ranges[g][0]), abs(mid - ranges[g][1])))
        groups[best].append(c)
    lines = []
    for g in groups:
        g.sort(key=lambda c: c[1])
        text = ""
        prev = None
        for c in g:
            if prev is not None and c[1] - prev[2] > 1.0 * h and not text.endswith(" "):
                text += " "  # a real gap; tidy_pdf() drops it again between CJK characters
            text += c[0]
            prev = c
        text = tidy_pdf(text)
        if text:
            ink = [c for c in g if not c[0].isspace()] or g
            sizes = sorted(c[5] for c in ink)
            lines.append(Line(text, min(c[1] for c in ink), max(c[2] for c in ink),
                              min(c[3] for c in ink), max(c[4] for c in ink), number, round(sizes[len(sizes) // 2], 1)))
    lines.sort(key=lambda ln: ln.top)
    return lines


def _garbled(page: PageLayout, doc_cjk: bool) -> bool:
    """Text that is there but unreadable: (cid:N), U+FFFD, private-use glyphs, or Latin noise in a Chinese document."""
    text = "".join(ln.text for ln in page.lines)
    if not text:
        return False
    bad = len(_CID.findall(text)) * 5 + text.count("\ufffd") + len(_PRIVATE_USE.findall(text))
    bad += sum(1 for c in text if ord(c) < 32)
    if bad >= max(3, 0.05 * len(text)):
        return True
    return doc_cjk and len(text) >= 40 and cjk_ratio(text) < 0.1


def _with_pdfplumber(data: bytes, path: str, pages: list[PageLayout], garbled: list[int], ruled: list[int],
                     doc_cjk: bool) -> list[PageLayout]:
    """Re-read garbled pages with pdfplumber and take tables out of pages with ruling lines."""
    import pdfplumber

    pages = list(pages)
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            table_index = 0
            for i in sorted(set(garbled) | set(ruled)):
                ppage = plumber.pages[i]
                if i in garbled:
                    lines = tuple(
                        Line(tidy_pdf(t["text"]), t["x0"], t["x1"], t["top"], t["bottom"], i + 1)
                        for t in ppage.extract_text_lines() if tidy_pdf(t["text"]))
                    pages[i] = PageLayout(pages[i].number, pages[i].width, pages[i].height, lines)
                if i in ruled and not _garbled(pages[i], doc_cjk):
                    pages[i], table_index = _take_tables(ppage, pages[i], table_index)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 -- pdfplumber/pdfminer choked: keep what pdfium read
        return pages
    return pages


def _take_tables(ppage: Any, page: PageLayout, table_index: int) -> tuple[PageLayout, int]:
    tables = []
    lines = list(page.lines)
    for found in ppage.find_tables():
        x0, top, x1, bottom = found.bbox
        block = _table_block(found, page.number, table_index)
        if block is None:
            continue
        table_index += 1
        tables.append((top, block))
        lines = [ln for ln in lines
                 if not (x0 - 1 <= (ln.x0 + ln.x1) / 2 <= x1 + 1 and top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1)]
    return PageLayout(page.number, page.width, page.height, tuple(lines), tuple(tables)), table_index


def _table_block(found: Any, page: int, index: int) -> Block | None:
    """A pdfplumber table as a TABLE block; a merged cell appears once with its spans."""
    boxes = [cell for row in found.rows for cell in row.cells if cell is not None]
    if len(boxes) < 2:
        return None
    xs = sorted({round(b[0], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes})
    texts = found.extract()
    rows: list[tuple[Cell, ...]] = []
    for r, row in enumerate(found.rows):
        cells = []
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            raw_text = texts[r][c] if r < len(texts) and c < len(texts[r]) else ""
            text = tidy_pdf(join_lines((raw_text or "").split("\n")))
            col = xs.index(round(box[0], 1))
            row_at = ys.index(round(box[1], 1))
            colspan = max(1, sum(1 for x in xs if box[0] - 0.5 <= x < box[2] - 0.5))
            rowspan = max(1, sum(1 for y in ys if box[1] - 0.5 <= y < box[3] - 0.5))
            cells.append(Cell(text, row_at, col, rowspan, colspan))
        if cells:
            rows.append(tuple(cells))
    text = "\n".join(" | ".join(c.text for c in row) for row in rows)
    return Block(BlockKind.TABLE, text, Location(page=page, table=index), table=Table(tuple(rows)))


def ocr_dpi(width: float, height: float, path: str, number: int) -> int:
    """The resolution to render a page at for OCR: DPI, lower for a big page, refused when even MIN_DPI is too many pixels.

    Checked on the page size before anything is rendered (a 200-inch page at 300 dpi is 3.6 billion pixels).
    """
    from .ocr import DPI, MAX_PIXELS, MIN_DPI

    area = abs(width * height) / (72 * 72)  # square inches
    if area * DPI * DPI <= MAX_PIXELS:
        return DPI
    dpi = int((MAX_PIXELS / area) ** 0.5) if area else DPI
    if dpi < MIN_DPI:
        raise TooLargeFile(path, f"第{number}页 {abs(width) / 72:.0f}×{abs(height) / 72:.0f} 英寸，按 {MIN_DPI} dpi "
                                 f"识别也超过 {MAX_PIXELS // 1_000_000} 百万像素上限")
    return dpi


def ocr_one_page(data: bytes, path: str, i: int) -> tuple[PageLayout, PageImage]:
    """Page ``i`` (0-based) of a PDF read by OCR, as ``read`` would: one task of a split scan."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise CorruptFile(path, "PDF 无法打开") from e
    try:
        page = pdf[i]
        try:
            width, height = page.get_size()
        finally:
            page.close()
        return _ocr_page(pdf, i, PageLayout(i + 1, width, height, ()), path)
    finally:
        pdf.close()


def _ocr_page(pdf: Any, i: int, layout: PageLayout, path: str) -> tuple[PageLayout, PageImage]:
    """The page's lines read by OCR, and a small image of it for the report."""
    from .ocr import page_image, recognise, require_tesseract, suppress_seals

    require_tesseract(path)
    dpi = ocr_dpi(layout.width, layout.height, path, i + 1)
    page = pdf[i]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        rgb = bitmap.to_numpy()[..., :3]
    finally:
        page.close()
    lines = recognise(suppress_seals(rgb), path, i + 1, dpi)
    return PageLayout(layout.number, layout.width, layout.height, tuple(lines)), page_image(rgb, layout.number)
