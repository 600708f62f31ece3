"""Chinese text: word segmentation with the pack's vocabulary, and sentences with their locations.

Segmentation uses rjieba (the Rust port of jieba: same dictionary, same algorithm, ~25x faster, and a
cold start of ~0.1 s instead of jieba's ~0.6 s). Campaign terms (三找, 一岗双责, 回头看 …) are added
with the *smallest* frequency that keeps them whole (``suggest_freq``), not a large fixed one: a large
frequency would make the user word win against words jieba already knew that overlap it.
``tests/test_nlp.py`` checks both properties and that rjieba and jieba agree.

Where rjieba has no wheel (Windows on ARM, 32-bit ARM, PyPy) the package depends on jieba instead
and ``segmenter`` uses it behind the same interface: the same dictionary and algorithm, so the same
words (``tests/test_nlp.py`` runs a whole check both ways), only slower.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..model import Block, BlockKind, Document, Sentence

_LOCK = threading.Lock()
_SEGMENTERS: dict[tuple[str, ...], Any] = {}


def segmenter(vocabulary: Iterable[str] = ()) -> Any:
    """The segmenter (rjieba, else jieba) with ``vocabulary`` added; built once per process and vocabulary."""
    key = tuple(sorted({w.strip() for w in vocabulary if w and w.strip()}))
    seg = _SEGMENTERS.get(key)
    if seg is None:
        with _LOCK:
            seg = _SEGMENTERS.get(key)
            if seg is None:
                seg = _new_segmenter()
                for word in key:
                    add_term(seg, word)
                _SEGMENTERS[key] = seg
    return seg


def _new_segmenter() -> Any:
    try:
        import rjieba
    except ImportError:  # no rjieba wheel for this platform: jieba, the same segmentation in pure Python
        return JiebaSegmenter()
    return rjieba.Jieba()


class JiebaSegmenter:
    """jieba.Tokenizer behind rjieba's interface (``cut(text, hmm=)``, ``suggest_freq``, ``add_word``)."""

    def __init__(self) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" chatter on stderr
        self.tokenizer = jieba.Tokenizer()

    def cut(self, text: str, hmm: bool = True) -> list[str]:
        return list(self.tokenizer.cut(text, HMM=hmm))

    def suggest_freq(self, word: str) -> int:
        return int(self.tokenizer.suggest_freq(word, False))

    def add_word(self, word: str, freq: int, tag: str | None = None) -> None:
        self.tokenizer.add_word(word, freq, tag)


def add_term(seg: Any, word: str) -> None:
    """Add one campaign term with just enough frequency to keep it whole.

    ``suggest_freq`` gives the frequency at which the word beats the best split of its own characters;
    one more than that keeps it whole inside any sentence, and no higher, so known words elsewhere keep
    their segmentation. Works for rjieba.Jieba and jieba.Tokenizer alike.
    """
    if hasattr(seg, "FREQ"):  # jieba.Tokenizer: suggest_freq(segment, tune=False)
        freq = seg.suggest_freq(word, False)
        seg.add_word(word, freq + 1)
    else:
        freq = seg.suggest_freq(word)
        seg.add_word(word, freq + 1, None)


_BY_VOCABULARY: dict[tuple[str, ...], Any] = {}  # cut()'s shortcut: the vocabulary tuple as given → segmenter


def cut(text: str, vocabulary: Iterable[str] = ()) -> list[str]:
    """Words of ``text`` (punctuation and whitespace tokens dropped)."""
    seg = _BY_VOCABULARY.get(vocabulary) if isinstance(vocabulary, tuple) else None
    if seg is None:
        seg = segmenter(vocabulary)
        if isinstance(vocabulary, tuple):
            _BY_VOCABULARY[vocabulary] = seg
    return [w for w in seg.cut(text, hmm=True) if w.strip() and not _PUNCT_ONLY.match(w)]


def pack_vocabulary(pack: Any) -> tuple[str, ...]:
    """The pack's ``vocabulary:`` list (empty when the pack has none)."""
    data = getattr(pack, "data", pack) or {}
    return tuple(str(w) for w in (data.get("vocabulary") or ()))


_PUNCT_ONLY = re.compile(r"^[\W_]+$")

# --- sentences ----------------------------------------------------------------

