"""Zip archives: each member is its own submission."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Source


def is_archive(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"PK\x03\x04" and path.suffix.lower() == ".zip"


def members(source: "Source") -> Iterator["Source"]:
    yield source


def load_member(source: "Source") -> bytes:
    raise NotImplementedError
