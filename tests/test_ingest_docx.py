"""The .docx reader, case by case, on real .docx files the tests write part by part.

``make_docx`` writes the OOXML parts by hand (content types, relationships,
document, styles, numbering, headers) so every numbering rule is exercised
exactly as a Word file states it.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import CorruptFile, EncryptedFile, InputError, TooLargeFile
from pipeline.ingest import docx as docx_reader
from pipeline.ingest import read_bytes
from pipeline.ingest.docx import read
from pipeline.ingest.docx_numbering import format_number
from pipeline.model import BlockKind

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def make_docx(
    body: str,
    *,
    numbering: str | None = None,
    styles: str | None = None,
    headers: dict[str, str] | None = None,
    footers: dict[str, str] | None = None,
    sect: str = "",
    document: str | None = None,
) -> bytes:
    """A .docx with the given body XML; headers/footers are {part name: inner XML}.

    ``sect`` is extra XML in the final w:sectPr (header/footer references use
    r:id = the part name without ``.xml``).
    """
    headers, footers = headers or {}, footers or {}
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{CT}.document.main+xml"/>']
    rels = []
    parts: dict[str, str] = {}
    if numbering is not None:
        parts["word/numbering.xml"] = f"<w:numbering {NS}>{numbering}</w:numbering>"
        overrides.append(f'<Override PartName="/word/numbering.xml" ContentType="{CT}.numbering+xml"/>')
        rels.append(f'<Relationship Id="rIdNum" Type="{REL}/numbering" Target="numbering.xml"/>')
    if styles is not None:
        parts["word/styles.xml"] = f"<w:styles {NS}>{styles}</w:styles>"
        overrides.append(f'<Override PartName="/word/styles.xml" ContentType="{CT}.styles+xml"/>')
        rels.append(f'<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>')
    for kind, group in (("header", headers), ("footer", footers)):
        for name, inner in group.items():
            parts[f"word/{name}"] = f"<w:{'hdr' if kind == 'header' else 'ftr'} {NS}>{inner}</w:{'hdr' if kind == 'header' else 'ftr'}>"
            overrides.append(f'<Override PartName="/word/{name}" ContentType="{CT}.{kind}+xml"/>')
            rels.append(f'<Relationship Id="{name[:-4]}" Type="{REL}/{kind}" Target="{name}"/>')
    if document is None:
        document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
        ))
        z.writestr("_rels/.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
        ))
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels) + "</Relationships>"
        ))
        for name, xml in parts.items():
            z.writestr(name, xml)
    return out.getvalue()


def p(text: str = "", *, num: str | None = None, ilvl: int | None = None, style: str | None = None,
      ppr: str = "", rpr: str = "") -> str:
    """One paragraph with one run."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None or ilvl is not None:
        props += "<w:numPr>"
        if ilvl is not None:
            props += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            props += f'<w:numId w:val="{num}"/>'
        props += "</w:numPr>"
    props += ppr
    run = f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{run}</w:p>"


