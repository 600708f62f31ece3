"""Measure the problem classifier on a labelled TSV (id, text, label[, hard]).

How ``other`` predictions count (the dev set has no ``other`` rows): in the 4-class macro-F1 over
work_style/discipline/implementation/none an ``other`` prediction is simply wrong — a miss for the
row's true class, and a false positive for none of the four. In problem detection ``other`` is a
problem (it reaches the report, sent to a reviewer), so ``other`` on a ``none`` row is a false positive.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .classify import LABELS, LinearModel

FOUR = ("work_style", "discipline", "implementation", "none")


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


def prf(gold: Sequence[str], pred: Sequence[str], label: str) -> tuple[float, float, float, int]:
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    n_pred = sum(p == label for p in pred)
    n_gold = sum(g == label for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, n_gold


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    macro = sum(prf(gold, pred, c)[2] for c in FOUR) / len(FOUR)
    det_gold = ["problem" if g != "none" else "none" for g in gold]
    det_pred = ["problem" if p != "none" else "none" for p in pred]
    detection = prf(det_gold, det_pred, "problem")
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"macro_f1": macro, "detection_p": detection[0], "detection_r": detection[1],
            "detection_f1": detection[2], "accuracy": accuracy}


def report(rows: Sequence[Row], model: LinearModel) -> str:
    """The evaluation as text: per-class P/R/F1, macro-F1, detection F1, confusion matrix, hard rows."""
    pred = [label for label, _ in model.predict([r.text for r in rows])]
    gold = [r.label for r in rows]
    lines = [(f"model {model.meta.get('model_version', '?')}  rows {len(rows)}  "
             f"(hard {sum(r.hard for r in rows)})"), "",
             f"{'label':16}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}"]
    for c in LABELS:
        p, r, f, n = prf(gold, pred, c)
        lines.append(f"{c:16}{p:10.3f}{r:8.3f}{f:8.3f}{n:9d}")
    s = scores(gold, pred)
    lines += ["", f"4-class macro-F1 (work_style/discipline/implementation/none): {s['macro_f1']:.3f}",
              f"problem detection: P {s['detection_p']:.3f}  R {s['detection_r']:.3f}  F1 {s['detection_f1']:.3f}",
              f"accuracy: {s['accuracy']:.3f}", "",
              "confusion matrix (rows gold, columns predicted):",
              f"{'':16}" + "".join(f"{c[:10]:>12}" for c in LABELS)]
    for g in LABELS:
        if g not in gold:
            continue
        lines.append(f"{g:16}" + "".join(f"{sum(x == g and y == c for x, y in zip(gold, pred)):12d}" for c in LABELS))
    for name, keep in (("hard rows", True), ("ordinary rows", False)):
        sub = [(x, y) for r, x, y in zip(rows, gold, pred) if r.hard == keep]
        if sub:
            hs = scores([x for x, _ in sub], [y for _, y in sub])
            lines.append(f"{name} ({len(sub)}): accuracy {hs['accuracy']:.3f}  detection F1 {hs['detection_f1']:.3f}"
                         f"  macro-F1 {hs['macro_f1']:.3f}")
    errors = [(r, y) for r, y in zip(rows, pred) if r.label != y]
    if errors:
        lines += ["", f"errors ({len(errors)}):"]
        lines += [f"  {r.id or '-':7} {r.label:>14} -> {y:<14} {'hard ' if r.hard else ''}{r.text}" for r, y in errors]
    return "\n".join(lines)
