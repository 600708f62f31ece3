"""Build the real-world dev corpus: every ``docs/*.md`` becomes the file a school would send.

Each source is YAML front matter (address, format, layout, labels) and a small body markup
(see ``README.md``). The built files go to ``build/<filename>``; ``build/index.json`` maps
each id to its built path and the hash of what it was built from, so a rerun rebuilds only
the documents whose source (or this script) changed.

    python data/realworld/build.py            # build what is missing or stale
    python data/realworld/build.py rw001 rw003 # only these
    python data/realworld/build.py --check    # validate the labels only, build nothing

Needs python-docx, PyYAML, numpy, Pillow (all papercheck dependencies); LibreOffice
(``soffice``) for pdf/scan/doc, ``pdftoppm`` for scan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
BUILD = HERE / "build"
PACK = HERE.parent.parent / "rules" / "sanzhao-2013" / "pack.yaml"

FORMATS = {"docx": ".docx", "pdf": ".pdf", "scan": ".pdf", "txt": ".txt", "doc": ".doc"}
LAYOUTS = ("styles", "bold", "autonum", "plain")
ENCODINGS = ("utf-8", "gb18030")
STATUSES = ("pass", "fail", "review", "error")
REQUIRED = ("id", "source", "partial", "genre", "format", "layout", "filename", "label")
REQUIRED_LABEL = ("doc_type", "school", "date", "issuer", "sections", "problems", "gaps", "goals", "status")
OPTIONAL_LABEL = ("doc_type_alt", "leader", "stages", "ledger_items", "status_alt", "status_why")
MIN_TEXT = 8  # a problem/gap/goal text must be distinctive enough to match a found sentence
FIXED_TIME = (2013, 10, 25, 16, 30, 0)
FIXED_EPOCH = 1382718600  # the same moment, for the scanner's PDF
SOFFICE_TIMEOUT = 600


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One ``docs/rwNNN.md``: its front matter and its body lines."""

    path: Path
    meta: dict[str, Any]
    body: list[str]
    digest: str

    @property
    def id(self) -> str:
        return str(self.meta.get("id", self.path.stem))

    @property
    def label(self) -> dict[str, Any]:
        return self.meta.get("label") or {}


class SourceError(ValueError):
    """A source file whose front matter cannot be read."""


def parse(path: Path) -> Source:
    """Split a source into front matter and body; raises SourceError on a malformed file."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    if not text.startswith("---\n"):
        raise SourceError(f"{path.name}: does not start with a '---' front-matter line")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise SourceError(f"{path.name}: front matter has no closing '---' line")
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError as e:
        raise SourceError(f"{path.name}: front matter is not valid YAML: {e}") from e
    if not isinstance(meta, dict):
        raise SourceError(f"{path.name}: front matter is not a mapping")
    body = text[end + 5:].splitlines()
    return Source(path, meta, body, hashlib.sha256(raw).hexdigest())


def load_sources(docs: Path = DOCS) -> list[Source]:
    return [parse(p) for p in sorted(docs.glob("*.md"))]


# ---------------------------------------------------------------------------
# Body markup
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One unit of the body: kind is title, heading, para, item, table, right or page."""

    kind: str
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(body: list[str]) -> list[Block]:
    """The body markup as blocks; blank lines are dropped, consecutive ``|`` lines form a table."""
    out: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for line in [*body, ""]:
        s = line.rstrip()
        if s.lstrip().startswith("|"):
            cells = s.strip().strip("|").split("|")
            if not all(re.fullmatch(r"\s*:?-{3,}:?\s*", c) for c in cells):
                rows.append(tuple(c.strip() for c in cells))
            continue
        if rows:
            out.append(Block("table", rows=tuple(rows)))
            rows = []
        if not s.strip():
            continue
        m = re.match(r"(#{1,4}) (.*)", s)
        if m:
            level = len(m.group(1)) - 1
            out.append(Block("title" if level == 0 else "heading", m.group(2).strip(), level))
        elif s.startswith("- "):
            out.append(Block("item", s[2:].strip()))
        elif s.startswith(">> "):
            out.append(Block("right", s[3:].strip()))
        elif s.strip() == "[page]":
            out.append(Block("page"))
        else:
            out.append(Block("para", s.strip()))
    return out