def lvl(ilvl: int, fmt: str, text: str, *, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def start_override(ilvl: int, value: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/></w:lvlOverride>'


def labels(data: bytes) -> list[str]:
    return [b.label for b in read(data, "t.docx").blocks]


# --- numbering ------------------------------------------------------------------


def test_chinese_counting_up_to_twenty_one():
    body = "".join(p(f"第{i}项工作", num="1") for i in range(1, 22))
    doc = read(make_docx(body, numbering=abstract(0, lvl(0, "chineseCounting", "%1、")) + num(1, 0)), "t.docx")
    got = [b.label for b in doc.blocks]
    assert got[:3] == ["一、", "二、", "三、"]
    assert got[8:] == ["九、", "十、", "十一、", "十二、", "十三、", "十四、", "十五、", "十六、", "十七、",
                       "十八、", "十九、", "二十、", "二十一、"]
    first = doc.blocks[0]
    assert first.kind is BlockKind.LIST_ITEM and first.level == 0
    assert first.text == "第1项工作" and first.display == "一、第1项工作"
    assert [b.location.paragraph for b in doc.blocks] == list(range(21))


def test_chinese_counting_thousand_past_one_hundred():
    body = "".join(p("事项", num="1") for _ in range(4))
    numbering = abstract(0, lvl(0, "chineseCountingThousand", "%1、", start=99)) + num(1, 0)
    assert labels(make_docx(body, numbering=numbering)) == ["九十九、", "一百、", "一百零一、", "一百零二、"]


def test_parenthesised_chinese_sublevel_restarts_under_each_heading():
    numbering = abstract(0, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）")) + num(1, 0)
    body = (p("指导思想", num="1", ilvl=0) + p("学习阶段", num="1", ilvl=1) + p("整改阶段", num="1", ilvl=1)
            + p("工作要求", num="1", ilvl=0) + p("加强领导", num="1", ilvl=1))
    doc = read(make_docx(body, numbering=numbering), "t.docx")
    assert [b.label for b in doc.blocks] == ["一、", "（一）", "（二）", "二、", "（一）"]
    assert [b.level for b in doc.blocks] == [0, 1, 1, 0, 1]


def test_multilevel_decimal_uses_each_levels_own_format():
    numbering = abstract(
        0, lvl(0, "chineseCounting", "%1、"), lvl(1, "decimal", "%1.%2"), lvl(2, "decimal", "%1.%2.%3"),
    ) + abstract(1, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2")) + num(1, 0) + num(2, 1)
    body = (p("a", num="2", ilvl=0) + p("b", num="2", ilvl=1) + p("c", num="2", ilvl=1)
            + p("d", num="2", ilvl=0) + p("e", num="2", ilvl=1)
            + p("f", num="1", ilvl=0) + p("g", num="1", ilvl=1) + p("h", num="1", ilvl=2))
    assert labels(make_docx(body, numbering=numbering)) == ["1.", "1.1", "1.2", "2.", "2.1", "一、", "一.1", "一.1.1"]


def test_is_legal_shows_upper_levels_as_decimal():
    numbering = abstract(
        0, lvl(0, "chineseCounting", "%1、"), lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>"),
    ) + num(1, 0)
    body = p("a", num="1", ilvl=0) + p("b", num="1", ilvl=0) + p("c", num="1", ilvl=1)
    assert labels(make_docx(body, numbering=numbering)) == ["一、", "二、", "2.1"]


@pytest.mark.parametrize(("fmt", "text", "expected"), [
    ("decimal", "%1.", ["1.", "2.", "3.", "4."]),
    ("decimalZero", "%1", ["01", "02", "03", "04"]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③", "④"]),
    ("decimalEnclosedCircleChinese", "%1", ["①", "②", "③", "④"]),
    ("decimalEnclosedParen", "%1", ["⑴", "⑵", "⑶", "⑷"]),
    ("decimalEnclosedFullstop", "%1", ["⒈", "⒉", "⒊", "⒋"]),
    ("decimalFullWidth", "%1．", ["１．", "２．", "３．", "４．"]),
    ("upperLetter", "%1.", ["A.", "B.", "C.", "D."]),
    ("lowerLetter", "%1)", ["a)", "b)", "c)", "d)"]),
    ("upperRoman", "%1.", ["I.", "II.", "III.", "IV."]),
    ("lowerRoman", "%1.", ["i.", "ii.", "iii.", "iv."]),
    ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、", "丁、"]),
    ("ideographZodiac", "%1", ["子", "丑", "寅", "卯"]),
    ("chineseLegalSimplified", "%1、", ["壹、", "贰、", "叁、", "肆、"]),
    ("japaneseCounting", "第%1条", ["第一条", "第二条", "第三条", "第四条"]),
    ("ordinal", "%1", ["1st", "2nd", "3rd", "4th"]),
    ("cardinalText", "%1:", ["One:", "Two:", "Three:", "Four:"]),
    ("none", "%1", ["", "", "", ""]),
])
def test_number_formats(fmt, text, expected):
    body = "".join(p(f"item {i}", num="1") for i in range(4))
    assert labels(make_docx(body, numbering=abstract(0, lvl(0, fmt, text)) + num(1, 0))) == expected


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (20, "decimalEnclosedCircle", "⑳"), (21, "decimalEnclosedCircle", "(21)"),
    (27, "upperLetter", "AA"), (28, "lowerLetter", "bb"), (1994, "upperRoman", "MCMXCIV"),
    (110, "chineseCountingThousand", "一百一十"), (1005, "chineseCountingThousand", "一千零五"),
    (10, "chineseLegalSimplified", "壹拾"), (101, "japaneseCounting", "百一"),
    (11, "ideographTraditional", "11"), (12, "ordinal", "12th"), (22, "ordinal", "22nd"),
    (21, "ordinalText", "Twenty-first"), (12, "decimalFullWidth", "１２"),
])
def test_format_number_edges(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_start_value():
    body = p("a", num="1") + p("b", num="1")
    assert labels(make_docx(body, numbering=abstract(0, lvl(0, "decimal", "%1.", start=3)) + num(1, 0))) == ["3.", "4."]


def test_nums_sharing_an_abstract_continue_unless_start_overridden():
    numbering = (abstract(0, lvl(0, "decimal", "%1.")) + num(1, 0) + num(2, 0)
                 + num(3, 0, start_override(0, 1)) + num(4, 0, start_override(0, 5)))
    body = (p("a", num="1") + p("b", num="1") + p("c", num="2")  # num 2 continues num 1
            + p("d", num="3") + p("e", num="3")  # restart at 1
            + p("f", num="4"))
    assert labels(make_docx(body, numbering=numbering)) == ["1.", "2.", "3.", "1.", "2.", "5."]


def test_lvl_restart_zero_keeps_counting_across_upper_level():
    numbering = abstract(
        0, lvl(0, "decimal", "%1."), lvl(1, "decimal", "%1.%2", extra='<w:lvlRestart w:val="0"/>'),
    ) + num(1, 0)
    body = p("a", num="1", ilvl=0) + p("b", num="1", ilvl=1) + p("c", num="1", ilvl=0) + p("d", num="1", ilvl=1)
    assert labels(make_docx(body, numbering=numbering)) == ["1.", "1.1", "2.", "2.2"]


def test_lvl_restart_only_after_named_level():
    # Level 3 restarts only when level 1 is used, not when level 2 is.
    numbering = abstract(
        0, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）"),
        lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="1"/>'),
    ) + num(1, 0)
    body = (p("a", num="1", ilvl=0) + p("b", num="1", ilvl=1) + p("c", num="1", ilvl=2)
            + p("d", num="1", ilvl=1) + p("e", num="1", ilvl=2) + p("f", num="1", ilvl=0) + p("g", num="1", ilvl=2))
    assert labels(make_docx(body, numbering=numbering)) == ["一、", "（一）", "1.", "（二）", "2.", "二、", "1."]


def test_whole_level_override_in_num():
    override = f'<w:lvlOverride w:ilvl="0">{lvl(0, "upperLetter", "%1、", start=2)}</w:lvlOverride>'
    numbering = abstract(0, lvl(0, "decimal", "%1.")) + num(1, 0, override)
    assert labels(make_docx(p("a", num="1") + p("b", num="1"), numbering=numbering)) == ["B、", "C、"]


STYLES = """
<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/><w:jc w:val="center"/></w:pPr>
  <w:rPr><w:b/><w:sz w:val="44"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/><w:jc w:val="left"/></w:pPr>
  <w:rPr><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ZH3"><w:name w:val="标题 3"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="My Outline"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Derived"><w:name w:val="Derived outline"/><w:basedOn w:val="Outline"/></w:style>
<w:style w:type="paragraph" w:styleId="ListPara"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:numPr><w:numId w:val="8"/></w:numPr><w:jc w:val="both"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Bound"><w:name w:val="Bound"/><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="numbering" w:styleId="LinkedList"><w:name w:val="Linked list"/>
  <w:pPr><w:numPr><w:numId w:val="11"/></w:numPr></w:pPr></w:style>
"""
STYLE_NUMBERING = (
    abstract(7, lvl(0, "chineseCounting", "第%1章", extra='<w:pStyle w:val="1"/>'),
             lvl(1, "decimal", "%1.%2", extra='<w:pStyle w:val="2"/><w:isLgl/>'))
    + abstract(8, lvl(0, "decimalEnclosedCircle", "%1"))
    + abstract(9, lvl(0, "decimal", "%1."), lvl(1, "lowerLetter", "%2)", extra='<w:pStyle w:val="Bound"/>'))
    + abstract(10, extra='<w:numStyleLink w:val="LinkedList"/>')
    + abstract(11, lvl(0, "ideographTraditional", "%1、"), extra='<w:styleLink w:val="LinkedList"/>')
    + num(7, 7) + num(8, 8) + num(9, 9) + num(11, 11) + num(12, 10)
)


def test_numbering_through_paragraph_styles_and_heading_levels():
    body = (p("总体要求", style="1") + p("指导思想", style="2") + p("工作目标", style="2")
            + p("实施步骤", style="1") + p("学习", style="ListPara") + p("整改", style="ListPara")
            + p("无编号", style="ListPara", num="0") + p("绑定层级", style="Bound"))
    doc = read(make_docx(body, styles=STYLES, numbering=STYLE_NUMBERING), "t.docx")
    assert [b.label for b in doc.blocks] == ["第一章", "1.1", "1.2", "第二章", "①", "②", "", "a)"]
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING] * 4 + [BlockKind.LIST_ITEM] * 2 + [
        BlockKind.PARAGRAPH, BlockKind.LIST_ITEM]
    assert [b.style.heading_level for b in doc.blocks[:4]] == [1, 2, 2, 1]
    assert [b.level for b in doc.blocks] == [0, 1, 1, 0, 0, 0, None, 1]


def test_num_style_link_follows_list_style():
    body = p("甲项", num="12") + p("乙项", num="12")
    assert labels(make_docx(body, styles=STYLES, numbering=STYLE_NUMBERING)) == ["甲、", "乙、"]


def test_bullets_record_level_and_map_symbol_font():
    numbering = abstract(0, lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "●")) + num(1, 0)
    doc = read(make_docx(p("a", num="1", ilvl=0) + p("b", num="1", ilvl=1), numbering=numbering), "t.docx")
    assert [(b.kind, b.label, b.level) for b in doc.blocks] == [
        (BlockKind.LIST_ITEM, "•", 0), (BlockKind.LIST_ITEM, "●", 1)]


def test_typed_labels_stay_in_text_and_none_invented():
    body = p("一、总体要求") + p("（三）加强领导") + p("1.学习") + p("①制定方案")
    doc = read(make_docx(body), "t.docx")
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "", "一、总体要求"), (BlockKind.PARAGRAPH, "", "（三）加强领导"),
        (BlockKind.PARAGRAPH, "", "1.学习"), (BlockKind.PARAGRAPH, "", "①制定方案")]


