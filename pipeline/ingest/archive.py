"""Zip archives (nested too): each member is its own submission.

Members are read into memory; nothing is ever extracted to disk, so a member
named ``../../etc/passwd`` (zip-slip) is just a name. Limits are checked on the
sizes the archive declares before anything is inflated, and inflating stops at
the cap whatever the archive declared.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import names
from ..errors import CorruptFile, EncryptedFile, InputError, TooLargeFile, UnsupportedFile
from ..model import Document

if TYPE_CHECKING:
    from . import Source

MAX_MEMBERS = 1000
MAX_DEPTH = 3  # archives inside archives inside archives
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # declared uncompressed size of one archive
MAX_MEMBER_BYTES = 100 * 1024 * 1024
_CHUNK = 1 << 20
_BAD_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError, KeyError)


def is_archive(path: Path) -> bool:
    """True for a zip of submissions (not a .docx/.odt, which are zips too), judged by content."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return False
    if head not in (b"PK\x03\x04", b"PK\x05\x06"):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except _BAD_ZIP:
        return path.suffix.lower() == ".zip"  # a damaged .zip is reported as one corrupt archive
    return "word/document.xml" not in names and "mimetype" not in names and "[Content_Types].xml" not in names


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


def _listing(z: zipfile.ZipFile, path: str) -> list[zipfile.ZipInfo]:
    """The members worth reading, after checking the archive's declared limits."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLargeFile(path, f"{len(infos)} 个文件，超过 {MAX_MEMBERS} 个")
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise TooLargeFile(path, f"解压后超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
    return [i for i in infos if not i.is_dir() and not _skipped(member_name(i))]


def _open(data_or_file: bytes | Path, path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data_or_file) if isinstance(data_or_file, bytes) else data_or_file)
    except _BAD_ZIP as e:
        raise CorruptFile(path, "压缩包已损坏") from e


def _inflate(z: zipfile.ZipFile, info: zipfile.ZipInfo, path: str) -> bytes:
    """A member's bytes, refusing before inflating when it declares too much, and stopping at the cap."""
    if info.flag_bits & 0x1:
        raise EncryptedFile(path, "压缩包内文件设置了密码")
    if info.file_size > MAX_MEMBER_BYTES:
        raise TooLargeFile(path, f"解压后 {info.file_size // (1024 * 1024)} MB")
    out = bytearray()
    try:
        with z.open(info) as f:
            while chunk := f.read(_CHUNK):
                out += chunk
                if len(out) > MAX_MEMBER_BYTES:
                    raise TooLargeFile(path, "解压后超过上限")
    except InputError:
        raise
    except RuntimeError as e:  # zipfile: "File is encrypted, password required"
        raise EncryptedFile(path, "压缩包内文件设置了密码") from e
    except (*_BAD_ZIP, zipfile.error) as e:
        raise CorruptFile(path, "压缩包内文件已损坏") from e
    return bytes(out)


def members(source: Source) -> Iterator[Source]:
    """The submissions inside an archive, nested archives expanded up to MAX_DEPTH.

    A damaged or oversized archive yields itself once, so reading it reports
    the error against the archive's path.
    """
    found: list[Source] = []
    try:
        with _open(source.file, source.path) as z:
            found = list(_members(z, source, depth=1))
    except InputError:
        found = []
    yield from found or [source]  # an empty or unreadable archive is still one row in the reports


def _members(z: zipfile.ZipFile, parent: Source, depth: int) -> Iterator[Source]:
    from . import Source
    from .sniff import sniff_format

    for info in _listing(z, parent.path):
        child = Source(
            path=f"{parent.path}!/{member_name(info).lstrip('/')}",
            file=parent.file,
            member=(*parent.member, info.filename),
        )
        nested = None
        if info.file_size >= 4 and depth < MAX_DEPTH and not info.flag_bits & 0x1:
            try:
                with z.open(info) as f:
                    head = f.read(4)
                if head in (b"PK\x03\x04", b"PK\x05\x06"):
                    data = _inflate(z, info, child.path)
                    if sniff_format(data, child.path) in ("zip", "corrupt_zip"):
                        nested = data
            except (InputError, *_BAD_ZIP, RuntimeError, zipfile.error):
                nested = None  # reading the member reports the problem
        if nested is None:
            yield child
            continue
        try:
            with _open(nested, child.path) as inner:
                yield from _members(inner, child, depth + 1)
        except InputError:
            yield child


def load_member(source: Source) -> bytes:
    """The bytes of an archive member, following the member chain through nested archives."""
    data: bytes | Path = source.file
    for depth, name in enumerate(source.member, start=1):
        if depth > MAX_DEPTH:
            raise TooLargeFile(source.path, "压缩包嵌套层数过多")
        with _open(data, source.path) as z:
            _listing(z, source.path)
            try:
                info = z.getinfo(name)
            except KeyError as e:
                raise CorruptFile(source.path, "压缩包内找不到该文件") from e
            data = _inflate(z, info, source.path)
    assert isinstance(data, bytes)
    return data


def read(data: bytes, path: str) -> Document:
    """An archive read as one file: report why it was not expanded (damaged, too large, or nested too deep)."""
    from .sniff import extension

    if extension(path) in (".docx", ".odt", ".xlsx", ".pptx"):
        try:
            zipfile.ZipFile(io.BytesIO(data)).close()
        except _BAD_ZIP as e:
            raise CorruptFile(path, "可能未下载或保存完整") from e
    with _open(data, path) as z:
        if not _listing(z, path):
            from ..errors import EmptyFile

            raise EmptyFile(path, "压缩包内没有可读的文件")
    raise UnsupportedFile(path, "压缩包嵌套层数过多或无法展开")
