"""Format detection from content (magic bytes), the extension only as a hint."""

from __future__ import annotations

import io
import zipfile


def sniff_format(data: bytes, name: str) -> str:
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "corrupt_zip"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    return "txt"
