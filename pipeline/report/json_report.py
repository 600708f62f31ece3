"""The JSON report: the machine contract of DOMAIN.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..model import Submission
from ..rulepack import Pack


def as_dict(submissions: Sequence[Submission], pack: Pack) -> dict[str, Any]:
    return {
        "pack": {"name": pack.name, "version": pack.version},
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "submissions": [s.to_dict() for s in submissions],
    }


def write(submissions: Sequence[Submission], pack: Pack, out_dir: Path, name: str = "report.json") -> Path:
    path = out_dir / name
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(as_dict(submissions, pack), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
