"""Word automatic numbering (numbering.xml) rendered the way Word shows it.

A numbered paragraph names a ``w:num`` (numId) and a level (ilvl). The num points
at an ``w:abstractNum`` whose ``w:lvl`` elements say how each level counts
(``w:start``, ``w:numFmt``, ``w:lvlRestart``, ``w:isLgl``) and how the label is
written (``w:lvlText``, ``%1``…``%9`` standing for the counters of levels 1…9).
Nums sharing an abstractNum share one set of counters, so two lists built from
the same definition continue each other's count; a num carrying a
``w:lvlOverride/w:startOverride`` is its own list that starts over.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Tag names, built once (an f-string per lookup costs real time over thousands of paragraphs).
_ABSTRACTNUM = f"{W}abstractNum"
_ABSTRACTNUMID = f"{W}abstractNumId"
_ISLGL = f"{W}isLgl"
_LVL = f"{W}lvl"
_LVLOVERRIDE = f"{W}lvlOverride"
_LVLRESTART = f"{W}lvlRestart"
_LVLTEXT = f"{W}lvlText"
_MC_ALTERNATECONTENT_FALLBACK_NUMFMT = f"{MC}AlternateContent/{MC}Fallback/{W}numFmt"
_NUM = f"{W}num"
_NUMFMT = f"{W}numFmt"
_NUMID = f"{W}numId"
_NUMSTYLELINK = f"{W}numStyleLink"
_PSTYLE = f"{W}pStyle"
_START = f"{W}start"
_STARTOVERRIDE = f"{W}startOverride"
_SUFF = f"{W}suff"
_VAL = f"{W}val"

LEVELS = 9
# Word starts a list at most at 32767; a file may say 10^15 (an upperRoman label of 10^12 "M"s).
MAX_START = 32767
_PLACEHOLDER = re.compile(r"%([1-9])")

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
               "nine": "ninth", "twelve": "twelfth"}


def _chinese(n: int, digits: str, ten: str, hundred: str, thousand: str, zero: str | None) -> str:
    """Chinese counting below 10 000: 十一, 二十一, 一百零一, 一千零十 (``zero`` None: no 零)."""
    if n < 10:
        return digits[n]
    if n < 20 and ten == "十":
        rest = n - 10
        return ten + (digits[rest] if rest else "")
    out: list[str] = []
    pending_zero = False
    for value, unit in ((1000, thousand), (100, hundred), (10, ten), (1, "")):
        d = (n // value) % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero and zero:
            out.append(zero)
        pending_zero = False
        out.append(digits[d] + unit)
    return "".join(out)


def _chinese_counting(n: int) -> str:
    """Word's chineseCounting: 一…十, 十一, 二十一; from 100 on, digit by digit (一〇一)."""
    if n < 100:
        return _chinese(n, _CN_DIGITS, "十", "百", "千", "零")
    return "".join(_CN_DIGITS[int(d)] for d in str(n))


def _english(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_EN_ONES[hundreds]} hundred" + (f" {_english(rest)}" if rest else "")
    return str(n)


def _english_ordinal(n: int) -> str:
    words = _english(n)
    head, sep, last = words.rpartition("-") if "-" in words else words.rpartition(" ")
    if last in _EN_ORDINAL:
        last = _EN_ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def _enclosed(n: int, first: int, fallback: str) -> str:
    return chr(first + n - 1) if 1 <= n <= 20 else fallback.format(n)


