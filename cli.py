"""papercheck's command line: options in, pipeline call, exit code out.

Every help text is written twice, English and ``help_zh``; messages go through
``say(zh, en)``. Chinese unless ``--lang en`` or an English locale (pipeline.i18n).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from enum import IntEnum
from pathlib import Path
from typing import Any

import click

from pipeline import __version__, config, i18n
from pipeline.errors import PapercheckError, RulePackError
from pipeline.i18n import say
from pipeline.names import clean, clean_data, one_line, shown

option = functools.partial(click.option, cls=i18n.Option)
argument = functools.partial(click.argument, cls=i18n.Argument)


class Exit(IntEnum):
    """Exit codes, for cron and scripts (the table below is the one in README and every --help)."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    FAILED_SUBMISSIONS = 3
    UNREADABLE = 4
    ALREADY_RUNNING = 75
    INTERRUPTED = 130


EVERY = ("*",)
# (code, commands that return it, Chinese, English)
EXIT_CODES: tuple[tuple[Exit, tuple[str, ...], str, str], ...] = (
    (Exit.OK, EVERY, "完成（无论检查结论如何）", "done, whatever the verdicts"),
    (Exit.FAILED_SUBMISSIONS, ("check", "test"), "check 用了 --fail-on fail 且有提交不合格；rules test 有测试文件没有得到应有的结论",
     "check --fail-on fail and a submission failed; rules test: a fixture did not get the verdict it expects"),
    (Exit.UNREADABLE, ("scan", "extract"),
     "完成，但有文件无法读取（见报告；文件改动之前每次都如此）",
     "done, but some files could not be read (in the reports; every run until they change)"),
    (Exit.USAGE, EVERY, "选项有误、路径不存在、规则包有误，或输出位置无法写入、会覆盖不是 papercheck 写的文件；什么都没做",
     ("bad options, a missing path, a bad rule pack, or an output that cannot be written or would overwrite files "
      "papercheck did not write; nothing was done")),
    (Exit.ALREADY_RUNNING, ("check", "scan"),
     "另一个扫描正在使用这个状态文件，或另一个 papercheck 一分钟内一直在向 --out 写报告；什么都没做",
     ("another scan holds this state file, or another papercheck kept publishing into --out for a minute; "
      "nothing was done")),
    (Exit.INTERRUPTED, ("check", "scan"), "被 Ctrl-C 或 SIGTERM 中断；已完成的文件已保存",
     "interrupted by Ctrl-C or SIGTERM; the files finished are kept"),
    (Exit.INTERNAL, EVERY, "papercheck 自身出错（扫描状态保持一致，可以重新运行）",
     "papercheck itself failed (the scan state stays consistent; run again)"),
)


def exit_codes(command: str | None, lang: str) -> str:
    """The exit-code table for one command's --help (``None``: every code, for the group's)."""
    rows = sorted((code, zh if lang == "zh" else en) for code, used, zh, en in EXIT_CODES
                  if command is None or used == EVERY or command in used)
    head = "退出码：" if lang == "zh" else "Exit codes:"
    lines = [head]
    for code, text in rows:  # a verbatim block (\b): wrapped here, to 76 columns, under its text
        wrapped = i18n.wrap(text, 68)
        lines.append(f"  {code.value:<4}{wrapped[0]}")
        lines.extend(f"      {more}" for more in wrapped[1:])
    return "\b\n" + "\n".join(lines)


def exits(command: str | None = None) -> dict[str, str]:
    """``epilog`` and ``epilog_zh`` keyword arguments carrying the exit-code table."""
    return {"epilog": exit_codes(command, "en"), "epilog_zh": exit_codes(command, "zh")}


def fail(zh: str, en: str, code: Exit = Exit.USAGE) -> None:
    """One line on stderr and the exit code: the way a command stops on bad input (or an interruption)."""
    prefix = "" if code == Exit.INTERRUPTED else say("错误：", "Error: ")
    click.echo(prefix + say(zh, en), err=True)
    sys.exit(code)


def roster_option(f):
    return option(
        "--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        help="The schools expected to hand in (.xlsx or .csv with a 学校 column; optionally 别名, 学段, 片区, 联系人): "
             "adds the 学校进度 and 未交材料 sheets, a schools page and `schools` in report.json.",
        help_zh="应交材料的学校名单（.xlsx 或 .csv，含“学校”列，可有别名、学段、片区、联系人）：报告中增加"
                "“学校进度”“未交材料”工作表、学校进度网页和 report.json 的 schools。", metavar_zh="名单",
    )(f)


def letters_option(f):
    return option(
        "--letters", is_flag=True, default=False,
        help="Also write a 反馈意见书 (.docx) to each school that must redo or hand in something, under --out.",
        help_zh="同时给每所需要重交或补交材料的学校写一份反馈意见书（.docx），放在 --out 下。",
    )(f)


def _load_roster(path: Path | None):
    """The roster named by --roster (or the config), or None; a bad one stops before any work (exit 2)."""
    from pipeline.office.roster import RosterError, read

    if path is None:
        return None
    try:
        return read(path)
    except RosterError as e:
        fail(e.zh, e.en)


def _open_state(path: Path | None):
    """The state for reviewers' decisions (check --state, review import), or None."""
    from pipeline.run.store import StateError, Store

    if path is None:
        return None
    try:
        return Store(path)
    except StateError as e:
        _refused(e)
    except OSError as e:
        _cannot_write(e)


def _office_said(office, quiet: bool) -> None:
    """What reading back the previous report found: decisions imported, rows that could not be used."""
    if office.imported and not quiet:
        click.echo(say(f"已从上次的 report.xlsx 导入 {office.imported} 条复核结论",
                       f"imported {office.imported} reviewer decisions from the previous report.xlsx"), err=True)
    for warning in office.warnings:
        click.echo(say("  注意：", "  warning: ") + warning, err=True)


def pack_option(f):
    return option(
        "--pack", "pack_name", default="sanzhao-2013", show_default=True,
        help="Rule pack: a name under rules/ or a path to a pack folder.",
        help_zh="规则包：rules/ 下的名称，或规则包文件夹的路径。", metavar_zh="规则包",
    )(f)


