"""What a document is made of: title, numbered headings, section tree, pack sections.

Headings come from every signal together: Word heading styles, numbering labels
(automatic ones in ``Block.label`` or typed ones in the text: ``一、`` ``（一）``
``1.`` ``（1）`` ``①`` ``第一阶段`` ``第一部分``), and bold, centred or large short
paragraphs. The tree is rebuilt from the order labels appear in (一、 → （一） →
1. → （1））, then headings are matched to the pack's section ids by title
(synonyms plus a fuzzy match) and by content.
"""

from __future__ import annotations

import functools
import re
import statistics
from dataclasses import dataclass, replace
from typing import Any

from ..judge.rulepack import Pack
from ..model import Block, BlockKind, Document, Location

_CN_NUM = "一二三四五六七八九十"
_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第\s*(?P<n>[{_CN_NUM}\d]{{1,3}})\s*(?P<unit>部分|章|节|篇)\s*[、：:．.]?\s*")),
    ("stage", re.compile(rf"^第\s*(?P<n>[{_CN_NUM}\d]{{1,3}})\s*阶段\s*[、：:．.]?\s*")),
    ("cn", re.compile(rf"^(?P<n>[{_CN_NUM}]{{1,3}})\s*[、．.，,]\s*")),
    ("paren_cn", re.compile(rf"^[（(]\s*(?P<n>[{_CN_NUM}]{{1,3}})\s*[）)]\s*[、.．]?\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*[、.．]?\s*")),
    ("arabic_paren", re.compile(r"^(?P<n>\d{1,2})\s*[）)]\s*")),
    ("arabic", re.compile(r"^(?P<n>\d{1,2})\s*(?:[、．.，,](?!\d)|\s+(?=\D))\s*")),
    ("circled", re.compile(r"^(?P<n>[①-⑳])\s*")),
)
_SENTENCE_END = re.compile(r"[。！？；;!?：:]")
_MAX_HEADING = 40  # characters of a heading's title; the rest of a run-in heading is body


@dataclass(frozen=True)
class Label:
    text: str  # as written: "（三）"
    kind: str  # cn, paren_cn, arabic, paren_arabic, arabic_paren, circled, part, stage, h1.., emphasis
    number: int | None


def label_number(n: str) -> int | None:
    from .dates import cn_number

    if len(n) == 1 and "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    return cn_number(n)


_OCR_JUNK = re.compile(r"^[»«·•■□◆◇●○▪►\-—*~`'\"|]+\s*")


def parse_label(text: str) -> tuple[Label | None, str]:
    """Split a typed numbering label off the front of ``text``: ``"（二）组织领导"`` → (（二）, 组织领导)."""
    stripped = _OCR_JUNK.sub("", text.lstrip())
    for kind, pattern in _LABELS:
        m = pattern.match(stripped)
        if m and m.end() < len(stripped) or (m and kind in ("part", "stage")):
            if kind == "arabic" and re.match(r"^\d{1,2}\s*[.．]\s*\d", stripped):
                continue  # 2.5 or 8.29 is a number, not a label
            label_text = stripped[: m.end()].strip()
            return Label(label_text, kind, label_number(m["n"])), stripped[m.end():].strip()
    return None, text.strip()


def block_label(block: Block) -> tuple[Label | None, str]:
    """The block's numbering label, from automatic numbering or typed in the text."""
    if block.label:
        parsed, _ = parse_label(block.label + " x")
        if parsed:
            return parsed, block.text.strip()
        return Label(block.label.strip(), f"list{block.level or 0}", None), block.text.strip()
    return parse_label(block.text)


def heading_title(text: str) -> str:
    """The heading part of a (possibly run-in) heading: up to the first sentence end."""
    m = _SENTENCE_END.search(text)
    if m and m.start() <= _MAX_HEADING:
        return text[: m.start()].strip()
    return text[:_MAX_HEADING].strip()


def normalise(text: str) -> str:
    """Letters only: no label, spaces, punctuation or digits (``组  长：`` → ``组长``)."""
    _, rest = parse_label(text)
    rest = re.sub(r"[（(][^）)]*[）)]", "", rest)  # "(2013年9月—10月)" says when, not what
    return "".join(c for c in rest if c.isalpha() and not c.isdigit())


# --- the outline ---------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    block: int  # index into doc.blocks
    label: Label | None
    title: str
    depth: int
    parent: int | None  # index into Outline.headings
    end: int  # first block index after this heading's subtree
    path: str  # "四、方法步骤 > （一）学习讨论阶段"


