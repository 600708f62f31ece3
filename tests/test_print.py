"""report.xlsx printed: every 汇总 page readable (8 pt or more), with the title and a page number.

Regression: 汇总 printed at about 3 pt (19 columns squeezed onto one page width)
with no title, header/footer or page numbers. Rendered here as an office PC
would print it: LibreOffice to PDF, then the size of every character measured.
LibreOffice without Calibri draws column units wider than Excel does, so this is
the worst case.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from fixtures.report_submissions import PACK, batch

from pipeline.report import xlsx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="no LibreOffice on this machine")


def _pdf(xlsx_path: Path, tmp: Path) -> Path:
    profile = (tmp / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(xlsx_path)], capture_output=True, timeout=180, check=False)
    pdf = tmp / (xlsx_path.stem + ".pdf")
    if not pdf.exists():
        pytest.skip("LibreOffice cannot open .xlsx here (apt install libreoffice-calc-nogui)")
    return pdf


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_summary_page_is_readable_with_title_and_page_number(tmp_path, lang):
    subs = batch() * 8  # 48 rows: several pages
    path = xlsx.write(subs, PACK, tmp_path, lang=lang)
    title = xlsx.summary_title(PACK, lang)
    header = "缺少的内容" if lang == "zh" else "What is missing"
    with pdfplumber.open(_pdf(path, tmp_path)) as pdf:
        pages = [p for p in pdf.pages if header in (p.extract_text() or "").replace("\n", " ")[:2000]]
        assert len(pages) >= 2
        for number, page in enumerate(pages, 1):
            text = page.extract_text() or ""
            body = [c for c in page.chars if c["top"] < page.height - 40]  # the footer is not scaled
            assert min(c["size"] for c in body) >= 8, (number, min(c["size"] for c in body))
            assert title in text.replace("\n", "")
            footer = f"第 {number} 页，共 " if lang == "zh" else f"Page {number} of "
            assert footer in text