def format_number(n: int, fmt: str) -> str:
    """One counter value in one of Word's number formats (unknown formats: decimal)."""
    if fmt in ("decimal", "decimalHalfWidth") or n <= 0 and fmt not in ("decimalZero", "none", "bullet"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none" or fmt == "bullet":
        return ""
    if fmt in ("chineseCounting", "taiwaneseCounting"):
        return _chinese_counting(n) if n < 10000 else str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand"):  # LibreOffice writes the latter for 一, 二, 三
        return _chinese(n, _CN_DIGITS, "十", "百", "千", "零") if n < 10000 else str(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL_DIGITS, "拾", "佰", "仟", "零") if n < 10000 else str(n)
    if fmt == "japaneseCounting":
        # No 零, and no 一 before a unit: 百一, 千十.
        return re.sub("一(?=[十百千])", "", _chinese(n, _CN_DIGITS, "十", "百", "千", None)) if n < 10000 else str(n)
    if fmt == "ideographTraditional":
        return _IDEOGRAPH_TRADITIONAL[n - 1] if n <= 10 else str(n)
    if fmt == "ideographZodiac":
        return _IDEOGRAPH_ZODIAC[n - 1] if n <= 12 else str(n)
    if fmt in ("upperLetter", "lowerLetter") and n <= 780:
        # Word repeats the letter past Z: 27 → AA, 28 → BB, 53 → AAA.
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n < 4000:  # beyond MMMCMXCIX Word writes digits too
        out = []
        rest = n
        for value, numeral in _ROMAN:
            while rest >= value:
                out.append(numeral)
                rest -= value
        roman = "".join(out)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n, 0x2460, "({})")
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474, "({})")
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488, "{}.")
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "cardinalText":
        return _english(n).capitalize()
    if fmt == "ordinalText" and n < 1000:
        return _english_ordinal(n).capitalize()
    if fmt in ("ordinal", "ordinalText"):
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


def _bullet_text(text: str) -> str:
    """Symbol/Wingdings bullets live in the private-use area; show them as a plain bullet."""
    return "".join("•" if 0xF000 <= ord(ch) <= 0xF0FF else ch for ch in text)


@dataclass(frozen=True)
class Level:
    """One ``w:lvl`` of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str | None = None  # w:lvlText; None when absent (Word then shows nothing)
    restart: int | None = None  # w:lvlRestart (1-based level; 0 = never restart)
    legal: bool = False  # w:isLgl: every counter in the label as decimal
    suffix: str = "tab"  # w:suff: tab, space, nothing
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


@dataclass
class _Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # whole-level overrides
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_VAL, default)


def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    try:
        return int(_val(el) or "")
    except ValueError:
        return default


def _start(value: int | None) -> int:
    """A list's start value, kept within what Word allows (0…MAX_START)."""
    return min(max(value or 0, 0), MAX_START)


def _on(el: etree._Element | None) -> bool:
    return el is not None and _val(el, "true") not in ("0", "false", "off")


def _parse_level(lvl: etree._Element) -> Level:
    num_fmt = lvl.find(_NUMFMT)
    if num_fmt is None:
        # Word 2010 custom formats sit in mc:AlternateContent; the Fallback is standard.
        num_fmt = lvl.find(_MC_ALTERNATECONTENT_FALLBACK_NUMFMT)
    text = lvl.find(_LVLTEXT)
    return Level(
        start=_start(_int(lvl.find(_START), 1)),
        fmt=_val(num_fmt, "decimal") or "decimal",
        text=None if text is None else _val(text, "") or "",
        restart=_int(lvl.find(_LVLRESTART)),
        legal=_on(lvl.find(_ISLGL)),
        suffix=_val(lvl.find(_SUFF), "tab") or "tab",
        style=_val(lvl.find(_PSTYLE)),
    )