def _load_pack(name: str):
    from pipeline.judge.rulepack import load_pack

    try:
        return load_pack(name)
    except RulePackError as e:  # every problem of the pack, one a line, before any file is read
        for line in e.problems:
            click.echo(say("错误：规则包有误：", "Error: bad rule pack: ") + one_line(line), err=True)
        if len(e.problems) > 1:
            click.echo(say(f"规则包 {name} 共有 {len(e.problems)} 处错误", f"{len(e.problems)} problems in the rule pack {name}"),
                       err=True)
        sys.exit(Exit.USAGE)


def _cannot_write(e: OSError) -> None:
    """A report or state path that cannot be written: a message, not a traceback (exit 2)."""
    where = shown(e.filename) if e.filename else ""
    reason = e.strerror or str(e)
    fail(f"无法写入 {where}：{reason}（请检查 --out / --state 的路径和权限）",
         f"cannot write {where}: {reason} (check the --out / --state path and its permissions)")


def _refused(e: PapercheckError) -> None:
    """--out/--json would overwrite someone else's files, or the state cannot be used (exit 2)."""
    fail(one_line(str(e)), one_line(str(e)))


def workers_option(f):
    return option(
        "--workers", type=click.IntRange(min=1), default=None,
        help="Worker processes (default: one per core); each file is read in a worker, capped by --memory-limit and --timeout.",
        help_zh="并行处理的进程数（默认每个 CPU 核一个）；每个文件在独立进程中读取，受 --memory-limit 和 --timeout 限制。",
    )(f)


def cluster_option(f):
    return option(
        "--cluster", "cluster", metavar="tcp://HOST:8786", default=None,
        help="Judge the files on a Dask cluster (its scheduler's address; needs papercheck[cluster]): see "
             "deploy/cluster.md. Discovery, the state and the reports stay on this machine.",
        help_zh="在 Dask 集群上检查文件（调度器地址；需要安装 papercheck[cluster]，见 deploy/cluster.md）。"
                "查找文件、状态文件和报告仍在本机。",
    )(f)


def _warn(zh: str, en: str) -> None:
    click.echo(say("  注意：", "  warning: ") + say(zh, en), err=True)


def _cluster_refused(e: Exception) -> None:
    """The cluster cannot be used (not installed, unreachable, no worker with our versions): exit 2."""
    fail(one_line(getattr(e, "zh", str(e))), one_line(getattr(e, "en", str(e))))


def follow_option(f):
    return option(
        "--follow-symlinks", is_flag=True,
        help="Read what symbolic links point to outside the checked folders (never system folders such as /etc). "
             "Without it such a link is a row saying it was not followed.",
        help_zh="读取指向被检查文件夹以外的符号链接（快捷方式）所指的内容（系统文件夹如 /etc 除外）。"
                "不加此项时，这样的链接记为一行“没有读取”。",
    )(f)


def limit_options(f):
    f = option("--memory-limit", "memory_mb", type=click.IntRange(min=64), default=4096, show_default=True,
               help="Memory (address space) one file may use, in MB; beyond it the file is a too_large row.",
               help_zh="每个文件最多可用的内存（MB）；超出则该文件记为“文件过大”。")(f)
    return option("--timeout", type=click.FloatRange(min=0.1), default=300.0, show_default=True,
                  help="Seconds one file may take before its worker is killed.",
                  help_zh="每个文件最长处理时间（秒）；超时则该文件记为“处理超时”。")(f)


def _stopping(signal_name: str) -> None:
    """Told once when Ctrl-C or SIGTERM arrives: the run stops after the file in hand."""
    click.echo(say(f"\n收到 {signal_name}：当前文件完成后停止（再按一次 Ctrl-C 立即退出）……",
                   f"\n{signal_name} received: stopping after the file in hand (Ctrl-C again to stop at once)…"),
               err=True)


def _peek(args: list[str], name: str) -> str | None:
    """The value of ``name`` anywhere in args (``--lang en`` or ``--lang=en``), before click parses them."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


# An optional dependency missing: which extra brings it.
EXTRAS = {"sklearn": "train", "dask": "cluster", "distributed": "cluster"}


class Papercheck(i18n.Group):
    """The command group: settles the language before parsing; a failure is a sentence, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from pipeline.run.interrupt import Interrupted

        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Ctrl-C outside a graceful block: exit 130 like the rest, not click's "Aborted!" 1
            raise Interrupted("SIGINT") from None

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        explicit = _peek(argv, "--lang")
        i18n.choose(explicit=explicit)
        i18n.translate_click()
        settings = _settings(_peek(argv, "--config"), standalone_mode)
        i18n.choose(explicit=explicit, configured=settings.get("lang"))
        _forget_help(self)  # click keeps each command's --help option, worded in the language of its first use
        if settings:
            extra["default_map"] = config.defaults_for(self, settings)
        from pipeline.run.interrupt import Interrupted

        try:
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        except Interrupted as e:
            if not standalone_mode:
                raise
            name = e.signal_name or "SIGINT"
            fail(f"已中断（{name}）。", f"interrupted ({name}).", Exit.INTERRUPTED)
        except ModuleNotFoundError as e:
            top = (e.name or "").split(".")[0]
            if not standalone_mode or top not in EXTRAS:
                raise
            pip = f"pip install 'papercheck[{EXTRAS[top]}]'"
            fail(f"这个命令需要可选组件 {top}：{pip}", f"this command needs the optional {top}: {pip}", Exit.USAGE)
        except Exception as e:  # click re-raises what is not its own: a bug of ours
            if not standalone_mode or os.environ.get("PAPERCHECK_DEBUG"):
                raise
            what = one_line(f"{type(e).__name__}: {e}")[:300]
            fail(f"papercheck 内部出错（{what}）。设置环境变量 PAPERCHECK_DEBUG=1 再运行可看到详细信息。",
                 f"papercheck failed ({what}). Run again with PAPERCHECK_DEBUG=1 for the details.", Exit.INTERNAL)


