"""Writing packs: ``papercheck pack init NAME`` (a commented skeleton that validates and passes its own
fixture tests) and ``papercheck rules show RULE`` (what a rule, or a rule type, says and checks)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..errors import PapercheckError
from .checks.base import COMMON_KEYS
from .rulepack import Pack, read_yaml

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,62}$")

SKELETON: dict[str, str] = {
    "pack.yaml": """\
# The {name} campaign: everything campaign-specific. One rule per YAML file next to this one;
# a rule's id is {name}.<file stem>. `extends: base` brings the rules every campaign shares (school
# name, date, issuer, heading order, copies between schools) and the ledger words.
# docs/packs.md explains every key; `papercheck rules validate {name}` checks the lot.
name: {name}
version: "0.1.0"
extends: base
description: 新活动（把活动名称写在这里）

report_title:
  zh: 活动材料检查报告
  en: Campaign paperwork check

# When the campaign runs (YYYY-MM, in quotes).
campaign:
  start: "{year}-03"
  end: "{year}-07"

# The stages the notice sets, each with the ways a plan names it and its window.
stages:
  - id: study
    name: 学习动员阶段
    names: [学习动员阶段, 学习动员, 动员部署]
    window: {{start: "{year}-03", end: "{year}-04"}}
  - id: rectify
    name: 整改提高阶段
    names: [整改提高阶段, 整改提高, 查摆整改]
    window: {{start: "{year}-05", end: "{year}-07"}}

# Document types, tried in this order on the title; `name` is what the reports show.
doc_types:
  - id: plan
    name: 实施方案
    name_en: plan
    title_words: [实施方案, 工作方案]
    lists_findings: false          # a plan says what to look for, not what was found
  - id: summary
    name: 工作总结
    name_en: summary
    title_words: [总结, 自查报告]
  - id: notice
    name: 通知
    name_en: notice
    title_words: [通知]
    issuer_words: [教育局]
    lists_findings: false
    every_type_rules_only: true    # only the rules with applies_to: all run on it
    compare_with_peers: false
  - id: other
    name: 其他
    name_en: other
    fallback: true                 # a document nothing else places; it goes to a reviewer
    every_type_rules_only: true

# Sections: title, synonyms, the types that must have them, and (optionally) the role the code uses.
sections:
  - id: organisation
    title: 组织领导
    synonyms: [领导小组, 组织机构]
    doc_types: [plan]
    role: organisation             # where the 组长 is looked for first
  - id: steps
    title: 实施步骤
    synonyms: [方法步骤, 时间安排, 工作安排]
    doc_types: [plan]
    role: stages                   # the section that holds the stages
    contains_stages: 2
  - id: problems
    title: 存在问题
    synonyms: [存在的问题, 问题与不足]
    doc_types: [summary]
    role: problems

# Problem categories. Without a categoriser (train/<id>.txt and `papercheck train --pack`) a
# problem keeps the category the school marked after it (（作风）), or none, and goes to a reviewer.
categories:
  - id: work_style
    name: 作风
    name_en: work style
    words: [作风]
  - id: other
    name: 其他
    name_en: other
    outside: true                  # outside the campaign's categories: sent to a reviewer

# Words a segmenter must keep whole.
vocabulary: []

classifier:
  review_threshold: 0.6

# The bureau's notice: plans that copy it are flagged by a ratio_below rule on copy.notice_ratio.
reference: [reference/notice.txt]
similarity:
  notice_bound: 0.5
""",
    "plan-organisation.yaml": """\
description: 实施方案须有组织领导部分。
type: section_required
severity: error
applies_to: [plan]
sections: [organisation]
message:
  zh: 实施方案应有“组织领导”（或领导小组）部分
  en: the plan needs an organisation section
examples:
  pass: |
    阳光小学实施方案
    一、组织领导
    成立领导小组，组长：张明。
  fail: |
    阳光小学实施方案
    一、工作要求
    确保活动取得实效。
""",
    "plan-stages.yaml": """\
description: 实施方案须写明每个阶段及其起止时间。
type: stages
severity: error
applies_to: [plan]
require: dates
message:
  zh: 实施方案应写明各阶段及起止时间
  en: the plan must give every stage with its dates
examples:
  pass: |
    阳光小学实施方案
    一、实施步骤
    （一）学习动员阶段（{year}年3月—4月）
    （二）整改提高阶段（{year}年5月—7月）
  fail: |
    阳光小学实施方案
    一、实施步骤
    （一）学习动员阶段（{year}年3月—4月）
