"""Plain text submissions."""

from __future__ import annotations

from ..model import Block, BlockKind, Document, Location
from . import sha256


def read(data: bytes, path: str) -> Document:
    text = data.decode("utf-8", errors="replace")
    blocks = tuple(
        Block(BlockKind.PARAGRAPH, line.strip(), Location(paragraph=i))
        for i, line in enumerate(ln for ln in text.splitlines() if ln.strip())
    )
    return Document(path=path, format="txt", sha256=sha256(data), blocks=blocks)