def title(body: list[str]) -> str:
    """The document's title (the ``#`` line; a red-header file number may precede it)."""
    return next((b.text for b in blocks(body) if b.kind == "title"), "")


def plain_text(body: list[str]) -> str:
    """The body's words without markup (one line per paragraph or table cell)."""
    lines: list[str] = []
    for b in blocks(body):
        if b.kind == "table":
            lines += [c for row in b.rows for c in row]
        elif b.text:
            lines.append(b.text)
    return "\n".join(lines)


# The heading's own number, as schools type it: 一、 （一） (一) 1. 1、 1． （1） 第一部分
HEADING_NUMBER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+[部分章节]\s*|[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十]+[）)]\s*"
    r"|\d{1,2}[、.．](?!\d)\s*|[（(]\d{1,2}[）)]\s*)")


def strip_number(text: str) -> tuple[str, bool]:
    m = HEADING_NUMBER.match(text)
    return (text[m.end():], True) if m else (text, False)


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PackIds:
    """The ids a label may use, read from the pack."""

    doc_types: frozenset[str]
    sections: frozenset[str]
    categories: frozenset[str]
    stages: frozenset[str]


def pack_ids(pack: Path = PACK) -> PackIds:
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))

    def ids(key: str) -> frozenset[str]:
        return frozenset(str(x["id"]) for x in data.get(key) or [])

    return PackIds(ids("doc_types") | {"other"}, ids("sections"), ids("categories") | {"other"}, ids("stages"))


DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")


