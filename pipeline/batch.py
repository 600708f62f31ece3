"""Running the per-file check over a batch, then the batch-level work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import ingest
from .judge import check_source
from .model import Submission
from .rulepack import Pack


def run(paths: Iterable[Path], pack: Pack) -> list[Submission]:
    """Check every submission under paths, in discovery order."""
    return [check_source(src, pack) for src in ingest.discover(paths)]
