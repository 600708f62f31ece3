"""Rectification ledgers (整改台账): one item per problem with its measure, owner,
deadline and status, from a table with a header row or from a numbered list.

Look-back reports give each problem's status (已整改/正在整改/未整改 …), in a
table column or in the item's own words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import BlockKind, Document, Location
from .dates import parse_deadline
from .structure import Outline, block_label, normalise

if TYPE_CHECKING:
    from ..judge.rulepack import Pack

ROLES = ("problem", "category", "measure", "owner", "deadline", "status")  # the columns a rule can ask for


@dataclass(frozen=True)
class LedgerWords:
    """A pack's ledger words (pack.yaml ``ledger:``), compiled once per pack.

    ``columns``: header words per column role (the longest word a header holds decides its role);
    ``statuses``: status word → done / in_progress / ongoing / not_done.
    """

    columns: tuple[tuple[str, tuple[str, ...]], ...]
    statuses: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, pack: Pack) -> LedgerWords:
        return _words(tuple(pack.ledger_columns.items()), tuple(pack.status_words.items()))

    @functools.cached_property
    def _status_re(self) -> re.Pattern[str] | None:
        words = sorted((w for w, _ in self.statuses), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    @functools.cached_property
    def _options_re(self) -> re.Pattern[str] | None:
        """Two status words joined as options: 已整改、正在整改 / 正在整改和未整改."""
        if not self._status_re:
            return None
        one = self._status_re.pattern
        return re.compile(f"(?:{one})\\s*[、和或及与/]\\s*(?:{one})")

    @functools.cached_property
    def field_re(self) -> re.Pattern[str]:
        """A field label in a list-form item: a column word of a role and a colon (``责任人：``)."""
        words = sorted({w for role, ws in self.columns if role != "index" for w in ws}, key=len, reverse=True)
        return re.compile("(?P<key>" + "|".join(map(re.escape, words or ["\uffff"])) + r")\s*[:：]")

    def name(self, role: str) -> str:
        """What a message calls the column: the role's first word (``责任人``)."""
        return next((ws[0] for r, ws in self.columns if r == role and ws), role)

    def column_role(self, header: str) -> str | None:
        h = normalise(header)
        best: tuple[int, str] | None = None
        for role, words in self.columns:
            for w in words:
                if w in h and (best is None or len(w) > best[0]):
                    best = (len(w), role)
        return best[1] if best else None

    def status_of(self, text: str) -> str:
        """The status word in ``text`` (``已整改``), or empty.

        A status word in a question of a checklist (看未整改到位的问题是否…) or in a list of the options
        (已整改、正在整改或未整改) says what to look at or to write, not how a problem stands.
        """
        if not self._status_re or _CHECKLIST.search(text) or (self._options_re and self._options_re.search(text)):
            return ""
        m = self._status_re.search(text)
        return m.group(0) if m else ""

    def fields(self, text: str) -> dict[str, str]:
        """``问题：… 整改措施：… 责任人：…`` → role → value."""
        out: dict[str, str] = {}
        matches = list(self.field_re.finditer(text))
        for k, m in enumerate(matches):
            role = self.column_role(m["key"])
            end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            if role and role not in out:
                out[role] = text[m.end():end].strip(" ；;。，,")
        return out

    def field_at_start(self, text: str) -> tuple[str, int] | None:
        """(role, where its value starts) when ``text`` begins with a field label."""
        m = self.field_re.match(text.lstrip())
        if not m:
            return None
        role = self.column_role(m["key"])
        return (role, m.end() + len(text) - len(text.lstrip())) if role else None


_CHECKLIST = re.compile(r"是否")


@functools.lru_cache(maxsize=16)
def _words(columns: tuple[tuple[str, tuple[str, ...]], ...], statuses: tuple[tuple[str, str], ...]) -> LedgerWords:
    return LedgerWords(columns, statuses)


@dataclass(frozen=True)
class LedgerItem:
    problem: str = ""
    category: str = ""
    measure: str = ""
    owner: str = ""
    deadline: str = ""
    deadline_iso: str | None = None
    status: str = ""
    location: Location | None = None
    source: str = "table"  # table | list

    def value(self, role: str) -> str:
        return str(getattr(self, role))


def find_ledger(doc: Document, outline: Outline, words: LedgerWords, year: int | None = None,
                list_sections: tuple[str, ...] = ()) -> tuple[LedgerItem, ...]:
    """Items from ledger tables; else from numbered lists with 问题：/措施：/责任人： fields,
    or, for ``list_sections``, every numbered item in those sections."""
    items = _from_tables(doc, outline, words, year)
    return (items or _from_lists(doc, outline, words, year, list_sections)
            or _from_prose(doc, outline, words, list_sections) or _from_assigned_items(doc, outline, year))


# Who a school assigns a measure to, in its own words: an office or a post (总务处, 教务处, 王校长).
_OWNER_IN_TEXT = re.compile(r"(?:校长办公室|办公室|教务处|政教处|总务处|德育处|教导处|教科室|教研室|安保处|保卫处|后勤处|"
                            r"财务室|团委|少先队|工会|党支部|年级组|教研组|[\u4e00-\u9fff]?(?:副校长|校长|副园长|园长|书记|主任))")


