"""Word .docx submissions, read with lxml straight from the zip parts.

One pass over ``word/document.xml`` in document order gives the blocks: body
paragraphs (heading, list item or paragraph, with Word's automatic numbering
rendered as the reader sees it, see docx_numbering), tables (merged cells once),
and text boxes right after the paragraph that anchors them. Headers and footers
follow the body, each distinct one once. Tracked changes read as accepted.
A body of pictures without text (pasted scans) is noted for review.

The zip and its XML come from schools, so nothing is trusted: member sizes are
checked before inflating and capped while streaming, and the XML parser never
resolves entities, loads a DTD or touches the network; a part with a DOCTYPE is
refused.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..errors import CorruptFile, EncryptedFile, TooLargeFile
from ..model import Block, BlockKind, Cell, Document, Location, StyleHints, Table
from . import sha256
from .docx_numbering import Numbered, Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

MAX_PART_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
IMAGE_ONLY_NOTE = "Word文档正文只有图片、没有文字（可能是粘贴的扫描件），需人工查看"

# Tag names, built once (an f-string per lookup costs real time over thousands of paragraphs).
_B = f"{W}b"
_BASEDON = f"{W}basedOn"
_BODY = f"{W}body"
_BR = f"{W}br"
_CR = f"{W}cr"
_DEFAULT = f"{W}default"
_DEL = f"{W}del"
_DOCDEFAULTS = f"{W}docDefaults"
_DRAWING = f"{W}drawing"
_FOOTERREFERENCE = f"{W}footerReference"
_GRIDBEFORE = f"{W}gridBefore"
_GRIDSPAN = f"{W}gridSpan"
_HEADERREFERENCE = f"{W}headerReference"
_HMERGE = f"{W}hMerge"
_ILVL = f"{W}ilvl"
_JC = f"{W}jc"
_MC_ALTERNATECONTENT = f"{MC}AlternateContent"
_MC_CHOICE = f"{MC}Choice"
_MC_FALLBACK = f"{MC}Fallback"
_NAME = f"{W}name"
_NOBREAKHYPHEN = f"{W}noBreakHyphen"
_NUMID = f"{W}numId"
_NUMPR = f"{W}numPr"
_OBJECT = f"{W}object"
_OUTLINELVL = f"{W}outlineLvl"
_P = f"{W}p"
_PICT = f"{W}pict"
_PPR = f"{W}pPr"
_PPRDEFAULT_PPR_JC = f"{W}pPrDefault/{W}pPr/{W}jc"
_PPR_NUMPR_NUMID = f"{W}pPr/{W}numPr/{W}numId"
_PPR_SECTPR = f"{W}pPr/{W}sectPr"
_PSTYLE = f"{W}pStyle"
_PTAB = f"{W}ptab"
_R = f"{W}r"
_RPR = f"{W}rPr"
_RPRDEFAULT_RPR = f"{W}rPrDefault/{W}rPr"
_RSTYLE = f"{W}rStyle"
_RUBY = f"{W}ruby"
_RUBYBASE = f"{W}rubyBase"
_SECTPR = f"{W}sectPr"
_STYLE = f"{W}style"
_STYLEID = f"{W}styleId"
_SZ = f"{W}sz"
_T = f"{W}t"
_TAB = f"{W}tab"
_TBL = f"{W}tbl"
_TC = f"{W}tc"
_TCPR = f"{W}tcPr"
_TR = f"{W}tr"
_TRPR = f"{W}trPr"
_TXBXCONTENT = f"{W}txbxContent"
_TYPE = f"{W}type"
_VAL = f"{W}val"
_VANISH = f"{W}vanish"
_VMERGE = f"{W}vMerge"

_ALIGNMENT = {"center": "center", "both": "justify", "distribute": "justify", "left": "left",
              "start": "left", "right": "right", "end": "right"}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)

# Inline elements whose content the reader never sees (tracked deletions,
# properties, field instructions).
_SKIP = frozenset(f"{W}{t}" for t in (
    "del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "instrText", "delText", "delInstrText",
    "customXmlPr", "smartTagPr", "fldData",
))
_CONTAINERS = frozenset(f"{W}{t}" for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
_SDT = f"{W}sdt"
_PPR_RPR_DEL = f"{W}rPr/{W}del"
_SDT_PLACEHOLDER = f"{W}sdtPr/{W}showingPlcHdr"

# ISO 29500 Strict parts use other namespaces for the same vocabulary.
_STRICT = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main", W[1:-1].encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_ID[1:R_ID.index("}")].encode()))


def _placeholder(el: etree._Element) -> bool:
    """A content control still showing its prompt (单击或点击此处输入文字): not the school's text."""
    return el.tag == _SDT and el.find(_SDT_PLACEHOLDER) is not None


