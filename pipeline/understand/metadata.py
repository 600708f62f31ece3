"""Who wrote a document, when, and what it is: school, 成文日期, 落款 issuer, doc type.

The school comes from the title, then the 落款 (sign-off), then page headers, then
the file name — in that order of trust.
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
_ORG_END = re.compile(r"(?:学校|小学|中学|幼儿园|完小|分校|党支部|党总支|支部委员会|委员会|领导小组|办公室|教育局|"
                      r"[一二三四五六七八九十\d]+[小中]|[\u4e00-\u9fff]{1,4}(?:组|处|科|中心))(?:[（(]\s*(?:盖章|章)\s*[）)])?$")
_TAIL = 8  # the sign-off sits in the last few blocks


@dataclass(frozen=True)
class Metadata:
    school: str | None = None
    school_from: str | None = None  # title, signoff, header, filename
    school_location: Location | None = None
    date: str | None = None
    date_location: Location | None = None
    issuer: str | None = None
    issuer_location: Location | None = None


def school_in(text: str) -> str | None:
    """The first school name in ``text`` (``关于城关一小开展…`` → 城关一小)."""
    for m in _SCHOOL.finditer(text):
        name = _PREFIX.sub("", m.group(0))
        name = re.sub(r"^.*(?:关于|开展|印发)", "", name)
        if len(name) >= 3 and "教育局" not in name:
            return name
    return None


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
        ("signoff", issuer or "", issuer_loc),
        *[("signoff", doc.blocks[i].text, outline.locate(doc, i)) for i in tail if len(doc.blocks[i].text) <= 40],
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
    return Metadata(school, source, school_loc, date, date_loc, issuer, issuer_loc)


# --- document type -----------------------------------------------------------------------------


def find_doc_type(doc: Document, outline: Outline, pack: Pack, issuer: str | None = None) -> str:
    """The pack document type, from the title first and the content second.

    A type with ``issuer_words`` (the bureau's notice) needs its issuer or opening
    to say so; a type with ``reports_on`` takes a report whose content dwells on
    those words (a 工作总结 on 回头看 is a look-back report).
    """
    title = outline.title or (doc.blocks[0].text if doc.blocks else "")
    text = doc.text
    head = "".join(b.text for b in doc.blocks[:6])
    by_title = [dt for dt in pack.doc_types if any(w in title for w in dt.get("title_words", []))]
    for dt in by_title:
        words = dt.get("issuer_words")
        if words and any(w in (issuer or "") or w in head for w in words):
            return str(dt["id"])
    if by_title and all(dt.get("issuer_words") for dt in by_title):
        return str(by_title[0]["id"])  # titled 通知 and nothing else
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
    score, best = max(scores, default=(0.0, "other"))
    return best if score >= 0.5 else "other"
