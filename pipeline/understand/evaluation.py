"""Measure a pack's problem classifier: on a labelled TSV (id, text, label[, hard]), or by
cross-validating its categoriser on the pack's own training sentences.

Figures come from ``sklearn.metrics`` (imported here, never on the checking path). The macro-F1 is
over the pack's categories inside the campaign plus ``none``: for 三找 the four classes
work_style/discipline/implementation/none. The pack's `outside` category (other) is not in it: the dev
set has no such rows, so an `outside` prediction is simply wrong there — a miss for the row's true
class. In problem detection an `outside` (or uncategorised) prediction is a problem (it reaches the
report, sent to a reviewer), so on a ``none`` row it is a false positive.

Calibration: the expected calibration error (ECE) compares each prediction's confidence with how
often predictions that sure are right (10 equal-width bins; 0 is perfect).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .classify import NONE, PROBLEM, ProblemModel

if TYPE_CHECKING:
    from ..judge.rulepack import Pack

UNCATEGORISED = PROBLEM  # how a problem without a category is written in these tables


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    hard: bool
    id: str = ""


def read_rows(path: Path) -> list[Row]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not reader.fieldnames or "text" not in reader.fieldnames or "label" not in reader.fieldnames:
            raise ValueError(f"{path}: needs a header with `text` and `label` columns")
        return [Row(r["text"], r["label"].strip(), (r.get("hard") or "0").strip() == "1", r.get("id") or "")
                for r in reader if (r.get("text") or "").strip()]


def macro_labels(pack: Pack) -> list[str]:
    """The classes of the macro-F1: the pack's categories but the outside one, and none."""
    return [c for c in pack.category_ids if c != pack.outside_category] + [NONE]


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    conf, ok = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    if not len(conf):
        return 0.0
    which = np.minimum((conf * bins).astype(int), bins - 1)
    return float(sum(abs(ok[which == b].mean() - conf[which == b].mean()) * (which == b).sum()
                     for b in range(bins) if (which == b).any()) / len(conf))


def scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support  # type: ignore[import-untyped]

    det_gold = [g != NONE for g in gold]
    det_pred = [p != NONE for p in pred]
    p, r, f, _ = precision_recall_fscore_support(det_gold, det_pred, average="binary", pos_label=True, zero_division=0)
    return {"macro_f1": float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0)),
            "detection_p": float(p), "detection_r": float(r), "detection_f1": float(f),
            "accuracy": float(accuracy_score(gold, pred)) if gold else 0.0}


