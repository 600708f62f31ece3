"""OCR with the Tesseract command line (chi_sim+eng) for scanned pages and images.

Red seals (公章) stamped over the text are whitened before OCR: they would
otherwise be read as a ring of noise characters across the paragraph.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import ReadTimeout, ToolMissing
from ..model import PageImage
from .layout import Line, tidy_ocr

if TYPE_CHECKING:
    import numpy as np

LANGS = "chi_sim+eng"
DPI = 300
MIN_DPI = 100  # below this Chinese characters are too small to read
MAX_PIXELS = 60_000_000  # one page image for OCR (an A4 page at 600 dpi is 35 M); memory is ~12 bytes a pixel
PAGE_TIMEOUT = 180  # seconds for one page
INSTALL = "请安装 Tesseract 及中文语言包（Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim）"


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    return frozenset(ln.strip() for ln in (out.stdout + out.stderr).splitlines()[1:] if ln.strip())


def require_tesseract(path: str) -> str:
    """The tesseract executable, or ToolMissing saying what to install."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise ToolMissing(path, INSTALL)
    if "chi_sim" not in _languages():
        raise ToolMissing(path, "Tesseract 缺少中文语言包 chi_sim；" + INSTALL)
    return exe


class PagesWanted(BaseException):
    """Raised by a reader told to ``split`` when a document has several pages to OCR: their numbers (0-based).

    A BaseException so that no reader or judge turns it into an error row: the executor that asked
    for the split OCRs the pages as separate tasks and reads the document again with ``given``.
    """

    def __init__(self, pages: list[int]) -> None:
        super().__init__(pages)
        self.pages = pages


@dataclass
class PageSplit:
    """How the next document read in this process OCRs its scanned pages (set by a cluster child)."""

    split: bool = False  # several pages to OCR: raise PagesWanted instead of OCRing them here
    given: dict[int, tuple[Any, PageImage]] = field(default_factory=dict)  # page → (PageLayout, image), OCRed elsewhere


PAGE_SPLIT = PageSplit()

PAGE_IMAGE_WIDTH = 760  # pixels: enough to read a line of the scan beside its OCR text
PAGE_IMAGE_QUALITY = 50  # JPEG: a text page comes to 40-90 KB


def page_image(rgb: np.ndarray, number: int) -> PageImage:
    """A small grayscale JPEG of a page read by OCR, for the HTML report (as it was, seal and all)."""
    import base64

    from PIL import Image

    im = Image.fromarray(rgb).convert("L")
    if im.width > PAGE_IMAGE_WIDTH:
        im = im.resize((PAGE_IMAGE_WIDTH, max(1, round(im.height * PAGE_IMAGE_WIDTH / im.width))), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    im.save(out, "JPEG", quality=PAGE_IMAGE_QUALITY, optimize=True)
    return PageImage(number, "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii"))


def suppress_seals(rgb: np.ndarray) -> np.ndarray:
    """Grayscale uint8 image with strongly red pixels (seals, red stamps) turned white."""
    import numpy as np

    # uint16 holds 77r + 150g + 29b (≤ 65280): a 300 dpi A4 page stays ~100 MB, not ~400 MB in floats
    r, g, b = (rgb[..., i].astype(np.uint16) for i in range(3))
    # red clearly above both other channels, and not dark: keeps black strokes under the seal,
    # takes the seal's pink JPEG halo too (measured on a phone photo of a stamped page)
    red = (r > 90) & (r > g + 25) & (r > b + 25)
    gray = ((77 * r + 150 * g + 29 * b) >> 8).astype(np.uint8)
    gray[red] = 255
    return gray


def _pgm(gray: np.ndarray) -> bytes:
    h, w = gray.shape
    return f"P5 {w} {h} 255\n".encode() + gray.tobytes()


def recognise(gray: np.ndarray, path: str, page: int, dpi: int = DPI) -> list[Line]:
    """Tesseract's lines for one grayscale page image, in points (top-down), CJK spacing removed."""
    exe = require_tesseract(path)
    scale = 72.0 / dpi
    from . import scratch

    with scratch.job("ocr-") as tmp:  # the page image is a copy of the submission: private, always removed
        image = tmp / "page.pgm"
        image.write_bytes(_pgm(gray))
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            out = subprocess.run(
                [exe, str(image), "stdout", "-l", LANGS, "--psm", "3", "--dpi", str(dpi), "tsv"],
                capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise ReadTimeout(path, f"第{page}页文字识别超时") from e
    return _lines_from_tsv(out.stdout.decode("utf-8", errors="replace"), page, scale)


def _lines_from_tsv(tsv: str, page: int, scale: float) -> list[Line]:
    words: dict[tuple[int, int, int], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5" or not (row.get("text") or "").strip():
            continue
        try:
            if float(row.get("conf") or -1) < 0:
                continue
        except ValueError:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.setdefault(key, []).append(row)
    lines = []
    for ws in words.values():
        text = tidy_ocr(" ".join(w["text"] for w in ws))
        if not text:
            continue
        x0 = min(int(w["left"]) for w in ws)
        x1 = max(int(w["left"]) + int(w["width"]) for w in ws)
        top = min(int(w["top"]) for w in ws)
        bottom = max(int(w["top"]) + int(w["height"]) for w in ws)
        glyph = statistics.median(int(w["height"]) for w in ws) * scale
        lines.append(Line(text, x0 * scale, x1 * scale, top * scale, bottom * scale, page, glyph=glyph))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines
