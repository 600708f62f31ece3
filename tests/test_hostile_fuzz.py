"""Issue 14, fuzzed: any file name, any archive member name, and small mutated .docx/PDF/zip files.

Each example runs the real command line (`check --workers 1`, and `scan` for the names) in a process of
its own and asserts what tests/test_hostile.py asserts of each hand-made case: every file is a row (an
archive: its members), the reports are written and readable, no traceback, nothing written outside the
checked folder, --out and the state, no copy left in the scratch folder, and the run's memory bounded.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import hostile
import pytest
from hostile import assert_finished, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile import memory_bound

FUZZ = settings(max_examples=8, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# Any bytes a Linux file name may hold ("/" and NUL are the only ones it may not), made unique and not hidden.
file_names = st.lists(
    st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b),
    min_size=1, max_size=4, unique=True,
).map(lambda names: [b"f" + n + b".txt" for n in names])
# Member names as zips store them: Unicode (UTF-8 flag) or raw bytes (no flag, as Windows' zip writes GBK).
member_names = st.lists(
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\0"), min_size=1, max_size=30),
        st.binary(min_size=1, max_size=30).filter(lambda b: not {47, 92, 0} & set(b)),
    ),
    min_size=1, max_size=4, unique=True,
)


def _zip_with_members(names: list[str | bytes]) -> bytes:
    """A zip of text files named m<i>-<name>.txt; a bytes name is stored as those bytes, UTF-8 flag unset."""
    buf = io.BytesIO()
    stored: list[bytes | None] = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, name in enumerate(names):
            raw = f"m{i}-".encode() + name + b".txt" if isinstance(name, bytes) else None
            stored.append(raw)
            z.writestr(f"m{i}-{name}.txt" if raw is None else "_" * len(raw), hostile.NORMAL_TEXT.encode())
    blob = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(blob))) as z:
        infos, at = z.infolist(), z.start_dir
    for info, raw in zip(infos, stored):
        n, m, k = struct.unpack_from("<HHH", blob, at + 28)
        if raw is not None:  # the placeholder, in the local header and in the central directory
            blob[info.header_offset + 30:info.header_offset + 30 + len(raw)] = raw
            blob[at + 46:at + 46 + len(raw)] = raw
        at += 46 + n + m + k
    return bytes(blob)


def _files(folder: Path) -> list[bytes]:
    return sorted(os.fsencode(p) for p in folder.iterdir())


def _assert_every_file_is_a_row(found: dict, folder: Path) -> None:
    shown = list(found)
    for raw in _files(folder):
        from pipeline.names import shown as show

        name = show(os.fsdecode(raw))
        assert any(p == name or p.startswith(name + "!/") for p in shown), (name, shown)


def _tree(tmp: Path) -> set[str]:
    return {str(p.relative_to(tmp)) for p in tmp.rglob("*")}


@FUZZ
@given(names=file_names, members=member_names)
def test_any_file_name_and_member_name_is_a_row(tmp_path_factory, names, members):
    tmp = tmp_path_factory.mktemp("names")
    folder = tmp / "in"
    folder.mkdir()
    for name in names:
        hostile.name_bytes(folder, name).write_text(hostile.NORMAL_TEXT, encoding="utf-8")
    (folder / "包.zip").write_bytes(_zip_with_members(members))
    (tmp / "tmp").mkdir()
    env = {"TMPDIR": str(tmp / "tmp")}
    before = _tree(tmp / "in")
    result = run("check", folder, "--out", tmp / "out", "--workers", 1, "--memory-limit", 1024, env=env)
    found = assert_finished(result, tmp / "out", len(names) + len(members))
    assert all(s["status"] != "error" for s in found.values()), found
    _assert_every_file_is_a_row(found, folder)
    assert len(result.stdout.strip().splitlines()) == len(found) + 2  # no name forged a line
    assert result.peak_mb < memory_bound(1)
    result = run("scan", folder, "--state", tmp / "state" / "s.db", "--out", tmp / "scan-out", "--workers", 1,
                 "--memory-limit", 1024, env=env)
    assert sorted(assert_finished(result, tmp / "scan-out")) == sorted(found)
    assert result.peak_mb < memory_bound(1)
    assert _tree(tmp / "in") == before  # nothing written among the submissions
    assert {p.split("/")[0] for p in _tree(tmp)} <= {"in", "out", "scan-out", "state", "tmp"}
    assert hostile.scratch_copies(tmp / "tmp") == []


def _seeds() -> dict[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("总结.txt", hostile.NORMAL_TEXT.encode("gbk"))
    return {
        "docx": hostile.numbered_docx(1, "chineseCounting"),
        "pdf": hostile.image_pdf(595, 842),
        "zip": buf.getvalue(),
    }


SEEDS = _seeds()


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    blob = bytearray(SEEDS[kind])
    for at, value in draw(st.lists(st.tuples(st.integers(0, len(blob) - 1), st.integers(0, 255)), max_size=12)):
        blob[at] = value
    if draw(st.booleans()):
        at = draw(st.integers(0, len(blob)))
        blob[at:at] = draw(st.binary(min_size=1, max_size=32))
    cut = draw(st.one_of(st.none(), st.integers(1, len(blob))))
    return bytes(blob[:cut] if cut else blob)


@FUZZ
@given(docx=mutated("docx"), pdf=mutated("pdf"), archive=mutated("zip"))
@pytest.mark.parametrize("workers", [1])
def test_mutated_documents_are_rows_in_a_finished_batch(tmp_path_factory, workers, docx, pdf, archive):
    tmp = tmp_path_factory.mktemp("mutated")
    folder = tmp / "in"
    hostile.normal(folder)
    (folder / "方案.docx").write_bytes(docx)
    (folder / "扫描.pdf").write_bytes(pdf)
    (folder / "材料.zip").write_bytes(archive)
    (tmp / "tmp").mkdir()
    result = run("check", folder, "--out", tmp / "out", "--workers", workers, "--memory-limit", 1024, "--timeout", 120,
                 env={"TMPDIR": str(tmp / "tmp")})
    found = assert_finished(result, tmp / "out")
    hostile.normal_row(found)
    _assert_every_file_is_a_row(found, folder)
    for row in found.values():
        for error in row["errors"]:
            assert error["kind"] != "crashed", row  # a reader that choked is a typed row, not a crashed worker
    assert result.peak_mb < memory_bound(workers)
    assert {p.split("/")[0] for p in _tree(tmp)} <= {"in", "out", "tmp"}
    assert hostile.scratch_copies(tmp / "tmp") == []
