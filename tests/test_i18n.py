"""Chinese for everything a user reads, English on request: help, click's own errors, messages, reports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import main
from pipeline import i18n


def _run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_every_command_and_option_has_its_chinese_help():
    assert i18n.untranslated(main) == []


@pytest.mark.parametrize("command", [[], ["check"], ["scan"], ["rules", "validate"], ["history"], ["extract"]])
def test_help_is_chinese_and_fits_80_columns(command):
    result = _run(*command, "--help")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("用法：papercheck") and "选项：" in out and "显示本帮助并退出。" in out
    assert "Usage" not in out and "Options" not in out and "Show this message" not in out
    assert max(i18n.width(line) for line in out.splitlines()) <= 80


def test_help_in_english_with_lang_anywhere_or_an_english_locale():
    for args, env in ((["check", "--help", "--lang", "en"], None), (["--lang=en", "check", "--help"], None),
                      (["check", "--help"], {"LANG": "en_US.UTF-8"})):
        out = _run(*args, env=env).output
        assert out.startswith("Usage: papercheck check [OPTIONS] PATHS...") and "Folder for the reports." in out


def test_clicks_own_errors_are_chinese(tmp_path):
    missing = _run("check", str(tmp_path / "收到的材料"))
    assert missing.exit_code == 2
    assert "错误：" in missing.output and "不存在" in missing.output and "does not exist" not in missing.output
    assert "运行 'papercheck check --help' 查看帮助。" in missing.output
    typo = _run("chek")
    assert "没有 'chek' 这个命令" in typo.output and "check" in typo.output
    bad = _run("check", str(tmp_path), "--workers", "0")
    assert "超出范围" in bad.output
    none = _run("check")
    assert "缺少参数" in none.output


def test_an_english_locale_gives_english_messages_but_chinese_reports(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "第一中学三找实施方案.txt").write_text("第一中学三找活动实施方案\n一、总体要求\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(src), "--out", str(tmp_path / "out")],
                                env={"LANG": "en_US.UTF-8"})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:2] == ["Status", "Type"]
    assert "wrote" in result.stderr
    rows = (tmp_path / "out" / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("序号,学校")  # the office's report stays Chinese on an English server
    explicit = CliRunner().invoke(main, ["check", str(src), "--out", str(tmp_path / "en"), "--lang", "en"])
    assert (tmp_path / "en" / "report.csv").read_text(encoding="utf-8-sig").startswith("No.,School")
    assert "wrote" in explicit.stderr


def test_a_bug_is_one_sentence_not_a_traceback(tmp_path, monkeypatch):
    from pipeline.run import batch

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(batch, "run", broken)
    result = _run("check", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "papercheck 内部出错（RuntimeError: boom）" in result.output and "Traceback" not in result.output


def test_a_missing_optional_library_names_the_extra(tmp_path, monkeypatch):
    from pipeline.understand import classify

    def needs_sklearn(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'sklearn'", name="sklearn")

    monkeypatch.setattr(classify, "train_categoriser", needs_sklearn)
    result = _run("train", "--pack", "sanzhao-2013", "--out", str(tmp_path / "m.npz"))
    assert result.exit_code == 2
    assert "pip install 'papercheck[train]'" in result.output


def test_wrap_keeps_lines_within_width_and_punctuation_off_line_starts():
    text = "检查给出的文件和文件夹中的每一份材料，把报告写到 --out。写出 report.xlsx（表格）和 report.json。" * 3
    for columns in (20, 31, 40):
        lines = i18n.wrap(text, columns)
        assert all(i18n.width(line) <= columns for line in lines)
        assert not any(line[0] in "，。）；：" for line in lines)
        assert not any(line[-1] in "（《“" for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_history_in_chinese(tmp_path):
    from pipeline.run.store import Judge, Store

    with Store(tmp_path / "state.db") as store:
        run_id = store.begin_run(["/x"], Judge("sanzhao-2013", "1", "m"), 1)
        with store.transaction():
            store.record_files([("/x/方案.txt", 1, 1, "ab" * 32)], run_id)
            store.save_results("ab" * 32, Judge("sanzhao-2013", "1", "m"),
                               [("", {"path": "/x/方案.txt", "status": "fail", "doc_type": "plan", "school": "第一中学"})],
                               run_id)
    out = _run("history", "第一中学", "--state", str(tmp_path / "state.db")).output
    assert "不合格 实施方案 第一中学" in out and "规则包 sanzhao-2013" in out
    assert json.dumps(out, ensure_ascii=False).count("plan") == 0
