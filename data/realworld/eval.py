"""Measure papercheck on the real-world dev corpus: `make eval-real`.

Builds what is missing (build.py), checks the built files exactly as ``papercheck check
data/realworld/build`` would (the same batch function, pack sanzhao-2013), matches each
submission to its labels by file name and prints, per labelled document type and overall,
every figure of issue 10 next to its target.

    python data/realworld/eval.py                 # the figures
    python data/realworld/eval.py --errors        # and every disagreement, with its evidence
    python data/realworld/eval.py --json out.json # the figures as JSON
    python data/realworld/eval.py --report r.json # score a saved report.json instead of running

How answers are compared with labels
- An answer equal to the label or to its recorded alternative (doc_type_alt, status_alt, a
  problem's alt) agrees; the strict figure (label only) is shown beside doc type and status.
- School: both names are compared after NFKC, without spaces, quotes or a leading district
  (南明区红枫中学 = 红枫中学); a label of null agrees only with no school found.
- A labelled problem (or gap, goal) is found by a flagged sentence when, after NFKC and with
  whitespace and punctuation removed, the flag contains the label, or the label contains the
  flag and the flag is at least half the label's length (and 6 characters), or at least 80 % of
  the label's characters appear in order in the flag in runs of two or more (OCR slips).
- Recall counts labelled problems found. A flag that finds no labelled problem is "not a
  problem" (whether it is a labelled gap or goal, noise, or a background sentence); the share
  of such flags is the second problem figure.
- Category accuracy is over found problems (the closest flag's category against the label);
  discipline recall is the share of found discipline problems the flag calls discipline.
- Review rate is over documents labelled pass: how many papercheck sends to review.
- Gaps and goals recall appear once papercheck's JSON has ``gaps``/``goals`` (else n/a).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PACK_NAME = "sanzhao-2013"
TYPES = ("plan", "summary", "rectification", "lookback", "notice", "other")
MIN_FLAG = 6  # a flag shorter than this never finds a label by being contained in it
COVERAGE = 0.8  # share of a label's characters that must appear, in order, in a flag

# Each figure: key, what is printed, target (None = no target), and whether higher is better.
FIGURES: tuple[tuple[str, str, float | None, bool], ...] = (
    ("doc_type", "doc type", 0.95, True),
    ("school", "school", 0.95, True),
    ("problem_recall", "problem recall", 0.90, True),
    ("flags_not_problems", "flags not problems", 0.05, False),
    ("category", "category (found problems)", 0.90, True),
    ("discipline_recall", "discipline recall", 0.85, True),
    ("status", "status", 0.90, True),
    ("review_on_pass", "review rate, pass documents", 0.10, False),
    ("gaps_recall", "gaps recall", None, True),
    ("goals_recall", "goals recall", None, True),
)

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:省|市|区|县|旗)")
_SCHOOL_END = re.compile(r"(?:小学|中学|幼儿园|学校|中心校|高中|初中|一中|二中|三中|附中|附小|职中|园)$")


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def norm(text: str | None) -> str:
    """Text for matching: NFKC, no whitespace, no punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def coverage(label: str, flag: str) -> float:
    """Share of the label's characters found in order in the flag, in runs of two or more."""
    if not label:
        return 0.0
    blocks = SequenceMatcher(None, label, flag, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 2) / len(label)


def matches(label: str, flag: str) -> bool:
    """Does a flagged sentence find this labelled sentence? (the rule in the module docstring)"""
    lab, fl = norm(label), norm(flag)
    if not lab or not fl:
        return False
    if lab in fl:
        return True
    if fl in lab and len(fl) >= max(MIN_FLAG, len(lab) / 2):
        return True
    return coverage(lab, fl) >= COVERAGE


def closeness(label: str, flag: str) -> float:
    """How well a flag fits a label it matches: coverage, less a penalty for extra length."""
    lab, fl = norm(label), norm(flag)
    if not lab or not fl:
        return 0.0
    return coverage(lab, fl) - 0.001 * abs(len(fl) - len(lab))