@dataclass(frozen=True)
class SectionMatch:
    id: str
    heading: int  # index into Outline.headings
    score: float
    by: str  # "title", "content" or "position"


@dataclass(frozen=True)
class Outline:
    """The structure of one document."""

    title: str
    title_blocks: tuple[int, ...]
    headings: tuple[Heading, ...]
    block_heading: tuple[int | None, ...]  # per block: the innermost heading holding it
    sections: tuple[SectionMatch, ...]
    section_ids: tuple[str | None, ...]  # per block: the pack section it belongs to

    def only(self, section_ids: set[str]) -> Outline:
        """The outline with section matches kept only for ``section_ids`` (a document type's sections)."""
        kept = [m for m in self.sections if m.id in section_ids]
        ids = _block_sections(list(self.block_heading), list(self.headings), kept)
        return replace(self, sections=tuple(kept), section_ids=tuple(ids))

    def section(self, section_id: str) -> SectionMatch | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def path_of(self, block: int) -> str | None:
        h = self.block_heading[block] if 0 <= block < len(self.block_heading) else None
        return self.headings[h].path if h is not None else None

    def blocks_of(self, section_id: str) -> range:
        """Block indices of a matched section (empty when not found)."""
        match = self.section(section_id)
        if match is None:
            return range(0)
        h = self.headings[match.heading]
        return range(h.block, h.end)

    def locate(self, doc: Document, block: int, **extra: Any) -> Location:
        """The block's location with its section path (and table row/cell when given)."""
        base = doc.blocks[block].location
        return replace(base, section=self.path_of(block), **extra)


def _is_body(block: Block) -> bool:
    return block.kind not in (BlockKind.HEADER, BlockKind.FOOTER)


def _body_size(doc: Document) -> float | None:
    sizes = [b.style.size for b in doc.blocks if b.style.size and len(b.text) > 40]
    return statistics.median(sizes) if sizes else None


def _emphasised(block: Block, body_size: float | None) -> bool:
    text = block.text.strip()
    if len(text) > 30 or text.endswith(("。", "；", ";", "，")):
        return False
    s = block.style
    big = bool(s.size and body_size and s.size >= body_size + 1.5)
    return s.bold or s.alignment == "center" or big


_ADDRESSEE = re.compile(r"[：:]$")
_FILE_NUMBER = re.compile(r"^([\u4e00-\u9fff]{1,6}〔\d{4}〕\d+号|.{0,12}[〔\[]\d{4}[〕\]]\s*\d+\s*号)$")
_NOT_TITLE = re.compile(r"^附件\s*\d*$")
# A red header (文件头): the issuer's name, often followed by 文件, above the file number and the title.
_RED_HEADER = re.compile(r"^(?!.*关于)[\u4e00-\u9fff（）()“”\s]{2,30}文件$")
# A title's last line names the kind of document; after it come the byline and the addressee.
_TITLE_END = ("方案", "总结", "报告", "通知", "汇报", "台账", "清单", "计划", "材料", "通报", "公示", "预案", "规程")


def _title_blocks(doc: Document) -> list[int]:
    """Leading short blocks that make the document title (up to three lines).

    Skipped above it: a red header (南明区教育局文件, or the issuer's name over a file number), the
    file number, and a bulletin's masthead line with its date (…办公室编  2013年11月15日).
    """
    from .dates import find_days

    picked: list[int] = []
    for i, b in enumerate(doc.blocks):
        if not _is_body(b) or b.kind == BlockKind.TABLE:
            if picked:
                break
            continue
        text = b.text.strip()
        if _FILE_NUMBER.match(text):
            picked = []  # what stood above the file number was the red header
            continue
        if not text or _NOT_TITLE.match(text):
            if picked:
                break
            continue
        if not picked and _RED_HEADER.match(text):
            continue
        if not picked and i < 3 and find_days(text) and len(text) <= 50 and not text.endswith("。"):
            continue  # a masthead or date line above the title
        label, _ = block_label(b)
        if label is not None or len(text) > 50 or _ADDRESSEE.search(text) or find_days(text) \
                or text.endswith("。") or len(picked) == 3:
            break
        if picked and (b.style.heading_level or 0) > 1:
            break  # a section heading, not the title's second line
        picked.append(i)
        if any(w in text for w in _TITLE_END):
            break
    return picked


