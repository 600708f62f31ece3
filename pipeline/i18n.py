"""The language people read papercheck in: Chinese unless they ask for English.

Two things have a language. What the person at the terminal reads (help, errors,
progress, log lines) is Chinese, or English with ``--lang en``, ``lang = "en"``
in papercheck.toml, or an English locale (``LANG=en_US.UTF-8``). The reports are
for the office and are Chinese unless ``--lang en`` or the config asks: a server
with an English locale still writes Chinese spreadsheets.

click's own messages (usage errors, ``Aborted!``, ``Show this message and exit.``)
come from its gettext calls; ``translate_click`` points those at ``CLICK_ZH``.
Help texts are written in English with a ``help_zh=`` beside them (the
``Command``, ``Group``, ``Option`` and ``Argument`` classes here), and a test
fails when a command or option lacks its Chinese. Help is wrapped by display
width, so Chinese lines fit the terminal.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import click

LANGS = ("zh", "en")


@dataclass
class _Choice:
    explicit: str | None = None  # --lang
    configured: str | None = None  # papercheck.toml
    terminal: str = "zh"


_choice = _Choice()


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """``en`` for an English locale (POSIX variables, else Windows' UI language), otherwise ``zh``."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    if sys.platform == "win32" and environ is None:
        import locale

        name = (locale.getlocale()[0] or "").lower()
        return "en" if name.startswith("en") else "zh"
    return "zh"


def choose(explicit: str | None = None, configured: str | None = None,
           environ: Mapping[str, str] | None = None) -> None:
    """Settle the languages for this run (the CLI calls it before click parses anything)."""
    explicit = explicit if explicit in LANGS else None
    configured = configured if configured in LANGS else None
    _choice.explicit, _choice.configured = explicit, configured
    _choice.terminal = explicit or configured or from_locale(environ)


def terminal() -> str:
    """The language of messages on the terminal and in the scan log."""
    return _choice.terminal


def reports() -> str:
    """The language of the reports: asked for, or Chinese (never the server's locale)."""
    return _choice.explicit or _choice.configured or "zh"


def say(zh: str, en: str) -> str:
    """The message in the terminal's language."""
    return en if _choice.terminal == "en" else zh


# --- click's own messages ------------------------------------------------------------------

CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有 {name!r} 这个命令。",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是不是要输入 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要输入其中之一：{possibilities}？）",
    "{value!r} is not {choice}.": "{value!r} 不是可选值，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值，可选：{choices}。",
    "{value} is not in the range {range}.": "{value} 超出范围 {range}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 无法读取（没有权限）。",
    "{name} {filename!r} is not writable.": "{filename!r} 无法写入（没有权限）。",
    "{name} {filename!r} is not executable.": "{filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Do you want to continue?": "是否继续？",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
}


def gettext(message: str) -> str:
    """click's ``_()``: the Chinese of one of its messages when the terminal reads Chinese."""
    if _choice.terminal == "zh":
        return CLICK_ZH.get(message, message)
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def translate_click() -> None:
    """Point click's gettext calls at ``gettext`` above (idempotent).

    click binds ``_ = gettext.gettext`` in each of its modules; a message it does not
    know stays English, so a newer click can only lose a translation, never break.
    """
    import gettext as std

    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        if getattr(module, "_", None) in (std.gettext, gettext):
            module._ = gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) in (std.ngettext, ngettext):
            module.ngettext = ngettext  # type: ignore[attr-defined]


# --- help wrapped by display width ------------------------------------------------------

_NO_BREAK_BEFORE = set("，。、；：？！）》」』”’,.;:?!)]%")
_NO_BREAK_AFTER = set("（《「『“‘([")


