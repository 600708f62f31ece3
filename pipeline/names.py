"""File names and text as a person can see them, whatever bytes a share holds.

Linux gives file names as bytes. Python turns bytes that are not UTF-8 (GBK
names from a Chinese Windows share) into lone surrogates (``os.fsdecode``,
surrogateescape), which round-trip to the same bytes but cannot be written to
a UTF-8 report, terminal or database. Inside papercheck a path on disk keeps
that lossless form (``Source.file``, the scan state); what a report shows is
``shown(path)``: a part of the name that is not UTF-8 but is valid GB18030 (the
superset of GBK that Chinese Windows writes) is shown as that Chinese, other
undecodable bytes become U+FFFD, and control characters (ESC,
BEL, newline, …) become visible symbols, so no name can colour a terminal,
forge a log line or break a spreadsheet. Text read from documents gets the same
treatment by ``clean`` (keeping tabs and line breaks). Every replacement is one
character for one, so character offsets into a text stay valid.
"""

from __future__ import annotations

import os
import re
from typing import Any

REPLACEMENT = "\ufffd"

# C0 controls shown as their Control Pictures (U+2400…): ␛ for ESC, ␇ for BEL, ␊ for a newline.
_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
# C1 controls (0x9B is a terminal's CSI), bidirectional overrides (names that read backwards),
# and the non-characters XML refuses: U+FFFD.
_OTHERS = dict.fromkeys([*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFFFE, 0xFFFF],
                        ord(REPLACEMENT))
_LINE = _PICTURES | _OTHERS  # a name or a table cell: one line, nothing invisible
_TEXT = {c: p for c, p in _PICTURES.items() if c not in (0x09, 0x0A, 0x0D)} | _OTHERS  # running text
_CJK = re.compile("[\u4e00-\u9fff]")
# What a misread Latin-1/Shift-JIS name turns into: rare ideographs outside GB2312's common block,
# private-use characters and GB18030's four-byte ranges (a GBK name never needs them).
_ODD = re.compile("[\ue000-\uf8ff\U00010000-\U0010ffff\u0080-\u00ff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def shown(path: str | os.PathLike[str]) -> str:
    """A path as reports show it: GBK parts as Chinese, other bytes that are not UTF-8 as U+FFFD, controls as symbols."""
    raw = os.fsencode(path)
    try:
        return one_line(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return one_line("/".join(_part(part) for part in raw.split(b"/")))


def _part(raw: bytes) -> str:
    """One path component: UTF-8, else GB18030 when that decodes cleanly to Chinese, else UTF-8 with U+FFFD."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
    # Latin-1 bytes (é = 0xE9) can also pair up as GB18030: accept only names that read as Chinese.
    return text if _CJK.search(text) and not _ODD.search(text) else raw.decode("utf-8", errors="replace")


def one_line(text: str) -> str:
    """Text that cannot leave its line or hide anything: every control character becomes a visible symbol."""
    if not _UNSAFE_LINE.search(text):
        return text
    return _SURROGATE.sub(REPLACEMENT, text).translate(_LINE)


def clean(text: str) -> str:
    """Running text safe for every output: tabs and line breaks kept, other control characters shown as symbols."""
    if not _UNSAFE_TEXT.search(text):
        return text
    return _SURROGATE.sub(REPLACEMENT, text).translate(_TEXT)


def clean_data(data: Any) -> Any:
    """``clean`` applied to every string in nested dicts and lists (a serialised submission)."""
    if isinstance(data, str):
        return clean(data)
    if isinstance(data, dict):
        return {k: clean_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [clean_data(v) for v in data]
    return data


def storable(path: str) -> str | bytes:
    """A path for a TEXT column: itself when it is valid UTF-8, else its exact bytes (a BLOB)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


def from_stored(value: str | bytes) -> str:
    """The path ``storable`` stored (bytes back to the OS's lossless str)."""
    return os.fsdecode(value) if isinstance(value, bytes) else value
