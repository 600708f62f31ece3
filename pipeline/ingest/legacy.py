"""Legacy and other word-processor formats (.doc, .wps, .rtf, .odt): LibreOffice converts them to .docx.

Each conversion gets its own private scratch folder (ingest.scratch) holding
the copy of the submission and a LibreOffice profile (parallel workers would
otherwise fight over one profile's lock) and a time limit; on timeout the whole
process group is killed, since soffice forks, and the folder is removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import replace

from ..errors import CorruptFile, ReadTimeout, ToolMissing
from ..model import Document
from . import scratch, sha256

TIMEOUT = 120  # seconds for one conversion
INSTALL = "请安装 LibreOffice（Debian/Ubuntu: apt-get install libreoffice-writer-nogui）"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, path: str, suffix: str) -> bytes:
    """The bytes of a .docx that LibreOffice made from data (format auto-detected)."""
    exe = soffice()
    if exe is None:
        raise ToolMissing(path, INSTALL)
    with scratch.job("lo-") as work:  # private, removed on every path (a killed worker's by the next sweep)
        source = work / f"submission{suffix}"
        source.write_bytes(data)
        out = work / "out"
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                env={**os.environ, "HOME": str(work), "TMPDIR": str(work)})
        scratch.record_group(work, proc.pid)  # its own session: the sweep ends it if this worker is killed
        try:
            proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired as e:
            if hasattr(os, "killpg"):  # soffice forks: end its whole session
                os.killpg(proc.pid, signal.SIGKILL)
            else:  # Windows: no process groups here; the sweep of the scratch folder does the rest
                proc.kill()
            proc.communicate()
            raise ReadTimeout(path, f"LibreOffice 转换超过 {TIMEOUT} 秒") from e
        converted = out / "submission.docx"
        if not converted.exists() or converted.stat().st_size == 0:
            raise CorruptFile(path, "LibreOffice 无法打开该文件")
        return converted.read_bytes()


def _reader(fmt: str, suffix: str):
    def read(data: bytes, path: str) -> Document:
        from . import docx

        doc = docx.read(to_docx(data, path, suffix), path)
        return replace(doc, format=fmt, sha256=sha256(data))

    read.__name__ = f"read_{fmt}"
    read.__doc__ = f"A .{fmt} submission, converted to .docx by LibreOffice and read as Word."
    return read


read_doc = _reader("doc", ".doc")
read_wps = _reader("wps", ".wps")
read_rtf = _reader("rtf", ".rtf")
read_odt = _reader("odt", ".odt")
