"""How file names from a share are shown: GBK as Chinese, other bytes visibly replaced, nothing invisible."""

import os

from pipeline.names import shown


def name(raw: bytes) -> str:
    return os.fsdecode(b"/share/" + raw)  # what os.listdir hands papercheck on Linux


def test_a_gbk_name_from_a_chinese_windows_share_reads_as_chinese():
    assert shown(name("南明区宝山小学自查报告.docx".encode("gbk"))) == "/share/南明区宝山小学自查报告.docx"
    # a GBK folder holding a UTF-8 name: each part on its own
    raw = "三找材料".encode("gbk") + b"/" + "一实小方案.docx".encode()
    assert shown(name(raw)) == "/share/三找材料/一实小方案.docx"


def test_bytes_that_are_neither_utf8_nor_chinese_are_replaced_not_guessed():
    assert shown(name(b"caf\xe9.txt")) == "/share/caf\ufffd.txt"
    assert shown(name(b"\xff\xfe.txt")) == "/share/\ufffd\ufffd.txt"


def test_control_characters_in_a_gbk_name_are_still_visible_symbols():
    raw = "方案".encode("gbk") + b"\x1b[31m\n.txt"
    assert shown(name(raw)) == "/share/方案␛[31m␊.txt"
