"""Dates as Chinese official documents write them, normalised to ISO.

A document date (成文日期) is a day: ``2013年8月29日``, ``二〇一三年八月二十九日``,
``2013.8.29``, ``2013-08-29`` → ``2013-08-29``. A stage or deadline is a month
range: ``2013年7月—8月``, ``7—8月`` (year from context), ``2013.7-2013.8``,
``九月至十月``, ``次年1月至3月``, ``2014年1月-3月`` → ``("2013-07", "2013-08")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／～", "0123456789.-/~")

_CN = "〇○零Ｏ一二两三四五六七八九十"
_NUM = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_YEAR = rf"(?:\d{{4}}|[{_CN}]{{4}})"


def cn_numeral(n: int) -> str:
    """1..99 in Chinese numerals (3 → 三, 12 → 十二, 20 → 二十)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def cn_number(text: str) -> int | None:
    """``二十九`` → 29, ``十`` → 10, ``08`` → 8, ``二〇一三`` → 2013; None if not a number."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        t = _CN_DIGITS.get(tens, -1) if tens else 1
        u = _CN_DIGITS.get(units, -1) if units else 0
        return None if t < 0 or u < 0 or len(tens) > 1 or len(units) > 1 else t * 10 + u
    digits = [_CN_DIGITS.get(c) for c in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


# --- document dates ------------------------------------------------------------

_DAY_PATTERNS = (
    re.compile(rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_NUM})\s*月\s*(?P<d>{_NUM})\s*[日号]"),
    re.compile(r"(?<![\d.])(?P<y>\d{4})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})(?![\d.])"),
)


@dataclass(frozen=True)
class DateMatch:
    iso: str
    start: int
    end: int


def find_days(text: str) -> list[DateMatch]:
    """Every full date (year, month, day) in ``text``, in order, as ISO ``YYYY-MM-DD``."""
    text = text.translate(_FULLWIDTH)
    found: list[DateMatch] = []
    for pattern in _DAY_PATTERNS:
        for m in pattern.finditer(text):
            y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
            valid = bool(y and mo and d and 1900 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31)
            if valid and not any(f.start <= m.start() < f.end for f in found):
                found.append(DateMatch(f"{y:04d}-{mo:02d}-{d:02d}", m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def parse_day(text: str) -> str | None:
    """The first full date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    days = find_days(text)
    return days[0].iso if days else None


# --- month ranges -----------------------------------------------------------------

_NEXT_YEAR = "(?:次年|明年|翌年|下年)"
_POINT_YEAR = rf"(?:{_NEXT_YEAR}|{_YEAR}\s*年|\d{{4}}\s*[.．/\-](?=\s*\d))"
_MONTH_TAIL = r"(?:\s*月份?(?:\s*\d{1,2}\s*[日号])?(?:[上中下]旬|底|初|末|中)?)"
_SEP = r"\s*(?:—+|–|－|-|~|～|至|到|一(?=\s*\d)|──)\s*"
_RANGE = re.compile(
    rf"(?P<y1>{_POINT_YEAR})?\s*(?P<m1>{_NUM})(?P<t1>{_MONTH_TAIL})?"
    rf"{_SEP}"
    rf"(?P<y2>{_POINT_YEAR})?\s*(?P<m2>{_NUM})(?P<t2>{_MONTH_TAIL})?"
)
_SINGLE = re.compile(rf"(?P<y1>{_POINT_YEAR})?\s*(?P<m1>{_NUM})\s*月")


@dataclass(frozen=True)
class MonthRange:
    start: str  # YYYY-MM
    end: str
    text: str
    pos: int


def _year_of(token: str | None, context_year: int | None) -> int | None:
    if not token:
        return None
    token = token.strip()
    if re.fullmatch(_NEXT_YEAR, token):
        return context_year + 1 if context_year else None
    return cn_number(re.sub(r"[年.．/\-\s]", "", token))


def find_month_ranges(text: str, year: int | None = None, after: str | None = None) -> list[MonthRange]:
    """Every month range (or single month) in ``text``.

    ``year`` is the year in force where the text gives none; ``after`` (``YYYY-MM``)
    is the end of the previous range, so ``1—3月`` after ``2013-12`` is in 2014.
    """
    text = text.translate(_FULLWIDTH)
    out: list[MonthRange] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        # a range needs a month word or a dotted year somewhere, else "1-3" is any numbers
        if not (m["t1"] or m["t2"]) and not (m["y1"] and m["y2"]):
            continue
        if m["t1"] and "日" in m["t1"] and not m["t2"]:
            continue  # "8月29日-30" is a span of days
        r = _month_range(m["y1"], m["m1"], m["y2"], m["m2"], year, after)
        if r:
            out.append(MonthRange(r[0], r[1], m.group(0).strip(), m.start()))
            taken.append((m.start(), m.end()))
    for m in _SINGLE.finditer(text):
        if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
            continue
        r = _month_range(m["y1"], m["m1"], None, m["m1"], year, after)
        if r:
            out.append(MonthRange(r[0], r[1], m.group(0).strip(), m.start()))
    return sorted(out, key=lambda r: r.pos)


def _month_range(y1: str | None, m1: str, y2: str | None, m2: str,
                 year: int | None, after: str | None) -> tuple[str, str] | None:
    mo1, mo2 = cn_number(m1), cn_number(m2)
    if not mo1 or not mo2 or not (1 <= mo1 <= 12 and 1 <= mo2 <= 12):
        return None
    context = year
    if after and year is None:
        context = int(after[:4])
    start_year = _year_of(y1, context)
    if start_year is None:
        if context is None:
            return None
        start_year = context
        # a bare month that comes before the previous range's end rolls into the next year
        if after and f"{start_year:04d}-{mo1:02d}" < after:
            start_year += 1
    end_year = _year_of(y2, start_year)
    if end_year is None:
        end_year = start_year + 1 if mo2 < mo1 else start_year
    if not (1900 < start_year < 2100 and 1900 < end_year < 2100):
        return None
    start, end = f"{start_year:04d}-{mo1:02d}", f"{end_year:04d}-{mo2:02d}"
    if end < start:
        return None
    return start, end


def parse_month_range(text: str, year: int | None = None, after: str | None = None) -> tuple[str, str] | None:
    """The first month range in ``text`` as ``(start, end)`` ISO ``YYYY-MM``, or None."""
    found = find_month_ranges(text, year, after)
    return (found[0].start, found[0].end) if found else None


def parse_deadline(text: str, year: int | None = None) -> str | None:
    """A deadline cell (``2013年10月底``, ``10月30日前``, ``2013.10``) as ISO day or month."""
    day = parse_day(text)
    if day:
        return day
    r = parse_month_range(text, year)
    return r[1] if r else None
