"""The data that flows through papercheck: bytes → Document → Submission.

Every stage is a function over these frozen values. Every block, sentence and
finding carries a Location so a reviewer can be shown the exact paragraph,
table cell or page behind a verdict.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True, slots=True)
class Location:
    """Where a piece of text sits in its file.

    ``page`` is 1-based (PDF, images); ``paragraph`` is the 0-based index of the
    block in the document's reading order (Word, text); ``table``/``row``/``cell``
    are 0-based and point at a table cell. ``part`` names where outside the body
    the text came from (``header``, ``footer``, ``textbox``). ``section`` is the
    heading path, filled in once the structure is known.
    """

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    part: str | None = None
    section: str | None = None

    def describe(self, lang: str = "zh") -> str:
        """A short human description, e.g. ``第2页 第5段`` or ``表1 第3行 第2列``."""
        bits: list[str] = []
        if lang == "zh":
            if self.section:
                bits.append(self.section)
            if self.part:
                bits.append({"header": "页眉", "footer": "页脚", "textbox": "文本框"}.get(self.part, self.part))
            if self.page is not None:
                bits.append(f"第{self.page}页")
            if self.table is not None:
                bits.append(f"表{self.table + 1}")
                if self.row is not None:
                    bits.append(f"第{self.row + 1}行")
                if self.cell is not None:
                    bits.append(f"第{self.cell + 1}列")
            elif self.paragraph is not None:
                bits.append(f"第{self.paragraph + 1}段")
            return " ".join(bits)
        if self.section:
            bits.append(self.section)
        if self.part:
            bits.append(self.part)
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.table is not None:
            bits.append(f"table {self.table + 1}")
            if self.row is not None:
                bits.append(f"row {self.row + 1}")
            if self.cell is not None:
                bits.append(f"cell {self.cell + 1}")
        elif self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph + 1}")
        return " ".join(bits)

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        data["text"] = self.describe()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Location | None:
        if data is None:
            return None
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE = "table"
    HEADER = "header"
    FOOTER = "footer"
    TEXTBOX = "textbox"


@dataclass(frozen=True, slots=True)
class StyleHints:
    """What the author's formatting says about a block (all optional)."""

    heading_level: int | None = None  # Word "Heading N" / outline level, 1-based
    bold: bool = False
    size: float | None = None  # points
    alignment: str | None = None  # left, center, right, justify
    style_name: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell; a merged cell appears once with its spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]

    def grid(self) -> list[list[str]]:
        """Rows of cell texts (merged cells once, in their first position)."""
        return [[c.text for c in row] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the document in reading order.

    ``text`` excludes the numbering ``label`` (``一、``, ``（三）``, ``2.``, ``①``)
    that the reader sees before it; ``level`` is the list level (0-based) when the
    label came from automatic numbering or was recognised in the text.
    """

    kind: BlockKind
    text: str
    location: Location
    label: str = ""
    level: int | None = None
    style: StyleHints = field(default_factory=StyleHints)
    table: Table | None = None

    @property
    def display(self) -> str:
        """The text as the reader sees it, label included."""
        return f"{self.label}{self.text}" if self.label else self.text


@dataclass(frozen=True)
class PageImage:
    """A page that was read by OCR, as the reviewer sees it beside the text: a small JPEG data URI."""

    number: int
    image: str


@dataclass(frozen=True)
class Document:
    """What was read from one submission, before any judgement."""

    path: str
    format: str  # docx, pdf, doc, wps, rtf, odt, txt, image
    sha256: str
    blocks: tuple[Block, ...]
    ocr: bool = False
    pages: int | None = None
    notes: tuple[str, ...] = ()  # e.g. "第3页文字无法识别"; makes the verdict `review`
    page_images: tuple[PageImage, ...] = ()  # pages read by OCR, small, for a reviewer to compare with the text

    @property
    def text(self) -> str:
        return "\n".join(b.display for b in self.blocks)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a block: ``doc.blocks[block].text[start:end] == text``.

    In a table block the offsets are still into the block's text (rows by newline, cells by tab) and
    ``location`` has the cell's ``row`` and ``cell`` filled in.
    """

    text: str
    location: Location
    start: int
    end: int
    block: int


# --- judgement ---------------------------------------------------------------


@dataclass(frozen=True)
class SectionFinding:
    id: str
    title: str
    found: bool
    location: Location | None = None


@dataclass(frozen=True)
class StageFinding:
    id: str
    found: bool
    start: str | None = None  # ISO YYYY-MM or YYYY-MM-DD
    end: str | None = None
    evidence: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class Result:
    """One rule's verdict on one submission, with the evidence behind it."""

    rule: str
    severity: str  # error | warning
    passed: bool
    message: str
    evidence: str = ""
    location: Location | None = None
    message_en: str = ""
    uncertain: bool = False  # the outcome rests on something unsure (a low-confidence category): a person decides


@dataclass(frozen=True)
class Problem:
    """A shortcoming the school reports, with its category."""

    text: str
    category: str | None  # one of the pack's category ids; None: a problem not categorised (no categoriser)
    confidence: float
    location: Location | None = None
    needs_review: bool = False
    measure: str = ""
    owner: str = ""
    deadline: str = ""
    status: str = ""
    category_auto: str | None = None  # the machine's category when a reviewer corrected ``category``


@dataclass(frozen=True)
class Statement:
    """A gap (找差距: the school against a standard or a peer) or a goal (找目标) the document states."""

    text: str
    location: Location | None = None


@dataclass(frozen=True)
class CopyPassage:
    text: str
    source: str  # reference name or peer path
    location: Location | None = None


@dataclass(frozen=True)
class CopyFinding:
    notice_ratio: float = 0.0
    peer_path: str | None = None
    peer_similarity: float | None = None
    peer_school: str | None = None
    passages: tuple[CopyPassage, ...] = ()


@dataclass(frozen=True)
class FileError:
    """Why a file could not be read (fully), in words an office worker understands."""

    kind: str
    message: str  # Chinese
    message_en: str = ""
    advice: str = ""  # what to do, in Chinese


@dataclass(frozen=True)
class Review:
    """A reviewer's decision on a submission, one of its problems or one of its rules.

    ``target`` is ``submission``, ``problem:<problem key>`` or ``rule:<rule id>``; ``decision`` is
    ``keep``, ``pass``, ``fail`` or ``return`` for a submission, a category id or ``not_problem``
    for a problem. ``applied`` is False for a decision on an earlier version of the file: shown
    as history, never applied to this content.
    """

    target: str
    decision: str
    by: str = ""
    at: str = ""
    note: str = ""
    applied: bool = True


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"
    ERROR = "error"


@dataclass(frozen=True)
class Submission:
    """Everything papercheck concluded about one file: the JSON contract's unit."""

    path: str
    sha256: str
    format: str = ""
    doc_type: str = "other"
    title: str = ""
    school: str | None = None
    school_from: str | None = None  # where the school was found: title, signoff, header or filename
    date: str | None = None
    issuer: str | None = None
    status: str = Status.ERROR.value
    ocr: bool = False
    sections: tuple[SectionFinding, ...] = ()
    stages: tuple[StageFinding, ...] = ()
    results: tuple[Result, ...] = ()
    problems: tuple[Problem, ...] = ()
    gaps: tuple[Statement, ...] = ()
    goals: tuple[Statement, ...] = ()
    copy: CopyFinding = field(default_factory=CopyFinding)
    errors: tuple[FileError, ...] = ()
    review_reasons: tuple[str, ...] = ()
    reviews: tuple[Review, ...] = ()  # reviewers' decisions, applied ones first
    status_auto: str | None = None  # the machine's status when a reviewer's decision changed ``status``
    elapsed: float = 0.0  # seconds spent on this file
    document: Document | None = None  # kept for the HTML report; not in JSON

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract (docs/domain.md) plus a few extra keys."""
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "doc_type": self.doc_type,
            "title": self.title,
            "school": self.school,
            "school_from": self.school_from,
            "date": self.date,
            "issuer": self.issuer,
            "status": self.status,
            "status_auto": self.status_auto or self.status,
            "ocr": self.ocr,
            "review_reasons": list(self.review_reasons),
            "sections": [_finding(s) for s in self.sections],
            "stages": [_finding(s) for s in self.stages],
            "results": [_finding(r) for r in self.results],
            "problems": [_finding(p) for p in self.problems],
            "gaps": [_finding(g) for g in self.gaps],
            "goals": [_finding(g) for g in self.goals],
            "copy": _finding(self.copy),
            "errors": [asdict(e) for e in self.errors],
            "reviews": [asdict(r) for r in self.reviews],
            "elapsed": round(self.elapsed, 4),
        }


def _finding(obj: Any) -> dict[str, Any]:
    """asdict, with Locations rendered by Location.to_dict."""
    out: dict[str, Any] = {}
    for name in obj.__dataclass_fields__:
        value = getattr(obj, name)
        if isinstance(value, Location):
            out[name] = value.to_dict()
        elif isinstance(value, tuple):
            out[name] = [_finding(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
        else:
            out[name] = value
    return out
