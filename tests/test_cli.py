from click.testing import CliRunner

from cli import main


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("papercheck, version")
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "check" in result.output
