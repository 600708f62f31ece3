"""`papercheck check` output options, the progress bar, and write_all."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from fixtures.report_submissions import PACK, batch

from cli import main
from pipeline.report import terminal
from pipeline.run.progress import Progress


def _folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "第一中学三找实施方案.txt").write_text("第一中学开展三找活动实施方案\n一、总体要求\n认真开展活动。\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    return src


def test_check_writes_every_report_and_a_table(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(_folder(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"report.json", "report.xlsx", "report.csv", "report", ".papercheck-reports"}
    assert (out / "report" / "index.html").is_file()
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["状态", "文档类型", "学校"]
    assert any(line.startswith("无法读取") and "empty.txt" in line for line in lines)
    assert "共 2 份" in lines[-1]
    assert "已写入" in result.stderr


def test_check_json_to_stdout_quiet_english(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(_folder(tmp_path)), "--out", str(out), "--format", "json",
                                       "--lang", "en", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"pack", "generated_at", "submissions"} <= set(data) and len(data["submissions"]) == 2
    assert result.stderr == ""
    assert "<title>Campaign paperwork check</title>" in (out / "report" / "index.html").read_text(encoding="utf-8")


def test_table_aligns_chinese_columns():
    text = terminal.table(batch(), PACK, "zh")
    lines = text.splitlines()
    from pipeline.report.common import text_width

    file_col = {text_width(line[: line.index("samples/")]) for line in lines if "samples/" in line}
    assert len(file_col) == 1  # the file column starts at the same display column on every line


def test_progress_is_silent_when_not_a_terminal():
    stream = io.StringIO()
    with Progress(label="检查", stream=stream, delay=0) as bar:
        bar.start(3)
        for name in "abc":
            bar.advance(name)
    assert stream.getvalue() == ""


def test_progress_draws_on_a_terminal_and_ends_the_line():
    stream = io.StringIO()
    with Progress(label="检查", stream=stream, enabled=True, delay=0, interval=0) as bar:
        bar.start(4)
        bar.advance("甲.docx")
        bar.advance("乙.docx")
    out = stream.getvalue()
    assert "\r检查 [##########··········] 2/4  50%" in out and out.endswith("\n")


def test_progress_clips_long_names_to_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    bar = Progress(label="检查", enabled=True, delay=0)
    bar.start(1)
    line = bar.line("很长的文件名" * 40)
    from pipeline.report.common import text_width

    assert text_width(line) <= 80 and "…" in line