def _forget_help(command: click.Command) -> None:
    command._help_option = None
    for sub in getattr(command, "commands", {}).values():
        _forget_help(sub)


def _settings(explicit: str | None, standalone_mode: bool) -> dict[str, Any]:
    """papercheck.toml here or ``--config FILE``, checked before click parses anything (a bad one: exit 2)."""
    try:
        found = config.find(Path(explicit) if explicit else None)
        return config.load(found) if found else {}
    except config.ConfigError as e:
        if not standalone_mode:
            raise
        lines = say(e.zh, e.en).splitlines()
        for line in lines:
            click.echo(say("错误：", "Error: ") + line, err=True)
        sys.exit(Exit.USAGE)


def lang_option(f):
    f = option(
        "--config", type=click.Path(dir_okay=False, path_type=Path), default=None, expose_value=False, is_eager=True,
        help=f"Settings file (default: {config.FILE_NAME} in the working folder, if there is one); options on the "
             "command line outrank it. Keys: pack, roster, out, workers, lang, letters.",
        help_zh=f"配置文件（默认：当前文件夹中的 {config.FILE_NAME}，如果有）；命令行上的选项优先。"
                "可设：pack、roster、out、workers、lang、letters。", metavar_zh="文件",
    )(f)
    return option(
        "--lang", type=click.Choice(i18n.LANGS), default=None, expose_value=False, is_eager=True,
        help="Language of messages and reports (default: Chinese; messages follow an English locale).",
        help_zh="消息和报告的语言（默认中文；系统为英文环境时消息用英文）。",
    )(f)


@click.group("papercheck", cls=Papercheck, context_settings={"help_option_names": ["-h", "--help"]},
             help_zh="检查学校为专项活动（三找）提交的材料。\n\n从这里开始：papercheck check 文件夹 --out 检查结果/",
             **exits())
@click.version_option(__version__, "--version", "-V", prog_name="papercheck", message="%(prog)s %(version)s",
                      cls=i18n.Option, help="Show the version and exit.", help_zh="显示版本号并退出。")
@lang_option
def main() -> None:
    """Check the paperwork schools hand in for a campaign (三找).

    Start with `papercheck check FOLDER --out out/`.
    """


def command(group: click.Group, name: str | None = None, **kwargs: Any):
    """``@group.command`` with the exit-code table and ``--lang`` every command takes."""
    def decorate(f):
        return group.command(name, **exits(name or f.__name__), **kwargs)(lang_option(f))
    return decorate


@command(main, help_zh="显示从文件中读到的内容：按顺序列出每一块的类型、编号、层级和位置。用于核对某个结论为什么不对。")
@argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar_zh="文件")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="Text for people, or JSON.", help_zh="输出格式：text 供人阅读，json 供程序使用。")
def extract(files: tuple[Path, ...], fmt: str) -> None:
    """Print what was read from FILES: blocks in order with kind, label, level and location."""
    from pipeline import ingest
    from pipeline.errors import InputError, kind_name
    from pipeline.ingest.show import document_as_dict, document_as_text

    failed = False
    docs = []
    for source in ingest.discover(files):
        try:
            doc = ingest.read(source)
        except InputError as e:
            failed = True
            err = e.to_file_error()
            if fmt == "json":
                docs.append({"path": source.path, "error": {"kind": err.kind, "message": err.message, "message_en": err.message_en}})
            else:
                lang = i18n.terminal()
                message = err.message_en if lang == "en" else err.message
                click.echo(f"== {shown(source.path)}\n   {say('无法读取', 'unreadable')}（{kind_name(err.kind, lang)}）"
                           f"{message} — {err.advice}\n")
            continue
        if fmt == "json":
            docs.append(clean_data(document_as_dict(doc)))
        else:
            click.echo(clean(document_as_text(doc)))
    if fmt == "json":
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
    sys.exit(Exit.UNREADABLE if failed else Exit.OK)


@command(main, help_zh="检查给出的文件和文件夹中的每一份材料，把报告写到 --out。\n\n"
                       "写出 report.xlsx（表格）、report/index.html（网页）、report.csv 和 report.json。")
@argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar_zh="路径")
@pack_option
@option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
        help="Folder for the reports.", help_zh="报告输出文件夹。")
@option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the JSON report here.", help_zh="另外把 JSON 报告写到这个文件。")
@option("--fail-on", type=click.Choice(["never", "fail"]), default="never", show_default=True,
        help="Exit 3 when a submission fails.", help_zh="设为 fail 时，有材料不合格则退出码为 3。")
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
        help="Summary on stdout: an aligned table, or the JSON report for scripts.",
        help_zh="标准输出的内容：table 为对齐的表格，json 为供脚本使用的 JSON 报告。")
@option("--quiet", "-q", is_flag=True, help="No progress bar or messages on stderr.",
        help_zh="不显示进度条和提示信息。")
@workers_option
@limit_options
@follow_option
@cluster_option
@roster_option
@letters_option
@option("--state", "state", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="SQLite state holding reviewers' decisions (papercheck review import): they are applied, and decisions "
             "typed into --out's report.xlsx are imported before it is replaced.",
        help_zh="保存复核结论的 SQLite 状态文件（papercheck review import 导入）：检查结果按复核结论显示；"
                "--out 中 report.xlsx 里新填的复核结论会先导入再覆盖。", metavar_zh="文件")
