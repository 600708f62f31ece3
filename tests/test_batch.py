"""The batch engine: same answers in-process and in workers, and a bad file costs one row."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from pipeline import serialize
from pipeline.judge.rulepack import load_pack
from pipeline.model import (
    Block,
    BlockKind,
    Cell,
    CopyFinding,
    CopyPassage,
    Document,
    FileError,
    Location,
    Problem,
    Result,
    SectionFinding,
    StageFinding,
    StyleHints,
    Submission,
    Table,
)
from pipeline.run import batch


def make_folder(root: Path, n: int = 4) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        if i % 2:
            d = docx.Document()
            d.add_heading(f"第{i}中学三找活动实施方案", 1)
            d.add_paragraph("一、总体要求")
            d.add_paragraph(f"组长：校长{i}")
            p = root / f"s{i:02d}.docx"
            d.save(p)
        else:
            p = root / f"s{i:02d}.txt"
            p.write_text(f"第{i}小学三找自查报告\n一、基本情况\n二、存在问题\n", encoding="utf-8")
        paths.append(p)
    return paths


@pytest.fixture(scope="module")
def pack():
    return load_pack("sanzhao-2013")


def test_workers_give_the_same_submissions_in_discovery_order(tmp_path, pack):
    make_folder(tmp_path / "in", 6)
    inline = batch.run([tmp_path / "in"], pack, workers=1)
    pooled = batch.run([tmp_path / "in"], pack, workers=2)
    assert [s.path for s in inline] == sorted(str(p) for p in (tmp_path / "in").iterdir())
    strip = lambda subs: [s.to_dict() | {"elapsed": 0} for s in subs]
    assert strip(pooled) == strip(inline)
    assert all(s.document is not None and s.document.blocks for s in pooled)


def test_a_hanging_file_costs_one_timeout_row(tmp_path, pack, monkeypatch):
    make_folder(tmp_path / "in", 4)
    monkeypatch.setenv("PAPERCHECK_TEST_HANG_ON", "s01")
    subs = batch.run([tmp_path / "in"], pack, workers=2, limits=batch.Limits(timeout=1.0))
    assert len(subs) == 4
    by_name = {Path(s.path).name: s for s in subs}
    assert by_name["s01.docx"].status == "error"
    assert [e.kind for e in by_name["s01.docx"].errors] == ["timeout"]
    assert all(s.status != "error" for n, s in by_name.items() if n != "s01.docx")


def test_a_crashing_worker_costs_one_crashed_row(tmp_path, pack, monkeypatch):
    make_folder(tmp_path / "in", 5)
    monkeypatch.setenv("PAPERCHECK_TEST_CRASH_ON", "s02")
    subs = batch.run([tmp_path / "in"], pack, workers=2, limits=batch.Limits(timeout=30))
    kinds = {Path(s.path).name: [e.kind for e in s.errors] for s in subs}
    assert kinds["s02.txt"] == ["crashed"]
    assert "SIGKILL" in subs[2].errors[0].message_en
    assert sum(1 for k in kinds.values() if k) == 1


def test_memory_cap_is_set_on_workers(tmp_path, pack, monkeypatch):
    make_folder(tmp_path / "in", 2)
    monkeypatch.setenv("PAPERCHECK_TEST_HOG_ON", "s00")
    subs = batch.run([tmp_path / "in"], pack, workers=1, isolate=True,
                     limits=batch.Limits(timeout=30, memory_mb=512))
    assert [e.kind for e in subs[0].errors] == ["too_large"]
    assert subs[1].status != "error"


def test_isolated_single_worker_survives_a_hang(tmp_path, pack, monkeypatch):
    make_folder(tmp_path / "in", 3)
    monkeypatch.setenv("PAPERCHECK_TEST_HANG_ON", "s00")
    subs = batch.run([tmp_path / "in"], pack, workers=1, isolate=True, limits=batch.Limits(timeout=1.0))
    assert [s.status == "error" for s in subs] == [True, False, False]


def test_serialize_round_trip_keeps_the_document():
    loc = Location(page=2, paragraph=5, section="一、总体要求")
    doc = Document(
        path="a.docx", format="docx", sha256="ab" * 32, ocr=True, pages=3, notes=("第3页文字无法识别",),
        blocks=(
            Block(BlockKind.HEADING, "总体要求", loc, label="一、", level=0,
                  style=StyleHints(heading_level=1, bold=True, size=16.0, alignment="center")),
            Block(BlockKind.TABLE, "问题", Location(table=0),
                  table=Table(rows=((Cell("序号", 0, 0), Cell("问题", 0, 1, colspan=2)),))),
        ),
    )
    sub = Submission(
        path="a.docx", sha256="ab" * 32, format="docx", doc_type="plan", school="第一中学", status="fail",
        sections=(SectionFinding("organisation", "组织领导", True, loc),),
        stages=(StageFinding("study", True, "2013-07", "2013-08", "学习讨论阶段", loc),),
        results=(Result("sanzhao-2013.plan-leader", "error", False, "未写明组长", location=loc),),
        problems=(Problem("个别教师上班玩手机", "discipline", 0.91, loc, measure="加强考勤"),),
        copy=CopyFinding(0.42, "b.docx", 0.9, "第二中学", (CopyPassage("认真开展", "notice", loc),)),
        errors=(FileError("timeout", "读取文件超时", "took too long", "请检查"),),
        review_reasons=("ocr",), elapsed=1.25, document=doc,
    )
    data = json.loads(json.dumps(serialize.submission_to_dict(sub)))
    assert serialize.submission_from_dict(data) == sub
    assert serialize.unpack_submission(serialize.pack_submission(data)) == sub
    assert "status" in data and "sections" in data and "review_reasons" in data
    assert "title" not in data  # defaults are left out


def test_check_uses_the_engine_with_workers(tmp_path):
    from click.testing import CliRunner

    from cli import main

    make_folder(tmp_path / "in", 4)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [Path(s["path"]).name for s in report["submissions"]] == ["s00.txt", "s01.docx", "s02.txt", "s03.docx"]
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_progress_is_told_of_every_file(tmp_path, pack):
    class Count:
        def __init__(self) -> None:
            self.total, self.items = None, []

        def start(self, total):
            self.total = total

        def advance(self, item="", n=1):
            self.items.append(item)

    make_folder(tmp_path / "in", 5)
    bar = Count()
    batch.run([tmp_path / "in"], pack, workers=2, progress=bar)
    assert bar.total == 5
    assert sorted(bar.items) == sorted(str(p) for p in (tmp_path / "in").iterdir())