def test_empty_numbered_paragraph_counts_but_is_not_a_block():
    numbering = abstract(0, lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="space"/>')) + num(1, 0)
    doc = read(make_docx(p("甲", num="1") + p("", num="1") + p("丙", num="1"), numbering=numbering), "t.docx")
    assert [(b.label, b.text, b.location.paragraph) for b in doc.blocks] == [("一、", "甲", 0), ("三、", "丙", 1)]


def test_missing_num_definition_is_plain_paragraph():
    doc = read(make_docx(p("孤儿编号", num="99")), "t.docx")
    assert doc.blocks[0].kind is BlockKind.PARAGRAPH and doc.blocks[0].label == ""


# --- style hints ------------------------------------------------------------------


def test_style_hints_from_styles_runs_and_defaults():
    body = (p("标题三", style="ZH3") + p("大纲", style="Derived") + p("段落大纲", ppr='<w:outlineLvl w:val="1"/>')
            + p("正文", style="1", ppr='<w:outlineLvl w:val="9"/>', num="0")
            + p("加粗", rpr="<w:b/>") + p("字符样式", rpr='<w:rStyle w:val="Strong"/><w:sz w:val="28"/>')
            + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>半</w:t></w:r><w:r><w:t>粗体</w:t></w:r></w:p>'
            + p("取消加粗", style="1", num="0", rpr='<w:b w:val="0"/>'))
    doc = read(make_docx(body, styles=STYLES, numbering=STYLE_NUMBERING), "t.docx")
    b = doc.blocks
    assert (b[0].kind, b[0].style.heading_level, b[0].style.style_name) == (BlockKind.HEADING, 3, "标题 3")
    assert (b[1].kind, b[1].style.heading_level) == (BlockKind.HEADING, 3)
    assert (b[2].kind, b[2].style.heading_level) == (BlockKind.HEADING, 2)
    assert b[3].kind is BlockKind.PARAGRAPH and b[3].style.heading_level is None  # outline level 9 = body text
    assert b[3].style.bold and b[3].style.size == 22 and b[3].style.alignment == "center"
    assert b[4].style.bold and b[4].style.size == 16  # size from docDefaults
    assert b[5].style.bold and b[5].style.size == 14
    assert not b[6].style.bold
    assert not b[7].style.bold


def test_python_docx_file_headings_tables_bold_center():
    docx = pytest.importorskip("docx")
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    d.add_heading("开展“三找”活动实施方案", 1)
    para = d.add_paragraph()
    para.add_run("某某区实验小学").bold = True
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("制定方案", style="List Number")
    d.add_paragraph("组织学习", style="List Number")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "问题", "整改措施"
    table.cell(1, 0).text, table.cell(1, 1).text = "作风不实", "建立台账"
    d.add_heading("二、工作要求", 2)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "plan.docx")
    assert doc.format == "docx" and len(doc.sha256) == 64
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.LIST_ITEM,
                     BlockKind.TABLE, BlockKind.HEADING]
    assert doc.blocks[0].style.heading_level == 1 and doc.blocks[5].style.heading_level == 2
    assert doc.blocks[1].style.bold and doc.blocks[1].style.alignment == "center"
    assert [b.label for b in doc.blocks[2:4]] == ["1.", "2."]
    assert doc.blocks[4].text == "问题\t整改措施\n作风不实\t建立台账"
    assert doc.blocks[4].location.table == 0 and doc.blocks[4].location.paragraph == 4


