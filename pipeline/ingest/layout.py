"""From positioned lines (PDF text layer or OCR) to paragraphs, headers and footers.

Shared by the PDF and OCR readers. Coordinates are points, top-down.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from ..model import Block, BlockKind, Location, StyleHints

_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_PUNCT = _CJK + "\u2014\u2018-\u201f\u2026"  # — ‘ ’ “ ” … sit between CJK characters too
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_PUNCT}])[ \t]+(?=[{_CJK_PUNCT}])")
_HALF_PUNCT = re.compile(f"(?<=[{_CJK}]) *([,;:!?]) *|(?<![0-9A-Za-z]) *([,;:!?]) *(?=[{_CJK}])")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_SPACE_CJK_DIGIT = re.compile(f"(?<=[{_CJK_PUNCT}])[ \t]+(?=[0-9])|(?<=[0-9])[ \t]+(?=[{_CJK_PUNCT}])")
# Labels that start a new paragraph even when the previous line ran to the margin.
_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]\D|[①-⑳]|第[一二三四五六七八九十\d]+[章条部分])")
# Page numbers as Chinese offices print them: "- 3 -", "— 3 —", "第 3 页", "第3页 共5页", "3/5", "3".
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]?\s*\d{1,4}\s*[-—–－]?|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$", re.IGNORECASE)


# Typed numbering labels, in the order of the official-document hierarchy (GB/T 9704):
# 一、 → （一） → 1. → （1） → ①. The label is kept apart from the text like Word's automatic numbers.
_TYPED_LABELS = (
    (re.compile(r"^([一二三四五六七八九十百]+[、，．.])\s*(?=\S)"), 0),
    (re.compile(r"^([（(][一二三四五六七八九十百]+[)）][、，]?)\s*(?=\S)"), 1),
    (re.compile(r"^(\d{1,3}(?:[、．]|\.(?!\d)))\s*(?=\S)"), 2),
    (re.compile(r"^([（(]\d{1,3}[)）][、，]?)\s*(?=\S)"), 3),
    (re.compile(r"^([①-⑳])\s*(?=\S)"), 4),
)


def split_label(text: str) -> tuple[str, str, int | None]:
    """(label, text without it, level) for a paragraph that starts with a typed numbering label."""
    for pattern, level in _TYPED_LABELS:
        m = pattern.match(text)
        if m:
            return m.group(1), text[m.end():], level
    return "", text, None


@dataclass(frozen=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int  # 1-based
    size: float = 0.0  # font size in points when the PDF says it (0 for OCR)
    glyph: float = 0.0  # OCR: the median height of its words (0 when unknown)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def type_height(self) -> float:
        """How tall its type is: on a slightly turned scan a full line's box is taller than a short
        line's of the same type, so OCR lines are measured by their words."""
        return self.glyph or self.height


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    tables: tuple[tuple[float, Block], ...] = ()  # (top, TABLE block), text already removed from lines


def tidy(text: str) -> str:
    """Collapse runs of spaces and drop the spaces extractors and OCR put between CJK characters."""
    text = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text)


def tidy_pdf(text: str) -> str:
    """tidy(), and drop the spaces pdfium generates where the font switches between CJK and digits (2013 年)."""
    return _SPACE_CJK_DIGIT.sub("", tidy(text))


def tidy_ocr(text: str) -> str:
    """tidy(), and also drop the spaces Tesseract puts between CJK characters and digits (2024 年 → 2024年)."""
    text = _SPACE_CJK_DIGIT.sub("", tidy(text))
    # Tesseract reads ，；： as their ASCII forms with spaces around them
    text = _HALF_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)
    quotes = [i for i, c in enumerate(text) if c in "“”"]
    if len(quotes) % 2 == 0 and quotes:  # Tesseract often reads ” as “: pair them up again
        chars = list(text)
        for n, i in enumerate(quotes):
            chars[i] = "“" if n % 2 == 0 else "”"
        text = "".join(chars)
    return text


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: no space at a CJK boundary, a space between Latin words."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if not out:
            out = ln
        elif CJK_CHAR.match(out[-1]) or CJK_CHAR.match(ln[0]):
            out += ln
        elif out.endswith("-"):
            out = out[:-1] + ln
        else:
            out += " " + ln
    return out


def cjk_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if CJK_CHAR.match(c)) / len(letters) if letters else 0.0