def school_key(name: str | None) -> str:
    """A school's name without its district prefix, quotes or spaces (南明区红枫中学 -> 红枫中学)."""
    key = norm(name)
    stripped = _DISTRICT.sub("", key, count=1)
    if stripped != key and len(stripped) >= 3 and _SCHOOL_END.search(stripped):
        return stripped
    return key


def same_school(label: str | None, found: str | None) -> bool:
    if not label:
        return not found
    return bool(found) and school_key(label) == school_key(found)


# ---------------------------------------------------------------------------
# Scoring one document
# ---------------------------------------------------------------------------


@dataclass
class Disagreement:
    doc: str
    field: str
    label: str
    found: str
    evidence: str = ""


@dataclass
class DocScore:
    """What one document contributes to the figures."""

    id: str
    doc_type: str
    doc_type_ok: bool = False
    doc_type_strict: bool = False
    school_ok: bool = False
    problems: int = 0
    problems_found: int = 0
    flags: int = 0
    flags_not_problems: int = 0
    categorised: int = 0
    category_ok: int = 0
    discipline: int = 0
    discipline_ok: int = 0
    status_ok: bool = False
    status_strict: bool = False
    labelled_pass: bool = False
    review_on_pass: bool = False
    gaps: int = 0
    gaps_found: int | None = None  # None: papercheck reports no gaps yet
    goals: int = 0
    goals_found: int | None = None
    errors: list[Disagreement] = field(default_factory=list)


def _texts(items: Iterable[Any] | None) -> list[str]:
    return [str(i["text"]) if isinstance(i, dict) else str(i) for i in items or ()]


def _recall(labels: list[str], flags: list[str]) -> tuple[int, list[str]]:
    missed = [lab for lab in labels if not any(matches(lab, f) for f in flags)]
    return len(labels) - len(missed), missed


def _evidence(sub: dict[str, Any]) -> str:
    """Why papercheck gave its status: failed error rules and review reasons."""
    failed = [f"{r.get('rule', '').split('.')[-1]}: {r.get('message', '')}"
              for r in sub.get("results", ()) if not r.get("passed") and r.get("severity") == "error"]
    reasons = list(sub.get("review_reasons") or ())
    errors = [e.get("message", "") for e in sub.get("errors", ())]
    return "; ".join(failed + reasons + errors)[:400]