# --- tables -------------------------------------------------------------------------


def tc(text: str, props: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{p(text) if text else '<w:p/>'}</w:tc>"


def test_merged_cells_appear_once_with_spans():
    span2 = '<w:gridSpan w:val="2"/>'
    restart, cont, bare = '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="continue"/>', "<w:vMerge/>"
    table = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
             f"<w:tr>{tc('类别', restart)}{tc('问题与措施', span2)}</w:tr>"
             f"<w:tr>{tc('', bare)}{tc('问题')}{tc('措施')}</w:tr>"
             f"<w:tr>{tc('作风', cont)}{tc('拖拉')}{tc('限期')}</w:tr>"
             f"<w:tr>{tc('纪律')}{tc('迟到')}{tc('考勤')}</w:tr></w:tbl>")
    doc = read(make_docx(p("前言") + table + p("后记") + table), "t.docx")
    block = doc.blocks[1]
    assert block.kind is BlockKind.TABLE and block.table is not None
    rows = block.table.rows
    assert [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in rows[0]] == [
        ("类别\n作风", 0, 0, 3, 1), ("问题与措施", 0, 1, 1, 2)]
    assert [(c.text, c.col) for c in rows[1]] == [("问题", 1), ("措施", 2)]
    assert [(c.text, c.col) for c in rows[3]] == [("纪律", 0), ("迟到", 1), ("考勤", 2)]
    # rows by newline, cells by tab; a cell's own line breaks become spaces in the block text
    assert block.text == "类别 作风\t问题与措施\n问题\t措施\n拖拉\t限期\n纪律\t迟到\t考勤"
    assert [(b.kind, b.location.paragraph, b.location.table) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, 0, None), (BlockKind.TABLE, 1, 0), (BlockKind.PARAGRAPH, 2, None),
        (BlockKind.TABLE, 3, 1)]