def iso(value: Any) -> str | None:
    """A label date as ISO text (YAML reads 2013-09-02 as a date, 2013-09 as a string)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _check_date(value: Any, where: str, errors: list[str]) -> None:
    if value is not None and not DATE.fullmatch(iso(value) or ""):
        errors.append(f"{where}: {value!r} is not YYYY-MM-DD, YYYY-MM or null")


def _check_texts(items: Any, where: str, text: str, errors: list[str]) -> None:
    if not isinstance(items, list):
        errors.append(f"{where}: must be a list (use [] for none)")
        return
    for i, t in enumerate(items):
        if not isinstance(t, str) or len(t) < MIN_TEXT:
            errors.append(f"{where}[{i}]: {t!r} must be text of at least {MIN_TEXT} characters")
        elif t not in text:
            errors.append(f"{where}[{i}]: {t!r} is not verbatim in the body")


def validate(src: Source, ids: PackIds) -> list[str]:
    """Everything wrong with one source's front matter, as messages naming the file and key."""
    errors: list[str] = []
    m = src.meta
    name = src.path.name
    for key in REQUIRED:
        if key not in m:
            errors.append(f"missing key {key}")
    if m.get("id") != src.path.stem:
        errors.append(f"id {m.get('id')!r} differs from the file name {src.path.stem!r}")
    if not re.fullmatch(r"rw\d{3}", str(m.get("id"))):
        errors.append(f"id {m.get('id')!r} is not rwNNN")
    if not isinstance(m.get("partial"), bool):
        errors.append("partial must be true or false")
    elif m["partial"] and not m.get("note"):
        errors.append("partial: true needs a note saying what the page held")
    fmt = m.get("format")
    if fmt not in FORMATS:
        errors.append(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    elif not str(m.get("filename", "")).endswith(FORMATS[fmt]):
        errors.append(f"filename {m.get('filename')!r} does not end in {FORMATS[fmt]} (format {fmt})")
    if "/" in str(m.get("filename", "")):
        errors.append("filename must be a bare file name")
    if m.get("layout") not in LAYOUTS:
        errors.append(f"layout {m.get('layout')!r} is not one of {', '.join(LAYOUTS)}")
    if m.get("encoding", "utf-8") not in ENCODINGS:
        errors.append(f"encoding {m.get('encoding')!r} is not one of {', '.join(ENCODINGS)}")
    bl = blocks(src.body)
    if sum(b.kind == "title" for b in bl) != 1:
        errors.append("the body must have one '# ' title line (a file header may come before it)")

    label = m.get("label")
    if not isinstance(label, dict):
        errors.append("label must be a mapping")
        return [f"{name}: {e}" for e in errors]
    for key in REQUIRED_LABEL:
        if key not in label:
            errors.append(f"label: missing key {key}")
    for key in label:
        if key not in REQUIRED_LABEL + OPTIONAL_LABEL:
            errors.append(f"label: unknown key {key}")
    for key in ("doc_type", "doc_type_alt"):
        v = label.get(key)
        if (v is not None or key == "doc_type") and v not in ids.doc_types:
            errors.append(f"label.{key}: {v!r} is not one of {', '.join(sorted(ids.doc_types))}")
    if label.get("doc_type_alt") is not None and label.get("doc_type_alt") == label.get("doc_type"):
        errors.append("label.doc_type_alt repeats doc_type")
    for key in ("status", "status_alt"):
        v = label.get(key)
        if (v is not None or key == "status") and v not in STATUSES:
            errors.append(f"label.{key}: {v!r} is not one of {', '.join(STATUSES)}")
    if label.get("status") in ("fail", "review") and not label.get("status_why"):
        errors.append("label.status_why: say why the document fails or needs review")
    for key in ("school", "issuer", "leader", "status_why"):
        if label.get(key) is not None and not isinstance(label.get(key), str):
            errors.append(f"label.{key}: must be text or null")
    _check_date(label.get("date"), "label.date", errors)

    sections = label.get("sections")
    if not isinstance(sections, list):
        errors.append("label.sections: must be a list")
    else:
        for s in sections:
            if s not in ids.sections:
                errors.append(f"label.sections: {s!r} is not a section id of the pack ({', '.join(sorted(ids.sections))})")
        if len(set(map(str, sections))) != len(sections):
            errors.append("label.sections: an id is listed twice")

    stages = label.get("stages")
    if stages is not None:
        if not isinstance(stages, dict):
            errors.append("label.stages: must be a mapping of stage id to {start, end}")
        else:
            for sid, span in stages.items():
                if sid not in ids.stages:
                    errors.append(f"label.stages: {sid!r} is not a stage id ({', '.join(sorted(ids.stages))})")
                if not isinstance(span, dict) or set(span) - {"start", "end"}:
                    errors.append(f"label.stages.{sid}: must be {{start: ..., end: ...}}")
                    continue
                _check_date(span.get("start"), f"label.stages.{sid}.start", errors)
                _check_date(span.get("end"), f"label.stages.{sid}.end", errors)

    text = plain_text(src.body)
    problems = label.get("problems")
    if not isinstance(problems, list):
        errors.append("label.problems: must be a list (use [] for none)")
    else:
        for i, p in enumerate(problems):
            where = f"label.problems[{i}]"
            if not isinstance(p, dict) or set(p) - {"text", "category", "alt"} or "text" not in p:
                errors.append(f"{where}: must be {{text, category[, alt]}}")
                continue
            _check_texts([p["text"]], where, text, errors)
            if p.get("category") not in ids.categories:
                errors.append(f"{where}.category: {p.get('category')!r} is not one of {', '.join(sorted(ids.categories))}")
            if p.get("alt") is not None and (p["alt"] not in ids.categories or p["alt"] == p.get("category")):
                errors.append(f"{where}.alt: {p['alt']!r} must be another category id")
    _check_texts(label.get("gaps"), "label.gaps", text, errors)
    _check_texts(label.get("goals"), "label.goals", text, errors)
    items = label.get("ledger_items")
    if items is not None and (not isinstance(items, int) or isinstance(items, bool) or items < 0):
        errors.append("label.ledger_items: must be a whole number")
    return [f"{name}: {e}" for e in errors]


def validate_all(sources: list[Source], ids: PackIds) -> list[str]:
    """Per-file errors plus corpus-wide ones (two documents sharing a file name)."""
    errors = [e for s in sources for e in validate(s, ids)]
    seen: dict[str, str] = {}
    for s in sources:
        fn = str(s.meta.get("filename"))
        if fn in seen:
            errors.append(f"{s.path.name}: filename {fn!r} is also used by {seen[fn]}")
        seen[fn] = s.path.name
    return errors


# ---------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------

# Word's automatic numbering as Chinese documents use it: 一、 / （一） / 1. / （1）
HEADING_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
                  ("decimal", "（%4）"))
ITEM_LEVELS = (("decimal", "%1."),)
HEADING_NUM, ITEM_NUM = 1, 2


