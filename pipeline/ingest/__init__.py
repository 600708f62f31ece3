"""Reading submissions: find them, sniff their format from content, read them.

A reader is a function ``(data: bytes, path: str) -> Document`` that raises an
InputError subclass for anything it cannot read. Adding a format is one module
here and one line in READERS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmptyFile, InputError, TooLargeFile, UnsupportedFile
from ..model import Document

Reader = Callable[[bytes, str], Document]

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """One submission to read: a file, or a member of a (nested) archive.

    ``path`` is what reports show (``a.zip!/folder/b.docx``); ``file`` is the
    file on disk; ``member`` is the chain of names inside archives.
    """

    path: str
    file: Path
    member: tuple[str, ...] = ()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its bytes first and its name second."""
    from .sniff import sniff_format

    return sniff_format(data, name)


def _readers() -> dict[str, Reader]:
    from . import docx, text

    return {
        "docx": docx.read,
        "txt": text.read,
    }


def read_bytes(data: bytes, path: str) -> Document:
    """Read one submission's bytes into a Document, or raise an InputError."""
    if not data:
        raise EmptyFile(path)
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeFile(path, f"{len(data) // (1024 * 1024)} MB")
    from .sniff import sniff_format  # not sniff(): importing .sniff shadows that name

    fmt = sniff_format(data, path)
    reader = _readers().get(fmt)
    if reader is None:
        raise UnsupportedFile(path, fmt)
    return reader(data, path)


def load(source: Source) -> bytes:
    """The bytes of a source (archive members are read from their archive)."""
    if source.member:
        from .archive import load_member

        return load_member(source)
    size = source.file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLargeFile(source.path, f"{size // (1024 * 1024)} MB")
    return source.file.read_bytes()


def read(source: Source | Path | str) -> Document:
    """Read a file (or archive member) into a Document, or raise an InputError."""
    if not isinstance(source, Source):
        p = Path(source)
        source = Source(path=str(p), file=p)
    try:
        data = load(source)
    except InputError:
        raise
    except OSError as e:
        raise UnsupportedFile(source.path, e.strerror or str(e)) from e
    return read_bytes(data, source.path)


def discover(paths: Iterable[Path]) -> Iterator[Source]:
    """Every submission under the given files and folders, in a stable order.

    Hidden files and Office lock files (``~$x.docx``) are skipped; archives are
    expanded into their members.
    """
    for root in paths:
        root = Path(root)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file())
        else:
            files = [root]
        for f in files:
            rel = f.relative_to(root) if root.is_dir() else Path(f.name)
            if any(part.startswith(".") or part.startswith("~$") for part in rel.parts):
                continue
            yield from _expand(Source(path=str(f), file=f))


def _expand(source: Source) -> Iterator[Source]:
    from .archive import is_archive, members

    if is_archive(source.file):
        yield from members(source)
    else:
        yield source
