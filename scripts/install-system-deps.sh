#!/usr/bin/env bash
# Installs the system programs papercheck's features need, when missing and root:
# Tesseract with chi_sim (scanned PDFs, images), LibreOffice writer (.doc/.wps/.rtf/.odt),
# a CJK font (rendering), poppler-utils (pdftoppm), Chromium (the HTML report's browser test),
# LibreOffice Calc (the print test of report.xlsx).
# Without root or a package manager, it says what is missing; papercheck then reports
# the affected files with a clear error and the rest works.
set -u
missing=()
command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -q chi_sim || missing+=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# Calc renders report.xlsx to PDF in tests/test_print.py (how the spreadsheet prints)
ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
fc-list 2>/dev/null | grep -qi 'cjk' || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "papercheck: missing system packages: ${missing[*]}" >&2
  echo "  install them (as root: apt-get install ${missing[*]}); until then the features that need them report a clear error." >&2
  exit 0
fi
echo "papercheck: installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/papercheck-apt.log 2>&1; then
  echo "papercheck: could not install some packages (see /tmp/papercheck-apt.log); features that need them will say so." >&2
fi
exit 0
