"""Zip archives (nested too): each member is its own submission.

Members are read into memory; nothing is ever extracted to disk, so a member
named ``../../etc/passwd`` (zip-slip) is just a name.

One budget covers an archive and everything nested in it: MAX_MEMBERS entries,
MAX_TOTAL_BYTES declared uncompressed bytes and MAX_DEPTH levels in all. It is
charged from what each level declares (the end record's entry count before the
central directory is parsed, then each entry's size) before anything of that
level is inflated, and inflating stops at the cap whatever was declared. An
archive over budget, damaged or with overlapping entries (a zip bomb's trick)
is one error row naming the cap, never thousands of rows.

The process that discovers files never inflates a member: an archive whose
members include archives (or documents, which are zips too) is listed in a
child process with a memory cap and a deadline (pipeline.isolate); if that
fails, the archive is one row, and the worker reading it says why.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from .. import names
from ..errors import CorruptFile, EmptyFile, EncryptedFile, InputError, TooLargeFile, UnsupportedFile
from ..model import Document

if TYPE_CHECKING:
    from . import Source

MAX_MEMBERS = 1000  # entries in an archive and all archives nested in it
MAX_DEPTH = 3  # archives inside archives inside archives
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # declared uncompressed size of an archive and all it holds
MAX_MEMBER_BYTES = 100 * 1024 * 1024
LIST_MEMORY_MB = 1024  # what listing a nested archive may use beyond the discovering process
LIST_TIMEOUT = 60.0
_CHUNK = 1 << 20
_BAD_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError, KeyError,
            struct.error)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


@dataclass
class Budget:
    """What an archive and everything nested in it has declared so far."""

    members: int = 0
    bytes: int = 0

    def charge_entries(self, count: int, path: str) -> None:
        self.members += count
        if self.members > MAX_MEMBERS:
            raise TooLargeFile(path, f"压缩包（含内层压缩包）共 {self.members} 个文件以上，上限 {MAX_MEMBERS} 个")

    def charge_bytes(self, size: int, path: str) -> None:
        self.bytes += size
        if self.bytes > MAX_TOTAL_BYTES:
            raise TooLargeFile(path, f"压缩包（含内层压缩包）解压后超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB 上限")


def declared_entries(f: IO[bytes]) -> int | None:
    """The entry count the end-of-central-directory record declares (zip64 too), without parsing entries."""
    try:
        f.seek(0, io.SEEK_END)
        size = f.tell()
        tail_at = max(0, size - (65535 + 22))
        f.seek(tail_at)
        tail = f.read()
    except OSError:
        return None
    at = tail.rfind(_END)
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if locator >= 0 and tail[locator:locator + 4] == _END64_LOCATOR:
        end64_at = struct.unpack_from("<Q", tail, locator + 8)[0]
        try:
            f.seek(end64_at)
            end64 = f.read(56)
        except (OSError, ValueError, OverflowError):
            return None
        if end64[:4] == _END64 and len(end64) >= 40:
            count = max(count, struct.unpack_from("<Q", end64, 32)[0])
    return int(count)


def is_archive(path: Path, follow: bool = False) -> bool:
    """True for a zip of submissions (not a .docx/.odt, which are zips too), judged by content."""
    from . import open_submission

    try:
        with open_submission(path, str(path), follow) as f:
            head = f.read(4)
            if head not in _ZIP_MAGIC:
                return False
            count = declared_entries(f)
            if count is None or count > MAX_MEMBERS:  # too many to look at: only a .zip is taken as an archive
                return path.suffix.lower() == ".zip"
            f.seek(0)
            with zipfile.ZipFile(f) as z:
                listed = set(z.namelist())
    except InputError:
        return False  # reading it says why
    except _BAD_ZIP:
        return path.suffix.lower() == ".zip"  # a damaged .zip is reported as one corrupt archive
    return "word/document.xml" not in listed and "mimetype" not in listed and "[Content_Types].xml" not in listed


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name when the UTF-8 flag (bit 11) is not set.

    Linux and macOS zip tools write UTF-8 without the flag; Chinese Windows
    writes GBK. Strict UTF-8 rarely decodes GBK bytes, so it is tried first.
    """
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        for encoding in ("utf-8", "gbk"):
            try:
                name = raw.decode(encoding) if raw else name
                break
            except UnicodeDecodeError:
                continue
    return names.one_line(name.replace("\\", "/"))


def _skipped(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p == "__MACOSX" or (p.startswith(".") and p not in (".", "..")) or p.startswith("~$") for p in parts)


@contextmanager
def _open(data: bytes | Path, path: str, budget: Budget, follow: bool = False) -> Iterator[zipfile.ZipFile]:
    """The zip, after charging the entry count its end record declares (before the entries are parsed)."""
    from . import open_submission

    with io.BytesIO(data) if isinstance(data, bytes) else open_submission(data, path, follow) as f:
        try:
            count = declared_entries(f)
            if count is None:
                raise CorruptFile(path, "压缩包已损坏")
            budget.charge_entries(count, path)
            f.seek(0)
            z = zipfile.ZipFile(f)
        except _BAD_ZIP as e:
            raise CorruptFile(path, "压缩包已损坏") from e
        with z:
            yield z


def _listing(z: zipfile.ZipFile, path: str, budget: Budget) -> list[zipfile.ZipInfo]:
    """The members worth reading, after charging their declared sizes and refusing overlapping entries."""
    infos = z.infolist()
    for info in infos:
        budget.charge_bytes(info.file_size, path)
    _refuse_overlaps(infos, z.start_dir, path)
    return [i for i in infos if not i.is_dir() and not _skipped(member_name(i))]