def read(data: bytes, path: str) -> Document:
    """Read one .docx into a Document, or raise CorruptFile/EncryptedFile/TooLargeFile."""
    package = _Package(data, path)
    try:
        document = package.xml("word/document.xml")
        if document is None:
            raise CorruptFile(path, "word/document.xml")
        body = document.find(_BODY)
        styles = _styles(package)
        numbering = _numbering(package, styles)
        reader = _Reader(path, styles, numbering)
        if body is not None:
            reader.body(body)
        reader.headers_footers(package)
    finally:
        package.close()
    notes: tuple[str, ...] = ()
    if reader.pictures and not any(b.location.part is None for b in reader.blocks):
        # Scanned pages pasted into Word: nothing to check until someone reads the pictures.
        notes = (IMAGE_ONLY_NOTE,)
    return Document(path=path, format="docx", sha256=sha256(data), blocks=tuple(reader.blocks), notes=notes)


_STYLES_SEEN: OrderedDict[tuple[int, int], _Styles] = OrderedDict()  # (CRC-32, size) → _Styles, most recent last
_NUMBERING_SEEN: OrderedDict[tuple[int, int], Numbering] = OrderedDict()
_KEPT = 8


def _styles(package: _Package) -> _Styles:
    """The document's styles; files made from the same template share styles.xml, so it is parsed once.

    A _Styles depends only on the part's bytes (its lazy caches fill the same way whichever
    document asks), so one built for an identical styles.xml is reused as it is. Identical is
    the part's CRC-32 and size as the zip lists them: a hit neither inflates nor hashes the part
    (python-docx's template has a 350 KB styles.xml).
    """
    key = package.fingerprint("word/styles.xml")
    if key is None:
        return _Styles(None)
    styles = _STYLES_SEEN.get(key)
    if styles is None:
        styles = _STYLES_SEEN[key] = _Styles(package.xml("word/styles.xml"))
        if len(_STYLES_SEEN) > _KEPT:
            _STYLES_SEEN.popitem(last=False)
    else:
        _STYLES_SEEN.move_to_end(key)
    return styles


def _numbering(package: _Package, styles: _Styles) -> Numbering:
    """The document's lists, their definitions parsed once per distinct numbering.xml (as ``_styles``)."""
    key = package.fingerprint("word/numbering.xml")
    if key is None:
        return Numbering(None, styles.num_id)
    parsed = _NUMBERING_SEEN.get(key)
    if parsed is None:
        parsed = _NUMBERING_SEEN[key] = Numbering(package.xml("word/numbering.xml"), styles.num_id)
        if len(_NUMBERING_SEEN) > _KEPT:
            _NUMBERING_SEEN.popitem(last=False)
    else:
        _NUMBERING_SEEN.move_to_end(key)
    return parsed.for_document(styles.num_id)


# --- the zip package ---------------------------------------------------------


