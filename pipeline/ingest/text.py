"""Plain-text submissions: UTF-8 (with or without BOM), UTF-16, GB18030/GBK; CRLF/CR line ends."""

from __future__ import annotations

import re

from ..errors import EmptyFile
from ..model import Block, BlockKind, Document, Location
from . import sha256
from .layout import split_label

MAX_TEXT_BYTES = 10 * 1024 * 1024  # some 3 million Chinese characters; a plan is a few thousand
SNIFF_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Characters ordinary Chinese official text is made of: ASCII, CJK, CJK/full-width punctuation.
_ORDINARY = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u2150-\u218f\u2460-\u24ff\u2500-\u257f"
                       r"\u25a0-\u25ff\u2600-\u26ff\u3000-\u303f\u3040-\u30ff\u3200-\u32ff\u3400-\u4dbf"
                       r"\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def decode(data: bytes) -> tuple[str, str] | None:
    """The text and its encoding, or None when the bytes are not text."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(enc), enc)
            except UnicodeDecodeError:
                return None
    utf16 = _utf16_without_bom(data)
    candidates = ([utf16] if utf16 else []) + ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        checked = _checked(text, enc)
        if checked is not None:
            return checked
    return _normalizer_guess(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a zero in every other byte for ASCII-heavy text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zero = sample[0::2].count(0) / (len(sample) / 2)
    odd_zero = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, enc: str) -> tuple[str, str] | None:
    """Accept a decoding only when it reads like text, not like decoded binary."""
    if not text:
        return text, enc
    if _CONTROL.subn("", text)[1] > max(2, len(text) // 200):  # counted without a list of matches
        return None
    unusual = len(_ORDINARY.sub("", text))
    if unusual > 0.05 * len(text):
        return None
    return text, enc


def looks_like_text(data: bytes) -> bool:
    """Whether data starts like text, judged on its first SNIFF_BYTES (a cut character at the end is allowed)."""
    if len(data) <= SNIFF_BYTES:
        return decode(data) is not None
    sample = data[:SNIFF_BYTES]
    return any(decode(sample[:len(sample) - cut]) is not None for cut in range(4))


def _normalizer_guess(data: bytes) -> tuple[str, str] | None:
    """Tie-breaker for the rarer encodings (Big5, …): charset-normalizer, then our text check."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return _checked(data.decode(best.encoding), best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def read(data: bytes, path: str) -> Document:
    """Each non-empty line is a paragraph (Chinese official text puts one paragraph per line)."""
    if len(data) > MAX_TEXT_BYTES:  # before decoding: a 190 MB line became 4 GB of decoding attempts
        from ..errors import TooLargeFile

        raise TooLargeFile(path, f"文本文件 {len(data) // (1024 * 1024)} MB，上限 {MAX_TEXT_BYTES // (1024 * 1024)} MB")
    decoded = decode(data)
    if decoded is None:
        from ..errors import UnsupportedFile

        raise UnsupportedFile(path, "not text")
    text, encoding = decoded
    lines = [ln.strip(" \t\u3000\ufeff") for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise EmptyFile(path)
    blocks = []
    for i, ln in enumerate(lines):
        label, rest, level = split_label(ln)
        blocks.append(Block(BlockKind.PARAGRAPH, rest, Location(paragraph=i), label=label, level=level))
    notes = () if encoding in ("utf-8", "gb18030", "utf-16-le", "utf-16-be") else (f"文本编码按 {encoding} 猜测读取",)
    return Document(path=path, format="txt", sha256=sha256(data), blocks=tuple(blocks), notes=notes)