def check(paths: tuple[Path, ...], pack_name: str, out_dir: Path, json_path: Path | None, fail_on: str,
          fmt: str, quiet: bool, workers: int | None, timeout: float, memory_mb: int,
          follow_symlinks: bool, cluster: str | None, roster: Path | None, letters: bool,
          state: Path | None) -> None:
    """Check every submission under PATHS and write the reports to --out.

    Writes report.json, report.xlsx, report.csv and report/index.html.
    """
    from pipeline.errors import ClusterError
    from pipeline.office import desk
    from pipeline.report import json_report, terminal
    from pipeline.run import batch, interrupt
    from pipeline.run.progress import Progress
    from pipeline.run.publish import OutBusy, OutRefused, check_out, probe_writable, publish

    pack = _load_pack(pack_name)
    lang = i18n.reports()
    office = desk.Office(roster=_load_roster(roster), letters=letters)
    store = _open_state(state)
    try:
        check_out(out_dir, paths, json_path)
        probe_writable(out_dir)  # before the work, not after it
        if json_path:
            probe_writable(json_path.parent)
        desk.import_pending(out_dir, pack, store, office)  # a reviewer's decisions are never overwritten unread
    except desk.UnimportedDecisions as e:
        fail(e.zh, e.en)
    except OutRefused as e:
        _refused(e)
    except OSError as e:
        _cannot_write(e)
    _office_said(office, quiet)
    partial: tuple[int, int] | None = None
    try:
        with interrupt.graceful(_stopping), Progress(label=say("检查", "checking"), left=say("剩余", "left"),
                                                     enabled=False if quiet else None) as bar:
            try:
                submissions = batch.run(paths, pack, workers=workers, progress=bar, follow_symlinks=follow_symlinks,
                                        limits=batch.Limits(timeout=timeout, memory_mb=memory_mb), cluster=cluster,
                                        warn=None if quiet else _warn, exclude=office.exclude)
            except interrupt.Interrupted as stop:
                submissions, partial = list(stop.done or []), (len(stop.done or []), stop.total)
                if not submissions:
                    bar.close()
                    fail("已中断：还没有完成任何文件，没有写入任何报告。", "interrupted: no file was finished; no report was written.",
                         Exit.INTERRUPTED)
            bar.close()
            submissions = desk.decide(submissions, store, pack)
            schools = desk.school_view(submissions, pack, office)
            written = publish(lambda staging: desk.write_reports(submissions, pack, staging, office, lang=lang,
                                                                 home=out_dir, partial=partial, progress=schools),
                              out_dir)
            if json_path:
                written.append(json_report.write(submissions, pack, json_path.parent, json_path.name, partial=partial,
                                                 progress=schools))
    except OutBusy as e:
        fail(one_line(str(e)), one_line(str(e)), Exit.ALREADY_RUNNING)
    except OutRefused as e:
        _refused(e)
    except ClusterError as e:
        _cluster_refused(e)
    except PapercheckError as e:
        fail(one_line(str(e)), one_line(str(e)), Exit.INTERNAL)
    except OSError as e:
        _cannot_write(e)
    if fmt == "json":
        click.echo(terminal.as_json(submissions, pack, schools))
    else:
        click.echo(terminal.table(submissions, pack, i18n.terminal()))
    if not quiet:
        for p in written:
            click.echo(say(f"已写入 {shown(p)}", f"wrote {shown(p)}"), err=True)
    if partial is not None:
        click.echo(say(f"已中断：完成 {partial[0]} / {partial[1]} 个文件；报告只包含这些文件，并标明“未完成”。",
                       f"interrupted: {partial[0]} of {partial[1]} files finished; the reports hold only those "
                       "and say they are incomplete."), err=True)
        sys.exit(Exit.INTERRUPTED)
    if fail_on == "fail" and any(s.status == "fail" for s in submissions):
        sys.exit(Exit.FAILED_SUBMISSIONS)


# --- rule packs ------------------------------------------------------------------------------


@main.group(cls=i18n.Group, help_zh="查看和校验规则包（rules/<规则包>/）。", **exits("rules"))
@lang_option
def rules() -> None:
    """Inspect and validate rule packs (rules/<pack>/)."""


@command(rules, "validate", help_zh="校验规则包（rules/ 下的名称或文件夹）：每个文件、每个键和每条规则的示例。")
@argument("pack", required=False, default="sanzhao-2013", metavar_zh="规则包")
@option("--examples/--no-examples", default=True, show_default=True,
        help="Also run every rule's passing and failing example.", help_zh="同时运行每条规则的合格示例和不合格示例。")
def rules_validate(pack: str, examples: bool) -> None:
    """Check PACK (a name under rules/ or a folder): every file, key and example."""
    from pipeline.judge.checks.examples import example_problems
    from pipeline.understand.classify import ModelError, stale_models

    loaded = _load_pack(pack)
    bad = [line for rule in loaded.rules for line in example_problems(rule, loaded)] if examples else []
    for zh, en in bad:
        click.echo(say("错误：", "Error: ") + say(zh, en), err=True)
    if bad:
        sys.exit(Exit.USAGE)
    try:
        for line in stale_models([loaded]):
            click.echo(say("提醒：模型比训练数据旧：", "warning: ") + line, err=True)
    except (ModelError, RulePackError, FileNotFoundError) as e:
        click.echo(say(f"提醒：无法判断模型是否最新（{e}）", f"warning: cannot tell whether the models are current ({e})"),
                   err=True)
    click.echo(say(f"{loaded.name} {loaded.version}：{len(loaded.rules)} 条规则，全部正确（{loaded.root}）",
                   f"{loaded.name} {loaded.version}: {len(loaded.rules)} rules OK ({loaded.root})"))


@command(rules, "list", help_zh="列出规则包中的规则：编号、类型、级别、适用的文档类型和说明。")
@pack_option
def rules_list(pack_name: str) -> None:
    """List the rules of a pack: id, type, severity, document types, message."""
    loaded = _load_pack(pack_name)
    for rule in loaded.rules:
        applies = ",".join(rule.applies_to)
        message = rule.message_en if i18n.terminal() == "en" and rule.message_en else rule.message
        click.echo(f"{rule.id:40} {rule.type_name:22} {rule.severity:8} {applies:15} {message}")


def _rule_or_type(pack_name: str, rule: str):
    """(pack, rule id) for RULE given as an id (sanzhao-2013.plan-leader) or a stem with --pack."""
    from pipeline.judge.rulepack import RULES_DIR

    prefix = rule.split(".", 1)[0]
    if "." in rule and (RULES_DIR / prefix / "pack.yaml").is_file() and pack_name == "sanzhao-2013":
        pack_name = prefix
    loaded = _load_pack(pack_name)
    try:
        return loaded, loaded.rule(rule).id
    except StopIteration:
        stems = ", ".join(r.id.removeprefix(f"{loaded.name}.") for r in loaded.rules)
        fail(f"{loaded.name} 中没有规则 {one_line(rule)}（有：{stems}）", f"no rule {one_line(rule)} in {loaded.name} (rules: {stems})")
    raise AssertionError  # fail() exits