def score(doc_id: str, label: dict[str, Any], sub: dict[str, Any]) -> DocScore:
    """Compare one submission of the JSON report with its labels."""
    s = DocScore(id=doc_id, doc_type=str(label["doc_type"]))
    err = s.errors.append
    title = str(sub.get("title") or "")

    found_type = sub.get("doc_type")
    s.doc_type_strict = found_type == label["doc_type"]
    s.doc_type_ok = s.doc_type_strict or found_type == label.get("doc_type_alt")
    if not s.doc_type_ok:
        err(Disagreement(doc_id, "doc_type", str(label["doc_type"]), str(found_type), f"title: {title}"))

    s.school_ok = same_school(label.get("school"), sub.get("school"))
    if not s.school_ok:
        err(Disagreement(doc_id, "school", str(label.get("school")), str(sub.get("school")), f"title: {title}"))

    labelled = [p for p in label.get("problems") or () if isinstance(p, dict)]
    flags = [p for p in sub.get("problems") or () if isinstance(p, dict)]
    flag_texts = [str(f.get("text", "")) for f in flags]
    s.problems = len(labelled)
    for p in labelled:
        text = str(p["text"])
        hits = [f for f in flags if matches(text, str(f.get("text", "")))]
        if not hits:
            near = max(flag_texts, key=lambda f: coverage(norm(text), norm(f)), default="")
            err(Disagreement(doc_id, "problem missed", f"{text} [{p['category']}]", "—",
                             f"nearest flag: {near[:120]}" if near else "no flags"))
            continue
        s.problems_found += 1
        best = max(hits, key=lambda f: closeness(text, str(f.get("text", ""))))
        got = best.get("category")
        s.categorised += 1
        ok = got in (p["category"], p.get("alt"))
        s.category_ok += ok
        if p["category"] == "discipline":
            s.discipline += 1
            s.discipline_ok += got == "discipline"
        if not ok:
            err(Disagreement(doc_id, "category", f"{text} [{p['category']}]", str(got),
                             f"confidence {best.get('confidence')}: {str(best.get('text', ''))[:120]}"))

    gaps, goals = _texts(label.get("gaps")), _texts(label.get("goals"))
    s.flags = len(flags)
    for f in flags:
        text = str(f.get("text", ""))
        if any(matches(str(p["text"]), text) for p in labelled):
            continue
        s.flags_not_problems += 1
        what = ("a labelled gap" if any(matches(g, text) for g in gaps)
                else "a labelled goal" if any(matches(g, text) for g in goals) else "not a labelled problem")
        err(Disagreement(doc_id, "flag not a problem", what, f"{text[:120]} [{f.get('category')}]",
                         f"confidence {f.get('confidence')}"))

    s.gaps, s.goals = len(gaps), len(goals)
    for key, wanted in (("gaps", gaps), ("goals", goals)):
        if key not in sub:
            continue
        found, missed = _recall(wanted, _texts(sub.get(key)))
        setattr(s, f"{key}_found", found)
        for text in missed:
            err(Disagreement(doc_id, f"{key[:-1]} missed", text, "—", ""))

    status = sub.get("status")
    s.status_strict = status == label["status"]
    s.status_ok = s.status_strict or status == label.get("status_alt")
    if not s.status_ok:
        err(Disagreement(doc_id, "status", str(label["status"]), str(status), _evidence(sub)))
    s.labelled_pass = label["status"] == "pass"
    s.review_on_pass = s.labelled_pass and status == "review"
    return s


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _ratio(num: int, den: int) -> dict[str, Any]:
    return {"value": round(num / den, 4) if den else None, "n": num, "of": den}


def figures(scores: Sequence[DocScore]) -> dict[str, Any]:
    """Every figure over these documents, each {value, n, of} (value None when nothing to count)."""
    out: dict[str, Any] = {"documents": len(scores)}
    n = len(scores)
    out["doc_type"] = _ratio(sum(s.doc_type_ok for s in scores), n)
    out["doc_type_strict"] = _ratio(sum(s.doc_type_strict for s in scores), n)
    out["school"] = _ratio(sum(s.school_ok for s in scores), n)
    out["problem_recall"] = _ratio(sum(s.problems_found for s in scores), sum(s.problems for s in scores))
    out["flags_not_problems"] = _ratio(sum(s.flags_not_problems for s in scores), sum(s.flags for s in scores))
    out["category"] = _ratio(sum(s.category_ok for s in scores), sum(s.categorised for s in scores))
    out["discipline_recall"] = _ratio(sum(s.discipline_ok for s in scores), sum(s.discipline for s in scores))
    out["status"] = _ratio(sum(s.status_ok for s in scores), n)
    out["status_strict"] = _ratio(sum(s.status_strict for s in scores), n)
    passes = [s for s in scores if s.labelled_pass]
    out["review_on_pass"] = _ratio(sum(s.review_on_pass for s in passes), len(passes))
    for key in ("gaps", "goals"):
        reported = [s for s in scores if getattr(s, f"{key}_found") is not None]
        if reported:
            out[f"{key}_recall"] = _ratio(sum(getattr(s, f"{key}_found") for s in reported),
                                          sum(getattr(s, key) for s in reported))
        else:
            out[f"{key}_recall"] = {"value": "n/a", "n": 0, "of": sum(getattr(s, key) for s in scores)}
    return out


