"""The hostile share of issue 14, made by code (nothing big is committed), and a way to run papercheck on it.

``python tests/hostile.py FOLDER`` builds every case under FOLDER, one sub-folder per case, each holding a
normal submission beside the hostile files, so a test can check that the normal one is still judged.

``run(...)`` starts the real command line in a process of its own and samples the peak memory of it and
every process it starts (workers, LibreOffice, Tesseract), so a test can bound the whole run's memory.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NORMAL_NAME = "第一中学三找活动实施方案.txt"
NORMAL_TEXT = """\
第一中学“三找”活动实施方案
一、指导思想
为深入开展“找问题、找差距、找目标”活动，结合我校实际，制定本方案。
二、组织机构
组长：王明（校长）
三、活动步骤
（一）学习动员阶段（2013年9月1日至9月15日）
（二）查找问题阶段（2013年9月16日至10月15日）
（三）整改落实阶段（2013年10月16日至11月30日）
四、工作要求
各部门要高度重视，认真查找问题，确保活动取得实效。
第一中学
2013年8月28日
"""


def normal(folder: Path, name: str = NORMAL_NAME) -> Path:
    """An ordinary plan of a school, the file every hostile case sits beside."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(NORMAL_TEXT, encoding="utf-8")
    return path


def name_bytes(folder: Path, raw: bytes) -> Path:
    """A path in folder whose last component is exactly these bytes (not UTF-8, control characters, …)."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + raw))


# --- the cases -----------------------------------------------------------------------------------

GBK_NAME = "实施方案".encode("gbk") + b".txt"  # what a Chinese Windows share hands a Linux server
CONTROL_NAME = b"a\x1b[31mred\x07\nunreadable: forged line.txt"  # ESC, BEL and a newline


def case_names(folder: Path) -> dict[str, Any]:
    """Names that are not UTF-8 or hold control characters, as plain files and as an empty (error) file."""
    normal(folder)
    name_bytes(folder, GBK_NAME).write_text(NORMAL_TEXT.replace("第一中学", "第二中学"), encoding="utf-8")
    name_bytes(folder, CONTROL_NAME).write_text(NORMAL_TEXT.replace("第一中学", "第三中学"), encoding="utf-8")
    name_bytes(folder, b"\xff\xfe\x1b]0;title\x07empty.txt").write_bytes(b"")  # an error row: its name goes to stderr
    return {"rows": 4}


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def fan_out(levels: int, width: int) -> bytes:
    """A zip of `width` zips of `width` zips …, `levels` deep, a small text at the bottom (42.zip's shape)."""
    blob = zip_bytes({f"{i}.txt": NORMAL_TEXT.encode() for i in range(width)})
    for level in range(levels - 1):
        blob = zip_bytes({f"{level}-{i}.zip": blob for i in range(width)})
    return blob


def overlapping(entries: int, size: int) -> bytes:
    """One deflated stream of `size` zero bytes named `entries` times: every entry's data is the same bytes."""
    one = zip_bytes({"a.txt": bytes(size)})
    cd_at = one.index(b"PK\x01\x02")
    end_at = one.index(b"PK\x05\x06")
    central = one[cd_at:end_at]
    end = bytearray(one[end_at:])
    struct.pack_into("<HHII", end, 8, entries, entries, len(central) * entries, cd_at)
    return one[:cd_at] + central * entries + bytes(end)


def case_archives(folder: Path) -> dict[str, Any]:
    """Archives that fan out, nest too deep, overlap or hide a big nested zip, beside a normal file."""
    normal(folder)
    (folder / "42.zip").write_bytes(fan_out(3, 16))  # 16 + 256 + 4096 entries in 3 levels
    (folder / "三层30.zip").write_bytes(fan_out(3, 30))  # 27,000 documents
    (folder / "套娃.zip").write_bytes(fan_out(5, 1))  # five levels, one file at the bottom
    (folder / "重叠.zip").write_bytes(overlapping(20, 20 * 1024 * 1024))  # 400 MB declared, one 20 KB stream
    (folder / "重叠炸弹.zip").write_bytes(overlapping(3000, 20 * 1024 * 1024))  # 60 GB declared
    inner = zip_bytes({"大.txt": bytes(90 * 1024 * 1024)}, zipfile.ZIP_STORED)  # a 90 MB zip …
    (folder / "内层大.zip").write_bytes(zip_bytes({"内层.zip": inner, "说明.txt": NORMAL_TEXT.encode()}))  # … in 90 KB
    return {"rows": 1 + 5 + 2, "too_large": ["42.zip", "三层30.zip", "套娃.zip", "重叠炸弹.zip"],
            "corrupt": ["重叠.zip"]}


def case_out(folder: Path) -> dict[str, Any]:
    """A school folder holding its own report.xlsx, report.csv and report/ (names papercheck also writes)."""
    normal(folder)
    school = folder / "第二中学"
    normal(school, "第二中学三找活动实施方案.txt")
    (school / "report.xlsx").write_bytes(b"the school's own spreadsheet")
    (school / "report.csv").write_text("学校自己的表格\n", encoding="utf-8")
    (school / "report").mkdir()
    (school / "report" / "照片说明.txt").write_text("学校自己的文件夹\n", encoding="utf-8")
    return {"rows": 5, "school": school}  # the school's report.* are its submissions: rows too


SECRET = "这是检查文件夹以外的机密内容 SECRET-7f3a"


def case_links(folder: Path) -> dict[str, Any]:
    """Links out of the folder (to a secret file and folder, and to /etc), a loop, a dangling link, a pipe."""
    outside = folder.parent / (folder.name + "-outside")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(NORMAL_TEXT + "\n" + SECRET, encoding="utf-8")
    normal(folder)
    (folder / "链接到外面.txt").symlink_to(outside / "secret.txt")
    (folder / "外面的文件夹").symlink_to(outside, target_is_directory=True)
    (folder / "密码.txt").symlink_to("/etc/passwd")
    (folder / "系统").symlink_to("/etc", target_is_directory=True)
    (folder / "环a.txt").symlink_to(folder / "环b.txt")
    (folder / "环b.txt").symlink_to(folder / "环a.txt")
    (folder / "断开.txt").symlink_to(folder / "不存在.txt")
    (folder / "内部链接.txt").symlink_to(folder / NORMAL_NAME)  # inside: read
    os.mkfifo(folder / "管道.txt")  # reading it would block forever
    return {"rows": 10, "outside": outside, "forbid": [outside, Path("/etc/passwd"), Path("/etc/shadow")],
            "link": ["链接到外面.txt", "外面的文件夹", "密码.txt", "系统", "环a.txt", "环b.txt", "断开.txt"]}


def case_permissions(folder: Path) -> dict[str, Any]:
    """A file and a folder the server may not read (run papercheck via `unprivileged()` when root)."""
    normal(folder)
    locked = folder / "无权限.txt"
    locked.write_text(NORMAL_TEXT, encoding="utf-8")
    locked.chmod(0)
    shut = folder / "锁住的文件夹"
    normal(shut, "里面的方案.txt")
    shut.chmod(0)
    return {"rows": 3, "server": ["无权限.txt", "锁住的文件夹"]}


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def numbered_docx(start: int, fmt: str = "upperRoman") -> bytes:
    """A 2 KB .docx whose list counts in `fmt` from `start` (Word allows up to 32767; a file may say anything)."""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{i % 2}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for i, text in enumerate(NORMAL_TEXT.splitlines()))
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{paragraphs}</w:body></w:document>'
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
        f'<w:lvlOverride w:ilvl="1"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num></w:numbering>')
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.numbering+xml"/></Types>')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel}/numbering" Target="numbering.xml"/></Relationships>')
    return zip_bytes({"[Content_Types].xml": types.encode(), "_rels/.rels": rels.encode(),
                      "word/document.xml": document.encode(), "word/numbering.xml": numbering.encode(),
                      "word/_rels/document.xml.rels": doc_rels.encode()})


