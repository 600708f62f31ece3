"""Word .docx submissions (placeholder: paragraphs only)."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from ..errors import CorruptFile
from ..model import Block, BlockKind, Document, Location
from . import sha256

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read(data: bytes, path: str) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as e:
        raise CorruptFile(path) from e
    blocks = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
        if text:
            blocks.append(Block(BlockKind.PARAGRAPH, text, Location(paragraph=len(blocks))))
    return Document(path=path, format="docx", sha256=sha256(data), blocks=tuple(blocks))
