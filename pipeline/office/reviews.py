"""Reviewers' decisions: the words in report.xlsx, reading them back, applying them to submissions.

A reviewer writes in report.xlsx: on 汇总 a 复核结论 (维持 / 改为合格 / 改为不合格 /
退回学校), 复核意见 and 复核人; on 问题清单 a 类别更正 (or a changed 类别) and 是否问题.
``read_workbook`` reads any copy of it (re-saved by Excel, WPS or LibreOffice:
columns are found by their headers, in Chinese or English) into ``Decision``s,
keyed by the file's content (sha256, a hidden column) and the target
(``submission`` or ``problem:<problem key>``). The state stores them
(``Store.add_reviews``); ``apply`` turns the ones for a submission's content into
its decided status, corrected categories and notes, the machine's status kept
in ``status_auto``. Decisions on an earlier version of the same file are shown
as history and never applied.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import PapercheckError
from ..judge.rulepack import Pack
from ..model import Problem, Review, Status, Submission

# decision id: (Chinese, English) as the dropdown shows it
SUBMISSION_DECISIONS: dict[str, tuple[str, str]] = {
    "keep": ("维持", "keep"),
    "pass": ("改为合格", "set to pass"),
    "fail": ("改为不合格", "set to fail"),
    "return": ("退回学校", "return to school"),
}
DECIDED_STATUS = {"pass": Status.PASS.value, "fail": Status.FAIL.value, "return": Status.FAIL.value}
NOT_PROBLEM = "not_problem"
IS_PROBLEM: dict[str, tuple[str, str]] = {"yes": ("是", "yes"), "no": ("否", "no")}

# Columns report.xlsx adds for reviewers, and the hidden ones that key a row: (key, Chinese, English).
SUMMARY_REVIEW_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("decision", "复核结论", "Review decision"),
    ("review_note", "复核意见", "Reviewer's note"),
    ("reviewer", "复核人", "Reviewer"),
    ("status_auto", "机器结论", "Machine's verdict"),
    ("sha256", "文件编号", "File id"),
    ("path", "文件路径", "File path"),
)
PROBLEM_REVIEW_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("category_fix", "类别更正", "Corrected category"),
    ("is_problem", "是否问题", "Is a problem"),
    ("category_auto", "机器类别", "Machine's category"),
    ("sha256", "文件编号", "File id"),
    ("path", "文件路径", "File path"),
)
HIDDEN_REVIEW_KEYS = ("sha256", "path", "category_auto")
SHEET_NAMES = {"summary": ("汇总", "Summary"), "problems": ("问题清单", "Problems")}


class ReviewFileError(PapercheckError):
    """A returned spreadsheet that cannot be read as papercheck's report."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Decision:
    """One decision read from a spreadsheet, before it is stored."""

    sha256: str
    target: str
    decision: str
    note: str = ""
    by: str = ""
    path: str = ""
    text: str = ""  # the problem sentence (train --with-reviews learns from it)

    def same_as(self, review: Review) -> bool:
        return (self.decision, self.note, self.by) == (review.decision, review.note, review.by)


def decision_label(decision: str, lang: str = "zh", pack: Pack | None = None) -> str:
    """The words a decision is shown in (a category id shows as the category's name)."""
    if decision in SUBMISSION_DECISIONS:
        return SUBMISSION_DECISIONS[decision][lang == "en"]
    if decision == NOT_PROBLEM:
        return "不是问题" if lang != "en" else "not a problem"
    if pack is not None and decision in pack.category_ids:
        return pack.category_name(decision, lang)
    return decision


# --- reading a returned spreadsheet --------------------------------------------------------------


