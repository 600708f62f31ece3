"""Judging one submission: Document → Submission (placeholder until the rules stage)."""

from __future__ import annotations

import time

from . import ingest
from .errors import InputError
from .ingest import Source
from .model import Document, Status, Submission
from .rulepack import Pack


def warm_up(pack: Pack) -> None:
    """Load what judging needs (segmenter, model) once per process; batch workers call it first."""


def judge(doc: Document, pack: Pack) -> Submission:
    """What papercheck concludes about one read document."""
    status = Status.REVIEW if doc.ocr or doc.notes else Status.PASS
    return Submission(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        status=status.value,
        ocr=doc.ocr,
        document=doc,
    )


def check_source(source: Source, pack: Pack) -> Submission:
    """Read and judge one file; an unreadable file becomes an `error` submission."""
    started = time.perf_counter()
    try:
        doc = ingest.read(source)
    except InputError as e:
        return Submission(
            path=source.path,
            sha256="",
            status=Status.ERROR.value,
            errors=(e.to_file_error(),),
            elapsed=time.perf_counter() - started,
        )
    sub = judge(doc, pack)
    from dataclasses import replace

    return replace(sub, elapsed=time.perf_counter() - started)
