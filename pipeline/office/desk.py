"""The office's part of a run, shared by check and scan: decisions in, decisions applied, roster, letters.

Before any report is written over ``out/report.xlsx``, the decisions a reviewer
typed into it are read back: with a state they are imported (``import_pending``),
without one the run refuses (``UnimportedDecisions``), so a decision is never
overwritten unread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PapercheckError
from ..ingest import REPORTS_MARKER
from ..judge.rulepack import Pack
from ..model import Submission
from ..run.store import Store
from . import reviews
from .progress import Progress, progress
from .roster import Roster

REPORT = "report.xlsx"


class UnimportedDecisions(PapercheckError):
    """report.xlsx in --out holds reviewers' decisions and there is no state to import them into."""

    def __init__(self, path: Path, count: int) -> None:
        self.path, self.count = path, count
        self.zh = (f"{path} 中有 {count} 条复核结论尚未导入，本次不会覆盖它。请先运行 papercheck review import {path} "
                   f"--state 状态文件，再加 --state 状态文件 运行 check（或换一个 --out）")
        self.en = (f"{path} holds {count} reviewer decisions not imported yet; it was not overwritten. Run "
                   f"papercheck review import {path} --state STATE first, then check with --state STATE "
                   "(or use another --out)")
        super().__init__(self.zh)


@dataclass
class Office:
    """What the office asked of this run: a roster, letters, and where decisions are kept."""

    roster: Roster | None = None
    letters: bool = False
    imported: int = 0  # decisions read back from the report being replaced
    warnings: list[str] = field(default_factory=list)

    @property
    def exclude(self) -> tuple[str, ...]:
        """Files of the office among the submissions (the roster), never read as submissions."""
        return (self.roster.path,) if self.roster is not None else ()


def previous_report(out_dir: Path) -> Path | None:
    """The report.xlsx papercheck wrote into out_dir last time, if any."""
    path = out_dir / REPORT
    return path if path.is_file() and (out_dir / REPORTS_MARKER).exists() else None


def pending(out_dir: Path, pack: Pack, store: Store | None) -> tuple[list[reviews.Decision], list[str]]:
    """Decisions in out_dir's report.xlsx that the state does not hold yet (all of them without a state)."""
    path = previous_report(out_dir)
    if path is None:
        return [], []
    try:
        decisions, warnings = reviews.read_workbook(path, pack)
    except reviews.ReviewFileError as e:
        return [], [e.zh]
    if store is None:
        return decisions, warnings
    latest = store.latest_reviews({d.sha256 for d in decisions})
    known = {(sha, r.target): r for sha, rs in latest.items() for r in rs}
    new = [d for d in decisions if (d.sha256, d.target) not in known or not d.same_as(known[(d.sha256, d.target)])]
    return new, warnings


def import_pending(out_dir: Path, pack: Pack, store: Store | None, office: Office) -> None:
    """Read back the decisions of the report about to be replaced: into the state, or refuse without one."""
    found, warnings = pending(out_dir, pack, store)
    office.warnings.extend(warnings)
    if not found:
        return
    if store is None:
        raise UnimportedDecisions(out_dir / REPORT, len(found))
    stored, _ = store.add_reviews(found, source=str(out_dir / REPORT))
    office.imported += stored


def decide(subs: Sequence[Submission], store: Store | None, pack: Pack) -> list[Submission]:
    """The submissions with the stored decisions on their content (and earlier versions' as history)."""
    if store is None:
        return list(subs)
    latest = store.latest_reviews({s.sha256 for s in subs if s.sha256})
    earlier = store.earlier_reviews({s.path: s.sha256 for s in subs})
    return reviews.apply_all(subs, latest, earlier, pack)


def school_view(subs: Sequence[Submission], pack: Pack, office: Office) -> Progress | None:
    return progress(subs, office.roster, pack) if office.roster is not None else None


def write_reports(subs: Sequence[Submission], pack: Pack, out_dir: Path, office: Office, *, lang: str = "zh",
                  home: Path | None = None, partial: tuple[int, int] | None = None,
                  progress: Progress | None = None) -> list[Path]:
    """Every report into out_dir, and the letters to schools when asked (``office.letters``)."""
    from .. import report
    from ..report import letters

    written = report.write_all(subs, pack, out_dir, lang=lang, home=home, partial=partial, progress=progress)
    if office.letters:
        letters.write(subs, pack, out_dir, progress)
        written.append(out_dir / letters.FOLDER)
    return written