class _Package:
    """The zip parts of a .docx, inflated with size limits and parsed safely."""

    def __init__(self, data: bytes, path: str) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError, struct.error) as e:
            raise CorruptFile(path) from e
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_BYTES:
            raise TooLargeFile(path, f"{declared // (1024 * 1024)} MB")
        self._infos = {i.filename.replace("\\", "/").lower(): i for i in infos}
        self._inflated = 0

    def close(self) -> None:
        self._zip.close()

    def fingerprint(self, name: str) -> tuple[int, int] | None:
        """A part's CRC-32 and size as the zip lists them (None: no such part), without inflating it."""
        info = self._infos.get(name.lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise EncryptedFile(self.path)
        return info.CRC, info.file_size

    def read(self, name: str) -> bytes | None:
        info = self._infos.get(name.lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise EncryptedFile(self.path)
        if info.file_size > MAX_PART_BYTES:
            raise TooLargeFile(self.path, f"{name} {info.file_size // (1024 * 1024)} MB")
        try:
            with self._zip.open(info) as member:
                # The declared size may lie: stop inflating one byte past the cap.
                data = member.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
                ValueError) as e:
            raise CorruptFile(self.path, name) from e
        if len(data) > MAX_PART_BYTES:
            raise TooLargeFile(self.path, f"{name} > {MAX_PART_BYTES // (1024 * 1024)} MB")
        self._inflated += len(data)
        if self._inflated > MAX_TOTAL_BYTES:
            raise TooLargeFile(self.path, f"> {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
        return data

    def xml(self, name: str) -> etree._Element | None:
        data = self.read(name)
        if data is None:
            return None
        return self.parse(name, data)

    def parse(self, name: str, data: bytes) -> etree._Element:
        """One part's bytes as XML (strict OOXML mapped to transitional); a DTD is refused."""
        if b"purl.oclc.org/ooxml/" in data:
            for strict, transitional in _STRICT:
                data = data.replace(strict, transitional)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError) as e:
            raise CorruptFile(self.path, name) from e
        info = root.getroottree().docinfo
        doctype = info.doctype  # type: ignore[union-attr]  # lxml-stubs lack DocInfo.doctype
        if doctype or info.internalDTD is not None or info.externalDTD is not None:
            # OOXML parts never carry a DTD; one here is an entity/XXE attack or garbage.
            raise CorruptFile(self.path, f"{name} DOCTYPE")
        return root

    def relationships(self, part: str) -> dict[str, str]:
        """rId → part name for the relationships of one part (``word/x.xml``)."""
        folder, _, leaf = part.rpartition("/")
        root = self.xml(f"{folder}/_rels/{leaf}.rels")
        out: dict[str, str] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_REL):
            rid, target = rel.get("Id"), rel.get("Target")
            if not rid or not target or rel.get("TargetMode") == "External":
                continue
            out[rid] = _join(folder, target)
        return out


def _join(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = folder.split("/") if folder else []
    for bit in target.split("/"):
        if bit == "..":
            if parts:
                parts.pop()
        elif bit and bit != ".":
            parts.append(bit)
    return "/".join(parts)


# --- styles -------------------------------------------------------------------


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_VAL, default)


def _int(el: etree._Element | None) -> int | None:
    try:
        return int(_val(el) or "")
    except ValueError:
        return None


def _on(el: etree._Element | None) -> bool | None:
    """A Word on/off property: None when absent."""
    if el is None:
        return None
    return _val(el, "true") not in ("0", "false", "off", "none")


def _half_points(el: etree._Element | None) -> float | None:
    value = _int(el)
    return value / 2 if value else None


@dataclass(frozen=True)
class _ParaStyle:
    """A paragraph style with its basedOn chain resolved."""

    name: str | None = None
    heading_level: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    jc: str | None = None
    bold: bool | None = None
    size: float | None = None