def _w(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _install_numbering(word: Any) -> None:
    """Replace the template's numbering.xml: numId 1 for headings, numId 2 for list items."""
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for num_id, levels in ((HEADING_NUM, HEADING_LEVELS), (ITEM_NUM, ITEM_LEVELS)):
        abstract = _w("w:abstractNum", abstractNumId=str(num_id))
        abstract.append(_w("w:multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel"))
        for ilvl, (fmt, text) in enumerate(levels):
            lvl = _w("w:lvl", ilvl=str(ilvl))
            lvl.append(_w("w:start", val="1"))
            lvl.append(_w("w:numFmt", val=fmt))
            lvl.append(_w("w:suff", val="nothing"))
            lvl.append(_w("w:lvlText", val=text))
            lvl.append(_w("w:lvlJc", val="left"))
            ppr = _w("w:pPr")
            ppr.append(_w("w:ind", left="0", firstLine="640"))
            lvl.append(ppr)
            abstract.append(lvl)
        numbering.insert(num_id - 1, abstract)  # every abstractNum precedes every num
        num = _w("w:num", numId=str(num_id))
        num.append(_w("w:abstractNumId", val=str(num_id)))
        numbering.append(num)


def _attach_numbering(paragraph: Any, ilvl: int, num_id: int) -> None:
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    pr = _w("w:numPr")
    pr.append(_w("w:ilvl", val=str(ilvl)))
    pr.append(_w("w:numId", val=str(num_id)))
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(pr)
    else:
        ppr.insert(0, pr)


def _font(run: Any, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rpr = run._r.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _black_heading_styles(word: Any) -> None:
    """Word's blue Calibri headings as a school would have set them: black 黑体/楷体."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name, face, size in (("Heading 1", "黑体", 16), ("Heading 2", "楷体", 16), ("Heading 3", "仿宋", 15)):
        st = word.styles[name]
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.size = Pt(size)
        st.font.bold = True
        fonts = st.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        fonts.set(qn("w:eastAsia"), face)


def _table(word: Any, rows: tuple[tuple[str, ...], ...]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ncols = max(len(r) for r in rows)
    t = word.add_table(rows=len(rows), cols=ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            para = t.cell(i, j).paragraphs[0]
            _font(para.add_run(value), "黑体" if i == 0 else "仿宋", 10.5, i == 0 or None)
            if i == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _fixed_zip(data: bytes) -> bytes:
    """The docx with fixed member timestamps, so a rebuild gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def to_docx(src: Source) -> bytes:
    """The Word file: title, headings per layout, paragraphs, real tables, right-aligned lines."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    layout = src.meta.get("layout", "bold")
    word = Document()
    _install_numbering(word)
    normal = word.styles["Normal"]
    normal.font.size = Pt(14)
    # the whole text in 仿宋, Latin too, as most school templates set it (quotes then stay in line)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), "仿宋")
    sec = word.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    if layout == "styles":
        _black_heading_styles(word)
    cp = word.core_properties
    cp.author = cp.last_modified_by = "Administrator"
    cp.title = ""
    cp.revision = 1
    when = dt.datetime(*FIXED_TIME)
    cp.created = cp.modified = cp.last_printed = when

    seen_title = False
    for b in blocks(src.body):
        seen_title = seen_title or b.kind == "title"
        if b.kind == "title":
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(b.text), "宋体", 20 if layout != "plain" else 16, layout != "plain")
        elif b.kind == "heading":
            if layout == "styles":
                word.add_paragraph(b.text, style=f"Heading {b.level}")
            elif layout == "autonum":
                text, numbered = strip_number(b.text)
                p = word.add_paragraph()
                p.paragraph_format.first_line_indent = Pt(28)
                _font(p.add_run(text), {1: "黑体", 2: "楷体"}.get(b.level, "仿宋"), None, True)
                if numbered:
                    _attach_numbering(p, b.level - 1, HEADING_NUM)
            else:
                p = word.add_paragraph()
                p.paragraph_format.first_line_indent = Pt(28)
                run = p.add_run(b.text)
                if layout == "bold":
                    _font(run, {1: "黑体", 2: "楷体"}.get(b.level, "仿宋"), None, True)
        elif b.kind == "item":
            p = word.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            if layout == "autonum":
                text, numbered = strip_number(b.text)
                p.add_run(text)
                _attach_numbering(p, 0, ITEM_NUM)
            else:
                p.add_run(b.text)
        elif b.kind == "para" and not seen_title:  # the red header above the title
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(b.text), "宋体", 16, True)
        elif b.kind == "para":
            p = word.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(28)
            p.add_run(b.text)
        elif b.kind == "right":
            p = word.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run(b.text)
        elif b.kind == "table":
            _table(word, b.rows)
        elif b.kind == "page":
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    word.save(buf)
    return _fixed_zip(buf.getvalue())


# ---------------------------------------------------------------------------
# Text, LibreOffice, scans
# ---------------------------------------------------------------------------


def to_txt(src: Source) -> bytes:
    """A Notepad file: one paragraph a line, tables as tab-separated rows.

    GB18030 files get Windows line ends (that is where they come from); UTF-8 ones get ``\\n``.
    """
    lines: list[str] = []
    for b in blocks(src.body):
        if b.kind == "table":
            lines += ["\t".join(r) for r in b.rows]
        elif b.kind == "right":
            lines.append(" " * 24 + b.text)
        elif b.kind == "page":
            lines.append("")
        elif b.kind == "title":
            lines += [" " * 8 + b.text, ""]
        else:
            lines.append(("    " if b.kind in ("para", "item") else "") + b.text)
    enc = src.meta.get("encoding", "utf-8")
    nl = "\r\n" if enc == "gb18030" else "\n"
    return (nl.join(lines) + nl).encode(enc)


# The Chinese faces the documents name, as this machine can show them. Without the aliases
# LibreOffice draws Latin glyphs and the curly quotes of a 仿宋 run in DejaVu, and a PDF
# reader then finds the quotes out of line, which a school's Windows PDF would not have.
FONT_ALIASES = {"仿宋": "Noto Serif CJK SC", "宋体": "Noto Serif CJK SC", "楷体": "Noto Serif CJK SC",
                "黑体": "Noto Sans CJK SC"}


def _fontconfig(folder: Path) -> Path:
    aliases = "".join(f"<alias binding=\"same\"><family>{k}</family><prefer><family>{v}</family></prefer></alias>"
                      for k, v in FONT_ALIASES.items())
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
                    encoding="utf-8")
    return conf


def soffice_convert(docx: dict[str, bytes], target: str) -> dict[str, bytes]:
    """Convert many docx files in one LibreOffice run (own profile, timeout); {id: bytes}."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="realworld-lo-") as tmp:
        t = Path(tmp)
        (t / "in").mkdir()
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(t))}
        for key, data in docx.items():
            (t / "in" / f"{key}.docx").write_bytes(data)
        cmd = [exe, f"-env:UserInstallation={(t / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(t / "out"), *sorted(str(p) for p in (t / "in").iterdir())]
        subprocess.run(cmd, check=True, timeout=SOFFICE_TIMEOUT, capture_output=True, env=env)
        ext = target.split(":")[0]
        missing = [k for k in docx if not (t / "out" / f"{k}.{ext}").is_file()]
        if missing:
            raise RuntimeError(f"LibreOffice made no .{ext} for {', '.join(missing)}")
        return {k: (t / "out" / f"{k}.{ext}").read_bytes() for k in docx}


def pin_pdf(data: bytes) -> bytes:
    """LibreOffice's creation dates and /ID pinned (same byte lengths, so the xref stays valid)."""
    def same_len(m: re.Match[bytes], fill: bytes) -> bytes:
        return m.group(1) + (fill * len(m.group(2)))[: len(m.group(2))] + m.group(3)

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))", lambda m: same_len(m, b"20131025163000"), data)
    data = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>)", lambda m: same_len(m, b"0"), data)
    data = re.sub(rb"(>\s*<)([0-9A-Fa-f]+)(>\s*\])", lambda m: same_len(m, b"0"), data)
    return data


