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