def split_margins(pages: list[PageLayout]) -> tuple[list[Block], list[Block], list[PageLayout]]:
    """Take repeated page headers/footers and page numbers out of the pages.

    A line at the top or bottom of a page is a header/footer when its text
    (digits ignored) recurs there on at least half the pages, or when it is a
    page number. Each distinct one is returned once.
    """
    def zone_lines(p: PageLayout) -> list[tuple[str, Line]]:
        out: list[tuple[str, Line]] = []
        if not p.lines:
            return out
        body = sorted(p.lines, key=lambda ln: ln.top)
        # a margin line sits in the top/bottom 12% and apart from the body (a gap of a line or more)
        for i, ln in enumerate(body[:2]):
            nxt = body[i + 1] if i + 1 < len(body) else None
            if ln.bottom < 0.12 * p.height and (nxt is None or nxt.top - ln.bottom > ln.height
                                                 or PAGE_NUMBER.match(ln.text)):
                out.append(("header", ln))
        for i, ln in enumerate(body[-2:]):
            j = len(body) - min(2, len(body)) + i
            prev = body[j - 1] if j > 0 else None
            if ln.top > 0.88 * p.height and (prev is None or ln.top - prev.bottom > ln.height
                                              or PAGE_NUMBER.match(ln.text)):
                out.append(("footer", ln))
        return out

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.replace(" ", ""))

    counts: Counter[tuple[str, str]] = Counter()
    for p in pages:
        counts.update({(part, key(ln.text)) for part, ln in zone_lines(p)})
    need = max(2, (len(pages) + 1) // 2)
    headers: list[Block] = []
    footers: list[Block] = []
    seen: set[tuple[str, str]] = set()
    cleaned: list[PageLayout] = []
    for p in pages:
        drop: set[Line] = set()
        for part, ln in zone_lines(p):
            k = (part, key(ln.text))
            if counts[k] >= need or PAGE_NUMBER.match(ln.text):
                drop.add(ln)
                if k not in seen:
                    seen.add(k)
                    kind = BlockKind.HEADER if part == "header" else BlockKind.FOOTER
                    (headers if part == "header" else footers).append(
                        Block(kind, ln.text, Location(page=p.number, part=part)))
        cleaned.append(PageLayout(p.number, p.width, p.height, tuple(x for x in p.lines if x not in drop), p.tables))
    return headers, footers, cleaned


def paragraphs(pages: list[PageLayout]) -> list[Block]:
    """Body lines joined into paragraphs, with the tables in their places.

    A paragraph ends where a line stops well short of the right margin, before
    an indented line, a numbering label, a wider gap or a change of font size;
    it carries on across a page break when the last line ran to the margin.
    """
    all_lines = [ln for p in pages for ln in p.lines]
    if not all_lines and not any(p.tables for p in pages):
        return []
    h = median(ln.height for ln in all_lines) if all_lines else 10.0
    x0s = sorted(ln.x0 for ln in all_lines) or [0.0]
    x1s = sorted(ln.x1 for ln in all_lines) or [0.0]
    left = x0s[len(x0s) // 10]
    right = x1s[(len(x1s) * 9) // 10]
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if not current:
            return
        text = tidy(join_lines([ln.text for ln in current]))
        if text:
            first = current[0]
            centred = (any(ln.x0 > left + 2 * h for ln in current)
                       and all(abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) < 1.5 * h for ln in current))
            sizes = [ln.size for ln in current if ln.size] or [ln.height for ln in current]
            style = StyleHints(size=round(median(sizes), 1),
                               alignment="center" if centred else None)
            label, rest, level = split_label(text)
            blocks.append(Block(BlockKind.PARAGRAPH, rest, Location(page=first.page), label=label, level=level,
                                style=style))
        current.clear()

    for p in pages:
        # margins are symmetric on official paper: this also holds when no line on the page runs full width
        page_right = max(right, p.width - left) if p.width > left else right
        items: list[tuple[float, Line | Block]] = [(ln.top, ln) for ln in p.lines] + list(p.tables)
        items.sort(key=lambda it: it[0])
        for _, item in items:
            if isinstance(item, Block):
                flush()
                blocks.append(item)
                continue
            if current and _starts_paragraph(current[-1], item, left, page_right, h):
                flush()
            current.append(item)
    flush()
    return blocks


def _starts_paragraph(prev: Line, ln: Line, left: float, right: float, h: float) -> bool:
    centre = (left + right) / 2
    if (ln.page == prev.page and abs((prev.x0 + prev.x1) / 2 - centre) < 1.5 * h
            and abs((ln.x0 + ln.x1) / 2 - centre) < 1.5 * h and prev.x1 - prev.x0 > 0.6 * (right - left)
            and abs(ln.height - prev.height) <= 0.1 * prev.height and ln.top - prev.bottom < 0.8 * prev.height):
        return False  # a centred title wrapped over two lines
    if prev.x1 < right - 1.5 * h:  # the previous line ended early
        return True
    if ln.x0 > left + 1.2 * h:  # first-line indent (两字缩进) or a centred title
        return True
    if _LABEL.match(ln.text):
        return True
    if abs(ln.type_height - prev.type_height) > 0.25 * max(ln.type_height, prev.type_height):
        return True
    if ln.page == prev.page and ln.top - prev.bottom > 1.2 * max(ln.height, prev.height):  # noqa: SIM103
        return True  # a gap wider than a line
    return False


def number_blocks(blocks: list[Block]) -> tuple[Block, ...]:
    """Give every block its reading-order index (Location.paragraph), keeping its page."""
    from dataclasses import replace

    out = []
    for i, b in enumerate(blocks):
        loc = b.location if b.location.part else replace(b.location, paragraph=i)
        out.append(replace(b, location=loc))
    return tuple(out)
