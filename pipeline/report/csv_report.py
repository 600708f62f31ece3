"""report.csv: the summary sheet's columns, UTF-8 with BOM so Excel opens the Chinese correctly."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..judge.rulepack import Pack
from ..model import Submission
from ..names import clean
from . import common

# Excel runs a CSV cell that starts with one of these as a formula; a leading ' keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str | int | float:
    """A CSV value: numbers stay numbers, dates ISO, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    text = clean(str(value))  # control characters shown as symbols, line breaks kept
    return "'" + text if text.startswith(FORMULA_START) else text


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, *, lang: str = "zh",
          name: str = "report.csv", home: Path | None = None, partial: tuple[int, int] | None = None,
          progress: object = None) -> Path:
    """Write the summary as CSV atomically and return its path.

    A CSV has no place for a note: an interrupted check's is in report.json, report.xlsx and the HTML;
    nor for a second table: the roster's 学校进度 is in those three.
    """
    path = out_dir / name
    columns = common.summary_columns(pack)
    with common.atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(common.headers(columns, lang))
        for row in common.summary_rows(submissions, pack, home or out_dir, lang):
            values = dict(row.values, file=row.sub.path, page=row.values["page_link"])
            out.writerow([cell(values[key]) for key, _, _ in columns])
    return path