def test_nested_table_flattened_into_cell_and_grid_before():
    inner = f"<w:tbl><w:tr>{tc('甲')}{tc('乙')}</w:tr><w:tr>{tc('丙')}{tc('丁')}</w:tr></w:tbl>"
    before = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
    table = (f"<w:tbl><w:tr>{before}{tc('外')}</w:tr>"
             f"<w:tr><w:tc>{p('说明')}{inner}<w:p/></w:tc>{tc('右')}</w:tr></w:tbl>")
    block = read(make_docx(table), "t.docx").blocks[0]
    assert block.table is not None
    assert (block.table.rows[0][0].text, block.table.rows[0][0].col) == ("外", 1)
    assert block.table.rows[1][0].text == "说明\n甲 乙\n丙 丁"
    assert len(read(make_docx(table), "t.docx").blocks) == 1


# --- headers, footers, text boxes -----------------------------------------------------


def test_headers_and_footers_after_body_once_each():
    refs = ('<w:headerReference w:type="default" r:id="header1"/><w:headerReference w:type="first" r:id="header2"/>'
            '<w:footerReference w:type="default" r:id="footer1"/>')
    body = (p("第一节") + '<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="header1"/>'
            '<w:headerReference w:type="even" r:id="header3"/></w:sectPr></w:pPr></w:p>' + p("第二节"))
    field = ('<w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p>')
    data = make_docx(body, sect=refs, headers={"header1.xml": p("某某中学"), "header2.xml": p("某某中学"),
                                               "header3.xml": p("偶数页眉")},
                     footers={"footer1.xml": field})
    doc = read(data, "t.docx")
    assert [(b.kind, b.text, b.location.part, b.location.paragraph) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "第一节", None, 0), (BlockKind.PARAGRAPH, "第二节", None, 1),
        (BlockKind.HEADER, "某某中学", "header", 2), (BlockKind.HEADER, "偶数页眉", "header", 3),
        (BlockKind.FOOTER, "第 1 页", "footer", 4)]


TEXTBOX_CHOICE = (
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
    '<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox>'
    '</v:shape></w:pict></mc:Fallback></mc:AlternateContent>'
)


