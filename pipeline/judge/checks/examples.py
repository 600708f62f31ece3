"""Running a rule's passing and failing examples through the real reader, structure and check."""

from __future__ import annotations

from typing import Any

from ...model import CopyFinding, Problem, Result
from ..rulepack import Pack
from .base import Rule


def run_example(rule: Rule, pack: Pack, example: str | dict[str, Any]) -> list[Result]:
    """The rule's results on one example document.

    An example is the document text, or a mapping with ``text`` and what other
    stages would have found: ``copy`` (notice_ratio, peer_similarity, peer_school)
    and ``problems`` (each text and category), plus ``file`` (its file name); for a rule across
    documents, ``others``: the texts of the same school's other documents.
    """
    from ...ingest import text as text_reader
    from ..verdict import judge

    spec: dict[str, Any] = {"text": example} if isinstance(example, str) else dict(example)
    doc = text_reader.read(str(spec["text"]).encode("utf-8"), str(spec.get("file", "example.txt")))
    copy = CopyFinding(**spec["copy"]) if "copy" in spec else None
    problems = None
    if "problems" in spec:
        problems = [Problem(str(p["text"]), str(p["category"]), float(p.get("confidence", 0.9)))
                    for p in spec["problems"]]
    sub = judge(doc, pack, problems=problems, copy=copy)
    if rule.across_documents:  # ``others``: the same school's other documents, as the batch would have them
        from .base import Context

        others = tuple(judge(text_reader.read(str(t).encode("utf-8"), f"other-{i}.txt"), pack)
                       for i, t in enumerate(spec.get("others", [])))
        return list(rule.check(Context(sub, pack, school_documents=others)))
    return [r for r in sub.results if r.rule == rule.id]


def example_verdicts(rule: Rule, pack: Pack) -> dict[str, bool | None]:
    """``{"pass": True, "fail": False}`` when each example behaves; None when the rule did not run on it."""
    out: dict[str, bool | None] = {}
    for kind in ("pass", "fail"):
        results = run_example(rule, pack, rule.examples[kind])
        out[kind] = all(r.passed for r in results) if results else None
    return out


def example_problems(rule: Rule, pack: Pack) -> list[tuple[str, str]]:
    """What is wrong with the rule's examples, (Chinese, English) a line each, saying why: the rule's
    message with what it found (its evidence)."""
    out = []
    for kind, want in (("pass", True), ("fail", False)):
        results = run_example(rule, pack, rule.examples[kind])
        expect_zh = "应当通过" if want else "应当不通过"
        where = f"{rule.path}：examples.{kind}：{expect_zh}"
        where_en = f"{rule.path}: examples.{kind}: expected to {kind}"
        if not results:
            types = ", ".join(rule.applies_to)
            out.append((f"{where}，实际没有运行（规则只适用于 {types}，示例被认作了别的文档类型）",
                        (f"{where_en}, the rule did not run (it applies to {types}; the example was read as "
                        "another document type)")))
            continue
        passed = all(r.passed for r in results)
        if passed is want:
            continue
        shown = [r for r in results if r.passed is not want] or results
        why = "；".join(r.message + (f"［证据：{r.evidence[:80]}］" if r.evidence else "") for r in shown[:3])
        why_en = "; ".join((r.message_en or r.message) + (f" [evidence: {r.evidence[:80]}]" if r.evidence else "")
                           for r in shown[:3])
        out.append((f"{where}，实际{'通过了' if passed else '没通过'}：{why}",
                    f"{where_en}, the rule {'passed' if passed else 'failed'}: {why_en}"))
    return out
