"""Copy detection: text copied from the bureau's notice, and submissions copied between schools.

Texts are compared as character shingles over normalised text (punctuation,
spaces and numbering removed). The notice ratio is the share of a submission's
characters covered by shingles found in the pack's reference texts. Peers are
compared after removing what each copied from the references and masking school
names and dates, so two schools that both quote the notice are not flagged for
that and swapping the school name does not hide a copy. Candidate peers come
from MinHash signatures with LSH banding (sub-quadratic); the similarity of a
submission to a peer is then the share of its characters inside shingles the
peer also has (coverage), which an edited sentence lowers only by its own length.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress
from pathlib import Path

import numpy as np

from ..judge.rulepack import Pack
from ..model import CopyFinding, CopyPassage, Document, Submission

SHINGLE = 8  # characters; long enough that common phrases (加强学习) do not match alone
MIN_PASSAGE = 16
MIN_REFERENCE_LINE = 30  # normalised characters; shorter reference lines are headings  # normalised characters for a copied passage to be shown
NUM_PERM = 128
BANDS, ROWS = 32, 4  # LSH: pairs from about Jaccard 0.4 up become candidates

_LABEL = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百0-9]+[部分阶段章节条]|[（(][一二三四五六七八九十0-9]+[)）]"
    r"|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．)）](?![0-9])|[①-⑳])"
)
_SCHOOL = re.compile(
    r"[\u4e00-\u9fff]{2,16}?(?:实验小学|小学|中学|幼儿园|学校|中心校|职业学校|学院|教育局)"
)
_DATE = re.compile(
    r"[0-9０-９〇零一二三四五六七八九十]{1,4}\s*[年月日号./\-—－]"
    r"|[0-9０-９]+"
)


_NOT_CONTENT = re.compile(r"[\W_]+")  # punctuation, spaces, symbols: everything but letters, digits, ideographs


@dataclass(frozen=True)
class _Normalised:
    """A document's text without punctuation, spaces and numbering, mapped back to blocks."""

    text: str
    block: np.ndarray  # block index of each character
    offset: np.ndarray  # offset of each character in that block's text


_CONTENT_CHAR: dict[str, str] = {}  # each character seen, as _content_char gives it (a cache)


def _content_char(c: str) -> str:
    """The character as compared (NFKC, lower case, first of several), or "" when it is not content."""
    ch = unicodedata.normalize("NFKC", c).lower()[:1]
    return ch if ch and not _NOT_CONTENT.match(ch) else ""


def _normalise_blocks(doc: Document) -> _Normalised:
    chars: list[str] = []
    blocks: list[int] = []
    offsets: list[int] = []
    for i, block in enumerate(doc.blocks):
        text = block.text
        m = _LABEL.match(text)
        start = m.end() if m else 0
        for j in range(start, len(text)):
            ch = _CONTENT_CHAR.get(text[j])
            if ch is None:
                ch = _CONTENT_CHAR[text[j]] = _content_char(text[j])
            if ch:
                chars.append(ch)
                blocks.append(i)
                offsets.append(j)
    return _Normalised("".join(chars), np.asarray(blocks, dtype=np.int32), np.asarray(offsets, dtype=np.int32))


def normalise(text: str) -> str:
    """Text reduced to its content characters, numbering labels removed line by line."""
    out = []
    for line in text.splitlines():
        m = _LABEL.match(line)
        line = line[m.end():] if m else line
        out.append(_NOT_CONTENT.sub("", unicodedata.normalize("NFKC", line).lower()))
    return "".join(out)


def _shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


@lru_cache(maxsize=8)
def _reference_shingles(files: tuple[Path, ...]) -> frozenset[str]:
    shingles: set[str] = set()
    for f in files:
        if f.is_file():
            for line in f.read_text(encoding="utf-8").splitlines():
                text = normalise(line)
                # Headings (section titles, stage names with their dates, the sign-off) are
                # what every plan must contain, not copying: only prose counts.
                if len(text) >= MIN_REFERENCE_LINE:
                    shingles |= _shingles(text)
    return frozenset(shingles)


