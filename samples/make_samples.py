"""Make the sample submissions in samples/ (deterministic: a rerun gives the same content).

Run with the project venv: ``.venv/bin/python samples/make_samples.py``. LibreOffice
(``soffice``) makes the text PDFs, the ``.doc`` and the ``.wps``; ``pdftoppm`` and Pillow
make the scanned PDF. A missing tool skips its formats with a message.

Each document is written once as a list of blocks (title, headings, paragraphs,
tables, 落款) and rendered to Word, text or (through Word) PDF. What each file is
meant to be judged is declared beside it in ``samples()`` and written out as
``expected.yaml`` and the table in ``README.md``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
FIXED_ZIP_TIME = (2013, 8, 29, 9, 0, 0)

# ---------------------------------------------------------------------------
# Document blocks
# ---------------------------------------------------------------------------


@dataclass
class H:
    """A heading at level 1..4; ``label`` overrides the computed numbering label."""

    level: int
    text: str
    label: str | None = None


@dataclass
class P:
    text: str
    bold: bool = False


@dataclass
class Table:
    rows: list[list[str]]
    title: str | None = None  # a first row merged across every column


@dataclass
class Sign:
    """落款: issuer and date, right-aligned."""

    lines: list[str]


@dataclass
class Doc:
    title: str
    blocks: list
    header: str | None = None  # page header (usually the school name)
    subtitle: str | None = None  # 文号 or similar, centred under the title
    numbering: str = "typed"  # typed | auto | style | part
    num_id: int = 1  # with "auto": 1 = 一、/（一）/1./（1）, 2 = 一、/（一）/①/（1）
    heading_styles: bool = False  # Word "Heading 1/2" styles for levels 1-2
    author: str = "办公室"


CHINESE = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    if n <= 10:
        return CHINESE[n]
    if n < 20:
        return "十" + CHINESE[n - 10]
    return CHINESE[n // 10] + "十" + (CHINESE[n % 10] if n % 10 else "")


def typed_label(level: int, n: int, numbering: str) -> str:
    if level == 1:
        return f"第{chinese_number(n)}部分　" if numbering == "part" else f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


# ---------------------------------------------------------------------------
# Word rendering (python-docx + hand-written numbering.xml)
# ---------------------------------------------------------------------------

# Level formats as Word shows them: 一、 / （一） / 1. / （1）
NUMBERING_LEVELS = [
    ("chineseCounting", "%1、", 0),
    ("chineseCounting", "（%2）", 420),
    ("decimal", "%3.", 840),
    ("decimal", "（%4）", 1260),
]
# A second list (numId 2), as other Word versions write it: 一、 / （一） / ① / （1）
NUMBERING_LEVELS_ALT = [
    ("chineseCountingThousand", "%1、", 0),
    ("chineseCountingThousand", "（%2）", 420),
    ("decimalEnclosedCircle", "%3", 840),
    ("decimal", "（%4）", 1260),
]


def _w(tag: str, **attrs: str) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def install_numbering(word) -> None:
    """Replace the template's numbering.xml with one multi-level Chinese list (numId 1)."""
    numbering = word.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for num_id, levels in ((1, NUMBERING_LEVELS), (2, NUMBERING_LEVELS_ALT)):
        abstract = _w("w:abstractNum", abstractNumId=str(num_id - 1))
        abstract.append(_w("w:multiLevelType", val="multilevel"))
        for ilvl, (fmt, text, indent) in enumerate(levels):
            lvl = _w("w:lvl", ilvl=str(ilvl))
            lvl.append(_w("w:start", val="1"))
            lvl.append(_w("w:numFmt", val=fmt))
            lvl.append(_w("w:suff", val="nothing"))  # no tab after the label: 一、总体要求
            lvl.append(_w("w:lvlText", val=text))
            lvl.append(_w("w:lvlJc", val="left"))
            ppr = _w("w:pPr")
            ppr.append(_w("w:ind", left="0", firstLine=str(indent + 640)))
            lvl.append(ppr)
            abstract.append(lvl)
        # every abstractNum must precede every num in numbering.xml
        numbering.insert(num_id - 1, abstract)
        num = _w("w:num", numId=str(num_id))
        num.append(_w("w:abstractNumId", val=str(num_id - 1)))
        numbering.append(num)


def num_pr(ilvl: int, num_id: int = 1) -> OxmlElement:
    pr = _w("w:numPr")
    pr.append(_w("w:ilvl", val=str(ilvl)))
    pr.append(_w("w:numId", val=str(num_id)))
    return pr


