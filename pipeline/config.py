"""papercheck.toml: the options an office sets once (pack, roster, out, workers, lang, letters, cluster).

The file is ``papercheck.toml`` in the working folder, or the one ``--config FILE``
names. It is flat, one key a line, the keys' names those of the command-line
options without dashes::

    pack = "sanzhao-2013"
    roster = "学校名单.xlsx"     # relative paths are relative to the config file's folder
    out = "检查结果"
    workers = 2
    lang = "zh"
    letters = true
    cluster = "tcp://10.0.0.5:8786"   # judge on a Dask cluster (deploy/cluster.md)

An option given on the command line outranks the file. A key the table below
does not know, or a value of the wrong kind, stops the run before any work
(exit 2) with the file, the line and what is allowed. A key sets the option of
every command that has it (``pack`` for check, scan, rules list, …; ``out`` for
check and scan); the CLI passes ``defaults_for`` to click as its ``default_map``.

Adding a key is adding one ``Key`` to ``KEYS``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PapercheckError

FILE_NAME = "papercheck.toml"
_ADDRESS = re.compile(r"^(?:(?:tcp|tls)://)?[\w.\-\[\]:]+:\d{1,5}$")


class ConfigError(PapercheckError):
    """The config file cannot be read, or holds a key or value papercheck does not accept."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Key:
    """One key of papercheck.toml: the option it stands for and what its value may be."""

    name: str
    param: str  # the click parameter it sets, in every command that has one by that name
    kind: str  # "text", "path", "folder", "count", "flag", "choice" or "address"
    help_zh: str
    help_en: str
    choices: tuple[str, ...] = ()


KEYS: tuple[Key, ...] = (
    Key("pack", "pack_name", "text", "规则包：rules/ 下的名称，或规则包文件夹的路径", "rule pack: a name under rules/ or a folder"),
    Key("roster", "roster", "path", "学校名单（.xlsx 或 .csv）", "the roster of schools (.xlsx or .csv)"),
    Key("out", "out_dir", "folder", "报告输出文件夹", "folder for the reports"),
    Key("workers", "workers", "count", "并行处理的进程数（1 或以上的整数）", "worker processes (a whole number, 1 or more)"),
    Key("lang", "lang", "choice", "消息和报告的语言", "language of messages and reports", ("zh", "en")),
    Key("letters", "letters", "flag", "是否给需要重交的学校写反馈意见书（true 或 false）",
        "write a letter to each school that must redo something (true or false)"),
    Key("cluster", "cluster", "address", "在 Dask 集群上检查：调度器地址，如 \"tcp://10.0.0.5:8786\"（见 deploy/cluster.md）",
        "judge the files on a Dask cluster: the scheduler's address, e.g. \"tcp://10.0.0.5:8786\" (deploy/cluster.md)"),
)
BY_NAME = {key.name: key for key in KEYS}


def find(explicit: Path | None, cwd: Path | None = None) -> Path | None:
    """The config file to read: ``--config FILE`` (which must exist), else papercheck.toml here, else none."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"配置文件 {explicit} 不存在", f"the config file {explicit} does not exist")
        return explicit
    here = (cwd or Path.cwd()) / FILE_NAME
    return here if here.is_file() else None


def _line_of(text: str, name: str) -> int | None:
    """The line a key is written on (tomllib does not say), for the message."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _value(key: Key, value: Any, base: Path) -> tuple[Any, str, str] | tuple[Any, None, None]:
    """The value as the option takes it, or (None, why in Chinese, why in English)."""
    if key.kind in ("text", "path", "folder"):
        if not isinstance(value, str) or not value.strip():
            return None, "应为用引号括起的文字", "must be quoted text"
        if key.kind == "text":
            return value, None, None
        path = Path(value).expanduser()
        return (path if path.is_absolute() else base / path), None, None
    if key.kind == "address":
        if not isinstance(value, str) or not _ADDRESS.match(value.strip()):
            return None, "应为调度器地址，如 \"tcp://10.0.0.5:8786\"", 'must be a scheduler address such as "tcp://10.0.0.5:8786"'
        return value.strip(), None, None
    if key.kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return None, "应为 1 或以上的整数", "must be a whole number, 1 or more"
        return value, None, None
    if key.kind == "flag":
        if not isinstance(value, bool):
            return None, "应为 true 或 false", "must be true or false"
        return value, None, None
    if value not in key.choices:
        allowed = " 或 ".join(f'"{c}"' for c in key.choices)
        return None, f"只能是 {allowed}", f"must be {' or '.join(repr(c) for c in key.choices)}"
    return value, None, None


def load(path: Path) -> dict[str, Any]:
    """The file's settings by key name, values checked and paths made absolute; every problem at once."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except OSError as e:
        raise ConfigError(f"无法读取配置文件 {path}：{e.strerror or e}", f"cannot read the config file {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"配置文件 {path} 不是 UTF-8 编码", f"the config file {path} is not UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"配置文件 {path} 格式有误：{e}", f"the config file {path} is not valid TOML: {e}") from e
    known = ", ".join(BY_NAME)
    base = path.resolve().parent
    settings: dict[str, Any] = {}
    zh: list[str] = []
    en: list[str] = []
    for name, raw in data.items():
        line = _line_of(text, name)
        where = f"{path}:{line}" if line else str(path)
        key = BY_NAME.get(name)
        if key is None:
            zh.append(f"{where}：不认识的设置 {name}（可用：{known}）")
            en.append(f"{where}: unknown setting {name} (allowed: {known})")
            continue
        value, why_zh, why_en = _value(key, raw, base)
        if why_zh is not None:
            zh.append(f"{where}：{name} = {raw!r} 不对：{why_zh}（{key.help_zh}）")
            en.append(f"{where}: {name} = {raw!r} is wrong: it {why_en} ({key.help_en})")
            continue
        settings[name] = value
    if zh:
        raise ConfigError("\n".join(zh), "\n".join(en))
    return settings


def defaults_for(command: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """click's ``default_map`` for a command tree: each setting for every parameter named as its key says."""
    by_param = {BY_NAME[name].param: value for name, value in settings.items() if name in BY_NAME}
    found: dict[str, Any] = {}
    for param in getattr(command, "params", []):
        if param.name in by_param and param.name != "lang":  # lang is settled before parsing (i18n.choose)
            found[param.name] = by_param[param.name]
    for name, sub in getattr(command, "commands", {}).items():
        nested = defaults_for(sub, settings)
        if nested:
            found[name] = nested
    return found


def describe(lang: str) -> str:
    """The keys, one a line, for help texts and the README."""
    return "\n".join(f"{k.name:8} {k.help_zh if lang == 'zh' else k.help_en}" for k in KEYS)
