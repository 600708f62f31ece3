"""What pack.yaml may say, checked key by key: every problem is reported, none stops the others.

The keys (docs/packs.md explains each with an example): name, version, description, extends,
report_title, campaign, stages, doc_types, sections (with their role), categories, vocabulary,
classifier, similarity, ledger (column, status and deadline words), reference, rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import RulePackError
from .rulepack import Issues, Marked, Pack, check_keys, pack_error, require

TOP_KEYS = ("name", "version", "description", "extends", "report_title", "campaign", "stages", "doc_types",
            "sections", "categories", "vocabulary", "classifier", "similarity", "ledger", "reference", "rules",
            "roster", "letters")
# What the code looks for in a section with this role (one section per role).
SECTION_ROLES = ("stages", "organisation", "situation", "problems", "measures", "goals", "status")
LEDGER_ROLES = ("index", "problem", "category", "measure", "owner", "deadline", "status")
STATUS_KINDS = ("done", "in_progress", "ongoing", "not_done")
DOC_TYPE_KEYS = ("id", "name", "name_en", "title_words", "issuer_words", "addressee_words", "findings_title_words",
                 "reports_on", "lists_findings", "every_type_rules_only", "compare_with_peers", "names_school", "fallback")
SECTION_KEYS = ("id", "title", "synonyms", "doc_types", "role", "contains_stages", "none_prior", "before")
CATEGORY_KEYS = ("id", "name", "name_en", "words", "cues", "outside")
STAGE_KEYS = ("id", "name", "name_en", "names", "window")

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def month(path: Path, data: Any, key: str, where: str) -> str | None:
    """``data[key]`` as a real month ``YYYY-MM`` (or day ``YYYY-MM-DD``); raises a pack error otherwise."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, date):
        raise pack_error(path, data, where, f"{value} was read as a date; write it in quotes (\"{value:%Y-%m}\")",
                         "YYYY-MM")
    value = require(path, data, key, str, "a month YYYY-MM in quotes")
    m = _MONTH.match(value)
    ok = bool(m) and 1 <= int(m[2]) <= 12  # type: ignore[index]
    if ok and m and m[3]:
        try:
            date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            ok = False
    if not ok:
        raise pack_error(path, data, where, f"{value!r} is not a real month", "YYYY-MM, e.g. \"2024-04\"")
    return value


def _window(path: Path, data: Any, key: str, where: str, issues: Issues) -> tuple[str, str] | None:
    """A mapping {start, end} of real months with start ≤ end."""
    with issues.collect():
        span = require(path, data, key, dict, f"{where}: a mapping with start and end (YYYY-MM)")
        check_keys(path, span, ("start", "end"))
        start = end = None
        with issues.collect():
            start = month(path, span, "start", f"{where}.start")
        with issues.collect():
            end = month(path, span, "end", f"{where}.end")
        if start and end:
            if start > end:
                raise pack_error(path, span, f"{where}.end", f"{end} is before the start {start}", "end ≥ start")
            return start, end
    return None


def _words(path: Path, data: Any, key: str, where: str, issues: Issues, required: bool = False) -> list[str]:
    """``data[key]``: a list of non-empty texts."""
    if key not in data and not required:
        return []
    with issues.collect():
        value = require(path, data, key, list, f"{where}: a list of words")
        bad = [w for w in value if not isinstance(w, str) or not w.strip()]
        if bad:
            raise pack_error(path, data, where, f"{bad[0]!r} is not a word (text)", "a list of words")
        return [str(w) for w in value]
    return []


def _flag(path: Path, data: Any, key: str, where: str, issues: Issues) -> None:
    if key in data and not isinstance(data[key], bool):
        issues.add(pack_error(path, data, where, f"{data[key]!r} is not true or false", "true, false"))


def _number(path: Path, data: Any, key: str, where: str, issues: Issues, lo: float, hi: float | None) -> None:
    if key not in data:
        return
    value = data[key]
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < lo or (hi is not None and value > hi):
        allowed = f"a number from {lo} to {hi}" if hi is not None else f"a number above {lo}"
        issues.add(pack_error(path, data, where, f"{value!r} is out of range", allowed))


