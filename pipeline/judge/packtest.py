"""``papercheck rules test``: fixture documents in ``rules/<pack>/tests/`` against the rules each must fail.

A fixture is a plain-text document (one paragraph a line, like a rule's example) whose first lines,
starting with ``#``, say what the pack must conclude about it (like Semgrep's ``--test`` annotations):

    # fails: plan-leader, plan-stages      the rules that must fail, and no other (stems or full ids;
    #                                      ``fails:`` with nothing after it: no rule may fail)
    # status: fail                         optional: the status it must get (pass, fail, review)
    # type: plan                           optional: the document type it must be read as
    阳光小学党纪学习教育实施方案
    一、总体要求
    …

The fixtures are judged together as one batch, so a rule on copies between schools (peer-copy) can
be tested with two fixtures that copy each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Submission
from .rulepack import Pack

KEYS = ("fails", "status", "type")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z_]+)\s*[:：]\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Fixture:
    path: Path
    text: str
    fails: frozenset[str] | None  # rule stems; None: the fixture does not say
    status: str | None = None
    doc_type: str | None = None
    problems: tuple[str, ...] = ()  # what is wrong with the annotations themselves


@dataclass
class Outcome:
    fixture: Fixture
    failed: list[str] = field(default_factory=list)  # rule stems that failed
    status: str = ""
    doc_type: str = ""
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (Chinese, English) per mismatch

    @property
    def ok(self) -> bool:
        return not self.wrong


def _stem(pack: Pack, rule: str) -> str:
    return rule.removeprefix(f"{pack.name}.")


def read_fixture(path: Path, pack: Pack) -> Fixture:
    """The annotations at the top of ``path`` and the document below them."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    values: dict[str, str] = {}
    problems = []
    body_at = 0
    for body_at, line in enumerate(lines):
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m and m["key"] in KEYS:
            values[m["key"]] = m["value"].strip()
        elif m:
            problems.append(f"unknown annotation {m['key']!r} (allowed: {', '.join(KEYS)})")
    else:
        body_at = len(lines)
    stems = {r.id.removeprefix(f"{pack.name}.") for r in pack.rules}
    fails = None
    if "fails" in values:
        named = [_stem(pack, s.strip()) for s in re.split(r"[,，、\s]+", values["fails"]) if s.strip()]
        fails = frozenset(n for n in named if n != "none")
        problems += [f"fails: {n!r} is not a rule of {pack.name}" for n in sorted(fails - stems)]
    status = values.get("status") or None
    if status and status not in ("pass", "fail", "review"):
        problems.append(f"status: {status!r} is not pass, fail or review")
    doc_type = values.get("type") or None
    if doc_type and doc_type not in pack.doc_type_ids:
        problems.append(f"type: {doc_type!r} is not a document type of {pack.name}")
    if fails is None and status is None and doc_type is None:
        problems.append("says nothing to check: start it with '# fails: RULE, …' (and optionally '# status:', '# type:')")
    return Fixture(path, "\n".join(lines[body_at:]), fails, status, doc_type, tuple(problems))


def fixtures_dir(pack: Pack) -> Path:
    return pack.root / "tests"


def run_tests(pack: Pack) -> list[Outcome]:
    """Every fixture of the pack judged (as one batch) and compared with its annotations."""
    from ..ingest import text as text_reader
    from ..run.batch import finish
    from .verdict import judge

    folder = fixtures_dir(pack)
    fixtures = [read_fixture(p, pack) for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []
    judged: list[Submission] = []
    for f in fixtures:
        try:
            judged.append(judge(text_reader.read(f.text.encode("utf-8"), str(f.path)), pack))
        except InputError as e:
            judged.append(Submission(path=str(f.path), sha256="", errors=(e.to_file_error(),)))
    outcomes = []
    for f, sub in zip(fixtures, finish(judged, pack)):
        failed = sorted({_stem(pack, r.rule) for r in sub.results if not r.passed})
        out = Outcome(f, failed, sub.status, sub.doc_type)
        out.wrong += [(f"标注有误：{p}", f"bad annotation: {p}") for p in f.problems]
        if f.fails is not None:
            missing = sorted(f.fails - set(failed))
            extra = sorted(set(failed) - f.fails)
            if missing:
                out.wrong.append((f"应当不通过但通过了（或没有运行）：{', '.join(missing)}",
                                  f"should fail but did not (or did not run): {', '.join(missing)}"))
            if extra:
                why = "; ".join(r.message for r in sub.results if not r.passed and _stem(pack, r.rule) in extra)[:300]
                out.wrong.append((f"不应当不通过：{', '.join(extra)}（{why}）",
                                  f"failed but should not: {', '.join(extra)} ({why})"))
        if f.status and sub.status != f.status:
            out.wrong.append((f"状态应为 {f.status}，实际为 {sub.status}（{'；'.join(sub.review_reasons)}）",
                              f"status should be {f.status}, got {sub.status} ({'; '.join(sub.review_reasons)})"))
        if f.doc_type and sub.doc_type != f.doc_type:
            out.wrong.append((f"文档类型应为 {f.doc_type}，实际为 {sub.doc_type}",
                              f"document type should be {f.doc_type}, got {sub.doc_type}"))
        outcomes.append(out)
    return outcomes


def untested_rules(pack: Pack, outcomes: list[Outcome]) -> list[str]:
    """Rules no fixture expects to fail (a test that would notice the rule stopped firing is missing).

    Rules across documents are left out: a fixture is one document; their examples carry the others.
    """
    expected = {s for o in outcomes if o.fixture.fails for s in o.fixture.fails}
    return sorted(_stem(pack, r.id) for r in pack.rules
                  if _stem(pack, r.id) not in expected and not r.across_documents)
