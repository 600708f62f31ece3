"""The HTML report: self-contained pages, evidence anchors, highlights, and inert document text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.report_submissions import HOSTILE, PACK, batch, hostile, ledger_fail, summary_review
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Location, Problem
from pipeline.report import html
from pipeline.report.common import page_name


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    html.write(batch() + [hostile()], PACK, out)
    return out / "report"


def _page(out: Path, sub) -> str:
    return (out / page_name(sub)).read_text(encoding="utf-8")


def test_index_lists_every_submission_with_counts(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<tr data-status="') == 6
    for status in ("pass", "fail", "review", "error"):
        assert f'data-status="{status}"' in index
    assert '<div class="card st-fail"><b>2</b>' in index
    for sub in batch():
        assert f'href="{page_name(sub)}"' in index


def test_pages_are_self_contained(out):
    for page in out.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)=["\']?(https?:)?//', text), page.name
        assert "<style>" in text and "http://" not in text.replace("http://evil", "")


def test_page_names_are_safe_for_any_path(out):
    names = [p.name for p in out.iterdir()]
    assert all(re.fullmatch(r"(index|s-[0-9a-f]{16})\.html", n) for n in names), names


def test_submission_page_highlights_problems_by_category(out):
    text = _page(out, summary_review())
    marks = re.findall(r'<mark class="hl cat-(\w+)" id="(p\d+)"[^>]*>([^<]*)<sup class="conf">([^<]*)</sup>', text)
    assert [m[0] for m in marks] == ["work_style", "discipline", "implementation", "other"]
    assert marks[1][2] == "个别教师上班时间玩手机" and marks[1][3] == "纪律 88%"
    # the OCR caveat once: the verdict's reason says it, so neither the note nor a reader's line repeats it
    assert "文字来自扫描件识别（OCR）" in text and "ocr-note" not in text and text.count("OCR") == 1


def test_checklist_links_to_the_document_text(out):
    text = _page(out, ledger_fail())
    anchors = set(re.findall(r'href="#([\w-]+)"', text))
    ids = set(re.findall(r'id="([\w-]+)"', text))
    assert anchors and anchors <= ids
    # ledger-owner-deadline points at table 0, row 3, cell 4 (the empty owner cell)
    assert 'href="#b2-r3-c4"' in text and 'id="b2-r3-c4"' in text
    # a problem located in a table cell is highlighted in that cell
    assert re.search(r'<td id="b2-r1-c1"><mark class="hl cat-discipline"', text)


def test_copied_passages_are_marked(out):
    from fixtures.report_submissions import plan_fail

    text = _page(out, plan_fail())
    assert '<mark class="copied"' in text and "按照区教育局统一部署开展三找活动</mark>" in text


def test_problem_not_at_its_location_is_found_by_search(tmp_path):
    sub = summary_review()
    moved = Problem("园舍围墙存在安全隐患", "other", 0.4, Location(paragraph=0))
    from dataclasses import replace

    html.write([replace(sub, problems=(moved, Problem("文中没有的句子", "discipline", 0.9)))], PACK, tmp_path)
    text = (tmp_path / "report" / page_name(sub)).read_text(encoding="utf-8")
    assert '<mark class="hl cat-other" id="p0"' in text
    assert "文中没有的句子 <em>(未能在正文中定位)</em>" in text


def test_hostile_document_text_is_escaped(out):
    text = _page(out, hostile())
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in (text, index):
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert "{{ 7*7 }}" in text  # shown as written, never evaluated
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;{{ 7*7 }}&lt;img src=x onerror=alert(1)&gt;" in text
    assert text.count("<script>") == 1  # ours only


def test_english_pages(tmp_path):
    html.write(batch(), PACK, tmp_path, lang="en")
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "Campaign paperwork check" in index and ">needs review<" in index
    assert 'lang="en"' in index
    assert HOSTILE not in index


def test_index_is_written_last_and_stale_pages_go(tmp_path):
    subs = batch()
    html.write(subs, PACK, tmp_path)
    html.write(subs[:2], PACK, tmp_path)
    folder = tmp_path / "report"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["index.html", *(page_name(s) for s in subs[:2])])
    index_time = (folder / "index.html").stat().st_mtime_ns
    assert all(p.stat().st_mtime_ns <= index_time for p in folder.glob("s-*.html"))
    assert not list(tmp_path.rglob("*.tmp"))


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45), st.sampled_from(["problem", "copy"])),
                                      max_size=6))
def test_pieces_keep_the_text_whole_and_marks_apart(text, spans):
    marks = [html.Mark(min(a, b), max(a, b), kind) for a, b, kind in spans if max(a, b) <= len(text)]
    out = html.pieces(text, marks)
    assert "".join(p.text for p in out) == text
    marked = [p for p in out if p.mark is not None]
    assert all(p.text == text[p.mark.start:p.mark.end] for p in marked)
