"""Reading submissions: find them, sniff their format from content, read them.

A reader is a function ``(data: bytes, path: str) -> Document`` that raises an
InputError subclass for anything it cannot read. Adding a format is one module
here and one line in READERS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from .. import names
from ..errors import CorruptFile, EmptyFile, EncryptedFile, InputError, TooLargeFile, UnsupportedFile
from ..model import Document

Reader = Callable[[bytes, str], Document]

MAX_FILE_BYTES = 200 * 1024 * 1024
# Files in a submissions folder that are never submissions: scripts, configs, notes, thumbnails caches.
NOT_SUBMISSIONS = frozenset({".py", ".pyc", ".yaml", ".yml", ".json", ".md", ".toml", ".ini", ".cfg", ".log",
                             ".db", ".sqlite", ".lock", ".tmp", ".bak"})
NOT_SUBMISSION_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# A folder papercheck wrote reports to holds this file; its reports are not submissions on the next run.
REPORTS_MARKER = ".papercheck-reports"
REPORT_NAMES = frozenset({"report.json", "report.xlsx", "report.csv", "report"})


def _is_report(f: Path, marked: set[Path]) -> bool:
    """True for papercheck's own report.* (or report/…) in a folder it wrote reports to."""
    return any(parent in marked and f.relative_to(parent).parts[0] in REPORT_NAMES for parent in f.parents)


@dataclass(frozen=True)
class Source:
    """One submission to read: a file, or a member of a (nested) archive.

    ``path`` is what reports show (``a.zip!/folder/b.docx``, member names decoded,
    see ``names.shown``); ``file`` is the file on disk, its name exactly as the OS
    gives it; ``member`` is the chain of raw names inside archives (as stored in
    each zip), outermost first.
    """

    path: str
    file: Path
    member: tuple[str, ...] = ()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse(message: str, error: type[InputError]) -> Reader:
    def reader(data: bytes, path: str) -> Document:
        raise error(path, message)

    return reader


class _Readers(Mapping[str, Reader]):
    """READERS: format → reader, importing each reader module only when it is used."""

    _modules: ClassVar[dict[str, tuple[str, str]]] = {
        "docx": ("docx", "read"),
        "pdf": ("pdf", "read"),
        "txt": ("text", "read"),
        "image": ("image", "read"),
        "doc": ("legacy", "read_doc"),
        "wps": ("legacy", "read_wps"),
        "rtf": ("legacy", "read_rtf"),
        "odt": ("legacy", "read_odt"),
        "zip": ("archive", "read"),
        "corrupt_zip": ("archive", "read"),
    }
    _refusals: ClassVar[dict[str, Reader]] = {
        "encrypted_ooxml": _refuse("Office 加密文档", EncryptedFile),
        "ole": _refuse("Excel/PowerPoint 等 Office 旧格式", UnsupportedFile),
        "office_other": _refuse("Excel/PowerPoint 等表格或演示文稿", UnsupportedFile),
        "binary": _refuse("不是文档或文本", UnsupportedFile),
    }

    def __getitem__(self, fmt: str) -> Reader:
        if fmt in self._refusals:
            return self._refusals[fmt]
        module, func = self._modules[fmt]
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{module}"), func)

    def __iter__(self) -> Iterator[str]:
        return iter([*self._modules, *self._refusals])

    def __len__(self) -> int:
        return len(self._modules) + len(self._refusals)


READERS: Mapping[str, Reader] = _Readers()


def read_bytes(data: bytes, path: str) -> Document:
    """Read one submission's bytes into a Document, or raise an InputError.

    Nothing but an InputError leaves this function: an unexpected library error
    on strange bytes means the file is damaged as far as the user can tell.
    """
    if not data:
        raise EmptyFile(path)
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeFile(path, f"{len(data) // (1024 * 1024)} MB")
    from .sniff import sniff_format  # the format from the bytes; the name only breaks ties

    try:
        fmt = sniff_format(data, path)
        reader = READERS.get(fmt)
        if reader is None:
            raise UnsupportedFile(path, fmt)
        doc = reader(data, path)
    except InputError:
        raise
    except MemoryError as e:  # the worker's memory cap: the file needs more than a file may take
        raise TooLargeFile(path, f"读取时超出内存上限{memory_cap()}") from e
    except (Exception, RecursionError) as e:  # a library choked on the bytes
        raise CorruptFile(path) from e
    return _note_misnamed(doc, fmt, path)


def memory_cap() -> str:
    """This process's memory cap as a report names it (" 1024 MB"), or "" when there is none."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        return ""
    return "" if soft == resource.RLIM_INFINITY else f" {soft // (1024 * 1024)} MB"


def _note_misnamed(doc: Document, fmt: str, path: str) -> Document:
    """Say so when the extension claims another format than the content (e.g. a text file named .pdf)."""
    from .sniff import EXTENSION_FORMAT, WORD_FAMILY, extension

    ext = extension(path)
    claimed = EXTENSION_FORMAT.get(ext)
    if claimed is None or claimed == fmt or {claimed, fmt} <= WORD_FAMILY:
        return doc
    note = f"文件扩展名为 {ext}，但内容是 {fmt} 格式，已按 {fmt} 读取"
    return replace(doc, notes=(*doc.notes, note))


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
        source = Source(path=names.shown(p), file=p)
    try:
        data = load(source)
    except InputError:
        raise
    except OSError as e:
        raise UnsupportedFile(source.path, e.strerror or str(e)) from e
    return read_bytes(data, source.path)


def discover(paths: Iterable[Path]) -> Iterator[Source]:
    """Every submission under the given files and folders, in a stable order.

    Hidden files and Office lock files (``~$x.docx``) are skipped, and so are
    scripts, configs and notes found while walking a folder (NOT_SUBMISSIONS; a
    file named on the command line is always read) and papercheck's own reports
    in a folder marked with REPORTS_MARKER; archives (recognised by
    content, whatever their name) are expanded into their members.
    """
    for root in paths:
        root = Path(root)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file())
        else:
            files = [root]
        marked = {f.parent for f in files if f.name == REPORTS_MARKER} if root.is_dir() else set()
        for f in files:
            rel = f.relative_to(root) if root.is_dir() else Path(f.name)
            if any(part.startswith((".", "~$")) for part in rel.parts):
                continue
            if marked and _is_report(f, marked):
                continue
            if root.is_dir() and (f.suffix.lower() in NOT_SUBMISSIONS or f.name.lower() in NOT_SUBMISSION_NAMES):
                continue
            yield from _expand(Source(path=names.shown(f), file=f))


def _expand(source: Source) -> Iterator[Source]:
    from .archive import is_archive, members

    if is_archive(source.file):
        yield from members(source)
    else:
        yield source