def to_scan(pdf: bytes, seed_text: str, dpi: int = 200) -> bytes:
    """The printed PDF as a school's scanner returns it: page images, slightly turned and noisy."""
    import numpy as np
    from PIL import Image, ImageFilter

    if not shutil.which("pdftoppm"):
        raise RuntimeError("pdftoppm (poppler-utils) is not installed")
    seed = int.from_bytes(hashlib.sha256(seed_text.encode()).digest()[:4], "big")
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="realworld-scan-") as tmp:
        (Path(tmp) / "in.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(Path(tmp) / "in.pdf"),
                        str(Path(tmp) / "page")], check=True, timeout=300, capture_output=True)
        pages = [Image.open(p).convert("L") for p in sorted(Path(tmp).glob("page*.png"))]
    scanned = []
    for page in pages:
        page = page.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BICUBIC, fillcolor=246)
        arr = np.asarray(page, dtype=np.float32) * 0.93 + 10  # paper is never white, ink never black
        arr += noise.normal(0, 9, arr.shape)
        specks = noise.random(arr.shape) < 0.0004
        arr[specks] = 60
        page = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))
        scanned.append(page)
    out = io.BytesIO()
    fixed = time.gmtime(FIXED_EPOCH)
    scanned[0].save(out, format="PDF", save_all=True, append_images=scanned[1:], resolution=float(dpi),
                    quality=60, creationDate=fixed, modDate=fixed, producer="Scanner")
    return out.getvalue()


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------