def width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Words for wrapping: runs of non-CJK text up to a space, and single CJK characters."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch == " ":
            if word:
                out.append(word)
            out.append(" ")
            word = ""
        elif unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` display columns; no line starts with closing punctuation."""
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if token == " " and not line:
            continue
        if line and width(line) + width(token) > columns and token != " ":
            carried = ""
            if token[0] in _NO_BREAK_BEFORE and len(line) > 1:  # carry the last character down with it
                carried, line = line[-1], line[:-1]
            while len(line) > 1 and line.rstrip()[-1:] in _NO_BREAK_AFTER:  # no line ends with an opening bracket
                line = line.rstrip()
                carried, line = line[-1] + carried, line[:-1]
            lines.append(line.rstrip())
            line = carried + token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _paragraphs(text: str) -> list[tuple[bool, str]]:
    """(verbatim, text) per paragraph; click's ``\\b`` line marks one not to rewrap."""
    out = []
    for block in text.split("\n\n"):
        if block.startswith("\b"):
            out.append((True, block.split("\n", 1)[1] if "\n" in block else ""))
        elif block.strip():
            out.append((False, _join_lines(block)))
    return out


def _join_lines(block: str) -> str:
    """Join a paragraph's lines: with a space between Latin text, without one between Chinese."""
    text = ""
    for line in (ln.strip() for ln in block.splitlines()):
        if text and line and (width(text[-1]) == 1 or width(line[0]) == 1):
            text += " "
        text += line
    return text


class HelpFormatter(click.HelpFormatter):
    """click's formatter, wrapping by display width and with full-width colons in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None and terminal() == "zh":
            prefix = "用法："
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}{'：' if terminal() == 'zh' else ':'}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent, 20)
        blocks = []
        for verbatim, body in _paragraphs(text):
            lines = body.splitlines() if verbatim else wrap(body, room)
            blocks.append("\n".join(indent + line for line in lines))
        self.write("\n\n".join(blocks) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(r[0]) for r in rows), default=0), col_max) + col_spacing
        room = max(self.width - first_col - self.current_indent - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for verbatim, body in _paragraphs(second)
                     for line in (body.splitlines() if verbatim else wrap(body, room))] or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


# --- bilingual commands and options -------------------------------------------------------

_METAVARS_ZH = {"DIRECTORY": "文件夹", "FILE": "文件", "PATH": "路径", "INTEGER": "整数", "FLOAT": "数字",
                "TEXT": "文本", "INTEGER RANGE": "整数", "FLOAT RANGE": "数字"}


def _bilingual(en: str | None, zh: str | None) -> str | None:
    return zh if terminal() == "zh" and zh else en


class Option(click.Option):
    """An option with ``help_zh`` (and optionally ``metavar_zh``) beside its English help."""

    def __init__(self, *args: Any, help_zh: str | None = None, metavar_zh: str | None = None, **kwargs: Any) -> None:
        self.help_zh = inspect.cleandoc(help_zh) if help_zh else None
        self.metavar_zh = metavar_zh
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return _bilingual(self._help_en, self.help_zh)

    @help.setter
    def help(self, value: str | None) -> None:
        self._help_en = value

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None or terminal() != "zh":
            return record
        names, text = record  # "…  [默认：out; x>=1]" reads as "…（默认：out；x>=1）" in Chinese
        return names, re.sub(r"\s*\[([^\[\]]*)\]$", lambda m: "（" + m.group(1).replace("; ", "；") + "）", text)

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        shown = super().make_metavar(*args, **kwargs)
        if terminal() != "zh":
            return shown
        if self.metavar_zh:
            return self.metavar_zh
        return _METAVARS_ZH.get(shown, shown)


class Argument(click.Argument):
    """An argument whose name in usage lines has a Chinese form (``metavar_zh``)."""

    def __init__(self, *args: Any, metavar_zh: str | None = None, **kwargs: Any) -> None:
        self.metavar_zh = metavar_zh
        super().__init__(*args, **kwargs)

    def make_metavar(self, *args: Any, **kwargs: Any) -> str:
        shown = super().make_metavar(*args, **kwargs)
        if terminal() == "zh" and self.metavar_zh:
            return self.metavar_zh + ("…" if self.nargs != 1 else "")
        return shown


class _Bilingual:
    """Help, short help and epilog in both languages, for Command and Group."""

    help_zh: str | None
    epilog_zh: str | None
    short_help_zh: str | None
    _help_en: str | None
    _epilog_en: str | None
    _short_help_en: str | None

    def _init_zh(self, kwargs: dict[str, Any]) -> None:
        self.help_zh = kwargs.pop("help_zh", None)
        self.epilog_zh = kwargs.pop("epilog_zh", None)
        self.short_help_zh = kwargs.pop("short_help_zh", None)

    @property
    def help(self) -> str | None:
        return _bilingual(self._help_en, self.help_zh)

    @help.setter
    def help(self, value: str | None) -> None:
        self._help_en = value

    @property
    def epilog(self) -> str | None:
        return _bilingual(self._epilog_en, self.epilog_zh)

    @epilog.setter
    def epilog(self, value: str | None) -> None:
        self._epilog_en = value

    @property
    def short_help(self) -> str | None:
        if terminal() == "zh":
            return self.short_help_zh or (self.help_zh.split("。")[0] + "。" if self.help_zh else None)
        return self._short_help_en

    @short_help.setter
    def short_help(self, value: str | None) -> None:
        self._short_help_en = value

    @property
    def options_metavar(self) -> str:
        return "[选项]" if terminal() == "zh" else "[OPTIONS]"

    @options_metavar.setter
    def options_metavar(self, value: str) -> None:
        pass


class Command(_Bilingual, click.Command):  # type: ignore[misc]
    """A command with ``help_zh`` / ``epilog_zh``; its options default to ``Option``."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_zh(kwargs)
        super().__init__(*args, **kwargs)


class Group(_Bilingual, click.Group):  # type: ignore[misc]
    """A group whose commands and sub-groups are bilingual too."""

    context_class = Context
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._init_zh(kwargs)
        super().__init__(*args, **kwargs)

    @property
    def subcommand_metavar(self) -> str:
        return "命令 [参数]…" if terminal() == "zh" else "COMMAND [ARGS]..."

    @subcommand_metavar.setter
    def subcommand_metavar(self, value: str) -> None:
        pass


Group.group_class = Group


def untranslated(command: click.Command, path: str = "") -> list[str]:
    """Every help text under ``command`` with no Chinese beside it (a test keeps this empty)."""
    name = f"{path} {command.name}".strip()
    missing: list[str] = []
    if command.hidden:
        return missing
    if not getattr(command, "help_zh", None) and getattr(command, "_help_en", None):
        missing.append(f"{name}: help_zh")
    if getattr(command, "_epilog_en", None) and not getattr(command, "epilog_zh", None):
        missing.append(f"{name}: epilog_zh")
    for param in command.params:
        english = param._help_en if isinstance(param, Option) else getattr(param, "help", None)
        if isinstance(param, click.Option) and english and not getattr(param, "help_zh", None) and not param.hidden:
            missing.append(f"{name} {param.opts[0]}: help_zh")
    for sub in getattr(command, "commands", {}).values():
        missing.extend(untranslated(sub, name))
    return missing