@command(rules, "show", help_zh="显示一条规则（编号，或 --pack 下的文件名）：说明、类型、参数、示例；给规则类型名则显示该类型的用法。")
@argument("rule", metavar_zh="规则")
@pack_option
def rules_show(rule: str, pack_name: str) -> None:
    """Show RULE (an id such as sanzhao-2013.plan-leader, or a file stem with --pack): what it says, checks
    and its examples; or, given a rule type (section_required, stages, …), what that type does."""
    from pipeline.judge.authoring import show_rule, show_type
    from pipeline.judge.checks import RULE_TYPES

    if rule in RULE_TYPES:
        click.echo(show_type(rule))
        return
    loaded, rule_id = _rule_or_type(pack_name, rule)
    click.echo(show_rule(loaded, rule_id, i18n.terminal()))


@command(rules, "test", help_zh="用规则包 tests/ 文件夹中的测试文件检查规则：每个文件开头的 # fails: 写明它应当不通过哪些规则。")
@argument("pack", required=False, default="sanzhao-2013", metavar_zh="规则包")
def rules_test(pack: str) -> None:
    """Judge the fixture documents in PACK's tests/ folder and compare with the rules each must fail
    (`# fails: RULE, …` at its top; also `# status:` and `# type:`)."""
    from pipeline.judge.packtest import fixtures_dir, run_tests, untested_rules

    loaded = _load_pack(pack)
    outcomes = run_tests(loaded)
    if not outcomes:
        fail(f"{shown(fixtures_dir(loaded))} 中没有测试文件（*.txt）", f"no fixtures (*.txt) in {shown(fixtures_dir(loaded))}")
    bad = 0
    for o in outcomes:
        name = o.fixture.path.name
        if o.ok:
            click.echo(say(f"通过  {name}", f"ok    {name}"))
            continue
        bad += 1
        click.echo(say(f"失败  {name}", f"FAIL  {name}"))
        for zh, en in o.wrong:
            click.echo("      " + say(zh, en))
    untested = untested_rules(loaded, outcomes)
    if untested:
        click.echo(say(f"提醒：没有测试文件要求这些规则不通过：{', '.join(untested)}",
                       f"note: no fixture expects these rules to fail: {', '.join(untested)}"), err=True)
    click.echo(say(f"{loaded.name}：{len(outcomes)} 个测试文件，{len(outcomes) - bad} 个通过，{bad} 个失败",
                   f"{loaded.name}: {len(outcomes)} fixtures, {len(outcomes) - bad} ok, {bad} failed"))
    if bad:
        sys.exit(Exit.FAILED_SUBMISSIONS)


@main.group(cls=i18n.Group, help_zh="编写新的规则包。", **exits("pack"))
@lang_option
def pack() -> None:
    """Write a new rule pack."""


@command(pack, "init", help_zh="新建规则包骨架（带注释的 pack.yaml、三条规则、测试文件），可直接校验和测试。")
@argument("folder", type=click.Path(file_okay=False, path_type=Path), metavar_zh="文件夹")
@option("--year", type=click.IntRange(2000, 2100), default=2025, show_default=True,
        help="The campaign's year (for the skeleton's dates).", help_zh="活动年份（骨架中的日期用）。")
def pack_init(folder: Path, year: int) -> None:
    """Write a commented skeleton pack into FOLDER (its name is the pack's name); it validates and its
    fixtures pass, so it can be edited step by step."""
    from pipeline.judge.authoring import init_pack

    try:
        written = init_pack(folder, year)
    except PapercheckError as e:
        fail(one_line(str(e)), one_line(str(e)))
    for path in written:
        click.echo(shown(path))
    click.echo(say(f"下一步：papercheck rules validate {shown(folder)}；papercheck rules test {shown(folder)}；"
                   f"说明见 docs/packs.md",
                   f"next: papercheck rules validate {shown(folder)}; papercheck rules test {shown(folder)}; "
                   "see docs/packs.md"), err=True)


# --- the nightly scan (issue 6) ----------------------------------------------


@command(main, help_zh="增量扫描文件夹：只检查新增或改动的文件，结果保存在 --state，并刷新报告。\n\n"
                       "供 cron 或 systemd 定时运行；随时可以中断，再次运行会接着做。每次运行在标准错误输出和 "
                       "状态文件旁的 .log 中写一行（发现、新增、改动、未变、改名、删除、检查、无法读取的文件数和用时）。")
@argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path), metavar_zh="文件夹")
@option("--state", "state", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="SQLite state file (created if missing).", help_zh="SQLite 状态文件（不存在则新建）。", metavar_zh="文件")
@option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
        help="Folder for the reports (they describe every current file).",
        help_zh="报告输出文件夹（报告包含当前所有文件）。")
@pack_option
@workers_option
@limit_options
@follow_option
@cluster_option
@option("--quiet", "-q", is_flag=True,
        help="No routine log line on stderr (the log file still gets it); problems are still printed.",
        help_zh="不在标准错误输出打印例行的运行记录（日志文件照常记录）；有问题时仍会打印。")