def build_outline(doc: Document, pack: Pack) -> Outline:
    """Title, heading tree and pack-section matches of ``doc``."""
    title_idx = _title_blocks(doc)
    title = "".join(doc.blocks[i].text.strip() for i in title_idx)
    body_size = _body_size(doc)
    raw: list[tuple[int, Label | None, str]] = []  # (block, label, title)
    for i, b in enumerate(doc.blocks):
        if i in title_idx or not _is_body(b) or b.kind == BlockKind.TABLE:
            continue
        label, rest = block_label(b)
        if label is not None:
            raw.append((i, label, heading_title(rest) or rest))
        elif b.style.heading_level:
            raw.append((i, Label("", f"h{b.style.heading_level}", None), heading_title(rest)))
        elif b.kind == BlockKind.HEADING or _emphasised(b, body_size) or _names_a_section(rest, pack):
            raw.append((i, Label("", "emphasis", None), heading_title(rest)))
    headings = _tree(doc, raw)
    block_heading = _block_headings(len(doc.blocks), headings)
    sections = _match_sections(doc, headings, pack)
    section_ids = _block_sections(block_heading, headings, sections)
    return Outline(title, tuple(title_idx), tuple(headings), tuple(block_heading), tuple(sections), tuple(section_ids))


def _names_a_section(text: str, pack: Pack) -> bool:
    """A short line that is nothing but a section title (OCR and plain text lose bold and size)."""
    if len(text) > 12 or _SENTENCE_END.search(text) or text.endswith(("。", "，")):
        return False
    t = normalise(text)
    return any(_score(t, _normalised(w)) >= 0.8 for s in pack.sections for w in [s["title"], *s.get("synonyms", [])])


def heading_display(label: Label | None, title: str) -> str:
    """``（二）组织领导``; a label that ends in a word gets a space: ``第一部分 总体要求``."""
    if label is None or not label.text:
        return title
    gap = "" if label.text[-1] in "、.．,，)）:：①②③④⑤⑥⑦⑧⑨⑩" or "①" <= label.text[-1] <= "⑳" else " "
    return f"{label.text}{gap}{title}"


def _kind(label: Label | None) -> str:
    return label.kind if label else "emphasis"


def _tree(doc: Document, raw: list[tuple[int, Label | None, str]]) -> list[Heading]:
    """Nest headings by the order their label kinds first appear (一、 → （一） → 1.)."""
    stack: list[int] = []  # indices into `out`
    out: list[Heading] = []
    for block, label, title in raw:
        kind = _kind(label)
        style_level = int(kind[1:]) if re.fullmatch(r"h\d", kind) else None
        kinds = [_kind(out[j].label) for j in stack]
        if style_level is not None:
            while stack and re.fullmatch(r"h\d", kinds[-1]) and int(kinds[-1][1:]) >= style_level:
                stack.pop()
                kinds.pop()
        elif kind in kinds:
            while kinds and kinds[-1] != kind:
                stack.pop()
                kinds.pop()
            stack.pop()
        parent = stack[-1] if stack else None
        display = heading_display(label, title)
        path = f"{out[parent].path} > {display}" if parent is not None else display
        out.append(Heading(block, label, title, len(stack), parent, len(doc.blocks), path))
        stack.append(len(out) - 1)
    # a heading's subtree ends where the next heading at its depth or above starts
    for j, h in enumerate(out):
        end = len(doc.blocks)
        for k in range(j + 1, len(out)):
            if out[k].depth <= h.depth:
                end = out[k].block
                break
        out[j] = replace(h, end=end)
    return out


def _block_headings(n: int, headings: list[Heading]) -> list[int | None]:
    # headings come in block order and subtrees nest, so a later heading holding a block is deeper
    owner: list[int | None] = [None] * n
    for j, h in enumerate(headings):
        for i in range(h.block, h.end):
            owner[i] = j
    return owner


# --- matching headings to pack sections ----------------------------------------------------


