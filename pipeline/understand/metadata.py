"""Who wrote a document, when, and what it is: school, 成文日期, 落款 issuer, doc type.

The school comes from the title, then the byline under it, then the 落款 (sign-off), then
page headers, then the file name — in that order of trust; a title's short name gives way to
the sign-off's fuller one (实验二小 → 南明区实验第二小学). Only a real name counts: not a
fragment of a title (…活动督导整改意见学校) nor a generic phrase (中心学校, 各中小学).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from ..judge.rulepack import Pack
from ..model import BlockKind, Document, Location
from .dates import find_days
from .structure import Outline

_SCHOOL_END = r"(?:中心小学|中心校|小学|中学|学校|幼儿园|完小|分校|职校|[一二三四五六七八九十\d]+[小中](?!学))"
_SCHOOL = re.compile(rf"[\u4e00-\u9fff（）()]{{1,20}}?{_SCHOOL_END}")
_PREFIX = re.compile(r"^(?:关于|中共|印发|转发|致|共青团)+")
# 全区中小学, 各幼儿园, 辖区学校: schools in general (a bureau's notice), not one school
_SCHOOLS_IN_GENERAL = re.compile(r"^在?(?:全|各|所属|辖区)|中小学$")  # 全区中小学, 各中小学校
_ORG_END = re.compile(r"(?:学校|小学|中学|幼儿园|完小|分校|党支部|党总支|支部委员会|委员会|领导小组|办公室|教育局|"
                      r"[一二三四五六七八九十\d]+[小中]|[\u4e00-\u9fff]{1,4}(?:组|处|科|中心))(?:[（(]\s*(?:盖章|章)\s*[）)])?$")
_TAIL = 8  # the sign-off sits in the last few blocks


@dataclass(frozen=True)
class Metadata:
    school: str | None = None
    school_from: str | None = None  # title, byline, signoff, header, filename
    school_location: Location | None = None
    date: str | None = None
    date_location: Location | None = None
    issuer: str | None = None
    issuer_location: Location | None = None


# Where a school name found by the pattern really starts: after the last of these words
# (…活动督导整改意见学校 is no name; 关于城关一小开展… → 城关一小).
_CUT = re.compile(r"^.*(?:关于|开展|印发|活动|材料|情况|意见|督导|整改|检查|纳入|推动|是否|的|了|请|各|对|在|与|及|、)")
# What stands before 学校/小学/… in a phrase that names no school (中心学校, 辖区民办幼儿园, 兄弟学校).
_GENERIC = frozenset(["中小", "中心", "中心小", "本", "我", "该", "全", "兄弟", "所属", "辖区", "民办", "公办", "城区", "农村", "乡镇", "乡村", "相关", "有关", "部分", "其他", "其它", "示范", "重点", "名", "全区", "全县", "全市", "区属", "县属", "市属", "局属", "直属", "薄弱", "城镇", "村级", "普通", "各类", "一些", "少数", "多数"])


def school_in(text: str) -> str | None:
    """The first school name in ``text`` (``关于城关一小开展…`` → 城关一小); None for a generic phrase."""
    for m in _SCHOOL.finditer(text):
        name = _PREFIX.sub("", m.group(0))
        if _SCHOOLS_IN_GENERAL.search(re.sub(r"^.*(?:关于|开展|印发)", "", name)):
            return None  # the rest of the text lists kinds of school (…中小学校和幼儿园), not one
        name = _CUT.sub("", name)
        ending = re.search(_SCHOOL_END + "$", name)
        stem = name[: ending.start()] if ending else name
        if len(name) >= 3 and "教育局" not in name and stem not in _GENERIC and \
                (len(stem) >= 2 or re.search(r"[一二三四五六七八九十\d][小中]$", name)):
            return name
    return None


def _fuller(name: str, other: str | None) -> str:
    """``other`` when it is the same school named more fully (实验二小 → 南明区实验第二小学), else ``name``."""
    if not other or len(other) <= len(name):
        return name
    rest = iter(other)
    return other if all(ch in rest for ch in name) else name


def school_in_path(path: str) -> str | None:
    """A school named by a file's path, for a file whose text names none (or cannot be read).

    The file's own name first, then the folders and archive it came in, nearest first:
    ``收到的材料/城关一小/方案.docx`` → 城关一小.
    """
    parts = [p for p in re.split(r"!/|/", path) if p]
    for part in reversed(parts):
        found = school_in(PurePath(part).stem)
        if found:
            return found
    return None


def _date_line(text: str, days: list) -> bool:
    """A line that is (mostly) a date: a sign-off date, not a date inside a sentence."""
    rest = text[: days[0].start] + text[days[-1].end:]
    return len(rest.strip("（）() ")) <= 30 and not text.rstrip().endswith(("。", "；", "，"))


def _name_line(text: str) -> bool:
    """A short line that names someone, not a sentence (a sign-off, a byline)."""
    return len(text.strip()) <= 40 and not re.search(r"[。，；：:？！,;?!]", text)


def _byline(doc: Document, outline: Outline) -> list[tuple[int, str]]:
    """The line or two under the title naming the author (南明区花溪路小学 邵光荣), if they start with a name."""
    if not outline.title_blocks:
        return []
    start = outline.title_blocks[-1] + 1
    out = []
    for i in range(start, min(start + 2, len(doc.blocks))):
        text = doc.blocks[i].text.strip()
        name = school_in(text) if _name_line(text) else None
        if name and text.startswith(name):
            out.append((i, text))
    return out


def _signoff(doc: Document) -> list[int]:
    body = [i for i, b in enumerate(doc.blocks) if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.TABLE)]
    return body[-_TAIL:]


def find_metadata(doc: Document, outline: Outline) -> Metadata:
    tail = _signoff(doc)
    date = date_loc = issuer = issuer_loc = None
    for i in reversed(tail):
        text = doc.blocks[i].text.strip()
        days = find_days(text)
        if days and date is None and _date_line(text, days):
            date, date_loc = days[-1].iso, outline.locate(doc, i)
            text = (text[: days[0].start] + text[days[-1].end:]).strip()
        if issuer is None and text and len(text) <= 40 and _ORG_END.search(text):
            issuer, issuer_loc = re.sub(r"[（(]\s*(?:盖章|章)\s*[）)]$", "", text).strip(), outline.locate(doc, i)
    if date is None:  # some put the date under the title
        for i in range(min(len(doc.blocks), len(outline.title_blocks) + 3)):
            text = doc.blocks[i].text.strip()
            days = find_days(text)
            if days and _date_line(text, days):
                date, date_loc = days[0].iso, outline.locate(doc, i)
                break
    school, source, school_loc = None, None, None
    title_at = outline.locate(doc, outline.title_blocks[0]) if outline.title_blocks else None
    candidates: list[tuple[str, str, Location | None]] = [
        ("title", outline.title, title_at),
        *[("byline", text, outline.locate(doc, i)) for i, text in _byline(doc, outline)],
        ("signoff", issuer or "", issuer_loc),
        *[("signoff", doc.blocks[i].text, outline.locate(doc, i)) for i in tail if _name_line(doc.blocks[i].text)],
        *[("header", b.text, b.location) for b in doc.blocks if b.kind == BlockKind.HEADER],
    ]
    for where, text, loc in candidates:
        school = school_in(text)
        if school:
            source, school_loc = where, loc
            break
    else:
        school = school_in_path(doc.path)
        source = "filename" if school else None
    if school and source == "title":
        school = _fuller(school, school_in(issuer or ""))
    return Metadata(school, source, school_loc, date, date_loc, issuer, issuer_loc)


# --- document type -----------------------------------------------------------------------------


def _addressee(doc: Document, outline: Outline) -> str:
    """The addressee line under the title (``各中小学、幼儿园：``), or ''."""
    start = (outline.title_blocks[-1] + 1) if outline.title_blocks else 0
    for b in doc.blocks[start:start + 4]:
        text = b.text.strip()
        if text.endswith(("：", ":")) and len(text) <= 40:
            return text
    return ""


def _from_bureau(dt: dict, doc: Document, outline: Outline, issuer: str | None) -> bool:
    """Does the document show it is of this bureau-written type: the issuer, the heading (red header and
    title) or the addressee line? (Not the body: a school's report mentions 区教育局 too.)"""
    end = outline.title_blocks[-1] + 1 if outline.title_blocks else 3
    head = "".join(b.text for b in doc.blocks[:end])
    if any(w in (issuer or "") or w in head for w in dt.get("issuer_words", [])):
        return True
    addressee = _addressee(doc, outline)
    return bool(addressee) and any(w in addressee for w in dt.get("addressee_words", []))


def find_doc_type(doc: Document, outline: Outline, pack: Pack, issuer: str | None = None) -> str:
    """The pack document type, from the title first and the content second.

    A type with ``issuer_words`` (the bureau's notice) wins when its title word is there and the
    issuer, the opening or the addressee line says the bureau wrote it; without that its title word
    counts for nothing (a school's own 通知). Otherwise the first type (pack order) whose title word
    is in the title; a type with ``reports_on`` takes a report whose content dwells on those words
    (a 工作总结 on 回头看 is a look-back report).
    """
    title = outline.title or (doc.blocks[0].text if doc.blocks else "")
    text = doc.text
    by_title = [dt for dt in pack.doc_types if any(w in title for w in dt.get("title_words", []))]
    for dt in by_title:
        if dt.get("issuer_words") and _from_bureau(dt, doc, outline, issuer):
            return str(dt["id"])
    by_title = [dt for dt in by_title if not dt.get("issuer_words")]
    if by_title:
        chosen = by_title[0]
        for dt in pack.doc_types:
            reports = dt.get("reports_on")
            if reports and chosen["id"] in reports.get("types", []) and \
                    sum(text.count(w) for w in reports.get("words", [])) >= int(reports.get("min", 3)):
                return str(dt["id"])
        return str(chosen["id"])
    # no title word: the sections found say what it is
    found = {m.id for m in outline.sections}
    scores = []
    for dt in pack.doc_types:
        secs = {s["id"] for s in pack.sections if dt["id"] in s.get("doc_types", [])}
        if secs:
            scores.append((len(found & secs) / len(secs), str(dt["id"])))
    score, best = max(scores, default=(0.0, pack.fallback_type))
    return best if score >= 0.5 else pack.fallback_type
