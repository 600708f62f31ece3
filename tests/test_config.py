"""papercheck.toml: the options an office sets once; the command line outranks it; a bad one is exit 2."""

import json

import pytest
from click.testing import CliRunner

from cli import main
from pipeline import config

PLAN = "城关小学“三找”活动方案\n一、指导思想\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "方案.txt").write_text(PLAN, encoding="utf-8")
    return tmp_path


def run(args, cwd, monkeypatch):
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, args)


def test_settings_in_the_working_folder_set_out_workers_and_lang(folder, monkeypatch):
    (folder / "papercheck.toml").write_text('out = "结果"\nworkers = 1\nlang = "en"\n', encoding="utf-8")
    result = run(["check", "in"], folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert (folder / "结果" / "report.json").is_file()  # relative to the config file's folder
    assert "wrote" in result.output  # lang = "en": messages in English
    assert json.loads((folder / "结果" / "report.json").read_text())["submissions"]


def test_the_command_line_outranks_the_file(folder, monkeypatch):
    (folder / "papercheck.toml").write_text('out = "结果"\nlang = "en"\nworkers = 1\n', encoding="utf-8")
    result = run(["check", "in", "--out", "mine", "--lang", "zh"], folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert (folder / "mine" / "report.json").is_file() and not (folder / "结果").exists()
    assert "已写入" in result.output


def test_config_option_names_another_file(folder, monkeypatch):
    (folder / "office.toml").write_text('out = "夜间"\nworkers = 1\n', encoding="utf-8")
    (folder / "papercheck.toml").write_text('out = "不用这个"\n', encoding="utf-8")
    result = run(["check", "in", "--config", "office.toml", "-q"], folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert (folder / "夜间" / "report.json").is_file() and not (folder / "不用这个").exists()


def test_a_scan_takes_its_out_from_the_file(folder, monkeypatch):
    (folder / "papercheck.toml").write_text('out = "报告"\nworkers = 1\n', encoding="utf-8")
    result = run(["scan", "in", "--state", "s.db", "-q"], folder, monkeypatch)
    assert result.exit_code == 0, result.output
    assert (folder / "报告" / "report.xlsx").is_file()


@pytest.mark.parametrize("text, words", [
    ('outt = "x"\n', ["papercheck.toml:1", "outt", "pack, roster, out"]),
    ('pack = "sanzhao-2013"\nworkers = 0\n', ["papercheck.toml:2", "workers", "1 或以上"]),
    ('workers = "two"\n', ["workers", "整数"]),
    ('lang = "fr"\n', ["lang", '"zh" 或 "en"']),
    ('letters = "yes"\n', ["letters", "true 或 false"]),
    ('cluster = "my laptop"\n', ["cluster", "调度器地址"]),
    ('out = \n', ["格式有误", "line 1"]),
])
def test_a_bad_key_or_value_is_one_clear_line_and_exit_2(folder, monkeypatch, text, words):
    (folder / "papercheck.toml").write_text(text, encoding="utf-8")
    result = run(["check", "in"], folder, monkeypatch)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not (folder / "out").exists()
    for word in words:
        assert word in result.output, (word, result.output)


def test_every_problem_of_the_file_at_once_and_in_english(folder, monkeypatch):
    (folder / "papercheck.toml").write_text('colour = "red"\nworkers = -1\n', encoding="utf-8")
    result = run(["check", "in", "--lang", "en"], folder, monkeypatch)
    assert result.exit_code == 2
    assert "unknown setting colour" in result.output and "workers = -1 is wrong" in result.output


def test_the_cluster_address_comes_from_the_file(folder, monkeypatch):
    from pipeline.run import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    (folder / "papercheck.toml").write_text('cluster = "tcp://127.0.0.1:9"\n', encoding="utf-8")
    for command in (["check", "in"], ["scan", "in", "--state", "s.db", "--out", "o"]):
        result = run(command, folder, monkeypatch)
        assert result.exit_code == 2, result.output
        assert "无法连接集群调度器 tcp://127.0.0.1:9" in result.output


def test_a_missing_config_file_is_exit_2(folder, monkeypatch):
    result = run(["check", "in", "--config", "nowhere.toml"], folder, monkeypatch)
    assert result.exit_code == 2 and "nowhere.toml" in result.output


def test_defaults_reach_nested_commands_that_have_the_option():
    settings = {"pack": "dangji-2024", "out": "x", "workers": 3}
    defaults = config.defaults_for(main, settings)
    assert defaults["check"]["pack_name"] == "dangji-2024" and defaults["check"]["out_dir"] == "x"
    assert defaults["rules"]["list"] == {"pack_name": "dangji-2024"}
    assert "out_dir" not in defaults.get("train", {})  # train's --out is a model file, not the reports folder