""",
    "summary-problems.yaml": """\
description: 总结须有存在问题部分。
type: section_required
severity: error
applies_to: [summary]
sections: [problems]
message:
  zh: 总结应有“存在问题”部分
  en: the summary needs a section on the problems found
examples:
  pass: |
    阳光小学工作总结
    一、存在问题
    个别教师上课迟到。
  fail: |
    阳光小学工作总结
    一、主要做法
    组织集中学习。
""",
    "reference/notice.txt": "（把教育局通知的原文粘贴到这里）\n",
    "train/README.md": """\
# Training sentences for this pack's categoriser

One sentence per line in `<category id>.txt` (e.g. `work_style.txt`), in the voice of a school's
report; a `none.txt` here adds non-problem sentences of this campaign to the shared detector.
Then `papercheck train --pack <this folder>` writes `categoriser.npz` and
`papercheck evaluate --pack <this folder> --cv 5` says how well it does. See docs/packs.md.
""",
    "tests/plan-complete.txt": """\
# fails:
# status: pass
# type: plan
阳光小学实施方案
一、组织领导
成立领导小组，组长：张明。
二、实施步骤
（一）学习动员阶段（{year}年3月—4月）
（二）整改提高阶段（{year}年5月—7月）
阳光小学
{year}年3月1日
""",
    "tests/plan-missing-stage.txt": """\
# fails: plan-stages
# status: fail
阳光小学实施方案
一、组织领导
成立领导小组，组长：张明。
二、实施步骤
（一）学习动员阶段（{year}年3月—4月）
阳光小学
{year}年3月1日
""",
}


def init_pack(folder: Path, year: int = 2025) -> list[Path]:
    """Write the skeleton of a pack named after ``folder`` into it (which must not exist yet)."""
    name = folder.name
    if not NAME.match(name):
        raise PapercheckError(f"{name!r}: a pack name is lower-case letters, digits, '-', '_' or '.' (e.g. xiaofeng-2025)")
    if folder.exists():
        raise PapercheckError(f"{folder} exists already; give a new folder")
    written = []
    for rel, text in SKELETON.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(name=name, year=year), encoding="utf-8")
        written.append(path)
    return written


def show_rule(pack: Pack, rule_id: str, lang: str = "zh") -> str:
    """What a rule says and checks: title, type, severity, where defined, description, parameters, examples."""
    rule = pack.rule(rule_id)
    data = read_yaml(rule.path)
    inherited = rule.path.parent.resolve() != pack.root.resolve()
    params = {k: v for k, v in data.items() if k not in COMMON_KEYS}
    changes = (pack.data.get("rules") or {}).get(rule.id.removeprefix(f"{pack.name}."))
    lines = [f"{rule.id}" + (f"  {rule.title}" if rule.title else ""),
             f"  type:        {rule.type_name}  (`papercheck rules show {rule.type_name}`)",
             f"  severity:    {rule.severity}",
             f"  applies_to:  {', '.join(rule.applies_to)}",
             f"  defined in:  {rule.path}" + (" (inherited)" if inherited else ""),
             f"  message:     {rule.message}", f"               {rule.message_en}"]
    if isinstance(changes, dict):
        lines.append(f"  changed by:  {pack.root / 'pack.yaml'} rules: {dict(changes)}")
    if rule.description:
        lines.append(f"  description: {rule.description}")
    if params:
        lines.append("  parameters:")
        lines += [f"    {k}: {_short(v)}" for k, v in params.items()]
    for kind in ("pass", "fail"):
        example = rule.examples[kind]
        text = example.get("text", "") if isinstance(example, dict) else example
        extra = {k: v for k, v in example.items() if k != "text"} if isinstance(example, dict) else {}
        lines.append(f"  example that should {kind}:" + (f"  (with {_short(extra)})" if extra else ""))
        lines += [f"    | {line}" for line in str(text).rstrip().splitlines()]
    return "\n".join(lines)


def show_type(type_name: str) -> str:
    """A rule type's documentation (its module docstring) and keys."""
    from .checks import RULE_TYPES

    cls = RULE_TYPES[type_name]
    doc = (sys.modules[cls.__module__].__doc__ or "").strip()
    keys = ", ".join(cls.keys) or "(none of its own)"
    return f"{type_name}\n\n{doc}\n\nkeys: {keys}\ncommon keys: {', '.join(COMMON_KEYS)}"


def _short(value: object) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= 160 else text[:157] + "…"
