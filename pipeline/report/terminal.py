"""The terminal summary of a `check` run: an aligned table, or the JSON report for scripts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..judge.rulepack import Pack
from ..model import Submission
from ..names import one_line
from . import common, json_report
from .common import STATUSES, label


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - common.text_width(text))


def table(submissions: Sequence[Submission], pack: Pack | None = None, lang: str = "zh") -> str:
    """One line per submission, columns aligned for CJK text, and the counts at the end."""
    zh = lang == "zh"
    head = ["状态", "文档类型", "学校", "错误", "警告", "文件"] if zh else \
        ["Status", "Type", "School", "Errors", "Warnings", "File"]
    rows = []
    for s in submissions:
        errors, warnings = common.failed_counts(s)
        cells = [label(s.status, lang), common.doc_type_label(s.doc_type, pack, lang), common.school_label(s, lang) or "-",
                 str(errors), str(warnings), s.path]
        rows.append([one_line(c) for c in cells])  # a cell is one line, whatever a name or document holds
    widths = [max([common.text_width(r[i]) for r in rows] + [common.text_width(head[i])]) for i in range(5)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(head[:5], widths)) + "  " + head[5]]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in rows]
    counts = Counter(s.status for s in submissions)
    total = f"共 {len(submissions)} 份：" if zh else f"{len(submissions)} submissions: "
    lines.append(total + ("，" if zh else ", ").join(f"{label(st, lang)} {counts.get(st, 0)}" for st in STATUSES))
    return "\n".join(lines)


def as_json(submissions: Sequence[Submission], pack: Pack, progress: Any = None) -> str:
    """The JSON report (the same contract as report.json; ``progress``: the roster's view, its ``schools``)."""
    return json.dumps(json_report.as_dict(submissions, pack, progress=progress), ensure_ascii=False, indent=2)
