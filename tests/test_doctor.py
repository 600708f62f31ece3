"""papercheck doctor: what this machine has of the optional programs, in the user's language."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from hidden import papercheck

from cli import main


def test_doctor_names_each_program_and_what_it_enables_in_chinese():
    done = CliRunner().invoke(main, ["doctor"])
    assert done.exit_code == 0, done.output
    out = done.output
    for name in ("Tesseract", "LibreOffice", "中文字体", "分词", "内存上限"):
        assert name in out
    assert "作用：" in out and "扫描" in out and ".doc" in out
    # this machine has them (make setup installs them): each is found, with where
    assert ("✓ Tesseract + chi_sim" in out) == bool(shutil.which("tesseract"))
    assert ("✓ LibreOffice" in out) == bool(shutil.which("soffice") or shutil.which("libreoffice"))


def test_doctor_in_english_and_says_how_to_install_what_is_missing(tmp_path):
    done = papercheck("doctor", "--lang", "en", hide=("resource",), env={"PATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "✗ Tesseract: tesseract not found" in out
    assert "install: Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim" in out
    assert "✗ LibreOffice" in out and "libreoffice-writer-nogui" in out
    assert "✗ memory cap: not on this system" in out
    assert "missing (" in out and "the rest is checked as usual" in out
    assert "作用" not in out