def test_text_box_follows_anchor_paragraph_without_duplication():
    box = TEXTBOX_CHOICE.format(content=p("专栏：学习心得") + p("第二行"))
    body = (p("前文") + f'<w:p><w:r><w:t>锚定段落</w:t></w:r><w:r>{box}</w:r><w:r><w:t>续</w:t></w:r></w:p>'
            + f"<w:p><w:r>{TEXTBOX_CHOICE.format(content=p('独立文本框'))}</w:r></w:p>"
            + f'<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>{p("旧式文本框")}</w:txbxContent>'
            f'</v:textbox></v:shape></w:pict></w:r></w:p>' + p("后文"))
    doc = read(make_docx(body), "t.docx")
    assert [(b.kind, b.text, b.location.part) for b in doc.blocks] == [
        (BlockKind.PARAGRAPH, "前文", None), (BlockKind.PARAGRAPH, "锚定段落续", None),
        (BlockKind.TEXTBOX, "专栏：学习心得\n第二行", "textbox"), (BlockKind.TEXTBOX, "独立文本框", "textbox"),
        (BlockKind.TEXTBOX, "旧式文本框", "textbox"), (BlockKind.PARAGRAPH, "后文", None)]
    assert doc.text.count("学习心得") == 1
    assert [b.location.paragraph for b in doc.blocks] == list(range(6))


def test_picture_only_document_is_noted_for_review():
    picture = '<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData/></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    doc = read(make_docx(picture * 3, headers={"header1.xml": p("页眉")},
                         sect='<w:headerReference w:type="default" r:id="header1"/>'), "scan.docx")
    assert doc.notes == (docx_reader.IMAGE_ONLY_NOTE,)
    assert read(make_docx(p("正文") + picture), "ok.docx").notes == ()


# --- run content ------------------------------------------------------------------------


def test_tracked_changes_read_as_accepted():
    body = ('<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="x"><w:r><w:t>插入</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="x"><w:r><w:delText>删除</w:delText></w:r></w:del>'
            '<w:moveFrom w:id="3"><w:r><w:t>移出</w:t></w:r></w:moveFrom>'
            '<w:moveTo w:id="4"><w:r><w:t>移入</w:t></w:r></w:moveTo></w:p>'
            '<w:p><w:del w:id="5"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>'
            f'<w:tbl><w:tr><w:trPr><w:del w:id="6"/></w:trPr>{tc("删行")}</w:tr><w:tr>{tc("留行")}</w:tr></w:tbl>')
    doc = read(make_docx(body), "t.docx")
    assert [b.text for b in doc.blocks] == ["保留插入移入", "留行"]


def test_deleted_paragraph_mark_joins_next_paragraph_and_does_not_count():
    numbering = abstract(0, lvl(0, "chineseCounting", "%1、")) + num(1, 0)
    deleted_mark = '<w:rPr><w:del w:id="9" w:author="x"/></w:rPr>'
    gone = f'<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>{deleted_mark}</w:pPr>' \
           '<w:del w:id="8"><w:r><w:delText>删掉的一条</w:delText></w:r></w:del></w:p>'
    joined = f'<w:p><w:pPr>{deleted_mark}</w:pPr><w:r><w:t>前半句</w:t></w:r></w:p>'
    body = p("第一条", num="1") + gone + joined + p("后半句", num="1")
    doc = read(make_docx(body, numbering=numbering), "t.docx")
    assert [(b.label, b.text) for b in doc.blocks] == [("一、", "第一条"), ("二、", "前半句后半句")]
    cell = read(make_docx(f"<w:tbl><w:tr><w:tc>{joined}{p('后半句')}</w:tc></w:tr></w:tbl>"), "t.docx").blocks[0]
    assert cell.text == "前半句后半句"


def test_run_content_tabs_breaks_fields_hidden_text():
    body = ('<w:p><w:r><w:t xml:space="preserve">  甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t>'
            '<w:sym w:font="Wingdings" w:char="F0FC"/><w:t>2013</w:t><w:noBreakHyphen/><w:t>2014</w:t></w:r>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'
            '<w:fldSimple w:instr=" DATE "><w:r><w:t>2013年9月</w:t></w:r></w:fldSimple>'
            '<w:hyperlink r:id="x"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'
            '<w:r><w:instrText>HYPERLINK "http://x"</w:instrText></w:r></w:p>'
            '<w:sdt><w:sdtPr><w:alias w:val="学校"/></w:sdtPr><w:sdtContent>' + p("内容控件") + "</w:sdtContent></w:sdt>"
            '<w:p><w:r><w:t xml:space="preserve">\u3000\u3000</w:t></w:r></w:p>')
    doc = read(make_docx(body), "t.docx")
    assert [b.text for b in doc.blocks] == ["甲\t乙\n丙2013-20142013年9月链接", "内容控件"]


def test_content_control_placeholder_is_not_text():
    prompt = ('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>'
              '<w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>')
    body = f"<w:p><w:r><w:t>学校名称：</w:t></w:r>{prompt}</w:p>" + prompt.replace("<w:r>", "<w:p><w:r>").replace(
        "</w:r>", "</w:r></w:p>")
    assert [b.text for b in read(make_docx(body), "t.docx").blocks] == ["学校名称："]