def _table(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[str]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=list(labels), zero_division=0)
    lines = [f"{'label':16}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    lines += [f"{c:16}{p[i]:10.3f}{r[i]:8.3f}{f[i]:8.3f}{int(n[i]):9d}" for i, c in enumerate(labels)]
    matrix = confusion_matrix(gold, pred, labels=list(labels))
    lines += ["", "confusion matrix (rows gold, columns predicted):", f"{'':16}" + "".join(f"{c[:10]:>12}" for c in labels)]
    lines += [f"{g:16}" + "".join(f"{v:12d}" for v in matrix[i]) for i, g in enumerate(labels) if g in set(gold)]
    return lines


def report(rows: Sequence[Row], model: ProblemModel, pack: Pack) -> str:
    """The evaluation as text: per-class P/R/F1, macro-F1, detection, calibration, confusion matrix, errors."""
    from .problems import cue_boosts, not_a_problem

    texts = [r.text for r in rows]
    # as find_problems decides: the pack's cues, and sentences it leaves out (negations, rules, gaps …)
    decided = [(NONE, 1.0) if not_a_problem(t) else d
               for t, d in zip(texts, model.decide(texts, boosts=cue_boosts(pack, texts)))]
    pred = [label or UNCATEGORISED for label, _ in decided]
    gold = [r.label for r in rows]
    outputs = model.classes[1:]
    labels = [*(c for c in pack.category_ids if c in outputs), *(c for c in outputs if c not in pack.category_ids), NONE]
    labels += sorted(set(gold) - set(labels))
    macro = macro_labels(pack)
    s = scores(gold, pred, macro)
    ece = expected_calibration_error([c for _, c in decided], [g == p for g, p in zip(gold, pred)])
    lines = [f"pack {pack.name}  model {model.version}  rows {len(rows)}  (hard {sum(r.hard for r in rows)})", "",
             *_table(gold, pred, labels), "",
             f"{len(macro)}-class macro-F1 ({'/'.join(macro)}): {s['macro_f1']:.3f}",
             f"problem detection: P {s['detection_p']:.3f}  R {s['detection_r']:.3f}  F1 {s['detection_f1']:.3f}",
             f"accuracy: {s['accuracy']:.3f}",
             f"calibration: expected calibration error {ece:.3f} (confidence vs accuracy, 10 bins)"]
    for name, keep in (("hard rows", True), ("ordinary rows", False)):
        sub = [(x, y) for r, x, y in zip(rows, gold, pred) if r.hard == keep]
        if sub:
            hs = scores([x for x, _ in sub], [y for _, y in sub], macro)
            lines.append(f"{name} ({len(sub)}): accuracy {hs['accuracy']:.3f}  detection F1 {hs['detection_f1']:.3f}"
                         f"  macro-F1 {hs['macro_f1']:.3f}")
    errors = [(r, y) for r, y in zip(rows, pred) if r.label != y]
    if errors:
        lines += ["", f"errors ({len(errors)}):"]
        lines += [f"  {r.id or '-':7} {r.label:>14} -> {y:<14} {'hard ' if r.hard else ''}{r.text}" for r, y in errors]
    return "\n".join(lines)


def cross_validate(pack: Pack, folds: int = 5, params: dict[str, Any] | None = None) -> str:
    """The pack's categoriser, cross-validated on its own ``train/`` sentences (stratified k-fold).

    Each sentence is categorised by a categoriser trained without it: an honest figure for "given that
    a sentence is a problem, which of the pack's categories" when the pack has no dev set of its own.
    """
    from sklearn.metrics import f1_score

    from .classify import (
        DEFAULT_PARAMS,
        GENERAL_TRAIN_DIR,
        OUTSIDE_WEIGHT,
        categoriser_data,
        out_of_fold_scores,
        read_labelled,
        softmax,
    )
    from .nlp import pack_vocabulary

    X, y = categoriser_data(pack)
    corpus, _ = read_labelled(GENERAL_TRAIN_DIR, [NONE])
    outside = pack.outside_category
    params = {**DEFAULT_PARAMS, "down_weight": {outside: OUTSIDE_WEIGHT} if outside else None, **(params or {}),
              "vocabulary": pack_vocabulary(pack)}
    raw, gold, fitted = out_of_fold_scores(X, y, params, folds=folds, corpus=corpus)
    pred = [fitted[i] for i in raw.argmax(axis=1)]
    classes = [c for c in pack.category_ids if c in fitted]
    inside = [c for c in classes if c != outside]
    conf = softmax(raw).max(axis=1)
    gold_l = gold.tolist()
    lines = [(f"pack {pack.name}: categoriser cross-validated on {len(X)} sentences of {pack.root / 'train'} "
             f"({folds}-fold, stratified)"), "", *_table(gold_l, pred, classes), "",
             (f"{len(inside)}-category macro-F1 ({'/'.join(inside)}): "
             f"{f1_score(gold_l, pred, labels=inside, average='macro', zero_division=0):.3f}"),
             f"all {len(classes)} classes macro-F1: {f1_score(gold_l, pred, labels=classes, average='macro'):.3f}",
             f"accuracy: {np.mean([g == p for g, p in zip(gold_l, pred)]):.3f}",
             (f"calibration (uncalibrated scores): expected calibration error "
             f"{expected_calibration_error(conf, [g == p for g, p in zip(gold_l, pred)]):.3f}")]
    return "\n".join(lines)
