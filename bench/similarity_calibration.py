"""Calibrate near-duplicate detection: copied-and-edited pairs against honest pairs.

    .venv/bin/python bench/similarity_calibration.py

Documents: the plans, summaries, ledgers and look-back reports of the real-world dev corpus
(data/realworld/docs, their bodies as paragraphs) and of samples/ (read as papercheck reads them).
- **Honest pairs**: every two documents of the same type from different schools (plans share the
  notice's stage list and the campaign's headings, as real plans do).
- **Copied pairs**: each document copied by another school, as a peer copies: the school name
  swapped, some sentences rewritten (a sentence of another document in its place) or deleted, a
  sentence added, one paragraph moved; edited until difflib's ratio to the original is about 0.9
  (0.85-0.95), several seeded copies per document.
Prints each distribution (min, percentiles, max) of the measure papercheck uses, the pack's bound,
the margin between the highest honest and the lowest copied pair, and how many pairs each side of
the bound falls.
"""

from __future__ import annotations

import difflib
import random
import re
import sys
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.judge.rulepack import load_pack
from pipeline.model import Block, BlockKind, Document, Location, Submission
from pipeline.understand import similarity

TYPES = ("plan", "summary", "rectification", "lookback")
COPIES = 4
RATIO = (0.85, 0.95)
KEPT = (0.8, 0.95)  # a copy outside this difflib ratio is drawn again
MIN_SENTENCES = 10  # "a few sentences edited" needs a document of more than a few
_MARKUP = re.compile(r"^(?:#{1,4}\s*|>>\s*|-\s+)")
_SENT = re.compile(r"(?<=[。；！？])")


def corpus_documents() -> list[tuple[str, str, str, list[str]]]:
    """(id, type, school, paragraphs) of the real-world corpus documents of a compared type."""
    sys.path.insert(0, str(ROOT / "data" / "realworld"))
    import build as rw  # type: ignore[import-not-found]

    out = []
    for src in rw.load_sources():
        label = src.label
        if label.get("doc_type") not in TYPES or not label.get("school"):
            continue
        paras = []
        for line in src.body:
            line = _MARKUP.sub("", line).strip()
            if not line or line == "[page]" or set(line) <= set("|-: "):
                continue
            paras.append(" ".join(c.strip() for c in line.strip("|").split("|")) if line.startswith("|") else line)
        out.append((src.id, str(label["doc_type"]), str(label["school"]), paras))
    return out


def sample_documents(pack) -> list[tuple[str, str, str, list[str]]]:
    """(path, type, school, paragraphs) of the samples papercheck reads as a compared type."""
    import yaml

    from pipeline.ingest import Source
    from pipeline.judge.verdict import check_source

    expected = yaml.safe_load((ROOT / "samples" / "expected.yaml").read_text(encoding="utf-8")) or {}
    planted = {name for entries in expected.values() if isinstance(entries, dict)
               for name, e in entries.items() if isinstance(e, dict) and "peer-copy" in (e.get("warnings") or [])}
    out = []
    for path in sorted((ROOT / "samples").glob("*")):
        if path.name in planted:  # the samples' own planted copy pair is not an honest pair
            continue
        if path.suffix.lower() not in (".docx", ".txt", ".doc", ".pdf"):
            continue
        sub = check_source(Source(path=str(path), file=path), pack)
        if sub.doc_type in TYPES and sub.school and sub.document is not None and not sub.ocr:
            out.append((path.name, sub.doc_type, sub.school, [b.text for b in sub.document.blocks if b.text.strip()]))
    return out


def submission(name: str, doc_type: str, school: str, paras: list[str]) -> Submission:
    blocks = tuple(Block(BlockKind.PARAGRAPH, t, Location(paragraph=i)) for i, t in enumerate(paras))
    doc = Document(path=name, format="docx", sha256=name, blocks=blocks)
    return Submission(path=name, sha256=name, doc_type=doc_type, school=school, status="pass", document=doc)


