"""What this machine can do: the optional programs and platform features papercheck uses, found or not.

``papercheck doctor`` prints one line per item: present or missing, what it enables, and
how to get it. Nothing here is needed to start papercheck; a missing program only makes
the files that need it rows saying what to install.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

from .i18n import say


@dataclass(frozen=True)
class Finding:
    """One optional program or feature: whether it is here, what it is, what it enables, how to get it."""

    name: str
    present: bool
    detail: str  # the path or version found, or why it is not usable
    enables: str
    install: str = ""


def _run(args: list[str], timeout: float = 20) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout + done.stderr


def tesseract() -> Finding:
    enables = say("扫描的 PDF 和照片（.jpg/.png/.tif）可以用 OCR 读出文字；没有它这些文件记为“缺少程序”",
                  "scanned PDFs and photos (.jpg/.png/.tif) are read by OCR; without it they are 'program missing' rows")
    install = say("Debian/Ubuntu：apt-get install tesseract-ocr tesseract-ocr-chi-sim；Windows：安装 UB Mannheim 版 Tesseract 并勾选 Chinese (Simplified)",
                  "Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim; Windows: the UB Mannheim build "
                  "with Chinese (Simplified)")
    exe = shutil.which("tesseract")
    if exe is None:
        return Finding("Tesseract", False, say("没有找到 tesseract", "tesseract not found"), enables, install)
    langs = {ln.strip() for ln in _run([exe, "--list-langs"]).splitlines()[1:] if ln.strip()}
    if "chi_sim" not in langs:
        return Finding("Tesseract + chi_sim", False, say(f"{exe}，但没有中文语言包 chi_sim", f"{exe}, but no Chinese language data chi_sim"),
                       enables, install)
    version = (_run([exe, "--version"]).splitlines() or [""])[0].strip()
    return Finding("Tesseract + chi_sim", True, f"{exe}（{version}）" if version else exe, enables)


def libreoffice() -> Finding:
    enables = say("可以读取 .doc、.wps、.rtf、.odt（转换成 .docx 再读）；没有它这些文件记为“缺少程序”",
                  ".doc, .wps, .rtf and .odt files are read (converted to .docx first); "
                  "without it they are 'program missing' rows")
    install = say("Debian/Ubuntu：apt-get install libreoffice-writer-nogui；Windows：安装 LibreOffice 并把 program 文件夹加入 PATH",
                  "Debian/Ubuntu: apt-get install libreoffice-writer-nogui; Windows: install LibreOffice and put its "
                  "program folder on PATH")
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return Finding("LibreOffice", False, say("没有找到 soffice", "soffice not found"), enables, install)
    return Finding("LibreOffice", True, exe, enables)


FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"),
             os.path.expanduser("~/.fonts"), "/System/Library/Fonts", "/Library/Fonts",
             os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))
CJK_FONT_NAMES = ("*CJK*", "*cjk*", "wqy*", "*Hei*", "*Song*", "simsun*", "SimSun*", "msyh*", "simhei*", "PingFang*",
                  "*SC-*", "*SourceHan*")


def cjk_font() -> Finding:
    enables = say("PDF 中没有嵌入的中文字体可以正确显示，OCR 和网页报告中的页面图像不会变成方框；LibreOffice 转换 .doc 也用它",
                  "Chinese in PDFs that do not embed their fonts renders right, so OCR and the HTML report's page images "
                  "do not show boxes; LibreOffice's .doc conversion uses it too")
    install = say("Debian/Ubuntu：apt-get install fonts-noto-cjk（Windows 自带中文字体）",
                  "Debian/Ubuntu: apt-get install fonts-noto-cjk (Windows has Chinese fonts built in)")
    if shutil.which("fc-list"):
        families = [ln.split(":")[0].strip() for ln in _run(["fc-list", ":lang=zh", "family"]).splitlines() if ln.strip()]
        if families:
            return Finding(say("中文字体", "CJK font"), True, min(families).split(",")[0], enables)
    for folder in FONT_DIRS:
        for pattern in CJK_FONT_NAMES:
            hits = glob.glob(os.path.join(folder, "**", pattern), recursive=True)
            if hits:
                return Finding(say("中文字体", "CJK font"), True, hits[0], enables)
    return Finding(say("中文字体", "CJK font"), False, say("没有找到", "none found"), enables, install)


def segmenter() -> Finding:
    enables = say("中文分词（问题句识别、相似度）：rjieba 快约 25 倍，jieba 结果相同",
                  "Chinese word segmentation (problem sentences, similarity): rjieba is ~25x faster, jieba gives the same words")
    for name in ("rjieba", "jieba"):
        if importlib.util.find_spec(name) is not None:
            return Finding(say("分词", "segmenter"), True, name, enables)
    return Finding(say("分词", "segmenter"), False, say("rjieba 和 jieba 都没有安装", "neither rjieba nor jieba is installed"),
                   enables, "pip install jieba")


def memory_caps() -> Finding:
    enables = say("每个文件的内存上限（--memory-limit）在读取之前就生效",
                  "the per-file memory cap (--memory-limit) holds before the memory is used")
    if importlib.util.find_spec("resource") is not None:
        return Finding(say("内存上限", "memory cap"), True, "RLIMIT_AS", enables)
    return Finding(say("内存上限", "memory cap"), False,
                   say("本系统没有（Windows）：只有 --timeout 和读取前的大小上限起作用",
                       "not on this system (Windows): only --timeout and the size caps checked before reading apply"),
                   enables)


def training() -> Finding:
    enables = say("papercheck train 和 evaluate（训练、评估问题分类模型）；check 和 scan 不需要",
                  "papercheck train and evaluate (fitting and scoring the classifier); check and scan do not need it")
    if importlib.util.find_spec("sklearn") is not None:
        return Finding("scikit-learn", True, say("已安装", "installed"), enables)
    return Finding("scikit-learn", False, say("没有安装", "not installed"), enables, "pip install 'papercheck[train]'")


def findings() -> list[Finding]:
    """Every item, the system programs first."""
    return [tesseract(), libreoffice(), cjk_font(), segmenter(), memory_caps(), training()]


def as_text(items: list[Finding]) -> str:
    lines = []
    for f in items:
        mark = "✓" if f.present else "✗"
        lines.append(f"{mark} {f.name}" + say("：", ": ") + f.detail)
        lines.append(say("    作用：", "    enables: ") + f.enables)
        if not f.present and f.install:
            lines.append(say("    安装：", "    install: ") + f.install)
    missing = [f.name for f in items if not f.present]
    if missing:
        lines.append(say(f"缺少 {len(missing)} 项（{'、'.join(missing)}）：需要它们的文件会记为一行并说明原因，其余照常检查。",
                         f"{len(missing)} missing ({', '.join(missing)}): files that need them become rows saying so; "
                         "the rest is checked as usual."))
    else:
        lines.append(say("全部可用。", "everything is available."))
    lines.append(say(f"Python {sys.version.split()[0]}，{sys.platform}", f"Python {sys.version.split()[0]}, {sys.platform}"))
    return "\n".join(lines)