@roster_option
@letters_option
def scan(folders: tuple[Path, ...], state: Path, out_dir: Path, pack_name: str, workers: int | None,
         timeout: float, memory_mb: int, follow_symlinks: bool, cluster: str | None, quiet: bool,
         roster: Path | None, letters: bool) -> None:
    """Scan FOLDERS incrementally: judge only new or changed files, keep results in --state, refresh the reports.

    Meant for cron or a systemd timer; safe to kill at any moment and run again. A line per run
    (files seen, new, changed, unchanged, renamed, deleted, judged, failed, duration) goes to
    stderr and is appended to STATE.log.
    """
    from pipeline.errors import ClusterError, kind_name
    from pipeline.office.desk import Office
    from pipeline.run import batch, interrupt
    from pipeline.run.lock import AlreadyRunning
    from pipeline.run.progress import Progress
    from pipeline.run.publish import OutBusy, OutRefused, probe_writable
    from pipeline.run.scan import scan as run_scan
    from pipeline.run.store import StateError

    pack = _load_pack(pack_name)
    office = Office(roster=_load_roster(roster), letters=letters)
    bar = Progress(label=say("扫描", "scanning"), left=say("剩余", "left"), enabled=False if quiet else None)

    def log(line: str) -> None:
        bar.close()  # the run's line below the bar, not on it
        click.echo(line, err=True)

    try:
        probe_writable(out_dir)  # before the work, not after it
        with interrupt.graceful(_stopping), bar:
            summary = run_scan(folders, pack, state, out_dir, workers=workers,
                               limits=batch.Limits(timeout=timeout, memory_mb=memory_mb),
                               log=None if quiet else log, follow_symlinks=follow_symlinks, lang=i18n.terminal(),
                               report_lang=i18n.reports(), progress=bar,
                               cluster=cluster, office=office)
    except interrupt.Interrupted as e:
        fail(f"已中断（{e.signal_name or 'SIGINT'}）：已完成的文件已保存在状态文件中，下次运行会接着做；报告没有刷新。",
             f"interrupted ({e.signal_name or 'SIGINT'}): the files finished are saved in the state and the next run "
             "carries on; the reports were not refreshed.", Exit.INTERRUPTED)
    except AlreadyRunning as e:
        who = f"（进程 {e.holder}）" if e.holder else ""
        fail(f"另一个扫描正在使用这个状态文件{who}；本次什么都没做。锁文件：{shown(e.lock_path)}", str(e),
             Exit.ALREADY_RUNNING)
    except OutBusy as e:
        fail(one_line(str(e)), one_line(str(e)), Exit.ALREADY_RUNNING)
    except (OutRefused, StateError) as e:
        _refused(e)
    except ClusterError as e:
        _cluster_refused(e)
    except PapercheckError as e:
        fail(one_line(str(e)), one_line(str(e)), Exit.INTERNAL)
    except OSError as e:
        _cannot_write(e)
    for warning in summary.warnings:
        click.echo(say("  注意：", "  warning: ") + warning, err=True)
    if summary.imported and not quiet:
        click.echo(say(f"  已从上次的 report.xlsx 导入 {summary.imported} 条复核结论",
                       f"  imported {summary.imported} reviewer decisions from the previous report.xlsx"), err=True)
    if summary.unreadable:  # printed even with --quiet: cron mails it, and it needs someone's attention
        if quiet:
            click.echo(summary.line(i18n.terminal()), err=True)
        lang = i18n.terminal()
        for path, kind, message, message_en in summary.unreadable[:20]:
            reason = message_en if lang == "en" else message
            click.echo(say(f"  无法读取：{shown(path)}：{kind_name(kind, lang)}，{reason}",
                           f"  unreadable: {shown(path)}: {kind_name(kind, lang)}, {reason}"), err=True)
        if len(summary.unreadable) > 20:
            more = len(summary.unreadable) - 20
            click.echo(say(f"  ……另有 {more} 个，见报告", f"  … and {more} more, in the reports"), err=True)
    sys.exit(Exit.UNREADABLE if summary.unreadable else Exit.OK)


@command(main, help_zh="显示一个文件（给路径）或一所学校（给校名的一部分）各个版本的历次检查结论；"
                       "学校按活动顺序列出：实施方案 → 阶段总结 → 整改台账 → 回头看报告。")
@argument("query", metavar_zh="文件或学校")
@option("--state", "state", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="The scan's SQLite state file.", help_zh="扫描的 SQLite 状态文件。", metavar_zh="文件")
def history(query: str, state: Path) -> None:
    """Show the versions of FILE (a path) or of every file of SCHOOL, with their verdicts over time; a school's
    files in the campaign's order (plan, summary, ledger, look-back)."""
    from pipeline.errors import kind_name
    from pipeline.report.common import doc_type_label, label
    from pipeline.run.store import Store

    try:
        with Store(state) as store:
            path = os.path.abspath(query)
            rows = store.history(path)
            store_has_path = bool(rows)
            rows = rows or store.history(query)
    except PapercheckError as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(Exit.USAGE)
    if not rows:
        fail(f"{shown(state)} 中没有 {one_line(query)} 的记录", f"nothing in {shown(state)} for {one_line(query)}")
    lang = i18n.terminal()
    packs: dict[str, Any] = {}

    def pack_named(name: str) -> Any:
        """The pack a row was judged with, for its document-type names (None when it is gone)."""
        from pipeline.judge.rulepack import load_pack

        if name not in packs:
            try:
                packs[name] = load_pack(name)
            except (RulePackError, OSError):
                packs[name] = None
        return packs[name]

    by_school = not store_has_path
    if by_school:  # a school's thread: plan → summary → ledger → look-back, each file's versions in turn
        order: dict[str, int] = {}
        for r in rows:
            pack_of = pack_named(r["pack"]) if r["pack"] else None
            ids = [t for t, _ in pack_of.required_documents] + pack_of.doc_type_ids if pack_of else []
            order[r["path"]] = min(order.get(r["path"], 99), ids.index(r["doc_type"]) if r["doc_type"] in ids else 98)
        rows = sorted(rows, key=lambda r: (order[r["path"]], r["path"]))
    last = None
    last_type = None
    for r in rows:
        if by_school and r["path"] != last and r["doc_type"] and r["doc_type"] != last_type:
            last_type = r["doc_type"]
            click.echo("【" + doc_type_label(r["doc_type"], pack_named(r["pack"]), lang) + "】")
        if r["path"] != last:
            last = r["path"]
            deleted = say(f"  （已删除 {r['deleted_at']}）", f"  (deleted {r['deleted_at']})") if r["deleted_at"] else ""
            click.echo(shown(r["path"]) + deleted)
        verdict = say("尚未检查", "not judged yet")
        if r["status"]:
            school = r["school"] or "-"
            kind = f"（{kind_name(r['error_kind'], lang)}）" if r["error_kind"] else ""
            what = f"{label(r['status'], lang)}{kind} {doc_type_label(r['doc_type'] or 'other', pack_named(r['pack']), lang)} {school}"
            verdict = what + say(
                f"  （规则包 {r['pack']} {r['pack_version']}，模型 {r['model_version']}，检查于 {r['judged_at']}）",
                f"  ({r['pack']} {r['pack_version']}, model {r['model_version']}, judged {r['judged_at']})")
        member = one_line(r["member"] or "")
        click.echo(f"  {r['first_seen']} → {r['last_seen']}  {r['sha256'][:12]}{member}  {verdict}")


