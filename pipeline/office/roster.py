"""The roster (学校名单): the schools expected to hand in, read from .xlsx or .csv, and matching names to it.

Columns, by header (first row that holds a 学校 header; English headers work too):
学校 (required), 别名 (other names, separated by 、 ， , ; ／ or spaces), 学段, 片区, 联系人.
A submission's school is matched tolerantly: the same name once spaces and
punctuation are gone, an alias, or one name containing the other
(南明区第一实验小学 ~ 第一实验小学) when that points at one school only.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PapercheckError

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("学校", "学校名称", "校名", "单位", "单位名称", "school"),
    "aliases": ("别名", "简称", "又名", "aliases", "alias"),
    "stage": ("学段", "stage"),
    "district": ("片区", "学区", "district"),
    "contact": ("联系人", "contact"),
}
ALIAS_SPLIT = re.compile(r"[、，,;；/／|\s]+")
MIN_CONTAINED = 4  # characters a shorter name needs before containment counts (not 小学 ~ 第一小学)


class RosterError(PapercheckError):
    """The roster cannot be read or has no 学校 column."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class RosterSchool:
    """One school the roster expects to hand in."""

    name: str
    aliases: tuple[str, ...] = ()
    stage: str = ""
    district: str = ""
    contact: str = ""
    row: int = 0  # the roster's row (1-based, as the office sees it)


@dataclass(frozen=True)
class Roster:
    path: str
    schools: tuple[RosterSchool, ...]
    _keys: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def match(self, name: str | None) -> RosterSchool | None:
        """The roster school a submission's school name stands for, or None (not on the roster, or unclear)."""
        if not name:
            return None
        key = normalise(name)
        if not key:
            return None
        keys = self._keys or _index(self.schools)
        if key in keys:
            return self.schools[keys[key]]
        hits = {i for k, i in keys.items() if _contains(k, key)}
        return self.schools[hits.pop()] if len(hits) == 1 else None


def normalise(name: str) -> str:
    """A school name without spaces, punctuation and width differences (for matching only)."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _contains(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_CONTAINED and short in long


def _index(schools: Sequence[RosterSchool]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for i, school in enumerate(schools):
        for name in (school.name, *school.aliases):
            keys.setdefault(normalise(name), i)
    keys.pop("", None)
    return keys


def read(path: Path) -> Roster:
    """The roster in ``path`` (.xlsx or .csv in UTF-8 or GBK); a RosterError says what is wrong."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            rows = _xlsx_rows(path)
        elif suffix in (".csv", ".txt", ".tsv"):
            rows = _csv_rows(path)
        else:
            raise RosterError(f"学校名单 {path} 应为 .xlsx 或 .csv 文件", f"the roster {path} must be a .xlsx or .csv file")
    except OSError as e:
        raise RosterError(f"无法读取学校名单 {path}：{e.strerror or e}", f"cannot read the roster {path}: {e.strerror or e}") from e
    schools = _schools(rows, path)
    return Roster(str(path), schools, _index(schools))


def _xlsx_rows(path: Path) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise RosterError(f"学校名单 {path} 不是有效的 Excel 文件（{e}）", f"the roster {path} is not a valid Excel file ({e})") from e
    try:
        sheet = book.worksheets[0]
        return [["" if v is None else str(v).strip() for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(f"学校名单 {path} 的编码无法识别（请另存为 UTF-8）", f"the roster {path} is neither UTF-8 nor GBK")
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]


def _schools(rows: list[list[str]], path: Path) -> tuple[RosterSchool, ...]:
    for head, row in enumerate(rows[:10]):
        columns = _columns(row)
        if "name" in columns:
            break
    else:
        wanted = "、".join(HEADERS["name"][:3])
        raise RosterError(f"学校名单 {path} 的前 10 行中没有“学校”列（表头可写：{wanted}）",
                          f"the roster {path} has no 学校 (school) column in its first 10 rows")
    out: list[RosterSchool] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[head + 1:], head + 2):
        cells = {key: row[i] if i < len(row) else "" for key, i in columns.items()}
        name = cells.get("name", "")
        if not name or normalise(name) in seen:
            continue
        seen.add(normalise(name))
        aliases = tuple(a for a in ALIAS_SPLIT.split(cells.get("aliases", "")) if a)
        out.append(RosterSchool(name, aliases, cells.get("stage", ""), cells.get("district", ""),
                                cells.get("contact", ""), number))
    if not out:
        raise RosterError(f"学校名单 {path} 中没有学校", f"the roster {path} lists no school")
    return tuple(out)


def _columns(row: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        text = normalise(cell).lower()
        for key, names in HEADERS.items():
            if key not in found and text in names:
                found[key] = i
    return found