def reference_shingles(pack: Pack) -> frozenset[str]:
    """The shingles of every reference text in the pack (cached per process)."""
    return _reference_shingles(tuple(pack.reference_files))


def _covered(text: str, reference: frozenset[str]) -> np.ndarray:
    """A boolean mask of the characters of text that lie in a shingle found in the reference."""
    mask = np.zeros(len(text), dtype=bool)
    for i in range(len(text) - SHINGLE + 1):
        if text[i : i + SHINGLE] in reference:
            mask[i : i + SHINGLE] = True
    return mask


def notice_copy(doc: Document, pack: Pack) -> CopyFinding:
    """How much of doc is copied from the pack's reference texts, and the copied passages."""
    norm = _normalise_blocks(doc)
    if not norm.text:
        return CopyFinding()
    mask = _covered(norm.text, reference_shingles(pack))
    ratio = float(mask.sum()) / len(norm.text)
    return CopyFinding(notice_ratio=round(ratio, 4), passages=_passages(doc, norm, mask, "notice"))


def _passages(doc: Document, norm: _Normalised, mask: np.ndarray, source: str) -> tuple[CopyPassage, ...]:
    """Copied runs of at least MIN_PASSAGE characters, split at block boundaries, as original text."""
    passages: list[CopyPassage] = []
    n = len(mask)
    i = 0
    while i < n:
        if not mask[i]:
            i += 1
            continue
        j = i
        while j < n and mask[j] and norm.block[j] == norm.block[i]:
            j += 1
        if j - i >= MIN_PASSAGE:
            block = doc.blocks[int(norm.block[i])]
            start, end = int(norm.offset[i]), int(norm.offset[j - 1]) + 1
            passages.append(CopyPassage(text=block.text[start:end], source=source, location=block.location))
        i = j
    return tuple(passages)


# --- peers -------------------------------------------------------------------

