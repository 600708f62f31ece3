"""Running the per-file check over a batch, then the batch-level work."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import ingest
from .judge import check_source
from .model import Submission
from .progress import Progress
from .rulepack import Pack


def run(paths: Iterable[Path], pack: Pack, progress: Progress | None = None) -> list[Submission]:
    """Check every submission under paths, in discovery order (``progress`` is told of each file)."""
    sources = list(ingest.discover(paths))
    if progress is not None:
        progress.start(len(sources))
    out = []
    for src in sources:
        out.append(check_source(src, pack))
        if progress is not None:
            progress.advance(src.path)
    return out