def attach_numbering(paragraph, ilvl: int, num_id: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    # numPr goes after pStyle/keepNext... inserting right after pStyle keeps Word happy
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(num_pr(ilvl, num_id))
    else:
        ppr.insert(0, num_pr(ilvl, num_id))


def set_run_font(run, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = "Times New Roman"
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _w("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def style_headings(word, numbered: bool) -> None:
    """Black 黑体/楷体 heading styles; when ``numbered`` the list is attached to the style."""
    for name, ilvl, face, size in (("Heading 1", 0, "黑体", 16), ("Heading 2", 1, "楷体_GB2312", 16)):
        st = word.styles[name]
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.size = Pt(size)
        st.font.bold = ilvl == 0
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = _w("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        fonts.set(qn("w:eastAsia"), face)
        fonts.set(qn("w:ascii"), "Times New Roman")
        if numbered:
            st.element.get_or_add_pPr().insert(0, num_pr(ilvl))


def add_table(word, table: Table) -> None:
    ncols = max(len(r) for r in table.rows)
    nrows = len(table.rows) + (1 if table.title else 0)
    t = word.add_table(rows=nrows, cols=ncols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    r0 = 0
    if table.title:
        merged = t.cell(0, 0).merge(t.cell(0, ncols - 1))
        merged.text = ""
        para = merged.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(para.add_run(table.title), "黑体", 12, True)
        r0 = 1
    for i, row in enumerate(table.rows):
        for j, value in enumerate(row):
            para = t.cell(r0 + i, j).paragraphs[0]
            run = para.add_run(value)
            set_run_font(run, "黑体" if i == 0 else "仿宋_GB2312", 10.5, i == 0)
            if i == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    word.add_paragraph()


def add_page_number_footer(word) -> None:
    """Footer "— PAGE —", centred, as official documents number their pages."""
    fp = word.sections[0].footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    fld = _w("w:fldSimple", instr=" PAGE ")
    r = _w("w:r")
    t = _w("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    fp._p.append(fld)
    fp.add_run(" —")


TRACKED = re.compile(r"\{([+-])(.*?)[+-]\}")


def add_tracked_text(para, text: str, author: str) -> None:
    """Body text where ``{+…+}`` is a tracked insertion and ``{-…-}`` a tracked deletion."""
    pos = 0
    for k, m in enumerate(TRACKED.finditer(text)):
        if m.start() > pos:
            para.add_run(text[pos:m.start()])
        insert = m.group(1) == "+"
        change = _w("w:ins" if insert else "w:del", id=str(100 + k), author=author, date="2014-06-19T10:00:00Z")
        r = _w("w:r")
        t = _w("w:t" if insert else "w:delText")
        t.text = m.group(2)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        change.append(r)
        para._p.append(change)
        pos = m.end()
    if pos < len(text):
        para.add_run(text[pos:])


def accept_changes(text: str) -> str:
    return TRACKED.sub(lambda m: m.group(2) if m.group(1) == "+" else "", text)


def to_docx(doc: Doc) -> bytes:
    word = WordDocument()
    install_numbering(word)
    if doc.heading_styles or doc.numbering == "style":
        style_headings(word, numbered=doc.numbering == "style")
    normal = word.styles["Normal"]
    normal.font.size = Pt(14)
    normal.font.name = "Times New Roman"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    from docx.shared import Mm

    sec = word.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    cp = word.core_properties
    cp.author = doc.author
    cp.last_modified_by = doc.author
    cp.title = doc.title
    cp.revision = 1
    import datetime as _dt

    cp.created = cp.modified = _dt.datetime(2013, 8, 29, 9, 0, 0)
    cp.last_printed = _dt.datetime(2013, 8, 29, 9, 0, 0)

    if doc.header:
        hp = word.sections[0].header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(hp.add_run(doc.header), "宋体", 9)
        add_page_number_footer(word)

    tp = word.add_paragraph()
    tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(tp.add_run(doc.title), "方正小标宋简体", 20, True)
    if doc.subtitle:
        sp = word.add_paragraph()
        sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(sp.add_run(doc.subtitle), "楷体_GB2312", 14)

    counters = [0, 0, 0, 0]
    for block in doc.blocks:
        if isinstance(block, H):
            counters[block.level - 1] += 1
            for k in range(block.level, 4):
                counters[k] = 0
            auto = doc.numbering in ("auto", "style") and block.label is None and block.level <= 4
            label = "" if auto else (block.label if block.label is not None
                                     else typed_label(block.level, counters[block.level - 1], doc.numbering))
            if doc.heading_styles and block.level <= 2 or doc.numbering == "style" and block.level <= 2:
                para = word.add_paragraph(style=f"Heading {block.level}")
                run = para.add_run(label + block.text)
            else:
                para = word.add_paragraph()
                para.paragraph_format.first_line_indent = Pt(28)
                run = para.add_run(label + block.text)
                face = {1: "黑体", 2: "楷体_GB2312"}.get(block.level, "仿宋_GB2312")
                set_run_font(run, face, 14, block.level <= 2 or doc.numbering == "part")
            if auto and doc.numbering == "auto" or auto and doc.numbering == "style" and block.level > 2:
                attach_numbering(para, block.level - 1, doc.num_id)
        elif isinstance(block, P):
            para = word.add_paragraph()
            para.paragraph_format.first_line_indent = Pt(28)
            if TRACKED.search(block.text):
                add_tracked_text(para, block.text, doc.author)
            else:
                run = para.add_run(block.text)
                if block.bold:
                    run.bold = True
        elif isinstance(block, Table):
            add_table(word, block)
        elif isinstance(block, Sign):
            word.add_paragraph()
            for line in block.lines:
                para = word.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                para.add_run(line)
    buf = io.BytesIO()
    word.save(buf)
    return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so reruns give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------
# Text rendering
# ---------------------------------------------------------------------------


def to_text(doc: Doc) -> str:
    lines = [doc.title]
    if doc.subtitle:
        lines.append(doc.subtitle)
    lines.append("")
    counters = [0, 0, 0, 0]
    for block in doc.blocks:
        if isinstance(block, H):
            counters[block.level - 1] += 1
            for k in range(block.level, 4):
                counters[k] = 0
            label = block.label if block.label is not None else typed_label(
                block.level, counters[block.level - 1], doc.numbering)
            lines.append(label + block.text)
        elif isinstance(block, P):
            lines.append("　　" + accept_changes(block.text))
        elif isinstance(block, Table):
            if block.title:
                lines.append(block.title)
            lines.extend("\t".join(r) for r in block.rows)
        elif isinstance(block, Sign):
            lines.append("")
            lines.extend("　" * 16 + s for s in block.lines)
    return "\r\n".join(lines) + "\r\n"




# ---------------------------------------------------------------------------
# The text of every sample. Each school's documents are written separately so that
# different authors read differently; shared phrases are rotated so that no two plans
# are near-copies except the pair meant to be one (观水路小学 / 宝山小学).
# ---------------------------------------------------------------------------

STAGE_NAMES = ["学习讨论阶段", "整改落实阶段", "巩固深化阶段", "深入落实长效机制阶段", "回头看、查漏补缺阶段"]

STAGE_TEXT = [
    [
        "组织全体教职工认真学习赵克志书记“7·5”重要讲话和陈刚书记系列讲话精神，召开动员大会，以教研组为单位开展专题讨论，每位教师撰写一份心得体会。",
        "通过集中学习、分组讨论、个人自学相结合的方式，深入学习省、市、区委领导讲话精神，统一思想，凝聚共识；广泛征求教师、家长意见，梳理工作中的问题和不足。",
        "召开党员大会和教职工大会进行动员部署，发放征求意见表，向教职工、家长、社区征求意见和建议，班子成员之间、班子成员与教师之间开展谈心谈话。",
        "以党支部为单位组织专题学习，结合暑期政治学习，召开专题民主生活会，班子成员和党员教师对照“一个要求、四个问题”查摆自身存在的问题。",
    ],
    [
        "针对查找出的问题和差距，逐条制定整改措施，建立整改台账，明确责任人和完成时限，限期整改到位。",
        "对学习讨论阶段梳理出的问题进行归类分析，形成学校整改方案，做到问题、措施、责任、时限“四明确”。",
        "党支部、校委会共同研究制定整改方案，能立即整改的立即整改，一时难以整改的明确时限、分步推进。",
        "围绕作风、纪律、落实三个方面，把问题清单转化为整改清单，每月召开一次整改推进会，通报整改进度。",
    ],
    [
        "认真总结活动成果，对学校各项规章制度进行重新审视、修订和完善，形成指导学校发展的制度措施。",
        "开展整改情况自查，巩固整改成效；修订完善教师考勤、教学常规、师德考核等制度。",
        "对照整改台账逐项销号，对整改不彻底的问题进行“二次整改”，把活动中形成的好做法固化为制度。",
        "召开阶段总结会，评选“三找”活动优秀案例，修订《教职工管理手册》，巩固深化活动成果。",
    ],
    [
        "加强党风廉政建设，签订党风廉政建设责任书，落实“一岗双责”；深入开展“校校联动”“三联三进”活动，推进“四优学校”创建。",
        "健全校务公开、党务公开、财务公开制度，落实“一岗双责”，坚持校级领导包班（学科）、党员教师包学困生的做法。",
        "建立和完善长效机制，开展“讲党性、比师德、比作风、比技能、比业绩”教育活动，持续推进“四优学校”创建。",
        "把活动中形成的制度纳入学校常规管理，坚持领导干部听课、教师家访制度，充分发挥党员先锋模范作用。",
    ],
    [
        "开展“回头看”，检查活动以来查找的问题是否解决、制度是否落实、公开承诺是否兑现；召开党员大会、教职工大会、退休教职工座谈会、家长和学生代表座谈会，开展民主测评。",
        "对照整改台账逐项“回头看”，查漏补缺；通过问卷调查、民主测评等方式检验活动成效，形成活动总结。",
        "组织“回头看”自查，召开家长和学生代表座谈会、退休教职工座谈会，听取意见，对未整改到位的问题继续整改。",
        "全面开展查漏补缺工作，通过自评、教师民主评议、学生和家长无记名问卷等方式对班子和党员进行民主测评。",
    ],
]

REQUIREMENTS = [
    [
        "（一）提高认识，加强领导。各部门要充分认识开展“三找”活动的重要意义，把活动作为当前的一项重要政治任务抓紧抓实。",
        "（二）联系实际，注重实效。坚持边学边查边改，防止走过场、搞形式，确保活动取得实实在在的效果。",
        "（三）加强宣传，及时总结。充分利用校园网、宣传栏、家长会等途径宣传活动开展情况，及时报送活动信息。",
    ],
    [
        "各处室、年级组要把“三找”活动与学校中心工作结合起来，做到两手抓、两不误。",
        "党员教师要带头查找问题、带头整改落实，主动接受教职工和家长的监督。",
        "活动各阶段的资料要及时收集归档，按时向区教育局党委报送方案、总结和整改台账。",
    ],
    [
        "一是强化责任。领导小组成员按分工抓好各自联系的年级组，一级抓一级，层层抓落实。",
        "二是强化督查。学校将把活动开展情况纳入教职工年度考核，对敷衍应付的进行通报。",
        "三是强化宣传。及时总结活动中的好经验、好做法，营造浓厚的活动氛围。",
    ],
    [
        "全园教职工要把“三找”活动与保教工作、师德师风建设紧密结合，以活动促工作。",
        "要坚持开门搞活动，主动听取家长和社区的意见建议，接受社会监督。",
    ],
]


def stage_blocks(dates: list[str | None], rot: int, level: int = 2, name_fmt: str = "{name}（{date}）") -> list:
    """The five stages as headings with one paragraph each; a None date drops that stage."""
    out: list = []
    for i, date in enumerate(dates):
        if date is None:
            continue
        out.append(H(level, name_fmt.format(name=STAGE_NAMES[i], date=date, n="一二三四五"[len(out) // 2])))
        out.append(P(STAGE_TEXT[i][(i + rot) % 4]))
    return out


def leader_lines(leader: str, deputy: str, members: str, office: str = "") -> list:
    out = [P(f"组长：{leader}"), P(f"副组长：{deputy}"), P(f"成员：{members}")]
    if office:
        out.append(P(office))
    return out


# ---------------------------------------------------------------------------
# The bureau's notice (a Chinese rendering of seeds/000_*.txt)
# ---------------------------------------------------------------------------

NOTICE_PARAS = {
    "intro": "为认真贯彻落实省委书记赵克志同志“7·5”重要讲话和市委书记陈刚同志在市委办公厅、南明区调研时的系列重要讲话精神，根据南明区委、区政府《关于深入开展“找问题、找差距、找目标”主题大讨论活动的实施方案》要求，结合南明区教育实际，决定在全区教育系统开展“找问题、找差距、找目标”活动。请各校（园）认真制定校园实施方案，全面铺开活动。",
    "general": "积极响应区委柯书记在全区领导干部大会上提出的明确要求，立足南明区域特点和未来发展机遇，围绕“一个要求、四个问题”，找准工作作风、纪律作风和工作落实方面存在的问题和差距，把教师的思想和行动统一到中央精神上来，统一到省委要求和市委部署上来，凝聚智慧和力量，推动贵阳经济社会更好更快发展。把“三找”主题讨论活动与党的群众路线教育实践活动结合起来，与教育局布置的各项业务工作结合起来，把讨论成果转化为工作动力，以活动促进工作任务的完成。",
    "org1": "成立南明区教育系统“找问题、找差距、找目标”主题大讨论活动领导小组。",
    "org2": "领导小组办公室设在教育局党委办公室，负责安排、指导和督促各中小学、幼儿园开展“三找”活动，办公室主任由陈建祥同志兼任。",
    "focus1": "抓学习。全体教职工要把系列讲话精神作为近期学习的重点，通过集中学习、教研组学习、民主生活会等形式反复认真学习，准确把握领导讲话的重要精神和实质内涵。",
    "focus2": "抓讨论。认真开展以“找问题、找差距、找目标”为主题的讨论活动，认真查找工作中的问题、差距和目标，通过发现问题、分析问题、提出解决问题的办法和措施，推动教育又好又快发展。",
    "focus3": "抓履职。建立健全“三找”活动长效管理机制，充分调动校级干部和教师立足岗位服务学校、服务学生的积极性，提高自身素质和为民履职能力，把讲话精神落实到校园履职的各项工作中，确保“三找”活动扎实有效开展，不流于形式。",
    "study": "深入学习省委书记赵克志7月5日在贵阳市领导干部大会上提出的“五点要求”和省委常委、市委书记陈刚在开阳调研时的讲话精神，深入讨论，统一思想，形成共识，把学习讨论活动推向高潮。通过学习，各校园党支部要深入思考和讨论工作中的重大问题、热点难点问题、成绩和不足，提出解决办法和建议，形成改进工作的思路和措施。",
    "rectify": "针对查找出的问题和差距，制定整改措施，限期整改。各校园党支部要对学习讨论中存在的问题进行归纳梳理，结合工作实际共同研究制定整改方案和措施。整改方案要贴近实际，有针对性和可操作性，加强执行力建设，进一步抓好落实，推动各项工作顺利开展。",
    "consolidate": "巩固和深化大讨论活动成果。各校园党支部要在认真总结、巩固大讨论活动成果的基础上，对大讨论活动中的规章制度进行再认识、再审视、再深化、再建立，形成指导科学发展的政策措施，转化为找问题、找差距、明目标的实际行动。",
    "long1": "加强党风廉政建设，大力开展廉政文化进机关、进校园活动，通过签订党风廉政建设责任书加强警示教育，落实“一岗双责”。建立健全廉政建设制度和党务、校务、财务公开办法，督促党员教师带头学政治、谋发展、创佳绩，做到服务多于奉献、自律多于树形象，增强党员意识和责任意识，提高党性修养。",
    "long2": "加强基层党组织建设，发挥党员先锋模范作用。认真总结学校党组织规范化建设和党员队伍规范化管理的成功经验，不断探索党建与教学管理、党员管理、教师管理有机结合的途径和平台，制定教育系统年度发展党员计划，每年发展一名新党员。",
    "long3": "继续深入开展“校校联动”活动，安排示范中小学、幼儿园与条件困难的农村中小学、幼儿园结成帮扶对子，划拨专项经费，深入帮扶。",
    "long4": "继续深入开展“三联三进”工作，把“校级领导包班（学科）、党员教师包学困生”作为提高教育质量和水平的有效抓手，作为密切党群关系的纽带，工作重心下移，深入教育教学一线，开展家访，帮助家长和学生解决实际困难。",
    "long5": "继续开展“四优学校”创建工作，围绕校园环境优美、教育服务优质、教学质量优良、学生表现优秀的“四优”目标，以“三找”为契机，进一步修订完善学校各项管理制度，修订一批、完善一批、新建一批。",
    "long6": "开展“讲党性、比师德、比作风、比技能、比业绩”教育活动，提高教育教学水平，为全区教育教学增量奠定基础。",
    "back1": "各校园党支部要认真开展“回头看”查漏补缺工作，查找活动以来发现的问题是否得到解决，学校各项管理制度是否落实，教师服务学生制度是否落实，联系家长机制是否丰富，自我剖析和公开承诺是否兑现。",
    "back2": "通过召开党员大会、教职工大会、退休教职工座谈会、家长和学生代表座谈会，进一步听取意见，总结完善师德建设中的好经验、好做法，查找党的群众路线工作中仍然存在的薄弱环节，完善学校管理长效机制。",
    "back3": "开展群众评议，接受群众监督。在教育系统党的群众路线教育实践活动结束前，对学校领导和党员开展工作情况进行民主评议，通过自评、教师民主测评、征求意见、学生和家长无记名问卷等方式检验活动成效。",
}


def notice_body(school: str | None = None, leader: str | None = None) -> list:
    """The notice's sections; with ``school`` the text is what a copying school hands in."""
    n = NOTICE_PARAS
    intro = n["intro"]
    org = [P(n["org1"]), P(n["org2"])]
    if school:
        intro = intro.replace("请各校（园）认真制定校园实施方案，全面铺开活动。", f"结合{school}实际，制定本方案。")
        org = [P(f"成立{school}“找问题、找差距、找目标”主题大讨论活动领导小组。"), P(f"组长：{leader}"),
               P("领导小组办公室设在学校办公室，负责安排、指导和督促各部门开展“三找”活动。")]
    return [
        P(intro),
        H(1, "总体要求"), P(n["general"]),
        H(1, "组织领导"), *org,
        H(1, "活动重点"),
        H(3, n["focus1"]), H(3, n["focus2"]), H(3, n["focus3"]),
        H(1, "方法步骤"),
        H(2, "学习讨论阶段（2013年7月—8月）"), P(n["study"]),
        H(2, "整改落实阶段（2013年9月—10月）"), P(n["rectify"]),
        H(2, "巩固深化阶段（2013年11月—12月）"), P(n["consolidate"]),
        H(2, "深入落实长效机制阶段（2014年1月—3月）"),
        H(3, n["long1"]), H(3, n["long2"]), H(3, n["long3"]), H(3, n["long4"]), H(3, n["long5"]), H(3, n["long6"]),
        H(2, "回头看、查漏补缺阶段（2014年4月—7月）"),
        H(3, n["back1"]), H(3, n["back2"]), H(3, n["back3"]),
    ]


def notice() -> Doc:
    return Doc(
        title="关于在全区教育系统开展“找问题、找差距、找目标”活动的通知",
        subtitle="南教党发〔2013〕26号",
        header="中共南明区教育局委员会文件",
        blocks=[P("各中小学、幼儿园党支部：", bold=False), *notice_body(),
                Sign(["中共南明区教育局委员会", "2013年8月22日"])],
        author="区教育局党委办公室",
    )


# ---------------------------------------------------------------------------
# Plans (实施方案)
# ---------------------------------------------------------------------------


def plan_shiyan1() -> Doc:
    """南明区第一实验小学: Word automatic numbering, header, compliant."""
    s = "南明区第一实验小学"
    return Doc(
        title=f"{s}“找问题、找差距、找目标”活动实施方案",
        header=s, numbering="auto",
        blocks=[
            P("根据中共南明区教育局委员会《关于在全区教育系统开展“找问题、找差距、找目标”活动的通知》精神，结合我校实际，特制定本方案。"),
            H(1, "指导思想"),
            P("以党的十八大精神为指导，围绕“一个要求、四个问题”，以办人民满意的教育为目标，引导全校教职工认真查找工作作风、工作纪律和工作落实方面存在的突出问题，对照“四优学校”标准找差距，结合学校“十二五”发展规划找目标，进一步提升学校管理水平和教育教学质量。"),
            H(1, "组织领导"),
            P("学校成立“三找”活动领导小组："),
            *leader_lines("王建华（党支部书记、校长）", "李秀兰（副校长）、赵平（副校长）",
                          "教导处、德育处、总务处、办公室负责人，各教研组长",
                          "领导小组下设办公室，办公室设在学校办公室，刘洋同志任办公室主任，负责活动的日常工作。"),
            H(1, "活动重点"),
            H(2, "找作风方面的问题"),
            P("重点查找班子成员深入课堂、深入教师不够，教师服务学生、服务家长意识不强，工作满足于过得去等问题。"),
            H(2, "找纪律方面的问题"),
            P("重点查找上班迟到早退、上课玩手机、有偿家教、体罚或变相体罚学生、违规征订教辅资料等问题。"),
            H(2, "找落实方面的问题"),
            P("重点查找学校各项制度执行不到位、教学常规检查流于形式、上级部署的工作推进缓慢等问题。"),
            H(1, "方法步骤"),
            *stage_blocks(["2013年7月—8月", "2013年9月—10月", "2013年11月—12月", "2014年1月—3月", "2014年4月—7月"], 0),
            H(1, "工作要求"),
            *[P(t) for t in REQUIREMENTS[0]],
            Sign([s, "2013年8月29日"]),
        ],
    )


def plan_huaguoyuan() -> Doc:
    """南明区花果园中学: numbering through heading styles, leader and stages in tables; made into a PDF."""
    s = "南明区花果园中学"
    return Doc(
        title=f"{s}开展“找问题、找差距、找目标”活动实施方案",
        header=f"{s}党支部", numbering="style",
        blocks=[
            P("为深入贯彻区教育局党委“三找”活动部署，推动我校办学水平再上新台阶，经校党支部、校委会研究，决定在全校开展“找问题、找差距、找目标”活动，现制定实施方案如下。"),
            H(1, "总体要求"),
            P("立足花果园片区人口快速增长、生源结构变化大的实际，围绕提高初中教育教学质量这一中心，组织全体教职工找准作风、纪律、落实三方面的问题，找准与区内一流初中的差距，明确学校三年发展目标，做到问题找得准、差距看得清、目标定得实。"),
            H(1, "领导小组"),
            P("学校成立“三找”活动领导小组，成员如下："),
            Table(title="“三找”活动领导小组成员名单",
                  rows=[["职务", "姓名", "单位职务"],
                        ["组长", "张志远", "校长、党支部书记"],
                        ["副组长", "黄丽娟", "党支部副书记、副校长"],
                        ["副组长", "孙伟", "副校长"],
                        ["成员", "周敏、钱江、吴晓梅", "教务处、政教处、总务处主任"],
                        ["成员", "各年级组长", "年级组长"]]),
            H(1, "主要内容"),
            H(2, "查作风"),
            P("对照“为民务实清廉”要求，查找班子成员和教职工在服务意识、工作态度、工作方式上的问题。"),
            H(2, "查纪律"),
            P("严格对照《中小学教师职业道德规范》，查找有偿补课、乱收费、上班脱岗等违反纪律的问题。"),
            H(2, "查落实"),
            P("对照学校年度工作计划，逐项查找部署多落实少、推进慢、效果差的工作。"),
            H(1, "实施步骤"),
            P("活动分五个阶段进行，具体安排如下："),
            Table(title="“三找”活动时间安排表",
                  rows=[["阶段", "时间", "主要任务"],
                        ["学习讨论阶段", "2013.7-2013.8", "集中学习讲话精神，开展专题讨论，征求意见"],
                        ["整改落实阶段", "2013.9-2013.10", "梳理问题，制定整改方案，建立整改台账"],
                        ["巩固深化阶段", "2013.11-2013.12", "总结成果，修订完善规章制度"],
                        ["深入落实长效机制阶段", "2014.1-2014.3", "落实“一岗双责”，开展“三联三进”“校校联动”"],
                        ["回头看、查漏补缺阶段", "2014.4-2014.7", "召开四个座谈会，开展民主测评，查漏补缺"]]),
            H(1, "保障措施"),
            *[P(t) for t in REQUIREMENTS[1]],
            Sign([f"中共{s}支部委员会", "二〇一三年八月二十九日"]),
        ],
    )


def plan_hongyan() -> Doc:
    """南明区红岩幼儿园: typed labels, leader in prose (由…任组长); saved as .doc."""
    s = "南明区红岩幼儿园"
    return Doc(
        title=f"{s}2013年“三找”活动实施方案",
        numbering="typed",
        blocks=[
            P("为认真落实区教育局党委关于开展“找问题、找差距、找目标”活动的要求，进一步转变全园教职工工作作风，提升保教质量，结合我园实际，制定本方案。"),
            H(1, "活动目标"),
            P("通过开展“三找”活动，使全园教职工进一步端正服务态度，严守师德规范，找准在保教管理、家园共育、安全卫生等方面与优质幼儿园的差距，确立“办家长满意的幼儿园”的目标，促进幼儿健康快乐成长。"),
            H(1, "组织保障"),
            P("成立“三找”活动工作领导小组，由张丽园长任组长，刘敏副园长任副组长，保教主任、后勤主任、各班班长为成员。领导小组负责活动的组织、协调和督促检查。"),
            H(1, "工作重点"),
            H(2, "找问题"),
            P("查找教职工在保教工作中存在的态度不端正、纪律松懈、制度执行不严等问题。"),
            H(2, "找差距"),
            P("对照省级示范幼儿园标准，查找园所管理、教师专业成长、家园共育等方面的差距。"),
            H(2, "找目标"),
            P("结合幼儿园三年发展规划，明确今后一个时期保教工作的努力方向。"),
            H(1, "时间安排"),
            *stage_blocks(["7—8月", "9—10月", "11—12月", "次年1月至3月", "次年4月至7月"], 1,
                          name_fmt="{name}（{date}）"),
            H(1, "工作要求"),
            *[P(t) for t in REQUIREMENTS[3]],
            Sign([s, "2013年8月30日"]),
        ],
    )


def plan_jiaxiu(fixed: bool = False) -> Doc:
    """南明区甲秀小学: the leading group has no leader named (only 各年级组长) → plan-leader.

    ``fixed``: the second round, after the bureau's letter: the leader and deputy named, dated later.
    """
    s = "南明区甲秀小学"
    group = ([P("学校成立“三找”活动领导小组，负责活动的组织实施。"), P("组  长：林志强（校长）"), P("副组长：彭丽（副校长）")]
             if fixed else [P("学校成立“三找”活动领导小组，由学校行政班子成员组成，负责活动的组织实施。")])
    return Doc(
        title=f"{s}“三找”活动实施方案",
        blocks=[
            P("按照区教育局党委统一部署，我校决定在全体教职工中开展“找问题、找差距、找目标”活动，现结合实际制定如下方案。"),
            H(1, "指导思想"),
            P("坚持以人为本、立德树人，以转变作风、严明纪律、狠抓落实为着力点，通过“三找”活动解决群众反映强烈的突出问题，办好家门口的每一所学校。"),
            H(1, "组织机构"),
            *group,
            P("成员：各年级组长、各教研组长、工会小组长。"),
            H(1, "活动重点"),
            H(3, "组织教职工学习讲话精神，每人撰写学习心得一篇。"),
            H(3, "以年级组为单位召开专题讨论会，对照岗位职责查找问题。"),
            H(3, "发放家长问卷，广泛听取家长对学校工作的意见。"),
            H(1, "实施步骤"),
            *stage_blocks(["2013年7月至8月", "2013年9月至10月", "2013年11月至12月", "2014年1月至3月", "2014年4月至7月"], 2,
                          level=3, name_fmt="{name}：{date}。"),
            H(1, "工作要求"),
            *[P(t) for t in REQUIREMENTS[2]],
            Sign([s, "2013年9月12日" if fixed else "2013年8月28日"]),
        ],
    )


def plan_jiaxiu_fixed() -> Doc:
    return plan_jiaxiu(fixed=True)


def summary_jiaxiu_rectify() -> Doc:
    """南明区甲秀小学, second round: the 整改落实阶段 summary, written months after the stage its plan sets."""
    s = "南明区甲秀小学"
    return Doc(
        title=f"{s}“三找”活动整改落实阶段工作总结",
        blocks=[
            H(1, "开展情况"),
            P("整改落实阶段，我校对照查找出的7条问题逐条制定措施，落实到人，行政会每两周听取一次整改进展汇报。"),
            H(1, "存在问题"),
            P("（一）作风方面。少数中层干部主动服务意识仍然不强，深入年级组指导不够。"),
            P("（二）纪律方面。个别教师午休时间离岗，考勤登记不认真。"),
            P("（三）落实方面。安全工作责任书签订后检查跟进不够，部分措施推进缓慢。"),
            H(1, "差距与目标"),
            P("与区内优质学校相比，我校在制度执行上仍有差距，目标是本学期内实现整改问题全部销号。"),
            H(1, "改进措施"),
            P("中层干部每周深入年级组不少于两次；考勤每周公示；安全检查每月一次并通报。"),
            Sign([s, "2014年3月10日"]),
        ],
    )


def plan_youzhajie() -> Doc:
    """南明区油榨街小学: only four stages (no 回头看) → plan-stages; leader written 组  长."""
    s = "南明区油榨街小学"
    return Doc(
        title=f"{s}“找问题、找差距、找目标”活动方案",
        header=s, heading_styles=True,
        blocks=[
            P("为切实推进我校“三找”活动深入开展，根据上级有关文件精神，制定本方案。"),
            H(1, "总体要求"),
            P("以提高教师队伍整体素质为核心，紧扣学校实际，坚持问题导向，认真查找学校管理和教育教学中存在的问题，明确努力方向，推动学校内涵发展。"),
            H(1, "组织领导"),
            P("组  长  陈志刚"),
            P("副组长  林小燕  马骏"),
            P("成  员  行政会成员及各年级组长"),
            H(1, "主要内容"),
            P("一查服务态度，二查工作纪律，三查工作实效。要求每位教职工对照岗位职责，结合本人工作实际，认真剖析，写出自查材料。"),
            H(1, "方法步骤"),
            *stage_blocks(["七月至八月", "九月至十月", "十一月至十二月", "2014年一月至三月", None], 3),
            H(1, "工作要求"),
            P("全体教职工要高度重视，积极参与，确保活动取得实效；各阶段材料由办公室统一收集整理。"),
            Sign([s, "2013年9月2日"]),
        ],
    )


def plan_hebin() -> Doc:
    """南明区河滨小学: 第一部分 headings; the rectification stage runs to November → plan-stage-windows."""
    s = "南明区河滨小学"
    return Doc(
        title=f"{s}“三找”活动工作方案",
        header=s, numbering="part",
        blocks=[
            H(1, "目标任务"),
            P("通过“三找”活动，着力解决教职工中存在的精神不振、纪律松散、落实不力等问题，力争用一年时间使学校管理更加规范、校风教风学风明显好转，创建“四优学校”。"),
            H(1, "领导小组"),
            P("组长：杨光明（校长）"),
            P("副组长：谢红梅（党支部书记）"),
            P("成员：唐勇、何佳、龚文、冯露"),
            H(1, "工作重点"),
            P("围绕“四优学校”创建，重点抓好三件事：一是规范办学行为，二是加强师德师风建设，三是提升课堂教学效益。"),
            H(1, "实施步骤"),
            *stage_blocks(["2013年7月-8月", "2013年9月-11月", "2013年11月-12月", "2014年1月-3月", "2014年4月-7月"], 0,
                          level=3, name_fmt="{name}（{date}）"),
            H(1, "保障措施"),
            P("学校将活动开展情况纳入各部门和教职工的绩效考核，确保各阶段任务按时完成。"),
            Sign([s, "2013.8.29"]),
        ],
    )


def plan_xingguanlu() -> Doc:
    """南明区兴关路小学: most paragraphs lifted from the notice, names put in → plan-notice-copy.

    Enough own text is added that it is a copy of the notice (most of the plan is the notice)
    without being a near-duplicate of it (much of the notice is left out).
    """
    s = "南明区兴关路小学"
    n = NOTICE_PARAS
    return Doc(
        title=f"{s}开展“找问题、找差距、找目标”活动实施方案",
        blocks=[
            P(n["intro"].replace("请各校（园）认真制定校园实施方案，全面铺开活动。", "结合我校实际，制定本方案。")),
            H(1, "总体要求"), P(n["general"]),
            H(1, "组织领导"),
            P(f"成立{s}“找问题、找差距、找目标”主题大讨论活动领导小组。"),
            P("组长：周德华（校长）"),
            P("副组长：梁红（副校长）"),
            H(1, "活动重点"),
            H(3, n["focus1"]), H(3, n["focus2"]),
            H(3, "抓整改。针对学校在课后服务、食堂管理和校园周边交通安全方面存在的问题，逐项制定整改措施。"),
            H(1, "方法步骤"),
            H(2, "学习讨论阶段（2013年7月—8月）"), P(n["study"]),
            H(2, "整改落实阶段（2013年9月—10月）"), P(n["rectify"]),
            H(2, "巩固深化阶段（2013年11月—12月）"), P(n["consolidate"]),
            H(2, "深入落实长效机制阶段（2014年1月—3月）"),
            P("落实“一岗双责”，坚持校级领导包班、党员教师包学困生，完善校务公开制度。"),
            H(2, "回头看、查漏补缺阶段（2014年4月—7月）"), P(n["back1"]),
            H(1, "工作要求"),
            P("各部门要高度重视，认真组织，确保活动取得实效；活动资料由学校办公室统一收集，按时上报区教育局党委。"),
            Sign([s, "2013年8月30日"]),
        ],
    )


def _plan_peer(s: str, leader: str, deputy: str, date: str) -> Doc:
    """The plan two schools handed in with only the names changed (peer copy)."""
    return Doc(
        title=f"{s}“三找”主题活动实施方案",
        header=s, numbering="auto",
        blocks=[
            P(f"为深入贯彻落实区教育局党委的工作部署，进一步加强教师队伍作风建设，结合{s}工作实际，制定本实施方案。"),
            H(1, "指导思想"),
            P("以科学发展观为统领，坚持围绕中心、服务大局，把“三找”活动同学校教育教学工作紧密结合起来，努力建设一支师德高尚、业务精湛、作风过硬的教师队伍，办好人民满意的学校。"),
            H(1, "组织领导"),
            P(f"组长：{leader}（校长）"),
            P(f"副组长：{deputy}"),
            P("成员：学校中层干部、各教研组长"),
            H(1, "主要内容"),
            H(2, "学习讨论，统一思想"),
            P("组织教职工深入学习相关讲话精神，开展“我为学校发展献一策”讨论，每人至少提出一条意见建议。"),
            H(2, "查摆问题，明确方向"),
            P("围绕作风、纪律、落实三个方面逐人查摆问题，形成学校问题清单，明确努力方向。"),
            H(2, "整改提高，建章立制"),
            P("对查摆出的问题限期整改，修订完善学校管理制度，形成长效机制。"),
            H(1, "时间安排"),
            *stage_blocks(["2013年7—8月", "2013年9—10月", "2013年11—12月", "2014年1—3月", "2014年4—7月"], 2),
            H(1, "工作要求"),
            P("各部门负责人要切实履行职责，精心组织，确保活动不走过场；活动资料及时收集归档。"),
            Sign([s, date]),
        ],
    )


def plan_guanshuilu() -> Doc:
    return _plan_peer("南明区观水路小学", "吴国庆", "许春兰", "2013年8月29日")


def plan_baoshan() -> Doc:
    return _plan_peer("南明区宝山小学", "郑文斌", "陶玉芬", "2013年8月29日")


def plan_xinhualu() -> Doc:
    """南明区新华路小学: headings 一、二、二、三 (two 二) → heading-sequence."""
    s = "南明区新华路小学"
    return Doc(
        title=f"{s}“找问题、找差距、找目标”活动实施方案",
        header=s, heading_styles=True,
        blocks=[
            H(1, "总体要求", label="一、"),
            P("以“三找”活动为契机，着眼于解决学校发展中的突出问题，着力提升教师的执行力和学校的管理效能，让每一位学生享受优质教育。"),
            H(1, "组织领导", label="二、"),
            P("组　长：何建国"),
            P("副组长：蒋丽、韩波"),
            P("成　员：教导处、德育处、总务处主任及各年级组长"),
            H(1, "活动重点", label="二、"),
            P("一要找准问题，二要找准差距，三要找准目标。重点解决教学常规落实不到位、家校沟通不畅通、个别教师纪律观念淡薄等问题。"),
            H(1, "方法步骤", label="三、"),
            *stage_blocks(["2013年7月-8月", "2013年9月-10月", "2013年11月-12月", "2014年1月-3月", "2014年4月-7月"], 3,
                          level=4, name_fmt="{name}（{date}）"),
            H(1, "工作要求", label="四、"),
            P("各部门要按时间节点推进各阶段工作，把活动成效体现在教育教学质量的提高上。"),
            Sign([s, "2013年8月31日"]),
        ],
    )


def plan_yunguan() -> Doc:
    """南明区云关幼儿园: no 落款 and no 成文日期 at the end → meta-date, meta-issuer."""
    s = "南明区云关幼儿园"
    return Doc(
        title=f"{s}“三找”活动实施方案",
        blocks=[
            P("为进一步加强我园教职工队伍建设，根据区教育局党委要求，结合我园实际，制定本方案。"),
            H(1, "指导思想"),
            P("坚持保教并重、以幼儿发展为本，通过“三找”活动查找全园在师德师风、保教常规、安全管理等方面存在的问题，明确发展目标，争创区级优质园。"),
            H(1, "领导小组"),
            P("组长：罗晓红（园长）"),
            P("副组长：邱芳（副园长）"),
            P("成员：保教主任、保健医生、各班班长"),
            H(1, "活动重点"),
            H(2, "保教常规是否落实到位"),
            H(2, "教职工是否遵守园规园纪"),
            H(2, "家园沟通是否及时有效"),
            H(1, "实施步骤"),
            *stage_blocks(["2013年7月—8月", "9月—10月", "11月—12月", "2014年1月—3月", "4月—7月"], 1),
            H(1, "保障措施"),
            P("园领导小组定期检查活动进展，将活动开展情况与教职工绩效考核挂钩。"),
        ],
    )


def plan_wulichong() -> Doc:
    """南明区五里冲小学: a GBK text file with no 工作要求/保障措施 section → plan-requirements."""
    s = "南明区五里冲小学"
    return Doc(
        title=f"{s}“三找”活动方案",
        blocks=[
            H(1, "总体要求"),
            P("紧密结合城乡结合部学校的实际，以解决教师队伍不稳定、学生行为习惯较差、家校联系不紧密等问题为重点，开展“找问题、找差距、找目标”活动，推动学校各项工作上台阶。"),
            H(1, "组织领导"),
            P("组长：唐明辉；副组长：宋永红；成员：全体行政人员。"),
            H(1, "主要内容"),
            P("1.查找教师在工作作风、工作纪律、工作落实中存在的问题；2.对照城区优质学校查找差距；3.制定学校发展目标。"),
            H(1, "方法步骤"),
            *stage_blocks(["2013年7月至8月", "2013年9月至10月", "2013年11月至12月", "2014年1月至3月", "2014年4月至7月"], 0),
            Sign([s, "2013年8月29日"]),
        ],
    )


def plan_qingshan() -> Doc:
    """南明区青山小学 (in the zip): a compliant plan with a leader table row."""
    s = "南明区青山小学"
    return Doc(
        title=f"{s}开展“三找”活动实施方案",
        header=s, numbering="auto",
        blocks=[
            H(1, "活动目标"),
            P("通过“三找”活动，使全体教职工找准自身在作风、纪律、落实方面的问题，找准学校与区内优质学校在办学条件、教学质量、特色建设上的差距，确立“打造书香校园”的发展目标。"),
            H(1, "组织领导"),
            Table(rows=[["职务", "姓名", "职务"],
                        ["组长", "冉光辉", "校长"],
                        ["副组长", "邓小琴", "党支部书记"],
                        ["成员", "彭静、田野、范文", "中层干部"]]),
            H(1, "活动重点"),
            H(2, "抓学习，提高认识"),
            H(2, "抓查摆，找准问题"),
            H(2, "抓整改，务求实效"),
            H(1, "方法步骤"),
            *stage_blocks(["2013年7月-2013年8月", "2013年9月-2013年10月", "2013年11月-2013年12月", "2014年1月-2014年3月",
                           "2014年4月-2014年7月"], 3),
            H(1, "工作要求"),
            P("全体教职工要以高度的责任感投入活动，做到学习有笔记、讨论有记录、整改有台账。"),
            Sign([s, "2013年8月29日"]),
        ],
    )


# ---------------------------------------------------------------------------
# Summaries (阶段总结 / 自查报告)
# ---------------------------------------------------------------------------


def summary_shiyan1() -> Doc:
    s = "南明区第一实验小学"
    return Doc(
        title=f"{s}“三找”活动学习讨论阶段工作总结",
        header=s, numbering="auto",
        blocks=[
            P("按照区教育局党委的统一部署，我校自7月起在全体教职工中开展了“找问题、找差距、找目标”活动。现将学习讨论阶段的工作总结如下。"),
            H(1, "基本情况"),
            P("学校现有教学班36个，学生1712人，教职工98人，其中党员教师31人。活动开展以来，学校召开动员大会1次，组织集中学习6次，各教研组开展专题讨论18场，发放征求意见表300份，收回286份，梳理出意见建议47条，归并为问题16条。"),
            H(1, "存在问题"),
            H(2, "作风方面"),
            H(3, "少数班子成员深入课堂、深入教师不够，听课评课次数偏少。"),
            H(3, "部分教师政治理论学习流于形式，学习笔记照抄照搬，重形式轻实效。"),
            H(2, "纪律方面"),
            H(3, "个别教师存在上班时间玩手机、上网聊天的现象。"),
            H(3, "少数教师存在迟到早退现象，考勤制度执行不严。"),
            H(2, "落实方面"),
            H(3, "部分制度停留在纸面上，执行不到位。"),
            H(3, "工作部署多、检查落实少，校本教研等工作推进缓慢。"),
            H(1, "差距与目标"),
            P("与区内优质学校相比，我校在教师专业发展、学校特色建设方面还有较大差距。下一步，学校将以创建“四优学校”为目标，力争用两年时间使教学质量进入全区前列。"),
            H(1, "整改措施"),
            P("一是建立班子成员听课制度，每人每学期听课不少于30节；二是严格执行考勤制度，每日公示考勤情况；三是对学校现有制度进行一次全面清理，逐项明确责任人；四是建立整改台账，实行销号管理。"),
            Sign([s, "2013年9月6日"]),
        ],
    )


def summary_huaguoyuan() -> Doc:
    """Printed, stamped and scanned: the school only had the paper copy."""
    s = "南明区花果园中学"
    return Doc(
        title=f"{s}“三找”活动自查报告",
        blocks=[
            H(1, "开展情况"),
            P("活动开展以来，我校召开党员大会和教职工大会进行动员，组织集中学习5次，发放征求意见表200份，梳理问题12条。"),
            H(1, "查找的问题"),
            P("一是作风方面，个别教师服务意识不强，与家长沟通时态度生硬。"),
            P("二是纪律方面，有个别教师利用节假日有偿补课，群众反映较大。"),
            P("三是落实方面，部分工作责任分工不明确，出现推诿现象。"),
            H(1, "差距和目标"),
            P("与区内一流初中相比，我校中考成绩差距明显。学校的目标是三年内进入全区中上水平。"),
            H(1, "改进措施"),
            P("开展师德专题教育，签订拒绝有偿补课承诺书，明确各处室工作职责，建立整改台账，限期整改。"),
            Sign([s, "2013年10月25日"]),
        ],
    )


def summary_hongyan() -> Doc:
    s = "南明区红岩幼儿园"
    return Doc(
        title=f"{s}“三找”活动阶段总结",
        blocks=[
            P("根据区教育局党委的部署，我园于7月启动“三找”活动，现将有关情况总结如下。"),
            H(1, "活动开展情况"),
            P("我园召开全园教职工大会进行动员，组织集中学习4次，召开家长座谈会2次，发放家长问卷150份，梳理出问题9条。"),
            H(1, "问题与不足"),
            P("（一）作风方面：个别教师对待幼儿缺乏耐心，服务意识不强；部分教职工满足于现状，得过且过。"),
            P("（二）纪律方面：个别教师在教师节期间收受家长礼品；少数教职工上班时间聊天、玩手机。"),
            P("（三）落实方面：保教常规检查流于形式，检查后整改不及时；安全制度执行不到位。"),
            H(1, "努力方向"),
            P("对照省级示范幼儿园标准，我园在师资队伍和园本课程建设方面还有差距，下一步打算以园本教研为抓手，提升教师专业水平。"),
            H(1, "整改措施"),
            P("重申师德“十不准”，签订师德承诺书；完善一日保教常规检查制度，每周通报；明确安全工作责任人。"),
            Sign([s, "2013年10月28日"]),
        ],
    )


def summary_shangyilu() -> Doc:
    """南明区尚义路小学: no discipline problem among those listed → summary-categories."""
    s = "南明区尚义路小学"
    return Doc(
        title=f"{s}“三找”活动自查报告",
        header=s, numbering="style",
        blocks=[
            H(1, "基本情况"),
            P("我校是一所有着六十年办学历史的老校，现有学生980人，教职工61人。“三找”活动开展以来，学校组织全体教职工认真学习，广泛征求意见，共梳理出问题8条。"),
            H(1, "存在问题"),
            H(2, "工作作风方面"),
            P("部分教师满足于现状，缺乏开拓进取精神；个别行政人员工作作风漂浮，检查工作走过场。"),
            H(2, "工作落实方面"),
            P("对上级布置的任务执行力不强，完成质量不高；教研活动计划落实不到位，部分教研组活动次数不足。"),
            H(2, "其他方面"),
            P("学校运动场地狭小，体育设施陈旧；部分教室照明设施老化，存在安全隐患。"),
            H(1, "差距与目标"),
            P("与城区先进学校相比，我校在教育科研和信息化建设方面差距较大。今后的目标是建成区级信息化示范校。"),
            H(1, "整改措施"),
            P("建立行政人员工作日志制度；每月通报教研活动开展情况；向区教育局申请运动场改造和照明设施更换项目。"),
            Sign([s, "2013年10月30日"]),
        ],
    )


def summary_zunyilu() -> Doc:
    """南明区遵义路小学: problems and measures, but nothing on gaps or goals → summary-gaps-goals."""
    s = "南明区遵义路小学"
    return Doc(
        title=f"{s}“三找”活动情况汇报",
        blocks=[
            P("区教育局党委："),
            P("现将我校“三找”活动开展情况汇报如下。"),
            P("一、开展情况", bold=True),
            P("学校召开动员会1次，开展集中学习4次，各教研组讨论12次，收集意见建议31条。"),
            P("二、存在问题", bold=True),
            P("1.作风方面：少数教师服务意识不强，对学困生关心不够，重形式轻实效。"),
            P("2.纪律方面：个别教师擅自调课、脱岗；少数教师存在迟到早退现象。"),
            P("3.落实方面：部分制度停留在纸面上，执行不到位；个别工作推进缓慢。"),
            P("三、整改措施", bold=True),
            P("1.每周五开展师德师风学习；2.行政值日人员每天检查教师到岗情况并记录；3.对学校制度进行梳理，明确每项制度的执行部门和检查人。"),
            Sign([s, "2013年11月5日"]),
        ],
    )


def summary_jiaxiu() -> Doc:
    """南明区甲秀小学: saved from Word as .docx but named .doc by the sender."""
    s = "南明区甲秀小学"
    return Doc(
        title=f"{s}“三找”活动阶段总结",
        blocks=[
            H(1, "开展情况"),
            P("9月以来，我校在学习讨论的基础上，组织各年级组对照岗位职责逐条查摆，共收集问题14条，经行政会研究归并为7条。"),
            H(1, "存在问题"),
            P("（一）作风方面。少数中层干部工作被动，安排一件做一件，主动服务意识不强。"),
            P("（二）纪律方面。个别教师上课期间离开教室处理私事；个别班级存在向学生乱收费的情况。"),
            P("（三）落实方面。学校安全工作责任不明确，部分岗位职责落实不到位。"),
            H(1, "差距与目标"),
            P("我校与区内优质学校相比，在教育质量和家长满意度上仍有差距。目标是2014年家长满意率达到95%以上。"),
            H(1, "改进措施"),
            P("建立中层干部周工作例会制度；开展乱收费专项自查，已收费用全部清退；重新签订安全工作责任书，责任到人。"),
            Sign([s, "2013年11月8日"]),
        ],
    )


def summary_yunguan() -> Doc:
    """南明区云关幼儿园: photographed with a phone and sent as a JPEG."""
    s = "南明区云关幼儿园"
    return Doc(
        title=f"{s}“三找”活动自查报告",
        blocks=[
            H(1, "基本情况"),
            P("我园共有教职工32人，活动以来组织集中学习4次，召开家长座谈会1次，梳理问题6条。"),
            H(1, "存在问题"),
            P("作风方面：个别教师对幼儿缺乏耐心，与家长沟通不主动。"),
            P("纪律方面：少数教职工上班时间使用手机聊天。"),
            P("落实方面：晨检和消毒制度执行不到位，记录不完整。"),
            H(1, "下一步打算"),
            P("以创建区级优质园为目标，缩小与示范园的差距。"),
            H(1, "整改措施"),
            P("开展师德培训；保教时间手机统一存放；保健医生每日检查晨检和消毒记录。"),
            Sign([s, "2013年11月12日"]),
        ],
    )


def summary_qingshan() -> Doc:
    s = "南明区青山小学"
    return Doc(
        title=f"{s}“三找”活动自查报告",
        header=s,
        blocks=[
            H(1, "基本情况"),
            P("我校于8月中旬启动“三找”活动，全体教职工参加集中学习3次，撰写心得体会56篇，收集意见建议22条。"),
            H(1, "存在问题"),
            P("作风方面：少数教师不思进取，教学方法陈旧，不愿参加教研活动。"),
            P("纪律方面：个别教师违规向学生推销教辅资料；个别教师存在体罚学生的苗头。"),
            P("落实方面：学校工作计划执行力不强，部分工作部署多落实少。"),
            H(1, "下一步打算"),
            P("以“书香校园”建设为目标，缩小与区内优质学校的差距，力争2014年成为区级读书示范校。"),
            H(1, "整改措施"),
            P("开展师德警示教育；严禁教师推销教辅资料，一经发现严肃处理；每月检查工作计划完成情况。"),
            Sign([s, "2013年10月20日"]),
        ],
    )


# ---------------------------------------------------------------------------
# Rectification ledgers (整改台账 / 整改清单)
# ---------------------------------------------------------------------------

LEDGER_HEAD = ["序号", "问题", "类别", "整改措施", "责任人", "完成时限", "状态"]


def ledger_shiyan1() -> Doc:
    s = "南明区第一实验小学"
    rows = [
        ["1", "少数班子成员深入课堂、深入教师不够", "作风", "班子成员每人每学期听课不少于30节，每月交流", "王建华", "2013年10月31日", "已整改"],
        ["2", "部分教师政治学习流于形式", "作风", "改进学习方式，开展专题研讨和学习交流", "李秀兰", "2013年10月31日", "已整改"],
        ["3", "个别教师上班时间玩手机", "纪律", "制定课堂手机管理规定，行政巡课检查", "赵平", "2013年9月30日", "已整改"],
        ["4", "少数教师迟到早退", "纪律", "实行指纹考勤，每周公示", "刘洋", "2013年9月30日", "已整改"],
        ["5", "部分制度停留在纸面，执行不到位", "落实", "清理学校制度，逐项明确执行和检查责任人", "王建华", "2013年12月31日", "正在整改"],
        ["6", "校本教研推进缓慢", "落实", "每周三下午固定开展教研活动，教导处每月检查", "李秀兰", "2013年12月31日", "正在整改"],
    ]
    return Doc(
        title=f"{s}“三找”活动问题整改台账",
        header=s,
        blocks=[Table(rows=[LEDGER_HEAD, *rows], title="“三找”活动问题整改台账（2013年9月）"),
                Sign([f"{s}（盖章）", "2013年9月10日"])],
    )


def ledger_shachonglu() -> Doc:
    """南明区沙冲路小学: a ledger written as a numbered list, compliant."""
    s = "南明区沙冲路小学"
    items = [
        "问题：个别教师对学生态度简单粗暴，服务意识不强（作风）。整改措施：开展师德师风专题教育，建立家长评教制度。责任人：袁芳。完成时限：2013年10月底。",
        "问题：少数教师有偿补课（纪律）。整改措施：签订承诺书，公布举报电话，发现一起查处一起。责任人：江涛。完成时限：2013年9月底。",
        "问题：教学常规检查流于形式，整改不及时（落实）。整改措施：实行教学常规月查月报制度。责任人：袁芳。完成时限：2013年11月底。",
        "问题：班子成员下班级指导不够（作风）。整改措施：实行行政蹲点年级制度。责任人：江涛。完成时限：2013年10月底。",
    ]
    return Doc(
        title=f"{s}“三找”问题整改清单",
        numbering="auto", num_id=2,
        blocks=[P("根据学习讨论阶段查找出的问题，学校制定整改清单如下："),
                *[H(3, t) for t in items],
                Sign([s, "2013年9月12日"])],
    )


def ledger_qingyunlu() -> Doc:
    """南明区青云路小学: a ledger table with no discipline problem → ledger-categories (warning)."""
    s = "南明区青云路小学"
    rows = [
        ["1", "行政人员深入课堂听课少，对年轻教师指导不够", "作风", "行政人员每周听课不少于两节并反馈", "马骏", "2013年10月", "已整改"],
        ["2", "教研活动重形式、轻实效，记录事后补写", "作风", "教研活动当堂记录，教导处每月抽查", "龚丽", "2013年11月", "正在整改"],
        ["3", "课后辅导制度只印发未执行，学困生帮扶名单无人跟进", "落实", "每位党员教师结对两名学困生，每月汇报", "马骏", "2013年12月", "正在整改"],
    ]
    return Doc(
        title=f"{s}“三找”问题整改台账",
        blocks=[P("对照学习讨论阶段梳理出的问题，学校逐条明确整改措施、责任人和时限，形成台账如下。"),
                Table(rows=[["序号", "问题描述", "类别", "整改措施", "责任人", "完成时限", "状态"], *rows]),
                Sign([s, "2013年9月20日"])],
    )


def ledger_shifulu() -> Doc:
    """南明区市府路小学: two rows lack an owner or a deadline → ledger-owner-deadline."""
    s = "南明区市府路小学"
    rows = [
        ["1", "部分教师工作满足于过得去，不思进取", "作风", "开展岗位练兵和教学比武", "曹红", "2013年10月", "已整改"],
        ["2", "个别教师上课接打电话", "纪律", "重申课堂纪律要求，纳入绩效考核", "", "2013年10月", "正在整改"],
        ["3", "学校安全制度执行不到位", "落实", "每周开展安全检查并记录", "程刚", "", "正在整改"],
        ["4", "家校联系制度落实不够", "落实", "班主任每学期家访覆盖全班", "曹红", "2013年12月", "正在整改"],
    ]
    return Doc(
        title=f"{s}“三找”活动整改台账",
        blocks=[Table(rows=[["序号", "存在问题", "类别", "整改措施", "责任领导", "整改时限", "整改情况"], *rows]),
                Sign([s, "2013年9月16日"])],
    )


def ledger_shuikousi() -> Doc:
    """南明区水口寺小学: a deadline in September 2014, after the campaign → ledger-deadline-window."""
    s = "南明区水口寺小学"
    rows = [
        ["1", "少数教师敷衍应付集体备课", "作风", "实行集体备课签到和过程检查", "邹伟", "2013年10月30日", "已完成"],
        ["2", "个别教师违规征订教辅资料", "纪律", "清退违规征订资料款，严肃批评教育", "姚兰", "2013年9月30日", "已完成"],
        ["3", "学校信息化设备使用率低，推进缓慢", "落实", "分批开展信息技术培训，纳入考核", "邹伟", "2014年9月30日", "持续整改"],
    ]
    return Doc(
        title=f"{s}“三找”活动问题清单及整改台账",
        header=s,
        blocks=[Table(rows=[["序号", "问题描述", "类别", "措施", "责任人", "时限", "状态"], *rows],
                      title=f"{s}问题清单"),
                Sign([s, "2013年9月18日"])],
    )


def ledger_qingshan() -> Doc:
    s = "南明区青山小学"
    rows = [
        ["1", "少数教师不思进取，不愿参加教研", "作风", "教研活动考勤纳入考核", "邓小琴", "2013年11月", "正在整改"],
        ["2", "个别教师推销教辅资料", "纪律", "开展专项治理，签订承诺书", "冉光辉", "2013年10月", "已整改"],
        ["3", "工作计划部署多落实少", "落实", "实行周工作清单制度", "冉光辉", "2013年12月", "正在整改"],
    ]
    return Doc(title=f"{s}整改台账", blocks=[Table(rows=[LEDGER_HEAD, *rows]), Sign([s, "2013年10月20日"])])


# ---------------------------------------------------------------------------
# Look-back reports (回头看)
# ---------------------------------------------------------------------------


def lookback_shiyan1() -> Doc:
    s = "南明区第一实验小学"
    return Doc(
        title=f"{s}“三找”活动“回头看”工作报告",
        header=s, numbering="auto", author="李秀兰",
        blocks=[
            P("按照区教育局党委关于“三找”活动回头看、查漏补缺阶段的工作要求，我校于2014年4月至6月开展了“回头看”工作，现报告如下。"),
            H(1, "整改情况"),
            P("活动以来我校共查找问题16条，经逐项检查：已整改{+13+}{-12-}条，正在整改{+2+}{-3-}条，未整改1条。"
              "未整改的1条为运动场改造，需区里统一立项，学校已书面报告。{-另有1条问题正在核实。-}"),
            Table(rows=[["序号", "问题", "整改情况"],
                        ["1", "班子成员深入课堂不够", "已整改"],
                        ["2", "教师上班时间玩手机", "已整改"],
                        ["3", "部分制度执行不到位", "正在整改"],
                        ["4", "运动场地狭小", "未整改"]]),
            H(1, "征求意见情况"),
            P("4月以来，学校先后召开党员大会、教职工大会、退休教职工座谈会、家长和学生代表座谈会各1次，共收集意见建议21条，均已反馈。"),
            H(1, "民主测评情况"),
            P("5月，学校组织教职工对班子成员和党员进行民主测评，发放测评表95份，满意率96.8%；向家长发放无记名问卷500份，满意率95.2%。"),
            H(1, "下一步工作"),
            P("对正在整改和未整改的问题继续跟踪，健全长效机制，巩固活动成果。"),
            Sign([s, "2014年6月20日"]),
        ],
    )


def lookback_taiciqiao() -> Doc:
    """南明区太慈桥中学: meetings and appraisal reported, but no status for any problem → lookback-status."""
    s = "南明区太慈桥中学"
    return Doc(
        title=f"{s}“三找”活动回头看、查漏补缺工作报告",
        blocks=[
            H(1, "工作开展情况"),
            P("根据上级安排，我校于4月起开展“回头看”工作，对照活动以来查找的问题逐项进行了检查。"),
            H(1, "听取意见情况"),
            P("学校召开了党员大会、教职工大会、退休教职工座谈会、家长和学生代表座谈会，听取各方面对学校工作的意见和建议。"),
            H(1, "民主测评"),
            P("组织教职工和家长代表对学校领导班子和党员进行民主测评，总体评价较好。"),
            H(1, "下一步打算"),
            P("继续加强作风建设，严格纪律要求，抓好各项工作落实。"),
            Sign([s, "2014年6月18日"]),
        ],
    )


def lookback_erzhong() -> Doc:
    """南明区第二实验中学: titled 工作总结 but about 回头看; no 退休教职工座谈会 → lookback-meetings."""
    s = "南明区第二实验中学"
    return Doc(
        title=f"{s}2014年上半年“三找”活动工作总结",
        header=s,
        blocks=[
            P("今年4月以来，我校按照“三找”活动回头看、查漏补缺阶段的要求，认真开展了以下工作。"),
            P("一、逐项回头看问题整改情况", bold=True),
            P("学校对活动中查找的11个问题逐项检查，已整改9个，持续整改2个。持续整改的问题是教师办公条件改善和校本课程开发，已列入下学年计划。"),
            P("二、广泛听取意见", bold=True),
            P("召开党员大会1次、教职工大会1次、家长和学生代表座谈会2次，共收集意见15条。"),
            P("三、开展民主测评", bold=True),
            P("通过问卷对学校班子进行民主测评，教职工满意率94%。"),
            Sign([s, "2014年6月25日"]),
        ],
    )


# ---------------------------------------------------------------------------
# More defects, one or two a file: a missing section in each document type
# ---------------------------------------------------------------------------


def plan_qianjinlu() -> Doc:
    """南明区前进路小学: straight into the leading group and the schedule; no 总体要求, no 活动重点."""
    s = "南明区前进路小学"
    return Doc(
        title=f"{s}“三找”活动实施方案",
        header=s, heading_styles=True,
        blocks=[
            P("根据区教育局党委《关于在全区教育系统开展“找问题、找差距、找目标”活动的通知》要求，经学校行政会研究，现将我校“三找”活动安排如下。"),
            H(1, "组织领导"),
            P("学校成立“三找”活动领导小组，负责活动的统筹安排和督促检查。"),
            P("组长：邹国平（校长）"),
            P("副组长：施丽萍（党支部书记）、龙海（副校长）"),
            P("成员：教导处、德育处、总务处主任，各年级组长"),
            P("领导小组下设办公室，设在德育处，由德育处主任潘云兼任办公室主任。"),
            H(1, "活动步骤"),
            H(2, "学习讨论阶段（2013年7月—8月）"),
            P("利用暑期集中培训时间，组织全体教职工学习省、市、区领导讲话精神，各教研组围绕“我身边的问题”开展讨论，每人填写一份自查表。"),
            H(2, "整改落实阶段（2013年9月—10月）"),
            P("学校对自查表和征求意见中反映的问题分类汇总，建立问题清单和整改台账，能改的马上改，一时改不了的明确时限、分步解决。"),
            H(2, "巩固深化阶段（2013年11月—12月）"),
            P("对整改情况进行检查验收，修订《前进路小学教职工考勤办法》《教学常规管理细则》等制度，把行之有效的做法写进制度。"),
            H(2, "深入落实长效机制阶段（2014年1月—3月）"),
            P("结合新学期工作，落实“一岗双责”，坚持行政人员随堂听课和教师家访制度，把整改成果固定下来。"),
            H(2, "回头看、查漏补缺阶段（2014年4月—7月）"),
            P("逐条对照整改台账开展“回头看”，召开党员大会、教职工大会、退休教职工座谈会和家长学生代表座谈会，开展民主测评，对整改不到位的问题继续整改。"),
            H(1, "工作要求"),
            P("各部门负责人要亲自抓、带头改，按时间节点完成各阶段任务；活动资料由德育处专人收集整理，按时报送区教育局党委。"),
            Sign([s, "2013年8月27日"]),
        ],
    )


def plan_xihulu() -> Doc:
    """南明区西湖路小学: no 组织领导 section and no leading group at all."""
    s = "南明区西湖路小学"
    return Doc(
        title=f"{s}“三找”活动工作方案",
        blocks=[
            P("为落实区教育局党委关于开展“找问题、找差距、找目标”活动的部署，切实改进全校教职工的工作作风，推动学校各项工作上水平，结合我校实际，制定本方案。"),
            H(1, "指导思想"),
            P("坚持以学生发展为本，以“办老百姓家门口的好学校”为追求，引导教职工正视自身不足，找准与优质学校的差距，明确个人和学校的发展目标，形成人人想干事、能干事、干成事的良好氛围。"),
            H(1, "活动内容"),
            H(2, "对照师德规范找问题"),
            P("每位教职工对照《中小学教师职业道德规范》和学校岗位职责，从服务态度、工作纪律、工作实效三个方面查找自身存在的问题。"),
            H(2, "对照优质学校找差距"),
            P("组织骨干教师到区内优质学校跟岗学习，从课堂教学、班级管理、家校沟通等方面查找差距。"),
            H(2, "对照发展规划找目标"),
            P("结合学校“十二五”发展规划，明确学校近三年的发展目标和每位教师的专业成长目标。"),
            H(1, "方法步骤"),
            H(2, "学习讨论阶段（2013年7月至8月）"),
            P("以教研组为单位开展集中学习，召开“三找”活动动员会，向家长发放征求意见表。"),
            H(2, "整改落实阶段（2013年9月至10月）"),
            P("汇总各方面意见，形成学校问题清单，逐条明确整改措施和完成时间。"),
            H(2, "巩固深化阶段（2013年11月至12月）"),
            P("检查整改成效，对整改不彻底的问题进行再整改，完善学校管理制度。"),
            H(2, "深入落实长效机制阶段（2014年1月至3月）"),
            P("坚持校务公开，推行行政人员包年级、党员教师结对帮扶学困生的做法。"),
            H(2, "回头看、查漏补缺阶段（2014年4月至7月）"),
            P("对照问题清单逐项检查，召开座谈会听取教职工和家长意见，查漏补缺。"),
            H(1, "活动要求"),
            P("各处室要把“三找”活动与日常工作结合起来，做到活动、工作两不误；全体教职工要认真参与，如实查找问题，不走过场。"),
            Sign([s, "2013年8月30日"]),
        ],
    )


def plan_jiandaojie() -> Doc:
    """南明区箭道街小学: no 方法步骤 section and none of the five stages; made into a PDF."""
    s = "南明区箭道街小学"
    return Doc(
        title=f"{s}开展“三找”活动实施方案",
        header=s, numbering="auto",
        blocks=[
            P("为深入开展“找问题、找差距、找目标”活动，进一步提高教职工队伍的思想素质和业务水平，根据区教育局党委要求，结合我校实际，制定本实施方案。"),
            H(1, "总体要求"),
            P("以提高教育教学质量为中心，以转变作风、严肃纪律、狠抓落实为重点，组织全体教职工查找工作中存在的突出问题，对照先进学校找差距，围绕学校发展找目标，努力办好让群众满意的学校。"),
            H(1, "组织领导"),
            P("成立“三找”活动领导小组，由钟明亮校长任组长，王红梅副校长任副组长，学校中层干部和各教研组长为成员。"),
            H(1, "活动重点"),
            H(2, "查思想作风"),
            P("重点查找教职工工作积极性不高、服务学生和家长意识不强、满足于完成任务等问题。"),
            H(2, "查工作纪律"),
            P("重点查找上班迟到早退、上课接打手机、擅自调课、有偿家教等问题。"),
            H(2, "查工作落实"),
            P("重点查找学校各项规章制度执行不严、教学常规检查流于形式、布置的工作不了了之等问题。"),
            H(1, "工作要求"),
            P("活动自2013年9月开始，至2014年7月结束，各项工作的具体时间由学校另行安排。"),
            P("全体教职工要提高认识，积极参与，边查边改，确保活动取得实效。"),
            Sign([s, "2013年9月4日"]),
        ],
    )


def summary_jiguan() -> Doc:
    """南明区机关幼儿园: problems and goals, but no 基本情况 and no 整改措施 section."""
    s = "南明区机关幼儿园"
    return Doc(
        title=f"{s}“三找”活动自查报告",
        numbering="auto",
        blocks=[
            P("按照区教育局党委的要求，我园组织全体教职工对照“三找”活动要求进行了自查，现将自查情况报告如下。"),
            H(1, "查找的问题"),
            H(2, "作风方面"),
            H(3, "个别教师对待幼儿缺乏耐心，与家长沟通时态度生硬，服务意识不强。"),
            H(3, "部分教职工满足于完成日常保教任务，不思进取，参加园本教研敷衍应付。"),
            H(2, "纪律方面"),
            H(3, "个别教职工上班时间擅自离岗外出办私事。"),
            H(3, "少数教师在节日期间收受家长赠送的购物卡。"),
            H(2, "落实方面"),
            H(3, "卫生保健制度执行不到位，晨午检和消毒记录不完整。"),
            H(3, "上学期布置的园本课程建设任务推进缓慢，部署多、落实少。"),
            H(1, "差距与目标"),
            P("与省级示范幼儿园相比，我园在教师专业素养、园本课程建设和家园共育方面还有明显差距。我园的目标是用两年时间创建成为市级示范幼儿园。"),
            Sign([s, "2013年10月29日"]),
        ],
    )


def summary_xiaobi() -> Doc:
    """南明区小碧中学: the problems are told inside 主要做法, never set out in their own section."""
    s = "南明区小碧中学"
    return Doc(
        title=f"{s}“三找”活动阶段总结",
        header=s,
        blocks=[
            P("“三找”活动开展以来，我校在区教育局党委的指导下，按照学校实施方案扎实推进各阶段工作，现总结如下。"),
            P("一、主要做法", bold=True),
            P("（一）抓学习，统一思想。学校利用每周一政治学习时间，组织教职工集中学习5次，各教研组开展专题讨论14次。"),
            P("（二）抓征求意见，找准问题。学校向教职工、学生和家长发放征求意见表260份，召开学生代表和家长座谈会各1次，共收集意见23条。经行政会梳理，意见主要集中在：部分教师工作作风不实，备课上课应付了事；个别教师上课时间接打电话，存在迟到早退现象；学校关于控制作业量的规定执行不到位，检查流于形式。"),
            P("二、取得的成效", bold=True),
            P("通过活动，教职工的精神面貌有了明显改善，上课接打电话的现象基本杜绝，家长对学校工作的认可度有所提高。"),
            P("三、差距与目标", bold=True),
            P("我校地处城乡结合部，与城区初中相比，在教学质量和教师专业水平上差距较大。今后的目标是三年内中考合格率提高10个百分点。"),
            P("四、整改措施", bold=True),
            P("1.开展“推门听课”活动，行政人员每周听课不少于2节；2.严格执行考勤和课堂纪律规定，每月通报；3.教导处每周抽查各班作业量，结果纳入教师考核。"),
            Sign([s, "2013年11月6日"]),
        ],
    )


def rectification_yongle() -> Doc:
    """南明区永乐中学: a 整改方案 that tells its measures in prose, with no problem list or ledger."""
    s = "南明区永乐中学"
    return Doc(
        title=f"{s}“三找”活动整改方案",
        header=s, numbering="style",
        blocks=[
            P("学习讨论阶段，我校通过召开座谈会、发放征求意见表、开展谈心谈话等方式，广泛听取了教职工、学生和家长的意见。为切实抓好整改，结合我校实际，制定本整改方案。"),
            H(1, "整改目标"),
            P("通过整改，使教职工服务意识明显增强，工作纪律明显好转，学校各项制度真正落到实处，群众满意度进一步提高。"),
            H(1, "存在的主要问题"),
            P("经梳理，我校存在的问题主要有：一是部分教师工作作风漂浮，对学困生缺乏耐心，服务意识不强；二是个别教师违规向学生推销教辅资料，个别班主任存在变相体罚学生的现象；三是学校部分管理制度停留在纸面上，对上级部署的工作推进缓慢，部署多落实少。"),
            H(1, "整改措施"),
            P("针对作风方面的问题，学校将开展师德师风专题教育，组织教师与学困生结对帮扶，把家长评价纳入教师考核。针对纪律方面的问题，学校将重申禁止推销教辅资料和体罚学生的规定，公布监督电话，发现一起查处一起。针对落实方面的问题，学校将对现有制度进行全面清理，每月召开一次工作落实推进会，逐项检查上级部署工作的完成情况。"),
            P("上述整改工作由校长负总责，分管副校长具体抓，力争在本学期内取得明显成效。"),
            H(1, "保障措施"),
            P("学校将整改工作纳入各处室和教职工的年度考核，对整改不力的予以通报批评。"),
            Sign([s, "2013年9月20日"]),
        ],
    )


def lookback_huguolu() -> Doc:
    """南明区护国路小学: statuses and all four meetings, but no 民主测评 or 问卷."""
    s = "南明区护国路小学"
    return Doc(
        title=f"{s}“三找”活动“回头看”情况报告",
        numbering="auto", num_id=2,
        blocks=[
            P("根据区教育局党委关于“三找”活动回头看、查漏补缺阶段的安排，我校于2014年4月至6月开展了“回头看”工作，现将有关情况报告如下。"),
            H(1, "基本情况"),
            P("4月下旬至5月中旬，学校先后召开党员大会、全体教职工大会、退休教职工座谈会和家长和学生代表座谈会，通报活动以来的整改情况，共收集意见建议18条，已逐条反馈。"),
            H(1, "问题整改情况"),
            H(3, "个别教师上课迟到早退的问题，已整改。学校实行行政值日签到制度，本学期以来未再发生。"),
            H(3, "部分教师对学困生缺乏耐心的问题，已整改。全校党员教师与42名学困生结成帮扶对子。"),
            H(3, "教学常规检查流于形式的问题，正在整改。教导处已改为每月随机抽查，检查结果纳入绩效考核。"),
            H(3, "学校食堂就餐拥挤的问题，未整改。食堂扩建需区里统一立项，学校已书面报告区教育局。"),
            H(1, "下一步工作"),
            P("对正在整改和未整改的问题继续跟踪，把活动中形成的好做法纳入学校常规管理，巩固活动成果。"),
            Sign([s, "2014年6月16日"]),
        ],
    )


# ---------------------------------------------------------------------------
# Something else a school sent
# ---------------------------------------------------------------------------


def other_zhonghua() -> Doc:
    s = "南明区中华南路小学"
    return Doc(
        title=f"{s}第十二届秋季田径运动会竞赛规程",
        header=s,
        blocks=[
            H(1, "比赛时间和地点"),
            P("2013年10月24日至25日，学校田径场。"),
            H(1, "参赛单位"),
            P("一至六年级各班。"),
            H(1, "比赛项目"),
            Table(title="比赛项目一览表",
                  rows=[["组别", "径赛", "田赛"], ["低年级组", "50米、4×50米接力", "立定跳远"],
                        ["中年级组", "60米、200米", "跳远、垒球"], ["高年级组", "100米、400米、800米", "跳高、跳远"]]),
            H(1, "报名办法"),
            P("各班于10月15日前将报名表交体育组，每人限报两项。"),
            H(1, "录取与奖励"),
            P("各项目录取前六名，团体总分前三名的班级颁发奖状。"),
            Sign([f"{s}体育组", "2013年10月8日"]),
        ],
    )


def fake_pdf_note() -> str:
    return ("各位领导：\r\n　　您好！我校“三找”活动实施方案已通过电子邮件发送，附件若无法打开请告知。\r\n"
            "南明区团坡小学办公室\r\n2013年9月3日\r\n")


# ---------------------------------------------------------------------------
# LibreOffice, scanning, zips
# ---------------------------------------------------------------------------


def soffice_convert(files: dict[str, bytes], target: str) -> dict[str, bytes]:
    """Convert docx bytes with LibreOffice headless; returns {name: converted bytes}."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="samples-lo-") as tmp:
        t = Path(tmp)
        src = t / "in"
        src.mkdir()
        names = {}
        for i, (name, data) in enumerate(files.items()):
            p = src / f"f{i}.docx"  # ASCII names: LibreOffice is happier and output is predictable
            p.write_bytes(data)
            names[name] = p
        cmd = [exe, f"-env:UserInstallation=file://{t / 'profile'}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(t / "out"), *map(str, names.values())]
        subprocess.run(cmd, check=True, timeout=300, capture_output=True)
        ext = target.split(":")[0]
        return {name: (t / "out" / f"{p.stem}.{ext}").read_bytes() for name, p in names.items()}


def fix_pdf_dates(data: bytes) -> bytes:
    """Pin the creation dates and /ID LibreOffice writes, keeping byte lengths (xref stays valid)."""
    def same_len(m: re.Match, fill: bytes) -> bytes:
        return m.group(1) + (fill * len(m.group(2)))[: len(m.group(2))] + m.group(3)

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)([^)]*)(\))", lambda m: same_len(m, b"20130829090000"), data)
    data = re.sub(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>)", lambda m: same_len(m, b"0"), data)
    data = re.sub(rb"(>\s*<)([0-9A-Fa-f]+)(>\s*\])", lambda m: same_len(m, b"0"), data)
    data = re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)()", lambda m: same_len(m, b"0"), data)
    return data


def red_seal(text: str, size: int = 300):
    """A round red official seal: ring, star, the issuer's name round the top."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = next((p for p in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc") if Path(p).exists()), None)
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    red = (215, 25, 32, 200)
    c = size // 2
    d.ellipse([6, 6, size - 6, size - 6], outline=red, width=9)
    import math

    star = []
    for k in range(10):
        r = size * 0.16 if k % 2 == 0 else size * 0.065
        a = -math.pi / 2 + k * math.pi / 5
        star.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(star, fill=red)
    if font_path is None:
        return seal
    font = ImageFont.truetype(font_path, int(size * 0.12))
    n = len(text)
    span = math.radians(240)
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / n
        glyph = Image.new("RGBA", (int(size * 0.15),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        r = size * 0.36
        x, y = c + r * math.cos(a) - glyph.width / 2, c + r * math.sin(a) - glyph.height / 2
        seal.alpha_composite(glyph, (int(x), int(y)))
    return seal


def stamped_pages(pdf: bytes, seal_text: str, dpi: int):
    """The pages of a PDF as images, the issuer's red seal over the 落款 on the last one."""
    from PIL import Image

    if not shutil.which("pdftoppm"):
        raise FileNotFoundError("pdftoppm")
    with tempfile.TemporaryDirectory(prefix="samples-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")],
                       check=True, timeout=120)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("page*.png"))]
    last = pages[-1]
    gray = last.convert("L")
    import numpy as np

    ink_rows = np.nonzero(np.asarray(gray).min(axis=1) < 128)[0]
    bottom = int(ink_rows[-1]) if len(ink_rows) else last.height // 2
    seal = red_seal(seal_text, size=int(dpi * 1.6))
    last.paste(seal, (int(last.width * 0.62), max(0, bottom - int(seal.height * 0.75))), seal)
    return pages


def scan_pdf(pdf: bytes, seal_text: str, dpi: int = 150) -> bytes:
    """What a school's scanner makes of the printed, stamped document: JPEG pages in a PDF, no text."""
    from PIL import Image, ImageFilter

    scanned = []
    for i, page in enumerate(stamped_pages(pdf, seal_text, dpi)):
        page = page.rotate(0.6 if i % 2 == 0 else -0.4, resample=Image.BICUBIC, fillcolor=(250, 250, 248))
        page = page.filter(ImageFilter.GaussianBlur(0.4))
        scanned.append(page)
    out = io.BytesIO()
    fixed = time.gmtime(1382718600)  # 2013-10-25 16:30 UTC, pinned so reruns give the same bytes
    scanned[0].save(out, format="PDF", save_all=True, append_images=scanned[1:], resolution=float(dpi),
                    quality=55, creationDate=fixed, modDate=fixed, producer="Scanner")
    return out.getvalue()


def photo_jpg(pdf: bytes, seal_text: str) -> bytes:
    """A phone photo of the stamped first page: tilted, warm light, darker towards one edge."""
    from PIL import Image, ImageFilter

    page = stamped_pages(pdf, seal_text, 130)[0]
    page = page.rotate(-1.8, resample=Image.BICUBIC, expand=True, fillcolor=(120, 110, 95))
    shade = Image.linear_gradient("L").resize(page.size).point(lambda v: 255 - v // 6)
    warm = Image.new("RGB", page.size, (255, 244, 225))
    page = Image.composite(Image.blend(page, warm, 0.0), Image.new("RGB", page.size, (90, 85, 75)), shade)
    page = Image.blend(page, warm, 0.08).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=70)
    return out.getvalue()


class _GBKZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in GBK with the UTF-8 flag (bit 11) clear.

    zipfile sets bit 11 and writes UTF-8 for any non-ASCII name (the cp437 round-trip
    trick included), so the name encoding is overridden where the headers are written.
    """

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_zip(members: dict[str, bytes]) -> bytes:
    """A zip as Windows tools (WinRAR, 360压缩, Explorer) make it on a Chinese system."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            zi = _GBKZipInfo(name, FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 0  # MS-DOS
            zi.external_attr = 0x20
            z.writestr(zi, data)
    return out.getvalue()


# ---------------------------------------------------------------------------
# What to make
# ---------------------------------------------------------------------------


@dataclass
class Sample:
    path: str  # relative to samples/
    fmt: str  # docx | pdf | scan | doc | wps | txt | zip | raw
    make: object  # () -> Doc, or () -> bytes for raw
    school: str | None
    doc_type: str | None
    status: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comment: str = ""
    also_ok: list[str] = field(default_factory=list)
    members: list[Sample] = field(default_factory=list)  # for zips
    leader: str | None = None  # plans: the 组长 a reader should find
    stages: dict[str, list[str] | None] | None = None  # plans: when not STAGE_WINDOWS


STAGE_IDS = ["study", "rectify", "consolidate", "long_term", "look_back"]
STAGE_WINDOWS = {"study": ["2013-07", "2013-08"], "rectify": ["2013-09", "2013-10"],
                 "consolidate": ["2013-11", "2013-12"], "long_term": ["2014-01", "2014-03"],
                 "look_back": ["2014-04", "2014-07"]}
CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}


def _cn_int(text: str) -> int:
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def iso_date(text: str) -> str | None:
    """成文日期 as ISO, for the forms the samples use (2013年8月29日, 二〇一三年八月二十九日, 2013.8.29)."""
    if m := re.search(r"(\d{4})(?:年|\.)(\d{1,2})(?:月|\.)(\d{1,2})日?", text):
        y, mo, d = map(int, m.groups())
    elif m := re.search(r"([〇一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日", text):
        y, mo, d = (_cn_int(g) for g in m.groups())
    else:
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def issue_date(doc: Doc) -> str | None:
    signs = [b for b in doc.blocks if isinstance(b, Sign)]
    return iso_date(signs[-1].lines[-1]) if signs else None


def _stages(**changed: list[str] | None) -> dict[str, list[str] | None]:
    return {**STAGE_WINDOWS, **changed}


def samples() -> list[Sample]:
    c = sys.modules[__name__]
    S = Sample
    sy = "南明区第一实验小学"
    return [
        S(f"{sy}“三找”活动实施方案.docx", "docx", c.plan_shiyan1, sy, "plan", "pass",
          leader="王建华", comment="compliant; Word automatic numbering (一、/（一）) from numbering.xml, page header"),
        S(f"{sy}“三找”活动学习讨论阶段工作总结.docx", "docx", c.summary_shiyan1, sy, "summary", "pass",
          comment="compliant; problems in all three categories as auto-numbered 1. items; one boundary sentence "
                  "(迟到早退 beside 考勤制度执行不严) is classified with low confidence: flagged on its row, but "
                  "the categories are covered without it, so the file passes"),
        S(f"{sy}“三找”问题整改台账.docx", "docx", c.ledger_shiyan1, sy, "rectification", "pass",
          comment="compliant ledger table with a merged title row"),
        S(f"{sy}“三找”活动“回头看”工作报告.docx", "docx", c.lookback_shiyan1, sy, "lookback", "pass",
          warnings=["lookback-ledger-items"],
          comment="compliant: statuses, four meetings, 民主测评; tracked changes left in (read as accepted: 已整改13条); "
                  "reports 运动场地狭小, a facilities problem (other): flagged on its row for a reviewer, no verdict "
                  "rests on it, so the file passes; three of the ledger's six items (政治学习, 迟到早退, 校本教研) are "
                  "not in its table (a warning)"),
        S("南明区花果园中学开展“找问题、找差距、找目标”活动实施方案.pdf", "pdf", c.plan_huaguoyuan, "南明区花果园中学", "plan",
          "pass", leader="张志远", comment="text PDF by LibreOffice; numbering via heading styles; leader and stages in tables; 二〇一三年 date"),
        S("南明区花果园中学“三找”活动自查报告（扫描件）.pdf", "scan", c.summary_huaguoyuan, "南明区花果园中学", "summary",
          "review", comment="image-only scan with a red seal: OCR text, so review (content itself compliant)"),
        S("南明区红岩幼儿园“三找”活动实施方案.doc", "doc", c.plan_hongyan, "南明区红岩幼儿园", "plan", "pass",
          leader="张丽", comment="legacy .doc; leader as 由张丽园长任组长; stages 7—8月 … 次年4月至7月"),
        S("南明区红岩幼儿园“三找”活动阶段总结.wps", "wps", c.summary_hongyan, "南明区红岩幼儿园", "summary", "pass",
          comment="a .wps that is Word 97 binary inside (as WPS Office saves it); compliant"),
        S("南明区甲秀小学“三找”活动阶段总结.doc", "docx", c.summary_jiaxiu, "南明区甲秀小学", "summary", "pass",
          comment="a .docx named .doc (format sniffed from content, not the extension); compliant"),
        S("南明区云关幼儿园“三找”活动自查报告.jpg", "jpg", c.summary_yunguan, "南明区云关幼儿园", "summary", "review",
          comment="phone photo (JPEG) of the stamped page: OCR text, so review (content itself compliant)"),
        S("南明区甲秀小学“三找”活动实施方案.docx", "docx", c.plan_jiaxiu, "南明区甲秀小学", "plan", "fail",
          errors=["plan-leader"], comment="no leader named; only 各年级组长 among the members (must not count)"),
        S("南明区油榨街小学“找问题、找差距、找目标”活动方案.docx", "docx", c.plan_youzhajie, "南明区油榨街小学", "plan", "fail",
          errors=["plan-stages"], leader="陈志刚", stages=_stages(look_back=None), comment="four stages only: no 回头看、查漏补缺 stage; leader written 组  长  陈志刚"),
        S("南明区河滨小学“三找”活动工作方案.docx", "docx", c.plan_hebin, "南明区河滨小学", "plan", "pass",
          warnings=["plan-stage-windows"], leader="杨光明", stages=_stages(rectify=["2013-09", "2013-11"]), comment="整改落实阶段 2013年9月-11月 runs past the notice's window (Oct)"),
        S("南明区兴关路小学“三找”活动实施方案.docx", "docx", c.plan_xingguanlu, "南明区兴关路小学", "plan", "pass",
          warnings=["plan-notice-copy"], leader="周德华", comment="about 80% of the plan lifted from the notice (school name put in), but not a near-duplicate of it"),
        S("南明区观水路小学“三找”主题活动实施方案.docx", "docx", c.plan_guanshuilu, "南明区观水路小学", "plan", "pass",
          warnings=["peer-copy"], leader="吴国庆", comment="same text as 宝山小学's plan, names swapped"),
        S("南明区宝山小学“三找”主题活动实施方案.docx", "docx", c.plan_baoshan, "南明区宝山小学", "plan", "pass",
          warnings=["peer-copy"], leader="郑文斌", comment="same text as 观水路小学's plan, names swapped"),
        S("南明区新华路小学“三找”活动实施方案.docx", "docx", c.plan_xinhualu, "南明区新华路小学", "plan", "pass",
          warnings=["heading-sequence"], leader="何建国", comment="headings numbered 一、二、二、三、四、 (two 二)"),
        S("南明区云关幼儿园“三找”活动实施方案.docx", "docx", c.plan_yunguan, "南明区云关幼儿园", "plan", "pass",
          warnings=["meta-date", "meta-issuer"], leader="罗晓红", comment="no 落款 and no 成文日期 at the end"),
        S("南明区五里冲小学“三找”活动方案.txt", "txt", c.plan_wulichong, "南明区五里冲小学", "plan", "pass",
          warnings=["plan-requirements"], leader="唐明辉", comment="GBK text with CRLF; no 工作要求/保障措施 section"),
        S("南明区尚义路小学“三找”活动自查报告.docx", "docx", c.summary_shangyilu, "南明区尚义路小学", "summary", "fail",
          errors=["summary-categories"], comment="problems in 作风 and 落实 (and 'other') only, no discipline problem; numbering via heading styles"),
        S("南明区遵义路小学“三找”活动情况汇报.docx", "docx", c.summary_zunyilu, "南明区遵义路小学", "summary", "pass",
          warnings=["summary-gaps-goals"], comment="bold-paragraph headings; nothing on 差距 or 目标/下一步打算"),
        S("南明区沙冲路小学“三找”问题整改清单.docx", "docx", c.ledger_shachonglu, "南明区沙冲路小学", "rectification", "pass",
          comment="ledger as a Word list numbered ①②③④ (decimalEnclosedCircle): 问题：… 责任人：… 完成时限：…; compliant"),
        S("南明区青云路小学“三找”问题整改台账.docx", "docx", c.ledger_qingyunlu, "南明区青云路小学", "rectification",
          "pass", warnings=["ledger-categories"], comment="ledger table with 作风 and 落实 problems only, no 纪律"),
        S("南明区市府路小学“三找”活动整改台账.docx", "docx", c.ledger_shifulu, "南明区市府路小学", "rectification", "fail",
          errors=["ledger-owner-deadline"], comment="row 2 has no 责任领导, row 3 no 整改时限"),
        S("南明区水口寺小学“三找”问题清单及整改台账.docx", "docx", c.ledger_shuikousi, "南明区水口寺小学", "rectification",
          "pass", warnings=["ledger-deadline-window"], comment="row 3 deadline 2014年9月30日, after the campaign (2014-07)"),
        S("南明区太慈桥中学“三找”活动回头看工作报告.docx", "docx", c.lookback_taiciqiao, "南明区太慈桥中学", "lookback", "fail",
          errors=["lookback-status"], comment="reports meetings and appraisal but no 已整改/正在整改/未整改 anywhere"),
        S("南明区第二实验中学2014年上半年“三找”活动工作总结.docx", "docx", c.lookback_erzhong, "南明区第二实验中学",
          "lookback", "pass", warnings=["lookback-meetings"],
          comment="titled 工作总结 but reports on 回头看 (→ lookback); no 退休教职工座谈会"),
        S("关于在全区教育系统开展“找问题、找差距、找目标”活动的通知.pdf", "pdf", c.notice, None, "notice", "pass",
          warnings=["meta-school"], comment="the bureau's own notice (text PDF); issued by the bureau, names no school"),
        S("南明区中华南路小学第十二届秋季田径运动会竞赛规程.docx", "docx", c.other_zhonghua, "南明区中华南路小学", "other",
          "review", comment="not campaign paperwork (sports-day rules): type other, for a reviewer"),
        S("南明区青山小学“三找”活动材料.zip", "zip", None, "南明区青山小学", None, "pass",
          comment="a zip as Windows sends it: GBK member names without the UTF-8 flag, one folder",
          members=[
              S("青山小学“三找”材料/青山小学“三找”活动实施方案.docx", "docx", c.plan_qingshan, "南明区青山小学", "plan",
                "pass", leader="冉光辉", comment="compliant; leader in a table row"),
              S("青山小学“三找”材料/青山小学“三找”活动自查报告.docx", "docx", c.summary_qingshan, "南明区青山小学",
                "summary", "pass", comment="compliant"),
              S("青山小学“三找”材料/青山小学整改台账.docx", "docx", c.ledger_qingshan, "南明区青山小学",
                "rectification", "pass", warnings=["ledger-summary-items"],
                comment="no title row; the 体罚学生 problem its 自查报告 found is not in the ledger"),
          ]),
        S("南明区前进路小学“三找”活动实施方案.docx", "docx", c.plan_qianjinlu, "南明区前进路小学", "plan", "fail",
          errors=["plan-general", "plan-focus"], leader="邹国平",
          comment="no 总体要求/指导思想 and no 活动重点 section: opens with the leading group, then the schedule"),
        S("南明区西湖路小学“三找”活动工作方案.docx", "docx", c.plan_xihulu, "南明区西湖路小学", "plan", "fail",
          errors=["plan-organisation", "plan-leader"],
          comment="no 组织领导 section and no leading group anywhere, so no 组长 either"),
        S("南明区箭道街小学开展“三找”活动实施方案.pdf", "pdf", c.plan_jiandaojie, "南明区箭道街小学", "plan", "fail",
          errors=["plan-steps", "plan-stages"], leader="钟明亮", stages={k: None for k in STAGE_IDS},
          comment="text PDF by LibreOffice; no 方法步骤 section and none of the five stages (only 'from 2013-09 to 2014-07')"),
        S("南明区机关幼儿园“三找”活动自查报告.docx", "docx", c.summary_jiguan, "南明区机关幼儿园", "summary", "fail",
          errors=["summary-situation", "summary-measures"],
          comment="problems (作风, 纪律, 落实) and gaps/goals, but no 基本情况 and no 整改措施 section"),
        S("南明区小碧中学“三找”活动阶段总结.docx", "docx", c.summary_xiaobi, "南明区小碧中学", "summary", "fail",
          errors=["summary-problems"],
          comment="bold-paragraph headings; the problems (作风, 纪律, 落实) are told inside 主要做法, no 存在问题 section"),
        S("南明区永乐中学“三找”活动整改方案.docx", "docx", c.rectification_yongle, "南明区永乐中学", "rectification",
          "fail", errors=["ledger-present"],
          comment="整改方案 with problems and measures in prose paragraphs: no problem list, table or ledger"),
        S("南明区护国路小学“三找”活动“回头看”情况报告.docx", "docx", c.lookback_huguolu, "南明区护国路小学", "lookback",
          "pass", warnings=["lookback-appraisal"],
          comment="statuses as a ①② list and all four meetings, but no 民主测评 or 问卷"),
        S("第二轮/南明区甲秀小学“三找”活动实施方案（修改稿）.docx", "docx", c.plan_jiaxiu_fixed, "南明区甲秀小学", "plan",
          "pass", leader="林志强", comment="second round: the plan sent back for its missing 组长, handed in again with "
                                          "组长 and 副组长 named; 学校进度 shows the latest version"),
        S("第二轮/南明区甲秀小学“三找”活动整改落实阶段工作总结.docx", "docx", c.summary_jiaxiu_rectify, "南明区甲秀小学",
          "summary", "pass", warnings=["summary-stage-dates"],
          comment="second round: dated 2014-03-10, while the school's plan puts 整改落实阶段 in 2013-09..10"),
        S("bad/南明区团坡小学“三找”活动实施方案.docx", "raw", lambda: b"", None, None, "error",
          comment="zero-byte file (upload failed): error 'empty'"),
        S("bad/南明区花果园中学实施方案（传输中断）.pdf", "raw", None, None, None, "error",
          comment="the first 1.5 KB of a real PDF (transfer cut off): error 'corrupt'"),
        S("bad/南明区水口寺小学“三找”整改台账（加密）.pdf", "encrypted", c.ledger_shuikousi, None, None, "error",
          comment="PDF with an open password (123456): error 'encrypted', no password guessing"),
        S("bad/南明区团坡小学“三找”材料说明.pdf", "raw", lambda: c.fake_pdf_note().encode("gbk"), "南明区团坡小学", "other",
          "review", also_ok=["error"],
          comment="a GBK text note renamed .pdf: sniffed as text (other → review), or refused as not a PDF (error)"),
    ]


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


ENCRYPTED_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"123456"}}')


def write_expected(items: list[Sample]) -> None:
    """samples/expected.yaml: what each sample is meant to be judged (tests and the rules helper read it)."""
    import yaml

    def entry(s: Sample) -> dict:
        e = {"school": s.school, "doc_type": s.doc_type, "status": s.status,
             "errors": s.errors, "warnings": s.warnings, "format": "bad" if s.fmt in ("raw", "encrypted") else s.fmt,
             "comment": s.comment}
        if s.also_ok:
            e["also_ok"] = s.also_ok
        doc = s.make() if s.fmt not in ("raw", "encrypted") and s.make is not None else None
        e["date"] = issue_date(doc) if isinstance(doc, Doc) else None
        if s.doc_type == "plan":
            e["leader"] = s.leader
            e["stages"] = {k: list(v) if v else None for k, v in (s.stages or STAGE_WINDOWS).items()}
        return e

    files: dict[str, dict] = {}
    for s in items:
        if s.fmt == "zip":
            for m in s.members:
                files[f"{s.path}!/{m.path}"] = entry(m)
        else:
            files[s.path] = entry(s)
    head = ("# What each sample is made to be judged. Generated by make_samples.py: edit there.\n"
            "# Keys are paths relative to samples/ (zip members as archive.zip!/member).\n"
            "# status: pass | fail | review | error; errors/warnings: rule stems (sanzhao-2013.<stem>)\n"
            "# that are meant to fail; every other rule is meant to pass. also_ok: other acceptable statuses.\n"
            "# date: the 成文日期 (ISO) or null; plans also give the leader and each stage's [start, end] month.\n")
    head += ("# roster: the roster file (not a submission); schools: what 学校进度 shows with it, per school and\n"
             "# required type (the latest version's status, or overdue: every due date of 2013-14 is past).\n")
    body = yaml.safe_dump({"pack": "sanzhao-2013", "files": files, "roster": ROSTER, "schools": expected_schools(items)},
                          allow_unicode=True, sort_keys=False, width=200)
    (HERE / "expected.yaml").write_text(head + body, encoding="utf-8")


# The roster the demo passes with --roster (学校名单.csv): the district's schools, one alias, one school
# that has handed in nothing, and 南明区第二实验中学 left off so the reports list it as not on the roster.
ROSTER_EXTRA = [("南明区花溪路小学", "", "小学", "三片区", "吴老师")]
ROSTER_ALIASES = {"南明区第一实验小学": "一实小、实验一小", "南明区青山小学": "青山小学"}
NOT_ON_ROSTER = {"南明区第二实验中学", "南明区中华南路小学"}
ROSTER = "学校名单.csv"


def roster_rows(items: list[Sample]) -> list[tuple[str, str, str, str, str]]:
    """(学校, 别名, 学段, 片区, 联系人) of every school the samples name (bar NOT_ON_ROSTER), then ROSTER_EXTRA."""
    names: list[str] = []
    for s in items:
        for m in (s.members or [s]):
            if m.school and m.school not in names and m.school not in NOT_ON_ROSTER and m.doc_type != "notice":
                names.append(m.school)
    contacts = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    rows = []
    for i, name in enumerate(names):
        stage = "幼儿园" if name.endswith("幼儿园") else "中学" if name.endswith("中学") else "小学"
        rows.append((name, ROSTER_ALIASES.get(name, ""), stage, f"{'一二三'[i % 3]}片区", f"{contacts[i % len(contacts)]}老师"))
    return rows + ROSTER_EXTRA


def write_roster(items: list[Sample]) -> None:
    import csv
    import io

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(["学校", "别名", "学段", "片区", "联系人"])
    out.writerows(roster_rows(items))
    (HERE / ROSTER).write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))  # UTF-8 with BOM: Excel opens it


def expected_schools(items: list[Sample]) -> dict[str, dict[str, str]]:
    """What 学校进度 should show per roster school and required type: the latest version's status, or overdue."""
    required = ["plan", "summary", "rectification", "lookback"]
    latest: dict[tuple[str, str], tuple[str, str]] = {}
    for s in items:
        for m in (s.members or [s]):
            if not m.school or m.doc_type not in required:
                continue
            doc = m.make() if m.fmt not in ("raw", "encrypted") and m.make is not None else None
            day = issue_date(doc) if isinstance(doc, Doc) else None
            key = (m.school, m.doc_type)
            if key not in latest or (day or "") >= latest[key][0]:
                latest[key] = (day or "", m.status)
    return {name: {t: latest[(name, t)][1] if (name, t) in latest else "overdue" for t in required}
            for name, *_ in roster_rows(items)}


README_HEAD = """# samples/

Realistic submissions for the demo and the tests: 28 schools and kindergartens of 南明区, every
document type (plan, summary, rectification, lookback, notice, other) and every input format
(.docx, text PDF, scanned PDF, photo .jpg, .doc, .wps, a .docx named .doc, GBK .txt, GBK-named .zip).
All text is original, written in the register of 2013 school paperwork for the 三找 campaign.

Regenerate (byte-identical on a machine with the same LibreOffice, Pillow and zlib):

    .venv/bin/python samples/make_samples.py

Needs LibreOffice `soffice` (text PDFs, `.doc`, `.wps`) and `pdftoppm` + Pillow (the scan, the photo);
without them those files are skipped with a message. `expected.yaml` (made by the same
script) is the machine-readable version of the table below: school, doc_type, intended status
and the rule stems (`sanzhao-2013.<stem>`) meant to fail. Not submissions: this README,
`expected.yaml` and `make_samples.py`.

Notes: the encrypted PDF in `bad/` is made once and kept (encryption salts are random). The `.wps` is the Word 97 binary that WPS Office writes under that extension (LibreOffice
cannot write Kingsoft's own format). The zip stores GBK member names without the UTF-8 flag,
as Windows zip tools do. `bad/` holds broken files that must become `error` rows, never crashes.

`第二轮/` is a second round of submissions: 甲秀小学's plan, sent back for its missing 组长 and handed in
again, and a stage summary dated months after the stage its plan sets. `学校名单.csv` is the roster the
demo passes with `--roster` (so it is the roster, not a submission): every school here but
南明区第二实验中学 (left off, so the reports list it as not on the roster), aliases for two schools, and
南明区花溪路小学, which has handed in nothing. `expected.yaml`'s `schools` is what 学校进度 should show.

| file | format | type | status | rules meant to fail | what it tests |
|---|---|---|---|---|---|
"""


def write_readme(items: list[Sample]) -> None:
    rows = []
    for s in items:
        for path, m in ([(f"{s.path}!/{m.path}", m) for m in s.members] if s.fmt == "zip" else [(s.path, s)]):
            rules = ", ".join([f"{e} (error)" for e in m.errors] + [f"{w} (warning)" for w in m.warnings]) or "—"
            status = m.status + "".join(f" / {a}" for a in m.also_ok)
            fmt = "zip member docx" if s.fmt == "zip" else ("bad" if s.fmt in ("raw", "encrypted") else s.fmt)
            rows.append(f"| {path} | {fmt} | {m.doc_type or '—'} | {status} | {rules} | {m.comment} |")
    (HERE / "README.md").write_text(README_HEAD + "\n".join(rows) + "\n", encoding="utf-8")


def main() -> int:
    items = samples()
    docx_cache: dict[str, bytes] = {}

    def docx_of(s: Sample) -> bytes:
        if s.path not in docx_cache:
            docx_cache[s.path] = to_docx(s.make())
        return docx_cache[s.path]

    made, skipped = [], []

    def put(rel: str, data: bytes) -> None:
        p = HERE / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        made.append((rel, len(data)))

    for s in items:
        if s.fmt == "docx":
            put(s.path, docx_of(s))
        elif s.fmt == "txt":
            put(s.path, to_text(s.make()).encode("gbk"))
        elif s.fmt == "zip":
            put(s.path, gbk_zip({m.path: docx_of(m) for m in s.members}))

    # One LibreOffice run per target format.
    by_target = {"pdf": [s for s in items if s.fmt in ("pdf", "scan", "jpg")],
                 "doc:MS Word 97": [s for s in items if s.fmt in ("doc", "wps")]}
    converted: dict[str, bytes] = {}
    for target, group in by_target.items():
        try:
            converted.update({f"{target}|{k}": v for k, v in
                              soffice_convert({s.path: docx_of(s) for s in group}, target).items()})
        except (FileNotFoundError, subprocess.SubprocessError) as e:
            skipped += [(s.path, f"LibreOffice (soffice) unavailable or failed: {e}") for s in group]

    # Encryption salts are random, so this one file is made once and then kept as it is.
    for s in items:
        if s.fmt != "encrypted":
            continue
        if (HERE / s.path).exists():
            made.append((s.path + "  (kept)", (HERE / s.path).stat().st_size))
            continue
        try:
            put(s.path, soffice_convert({s.path: docx_of(s)}, ENCRYPTED_PDF)[s.path])
        except (FileNotFoundError, subprocess.SubprocessError) as e:
            skipped.append((s.path, f"LibreOffice (soffice) unavailable or failed: {e}"))

    text_pdf_for_bad = None
    for s in items:
        key = f"pdf|{s.path}" if s.fmt in ("pdf", "scan", "jpg") else f"doc:MS Word 97|{s.path}"
        if s.fmt in ("pdf", "scan", "jpg", "doc", "wps") and key in converted:
            data = converted[key]
            if s.fmt == "pdf":
                data = fix_pdf_dates(data)
                text_pdf_for_bad = text_pdf_for_bad or data
                put(s.path, data)
            elif s.fmt in ("scan", "jpg"):
                try:
                    put(s.path, (scan_pdf if s.fmt == "scan" else photo_jpg)(data, s.school or ""))
                except (FileNotFoundError, ImportError, subprocess.SubprocessError) as e:
                    skipped.append((s.path, f"pdftoppm or Pillow missing: {e}"))
            else:
                put(s.path, data)

    for s in items:
        if s.fmt != "raw":
            continue
        if s.make is not None:
            put(s.path, s.make())
        elif text_pdf_for_bad is not None:
            put(s.path, text_pdf_for_bad[:1500])
        else:
            skipped.append((s.path, "needs a LibreOffice PDF to truncate"))

    write_expected(items)
    write_roster(items)
    write_readme(items)
    for rel, n in made:
        print(f"{n:>9,}  {rel}")
    for rel, why in skipped:
        print(f"SKIPPED  {rel}: {why}", file=sys.stderr)
    total = sum(n for _, n in made)
    print(f"{len(made)} files, {total / 1024:.0f} KB; {len(skipped)} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