_rng = np.random.default_rng(20130822)
_PERM_A = _rng.integers(1, 2**63 - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_PERM_B = _rng.integers(0, 2**63 - 1, size=NUM_PERM, dtype=np.uint64)
_POWERS = np.array([pow(1_000_003, SHINGLE - 1 - k, 2**64) for k in range(SHINGLE)], dtype=np.uint64)


def peer_text(doc: Document, school: str | None, pack: Pack) -> str:
    """The text two schools are compared on: names and dates masked, reference copies removed."""
    lines = []
    for block in doc.blocks:
        text = block.text
        if school:
            text = text.replace(school, "Ⓢ")
        text = _DATE.sub("Ⓓ", _SCHOOL.sub("Ⓢ", text))
        lines.append(text)
    norm = normalise("\n".join(lines))
    if not norm:
        return ""
    mask = _covered(norm, reference_shingles(pack))
    return "".join(compress(norm, ~mask))


def shingle_sequence(text: str) -> np.ndarray:
    """The 64-bit hash of the shingle starting at each position of the text (a polynomial hash, vectorised)."""
    if len(text) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    windows = np.lib.stride_tricks.sliding_window_view(codes, SHINGLE)
    with np.errstate(over="ignore"):
        return (windows * _POWERS).sum(axis=1, dtype=np.uint64)


def shingle_hashes(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's shingles."""
    return np.unique(shingle_sequence(text))


def coverage(sequence: np.ndarray, other: np.ndarray) -> float:
    """Share of a text's characters inside a shingle the other text also has.

    ``sequence`` is the text's :func:`shingle_sequence`, ``other`` the other's :func:`shingle_hashes`.
    Unlike the Jaccard of the shingle sets, an edited sentence costs only its own characters (and
    SHINGLE-1 on each side), not every shingle that overlaps it on both texts: a peer's plan with a few
    sentences rewritten (difflib ratio 0.9) scores about 0.9, not about 0.6.
    """
    n = sequence.size
    if n == 0 or other.size == 0:
        return 0.0
    shared = np.isin(sequence, other, assume_unique=False)
    # a character is covered when a shared shingle starts at one of the SHINGLE positions up to it
    starts = np.concatenate([[0], np.cumsum(shared)])
    length = n + SHINGLE - 1
    hi = np.minimum(np.arange(length) + 1, n)
    lo = np.maximum(np.arange(length) - SHINGLE + 1, 0)
    return float(np.count_nonzero(starts[hi] - starts[lo] > 0)) / length


def signature(hashes: np.ndarray) -> np.ndarray:
    """A MinHash signature: per permutation, the minimum of (a*h + b) mod 2^64."""
    if hashes.size == 0:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (hashes[:, None] * _PERM_A[None, :] + _PERM_B[None, :]).min(axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / |a ∪ b| of two sorted unique hash arrays."""
    if a.size == 0 or b.size == 0:
        return 0.0
    if a.size > b.size:
        a, b = b, a
    at = np.searchsorted(b, a)  # where each of a would sit in b: a shared hash sits on itself
    at[at == b.size] = 0
    inter = int(np.count_nonzero(b[at] == a))
    return inter / (a.size + b.size - inter)


def candidate_pairs(signatures: Sequence[np.ndarray]) -> set[tuple[int, int]]:
    """Pairs of indices whose signatures agree on at least one LSH band."""
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        lo, hi = band * ROWS, (band + 1) * ROWS
        for i, sig in enumerate(signatures):
            buckets[sig[lo:hi].tobytes()].append(i)
        for members in buckets.values():
            if 1 < len(members) <= 200:  # a huge bucket is boilerplate, not copying
                for x in range(len(members)):
                    for y in range(x + 1, len(members)):
                        pairs.add((members[x], members[y]))
    return pairs


def _same_school(a: Submission, b: Submission) -> bool:
    return bool(a.school) and a.school == b.school


def peer_similarity(text: str, peer: str) -> float:
    """The share of ``text`` (a :func:`peer_text`) found in ``peer``: what ``copy.peer_similarity`` reports."""
    return round(coverage(shingle_sequence(text), shingle_hashes(peer)), 4)


def apply_peers(submissions: Sequence[Submission], pack: Pack) -> list[Submission]:
    """Fill copy.peer_* of every submission with its most similar peer (another school, same type).

    Candidate pairs come from LSH on MinHash signatures; each candidate is then scored both ways by
    :func:`coverage` (the share of a submission's text found in the peer), and each submission keeps
    the peer that covers most of it. The pack's rules on ``copy.peer_similarity`` then judge it
    (``verdict.rejudge``, run by the batch).
    """
    indexed = [
        i for i, s in enumerate(submissions)
        if s.document is not None and s.status != "error" and pack.compared_with_peers(s.doc_type)
    ]
    sequences = {i: shingle_sequence(peer_text(submissions[i].document, submissions[i].school, pack)) for i in indexed}  # type: ignore[arg-type]
    hashes = {i: np.unique(sequences[i]) for i in indexed}
    indexed = [i for i in indexed if hashes[i].size >= 20]
    sigs = [signature(hashes[i]) for i in indexed]
    # Submissions with the very same shingles share one entry, so their scores are computed once.
    same: dict[bytes, int] = {}
    group = {i: same.setdefault(hashes[i].tobytes(), len(same)) for i in indexed}
    known: dict[tuple[int, int], float] = {}
    best: dict[int, tuple[float, int]] = {}
    for x, y in candidate_pairs(sigs):
        i, j = indexed[x], indexed[y]
        a, b = submissions[i], submissions[j]
        if a.doc_type != b.doc_type or _same_school(a, b):
            continue
        for me, other in ((i, j), (j, i)):
            key = (group[me], group[other])
            sim = known.get(key)
            if sim is None:
                sim = known[key] = coverage(sequences[me], hashes[other])
            if sim > best.get(me, (-1.0, -1))[0]:
                best[me] = (sim, other)
    out = []
    for i, sub in enumerate(submissions):
        copy = replace(sub.copy, peer_path=None, peer_similarity=None, peer_school=None)
        if i in best:
            sim, j = best[i]
            peer = submissions[j]
            copy = replace(copy, peer_path=peer.path, peer_similarity=round(sim, 4), peer_school=peer.school)
        out.append(replace(sub, copy=copy))
    return out
