import json

from click.testing import CliRunner

from cli import main


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("papercheck 0.")
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "check" in result.output


def test_check_help_lists_the_exit_codes():
    """`check --help` said nothing of its exit codes (only scan did), so a script could not tell 3 from 2."""
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    codes = {line.split()[0] for line in result.output.split("退出码：")[1].splitlines() if line.split()[:1] and line.split()[0].isdigit()}
    assert codes == {"0", "1", "2", "3", "75", "130"}


def test_an_unwritable_out_or_state_is_a_message_not_a_traceback(tmp_path):
    """check/scan with --out or --state under a file (or /proc) ended in a FileNotFoundError traceback."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "方案.txt").write_text("城关小学“三找”活动方案\n一、指导思想\n", encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    runner = CliRunner()
    runs = [
        ["check", str(tmp_path / "in"), "--out", str(blocker / "out"), "-q", "--workers", "1"],
        ["scan", str(tmp_path / "in"), "--state", str(blocker / "s.db"), "--out", str(tmp_path / "o"), "-q"],
        ["scan", str(tmp_path / "in"), "--state", str(tmp_path / "s.db"), "--out", str(blocker / "out"), "-q",
         "--workers", "1"],
    ]
    for args in runs:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "无法写入" in result.output and "Traceback" not in result.output


def test_reports_written_inside_the_checked_folder_are_not_checked_next_time(tmp_path):
    """`check 材料 --out 材料/检查结果` run twice listed report.xlsx, report.csv and every HTML page as submissions."""
    from pathlib import Path

    from pipeline import ingest
    from pipeline.run.scan import walk

    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "方案.txt").write_text("城关小学“三找”活动方案\n一、指导思想\n", encoding="utf-8")
    (folder / "report.csv").write_text("a school's own file named report.csv\n", encoding="utf-8")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(main, ["check", str(folder), "--out", str(folder / "检查结果"), "-q",
                                      "--format", "json", "--workers", "1"])
        assert result.exit_code == 0, result.output
    paths = sorted(Path(s["path"]).name for s in json.loads(result.output)["submissions"])
    assert paths == ["report.csv", "方案.txt"]  # only a folder papercheck wrote to is skipped
    assert [e.path for e in walk([folder])] == [s.path for s in ingest.discover([folder])]


def test_readme_exit_code_table_is_the_one_in_help():
    """One table of exit codes: README's rows are cli.EXIT_CODES, and every command's --help shows its rows."""
    from pathlib import Path

    from cli import EVERY, EXIT_CODES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:4] for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    documented = {int(code): (who.strip(), text.strip()) for code, who, text in rows}
    for code, used, _zh, en in EXIT_CODES:
        who = "every command" if used == EVERY else ", ".join(f"`{c}`" for c in used)
        assert documented.pop(int(code)) == (who, en)
    assert documented == {}
    for command in ("check", "scan", "extract", "history"):
        out = CliRunner().invoke(main, [command, "--help"]).output
        shown = {int(line.split()[0]) for line in out.split("退出码：")[1].splitlines()
                 if line.split()[:1] and line.split()[0].isdigit()}
        assert shown == {int(c) for c, used, _, _ in EXIT_CODES if used == EVERY or command in used}
