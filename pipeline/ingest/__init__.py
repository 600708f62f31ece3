"""Reading submissions: find them, sniff their format from content, read them.

A reader is a function ``(data: bytes, path: str) -> Document`` that raises an
InputError subclass for anything it cannot read. Adding a format is one module
here and one line in READERS.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, ClassVar

from .. import names
from ..errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    InputError,
    LinkNotFollowed,
    ServerError,
    TooLargeFile,
    UnsupportedFile,
)
from ..model import Document

if TYPE_CHECKING:
    from . import folders

Reader = Callable[[bytes, str], Document]

MAX_FILE_BYTES = 200 * 1024 * 1024
# Files in a submissions folder that are never submissions: scripts, configs, notes, thumbnails caches.
NOT_SUBMISSIONS = frozenset({".py", ".pyc", ".yaml", ".yml", ".json", ".md", ".toml", ".ini", ".cfg", ".log",
                             ".db", ".sqlite", ".lock", ".tmp", ".bak"})
NOT_SUBMISSION_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# A folder papercheck wrote reports to holds this file; its reports are not submissions on the next run.
REPORTS_MARKER = ".papercheck-reports"
REPORT_NAMES = frozenset({"report.json", "report.xlsx", "report.csv", "report", "反馈意见书"})


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
    refused: str = ""  # why the file is a row without being opened (a folders.* reason), else ""
    detail: str = ""
    link: bool = False  # reached through a symbolic link that may be followed


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
        "html": ("html", "read"),
        "mht": ("html", "read_mht"),
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
    """The bytes of a source (archive members are read from their archive); nothing refused is opened."""
    if source.refused:
        raise refusal(source)
    if source.member:
        from .archive import load_member

        return load_member(source)
    with open_submission(source.file, source.path, follow=source.link) as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise TooLargeFile(source.path, f"{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = f.read(size + 1)  # not MAX_FILE_BYTES: read(n) allocates n bytes up front
        if len(data) > MAX_FILE_BYTES:
            raise TooLargeFile(source.path, f"超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 上限")
        return data


def open_submission(file: Path | str, path: str, follow: bool = False) -> BinaryIO:
    """A submission opened for reading: a regular file, not through a link unless follow, never blocking.

    The walk already decided what may be read; this holds even if the file was
    swapped for a link or a pipe since (O_NOFOLLOW, O_NONBLOCK, fstat).
    """
    from . import folders

    # O_BINARY: Windows would otherwise read in text mode; the POSIX-only flags are 0 where absent
    flags = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
             | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    try:
        fd = os.open(file, flags)
    except OSError as e:
        if e.errno in (errno.EACCES, errno.EPERM):
            raise ServerError(path) from e
        if e.errno == errno.ELOOP:
            raise refusal(Source(path, Path(file), refused=folders.LINK_OUTSIDE)) from e
        raise
    f = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        f.close()
        raise refusal(Source(path, Path(file), refused=folders.NOT_A_FILE))
    return f


def refusal(source: Source) -> InputError:
    """The error row of a file the walk decided not to open."""
    from . import folders

    detail = {
        folders.LINK_OUTSIDE: "链接指向被检查的文件夹以外",
        folders.LINK_SYSTEM: "链接指向系统文件夹，不会读取",
        folders.LINK_LOOP: "链接形成循环",
        folders.LINK_BROKEN: "链接指向的文件不存在",
        folders.NOT_A_FILE: "不是普通文件（管道、设备等）",
        folders.FOLDER_UNREADABLE: "整个文件夹无法列出，其中的文件都没有检查",
        folders.FILE_UNREADABLE: "",
    }.get(source.refused, source.refused)
    if source.refused in (folders.LINK_OUTSIDE, folders.LINK_SYSTEM) and source.detail:
        detail += f"：{source.detail}"
    if source.refused in (folders.FOLDER_UNREADABLE, folders.FILE_UNREADABLE):
        return ServerError(source.path, detail)
    if source.refused == folders.NOT_A_FILE:
        return UnsupportedFile(source.path, detail)
    return LinkNotFollowed(source.path, detail)


def read(source: Source | Path | str) -> Document:
    """Read a file (or archive member) into a Document, or raise an InputError."""
    if not isinstance(source, Source):
        p = Path(source)
        source = Source(path=names.shown(p), file=p, link=True)  # named by the caller: read wherever it is
    try:
        data = load(source)
    except InputError:
        raise
    except OSError as e:
        raise UnsupportedFile(source.path, e.strerror or str(e)) from e
    return read_bytes(data, source.path)


def discover(paths: Iterable[Path], follow_symlinks: bool = False, exclude: Iterable[str] = ()) -> Iterator[Source]:
    """Every submission under the given files and folders, in a stable order (see ingest.folders).

    Archives (recognised by content, whatever their name) are expanded into
    their members; what the walk refuses to open is a source that reads as its error.
    """
    from . import folders

    for entry in folders.walk(paths, follow_symlinks, tuple(exclude)):
        yield from sources(entry)


def sources(entry: folders.Entry) -> Iterator[Source]:
    """The submissions an entry of the walk stands for (an archive: its members)."""
    file = Path(entry.path)
    source = Source(path=names.shown(entry.path), file=file, refused=entry.refused, detail=entry.detail,
                    link=entry.link)
    if entry.refused:
        yield source
    else:
        yield from _expand(source)


def _expand(source: Source) -> Iterator[Source]:
    from .archive import is_archive, members

    if is_archive(source.file, follow=source.link):
        yield from members(source)
    else:
        yield source