class _Styles:
    """styles.xml: paragraph/character styles through their basedOn chains, and docDefaults."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_bold: bool | None = None
        self.default_size: float | None = None
        self.default_jc: str | None = None
        self._paragraphs: dict[str | None, _ParaStyle] = {}
        self._characters: dict[str | None, tuple[bool | None, float | None]] = {}
        if root is None:
            return
        for style in root.iterfind(_STYLE):
            sid = style.get(_STYLEID)
            if sid is None:
                continue
            self._raw[sid] = style
            if style.get(_TYPE) == "paragraph" and _on_attr(style.get(_DEFAULT)):
                self.default_paragraph = sid
        defaults = root.find(_DOCDEFAULTS)
        if defaults is not None:
            rpr = defaults.find(_RPRDEFAULT_RPR)
            if rpr is not None:
                self.default_bold = _on(rpr.find(_B))
                self.default_size = _half_points(rpr.find(_SZ))
            self.default_jc = _val(defaults.find(_PPRDEFAULT_PPR_JC))

    def paragraph(self, style_id: str | None) -> _ParaStyle:
        if style_id not in self._paragraphs:
            self._paragraphs[style_id] = self._paragraph(style_id)
        return self._paragraphs[style_id]

    def character(self, style_id: str | None) -> tuple[bool | None, float | None]:
        if style_id not in self._characters:
            self._characters[style_id] = self._character(style_id)
        return self._characters[style_id]

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its ancestors, root first."""
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._raw and len(chain) < 32:
            seen.add(style_id)
            style = self._raw[style_id]
            chain.append(style)
            style_id = _val(style.find(_BASEDON))
        return chain[::-1]

    def _paragraph(self, style_id: str | None) -> _ParaStyle:
        chain = self._chain(style_id)
        name = _val(chain[-1].find(_NAME)) if chain else None
        outline = num_id = ilvl = jc = bold = size = None
        for style in chain:
            ppr = style.find(_PPR)
            if ppr is not None:
                outline = _int(ppr.find(_OUTLINELVL)) if ppr.find(_OUTLINELVL) is not None else outline
                num_pr = ppr.find(_NUMPR)
                if num_pr is not None:
                    num_id = _val(num_pr.find(_NUMID), num_id)
                    ilvl = _int(num_pr.find(_ILVL)) if num_pr.find(_ILVL) is not None else ilvl
                jc = _val(ppr.find(_JC), jc)
            rpr = style.find(_RPR)
            if rpr is not None:
                b = _on(rpr.find(_B))
                bold = b if b is not None else bold
                size = _half_points(rpr.find(_SZ)) or size
        level = None
        match = _HEADING_NAME.match(name or "")
        if match:
            level = int(match.group(1))
        elif outline is not None and 0 <= outline <= 8:
            level = outline + 1
        return _ParaStyle(name=name, heading_level=level, num_id=num_id, ilvl=ilvl, jc=jc, bold=bold, size=size)

    def _character(self, style_id: str | None) -> tuple[bool | None, float | None]:
        bold: bool | None = None
        size: float | None = None
        for style in self._chain(style_id):
            rpr = style.find(_RPR)
            if rpr is not None:
                b = _on(rpr.find(_B))
                bold = b if b is not None else bold
                size = _half_points(rpr.find(_SZ)) or size
        return bold, size

    def num_id(self, style_id: str) -> str | None:
        """The numId a (numbering) style carries, for w:numStyleLink."""
        for style in reversed(self._chain(style_id)):
            value = _val(style.find(_PPR_NUMPR_NUMID))
            if value is not None:
                return value
        return None


def _on_attr(value: str | None) -> bool:
    return value is not None and value not in ("0", "false", "off")


# --- paragraphs -----------------------------------------------------------------


_NO_HINTS = StyleHints()


@dataclass
class _Inline:
    """What one paragraph's runs hold: text pieces with their run properties, and text boxes."""

    runs: list[tuple[str, etree._Element | None]] = field(default_factory=list)
    boxes: list[etree._Element] = field(default_factory=list)


@dataclass(frozen=True)
class _Para:
    text: str
    numbered: Numbered | None
    heading_level: int | None
    style: StyleHints
    boxes: tuple[etree._Element, ...]
    merges_next: bool = False  # its paragraph mark is a tracked deletion: joins the next paragraph


def _choose(alternate: etree._Element) -> etree._Element | None:
    """mc:AlternateContent: the first Choice, else the Fallback: never both, or text doubles."""
    for child in alternate:
        if child.tag in (_MC_CHOICE, _MC_FALLBACK):
            return child
    return None


def _boxes(el: etree._Element, out: list[etree._Element]) -> None:
    """The outermost w:txbxContent under a drawing/picture, one branch of each AlternateContent."""
    for child in el:
        tag = child.tag
        if tag == _TXBXCONTENT:
            out.append(child)
        elif tag == _MC_ALTERNATECONTENT:
            chosen = _choose(child)
            if chosen is not None:
                _boxes(chosen, out)
        elif isinstance(tag, str):
            _boxes(child, out)


