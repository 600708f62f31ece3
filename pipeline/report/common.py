"""What every human-facing report shares: labels in two languages, the summary row, atomic writes.

The spreadsheet, the CSV and the HTML index all show the same summary row per
submission, built here once so the three never disagree.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from ..judge.rulepack import Pack
from ..model import Location, Problem, Submission

STATUSES = ("pass", "fail", "review", "error")
UNCATEGORISED = ""  # the category key of a problem the pack could not categorise (no categoriser, no mark)

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "pass": "合格", "fail": "不合格", "review": "需复核", "error": "无法读取",
        "error_sev": "错误", "warning_sev": "警告", "passed": "通过", "not_passed": "未通过",
        "yes": "是", "no": "否", "missing": "缺少：", "stage_suffix": "阶段", "note": "提醒：",
    },
    "en": {
        "pass": "pass", "fail": "fail", "review": "needs review", "error": "unreadable",
        "error_sev": "error", "warning_sev": "warning", "passed": "passed", "not_passed": "failed",
        "yes": "yes", "no": "no", "missing": "Missing: ", "stage_suffix": " stage", "note": "Note: ",
    },
}

# The summary row: key, Chinese header, English header. CSV and xlsx use this order; the pack's
# problem categories come after ``missing`` (``summary_columns``).
SUMMARY_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("index", "序号", "No."),
    ("school", "学校", "School"),
    ("doc_type", "文档类型", "Document type"),
    ("date", "成文日期", "Dated"),
    ("file", "文件", "File"),
    ("page", "报告页", "Report page"),
    ("status", "状态", "Status"),
    ("errors", "错误数", "Errors"),
    ("warnings", "警告数", "Warnings"),
    ("missing", "缺少的内容", "What is missing"),
    ("notice_ratio", "与通知重复率", "Copied from notice"),
    ("peer", "最相似的提交", "Most similar submission"),
    ("peer_similarity", "相似度", "Similarity"),
    ("elapsed", "处理时间（秒）", "Time (s)"),
    ("notes", "说明", "Notes"),
)


def report_title(pack: Pack | None, lang: str = "zh") -> str:
    """The reports' title, from the pack's ``report_title`` (the spreadsheet's title row, the HTML pages)."""
    if pack is None:
        return "材料检查报告" if lang != "en" else "Paperwork check"
    return pack.report_title(lang)


def partial_note(partial: tuple[int, int] | None, lang: str = "zh") -> str:
    """The mark of reports from an interrupted check: how many files they hold of how many found."""
    if partial is None:
        return ""
    done, total = partial
    if lang == "en":
        return f"INCOMPLETE: the check was interrupted; these reports hold {done} of the {total} files found"
    return f"未完成：检查被中断，报告只包含已完成的 {done} 个文件（共找到 {total} 个）"


def label(key: str, lang: str = "zh") -> str:
    return LABELS.get(lang, LABELS["zh"]).get(key, key)


def school_label(sub: Submission, lang: str = "zh") -> str:
    """The school as reports show it; one taken from the file name says so (the text named none)."""
    if not sub.school:
        return ""
    if sub.school_from == "filename":
        return sub.school + ("（据文件名）" if lang == "zh" else " (from the file name)")
    return sub.school


def doc_type_label(doc_type: str, pack: Pack | None, lang: str = "zh") -> str:
    """The document type's name from the pack (``doc_types[].name``, ``name_en``)."""
    return pack.doc_type_name(doc_type, lang) if pack is not None else doc_type


def doc_type_order(pack: Pack | None, doc_type: str) -> int:
    ids = pack.doc_type_ids if pack is not None else []
    return ids.index(doc_type) if doc_type in ids else len(ids)


def report_categories(pack: Pack | None) -> list[str]:
    """The category keys reports count problems by: the pack's categories, and, for a pack without
    a categoriser, ``UNCATEGORISED`` (problems the school did not mark)."""
    from ..understand.classify import categoriser_path

    ids = list(pack.category_ids) if pack is not None else []
    if pack is None or not categoriser_path(pack).is_file():
        ids.append(UNCATEGORISED)
    return ids


def category_label(category: str | None, pack: Pack | None, lang: str = "zh") -> str:
    if not category:
        return "uncategorised" if lang == "en" else "未分类"
    return pack.category_name(category, lang) if pack is not None else category


def summary_columns(pack: Pack | None) -> tuple[tuple[str, str, str], ...]:
    """SUMMARY_COLUMNS with a count column per problem category of the pack after ``missing``."""
    at = next(i for i, (key, _, _) in enumerate(SUMMARY_COLUMNS) if key == "missing") + 1
    cats = tuple((f"category:{c}", category_label(c, pack, "zh"), category_label(c, pack, "en").capitalize())
                 for c in report_categories(pack))
    return SUMMARY_COLUMNS[:at] + cats + SUMMARY_COLUMNS[at:]


def headers(columns: Sequence[tuple[str, str, str]], lang: str) -> list[str]:
    return [en if lang == "en" else zh for _, zh, en in columns]


def stage_name(stage_id: str, pack: Pack | None, lang: str = "zh") -> str:
    """The stage's name from the pack (``stages: [{id, name, name_en}]``), without 阶段 (it is added)."""
    if pack is None:
        return stage_id
    name = pack.stage_name(stage_id, lang)
    return name.removesuffix("阶段") if lang == "zh" else name.removesuffix(" stage")


def missing_content(sub: Submission, pack: Pack | None, lang: str = "zh") -> str:
    """What is missing, in words: ``缺少：组织领导（组长）；回头看阶段``.

    缺少： names what failed error rules ask for (sections, stages), and other failed error rules
    add their message; a failed row says nothing else. A row without a failed error says what
    its failed warnings ask for after 提醒： (``提醒：缺少工作要求``), so a 合格 row never reads as
    if something required were missing.
    """
    unfound = [s for s in sub.sections if not s.found]
    stages_missing = [s for s in sub.stages if not s.found]
    rules = {r.id: r for r in getattr(pack, "rules", ())}
    unmet = [r for r in sub.results if not r.passed]
    has_error = any(r.severity == "error" for r in unmet)
    if rules:  # name only what a failed rule asks for (a ledger in a table needs no 存在问题 heading)
        def asked(severity: str) -> set[str]:
            return {sid for r in unmet if r.rule in rules and (r.severity == "error") == (severity == "error")
                    for sid in rules[r.rule].params.get("sections", [])}

        def stages_asked(severity: str) -> bool:
            return any(r.rule in rules and rules[r.rule].type_name == "stages"
                       and (r.severity == "error") == (severity == "error") for r in unmet)

        required, advised = asked("error"), asked("warning")
        missing_sections = [s for s in unfound if s.id in required]
        noted_sections = [] if has_error else [s for s in unfound if s.id in advised and s.id not in required]
        missing_stages = stages_missing if stages_asked("error") else []
        noted_stages = stages_missing if not has_error and not missing_stages and stages_asked("warning") else []
    else:
        missing_sections, noted_sections, missing_stages, noted_stages = unfound, [], stages_missing, []

    def names(sections: list, stages: list) -> list[str]:
        # 回头看、查漏补缺 → 回头看: the first name is what people say.
        return [s.title for s in sections] + [stage_name(s.id, pack, lang).split("、")[0] + label("stage_suffix", lang)
                                             for s in stages]

    missing, noted = names(missing_sections, missing_stages), names(noted_sections, noted_stages)
    sep = "；" if lang == "zh" else "; "
    parts = [label("missing", lang) + sep.join(missing)] if missing else []
    if noted:
        parts.append(label("note", lang) + ("缺少" if lang == "zh" else "missing ") + sep.join(noted))
    # A rule saying "缺少组织领导部分" repeats what is listed already; other failures add their message.
    cores = [re.split(r"[（(]", t)[0] for t in missing + noted]
    if has_error:  # a failed row: what must be fixed, nothing else
        unmet = [r for r in unmet if r.severity == "error"]
    for r in unmet:
        msg = (r.message_en or r.message) if lang == "en" else r.message
        text = msg if r.severity == "error" else label("note", lang) + msg
        if msg and not any(c and c.lower() in msg.lower() for c in cores) and text not in parts:
            parts.append(text)
    return sep.join(parts)


def failed_counts(sub: Submission) -> tuple[int, int]:
    """(errors, warnings): failed rule results by severity."""
    errors = sum(1 for r in sub.results if not r.passed and r.severity == "error")
    warnings = sum(1 for r in sub.results if not r.passed and r.severity != "error")
    return errors, warnings


def category_counts(sub: Submission, pack: Pack | None) -> dict[str, int]:
    """Problems per category key (``report_categories``); an uncategorised problem under UNCATEGORISED."""
    counts = dict.fromkeys(report_categories(pack), 0)
    for p in sub.problems:
        key = p.category or UNCATEGORISED
        counts[key] = counts.get(key, 0) + 1
    return counts


def page_name(sub: Submission) -> str:
    """A safe file name for the submission's HTML page, whatever its path holds."""
    digest = hashlib.sha256(f"{sub.path}\0{sub.sha256}".encode()).hexdigest()[:16]
    return f"s-{digest}.html"


def problem_key(sub: Submission, problem: Problem) -> str:
    """A stable id for a problem sentence, so a reviewer's correction can be matched back."""
    where = problem.location.describe("en") if problem.location else ""
    return hashlib.sha256(f"{sub.sha256 or sub.path}\0{where}\0{problem.text}".encode()).hexdigest()[:12]


def file_link(path: str, home: Path) -> str:
    """A link to the submitted file, relative to ``home``, the folder the linking report is read from.

    ``home`` is where the report will live once published, not the staging folder
    it is written in (a link computed from ``out/.staging-PID/`` climbs one level
    too few). An archive member (``a.zip!/b.docx``) links to its archive. The result
    is a relative POSIX path (``../收到的材料/方案.docx``); callers quote it for a URL.
    """
    disk = os.path.abspath(on_disk(path.split("!/", 1)[0]))  # as submitted: a link is not resolved (it may loop)
    try:
        return Path(os.path.relpath(disk, home.resolve())).as_posix()
    except (OSError, ValueError, RuntimeError):  # another drive on Windows, odd names
        return Path(disk).as_posix()


def on_disk(path: str) -> str:
    """The name on disk of a path as reports show it (``names.shown``), in the OS's lossless form.

    ``shown`` turns a GBK part of a name into the Chinese it reads as; the file on
    disk still has the GBK bytes. Each part that does not exist as UTF-8 is looked
    up as GB18030, so a link leads to the file, not to a name that is not there.
    """
    if os.sep != "/" or os.path.lexists(path):
        return path
    found = b"/" if path.startswith("/") else b""
    for part in (p for p in path.split("/") if p):
        utf8 = os.fsencode(part)
        candidate = utf8
        try:
            gbk = part.encode("gb18030")
            if not os.path.lexists(found + utf8) and os.path.lexists(found + gbk):
                candidate = gbk
        except UnicodeEncodeError:
            pass
        found = found + candidate + b"/"
    return os.fsdecode(found.rstrip(b"/") or b"/")


def href(link: str) -> str:
    """A file link (``file_link``) as an HTML href: every character a URL reserves is escaped.

    A file name may hold ``#``, ``?``, ``%`` or spaces; unescaped, a browser reads
    ``#`` as an anchor and ``?`` as a query and opens the wrong (or no) file.
    """
    raw = os.fsencode(link)  # a GBK name's own bytes, percent-encoded: the browser asks the OS for exactly those
    if re.match(r"^[A-Za-z]:/", link):  # C:/… on Windows
        return "file:///" + quote(raw, safe="/:")
    if link.startswith("/"):
        return "file://" + quote(raw, safe="/")
    return quote(raw, safe="/")


def _xlsx_link(link: str) -> str:
    """A link for a spreadsheet cell: as it reads when it is valid UTF-8, else its bytes percent-encoded."""
    try:
        link.encode("utf-8")
        return link
    except UnicodeEncodeError:
        return href(link)


def iso_date(text: str | None) -> date | None:
    """``2013-09-30`` or ``2013-09`` (first of month) as a date; anything else None."""
    if not text:
        return None
    bits = text.strip().split("-")
    try:
        if len(bits) == 3:
            return date(int(bits[0]), int(bits[1]), int(bits[2]))
        if len(bits) == 2:
            return date(int(bits[0]), int(bits[1]), 1)
    except ValueError:
        return None
    return None


def display_name(path: str) -> str:
    """The file's own name (archive members keep their member name)."""
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path


def notes(sub: Submission, lang: str = "zh") -> str:
    bits = list(sub.review_reasons)
    for e in sub.errors:
        bits.append((e.message_en or e.message) if lang == "en" else e.message)
    return "；".join(bits) if lang == "zh" else "; ".join(bits)


@dataclass(frozen=True)
class SummaryRow:
    """One submission as the summary sheet / CSV / HTML index shows it."""

    index: int
    sub: Submission
    values: dict[str, Any]


def summary_rows(submissions: Sequence[Submission], pack: Pack | None, home: Path, lang: str = "zh") -> Iterator[SummaryRow]:
    """The summary rows; ``home`` is the folder report.xlsx/report.csv will be read from (links are relative to it)."""
    for i, sub in enumerate(submissions, 1):
        errors, warnings = failed_counts(sub)
        counts = category_counts(sub, pack)
        peer = sub.copy.peer_school or (display_name(sub.copy.peer_path) if sub.copy.peer_path else "")
        yield SummaryRow(i, sub, {
            "index": i,
            "school": school_label(sub, lang),
            "doc_type": doc_type_label(sub.doc_type, pack, lang),
            "date": iso_date(sub.date),
            "file": display_name(sub.path),
            "file_link": _xlsx_link(file_link(sub.path, home)),
            "file_href": href(file_link(sub.path, home)),
            "page": page_name(sub),
            "page_link": f"report/{page_name(sub)}",
            "status": label(sub.status, lang),
            "errors": errors,
            "warnings": warnings,
            "missing": missing_content(sub, pack, lang),
            **{f"category:{c}": n for c, n in counts.items()},
            "notice_ratio": sub.copy.notice_ratio,
            "peer": peer,
            "peer_similarity": sub.copy.peer_similarity,
            "elapsed": round(sub.elapsed, 2),
            "notes": notes(sub, lang),
        })


def location_text(loc: Location | None, lang: str = "zh") -> str:
    return loc.describe(lang) if loc else ""


def text_width(text: str) -> int:
    """Display width in Excel's character units: CJK and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _temp_beside(path: Path) -> tuple[int, str]:
    """A temp file in path's folder, readable like any file this process creates (mkstemp makes 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())
    return fd, tmp


@contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """Write ``path`` via a temp file in the same folder, fsync, then os.replace.

    A reader (or the nightly scan after a crash) sees the old file or the new one, never half.
    """
    fd, tmp = _temp_beside(path)
    try:
        fh: IO[Any] = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_many(files: Iterable[tuple[Path, str]]) -> None:
    """Write many text files, each atomically like ``atomic_open``, with the fsyncs batched.

    Every file goes to its temp file first; then all are fsynced and only then moved
    into place. One fsync per file right after writing it waits for the disk each time
    (about 3.5 ms a page, most of the HTML report's time); fsyncing the lot once they are
    all written lets the kernel write them back together. A crash leaves each target
    old or new, as before.
    """
    written: list[tuple[str, Path]] = []
    moved = 0
    try:
        for path, text in files:
            fd, tmp = _temp_beside(path)
            written.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
        for tmp, _ in written:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        for tmp, path in written:
            os.replace(tmp, path)
            moved += 1
    except BaseException:
        for tmp, _ in written[moved:]:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


def atomic_path(path: Path) -> Path:
    """A temp path beside ``path`` for libraries that write by file name (call ``commit`` after)."""
    fd, tmp = _temp_beside(path)
    os.close(fd)
    return Path(tmp)


def commit(tmp: Path, path: Path) -> None:
    """fsync ``tmp`` and move it over ``path``."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
