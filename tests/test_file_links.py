"""Every link to a submitted file opens that file: xlsx hyperlinks and the HTML pages, for `check` and `scan`.

Regression: the links were computed against the staging folder the reports are
written in (``out/.staging-PID/``), one level deeper than where they are read,
so every one pointed at a file that does not exist.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlparse

import openpyxl
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

PLAN = "第一中学“三找”活动实施方案\n一、总体要求\n认真开展活动。\n二、组织领导\n组长：张明\n"
NAMES = ("第一中学/第一中学三找实施方案.txt", "第二中学 方案#2.txt")  # a space and a '#' must survive the URL
GBK = "第三中学三找方案.txt"  # on disk in GBK bytes, as a Chinese Windows share writes it


def gbk_file(folder: Path) -> Path:
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + GBK.encode("gbk")))


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=180, check=False, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})


@pytest.fixture(scope="module", params=["check", "scan"])
def reports(request, tmp_path_factory) -> tuple[str, Path, Path]:
    """(command, the reports folder, the submissions folder), the folders at different depths, paths relative."""
    work = tmp_path_factory.mktemp(request.param)
    submitted = work / "收到的材料"
    for name in NAMES:
        (submitted / name).parent.mkdir(parents=True, exist_ok=True)
        (submitted / name).write_text(PLAN.replace("第一中学", name[:4]), encoding="utf-8")
    gbk_file(submitted).write_text(PLAN.replace("第一中学", "第三中学"), encoding="utf-8")
    out = Path("结果") / "2024秋"
    if request.param == "check":
        done = _run(work, "check", "收到的材料", "--out", str(out), "--quiet", "--workers", "1")
    else:
        done = _run(work, "scan", "收到的材料", "--state", "state/state.db", "--out", str(out), "--quiet",
                    "--workers", "1")
    assert done.returncode == 0, done.stderr
    return request.param, work / out, submitted


def _path_of(url: str) -> Path:
    assert url.startswith("file://"), url
    return Path(os.fsdecode(unquote_to_bytes(urlparse(url).path)))  # the bytes the browser asks the OS for


def test_xlsx_file_links_resolve_to_the_submitted_files(reports):
    _, out, submitted = reports
    ws = openpyxl.load_workbook(out / "report.xlsx")["汇总"]
    col = [c.value for c in ws[2]].index("文件") + 1  # row 1 is the title
    targets = {}
    for row in range(3, ws.max_row + 1):
        cell = ws.cell(row, col)
        if cell.hyperlink is not None:  # a name with '#' stays text: Excel would read it as an anchor
            target = cell.hyperlink.target.replace("\\", "/")
            if "%" in target:  # a name that is not UTF-8 is linked by its percent-encoded bytes
                target = os.fsdecode(unquote_to_bytes(target))
            targets[cell.value] = (out / target).resolve()
    assert targets["第一中学三找实施方案.txt"] == (submitted / NAMES[0]).resolve()
    assert targets[GBK] == gbk_file(submitted).resolve()
    assert all(t.is_file() for t in targets.values())


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium binary on this machine (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extras")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_clicking_a_file_link_opens_the_file(reports, browser):
    _, out, submitted = reports
    page = browser.new_page()
    for name, wanted in [*((n, (submitted / n).resolve()) for n in NAMES), (GBK, gbk_file(submitted).resolve())]:
        page.goto((out / "report" / "index.html").as_uri())
        row = page.locator("#summary tbody tr", has_text=Path(name).name)
        row.locator("a.file-link").click()
        page.wait_for_load_state()
        assert _path_of(page.url) == wanted
        assert "总体要求" in page.inner_text("body")  # the browser shows the submitted text itself

        page.go_back()
        page.locator("#summary tbody tr", has_text=Path(name).name).locator("a.page-link").click()
        page.wait_for_load_state()
        page.locator("header a.file-link").click()
        page.wait_for_load_state()
        assert _path_of(page.url) == wanted
        assert "组长" in page.inner_text("body")