def builder_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def build(sources: list[Source], out: Path = BUILD, force: bool = False, prune: bool = False) -> dict[str, Path]:
    """Build every source whose file is missing or stale; returns {id: built path} for all of them.

    ``prune`` (a build of the whole corpus) removes files of documents that no longer exist.
    """
    out.mkdir(parents=True, exist_ok=True)
    index_path = out / "index.json"
    try:
        index: dict[str, dict[str, str]] = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    me = builder_digest()

    def stamp(s: Source) -> str:
        return f"{s.digest[:32]}-{me}"

    todo = [s for s in sources if force or index.get(s.id, {}).get("hash") != stamp(s)
            or not (out / str(s.meta["filename"])).is_file()]
    made: dict[str, bytes] = {}
    docx = {s.id: to_docx(s) for s in todo if s.meta["format"] != "txt"}
    for s in todo:
        if s.meta["format"] == "txt":
            made[s.id] = to_txt(s)
        elif s.meta["format"] == "docx":
            made[s.id] = docx[s.id]
    pdf_ids = {s.id: docx[s.id] for s in todo if s.meta["format"] in ("pdf", "scan")}
    if pdf_ids:
        for key, data in soffice_convert(pdf_ids, "pdf:writer_pdf_Export").items():
            fmt = next(s.meta["format"] for s in todo if s.id == key)
            made[key] = pin_pdf(data) if fmt == "pdf" else to_scan(data, key)
    doc_ids = {s.id: docx[s.id] for s in todo if s.meta["format"] == "doc"}
    if doc_ids:
        made.update(soffice_convert(doc_ids, "doc:MS Word 97"))
    for s in todo:
        old = index.get(s.id, {}).get("path")
        if old and old != s.meta["filename"]:
            (out / old).unlink(missing_ok=True)
        (out / str(s.meta["filename"])).write_bytes(made[s.id])
        index[s.id] = {"path": str(s.meta["filename"]), "hash": stamp(s), "format": str(s.meta["format"])}
    if prune:  # a full build: drop what no source makes any more
        live = {s.id for s in sources}
        for gone in [k for k in index if k not in live]:
            (out / index[gone]["path"]).unlink(missing_ok=True)
            del index[gone]
    index_path.write_text(json.dumps(dict(sorted(index.items())), ensure_ascii=False, indent=1), encoding="utf-8")
    return {s.id: out / str(s.meta["filename"]) for s in sources}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ids", nargs="*", help="only these documents (rw001 ...)")
    ap.add_argument("--check", action="store_true", help="validate the labels, build nothing")
    ap.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    ap.add_argument("--out", type=Path, default=BUILD)
    args = ap.parse_args(argv)
    try:
        sources = load_sources()
    except SourceError as e:
        print(e, file=sys.stderr)
        return 2
    errors = validate_all(sources, pack_ids())
    for message in errors:
        print(message, file=sys.stderr)
    if errors:
        return 1
    if args.check:
        print(f"{len(sources)} documents, labels valid")
        return 0
    chosen = [s for s in sources if not args.ids or s.id in args.ids]
    built = build(chosen, args.out, args.force, prune=not args.ids)
    print(f"{len(built)} documents in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
