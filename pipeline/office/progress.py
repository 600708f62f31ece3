"""学校进度: for each school on the roster, each document type it owes and where it stands.

A required type a school has handed in shows the status of its latest version
(the latest 成文日期, then the latest file); one not handed in is ``missing``
before its due date (from the pack, ``roster.required``) and ``overdue`` after.
Submissions whose school is not on the roster are listed apart (``unlisted``),
so a misspelt name or a school the office forgot is seen, not dropped.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..judge.rulepack import Pack
from ..model import Submission
from .roster import Roster, RosterSchool

NOT_HANDED_IN = ("missing", "overdue")


@dataclass(frozen=True)
class Owed:
    """One required document of one school."""

    doc_type: str
    status: str  # pass, fail, review, error (its latest version's), missing or overdue
    due: str | None = None
    latest: Submission | None = None
    versions: tuple[Submission, ...] = ()  # every submission of this type, oldest first

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "due": self.due}
        if self.latest is not None:
            out.update(path=self.latest.path, date=self.latest.date, versions=len(self.versions))
        return out


@dataclass(frozen=True)
class SchoolProgress:
    school: RosterSchool
    documents: tuple[Owed, ...]
    submissions: tuple[Submission, ...] = ()  # everything of this school, required or not

    @property
    def name(self) -> str:
        return self.school.name

    @property
    def missing(self) -> list[str]:
        return [o.doc_type for o in self.documents if o.status in NOT_HANDED_IN]

    def owed(self, doc_type: str) -> Owed | None:
        return next((o for o in self.documents if o.doc_type == doc_type), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's ``schools`` item (DOMAIN.md)."""
        return {
            "name": self.name,
            "aliases": list(self.school.aliases),
            "stage": self.school.stage,
            "district": self.school.district,
            "contact": self.school.contact,
            "documents": {o.doc_type: o.to_dict() for o in self.documents},
            "missing": self.missing,
            "submissions": [s.path for s in self.submissions],
        }


@dataclass(frozen=True)
class Progress:
    """The roster's view of a batch: a row per school and the submissions it could not place."""

    roster: Roster
    schools: tuple[SchoolProgress, ...]
    unlisted: tuple[Submission, ...] = ()  # a school named that the roster does not have
    as_of: str = ""
    required: tuple[tuple[str, str | None], ...] = field(default_factory=tuple)

    def to_dict(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.schools]


def due_date(due: str | None) -> date | None:
    """``2013-08`` is due by the month's last day; ``2013-08-31`` that day."""
    if not due:
        return None
    bits = [int(b) for b in due.split("-")]
    if len(bits) == 2:
        return date(bits[0], bits[1], calendar.monthrange(bits[0], bits[1])[1])
    return date(bits[0], bits[1], bits[2])


def _newest_last(sub: Submission) -> tuple[str, str]:
    return (sub.date or "", sub.path)


def progress(submissions: Sequence[Submission], roster: Roster, pack: Pack, today: date | None = None) -> Progress:
    """Each roster school's required documents, from the batch's submissions (decided statuses)."""
    today = today or date.today()
    required = pack.required_documents or [(t, None) for t in pack.doc_type_ids  # a pack without roster.required
                                           if t != pack.fallback_type and not pack.every_type_rules_only(t)]
    by_school: dict[int, list[Submission]] = {}
    unlisted: list[Submission] = []
    index = {id(s): i for i, s in enumerate(roster.schools)}
    for sub in submissions:
        school = roster.match(sub.school)
        if school is not None:
            by_school.setdefault(index[id(school)], []).append(sub)
        elif sub.school and sub.doc_type in {t for t, _ in required}:
            unlisted.append(sub)
    rows = []
    for i, school in enumerate(roster.schools):
        subs = sorted(by_school.get(i, []), key=_newest_last)
        owed = []
        for doc_type, due in required:
            versions = tuple(s for s in subs if s.doc_type == doc_type)
            if versions:
                owed.append(Owed(doc_type, versions[-1].status, due, versions[-1], versions))
                continue
            deadline = due_date(due)
            owed.append(Owed(doc_type, "overdue" if deadline and today > deadline else "missing", due))
        rows.append(SchoolProgress(school, tuple(owed), tuple(subs)))
    return Progress(roster, tuple(rows), tuple(unlisted), today.isoformat(), tuple(required))
