"""Web pages: Word's "save as web page" (.htm, often renamed .doc) and single-file web archives (.mht).

Old offices save a Word document as a web page and rename it ``.doc``; read as
text it is markup. Here its text is read the way a browser shows it:
headings (``h1``…``h6``, Word's title and outline-level paragraphs), paragraphs
and list items with their typed numbering labels, tables cell by cell. Scripts,
styles and Word's conditional comments are dropped; nothing is fetched (no
network, no external entities). A ``.mht`` is a MIME message: its HTML part is
read the same way.
"""

from __future__ import annotations

import email
import email.policy
import re
from typing import Any

from ..errors import CorruptFile, EmptyFile, TooLargeFile
from ..model import Block, BlockKind, Cell, Document, Location, StyleHints, Table
from . import sha256
from .layout import split_label

MAX_HTML_BYTES = 20 * 1024 * 1024
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONDITIONAL = re.compile(r"<!\[(?:end)?if[^\]>]*\]?>", re.IGNORECASE)  # Word's <![if !supportLists]>
_SPACE = re.compile(r"\s+")
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd", "address",
           "caption", "center"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "object", "iframe", "svg", "math"}
_OUTLINE = re.compile(r"mso-outline-level\s*:\s*([1-9])", re.IGNORECASE)


def decode(data: bytes) -> str:
    """The page's text: the charset it declares (gb2312 read as its superset GB18030), else UTF-8, else GB18030."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    declared = _CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk") else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _tidy(text: str) -> str:
    """Whitespace as a browser shows it; no space left between two Chinese characters (source line breaks)."""
    text = _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
    return _CJK_GAP.sub("", text)


def read_html(text: str, data: bytes, path: str, fmt: str = "html") -> Document:
    """A Document from an HTML page's text."""
    import lxml.html
    from lxml import etree

    text = _CONDITIONAL.sub("", _XML_DECLARATION.sub("", text, count=1))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise EmptyFile(path, "网页中没有文字") from e
    for bad in list(root.iter(*_SKIP)):
        bad.drop_tree()  # type: ignore[attr-defined]  # an HtmlElement: keeps the text after it
    body = root.find("body")
    blocks: list[Block] = []
    _walk(body if body is not None else root, blocks)
    if not blocks:
        raise EmptyFile(path, "网页中没有文字")
    return Document(path=path, format=fmt, sha256=sha256(data), blocks=tuple(blocks))


def _walk(el: Any, blocks: list[Block]) -> None:
    """Blocks in reading order: an element holding no block is one paragraph; tables are tables."""
    if el.text and el.text.strip():
        _add(el.text, "p", None, blocks)
    for child in el:
        if isinstance(child.tag, str):
            tag = child.tag.lower()
            if tag == "table":
                table = _table(child, len(blocks), sum(1 for b in blocks if b.kind is BlockKind.TABLE))
                if table is not None:
                    blocks.append(table)
            elif any(isinstance(c.tag, str) and (c.tag.lower() in _BLOCKS or c.tag.lower() == "table")
                     for c in child.iterdescendants()):
                _walk(child, blocks)
            else:
                _add(child.text_content(), tag, child, blocks)
        if child.tail and child.tail.strip():
            _add(child.tail, "p", None, blocks)


def _add(raw: str, tag: str, el: Any, blocks: list[Block]) -> None:
    text = _tidy(raw)
    if not text:
        return
    level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else None
    css = ((el.get("class") if el is not None else None) or "").lower()
    outline = _OUTLINE.search((el.get("style") if el is not None else None) or "")
    if level is None and outline:
        level = int(outline.group(1))
    if level is None and css == "msotitle":
        level = 1
    label, rest, list_level = split_label(text)
    kind = BlockKind.HEADING if level is not None else BlockKind.LIST_ITEM if tag == "li" else BlockKind.PARAGRAPH
    blocks.append(Block(kind, rest or text, Location(paragraph=len(blocks)), label=label if rest else "",
                        level=list_level, style=StyleHints(heading_level=level, style_name=css or None)))


def _table(el: Any, paragraph: int, index: int) -> Block | None:
    rows: list[tuple[Cell, ...]] = []
    taken: set[tuple[int, int]] = set()
    own_rows = [tr for tr in el.iter("tr") if _owner_table(tr) is el]  # not the rows of a nested table
    for r, tr in enumerate(own_rows):
        cells = []
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            cells.append(Cell(_tidy(td.text_content()), r, col, rowspan, colspan))
            col += colspan
        if cells:
            rows.append(tuple(cells))
    if not rows or not any(c.text for row in rows for c in row):
        return None
    text = "\n".join(" | ".join(c.text for c in row) for row in rows)
    return Block(BlockKind.TABLE, text, Location(paragraph=paragraph, table=index), table=Table(tuple(rows)))


def _owner_table(tr: Any) -> Any:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 100)  # a hostile rowspan="1000000" spans at most 100
    except ValueError:
        return 1


def read(data: bytes, path: str) -> Document:
    """An HTML page (Word's "save as web page", whatever its extension)."""
    if len(data) > MAX_HTML_BYTES:
        raise TooLargeFile(path, f"网页 {len(data) // (1024 * 1024)} MB，上限 {MAX_HTML_BYTES // (1024 * 1024)} MB")
    return read_html(decode(data), data, path)


def read_mht(data: bytes, path: str) -> Document:
    """A single-file web page (.mht/.mhtml, MIME multipart/related): its HTML part."""
    if len(data) > MAX_HTML_BYTES:
        raise TooLargeFile(path, f"网页 {len(data) // (1024 * 1024)} MB，上限 {MAX_HTML_BYTES // (1024 * 1024)} MB")
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except (ValueError, TypeError, LookupError) as e:
        raise CorruptFile(path, "单个文件网页（MHT）无法解析") from e
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset:
            if charset.lower() in ("gb2312", "gbk"):
                charset = "gb18030"
            try:
                text = payload.decode(charset)
            except (UnicodeDecodeError, LookupError):
                text = decode(payload)
        else:
            text = decode(payload)
        return read_html(text, data, path, fmt="mht")
    raise CorruptFile(path, "单个文件网页（MHT）中没有网页内容")