class _Reader:
    """Walks the body in document order and collects blocks."""

    def __init__(self, path: str, styles: _Styles, numbering: Numbering) -> None:
        self.path = path
        self.styles = styles
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.tables = 0
        self.section_refs: list[tuple[str, str]] = []  # (header|footer, rId) in document order
        self.pictures = 0
        self._carry = ""  # text of paragraphs whose mark was deleted, waiting for the next paragraph

    # body ------------------------------------------------------------------

    def body(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._emit_paragraph(child)
            elif tag == _TBL:
                self._emit_table(child)
            elif tag in _CONTAINERS and not _placeholder(child):
                self.body(child)
            elif tag == _MC_ALTERNATECONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self.body(chosen)
            elif tag == _SECTPR:
                self._section(child)

    def _section(self, sect_pr: etree._Element) -> None:
        for ref in sect_pr:
            if ref.tag in (_HEADERREFERENCE, _FOOTERREFERENCE):
                rid = ref.get(R_ID)
                if rid:
                    self.section_refs.append(("header" if ref.tag == _HEADERREFERENCE else "footer", rid))

    def _emit_paragraph(self, p: etree._Element) -> None:
        sect_pr = p.find(_PPR_SECTPR)
        if sect_pr is not None:
            self._section(sect_pr)
        para = self._paragraph(p)
        text = para.text
        if para.merges_next:
            self._carry += text
            text = ""
        elif self._carry:
            text, self._carry = (self._carry + text).strip(), ""
        if text:
            if para.heading_level is not None:
                kind = BlockKind.HEADING
            elif para.numbered is not None:
                kind = BlockKind.LIST_ITEM
            else:
                kind = BlockKind.PARAGRAPH
            self.blocks.append(Block(
                kind=kind,
                text=text,
                location=Location(paragraph=len(self.blocks)),
                label=para.numbered.label if para.numbered else "",
                level=para.numbered.level if para.numbered else None,
                style=para.style,
            ))
        for box in para.boxes:
            text = "\n".join(self._lines(box, "\t")).strip()
            if text:
                self.blocks.append(Block(BlockKind.TEXTBOX, text, Location(paragraph=len(self.blocks), part="textbox")))

    def _paragraph(self, p: etree._Element, hints: bool = True) -> _Para:
        """Text, numbering and (for body paragraphs) style hints of one w:p."""
        ppr = p.find(_PPR)
        style_id = _val(ppr.find(_PSTYLE)) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        style = self.styles.paragraph(style_id)

        inline = _Inline()
        self._inline(p, inline)
        pieces = [text for text, _ in inline.runs]
        text = "".join(pieces).strip()

        if ppr is not None and ppr.find(_PPR_RPR_DEL) is not None:
            # Accepting a deleted paragraph mark joins this paragraph to the next, which keeps its own
            # properties (and numbering); this one neither counts nor shows a label.
            return _Para(text, None, None, _NO_HINTS, tuple(inline.boxes), merges_next=True)
        numbered = self._numbering(ppr, style_id, style)
        if not hints:  # cells, text boxes, headers: the text and label are all that is kept
            return _Para(text, numbered, None, _NO_HINTS, tuple(inline.boxes))

        heading = style.heading_level
        outline = ppr.find(_OUTLINELVL) if ppr is not None else None
        if outline is not None:
            value = _int(outline)
            heading = value + 1 if value is not None and 0 <= value <= 8 else None

        jc = _val(ppr.find(_JC)) if ppr is not None else None
        jc = jc or style.jc or self.styles.default_jc
        bold, size = self._run_hints(inline, style)
        style_hints = StyleHints(heading_level=heading, bold=bold, size=size, alignment=_ALIGNMENT.get(jc or ""),
                                 style_name=style.name)
        return _Para(text, numbered, heading, style_hints, tuple(inline.boxes))

    def _numbering(self, ppr: etree._Element | None, style_id: str | None, style: _ParaStyle) -> Numbered | None:
        num_pr = ppr.find(_NUMPR) if ppr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _val(num_pr.find(_NUMID))
            ilvl = _int(num_pr.find(_ILVL))
        from_style = num_id is None
        if from_style:
            num_id = style.num_id
        if num_id is None or num_id == "0":  # numId 0 removes numbering a style would give
            return None
        if ilvl is None and from_style:
            ilvl = style.ilvl
            if ilvl is None and style_id:
                ilvl = self.numbering.level_for_style(num_id, style_id)
        return self.numbering.next(num_id, ilvl or 0)

    def _run_hints(self, inline: _Inline, style: _ParaStyle) -> tuple[bool, float | None]:
        """Bold when every run with visible text is bold; size is the one covering most characters."""
        all_bold = True
        any_text = False
        sizes: dict[float, int] = {}
        for text, rpr in inline.runs:
            if not text.strip():
                continue
            any_text = True
            bold: bool | None = None
            size: float | None = None
            if rpr is not None:
                bold = _on(rpr.find(_B))
                size = _half_points(rpr.find(_SZ))
                char_style = _val(rpr.find(_RSTYLE))
                if char_style and (bold is None or size is None):
                    c_bold, c_size = self.styles.character(char_style)
                    bold = c_bold if bold is None else bold
                    size = size or c_size
            if bold is None:
                bold = style.bold if style.bold is not None else self.styles.default_bold
            size = size or style.size or self.styles.default_size
            all_bold = all_bold and bool(bold)
            if size:
                sizes[size] = sizes.get(size, 0) + len(text.strip())
        dominant = max(sizes, key=lambda s: sizes[s]) if sizes else (style.size or self.styles.default_size)
        return any_text and all_bold, dominant

    def _inline(self, el: etree._Element, out: _Inline) -> None:
        for child in el:
            tag = child.tag
            if tag == _R:
                self._run(child, out)
            elif tag in _SKIP or not isinstance(tag, str) or _placeholder(child):
                continue
            elif tag == _MC_ALTERNATECONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self._inline(chosen, out)
            else:  # hyperlink, ins, moveTo, smartTag, sdt, sdtContent, fldSimple, customXml, …
                self._inline(child, out)

    def _run(self, run: etree._Element, out: _Inline) -> None:
        rpr = run.find(_RPR)
        if rpr is not None and _on(rpr.find(_VANISH)):
            return  # hidden text
        pieces: list[str] = []
        self._run_content(run, pieces, out)
        if pieces:
            out.runs.append(("".join(pieces), rpr))

    def _run_content(self, el: etree._Element, pieces: list[str], out: _Inline) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                pieces.append(child.text or "")
            elif tag in (_TAB, _PTAB):
                pieces.append("\t")
            elif tag in (_BR, _CR):
                pieces.append("\n")
            elif tag == _NOBREAKHYPHEN:
                pieces.append("-")  # a visible hyphen (dates like 2013-2014 rely on it)
            elif tag in (_DRAWING, _PICT, _OBJECT):
                self.pictures += 1
                _boxes(child, out.boxes)
            elif tag == _MC_ALTERNATECONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    self._run_content(chosen, pieces, out)
            elif tag == _RUBY:
                base = child.find(_RUBYBASE)
                if base is not None:
                    self._inline(base, out)
            # w:sym, w:instrText, w:delText, w:fldChar, footnote references: nothing the reader reads

    # tables ------------------------------------------------------------------

    def _emit_table(self, tbl: etree._Element) -> None:
        rows = self._table(tbl)
        if not any(cell.text for row in rows for cell in row):
            return
        # Rows by newline, cells by tab; a cell's own line breaks become spaces so the grid stays parseable.
        text = "\n".join("\t".join(" ".join(cell.text.split("\n")) for cell in row) for row in rows)
        self.blocks.append(Block(
            kind=BlockKind.TABLE,
            text=text,
            location=Location(paragraph=len(self.blocks), table=self.tables),
            table=Table(rows=rows),
        ))
        self.tables += 1

    def _table(self, tbl: etree._Element) -> tuple[tuple[Cell, ...], ...]:
        """Rows of cells on the table grid: gridSpan → colspan, vMerge → rowspan on the first cell."""
        rows: list[list[dict[str, object]]] = []
        open_merges: dict[int, dict[str, object]] = {}  # grid column → cell a vMerge started
        for tr in _children(tbl, _TR):
            tr_pr = tr.find(_TRPR)
            if tr_pr is not None and tr_pr.find(_DEL) is not None:
                continue  # a tracked row deletion, read as accepted
            col = (_int(tr_pr.find(_GRIDBEFORE)) or 0) if tr_pr is not None else 0
            cells: list[dict[str, object]] = []
            for tc in _children(tr, _TC):
                tc_pr = tc.find(_TCPR)
                span = max(_int(tc_pr.find(_GRIDSPAN)) or 1, 1) if tc_pr is not None else 1
                v_merge = tc_pr.find(_VMERGE) if tc_pr is not None else None
                h_merge = tc_pr.find(_HMERGE) if tc_pr is not None else None
                text = "\n".join(self._lines(tc, " ")).strip()
                if h_merge is not None and _val(h_merge) != "restart" and cells:
                    cells[-1]["colspan"] = int(str(cells[-1]["colspan"])) + span  # legacy horizontal merge
                    col += span
                    continue
                if v_merge is not None and _val(v_merge, "continue") != "restart" and col in open_merges:
                    origin = open_merges[col]
                    origin["rowspan"] = int(str(origin["rowspan"])) + 1
                    if text:
                        origin["text"] = f"{origin['text']}\n{text}".strip()
                    col += span
                    continue
                cell: dict[str, object] = {"text": text, "row": len(rows), "col": col, "rowspan": 1, "colspan": span}
                for c in range(col, col + span):
                    open_merges.pop(c, None)
                if v_merge is not None:
                    open_merges[col] = cell
                cells.append(cell)
                col += span
            rows.append(cells)
        return tuple(
            tuple(Cell(text=str(c["text"]), row=int(str(c["row"])), col=int(str(c["col"])),
                       rowspan=int(str(c["rowspan"])), colspan=int(str(c["colspan"]))) for c in row)
            for row in rows
        )

    def _lines(self, container: etree._Element, cell_sep: str) -> list[str]:
        """The text of a cell, text box or header as lines: nested tables and boxes flattened."""
        lines: list[str] = []
        carry = ""
        for child in container:
            tag = child.tag
            if tag == _P:
                para = self._paragraph(child, hints=False)
                if para.merges_next:
                    carry += para.text
                elif carry or para.text:
                    label = para.numbered.label if para.numbered else ""
                    lines.append(label + (carry + para.text).strip())
                    carry = ""
                for box in para.boxes:
                    lines.extend(self._lines(box, cell_sep))
            elif tag == _TBL:
                for row in self._table(child):
                    line = cell_sep.join(c.text for c in row).strip()
                    if line:
                        lines.append(line)
            elif tag in _CONTAINERS and not _placeholder(child):
                lines.extend(self._lines(child, cell_sep))
            elif tag == _MC_ALTERNATECONTENT:
                chosen = _choose(child)
                if chosen is not None:
                    lines.extend(self._lines(chosen, cell_sep))
        return lines

    # headers and footers -------------------------------------------------------

    def headers_footers(self, package: _Package) -> None:
        """Each distinct header, then each distinct footer, after the body."""
        if not self.section_refs:
            return
        targets = package.relationships("word/document.xml")
        for kind in ("header", "footer"):
            seen_parts: set[str] = set()
            seen_texts: set[str] = set()
            for ref_kind, rid in self.section_refs:
                part = targets.get(rid)
                if ref_kind != kind or part is None or part in seen_parts:
                    continue
                seen_parts.add(part)
                root = package.xml(part)
                if root is None:
                    continue
                text = "\n".join(self._lines(root, "\t")).strip()
                if not text or text in seen_texts:
                    continue
                seen_texts.add(text)
                self.blocks.append(Block(
                    kind=BlockKind.HEADER if kind == "header" else BlockKind.FOOTER,
                    text=text,
                    location=Location(paragraph=len(self.blocks), part=kind),
                ))


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table / cells of a row, looking through sdt, customXml and tracked insertions."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)
        elif child.tag == _MC_ALTERNATECONTENT:
            chosen = _choose(child)
            if chosen is not None:
                yield from _children(chosen, tag)