@command(main, help_zh="检查本机上 papercheck 可选用的程序（Tesseract 中文 OCR、LibreOffice、中文字体等）是否可用，以及各自的作用。")
def doctor() -> None:
    """Say which optional programs (Tesseract with Chinese, LibreOffice, a CJK font, …) are present and what each enables."""
    from pipeline import doctor as diagnosis

    click.echo(diagnosis.as_text(diagnosis.findings()))


# --- reviewers' decisions (issue 12) ------------------------------------------------------------------


@main.group(cls=i18n.Group, help_zh="复核结论：把复核人填写后交回的 report.xlsx 导入状态文件。", **exits("review"))
@lang_option
def review() -> None:
    """Reviewers' decisions: import a report.xlsx a reviewer filled in and returned."""


@command(review, "import", help_zh="读取复核人填写的 report.xlsx（任何副本，Excel、WPS 或 LibreOffice 另存的都可以）："
                                  "汇总的复核结论、复核意见、复核人，问题清单的类别更正和是否问题；按文件内容保存到 "
                                  "--state，之后的 check --state 和 scan 都按它显示。")
@argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar_zh="文件")
@option("--state", "state", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="The SQLite state to keep the decisions in (scan's, or one for check --state).",
        help_zh="保存复核结论的 SQLite 状态文件（scan 用的那个，或给 check --state 用的）。", metavar_zh="文件")
@pack_option
@option("--by", "by", default="", help="The reviewer, where 复核人 is empty (default: the login name).",
        help_zh="复核人（表中“复核人”为空时用；默认：当前登录名）。", metavar_zh="姓名")
def review_import(file: Path, state: Path, pack_name: str, by: str) -> None:
    """Read the decisions in FILE (汇总: 复核结论, 复核意见, 复核人; 问题清单: 类别更正, 是否问题) into --state,
    keyed by each file's content; the next check --state or scan shows them."""
    from pipeline.office.reviews import ReviewFileError, read_workbook
    from pipeline.run.store import StateError

    pack = _load_pack(pack_name)
    try:
        decisions, warnings = read_workbook(file, pack, by)
    except ReviewFileError as e:
        fail(e.zh, e.en)
    store = _open_state(state)
    try:
        stored, unchanged = store.add_reviews(decisions, source=str(file))
    except StateError as e:
        _refused(e)
    finally:
        store.close()
    for warning in warnings:
        click.echo(say("  注意：", "  warning: ") + warning, err=True)
    click.echo(say(f"{shown(file)}：{len(decisions)} 条复核结论，新导入 {stored} 条，{unchanged} 条已导入过 → {shown(state)}",
                   f"{shown(file)}: {len(decisions)} decisions, {stored} new, {unchanged} imported before -> {shown(state)}"))


# --- problem classifier: train, classify, evaluate ----------------------------------------------------

def _problem_model_or_exit(pack, model_path: Path | None):
    """The pack's detector + categoriser (``--model``: another categoriser file)."""
    from pipeline.understand import classify

    try:
        if model_path:
            return classify.ProblemModel(classify.detector(), classify.load_model(model_path))
        return classify.problem_model(pack)
    except classify.ModelError as e:
        fail(f"分类模型无法使用：{e}", f"the classifier model cannot be used: {e}")


def _unvalidated_pack(name: str):
    """A pack's pack.yaml without the checks that need its categoriser (train makes it)."""
    from pipeline.judge.rulepack import load_manifest

    try:
        return load_manifest(name)
    except RulePackError as e:
        for line in e.problems:
            click.echo(say("错误：规则包有误：", "Error: bad rule pack: ") + one_line(line), err=True)
        sys.exit(Exit.USAGE)


@command(main, help_zh="训练规则包的问题分类模型（rules/<规则包>/train/<类别>.txt → categoriser.npz），或用 --detector "
                       "训练各规则包共用的问题句检出模型（结果确定可复现；需要 papercheck[train]，即 scikit-learn）。")
@pack_option
@option("--detector", "train_detector", is_flag=True,
        help="Train the shared problem detector (data/train/none.txt and every shipped pack's train/) instead.",
        help_zh="改为训练共用的问题句检出模型（data/train/none.txt 和各规则包的 train/）。")
@option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Where to write the model (default: the pack's categoriser.npz, or the shipped detector).",
        help_zh="模型写到哪里（默认：规则包的 categoriser.npz，或随程序提供的检出模型）。")
@option("--with-reviews", "reviews_state", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        help="Also learn from the categories reviewers confirmed or corrected, kept in this state (review import).",
        help_zh="同时学习复核人确认或更正的问题类别（review import 导入到这个状态文件中的）。", metavar_zh="状态文件")
