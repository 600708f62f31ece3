"""Plain text in the encodings Chinese Windows and phones write."""

import pytest

from pipeline.errors import EmptyFile
from pipeline.ingest import read_bytes
from pipeline.ingest.text import decode

TEXT = "城关镇中心小学“三找”活动总结\r\n\r\n一、基本情况\r\n　　我校于2024年3月启动“三找”活动。\r\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.replace("\r\n", "\r").encode("gbk"),  # old Mac line ends
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be", "cr"],
)
def test_encodings_and_line_ends(data):
    doc = read_bytes(data, "总结.txt")
    assert [b.text for b in doc.blocks] == [
        "城关镇中心小学“三找”活动总结", "基本情况", "我校于2024年3月启动“三找”活动。"]
    assert [(b.label, b.level) for b in doc.blocks] == [("", None), ("一、", 0), ("", None)]
    assert [b.location.paragraph for b in doc.blocks] == [0, 1, 2]
    assert doc.format == "txt" and not doc.ocr


def test_ascii_utf16_without_bom():
    assert decode("plan for 2024\nstage one\n".encode("utf-16-le"))[1] == "utf-16-le"


def test_gbk_is_not_mistaken_for_utf8():
    text, encoding = decode("各处室、年级组：现将方案印发给你们。".encode("gbk"))
    assert encoding == "gb18030" and text.startswith("各处室")


def test_whitespace_only_text_is_empty():
    with pytest.raises(EmptyFile):
        read_bytes("\r\n　　\n  \n".encode(), "空.txt")


def test_binary_is_not_text():
    assert decode(bytes(range(256))) is None


@pytest.mark.parametrize("line, label, text, level", [
    ("一、指导思想", "一、", "指导思想", 0),
    ("（二）组织领导", "（二）", "组织领导", 1),
    ("3. 整改落实阶段", "3.", "整改落实阶段", 2),
    ("(4)建立台账", "(4)", "建立台账", 3),
    ("⑤召开家长座谈会", "⑤", "召开家长座谈会", 4),
    ("3.5万元用于培训", "", "3.5万元用于培训", None),
    ("2024年3月启动", "", "2024年3月启动", None),
])
def test_typed_numbering_labels(line, label, text, level):
    (block,) = read_bytes(line.encode("utf-8"), "a.txt").blocks
    assert (block.label, block.text, block.level) == (label, text, level)
