from click.testing import CliRunner

from cli import main


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("papercheck, version")
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "check" in result.output


def test_check_help_lists_the_exit_codes():
    """`check --help` said nothing of its exit codes (only scan did), so a script could not tell 3 from 2."""
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0
    codes = {line.split()[0] for line in result.output.split("Exit codes:")[1].splitlines() if line.strip()}
    assert codes == {"0", "1", "2", "3"}