def by_type(scores: Sequence[DocScore]) -> dict[str, dict[str, Any]]:
    """Figures per labelled document type (types with documents), then overall as ``all``."""
    table = {t: figures([s for s in scores if s.doc_type == t]) for t in TYPES if any(s.doc_type == t for s in scores)}
    table["all"] = figures(scores)
    return table


def _cell(fig: dict[str, Any]) -> str:
    value = fig["value"]
    if value is None:
        return "–"
    if value == "n/a":
        return "n/a"
    return f"{value:.2f} ({fig['n']}/{fig['of']})"


def render(table: dict[str, dict[str, Any]]) -> str:
    """The figures as a plain-text table: one row per figure, one column per type, then the target."""
    cols = list(table)
    rows = [["figure", *cols, "target"], ["documents", *[str(table[c]["documents"]) for c in cols], ""]]
    for key, name, target, higher in FIGURES:
        goal = "" if target is None else f"{'≥' if higher else '≤'}{target:.2f}"
        rows.append([name, *[_cell(table[c][key]) for c in cols], goal])
        if key in ("doc_type", "status"):
            rows.append(["  strict (label only)", *[_cell(table[c][f"{key}_strict"]) for c in cols], ""])
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_errors(scores: Sequence[DocScore]) -> str:
    lines = ["doc\tfield\tlabel\tpapercheck\tevidence"]
    for s in scores:
        for e in s.errors:
            lines.append("\t".join(str(x).replace("\n", " ").replace("\t", " ")
                                   for x in (e.doc, e.field, e.label, e.found, e.evidence)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Running papercheck on the corpus
# ---------------------------------------------------------------------------


def load_builder() -> Any:
    spec = importlib.util.spec_from_file_location("realworld_build", HERE / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def run_papercheck(folder: Path, workers: int | None) -> dict[str, Any]:
    """The JSON report of ``papercheck check FOLDER`` (same pack, same batch function)."""
    sys.path.insert(0, str(ROOT))
    from pipeline.judge.rulepack import load_pack
    from pipeline.report import json_report
    from pipeline.run import batch
    from pipeline.run.progress import Progress

    pack = load_pack(PACK_NAME)
    with Progress(label="检查", left="剩余") as bar:
        submissions = batch.run([folder], pack, workers=workers, progress=bar)
    return json_report.as_dict(submissions, pack)


def pair(sources: Sequence[Any], report: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    """(id, labels, submission) for every source; a submission is found by the built file's name."""
    by_name: dict[str, dict[str, Any]] = {}
    for sub in report.get("submissions", ()):
        by_name[Path(str(sub.get("path", ""))).name] = sub
    return [(src.id, src.label, by_name.get(str(src.meta["filename"]))) for src in sources]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="papercheck on the real-world dev corpus, against its labels")
    ap.add_argument("--errors", action="store_true", help="list every disagreement with its evidence (TSV)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--report", type=Path, help="score this saved report.json instead of running papercheck")
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    args = ap.parse_args(argv)

    rw = load_builder()
    sources = rw.load_sources()
    problems = rw.validate_all(sources, rw.pack_ids())
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    names = [str(s.meta["filename"]) for s in sources]
    if len(set(names)) != len(names):
        print("two documents share a file name; the report cannot tell them apart", file=sys.stderr)
        return 1
    if args.report:
        report = json.loads(args.report.read_text(encoding="utf-8"))
    else:
        rw.build(sources, rw.BUILD, prune=True)
        report = run_papercheck(rw.BUILD, args.workers)

    scores: list[DocScore] = []
    for doc_id, label, sub in pair(sources, report):
        if sub is None:
            sub = {"status": "missing", "doc_type": None, "school": None, "problems": []}
        scores.append(score(doc_id, label, sub))
    table = by_type(scores)
    print(render(table))
    if args.errors:
        print()
        print(render_errors(scores))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
