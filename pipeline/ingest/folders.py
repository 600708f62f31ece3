"""Walking the folders being checked: which files are submissions, which are skipped, which are rows unread.

Hidden files, Office lock files (``~$x.docx``), scripts, configs and notes
(NOT_SUBMISSIONS) and papercheck's own reports in a folder marked with
REPORTS_MARKER are skipped; a file named on the command line is always read.

Nothing outside the checked folders is read unless asked: a symbolic link whose
target lies outside every folder being checked is a row saying so (kind
``link``) and its target is never opened; ``follow_symlinks`` follows such
links, but never into a system folder (SYSTEM_FOLDERS). A link loop, a dangling
link, a pipe or device (opening one could block forever) and a folder the server
cannot list (kind ``server``) are rows too, so nothing disappears silently. A
link to a folder inside the checked folders is not followed: that folder is
walked where it is.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath

# Folders a link never leads papercheck into, even with --follow-symlinks.
SYSTEM_FOLDERS = ("/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/run", "/var/run", "/var/lib", "/var/log",
                  "/var/spool", "/var/mail", "/var/cache", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
                  "/snap", "/srv/papercheck", "/opt/papercheck")

# Why an entry is a row without being opened (ingest.load raises the matching error).
LINK_OUTSIDE = "link_outside"
LINK_SYSTEM = "link_system"
LINK_LOOP = "link_loop"
LINK_BROKEN = "link_broken"
NOT_A_FILE = "not_a_file"
FOLDER_UNREADABLE = "folder_unreadable"
FILE_UNREADABLE = "file_unreadable"


@dataclass(frozen=True)
class Entry:
    """One thing found: a file to read (``refused`` empty) or a row saying why it is not read."""

    path: str  # as the OS gives it (its bytes kept: os.fsdecode's surrogates)
    stat: os.stat_result | None  # of the file (through an allowed link); of the link or folder for a refused entry
    refused: str = ""
    detail: str = ""
    link: bool = False  # reached through a symbolic link papercheck may follow


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def system_folder(target: str) -> str | None:
    """The system folder target is in, or holds (a link to / holds /etc), else None."""
    for folder in SYSTEM_FOLDERS:
        if _inside(target, folder) or _inside(folder, target):
            return folder
    return None


def skipped_name(name: str, walking: bool) -> bool:
    """Hidden and lock files always; scripts, configs and notes only when found by walking a folder."""
    from . import NOT_SUBMISSION_NAMES, NOT_SUBMISSIONS

    if name.startswith((".", "~$")):
        return True
    return walking and (os.path.splitext(name)[1].lower() in NOT_SUBMISSIONS or name.lower() in NOT_SUBMISSION_NAMES)


def walk(roots: Iterable[os.PathLike[str] | str], follow_symlinks: bool = False,
         exclude: Collection[str] = ()) -> list[Entry]:
    """Every entry under roots, in a stable order (each root's entries sorted by their path under it).

    ``exclude``: files the office keeps beside the submissions (the roster named by --roster), by real
    path; walking a folder passes them by.
    """
    tops = [os.fspath(PurePath(r)) for r in roots]  # as given (relative stays relative), normalised like Path
    real_roots = [os.path.realpath(t) for t in tops]
    out: list[Entry] = []
    for top in tops:
        if os.path.isdir(top):
            found = list(_folder(top, real_roots, follow_symlinks))
            if exclude:
                skip = {os.path.realpath(x) for x in exclude}
                found = [pair for pair in found if os.path.realpath(pair[1].path) not in skip]
            found.sort(key=lambda pair: pair[0])
            out.extend(entry for _, entry in found)
        else:
            out.append(_named(top))
    return out


def _named(path: str) -> Entry:
    """A file named on the command line: read whatever it is called and wherever a link leads."""
    try:
        st = os.stat(path)
    except OSError as e:
        return _broken(path, e)
    if not stat.S_ISREG(st.st_mode):
        return Entry(path, st, NOT_A_FILE)
    return Entry(path, st, link=os.path.islink(path))


def _broken(path: str, e: OSError) -> Entry:
    try:
        st: os.stat_result | None = os.lstat(path)
    except OSError:
        st = None
    if e.errno == errno.ELOOP:
        return Entry(path, st, LINK_LOOP)
    if e.errno in (errno.EACCES, errno.EPERM):
        return Entry(path, st, FILE_UNREADABLE)
    return Entry(path, st, LINK_BROKEN)


def _folder(top: str, real_roots: Sequence[str], follow: bool) -> Iterator[tuple[tuple[str, ...], Entry]]:
    from . import REPORT_NAMES, REPORTS_MARKER

    stack: list[tuple[str, tuple[str, ...]]] = [(top, ())]
    visited = {os.path.realpath(top)}
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as e:
            try:
                st: os.stat_result | None = os.lstat(folder)
            except OSError:
                st = None
            yield rel, Entry(folder, st, FOLDER_UNREADABLE, e.strerror or "")
            continue
        marked = any(e.name == REPORTS_MARKER for e in entries)
        for entry in entries:
            if marked and entry.name in REPORT_NAMES:  # papercheck's own reports
                continue
            if entry.name.startswith((".", "~$")):
                continue
            parts = (*rel, entry.name)
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
            except OSError:
                is_link = is_dir = False
            if is_dir:
                stack.append((entry.path, parts))
                continue
            if skipped_name(entry.name, walking=True):
                continue
            if is_link:
                found = _link(entry.path, real_roots, follow, visited)
                if isinstance(found, str):
                    stack.append((entry.path, parts))
                elif found is not None:
                    yield parts, found
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as e:
                yield parts, _broken(entry.path, e)
                continue
            yield parts, Entry(entry.path, st) if stat.S_ISREG(st.st_mode) else Entry(entry.path, st, NOT_A_FILE)


def _link(path: str, real_roots: Sequence[str], follow: bool, visited: set[str]) -> Entry | str | None:
    """A link: an Entry (a file to read, or a row), the folder to walk into (a str), or None (nothing to do)."""
    try:
        st = os.stat(path)
    except OSError as e:
        return _broken(path, e)
    target = os.path.realpath(path)
    inside = any(_inside(target, r) for r in real_roots)
    lstat = os.lstat(path)
    if stat.S_ISDIR(st.st_mode):
        if inside or target in visited:
            return None  # walked where it really is (or already walked)
        if not follow:
            return Entry(path, lstat, LINK_OUTSIDE, target)
        if system_folder(target):
            return Entry(path, lstat, LINK_SYSTEM, target)
        visited.add(target)
        return path
    if not inside:
        if not follow:
            return Entry(path, lstat, LINK_OUTSIDE, target)
        if system_folder(target):
            return Entry(path, lstat, LINK_SYSTEM, target)
    if not stat.S_ISREG(st.st_mode):
        return Entry(path, lstat, NOT_A_FILE)
    return Entry(path, st, link=True)
