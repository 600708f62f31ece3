"""The JSON report: the machine contract of docs/domain.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..judge.rulepack import Pack
from ..model import Submission
from ..office.progress import Progress
from .common import atomic_open


def as_dict(submissions: Sequence[Submission], pack: Pack, partial: tuple[int, int] | None = None,
            progress: Progress | None = None) -> dict[str, Any]:
    """The report; an interrupted check adds ``partial``: ``{"checked": n, "found": m}``; a roster adds
    ``schools`` (each name, documents per required type, missing) and ``unlisted`` (submissions of schools
    not on it)."""
    data: dict[str, Any] = {
        "pack": {"name": pack.name, "version": pack.version},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if partial is not None:
        data["partial"] = {"checked": partial[0], "found": partial[1]}
    data["submissions"] = [s.to_dict() for s in submissions]
    if progress is not None:
        data["roster"] = {"path": progress.roster.path, "as_of": progress.as_of,
                          "required": [{"type": t, "due": due} for t, due in progress.required]}
        data["schools"] = progress.to_dict()
        data["unlisted"] = [{"school": s.school, "path": s.path, "doc_type": s.doc_type} for s in progress.unlisted]
    return data


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, name: str = "report.json", *,
          lang: str = "zh", home: Path | None = None, partial: tuple[int, int] | None = None,
          progress: Progress | None = None) -> Path:
    """Write the JSON report atomically (``lang`` and ``home`` fit the writer signature; JSON has neither)."""
    path = out_dir / name
    with atomic_open(path) as fh:
        json.dump(as_dict(submissions, pack, partial, progress), fh, ensure_ascii=False, indent=2)
    return path
