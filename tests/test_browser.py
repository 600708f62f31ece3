"""The HTML report in a real headless Chromium, opened from disk as an office PC would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures.report_submissions import PACK, batch, hostile

from pipeline.report import html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on this machine (apt install chromium)")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extras")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    return html.write(batch() + [hostile()], PACK, out)


def _visible(page) -> list[str]:
    return page.eval_on_selector_all("#summary tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.status)")


def test_filter_sort_open_page_and_find_highlights(browser, index):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(index.as_uri())
    assert len(_visible(page)) == 6

    page.select_option("#f-status", "fail")
    assert _visible(page) == ["fail", "fail"]
    assert "2" in page.inner_text("#shown")
    page.select_option("#f-status", "")
    page.select_option("#f-category", "discipline")
    assert sorted(_visible(page)) == ["fail", "review"]
    page.select_option("#f-category", "")
    page.fill("#f-text", "城南")
    assert _visible(page) == ["review"]
    page.fill("#f-text", "")

    # sort by error count, descending on the second click
    header = page.locator("#summary th[data-key=errors]")
    header.click()
    header.click()
    first = page.eval_on_selector("#summary tbody tr", "r => r.cells[6].textContent.trim()")
    assert first == "2"

    page.fill("#f-text", "城南")
    page.click("#summary tbody tr:not([hidden]) a.page-link")
    page.wait_for_load_state()
    marks = page.locator("mark.hl")
    assert marks.count() == 4
    assert sorted(marks.evaluate_all("ms => ms.map(m => m.dataset.category)")) == [
        "discipline", "implementation", "other", "work_style"]
    assert page.locator("mark.hl.cat-discipline").inner_text().startswith("个别教师上班时间玩手机")
    # a highlighted problem has a colour of its own
    bg = page.eval_on_selector("mark.hl.cat-discipline", "m => getComputedStyle(m).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # an evidence link jumps to the paragraph it names
    page.click("#checklist a.loc")
    assert page.evaluate("location.hash") == "#b1"
    assert errors == []
    assert all(u.startswith(("file://", "data:", "about:")) for u in requests), requests


def test_hostile_page_runs_nothing(browser, index):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    from pipeline.report.common import page_name

    page.goto((index.parent / page_name(hostile())).as_uri())
    page.wait_for_load_state()
    assert dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # the report's own
    assert "<script>alert('x')</script>{{ 7*7 }}" in page.inner_text("#document")


# --- accessibility, small screens, print, OCR pages (issue 16) ------------------------------------------------

CONTRAST = """() => {
  function rgb(s) { const m = s.match(/[\\d.]+/g) || []; return m.map(Number); }
  function lum(c) { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
  function background(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c;
    }
    return [255, 255, 255];
  }
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || el.closest(".sr-only")) continue;
    const fg = lum(rgb(st.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < need) bad.push(node.textContent.trim().slice(0, 20) + " " + ratio.toFixed(2) + " " + st.color);
  }
  return bad;
}"""


def test_every_text_meets_wcag_aa_contrast(browser, index):
    from pipeline.report.common import page_name

    page = browser.new_page()
    for target in (index, index.parent / page_name(batch()[2])):
        page.goto(target.as_uri())
        assert page.evaluate(CONTRAST) == [], target.name
    page.goto(index.as_uri())
    page.add_style_tag(content="td.zero { color: #bbb !important; }")  # the old grey: the check sees it
    assert any(" 1.9" in bad for bad in page.evaluate(CONTRAST))


def test_headers_sort_from_the_keyboard_and_say_so(browser, index):
    page = browser.new_page()
    page.goto(index.as_uri())
    assert page.locator("#summary th[aria-sort=none]").count() == page.locator("#summary th").count()
    button = page.locator("#summary th[data-key=errors] button")
    button.focus()
    page.keyboard.press("Enter")
    assert page.get_attribute("#summary th[data-key=errors]", "aria-sort") == "ascending"
    page.keyboard.press(" ")
    assert page.get_attribute("#summary th[data-key=errors]", "aria-sort") == "descending"
    assert page.eval_on_selector("#summary tbody tr", "r => r.cells[6].textContent.trim()") == "2"
    page.keyboard.press("Tab")  # on to the next heading's button
    assert page.evaluate("document.activeElement.closest('th').dataset.key") == "warnings"


def test_filters_survive_a_reload_and_nothing_matching_says_so(browser, index):
    page = browser.new_page()
    page.goto(index.as_uri())
    assert page.is_hidden("#none")
    page.select_option("#f-status", "fail")
    page.fill("#f-text", "不存在的学校")
    assert page.is_visible("#none") and _visible(page) == []
    page.fill("#f-text", "")
    assert "status=fail" in page.evaluate("location.hash")
    page.reload()
    assert page.input_value("#f-status") == "fail" and _visible(page) == ["fail", "fail"]


def test_usable_at_400_px(browser, index):
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(index.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # nothing runs off the side
    card = page.locator("#summary tbody tr").first
    assert card.bounding_box()["width"] <= 400
    label = card.locator("td.school").evaluate("td => getComputedStyle(td, '::before').content")
    assert "学校" in label  # each value under its column's name
    page.select_option("#f-status", "fail")
    assert _visible(page) == ["fail", "fail"]


def test_print_hides_the_controls_on_a4(browser, index, tmp_path):
    page = browser.new_page()
    page.goto(index.as_uri())
    page.emulate_media(media="print")
    assert page.is_hidden("#filters")
    pdf = tmp_path / "index.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        first = doc.pages[0]
        assert (round(first.width), round(first.height)) == (842, 595)  # A4 landscape, in points
        assert "搜索文件或学校" not in (first.extract_text() or "")


def test_a_scan_shows_each_page_beside_its_text_and_the_ocr_caveat_once(browser, tmp_path):
    from dataclasses import replace

    from fixtures.report_submissions import summary_review

    from pipeline.model import PageImage
    from pipeline.report.common import page_name

    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    sub = summary_review()
    sub = replace(sub, document=replace(sub.document, page_images=(PageImage(1, pixel), PageImage(2, pixel))))
    html.write([sub], PACK, tmp_path)
    page = browser.new_page()
    page.goto((tmp_path / "report" / page_name(sub)).as_uri())
    assert page.locator(".ocr-page").count() == 2
    first = page.locator("#page-1")
    assert first.locator("img").get_attribute("alt") == "原件第 1 页"
    image, text = first.locator("figure").bounding_box(), first.locator(".doc").bounding_box()
    assert image["x"] + image["width"] <= text["x"] + 1  # beside, not above
    assert page.locator("mark.hl").count() >= 1
    body = page.inner_text("main")
    assert body.count("OCR") == 1
