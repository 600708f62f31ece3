"""Format detection from content (magic bytes); the file name is only a hint."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP (checked with its header size below)
)
ODT_MIME = b"application/vnd.oasis.opendocument.text"

# Formats an extension claims, to note when the content says otherwise.
EXTENSION_FORMAT = {
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odt",
    ".txt": "txt", ".zip": "zip", ".jpg": "image", ".jpeg": "image", ".png": "image",
    ".tif": "image", ".tiff": "image", ".bmp": "image", ".htm": "html", ".html": "html", ".mht": "mht",
    ".mhtml": "mht",
}
# Word processors save one format under another's name all the time (WPS writes .docx as .doc; old
# offices rename Word's "save as web page" .htm/.mht to .doc).
WORD_FAMILY = {"docx", "doc", "wps", "rtf", "odt", "html", "mht"}


def extension(name: str) -> str:
    """The lower-case suffix of the last component of a (possibly archive-member) path."""
    return PurePosixPath(name.replace("\\", "/").rsplit("!/", 1)[-1]).suffix.lower()


def sniff_format(data: bytes, name: str) -> str:
    """One of pdf, docx, odt, office_other, zip, corrupt_zip, doc, wps, encrypted_ooxml, ole, rtf, image, html, mht,
    txt, binary."""
    head = data[:1024]
    if b"%PDF" in head:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    if data.startswith(OLE2):
        return _sniff_ole(data, name)
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"
    if _is_image(data):
        return "image"
    web = _sniff_web(data)
    if web:
        return web
    from .text import looks_like_text

    if looks_like_text(data):  # judged on a sample: a huge file is refused by the text reader, not decoded here
        return "txt"
    return "binary"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and z.getinfo("mimetype").file_size < 200:
                return "odt" if z.read("mimetype").strip() == ODT_MIME else "office_other"
            if "[Content_Types].xml" in names:
                return "office_other"  # Excel/PowerPoint OOXML
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError):
        return "corrupt_zip"
    return "zip"


def _sniff_ole(data: bytes, name: str) -> str:
    """Tell a legacy Word file from an encrypted OOXML package (both are OLE2 compound files).

    Directory entry names are UTF-16LE; scanning for them is enough to classify
    without parsing the whole compound file.
    """
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return "encrypted_ooxml"
    ext = extension(name)
    if "WordDocument".encode("utf-16-le") in data or ext in (".doc", ".wps"):
        # a damaged .doc may have lost its directory: LibreOffice will say whether it opens
        return "wps" if ext == ".wps" else "doc"
    return "ole"  # Excel, PowerPoint, …


_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
_MHT_HEADER = re.compile(rb"^(?:[A-Za-z-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)+", re.DOTALL)


def _sniff_web(data: bytes) -> str | None:
    """html for a web page (Word's "save as web page", whatever the name), mht for a single-file web archive."""
    head = data[:4096]
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(encoding, errors="ignore").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_START.match(head):
        return "html"
    headers = _MHT_HEADER.match(head)
    if headers and re.search(rb"^mime-version\s*:", headers.group(0), re.IGNORECASE | re.MULTILINE) \
            and b"multipart/related" in headers.group(0).lower():
        return "mht"
    return None


def _is_image(data: bytes) -> bool:
    if data.startswith(b"BM"):
        return len(data) > 26 and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
    return data.startswith(IMAGE_MAGIC)
