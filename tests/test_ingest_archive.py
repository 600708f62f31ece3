"""Zip archives: members as submissions, GBK names, limits, damage, never extracted."""

import io
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest_fixtures import PARAGRAPHS, official_docx, text_pdf

from cli import main
from pipeline.errors import CorruptFile, EncryptedFile, TooLargeFile
from pipeline.ingest import archive, discover, read

GUIDE = "城关镇中心小学三找工作总结\n一、基本情况\n".encode("gbk")


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def gbk_named_zip(name: str, data: bytes) -> bytes:
    """A member whose name is GBK without the UTF-8 flag, as Windows' built-in zip writes it."""
    raw = name.encode("gbk")
    placeholder = "Q" * len(raw)
    blob = make_zip({placeholder: data})
    assert blob.count(placeholder.encode()) == 2
    return blob.replace(placeholder.encode(), raw)


def set_flag(blob: bytes, bit: int) -> bytes:
    """Set a general-purpose flag bit on every entry (local header and central directory)."""
    out = bytearray(blob)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(sig)
        while at != -1:
            flags = struct.unpack_from("<H", out, at + offset)[0]
            struct.pack_into("<H", out, at + offset, flags | bit)
            at = out.find(sig, at + 4)
    return bytes(out)


def declare_size(blob: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size every entry declares (central directory and local header)."""
    out = bytearray(blob)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = out.find(sig)
        while at != -1:
            struct.pack_into("<I", out, at + offset, size)
            at = out.find(sig, at + 4)
    return bytes(out)


def test_nested_members_are_submissions_with_bang_paths(tmp_path):
    inner = make_zip({"幼儿园/整改台账.pdf": text_pdf(1)})
    outer = tmp_path / "第一学区.zip"
    outer.write_bytes(make_zip({
        "城关小学/实施方案.docx": official_docx(1),
        "城关小学/附件.zip": inner,
        "城关小学/": b"",
        "__MACOSX/城关小学/._实施方案.docx": b"junk",
        "城关小学/.DS_Store": b"junk",
        "城关小学/~$实施方案.docx": b"lock",
    }))
    sources = list(discover([tmp_path]))
    assert [s.path for s in sources] == [
        f"{outer}!/城关小学/实施方案.docx",
        f"{outer}!/城关小学/附件.zip!/幼儿园/整改台账.pdf",
    ]
    plan, ledger = (read(s) for s in sources)
    assert plan.format == "docx" and plan.path == sources[0].path
    assert ledger.format == "pdf" and PARAGRAPHS[0] in ledger.text
    assert not any(p.name != outer.name for p in tmp_path.iterdir())  # nothing extracted


def test_gbk_member_names_are_decoded(tmp_path):
    f = tmp_path / "材料.zip"
    f.write_bytes(gbk_named_zip("城关小学/三找工作总结.txt", GUIDE))
    (source,) = discover([f])
    assert source.path.endswith("!/城关小学/三找工作总结.txt")
    assert read(source).blocks[0].text == "城关镇中心小学三找工作总结"


def test_archive_recognised_by_content_not_name(tmp_path):
    f = tmp_path / "材料.dat"
    f.write_bytes(make_zip({"总结.txt": GUIDE}))
    assert [s.path for s in discover([f])] == [f"{f}!/总结.txt"]


def test_corrupt_archive_is_one_error_row(tmp_path):
    f = tmp_path / "坏包.zip"
    f.write_bytes(make_zip({"a.txt": GUIDE, "b.txt": GUIDE})[:40])
    (source,) = discover([f])
    assert source.path == str(f)
    with pytest.raises(CorruptFile):
        read(source)


def test_declared_zip_bomb_is_refused_before_inflating(tmp_path):
    f = tmp_path / "炸弹.zip"
    f.write_bytes(declare_size(make_zip({"a.txt": GUIDE, "b.txt": GUIDE}), 0xFFFFFFF0))
    (source,) = discover([f])
    with pytest.raises(TooLargeFile):
        read(source)


def test_member_larger_than_declared_stops_at_declared_size(tmp_path):
    f = tmp_path / "说谎.zip"
    f.write_bytes(declare_size(make_zip({"a.txt": b"x" * 5_000_000}), 1000))
    (source,) = discover([f])
    with pytest.raises(CorruptFile):
        read(source)


def test_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    f = tmp_path / "很多.zip"
    f.write_bytes(make_zip({f"{i}.txt": GUIDE for i in range(6)}))
    (source,) = discover([f])
    with pytest.raises(TooLargeFile):
        read(source)


def test_oversized_member_is_its_own_error(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 1000)
    f = tmp_path / "大.zip"
    f.write_bytes(make_zip({"大.txt": b"a" * 5000, "小.txt": GUIDE}))
    big, small = discover([f])
    with pytest.raises(TooLargeFile):
        read(big)
    assert read(small).blocks


def test_encrypted_member(tmp_path):
    f = tmp_path / "加密.zip"
    f.write_bytes(set_flag(make_zip({"总结.txt": GUIDE}), 0x1))
    (source,) = discover([f])
    with pytest.raises(EncryptedFile):
        read(source)


def test_nesting_deeper_than_the_limit_is_one_row_naming_the_depth(tmp_path):
    blob = make_zip({"总结.txt": GUIDE})
    for level in range(archive.MAX_DEPTH):
        blob = make_zip({f"层{level}.zip": blob})
    f = tmp_path / "套娃.zip"
    f.write_bytes(blob)
    (source,) = discover([f])
    assert source.path == str(f)
    with pytest.raises(TooLargeFile, match=f"嵌套超过 {archive.MAX_DEPTH} 层"):
        read(source)


def test_nesting_at_the_limit_is_expanded(tmp_path):
    blob = make_zip({"总结.txt": GUIDE})
    for level in range(archive.MAX_DEPTH - 1):
        blob = make_zip({f"层{level}.zip": blob})
    f = tmp_path / "套娃.zip"
    f.write_bytes(blob)
    (source,) = discover([f])
    assert source.path.count("!/") == archive.MAX_DEPTH
    assert read(source).blocks


def test_zip_slip_names_are_only_names(tmp_path):
    f = tmp_path / "slip.zip"
    f.write_bytes(make_zip({"../../escaped.txt": GUIDE}))
    (source,) = discover([f])
    assert read(source).blocks
    assert not (tmp_path.parent / "escaped.txt").exists() and not Path("escaped.txt").exists()


def test_empty_archive_is_reported(tmp_path):
    from pipeline.errors import EmptyFile

    f = tmp_path / "空.zip"
    f.write_bytes(make_zip({}))
    (source,) = discover([f])
    with pytest.raises(EmptyFile):
        read(source)


def test_extract_cli_prints_archive_members(tmp_path):
    f = tmp_path / "材料.zip"
    f.write_bytes(make_zip({"学校/总结.txt": GUIDE, "学校/坏.pdf": b"%PDF-1.4 broken"}))
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert f"{f}!/学校/总结.txt" in result.output and "城关镇中心小学三找工作总结" in result.output
    assert f"{f}!/学校/坏.pdf" in result.output and "文件损坏" in result.output
    assert result.exit_code == 4


def test_folder_walk_skips_scripts_notes_and_lock_files(tmp_path):
    for name in ("README.md", "expected.yaml", "make_samples.py", "Thumbs.db", "~$方案.docx", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "方案.txt").write_bytes(GUIDE)
    assert [s.path for s in discover([tmp_path])] == [str(tmp_path / "方案.txt")]
    assert [s.path for s in discover([tmp_path / "README.md"])] == [str(tmp_path / "README.md")]  # named: read


# --- the caps, in process (members() lists nested archives in a child process; these call expand directly) ---


def _nested(levels: int) -> bytes:
    blob = make_zip({"总结.txt": GUIDE})
    for level in range(levels):
        blob = make_zip({f"层{level}.zip": blob})
    return blob


def test_expand_stops_at_the_nesting_cap_and_not_before():
    from pipeline.ingest import Source

    at_limit = archive.expand(_nested(archive.MAX_DEPTH - 1), Source(path="学区.zip", file=Path("学区.zip")))
    assert [s.path for s in at_limit] == ["学区.zip!/层1.zip!/层0.zip!/总结.txt"]
    with pytest.raises(TooLargeFile) as refused:
        archive.expand(_nested(archive.MAX_DEPTH), Source(path="学区.zip", file=Path("学区.zip")))
    assert refused.value.to_file_error().message.endswith(f"（压缩包嵌套超过 {archive.MAX_DEPTH} 层）")  # the row's words


def test_expand_lists_every_member_after_a_document_or_a_damaged_inner_zip():
    """A .docx (a zip itself) or a broken inner zip is one row; the members after it are still listed."""
    from pipeline.ingest import Source

    broken_inner = make_zip({"a.txt": GUIDE})[:40]
    blob = make_zip({"城关小学/说明.txt": GUIDE, "城关小学/方案.docx": official_docx(1),
                     "城关小学/坏.zip": b"PK\x03\x04" + broken_inner, "城关小学/附件.zip": make_zip({"台账.txt": GUIDE}),
                     "城关小学/总结.txt": GUIDE})
    found = [s.path for s in archive.expand(blob, Source(path="学区.zip", file=Path("学区.zip")))]
    assert found == ["学区.zip!/城关小学/说明.txt", "学区.zip!/城关小学/方案.docx", "学区.zip!/城关小学/坏.zip",
                     "学区.zip!/城关小学/附件.zip!/台账.txt", "学区.zip!/城关小学/总结.txt"]


@pytest.mark.parametrize("count, refused", [(archive.MAX_MEMBERS, False), (archive.MAX_MEMBERS + 1, True)])
def test_the_member_cap_counts_nested_members_too(count, refused):
    budget = archive.Budget()
    budget.charge_entries(count - 1, "学区.zip")
    if refused:
        with pytest.raises(TooLargeFile, match=f"共 {count} 个文件以上，上限 {archive.MAX_MEMBERS} 个"):
            budget.charge_entries(1, "学区.zip!/内层.zip")
    else:
        budget.charge_entries(1, "学区.zip!/内层.zip")
        assert budget.members == count


@pytest.mark.parametrize("size, refused", [(archive.MAX_TOTAL_BYTES, False), (archive.MAX_TOTAL_BYTES + 1, True)])
def test_the_size_cap_is_on_everything_declared(size, refused):
    budget = archive.Budget()
    budget.charge_bytes(size - 10, "学区.zip")
    if refused:
        with pytest.raises(TooLargeFile, match=f"解压后超过 {archive.MAX_TOTAL_BYTES // (1024 * 1024)} MB 上限"):
            budget.charge_bytes(11, "学区.zip!/内层.zip")
    else:
        budget.charge_bytes(10, "学区.zip!/内层.zip")
        assert budget.bytes == size
