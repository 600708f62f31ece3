"""report.xlsx written in a forked process beside the other reports: the same workbook, errors raised here."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from pipeline import report
from pipeline.judge.rulepack import load_pack
from pipeline.report import forked
from pipeline.run import batch

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def judged():
    pack = load_pack("sanzhao-2013")
    files = sorted(p for p in SAMPLES.glob("*.docx"))[:6]
    return batch.run(files, pack, workers=1), pack


def cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def test_the_forked_spreadsheet_is_the_one_written_here(judged, tmp_path, monkeypatch):
    subs, pack = judged
    here = report.write_all(subs, pack, tmp_path / "here")
    # Fork whatever else this test process runs: an earlier test (a Dask client) may leave threads behind,
    # and usable() then declines to fork; here the point is what the forked writer writes.
    monkeypatch.setattr(forked, "usable", lambda count: True)
    aside = report.write_all(subs, pack, tmp_path / "aside")
    assert [p.relative_to(tmp_path / "aside") for p in aside] == [p.relative_to(tmp_path / "here") for p in here]
    assert cells(tmp_path / "aside" / "report.xlsx") == cells(tmp_path / "here" / "report.xlsx")
    strip = lambda p: {k: v for k, v in json.loads(p.read_text(encoding="utf-8")).items() if k != "generated_at"}
    assert strip(tmp_path / "aside" / "report.json") == strip(tmp_path / "here" / "report.json")


def test_an_error_in_the_forked_writer_is_raised_here(judged, tmp_path, monkeypatch):
    subs, pack = judged

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "report.xlsx"))

    monkeypatch.setattr(forked, "FROM", 1)
    monkeypatch.setitem(report.FORMATS, "xlsx", refused)
    monkeypatch.setattr(report, "WRITERS", [refused if w.__module__.endswith("xlsx") else w for w in report.WRITERS])
    with pytest.raises(PermissionError) as e:
        report.write_all(subs, pack, tmp_path / "out")
    assert e.value.filename == str(tmp_path / "report.xlsx")