def _from_assigned_items(doc: Document, outline: Outline, year: int | None) -> tuple[LedgerItem, ...]:
    """Numbered items that each assign a measure to an office or a post with a deadline, as a
    整改报告 writes its list in prose (1、学校要求总务处立即…，保证2013年10月底完成；). Taken only when
    at least two items do, so a lone dated sentence is no ledger."""
    items: list[LedgerItem] = []
    for i, b in enumerate(doc.blocks):
        label, rest = block_label(b)
        if label is None or b.kind == BlockKind.TABLE or not _is_leaf(outline, i):
            continue
        owner = _OWNER_IN_TEXT.search(rest)
        deadline = parse_deadline(rest, year)
        if owner and deadline:
            items.append(LedgerItem(problem=rest.rstrip("；;。"), measure=rest.rstrip("；;。"), owner=owner.group(0),
                                    deadline=deadline, deadline_iso=deadline, location=outline.locate(doc, i),
                                    source="list"))
    return tuple(items) if len(items) >= 2 else ()


def _from_prose(doc: Document, outline: Outline, words: LedgerWords,
                list_sections: tuple[str, ...]) -> tuple[LedgerItem, ...]:
    """Sentences of ``list_sections`` that report a status (``已整改9个，持续整改2个``)."""
    items: list[LedgerItem] = []
    for i, b in enumerate(doc.blocks):
        if i >= len(outline.section_ids) or outline.section_ids[i] not in list_sections or b.kind == BlockKind.TABLE:
            continue
        for sentence in re.split(r"(?<=[。；;！])", b.text):
            status = words.status_of(sentence)
            if status:
                items.append(LedgerItem(problem=sentence.strip(), status=status, location=outline.locate(doc, i),
                                        source="prose"))
    return tuple(items)


def _header(grid: list[list[str]], words: LedgerWords) -> tuple[int, list[str | None]] | None:
    """(row, column roles) of a ledger table's header row, among its first three rows."""
    for h, header in enumerate(grid[:3]):
        roles = [words.column_role(c) for c in header]
        if sum(1 for r in roles if r and r != "index") >= 2 and ("problem" in roles or "measure" in roles):
            return h, roles
    return None


def _from_tables(doc: Document, outline: Outline, words: LedgerWords, year: int | None) -> tuple[LedgerItem, ...]:
    """Items of every ledger table. A table with no header right after a ledger table of as many columns
    continues it (a PDF ledger broken over pages); its first row, when it has no 序号, ends the last item."""
    items: list[LedgerItem] = []
    previous: tuple[int, list[str | None]] | None = None  # (block, roles) of the last ledger table
    for i, b in enumerate(doc.blocks):
        if b.kind != BlockKind.TABLE or b.table is None:
            continue
        grid = b.table.grid()
        found = _header(grid, words)
        if found is not None:
            h, roles = found
        elif previous is not None and previous[0] == i - 1 and grid and len(grid[0]) == len(previous[1]):
            h, roles = -1, previous[1]
        else:
            continue
        previous = (i, roles)
        table_no = b.location.table if b.location.table is not None else 0
        for r in range(h + 1, len(grid)):
            values = _row_values(grid[r], roles)
            if not any(values.values()):
                continue
            if h == -1 and r == 0 and items and "index" in roles and not values.get("index"):
                items[-1] = _continued(items[-1], values, year)
                continue
            values.pop("index", None)
            items.append(LedgerItem(
                **values, deadline_iso=parse_deadline(values.get("deadline", ""), year),
                location=outline.locate(doc, i, table=table_no, row=r), source="table",
            ))
    return tuple(items)


def _row_values(row: list[str], roles: list[str | None]) -> dict[str, str]:
    values: dict[str, str] = {}
    for c, role in enumerate(roles):
        if role and c < len(row) and role not in values:
            values[role] = row[c].strip()
    return values


def _continued(item: LedgerItem, values: dict[str, str], year: int | None) -> LedgerItem:
    """``item`` with the rest of its cells from the next page's first row."""
    joined: dict[str, str | None] = {role: item.value(role) + text for role, text in values.items()
                                     if role in ROLES and text}
    if "deadline" in joined:
        joined["deadline_iso"] = parse_deadline(str(joined["deadline"]), year)
    return replace(item, **joined)  # type: ignore[arg-type]


def _from_lists(doc: Document, outline: Outline, words: LedgerWords, year: int | None,
                list_sections: tuple[str, ...]) -> tuple[LedgerItem, ...]:
    items: list[LedgerItem] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        label, rest = block_label(blocks[i])
        if label is None or blocks[i].kind == BlockKind.TABLE:
            i += 1
            continue
        # the item runs on over unlabelled paragraphs that follow it
        j = i + 1
        parts = [rest]
        while j < len(blocks) and block_label(blocks[j])[0] is None and blocks[j].kind != BlockKind.TABLE \
                and words.field_re.match(blocks[j].text.strip()) is not None and len(parts) < 6:
            parts.append(blocks[j].text)
            j += 1
        text = " ".join(parts)
        fields = words.fields(text)
        in_section = outline.section_ids[i] in list_sections if i < len(outline.section_ids) else False
        heading_like = len(rest) <= 12 and not words.status_of(rest)
        if len(fields) >= 2 or (in_section and not heading_like and outline.section_ids[i] is not None
                                and _is_leaf(outline, i)):
            problem = fields.get("problem") or words.field_re.split(text)[0].strip(" ；;。")
            items.append(LedgerItem(
                problem=problem, category=fields.get("category", ""), measure=fields.get("measure", ""),
                owner=fields.get("owner", ""), deadline=fields.get("deadline", ""),
                deadline_iso=parse_deadline(fields.get("deadline", ""), year),
                status=fields.get("status") or words.status_of(text), location=outline.locate(doc, i), source="list",
            ))
        i = j
    return tuple(items)


def _is_leaf(outline: Outline, block: int) -> bool:
    """True when no heading nests under the one this block starts (a list item, not a section)."""
    h = outline.block_heading[block]
    if h is None or outline.headings[h].block != block:
        return True
    return not any(x.parent == h for x in outline.headings)
