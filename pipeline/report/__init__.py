"""Report writers: JSON (the machine contract), the spreadsheet, CSV and the HTML report.

A writer is ``(submissions, pack, out_dir, *, lang="zh", home=None, partial=None, progress=None) -> Path`` and writes its
file(s) atomically (temp file beside the target, fsync, os.replace), so a scan that
dies mid-run never leaves a half-written report. Adding a format is one module and
one line in WRITERS. ``home`` is the folder the reports will be read from when
that is not ``out_dir`` (they are written into a staging folder and moved there):
links to the submitted files are relative to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..judge.rulepack import Pack
from ..model import Submission
from ..office.progress import Progress
from . import csv_report, forked, html, json_report, xlsx

Writer = Callable[..., Path]

WRITERS: list[Writer] = [json_report.write, xlsx.write, csv_report.write, html.write]
FORMATS: dict[str, Writer] = {"json": json_report.write, "xlsx": xlsx.write, "csv": csv_report.write, "html": html.write}


def write_all(submissions: Sequence[Submission], pack: Pack, out_dir: Path, lang: str = "zh",
              home: Path | None = None, partial: tuple[int, int] | None = None,
              progress: Progress | None = None) -> list[Path]:
    """Write every report into out_dir: report.json, report.xlsx, report.csv, report/index.html.

    ``home``: where the reports will be read from (default out_dir), for the links to the files.
    ``partial``: (files done, files found) when the check was interrupted; the reports say so.
    ``progress``: the roster's view (学校进度), when a roster was given.
    """
    out_dir.mkdir(parents=True, exist_ok=True)

    def write(writer: Writer) -> Path:
        return writer(submissions, pack, out_dir, lang=lang, home=home or out_dir, partial=partial, progress=progress)

    slowest = FORMATS.get("xlsx")
    if slowest not in WRITERS or not forked.usable(len(submissions)):
        return [write(writer) for writer in WRITERS]
    aside = forked.Forked(lambda: write(slowest))  # on another core at the same time (pipeline.report.forked)
    try:
        here = {writer: write(writer) for writer in WRITERS if writer is not slowest}
        here[slowest] = aside.result()
    finally:
        aside.kill()
    return [here[writer] for writer in WRITERS]