def test_strict_ooxml_namespaces():
    strict = make_docx(p("严格格式", num="1"), numbering=abstract(0, lvl(0, "chineseCounting", "%1、")) + num(1, 0))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(strict)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item).replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                          b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(item, data)
    doc = read(buf.getvalue(), "strict.docx")
    assert [(b.label, b.text) for b in doc.blocks] == [("一、", "严格格式")]


# --- bad input ----------------------------------------------------------------------------


def test_internal_entity_dtd_refused():
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
                f'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                f'<w:document {NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(CorruptFile):
        read(make_docx("", document=document), "t.docx")


def test_external_entity_never_resolved(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    document = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
                f'<w:document {NS}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(CorruptFile) as info:
        read(make_docx("", document=document), "t.docx")
    assert "TOPSECRET" not in str(info.value)
    # a DTD hidden in a secondary part is refused too
    styles_doc = make_docx(p("x"), styles="")
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(styles_doc)) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/styles.xml":
                data = f'<!DOCTYPE s [<!ENTITY x SYSTEM "file://{secret}">]><w:styles {NS}/>'.encode()
            dst.writestr(item, data)
    with pytest.raises(CorruptFile):
        read(buf.getvalue(), "t.docx")


def _patch_declared_sizes(data: bytes, name: str, size: int) -> bytes:
    """Rewrite a member's uncompressed size in its local and central headers (a lying zip)."""
    out = bytearray(data)
    encoded = name.encode()
    pos = 0
    while (pos := out.find(b"PK\x03\x04", pos)) != -1:
        if out[pos + 30: pos + 30 + len(encoded)] == encoded:
            struct.pack_into("<I", out, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) != -1:
        if out[pos + 46: pos + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", out, pos + 24, size)
        pos += 4
    return bytes(out)


def test_zip_bomb_refused_by_declared_size_before_inflating():
    data = _patch_declared_sizes(make_docx(p("x")), "word/document.xml", 60 * 1024 * 1024)
    with pytest.raises(TooLargeFile):
        read(data, "bomb.docx")
    data = make_docx(p("x"), styles="", numbering="")
    for part in ("word/styles.xml", "word/numbering.xml"):
        data = _patch_declared_sizes(data, part, 150 * 1024 * 1024)
    with pytest.raises(TooLargeFile):
        read(data, "bomb.docx")


def test_real_oversized_part_refused():
    body = p("x" * 1000) * (docx_reader.MAX_PART_BYTES // 1000 // 1)
    with pytest.raises(TooLargeFile):
        read(make_docx(body), "big.docx")


def test_member_inflating_past_declared_size_is_corrupt(monkeypatch):
    data = _patch_declared_sizes(make_docx(p("正文" * 500)), "word/document.xml", 100)
    with pytest.raises(CorruptFile):
        read(data, "lie.docx")


def test_encrypted_zip_member_is_encrypted_not_corrupt():
    data = bytearray(make_docx(p("x")))
    encoded = b"word/document.xml"
    for signature, name_at, flag_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        pos = 0
        while (pos := data.find(signature, pos)) != -1:
            if data[pos + name_at: pos + name_at + len(encoded)] == encoded:
                data[pos + flag_at] |= 0x1
            pos += 4
    with pytest.raises(EncryptedFile):
        read(bytes(data), "locked.docx")


def test_absurdly_deep_nesting_is_corrupt_not_a_recursion_crash():
    run = "<w:p>" + "<w:hyperlink>" * 5000 + "<w:r><w:t>z</w:t></w:r>" + "</w:hyperlink>" * 5000 + "</w:p>"
    with pytest.raises(CorruptFile):
        read(make_docx(run), "deep.docx")
    tables = p("y")
    for _ in range(70):  # deep but legal: read, nested tables flattened into the outer cell
        tables = f"<w:tbl><w:tr><w:tc>{tables}</w:tc></w:tr></w:tbl>"
    assert [b.text for b in read(make_docx(tables), "deep.docx").blocks] == ["y"]


def test_truncated_garbage_and_partless_zips_are_corrupt():
    good = make_docx(p("正文"))
    for data in (good[: len(good) // 2], good[:-10], b"PK\x03\x04" + b"\x00" * 100):
        with pytest.raises(CorruptFile):
            read(data, "bad.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(CorruptFile):
        read(buf.getvalue(), "nodoc.docx")
    with pytest.raises(CorruptFile):
        read(make_docx("", document="<w:document"), "t.docx")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.binary(min_size=1, max_size=8))
def test_damaged_docx_gives_document_or_typed_error(position, junk):
    good = make_docx(p("一、总体要求", num="1") + p("正文"), numbering=abstract(0, lvl(0, "decimal", "%1.")) + num(1, 0))
    pos = position % len(good)
    data = good[:pos] + junk + good[pos + len(junk):]
    try:
        read(data, "fuzz.docx")
    except InputError:
        pass


# --- the real world: LibreOffice's own docx export ------------------------------------------


LIST_HTML = (
    "<html><body><p>工作方案</p><ol><li>学习阶段</li><li>整改阶段</li><li>总结阶段</li></ol>"
    "<ol type='I'><li>甲</li><li>乙</li></ol></body></html>"
)


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The sources below converted to .docx by LibreOffice headless, in one run (own profile, timeout)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) not installed")
    folder = tmp_path_factory.mktemp("soffice")
    more = "".join(f"<text:list-item><text:p>第{i}部分</text:p></text:list-item>" for i in range(2, 13))
    sources = {"list.html": LIST_HTML, "cn.fodt": FODT.replace("ITEMS", more), "rich.fodt": FODT_RICH}
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
    try:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
             "docx:MS Word 2007 XML", "--outdir", str(folder), *(str(folder / n) for n in sources)],
            check=True, capture_output=True, timeout=180)
        return {name: (folder / name).with_suffix(".docx").read_bytes() for name in sources}
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError, FileNotFoundError) as e:
        pytest.skip(f"LibreOffice conversion failed: {e}")


def test_libreoffice_exported_numbered_list(libreoffice: dict[str, bytes]):
    doc = read(libreoffice["list.html"], "list.docx")
    items = [(b.label, b.text) for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [("1.", "学习阶段"), ("2.", "整改阶段"), ("3.", "总结阶段"), ("I.", "甲"), ("II.", "乙")]


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."/>
<text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/>
</text:list-style>
<text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="①, ②, ③, ..."/>
</text:list-style>
</office:automatic-styles>
<office:body><office:text><text:p>某某小学三找工作方案</text:p>
<text:list text:style-name="L1">
<text:list-item><text:p>指导思想</text:p><text:list>
<text:list-item><text:p>学习</text:p></text:list-item><text:list-item><text:p>整改</text:p></text:list-item></text:list>
</text:list-item>ITEMS</text:list>
<text:list text:style-name="L2"><text:list-item><text:p>甲</text:p></text:list-item>
<text:list-item><text:p>乙</text:p></text:list-item></text:list>
</office:text></office:body></office:document>"""


def test_libreoffice_exported_chinese_counting(libreoffice: dict[str, bytes]):
    doc = read(libreoffice["cn.fodt"], "cn.docx")
    items = [(b.label, b.level) for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items[:4] == [("一、", 0), ("（一）", 1), ("（二）", 1), ("二、", 0)]
    assert [label for label, _ in items[-4:]] == ["十一、", "十二、", "①", "②"]


FODT_RICH = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p>某某区第一中学</text:p></style:header>
<style:footer><text:p>第<text:page-number text:select-page="current">1</text:page-number>页</text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
<text:p>整改台账<draw:frame draw:name="f1" text:anchor-type="paragraph" svg:width="5cm" svg:height="2cm"><draw:text-box><text:p>文本框里的说明</text:p></draw:text-box></draw:frame></text:p>
<table:table table:name="T1">
<table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>作风</text:p></table:table-cell><table:table-cell table:number-columns-spanned="2"><text:p>问题与措施</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell><text:p>拖拉</text:p></table:table-cell><table:table-cell><text:p>限期</text:p></table:table-cell></table:table-row>
</table:table>
<text:p>结尾</text:p>
</office:text></office:body></office:document>"""


def test_libreoffice_exported_frame_merged_table_header_footer(libreoffice: dict[str, bytes]):
    doc = read(libreoffice["rich.fodt"], "rich.docx")
    assert [(b.kind, b.text) for b in doc.blocks if b.kind is not BlockKind.TABLE] == [
        (BlockKind.PARAGRAPH, "整改台账"), (BlockKind.TEXTBOX, "文本框里的说明"), (BlockKind.PARAGRAPH, "结尾"),
        (BlockKind.HEADER, "某某区第一中学"), (BlockKind.FOOTER, "第1页")]
    table = next(b.table for b in doc.blocks if b.table is not None)
    assert [[(c.text, c.col, c.rowspan, c.colspan) for c in row] for row in table.rows] == [
        [("作风", 0, 2, 1), ("问题与措施", 1, 1, 2)], [("拖拉", 1, 1, 1), ("限期", 2, 1, 1)]]
