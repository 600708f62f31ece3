"""Report writers: JSON (the machine contract), and more to come."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Submission
from ..rulepack import Pack
from . import json_report

WRITERS = [json_report.write]


def write_all(submissions: Sequence[Submission], pack: Pack, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [writer(submissions, pack, out_dir) for writer in WRITERS]
