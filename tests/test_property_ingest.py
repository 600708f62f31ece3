"""Any bytes give a Document or a typed InputError, never another exception."""

import hashlib
import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_fixtures import official_docx, text_pdf

from pipeline.errors import InputError, kind_name
from pipeline.ingest import read_bytes
from pipeline.model import Document

KINDS = {k for k in ("unreadable", "corrupt", "encrypted", "empty", "unsupported", "too_large", "timeout",
                     "crashed", "tool_missing", "server", "link") if kind_name(k) != k}

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _zip_of_text() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("总结.txt", "一、基本情况\n我校认真开展三找活动。\n".encode("gbk"))
    return buf.getvalue()


SEEDS = {
    "docx": official_docx(1),
    "pdf": text_pdf(1),
    "txt": "城关镇中心小学三找工作总结\r\n一、基本情况\r\n".encode("gbk"),
    "zip": _zip_of_text(),
}


def _read_or_typed_error(data: bytes, name: str) -> None:
    """Bytes become a Document a report can point into, or a typed error row an office worker can read."""
    try:
        doc = read_bytes(data, name)
    except InputError as e:
        row = e.to_file_error()
        assert row.kind in KINDS, row  # the report's 类型 column names it (kind_name)
        assert re.search(r"[\u4e00-\u9fff]", row.message) and row.message_en, row  # Chinese words, and English
        assert "Traceback" not in row.message + row.message_en
        return
    assert isinstance(doc, Document)
    assert doc.path == name and doc.sha256 == hashlib.sha256(data).hexdigest()  # the row names these exact bytes
    # a body block's location is its own paragraph number (headers and footers have none), so evidence
    # points at the right place
    numbered = [(i, b.location.paragraph) for i, b in enumerate(doc.blocks) if b.location.paragraph is not None]
    assert all(i == p for i, p in numbered), numbered


@SETTINGS
@given(st.binary(max_size=4096), st.sampled_from(["a.pdf", "a.docx", "a.txt", "a.zip", "a.png", "a"]))
def test_any_bytes(data, name):
    _read_or_typed_error(data, name)


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.data())
def test_mutated_real_files(kind, data):
    blob = bytearray(SEEDS[kind])
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(blob) - 1), st.integers(0, 255)), min_size=1, max_size=20))
    for at, value in flips:
        blob[at] = value
    cut = data.draw(st.one_of(st.none(), st.integers(1, len(blob))))
    _read_or_typed_error(bytes(blob[:cut] if cut else blob), f"x.{kind}")


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.binary(min_size=1, max_size=64))
def test_real_file_heads_with_junk_tails(kind, tail):
    blob = SEEDS[kind]
    _read_or_typed_error(blob[: len(blob) // 2] + tail, f"x.{kind}")