def train(pack_name: str, train_detector: bool, out_path: Path | None, reviews_state: Path | None) -> None:
    """Train a pack's categoriser from rules/<pack>/train/<category>.txt (deterministic; needs papercheck[train])."""
    from pipeline.understand import classify

    reviewed: list[tuple[str, str]] = []
    if reviews_state is not None:
        if train_detector:
            fail("--with-reviews 只用于训练问题分类模型，不能与 --detector 同用",
                 "--with-reviews trains a categoriser; it cannot go with --detector")
        store = _open_state(reviews_state)
        try:
            reviewed = store.category_corrections()
        finally:
            store.close()

    try:
        if train_detector:
            if not (classify.GENERAL_TRAIN_DIR / "none.txt").is_file():
                fail(f"没有训练数据 {shown(classify.GENERAL_TRAIN_DIR / 'none.txt')}（安装后的 papercheck 不带；在源码目录中运行）",
                     f"no training data at {shown(classify.GENERAL_TRAIN_DIR / 'none.txt')} (an installed papercheck has "
                     "none; run it in the source tree)")
            model = classify.train_detector()
            path = classify.save_model(model, out_path or classify.DETECTOR_PATH)
        else:
            pack = _unvalidated_pack(pack_name)
            model = classify.train_categoriser(pack, reviewed=reviewed)
            path = classify.save_model(model, out_path or classify.categoriser_path(pack))
    except (FileNotFoundError, ValueError) as e:
        fail(str(e), str(e))
    counts = ", ".join(f"{k} {v}" for k, v in model.meta["trained_on"].items() if not isinstance(v, list))
    if reviews_state is not None:
        used = model.meta["trained_on"].get("reviews", 0)
        click.echo(say(f"复核更正：{len(reviewed)} 句，其中 {used} 句加入训练（其余已在 train/ 中或不是本规则包的类别）",
                       f"reviewers' corrections: {len(reviewed)}, {used} added (the rest are in train/ already or "
                       "not a category of the pack)"), err=True)
    click.echo(say(f"模型 {model.version}（{counts}；温度 {model.temperature}）→ {path}",
                   f"model {model.version} ({counts}; temperature {model.temperature}) -> {path}"))


def _read_texts(source: str) -> list[str]:
    """Sentences from a file or stdin: one per line, or a TSV with a `text` column."""
    import csv
    import io

    raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
    lines = raw.splitlines()
    if lines and "\t" in lines[0] and "text" in lines[0].split("\t"):
        reader = csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row.get("text") or "").strip() for row in reader]
    return [line.strip() for line in lines if line.strip()]


@command(main, help_zh="给文件（或 - 表示标准输入）中的每一句标注：规则包的问题类别、problem（未分类的问题）或 none，"
                       "按输入顺序输出文本、类别、置信度。")
@argument("source", type=click.Path(allow_dash=True), metavar_zh="来源")
@pack_option
@option("--format", "fmt", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True,
        help="TSV (text, label, confidence) or JSON.", help_zh="输出格式：tsv（文本、类别、置信度）或 json。")
@option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        help="Another categoriser made by `papercheck train` (default: the pack's).",
        help_zh="用 papercheck train 训练出的另一个分类模型（默认：规则包自带的）。")
def classify(source: str, pack_name: str, fmt: str, model_path: Path | None) -> None:
    """Label each sentence of SOURCE (a file or -): text, label (a category of the pack, problem, or none), confidence."""
    if source != "-" and not Path(source).is_file():
        raise click.BadParameter(say(f"{source}：没有这个文件", f"{source}: no such file"), param_hint="SOURCE")
    pack = _load_pack(pack_name)
    texts = _read_texts(source)
    results = _problem_model_or_exit(pack, model_path).decide(texts) if texts else []
    labelled = [(t, label or "problem", conf) for t, (label, conf) in zip(texts, results)]
    if fmt == "json":
        click.echo(json.dumps([{"text": t, "label": label, "confidence": round(conf, 4)} for t, label, conf in labelled],
                              ensure_ascii=False, indent=2))
        return
    click.echo("text\tlabel\tconfidence")
    for t, label, conf in labelled:
        click.echo(f"{t}\t{label}\t{conf:.4f}")


@command(main, help_zh="评估规则包的分类器：在有标注的数据上（--data），或在规则包自己的 train/ 上交叉验证（--cv）；"
                       "各类的精确率/召回率/F1、宏平均 F1、检出 F1、校准和混淆矩阵。")
@pack_option
@option("--data", "data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        help="A TSV with `text` and `label` columns (and optionally `id`, `hard`); labels are the pack's category ids "
             "or none.", help_zh="TSV 文件，含 text 和 label 两列（可另有 id、hard）；label 为规则包的类别或 none。",
        metavar_zh="文件")
@option("--cv", "folds", type=click.IntRange(min=2, max=20), default=None,
        help="Instead: cross-validate the pack's categoriser on its own train/ sentences with this many folds.",
        help_zh="改为：用规则包自己 train/ 中的句子对分类模型做 N 折交叉验证。")
@option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
        help="Another categoriser made by `papercheck train` (default: the pack's).",
        help_zh="用 papercheck train 训练出的另一个分类模型（默认：规则包自带的）。")
def evaluate(pack_name: str, data_path: Path | None, folds: int | None, model_path: Path | None) -> None:
    """Precision/recall/F1, macro-F1, detection, calibration and the confusion matrix of a pack's classifier."""
    from pipeline.understand import evaluation

    if (data_path is None) == (folds is None):
        fail("请给出 --data 文件（有标注的 TSV）或 --cv N（交叉验证规则包的分类模型）之一",
             "give --data FILE (a labelled TSV) or --cv N (cross-validate the pack's categoriser)")
    if folds is not None:
        pack = _unvalidated_pack(pack_name)
        try:
            click.echo(evaluation.cross_validate(pack, folds))
        except (FileNotFoundError, ValueError) as e:
            fail(str(e), str(e))
        return
    pack = _load_pack(pack_name)
    try:
        rows = evaluation.read_rows(data_path)  # type: ignore[arg-type]
    except ValueError as e:
        fail(str(e), str(e))
    model = _problem_model_or_exit(pack, model_path)
    click.echo(evaluation.report(rows, model, pack))
    reviewed = ((model.categoriser.meta if model.categoriser else {}).get("trained_on") or {}).get("reviews")
    if reviewed:
        click.echo(say(f"分类模型的训练数据含复核人更正的 {reviewed} 句（train --with-reviews）",
                       f"the categoriser was trained with {reviewed} sentences reviewers corrected (train --with-reviews)"))


if __name__ == "__main__":
    main(prog_name="papercheck")