# A sentence ends after 。！？；!? (or a line break), together with closing quotes/brackets that follow.
_END = re.compile(r"[。！？；!?;…]+[”’」』）)\]】]*|\n+")
# A numbering label at the start of a sentence: 一、 （三） (3) 3. 3、 ① 第一， 一是 首先，
_LABEL = re.compile(
    r"^\s*(?:"
    r"[（(][一二三四五六七八九十百\d]{1,3}[)）]、?"
    r"|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,3}(?:[.．]\d{1,3})*[、.．)）](?!\d)"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十\d]{1,3}[，,、：:]"
    r"|[一二三四五六七八九十]是[，,：:]?"
    r"|[-•·●▪■◆]\s*"
    r")\s*"
)
# A numbering label inside running text after a comma/colon/space starts a new list item: "…：1.… 2.…"
_INLINE_LABEL = re.compile(r"(?<=[：:，,\s])(?=(?:[（(]\d{1,2}[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]))")
# A lead-in ending in a colon ("意见主要集中在：", "存在以下问题：") is its own sentence; a short
# field name ("组长：", "时间：") is not, so the colon must follow six characters without punctuation.
_LEAD_IN = re.compile(r"(?<=[^。！？；!?;\n：:，,、]{6})(?<![0-9０-９])[：:](?![0-9０-９])")  # not a time (8:10)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text``, numbering labels and outer spaces excluded."""
    spans: list[tuple[int, int]] = []
    cuts = [0]
    for m in _END.finditer(text):
        cuts.append(m.end())
    for m in _INLINE_LABEL.finditer(text):
        cuts.append(m.start())
    for m in _LEAD_IN.finditer(text):
        cuts.append(m.end())
    cuts.append(len(text))
    cuts = sorted(set(cuts))
    for a, b in itertools.pairwise(cuts):
        start, end = a, b
        label = _LABEL.match(text[start:end])
        if label:
            start += label.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        # the ending colon of a lead-in ("主要问题：") stays with its sentence; drop pure punctuation
        if end > start and not _PUNCT_ONLY.match(text[start:end]):
            spans.append((start, end))
    return spans


def _cell_fields(block: Block) -> Iterator[tuple[int, int, int, int]]:
    """(row, col, start, end) of each cell's text inside a table block's text.

    Readers join cells differently (Word: rows by \\n, cells by \\t; PDF and HTML: `` | ``), so each
    cell's text is looked up in order; a text that does not hold its cells is split by tab.
    """
    rows = block.table.rows if block.table else ()
    found: list[tuple[int, int, int, int]] = []
    pos = 0
    for r, row in enumerate(rows):
        for cell in row:
            at = block.text.find(cell.text, pos)
            if at < 0:
                found = []
                break
            found.append((r, cell.col, at, at + len(cell.text)))
            pos = at + len(cell.text)
        else:
            continue
        break
    if found:
        yield from found
        return
    offset = 0
    for r, line in enumerate(block.text.split("\n")):
        pos = offset
        for k, field_text in enumerate(line.split("\t")):
            col = rows[r][k].col if r < len(rows) and k < len(rows[r]) else k
            yield r, col, pos, pos + len(field_text)
            pos += len(field_text) + 1
        offset += len(line) + 1


def block_sentences(block: Block, index: int) -> list[Sentence]:
    """The sentences of one block; a table block gives the sentences of each cell, located by row and cell."""
    out: list[Sentence] = []
    if block.kind == BlockKind.TABLE:
        from dataclasses import replace

        for row, col, a, b in _cell_fields(block):
            loc = replace(block.location, row=row, cell=col)
            for s, e in sentence_spans(block.text[a:b]):
                out.append(Sentence(block.text[a + s:a + e], loc, a + s, a + e, index))
        return out
    for s, e in sentence_spans(block.text):
        out.append(Sentence(block.text[s:e], block.location, s, e, index))
    return out


def sentences(doc: Document, blocks: Sequence[int] | None = None) -> list[Sentence]:
    """All sentences of ``doc`` in reading order (or of the blocks whose indexes are given)."""
    indexes = range(len(doc.blocks)) if blocks is None else blocks
    out: list[Sentence] = []
    for i in indexes:
        out.extend(block_sentences(doc.blocks[i], i))
    return out