def read_workbook(path: Path, pack: Pack, default_by: str = "") -> tuple[list[Decision], list[str]]:
    """The decisions in a returned report.xlsx, and warnings (a value not in the dropdown, a row without id)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReviewFileError(f"{path} 不是可以读取的 Excel 文件（{e}）", f"{path} is not a readable Excel file ({e})") from e
    by = default_by or _user()
    decisions: list[Decision] = []
    warnings: list[str] = []
    try:
        summary = _sheet(book, "summary")
        problems = _sheet(book, "problems")
        if summary is None and problems is None:
            raise ReviewFileError(f"{path} 中没有“汇总”或“问题清单”工作表：它不是 papercheck 的报告",
                                  f"{path} has no 汇总/Summary or 问题清单/Problems sheet: not a papercheck report")
        if summary is not None:
            _summary_decisions(summary, by, decisions, warnings)
        if problems is not None:
            _problem_decisions(problems, pack, decisions, warnings)
    finally:
        book.close()
    return decisions, warnings


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _sheet(book: Any, key: str) -> Any:
    for name in SHEET_NAMES[key]:
        if name in book.sheetnames:
            return book[name]
    return None


def _header(ws: Any, wanted: Sequence[tuple[str, str, str]]) -> tuple[int, dict[str, int]]:
    """(header row, column of each key) found by the header words, zh or en, in the first 5 rows."""
    names = {h: key for key, zh, en in wanted for h in (zh, en)}
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=5, values_only=True), 1):
        found = {names[str(v).strip()]: i for i, v in enumerate(row) if v is not None and str(v).strip() in names}
        if "sha256" in found:
            return r, found
    return 0, {}


def _cell(row: Sequence[Any], col: int | None) -> str:
    if col is None or col >= len(row) or row[col] is None:
        return ""
    return str(row[col]).strip()


def _summary_decisions(ws: Any, by: str, out: list[Decision], warnings: list[str]) -> None:
    head, cols = _header(ws, SUMMARY_REVIEW_COLUMNS)
    if not head:
        return
    words = {w: key for key, pair in SUBMISSION_DECISIONS.items() for w in (*pair, key)}
    for r, row in enumerate(ws.iter_rows(min_row=head + 1, values_only=True), head + 1):
        said, note = _cell(row, cols.get("decision")), _cell(row, cols.get("review_note"))
        if not said and not note:
            continue
        sha = _cell(row, cols.get("sha256"))
        if not sha:
            warnings.append(f"汇总 第 {r} 行：没有文件编号（无法读取的文件不能复核），已跳过")
            continue
        decision = words.get(said.lower() if said.isascii() else said, "keep" if not said else None)
        if decision is None:
            warnings.append(f"汇总 第 {r} 行：复核结论“{said}”不是可选值（{'、'.join(z for z, _ in SUBMISSION_DECISIONS.values())}），已跳过")
            continue
        out.append(Decision(sha, "submission", decision, note, _cell(row, cols.get("reviewer")) or by,
                            _cell(row, cols.get("path"))))


def _problem_decisions(ws: Any, pack: Pack, out: list[Decision], warnings: list[str]) -> None:
    wanted = (*PROBLEM_REVIEW_COLUMNS, ("key", "问题编号", "Problem id"), ("category", "类别", "Category"),
              ("text", "问题", "Problem"))
    head, cols = _header(ws, wanted)
    if not head:
        return
    categories = {w: c for c in pack.category_ids for w in (pack.category_name(c, "zh"), pack.category_name(c, "en"), c)}
    answers = {w: key for key, pair in IS_PROBLEM.items() for w in (*pair, key)}
    for r, row in enumerate(ws.iter_rows(min_row=head + 1, values_only=True), head + 1):
        sha, key = _cell(row, cols.get("sha256")), _cell(row, cols.get("key"))
        if not sha or not key:
            continue
        fix, shown, auto = (_cell(row, cols.get(k)) for k in ("category_fix", "category", "category_auto"))
        answer = answers.get(_cell(row, cols.get("is_problem")).lower())
        common = {"sha256": sha, "target": f"problem:{key}", "path": _cell(row, cols.get("path")),
                  "text": _cell(row, cols.get("text"))}
        if answer == "no":
            out.append(Decision(decision=NOT_PROBLEM, **common))
            continue
        wanted_category = fix or (shown if shown and auto and categories.get(shown) != auto else "")
        if wanted_category:
            category = categories.get(wanted_category)
            if category is None:
                warnings.append(f"问题清单 第 {r} 行：类别“{wanted_category}”不是本活动的类别（{'、'.join(pack.category_name(c) for c in pack.category_ids)}），已跳过")
                continue
            out.append(Decision(decision=category, **common))
        elif answer == "yes" and auto:
            out.append(Decision(decision=auto, **common))  # confirmed as the machine had it


# --- applying stored decisions ---------------------------------------------------------------------


def apply(sub: Submission, current: Sequence[Review], history: Sequence[Review], pack: Pack,
          problem_key: Any = None) -> Submission:
    """The submission as decided: problems corrected or dropped, status set by a reviewer, reviews listed.

    ``current``: the latest decision per target on this content; ``history``: decisions on earlier
    versions of the file (listed, not applied).
    """
    if not current and not history:
        return sub
    from ..judge.verdict import with_verdict
    from ..report.common import problem_key as key_of

    key_of = problem_key or key_of
    by_target = {r.target: r for r in current}
    problems: list[Problem] = []
    changed = False
    for p in sub.problems:
        review = by_target.get(f"problem:{key_of(sub, p)}")
        if review is None:
            problems.append(p)
            continue
        changed = True
        if review.decision == NOT_PROBLEM:
            continue
        if review.decision in pack.category_ids:
            auto = p.category if p.category != review.decision else p.category_auto
            problems.append(replace(p, category=review.decision, category_auto=auto, confidence=1.0, needs_review=False))
        else:
            problems.append(p)
    decided = replace(sub, problems=tuple(problems)) if changed else sub
    if changed and decided.status != Status.ERROR.value:
        decided = with_verdict(decided, pack)  # a confirmed category is no longer a reason to review
    verdict = by_target.get("submission")
    status_auto = decided.status
    if verdict is not None and verdict.decision in DECIDED_STATUS:
        decided = replace(decided, status=DECIDED_STATUS[verdict.decision])
    shown = tuple(current) + tuple(replace(r, applied=False) for r in history)
    return replace(decided, reviews=shown, status_auto=status_auto if verdict is not None or changed else None)


def apply_all(subs: Iterable[Submission], stored: Mapping[str, Sequence[Review]],
              history: Mapping[str, Sequence[Review]], pack: Pack) -> list[Submission]:
    """Every submission with its decisions (``stored`` by sha256, ``history`` by path)."""
    return [apply(s, stored.get(s.sha256, ()) if s.sha256 else (), history.get(s.path, ()), pack) for s in subs]


def submission_review(sub: Submission) -> Review | None:
    """The reviewer's applied decision on the submission itself, if any."""
    return next((r for r in sub.reviews if r.applied and r.target == "submission"), None)


def returned(sub: Submission) -> bool:
    """Sent back to the school by a reviewer (退回学校)."""
    review = submission_review(sub)
    return review is not None and review.decision == "return"
