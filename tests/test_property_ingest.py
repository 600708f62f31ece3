"""Any bytes give a Document or a typed InputError, never another exception."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_fixtures import official_docx, text_pdf

from pipeline.errors import InputError
from pipeline.ingest import read_bytes
from pipeline.model import Document

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
    try:
        doc = read_bytes(data, name)
    except InputError as e:
        assert e.to_file_error().message
        return
    assert isinstance(doc, Document)
    assert all(isinstance(b.text, str) for b in doc.blocks)


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
