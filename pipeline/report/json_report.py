"""The JSON report: the machine contract of DOMAIN.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..judge.rulepack import Pack
from ..model import Submission
from .common import atomic_open


def as_dict(submissions: Sequence[Submission], pack: Pack) -> dict[str, Any]:
    return {
        "pack": {"name": pack.name, "version": pack.version},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "submissions": [s.to_dict() for s in submissions],
    }


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, name: str = "report.json", *,
          lang: str = "zh", home: Path | None = None) -> Path:
    """Write the JSON report atomically (``lang`` and ``home`` fit the writer signature; JSON has neither)."""
    path = out_dir / name
    with atomic_open(path) as fh:
        json.dump(as_dict(submissions, pack), fh, ensure_ascii=False, indent=2)
    return path