def image_pdf(width_pt: float, height_pt: float) -> bytes:
    """A one-page PDF that is only an image (a scan) on a page of the given size, in points."""
    pixel = zlib.compress(b"\x80" * 64)  # an 8×8 grey image, stretched over the page
    content = f"q {width_pt} 0 0 {height_pt} 0 0 cm /Im1 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] /Resources << /XObject << /Im1 5 0 R"
        f" >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixel) + pixel + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def case_resources(folder: Path) -> dict[str, Any]:
    """Files that blew up memory: a list counter from 10^15, a 200-inch scanned page, a 190 MB one-line .txt."""
    normal(folder)
    (folder / "罗马数字.docx").write_bytes(numbered_docx(10**15))
    (folder / "大页面.pdf").write_bytes(image_pdf(14400, 14400))
    with open(folder / "一行.txt", "wb") as f:
        line = ("找问题找差距找目标" * 1000).encode()
        f.writelines(line for _ in range(190 * 1024 * 1024 // len(line)))
    return {"rows": 4, "read": ["罗马数字.docx"], "too_large": ["大页面.pdf", "一行.txt"]}


def legacy_doc(folder: Path, name: str = "旧格式方案.doc") -> Path:
    """A real Word 97 .doc of the normal plan, made by LibreOffice."""
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    source = work / "plan.txt"
    source.write_text(NORMAL_TEXT, encoding="utf-8")
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--infilter=Text (encoded):UTF8,,,", "--convert-to", "doc:MS Word 97", "--outdir", str(work),
                    str(source)], check=True, capture_output=True, timeout=180)
    target = folder / name
    target.write_bytes((work / "plan.doc").read_bytes())
    return target


def scratch_copies(tmpdir: Path) -> list[Path]:
    """Files under papercheck's scratch root in tmpdir (copies of submissions, page images)."""
    return [p for p in tmpdir.glob("papercheck-*/**/*") if p.is_file()]


