"""Report writers: JSON (the machine contract), the spreadsheet, CSV and the HTML report.

A writer is ``(submissions, pack, out_dir, *, lang="zh") -> Path`` and writes its
file(s) atomically (temp file beside the target, fsync, os.replace), so a scan that
dies mid-run never leaves a half-written report. Adding a format is one module and
one line in WRITERS.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..judge.rulepack import Pack
from ..model import Submission
from . import csv_report, html, json_report, xlsx

Writer = Callable[..., Path]

WRITERS: list[Writer] = [json_report.write, xlsx.write, csv_report.write, html.write]
FORMATS: dict[str, Writer] = {"json": json_report.write, "xlsx": xlsx.write, "csv": csv_report.write, "html": html.write}


def write_all(submissions: Sequence[Submission], pack: Pack, out_dir: Path, lang: str = "zh") -> list[Path]:
    """Write every report into out_dir: report.json, report.xlsx, report.csv, report/index.html."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [writer(submissions, pack, out_dir, lang=lang) for writer in WRITERS]