def _count(path: Path, data: Any, key: str, where: str, issues: Issues, lo: int = 1) -> None:
    if key not in data:
        return
    value = data[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < lo:
        issues.add(pack_error(path, data, where, f"{value!r} is not a whole number of at least {lo}",
                              f"{lo}, {lo + 1}, {lo + 2}, …"))


def _items(path: Path, data: Any, key: str, what: str, issues: Issues, required: bool = False) -> list[Marked]:
    """The mappings of the list ``data[key]`` (each problem reported, the good items returned)."""
    if key not in data and not required:
        return []
    with issues.collect():
        value = require(path, data, key, list, f"a list of {what}")
        out = []
        lines = getattr(value, "item_lines", [])
        for i, item in enumerate(value):
            if isinstance(item, Marked):
                out.append(item)
            else:
                line = lines[i] if i < len(lines) else getattr(value, "line", 0)
                issues.add(f"{getattr(value, 'source', path)}:{line}: key '{key}[{i}]': {item!r} is not a mapping "
                           f"(allowed: a mapping with id and name)")
        return out
    return []


def _unique(path: Path, items: Iterable[Marked], key: str, where: str, issues: Issues) -> list[str]:
    seen: list[str] = []
    for i, item in enumerate(items):
        value = item.get(key)
        if isinstance(value, str):
            if value in seen:
                issues.add(pack_error(path, item, f"{where}[{i}].{key}", f"{value!r} is given twice"))
            seen.append(value)
    return seen


def validate_manifest(path: Path, data: Marked, issues: Issues) -> None:
    """Every key of the merged pack.yaml (problems go to ``issues``; nothing is raised)."""
    for key in data:
        if key not in TOP_KEYS:
            issues.add(pack_error(path, data, str(key), "unknown key", TOP_KEYS))
    with issues.collect():
        require(path, data, "name", str, "a pack name (text)")
    with issues.collect():
        require(path, data, "version", (str, int, float), "a version such as \"1.0\"")
    for key in ("description",):
        if key in data and not isinstance(data[key], str):
            issues.add(pack_error(path, data, key, "not text", "text"))
    if "report_title" in data:
        with issues.collect():
            title = require(path, data, "report_title", dict, "a mapping with zh (and en)")
            check_keys(path, title, ("zh", "en"))
            require(path, title, "zh", str, "report_title.zh: the title of the reports, in Chinese")
    campaign = None
    if "campaign" in data:
        campaign = _window(path, data, "campaign", "campaign", issues)
    stage_ids = _stages(path, data, campaign, issues)
    type_ids = _doc_types(path, data, issues)
    _sections(path, data, type_ids, stage_ids, issues)
    _categories(path, data, issues)
    _words(path, data, "vocabulary", "vocabulary", issues)
    if "classifier" in data:
        with issues.collect():
            classifier = require(path, data, "classifier", dict, "a mapping with review_threshold")
            check_keys(path, classifier, ("review_threshold",))
            _number(path, classifier, "review_threshold", "classifier.review_threshold", issues, 0, 1)
    if "similarity" in data:
        with issues.collect():
            sim = require(path, data, "similarity", dict, "notice_bound and peer_bound")
            check_keys(path, sim, ("notice_bound", "peer_bound"))
            for key in ("notice_bound", "peer_bound"):
                _number(path, sim, key, f"similarity.{key}", issues, 0, 1)
    _ledger(path, data, issues)
    _reference(path, data, issues)
    _roster(path, data, type_ids, issues)
    _letters(path, data, issues)
    if "rules" in data and not isinstance(data["rules"], dict):
        issues.add(pack_error(path, data, "rules", "not a mapping", "rule file stems, each off or the keys to change"))


def _stages(path: Path, data: Marked, campaign: tuple[str, str] | None, issues: Issues) -> list[str]:
    stages = _items(path, data, "stages", "stages", issues)
    for i, stage in enumerate(stages):
        where = f"stages[{i}]"
        with issues.collect():
            check_keys(path, stage, STAGE_KEYS)
        for key in ("id", "name"):
            with issues.collect():
                require(path, stage, key, str, f"{where}.{key}: text")
        if not _words(path, stage, "names", f"{where}.names", issues, required=True) and "names" in stage:
            issues.add(pack_error(path, stage, f"{where}.names", "empty", "the ways a plan names the stage"))
        window = _window(path, stage, "window", f"{where}.window", issues)
        if window and campaign and (window[0] < campaign[0] or window[1] > campaign[1]):
            issues.add(pack_error(path, stage, f"{where}.window", f"{window[0]}..{window[1]} is outside the campaign "
                                  f"{campaign[0]}..{campaign[1]}"))
    return _unique(path, stages, "id", "stages", issues)


def _doc_types(path: Path, data: Marked, issues: Issues) -> list[str]:
    types = _items(path, data, "doc_types", "document types", issues, required=True)
    for i, dt in enumerate(types):
        where = f"doc_types[{i}]"
        with issues.collect():
            check_keys(path, dt, DOC_TYPE_KEYS)
        for key in ("id", "name"):
            with issues.collect():
                require(path, dt, key, str, f"{where}.{key}: text")
        for key in ("title_words", "issuer_words", "addressee_words", "findings_title_words"):
            _words(path, dt, key, f"{where}.{key}", issues)
        for key in ("lists_findings", "every_type_rules_only", "compare_with_peers", "names_school", "fallback"):
            _flag(path, dt, key, f"{where}.{key}", issues)
    ids = _unique(path, types, "id", "doc_types", issues)
    for i, dt in enumerate(types):
        if "reports_on" in dt:
            with issues.collect():
                reports = require(path, dt, "reports_on", dict, "a mapping with types, words and min")
                check_keys(path, reports, ("types", "words", "min"))
                for t in _words(path, reports, "types", f"doc_types[{i}].reports_on.types", issues, required=True):
                    if t not in ids:
                        issues.add(pack_error(path, reports, f"doc_types[{i}].reports_on.types",
                                              f"{t!r} is not a document type", ids))
                _words(path, reports, "words", f"doc_types[{i}].reports_on.words", issues, required=True)
                _count(path, reports, "min", f"doc_types[{i}].reports_on.min", issues)
    fallbacks = [dt for dt in types if dt.get("fallback") is True]
    if types and len(fallbacks) != 1:
        issues.add(pack_error(path, data, "doc_types", f"{len(fallbacks)} types say fallback: true; exactly one must "
                              "(the type of a document nothing else places, e.g. other)"))
    return ids


def _sections(path: Path, data: Marked, type_ids: list[str], stage_ids: list[str], issues: Issues) -> None:
    sections = _items(path, data, "sections", "sections", issues)
    roles: dict[str, int] = {}
    for i, sec in enumerate(sections):
        where = f"sections[{i}]"
        with issues.collect():
            check_keys(path, sec, SECTION_KEYS)
        for key in ("id", "title"):
            with issues.collect():
                require(path, sec, key, str, f"{where}.{key}: text")
        _words(path, sec, "synonyms", f"{where}.synonyms", issues)
        for t in _words(path, sec, "doc_types", f"{where}.doc_types", issues):
            if t not in type_ids:
                issues.add(pack_error(path, sec, f"{where}.doc_types", f"{t!r} is not a document type", type_ids))
        role = sec.get("role")
        if role is not None:
            if role not in SECTION_ROLES:
                issues.add(pack_error(path, sec, f"{where}.role", f"{role!r} is not a role", SECTION_ROLES))
            elif role in roles:
                issues.add(pack_error(path, sec, f"{where}.role", f"sections[{roles[role]}] has role {role!r} already; "
                                      "one section per role"))
            else:
                roles[str(role)] = i
        _count(path, sec, "contains_stages", f"{where}.contains_stages", issues)
        need = sec.get("contains_stages")
        if isinstance(need, int) and not isinstance(need, bool) and need > len(stage_ids):
            issues.add(pack_error(path, sec, f"{where}.contains_stages",
                                  f"{need} is more than the pack's {len(stage_ids)} stages"))
        _number(path, sec, "none_prior", f"{where}.none_prior", issues, 0.01, 100)
    ids = _unique(path, sections, "id", "sections", issues)
    for i, sec in enumerate(sections):
        before = sec.get("before")
        if before is not None and (not isinstance(before, str) or before not in ids or before == sec.get("id")):
            issues.add(pack_error(path, sec, f"sections[{i}].before", f"{before!r} is not another section's id",
                                  [x for x in ids if x != sec.get("id")]))


def _categories(path: Path, data: Marked, issues: Issues) -> None:
    categories = _items(path, data, "categories", "problem categories", issues)
    for i, cat in enumerate(categories):
        where = f"categories[{i}]"
        with issues.collect():
            check_keys(path, cat, CATEGORY_KEYS)
        for key in ("id", "name"):
            with issues.collect():
                require(path, cat, key, str, f"{where}.{key}: text")
        if cat.get("id") == "none":
            issues.add(pack_error(path, cat, f"{where}.id", "'none' means 'not a problem'; choose another id"))
        _words(path, cat, "words", f"{where}.words", issues)
        _words(path, cat, "cues", f"{where}.cues", issues)
        _flag(path, cat, "outside", f"{where}.outside", issues)
    _unique(path, categories, "id", "categories", issues)
    if sum(1 for c in categories if c.get("outside") is True) > 1:
        issues.add(pack_error(path, data, "categories", "more than one category says outside: true; one at most"))


def _ledger(path: Path, data: Marked, issues: Issues) -> None:
    if "ledger" not in data:
        return
    with issues.collect():
        ledger = require(path, data, "ledger", dict, "a mapping with columns, statuses and deadline_words")
        check_keys(path, ledger, ("columns", "statuses", "deadline_words"))
        for key, allowed in (("columns", LEDGER_ROLES), ("statuses", STATUS_KINDS), ("deadline_words", None)):
            if key not in ledger:
                continue
            with issues.collect():
                table = require(path, ledger, key, dict, f"ledger.{key}: a mapping of lists of words")
                for kind in table:
                    if allowed is not None and kind not in allowed:
                        issues.add(pack_error(path, table, f"ledger.{key}.{kind}", "unknown", allowed))
                    _words(path, table, str(kind), f"ledger.{key}.{kind}", issues, required=True)


def _roster(path: Path, data: Marked, type_ids: list[str], issues: Issues) -> None:
    """``roster.required``: the document types every school on a roster owes, each with its due date."""
    if "roster" not in data:
        return
    with issues.collect():
        roster = require(path, data, "roster", dict, "a mapping with required: [{type, due}]")
        check_keys(path, roster, ("required",))
        for i, item in enumerate(_items(path, roster, "required", "document types owed ({type, due})", issues,
                                        required=True)):
            where = f"roster.required[{i}]"
            with issues.collect():
                check_keys(path, item, ("type", "due"))
                kind = require(path, item, "type", str, f"{where}.type: a document type id")
                if type_ids and kind not in type_ids:
                    raise pack_error(path, item, f"{where}.type", f"{kind!r} is not a document type", type_ids)
                if "due" in item:
                    month(path, item, "due", f"{where}.due")


def _letters(path: Path, data: Marked, issues: Issues) -> None:
    """``letters``: who signs the letters back to schools and how long a school has to resubmit."""
    if "letters" not in data:
        return
    with issues.collect():
        letters = require(path, data, "letters", dict, "a mapping with issuer, issuer_en, resubmit_days, title")
        check_keys(path, letters, ("issuer", "issuer_en", "resubmit_days", "title"))
        for key in ("issuer", "issuer_en", "title"):
            if key in letters and not isinstance(letters[key], str):
                issues.add(pack_error(path, letters, f"letters.{key}", "not text", "text"))
        _count(path, letters, "resubmit_days", "letters.resubmit_days", issues)


def _reference(path: Path, data: Marked, issues: Issues) -> None:
    if "reference" not in data:
        return
    listed = _words(path, data, "reference", "reference", issues)
    folder = Path(getattr(data["reference"], "source", path)).parent
    for name in listed:
        file = folder / name
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            issues.add(pack_error(path, data, "reference", f"{file} does not exist", "text files in the pack folder"))
            continue
        except (OSError, UnicodeDecodeError) as e:
            issues.add(pack_error(path, data, "reference", f"{file} cannot be read as UTF-8 text ({e})"))
            continue
        if not text.strip():
            issues.add(pack_error(path, data, "reference", f"{file} is empty"))


def validate_pack(pack: Pack, issues: Issues) -> None:
    """What needs the whole pack: its categoriser against its categories."""
    from ..understand import classify

    try:
        classes = classify.categoriser_classes(pack)
    except classify.ModelError as e:
        issues.add(f"{pack.root}: {e}")
        return
    manifest = pack.root / "pack.yaml"
    if classes is None:
        labelled = classify.training_labels(pack)
        if labelled:
            issues.add(f"{manifest}: train/ holds labelled sentences ({', '.join(labelled)}) but there is no "
                       f"{classify.CATEGORISER_FILE}; run `papercheck train --pack {pack.root}`")
        return
    unknown = [c for c in classes if c not in pack.category_ids]
    if unknown:
        issues.add(RulePackError(f"{pack.root / classify.CATEGORISER_FILE}: outputs {', '.join(unknown)}, which "
                                 f"{'is' if len(unknown) == 1 else 'are'} not a category of the pack "
                                 f"({', '.join(pack.category_ids)}); fix categories or retrain "
                                 f"(`papercheck train --pack {pack.root}`)"))
