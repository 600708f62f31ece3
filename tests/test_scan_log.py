"""The scan's log goes through logging's WatchedFileHandler: logrotate may move it between (or during) runs."""

from __future__ import annotations

import re

from click.testing import CliRunner

from cli import main


def test_log_rotated_between_runs_starts_a_new_file_and_keeps_the_old(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "第一中学三找实施方案.txt").write_text("第一中学开展三找活动实施方案\n一、总体要求\n认真开展活动。\n", encoding="utf-8")
    state, out = tmp_path / "var" / "state.db", tmp_path / "out"
    args = ["scan", str(src), "--state", str(state), "--out", str(out), "--quiet", "--workers", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    log = tmp_path / "var" / "state.db.log"
    log.rename(tmp_path / "var" / "state.db.log.1")  # what logrotate does (no copytruncate)
    (src / "empty.txt").write_bytes(b"")
    assert CliRunner().invoke(main, args).exit_code == 4  # the empty file is unreadable
    old = (tmp_path / "var" / "state.db.log.1").read_text(encoding="utf-8").splitlines()
    new = log.read_text(encoding="utf-8").splitlines()
    assert len(old) == 1 and "扫描第 1 次" in old[0]
    assert len(new) == 1 and "扫描第 2 次" in new[0] and "新增 1" in new[0]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} 扫描第 2 次", new[0])
