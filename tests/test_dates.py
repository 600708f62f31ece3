import re

import pytest

from pipeline.understand.dates import cn_number, find_month_ranges, parse_day, parse_deadline, parse_month_range


@pytest.mark.parametrize("text, iso", [
    ("2013年8月29日", "2013-08-29"),
    ("二〇一三年八月二十九日", "2013-08-29"),
    ("二○一三年十月十日", "2013-10-10"),
    ("2013.8.29", "2013-08-29"),
    ("2013-08-29", "2013-08-29"),
    ("2013/8/9", "2013-08-09"),
    ("落款 ２０１３年９月１日", "2013-09-01"),
    ("2013 年 8 月 29 日", "2013-08-29"),
])
def test_document_dates(text, iso):
    assert parse_day(text) == iso


@pytest.mark.parametrize("text", ["2013年13月1日", "第2.5项", "7月—8月", "2013年8月"])
def test_not_a_day(text):
    assert parse_day(text) is None


@pytest.mark.parametrize("text, year, after, expected", [
    ("2013年7月—8月", None, None, ("2013-07", "2013-08")),
    ("（7—8月）", 2013, None, ("2013-07", "2013-08")),
    ("2013.7-2013.8", None, None, ("2013-07", "2013-08")),
    ("九月至十月", 2013, None, ("2013-09", "2013-10")),
    ("次年1月至3月", 2013, None, ("2014-01", "2014-03")),
    ("2014年1月-3月", None, None, ("2014-01", "2014-03")),
    ("2013年11月—2014年2月", None, None, ("2013-11", "2014-02")),
    ("1—3月", 2013, "2013-12", ("2014-01", "2014-03")),  # runs on after the previous stage
    ("11月至次年1月", 2013, None, ("2013-11", "2014-01")),
    ("2013年9月上旬—10月底", None, None, ("2013-09", "2013-10")),
    ("时间：2013年9月", None, None, ("2013-09", "2013-09")),
])
def test_month_ranges(text, year, after, expected):
    assert parse_month_range(text, year, after) == expected


def test_bare_numbers_are_not_ranges():
    assert find_month_ranges("共1-3人参加，第2-4项", 2013) == []


def test_bare_month_needs_a_year():
    assert parse_month_range("7—8月") is None


def test_chinese_numbers():
    assert [cn_number(t) for t in ("十", "十二", "二十九", "三十一", "二〇一四", "07")] == [10, 12, 29, 31, 2014, 7]
    assert cn_number("十十") is None


@pytest.mark.parametrize("text, iso", [
    ("2013年10月底", "2013-10"), ("10月30日前", "2013-10"), ("2013年10月30日", "2013-10-30"), ("长期坚持", None),
])
def test_deadlines(text, iso):
    assert parse_deadline(text, 2013) == iso


from hypothesis import given, settings
from hypothesis import strategies as st

_DATEISH = st.text(alphabet="0123456789年月日至到—-.．/一二三四五六七八九十〇次底上旬 ", max_size=30)


@settings(max_examples=200, deadline=None)
@given(_DATEISH, st.one_of(st.none(), st.integers(1990, 2030)))
def test_ranges_never_crash_and_never_run_backwards(text, year):
    for r in find_month_ranges(text, year):
        assert r.start <= r.end
        for month in (r.start, r.end):  # a real month the reports can print and compare
            assert re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", month), (text, r)
        assert r.text and r.text in text.replace("．", "."), (text, r)  # the evidence is what the text says
    day = parse_day(text)
    # a day the reports can print: never 2013-13-01 or 2013-08-32 (2月30日 is kept as written, see issue 15's note)
    assert day is None or re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", day), (text, day)


@pytest.mark.parametrize("text, expected", [
    ("12月—次年2月", ("2013-12", "2014-02")),
    ("12月至次年1月", ("2013-12", "2014-01")),
    ("12月—2月", ("2013-12", "2014-02")),  # an end month before the start month is next year's
    ("十二月", ("2013-12", "2013-12")),
    ("12月", ("2013-12", "2013-12")),
])
def test_december_starts_a_range_into_the_next_year(text, expected):
    assert parse_month_range(text, 2013) == expected


@pytest.mark.parametrize("n, words", [(1, "一"), (3, "三"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"),
                                      (29, "二十九"), (99, "九十九"), (0, "0"), (100, "100")])
def test_chinese_numerals_for_counts_in_messages(n, words):
    """有问题不属于作风、纪律、落实三类: the count in a review reason is written in Chinese numerals."""
    from pipeline.understand.dates import cn_numeral

    assert cn_numeral(n) == words
    assert n == 0 or n >= 100 or cn_number(words) == n


# --- month ranges at their edges (gaps make mutate found) ------------------------------------------------


@pytest.mark.parametrize("text, year, after, expected", [
    ("2013年9月至2014年10月", None, None, ("2013-09", "2014-10")),  # the end's own year, not the start's
    ("9月至次年10月", 2013, None, ("2013-09", "2014-10")),
    ("1—3月", None, "2013-12", ("2014-01", "2014-03")),  # no year given: the previous stage's, run on
    ("9—10月", 2013, "2013-09", ("2013-09", "2013-10")),  # starts in the month the previous one ended: same year
    ("1月", 2013, "2013-12", ("2014-01", "2014-01")),  # a single month runs on too
    ("2099年11月—12月", None, None, ("2099-11", "2099-12")),
    ("1901年1月—2月", None, None, ("1901-01", "1901-02")),
])
def test_month_ranges_take_the_year_the_text_means(text, year, after, expected):
    assert parse_month_range(text, year, after) == expected


@pytest.mark.parametrize("text, year", [
    ("13月至12月", 2013), ("11月至13月", 2013), ("十十月至三月", 2013),  # no such month
    ("2100年1月—2月", None), ("2099年12月—2100年1月", None), ("1900年1月—2月", None),  # no such campaign year
    ("次年1月至3月", None),  # next year of an unknown year
    ("2013.7-8", None),  # 2013.7-8 may be a day (7月8日): a dotted range needs both years
])
def test_what_is_not_a_month_range(text, year):
    found = find_month_ranges(text, year)  # a valid single month inside may still be found, never the range
    assert all(r.start == r.end and "-13" not in r.start and r.start[:4] not in ("1900", "2100") for r in found), found


def test_every_range_in_a_text_in_the_order_written():
    """A span of days, a count and a single month do not hide the ranges after them; ranges come in text order."""
    text = "8月29日-30日召开动员会，共1-3人发言；9月启动，2013年10月—11月整改，12月总结"
    found = find_month_ranges(text, 2013)
    assert [(r.start, r.end, r.text) for r in found] == [
        ("2013-08", "2013-08", "8月"), ("2013-09", "2013-09", "9月"), ("2013-10", "2013-11", "2013年10月—11月"),
        ("2013-12", "2013-12", "12月")]
    assert [text[r.pos:r.pos + len(r.text)] for r in found] == [r.text for r in found]