def _refuse_overlaps(infos: list[zipfile.ZipInfo], end: int, path: str) -> None:
    """Entries whose data runs into the next entry: many names for one inflated stream (a zip bomb)."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for here, after in zip(ordered, [*ordered[1:], None]):
        limit = after.header_offset if after is not None else end
        if here.header_offset + 30 + here.compress_size > limit and here.compress_size:
            raise CorruptFile(path, "压缩包结构异常：多个文件的数据相互重叠")


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> bytes:
    """A member's bytes, refusing before inflating when it declares too much, and stopping at the cap."""
    if info.flag_bits & 0x1:
        raise EncryptedFile(path, "压缩包内文件设置了密码")
    if info.file_size > MAX_MEMBER_BYTES:
        raise TooLargeFile(path, f"解压后 {info.file_size // (1024 * 1024)} MB，上限 {MAX_MEMBER_BYTES // (1024 * 1024)} MB")
    out = bytearray()
    try:
        with z.open(info) as f:
            while chunk := f.read(_CHUNK):
                out += chunk
                if len(out) > MAX_MEMBER_BYTES:
                    raise TooLargeFile(path, f"解压后超过 {MAX_MEMBER_BYTES // (1024 * 1024)} MB 上限")
    except InputError:
        raise
    except RuntimeError as e:  # zipfile: "File is encrypted, password required"
        raise EncryptedFile(path, "压缩包内文件设置了密码") from e
    except (*_BAD_ZIP, zipfile.error) as e:
        raise CorruptFile(path, "压缩包内文件已损坏") from e
    return bytes(out)


def _head(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member (inflating one small chunk at most)."""
    if info.file_size < 4 or info.flag_bits & 0x1:
        return b""
    try:
        with z.open(info) as f:
            return f.read(4)
    except (*_BAD_ZIP, RuntimeError, zipfile.error):
        return b""


def members(source: Source) -> Iterator[Source]:
    """The submissions inside an archive, nested archives expanded within the budget.

    A damaged or over-budget archive yields itself once, so reading it reports
    the error against the archive's path.
    """
    from .. import isolate

    budget = Budget()
    try:
        with _open(source.file, source.path, budget, source.link) as z:
            listing = _listing(z, source.path, budget)
            if not any(_head(z, info) in _ZIP_MAGIC for info in listing):
                found = [_child(source, info) for info in listing]
                yield from found or [source]
                return
    except InputError:
        yield source
        return
    try:  # members that are zips (archives or documents): listed where their content cannot hurt this process
        found = isolate.call(_listed, source, memory_mb=LIST_MEMORY_MB, timeout=LIST_TIMEOUT)
    except isolate.Failed:
        found = []
    yield from found or [source]


def _listed(source: Source) -> list[Source]:
    try:
        return expand(source.file, source, source.link)
    except InputError:
        return []


def expand(data: bytes | Path, source: Source, follow: bool = False) -> list[Source]:
    """Every submission in an archive and its nested archives; an InputError when the archive is over budget."""
    budget = Budget()
    return list(_expand(data, source, budget, depth=1, follow=follow))


def _child(parent: Source, info: zipfile.ZipInfo) -> Source:
    from . import Source

    return Source(path=f"{parent.path}!/{member_name(info).lstrip('/')}", file=parent.file,
                  member=(*parent.member, info.filename), link=parent.link)


def _expand(data: bytes | Path, parent: Source, budget: Budget, depth: int, follow: bool = False
            ) -> Iterator[Source]:
    from .sniff import sniff_format

    if depth > MAX_DEPTH:
        raise TooLargeFile(parent.path, f"压缩包嵌套超过 {MAX_DEPTH} 层")
    with _open(data, parent.path, budget, follow) as z:
        for info in _listing(z, parent.path, budget):
            child = _child(parent, info)
            if _head(z, info) not in _ZIP_MAGIC:
                yield child
                continue
            try:
                inner = _inflate(z, info, child.path)
            except InputError:
                yield child  # reading the member reports the problem
                continue
            if sniff_format(inner, child.path) != "zip":
                yield child  # a document (.docx is a zip), or a damaged zip: a row of its own
                continue
            yield from _expand(inner, child, budget, depth + 1)


def load_member(source: Source) -> bytes:
    """The bytes of an archive member, following the member chain through nested archives."""
    data: bytes | Path = source.file
    budget = Budget()
    for depth, name in enumerate(source.member, start=1):
        if depth > MAX_DEPTH:
            raise TooLargeFile(source.path, f"压缩包嵌套超过 {MAX_DEPTH} 层")
        with _open(data, source.path, budget, source.link) as z:
            _listing(z, source.path, budget)
            try:
                info = z.getinfo(name)
            except KeyError as e:
                raise CorruptFile(source.path, "压缩包内找不到该文件") from e
            data = _inflate(z, info, source.path)
    assert isinstance(data, bytes)
    return data


def read(data: bytes, path: str) -> Document:
    """An archive read as one file: say why it was not expanded (damaged, over budget, empty)."""
    from . import Source
    from .sniff import extension

    if extension(path) in (".docx", ".odt", ".xlsx", ".pptx"):
        try:
            zipfile.ZipFile(io.BytesIO(data)).close()
        except _BAD_ZIP as e:
            raise CorruptFile(path, "可能未下载或保存完整") from e
    if not expand(data, Source(path=path, file=Path(path))):
        raise EmptyFile(path, "压缩包内没有可读的文件")
    raise UnsupportedFile(path, "压缩包未能展开（列出其中文件时超出时间或内存上限）")