def _lcs(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for k, cb in enumerate(b):
            cur.append(prev[k] + 1 if ca == cb else max(prev[k + 1], cur[k]))
        prev = cur
    return prev[-1]


def title_score(title: str, synonym: str) -> float:
    """How well a heading title says ``synonym``: 1.0 when it holds it, less by character overlap."""
    return _score(normalise(title), _normalised(synonym))


@functools.lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    return normalise(text)


def _score(t: str, s: str) -> float:
    if not t or not s:
        return 0.0
    if s in t:  # the synonym written whole: a longer heading still says it (作风、纪律、落实方面存在的主要问题)
        return min(1.0, (len(s) + 8) / len(t))
    # scattered characters count a little less than the synonym written whole
    length = 0.95 * min(1.0, (len(s) + 3) / len(t))
    if length < MATCH_THRESHOLD or not set(s) & set(t):
        return 0.0  # cannot reach a match (a long sentence, or nothing shared): no need to align
    return length * _lcs(s, t) / len(s)


MATCH_THRESHOLD = 0.7

_BEST: dict[tuple[tuple[str, tuple[str, ...]], ...], dict[str, tuple[float, str]]] = {}


def _best_section(title: str, words: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[float, str]:
    """The section (of ``words``: id and normalised title and synonyms) a normalised heading title says
    best, with its score. Cached per title: the same headings recur from file to file."""
    known = _BEST.get(words)
    if known is None:
        if len(_BEST) > 16:
            _BEST.clear()
        known = _BEST[words] = {}
    found = known.get(title)
    if found is None:
        found = max(((max(_score(title, w) for w in ws), sid) for sid, ws in words), default=(0.0, ""))
        if len(known) < 50_000:
            known[title] = found
    return found


def _match_sections(doc: Document, headings: list[Heading], pack: Pack) -> list[SectionMatch]:
    best: dict[str, tuple[float, int]] = {}
    words = tuple((s["id"], tuple(_normalised(w) for w in [s["title"], *s.get("synonyms", [])]))
                  for s in pack.sections)
    longest = max((len(w) for _, ws in words for w in ws), default=0)
    for j, h in enumerate(headings):
        title = normalise(h.title)
        if not title or (longest + 4) / len(title) < MATCH_THRESHOLD:
            continue  # no synonym can score a match against a title this long (_score <= (len(s)+4)/len(t))
        score, sid = _best_section(title, words)
        if score < MATCH_THRESHOLD:
            continue
        rank = score - 0.05 * h.depth
        if sid not in best or rank > best[sid][0]:
            best[sid] = (rank, j)
    matches = {sid: SectionMatch(sid, j, round(r, 3), "title") for sid, (r, j) in best.items()}
    for s in pack.sections:
        need = s.get("contains_stages")
        if not need:
            continue
        held = _stage_heading(doc, headings, pack, int(need))
        current = matches.get(s["id"])
        if held is not None and (current is None or _stages_in(doc, headings[current.heading], pack) < need):
            matches[s["id"]] = SectionMatch(s["id"], held, 1.0, "content")
    for s in pack.sections:
        place = _before(headings, matches, s.get("before"))
        if s["id"] not in matches and place is not None:
            matches[s["id"]] = SectionMatch(s["id"], place, MATCH_THRESHOLD, "position")
    return sorted(matches.values(), key=lambda m: headings[m.heading].block)


def _before(headings: list[Heading], matches: dict[str, SectionMatch], target: str | None) -> int | None:
    """The first heading at the level of section ``target``, before it, that no section has taken.

    A report tells what it did before what it found, under headings of its own making (自查的组织与实施,
    成立…领导小组): the section a pack places ``before: problems`` is found there when no title names it.
    """
    if not target or target not in matches:
        return None
    taken = {m.heading for m in matches.values()}
    at: int | None = matches[target].heading
    while at is not None:  # at the target's level, else at its parent's (二、存在的问题及原因 > （一）存在的主要问题)
        h_at = headings[at]
        found = next((j for j, h in enumerate(headings) if h.parent == h_at.parent and h.block < h_at.block
                      and j not in taken), None)
        if found is not None:
            return found
        at = h_at.parent
    return None


def _stages_in(doc: Document, h: Heading, pack: Pack) -> int:
    text = "".join(doc.blocks[i].display for i in range(h.block, h.end))
    return sum(1 for st in pack.stages if any(n in text for n in st["names"]))


def _stage_heading(doc: Document, headings: list[Heading], pack: Pack, need: int) -> int | None:
    """The deepest heading whose subtree names at least ``need`` of the stages."""
    found = [(h.depth, j) for j, h in enumerate(headings) if _stages_in(doc, h, pack) >= need]
    return max(found)[1] if found else None


def _block_sections(block_heading: list[int | None], headings: list[Heading],
                    sections: list[SectionMatch]) -> list[str | None]:
    by_heading = {m.heading: m.id for m in sections}
    out: list[str | None] = []
    for h in block_heading:
        sid = None
        while h is not None:
            if h in by_heading:
                sid = by_heading[h]
                break
            h = headings[h].parent
        out.append(sid)
    return out