def word_web_page(text: str = NORMAL_TEXT) -> str:
    """The plan as Word's "save as web page" writes it: conditional comments, styles, a script, MsoNormal paragraphs."""
    lines = text.strip().splitlines()
    body = [f"<p class=MsoTitle align=center>{lines[0]}</p>"]
    for line in lines[1:]:
        if line[:2] in ("一、", "二、", "三、", "四、"):
            body.append(f"<h1>{line}</h1>")
        else:  # Word wraps long paragraphs in the source
            body.append(f"<p class=MsoNormal style='text-indent:21.0pt'><![if !supportLists]><![endif]>"
                        f"{line[:10]}\n{line[10:]}</p>")
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">\n'
        "<head><meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"
        "<meta name=ProgId content=Word.Document><title>方案</title>"
        "<style><!-- p.MsoNormal {mso-style-parent:\"\"; font-size:10.5pt;} --></style>"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]--></head>\n"
        "<body lang=ZH-CN><div class=Section1>\n" + "\n".join(body) +
        "\n<script>document.write('MARKUP-LEAK')</script></div></body></html>\n")


def case_web(folder: Path) -> dict[str, Any]:
    """Word documents saved as web pages and renamed .doc: a GBK .htm and a single-file .mht, and an empty page."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    normal(folder)
    (folder / "网页方案.doc").write_bytes(word_web_page().encode("gb18030"))
    archive = MIMEMultipart("related")
    archive.attach(MIMEText(word_web_page().replace("gb2312", "utf-8"), "html", "utf-8"))
    (folder / "单个网页方案.doc").write_bytes(archive.as_bytes())
    (folder / "空网页.doc").write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    return {"rows": 4, "read": {"网页方案.doc": "html", "单个网页方案.doc": "mht"}, "empty": ["空网页.doc"]}


def unprivileged() -> list[str]:
    """A command prefix under which root, too, is refused files it has no permission for."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "resources": case_resources,
    "links": case_links,
    "web": case_web,
    "permissions": case_permissions,
    "names": case_names,
    "archives": case_archives,
    "out": case_out,
}


def build(folder: Path, cases: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """Every case (or the named ones) in a sub-folder of folder; what each expects."""
    return {name: CASES[name](folder / name) for name in (cases or CASES)}


# --- running papercheck ---------------------------------------------------------------------------


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    peak_mb: float  # the largest sum, at one moment, of the peak RSS of the run's live processes
    parent_mb: float  # the peak RSS of the papercheck process itself
    seconds: float


def _tree(root: int) -> list[int]:
    """root and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 600, cwd: Path | None = None,
        prefix: list[str] | None = None, forbid: Iterable[Path] = (), audit_log: Path | None = None) -> Run:
    """papercheck ARGS in a process of its own; a hang past timeout fails the test (a generous guard only).

    With ``forbid``, papercheck runs under an audit hook (tests/audited_cli.py) that logs to ``audit_log``
    every file opened or folder listed in a forbidden place, by the papercheck process or its workers.
    """
    entry = ["-m", "cli"]
    if forbid:
        assert audit_log is not None
        entry = [str(REPO / "tests" / "audited_cli.py")]
        env = {**(env or {}), "PAPERCHECK_AUDIT_FORBID": os.pathsep.join(map(str, forbid)),
               "PAPERCHECK_AUDIT_LOG": str(audit_log)}
    cmd = [*(prefix or []), sys.executable, *entry, *map(str, args)]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
                            start_new_session=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], sum(_hwm_kb(p) for p in _tree(proc.pid)))
            peak[1] = max(peak[1], _hwm_kb(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        raise AssertionError(f"papercheck {' '.join(map(str, args))} still running after {timeout} s:\n{err[-3000:]}")
    finally:
        done.set()
        sampler.join()
    return Run(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), peak[0] / 1024,
               peak[1] / 1024, time.monotonic() - started)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder and its bytes (to show nothing was overwritten or deleted)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def report(out: Path) -> dict[str, dict[str, Any]]:
    """report.json's submissions by path."""
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {s["path"]: s for s in data["submissions"]}


def assert_finished(result: Run, out: Path, rows: int | None = None) -> dict[str, dict[str, Any]]:
    """No traceback, every report written and readable, and (when given) that many rows in each."""
    import csv

    import openpyxl

    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.rc in (0, 4), (result.rc, result.stderr[-3000:])
    found = report(out)
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    summary = list(book.worksheets[0].iter_rows(min_row=3, values_only=True))  # title row, header row
    book.close()
    with open(out / "report.csv", encoding="utf-8-sig", newline="") as f:
        csv_rows = list(csv.reader(f))[1:]
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "<html" in index
    for text in (json.dumps(list(found), ensure_ascii=False), index, repr(summary), repr(csv_rows)):
        assert "\x1b" not in text and "\x07" not in text
    if rows is not None:
        assert len(found) == rows, sorted(found)
        assert len(summary) == rows and len(csv_rows) == rows
    return found


def normal_row(found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The row of the normal submission: it must have been judged, whatever sat beside it."""
    [row] = [s for p, s in found.items() if p.endswith(NORMAL_NAME)]
    assert row["status"] != "error", row["errors"]
    return row


if __name__ == "__main__":
    target = Path(sys.argv[1])
    for case, expected in build(target, sys.argv[2:]).items():
        print(case, expected)