def _levels(parent: etree._Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in parent.iterfind(_LVL):
        ilvl = _int_attr(lvl, "ilvl")
        if ilvl is not None and 0 <= ilvl < LEVELS:
            out[ilvl] = _parse_level(lvl)
    return out


def _int_attr(el: etree._Element, name: str) -> int | None:
    try:
        return int(el.get(f"{W}{name}") or "")
    except ValueError:
        return None


@dataclass(frozen=True)
class Numbered:
    """The label Word shows before one paragraph."""

    label: str
    level: int
    suffix: str


class Numbering:
    """The lists of one document, and the counters as the paragraphs go by.

    ``style_num`` maps a numbering style id (``w:numStyleLink``) to the numId its
    style carries, so a list defined through a list style can be followed.
    """

    def __init__(self, root: etree._Element | None, style_num: Callable[[str], str | None]) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}
        self._nums: dict[str, _Num] = {}
        self._style_num = style_num
        self._counters: dict[tuple[str, str], list[int | None]] = {}
        if root is None:
            return
        for abstract in root.iterfind(_ABSTRACTNUM):
            aid = abstract.get(_ABSTRACTNUMID)
            if aid is None:
                continue
            self._abstracts[aid] = _levels(abstract)
            link = _val(abstract.find(_NUMSTYLELINK))
            if link:
                self._style_links[aid] = link
        for num in root.iterfind(_NUM):
            nid = num.get(_NUMID)
            aid = _val(num.find(_ABSTRACTNUMID))
            if nid is None or aid is None:
                continue
            entry = _Num(aid)
            for override in num.iterfind(_LVLOVERRIDE):
                ilvl = _int_attr(override, "ilvl")
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    continue
                start = _int(override.find(_STARTOVERRIDE))
                if start is not None:
                    entry.starts[ilvl] = _start(start)
                lvl = override.find(_LVL)
                if lvl is not None:
                    entry.levels[ilvl] = _parse_level(lvl)
            self._nums[nid] = entry

    def for_document(self, style_num: Callable[[str], str | None]) -> Numbering:
        """These list definitions (read-only once parsed) with fresh counters, for another document."""
        other = copy.copy(self)
        other._style_num = style_num
        other._counters = {}
        return other

    def _abstract_id(self, num: _Num) -> str:
        """Follow w:numStyleLink (list styles) to the abstractNum that holds the levels."""
        aid = num.abstract
        for _ in range(4):
            link = self._style_links.get(aid)
            if link is None:
                break
            nid = self._style_num(link)
            target = self._nums.get(nid or "")
            if target is None or target.abstract == aid:
                break
            aid = target.abstract
        return aid

    def levels(self, num_id: str) -> dict[int, Level] | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        levels = dict(self._abstracts.get(self._abstract_id(num), {}))
        levels.update(num.levels)
        return levels

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level bound to a paragraph style (w:lvl/w:pStyle), e.g. Heading 2 → 1."""
        for ilvl, lvl in (self.levels(num_id) or {}).items():
            if lvl.style == style_id:
                return ilvl
        return None

    def next(self, num_id: str, ilvl: int) -> Numbered | None:
        """Advance the counters for one numbered paragraph and render its label."""
        num = self._nums.get(num_id)
        levels = self.levels(num_id)
        if num is None or levels is None:
            return None
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        key = ("num", num_id) if num.starts else ("abstract", self._abstract_id(num))
        counters = self._counters.setdefault(key, [None] * LEVELS)

        def start(j: int) -> int:
            if j in num.starts:
                return num.starts[j]
            return levels[j].start if j in levels else 1

        current = counters[ilvl]
        counters[ilvl] = start(ilvl) if current is None else current + 1
        for k in range(ilvl + 1, LEVELS):
            restart = levels[k].restart if k in levels else None
            if restart is None or (restart != 0 and ilvl < restart):
                counters[k] = None

        lvl = levels.get(ilvl, Level())
        text = lvl.text or ""
        if lvl.fmt == "bullet":
            return Numbered(_bullet_text(text), ilvl, lvl.suffix)

        def render(match: re.Match[str]) -> str:
            j = int(match.group(1)) - 1
            value = counters[j]
            if value is None:
                value = start(j)
            fmt = levels[j].fmt if j in levels else "decimal"
            if lvl.legal and fmt not in ("none", "bullet"):
                fmt = "decimal"
            return format_number(value, fmt)

        return Numbered(_PLACEHOLDER.sub(render, text), ilvl, lvl.suffix)


__all__ = ["Level", "Numbered", "Numbering", "format_number"]