def edited_copy(paras: list[str], school: str, new_school: str, pool: list[str], rng: random.Random) -> tuple[list[str], float]:
    """A peer's copy: name swapped, sentences rewritten/deleted/added, a paragraph moved; difflib ratio in RATIO."""
    original = "\n".join(paras)
    short = school[-6:] if len(school) > 6 else school
    base = [p.replace(school, new_school).replace(short, new_school) for p in paras]
    target = rng.uniform(*RATIO)
    copy = [list(filter(None, _SENT.split(p))) for p in base]
    ratio = 1.0
    for _ in range(400):
        i = rng.randrange(len(copy))
        if not copy[i]:
            continue
        j = rng.randrange(len(copy[i]))
        action = rng.random()
        if action < 0.6:
            copy[i][j] = rng.choice(pool)
        elif action < 0.8 and len(copy[i]) > 1:
            del copy[i][j]
        else:
            copy[i].insert(j, rng.choice(pool))
        ratio = difflib.SequenceMatcher(None, original, "\n".join("".join(s) for s in copy), autojunk=False).ratio()
        if ratio <= target:
            break
    out = ["".join(s) for s in copy if s]
    if len(out) > 3:
        k = rng.randrange(1, len(out))
        out.insert(rng.randrange(1, len(out)), out.pop(k))
    return out, ratio


def measure(a: Submission, b: Submission, pack, jaccard: bool = False) -> float:
    """The higher of the two submissions' peer similarity to each other (or the old shingle Jaccard)."""
    ta, tb = (similarity.peer_text(s.document, s.school, pack) for s in (a, b))  # type: ignore[arg-type]
    if jaccard:
        return similarity.jaccard(similarity.shingle_hashes(ta), similarity.shingle_hashes(tb))
    return max(similarity.peer_similarity(ta, tb), similarity.peer_similarity(tb, ta))


def summary(values: list[float]) -> str:
    v = np.asarray(values)
    p = np.percentile(v, [5, 25, 50, 75, 95])
    return (f"n={len(v):4d}  min {v.min():.3f}  p5 {p[0]:.3f}  p25 {p[1]:.3f}  median {p[2]:.3f}  "
            f"p75 {p[3]:.3f}  p95 {p[4]:.3f}  max {v.max():.3f}")


def main() -> None:
    pack = load_pack()
    bound = float(pack.data["similarity"]["peer_bound"])
    docs = corpus_documents() + sample_documents(pack)
    subs = [submission(n, t, s, p) for n, t, s, p in docs]
    rng = random.Random(20130822)
    pool = [s for _, _, _, p in docs for para in p for s in _SENT.split(para) if len(s) >= 12]

    pairs = [(a, b) for a, b in combinations(subs, 2) if a.doc_type == b.doc_type and a.school != b.school]
    copies, ratios = [], []
    for (name, doc_type, school, paras) in docs:
        if sum(len(_SENT.split(p)) for p in paras) < MIN_SENTENCES:
            continue
        for k in range(COPIES):
            for _ in range(10):
                new_paras, ratio = edited_copy(paras, school, f"南明区复制{k}号小学", pool, rng)
                if KEPT[0] <= ratio <= KEPT[1]:
                    break
            else:
                continue
            ratios.append(ratio)
            copies.append((submission(name, doc_type, school, paras),
                           submission(f"copy{k}-{name}", doc_type, f"南明区复制{k}号小学", new_paras)))
    old_honest = [measure(a, b, pack, jaccard=True) for a, b in pairs]
    old_copied = [measure(a, b, pack, jaccard=True) for a, b in copies]
    print(f"before (shingle Jaccard): honest {summary(old_honest)}")
    print(f"                          copied {summary(old_copied)}")
    honest = [measure(a, b, pack) for a, b in pairs]
    copied = [measure(a, b, pack) for a, b in copies]
    for value, a, b in sorted(zip(honest, (p[0].path for p in pairs), (p[1].path for p in pairs)))[-3:]:
        print(f"  highest honest: {value:.3f} {a} / {b}")
    print(f"documents: {len(docs)} ({', '.join(f'{t} {sum(d[1] == t for d in docs)}' for t in TYPES)})")
    print(f"copies' difflib ratio to their original: {summary(ratios)}")
    print(f"honest pairs (same type, other school): {summary(honest)}")
    print(f"copied-and-edited pairs:                {summary(copied)}")
    print(f"bound similarity.peer_bound = {bound}: honest at or over it {sum(h >= bound for h in honest)}/{len(honest)}, "
          f"copies under it {sum(c < bound for c in copied)}/{len(copied)}")
    for b in (0.6, 0.65, 0.7, 0.72, 0.75, 0.8):
        print(f"  at {b:.2f}: honest flagged {sum(h >= b for h in honest)}, copies missed {sum(c < b for c in copied)}")
    for value, name in sorted(zip(copied, (p[1].path for p in copies)))[:3]:
        print(f"  lowest copy: {value:.3f} {name}")
    print(f"margin: lowest copy {min(copied):.3f} - highest honest {max(honest):.3f} = {min(copied) - max(honest):+.3f}")


if __name__ == "__main__":
    main()
