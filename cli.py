"""papercheck's command line: options in, pipeline call, exit code out."""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import PapercheckError, RulePackError
from pipeline.names import clean, clean_data, one_line, shown


class Exit(IntEnum):
    """Exit codes, for cron and scripts."""

    OK = 0  # the run completed (whatever the verdicts)
    INTERNAL = 1  # papercheck itself failed
    USAGE = 2  # bad options or a bad rule pack
    FAILED_SUBMISSIONS = 3  # --fail-on fail and some submission failed
    UNREADABLE = 4  # scan: some files could not be read
    ALREADY_RUNNING = 75  # another scan holds the state's lock, or another run is publishing into --out


def pack_option(f):
    return click.option(
        "--pack", "pack_name", default="sanzhao-2013", show_default=True,
        help="Rule pack: a name under rules/ or a path to a pack folder.",
    )(f)


def _load_pack(name: str):
    from pipeline.judge.rulepack import load_pack

    try:
        return load_pack(name)
    except RulePackError as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(Exit.USAGE)


def _cannot_write(e: OSError) -> None:
    """A report or state path that cannot be written: a message, not a traceback (exit 2)."""
    where = shown(e.filename) if e.filename else ""
    click.echo(f"Error: 无法写入 {where}：{e.strerror or e}（请检查 --out / --state 的路径和权限）", err=True)
    sys.exit(Exit.USAGE)


def _refused(e: PapercheckError) -> None:
    """--out/--json would overwrite someone else's files, or the state cannot be used (exit 2)."""
    click.echo(f"Error: {one_line(str(e))}", err=True)
    sys.exit(Exit.USAGE)


def workers_option(f):
    return click.option(
        "--workers", type=click.IntRange(min=1), default=None,
        help="Worker processes (default: one per core); each file is read in a worker, capped by --memory-limit and --timeout.",
    )(f)


def follow_option(f):
    return click.option(
        "--follow-symlinks", is_flag=True,
        help="Read what symbolic links point to outside the checked folders (never system folders such as /etc). "
             "Without it such a link is a row saying it was not followed.",
    )(f)


def limit_options(f):
    f = click.option("--memory-limit", "memory_mb", type=click.IntRange(min=64), default=4096, show_default=True,
                     help="Memory (address space) one file may use, in MB; beyond it the file is a too_large row.")(f)
    return click.option("--timeout", type=click.FloatRange(min=0.1), default=300.0, show_default=True,
                        help="Seconds one file may take before its worker is killed.")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="papercheck")
def main() -> None:
    """Check the paperwork schools hand in for a campaign (三找).

    Start with `papercheck check FOLDER --out out/`.
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def extract(files: tuple[Path, ...], fmt: str) -> None:
    """Print what was read from FILES: blocks in order with kind, label, level and location."""
    from pipeline import ingest
    from pipeline.errors import InputError
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
                click.echo(f"== {source.path}\n   无法读取 [{err.kind}] {err.message} — {err.advice}\n")
            continue
        if fmt == "json":
            docs.append(clean_data(document_as_dict(doc)))
        else:
            click.echo(clean(document_as_text(doc)))
    if fmt == "json":
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
    sys.exit(Exit.UNREADABLE if failed else Exit.OK)


CHECK_EPILOG = f"""\b
Exit codes:
  {Exit.OK.value}   the check completed, whatever the verdicts (unreadable files are rows in the reports)
  {Exit.FAILED_SUBMISSIONS.value}   --fail-on fail, and some submission failed (不合格)
  {Exit.USAGE.value}   bad options, a path that does not exist, a bad rule pack, or --out cannot be written or
      would overwrite files papercheck did not write (--out is a checked folder, holds someone's report.xlsx, …)
  {Exit.ALREADY_RUNNING.value}  another papercheck kept publishing into --out for a minute; nothing was written
  {Exit.INTERNAL.value}   papercheck itself failed
"""


@main.command(epilog=CHECK_EPILOG)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@pack_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True, help="Folder for the reports.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON report here.")
@click.option("--fail-on", type=click.Choice(["never", "fail"]), default="never", show_default=True, help="Exit 3 when a submission fails.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Summary on stdout: an aligned table, or the JSON report for scripts.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the spreadsheet, CSV, HTML and table headers.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or messages on stderr.")
@workers_option
@limit_options
@follow_option
def check(paths: tuple[Path, ...], pack_name: str, out_dir: Path, json_path: Path | None, fail_on: str,
          fmt: str, lang: str, quiet: bool, workers: int | None, timeout: float, memory_mb: int,
          follow_symlinks: bool) -> None:
    """Check every submission under PATHS and write the reports to --out.

    Writes report.json, report.xlsx, report.csv and report/index.html.
    """
    from pipeline import report
    from pipeline.report import json_report, terminal
    from pipeline.run import batch
    from pipeline.run.progress import Progress
    from pipeline.run.publish import OutBusy, OutRefused, check_out, publish

    pack = _load_pack(pack_name)
    try:
        check_out(out_dir, paths, json_path)
    except OutRefused as e:
        _refused(e)
    try:
        zh = lang == "zh"
        with Progress(label="检查" if zh else "checking", left="剩余" if zh else "left",
                      enabled=False if quiet else None) as bar:
            submissions = batch.run(paths, pack, workers=workers, progress=bar, follow_symlinks=follow_symlinks,
                                    limits=batch.Limits(timeout=timeout, memory_mb=memory_mb))
        written = publish(lambda staging: report.write_all(submissions, pack, staging, lang=lang, home=out_dir), out_dir)
        if json_path:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            written.append(json_report.write(submissions, pack, json_path.parent, json_path.name))
    except OutBusy as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(Exit.ALREADY_RUNNING)
    except OutRefused as e:
        _refused(e)
    except PapercheckError as e:
        raise click.ClickException(one_line(str(e))) from e
    except OSError as e:
        _cannot_write(e)
    if fmt == "json":
        click.echo(terminal.as_json(submissions, pack))
    else:
        click.echo(terminal.table(submissions, lang))
    if not quiet:
        for p in written:
            click.echo(f"wrote {shown(p)}", err=True)
    if fail_on == "fail" and any(s.status == "fail" for s in submissions):
        sys.exit(Exit.FAILED_SUBMISSIONS)


# --- rule packs ------------------------------------------------------------------------------


@main.group()
def rules() -> None:
    """Inspect and validate rule packs (rules/<pack>/)."""


@rules.command("validate")
@click.argument("pack", required=False, default="sanzhao-2013")
@click.option("--examples/--no-examples", default=True, show_default=True,
              help="Also run every rule's passing and failing example.")
def rules_validate(pack: str, examples: bool) -> None:
    """Check PACK (a name under rules/ or a folder): every file, key and example."""
    from pipeline.judge.checks.examples import example_verdicts

    loaded = _load_pack(pack)
    bad = []
    if examples:
        for rule in loaded.rules:
            verdicts = example_verdicts(rule, loaded)
            for kind, want in (("pass", True), ("fail", False)):
                if verdicts[kind] is not want:
                    got = "did not run" if verdicts[kind] is None else ("passed" if verdicts[kind] else "failed")
                    bad.append(f"{rule.path}: examples.{kind}: expected to {kind}, the rule {got}")
    for line in bad:
        click.echo(f"Error: {line}", err=True)
    if bad:
        sys.exit(Exit.USAGE)
    click.echo(f"{loaded.name} {loaded.version}: {len(loaded.rules)} rules OK ({loaded.root})")


@rules.command("list")
@pack_option
def rules_list(pack_name: str) -> None:
    """List the rules of a pack: id, type, severity, document types, message."""
    loaded = _load_pack(pack_name)
    for rule in loaded.rules:
        applies = ",".join(rule.applies_to)
        click.echo(f"{rule.id:40} {rule.type_name:22} {rule.severity:8} {applies:15} {rule.message}")


# --- the nightly scan (issue 6) ----------------------------------------------

SCAN_EPILOG = f"""\b
Exit codes:
  {Exit.OK.value}   the scan completed (whatever the verdicts)
  {Exit.UNREADABLE.value}   completed, but some files judged in this run could not be read
      (corrupt, encrypted, timed out, crashed a reader); they are rows in the reports
  {Exit.USAGE.value}   bad options, a bad rule pack, or --state/--out cannot be written (or --out would
      overwrite files papercheck did not write)
  {Exit.ALREADY_RUNNING.value}  another scan holds the lock on this state file, or another papercheck kept
      publishing into --out for a minute; nothing was done
  {Exit.INTERNAL.value}   papercheck itself failed (the state stays consistent; run again)

A line per run (files seen, new, changed, unchanged, renamed, deleted, judged,
failed, duration) goes to stderr and is appended to STATE.log.
"""


@main.command(epilog=SCAN_EPILOG)
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--state", "state", required=True, type=click.Path(dir_okay=False, path_type=Path), help="SQLite state file (created if missing).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the reports (they describe every current file).")
@pack_option
@workers_option
@limit_options
@follow_option
@click.option("--quiet", "-q", is_flag=True, help="No routine log line on stderr (the log file still gets it); problems are still printed.")
def scan(folders: tuple[Path, ...], state: Path, out_dir: Path, pack_name: str, workers: int | None,
         timeout: float, memory_mb: int, follow_symlinks: bool, quiet: bool) -> None:
    """Scan FOLDERS incrementally: judge only new or changed files, keep results in --state, refresh the reports.

    Meant for cron or a systemd timer; safe to kill at any moment and run again.
    """
    from pipeline.run import batch
    from pipeline.run.lock import AlreadyRunning
    from pipeline.run.publish import OutBusy, OutRefused
    from pipeline.run.scan import scan as run_scan
    from pipeline.run.store import StateError

    pack = _load_pack(pack_name)
    log = None if quiet else (lambda line: click.echo(line, err=True))
    try:
        summary = run_scan(folders, pack, state, out_dir, workers=workers,
                           limits=batch.Limits(timeout=timeout, memory_mb=memory_mb), log=log,
                           follow_symlinks=follow_symlinks)
    except (AlreadyRunning, OutBusy) as e:
        click.echo(f"papercheck scan: {one_line(str(e))}", err=True)
        sys.exit(Exit.ALREADY_RUNNING)
    except (OutRefused, StateError) as e:
        _refused(e)
    except PapercheckError as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(Exit.INTERNAL)
    except OSError as e:
        _cannot_write(e)
    for warning in summary.warnings:
        click.echo(f"  warning: {warning}", err=True)
    if summary.failed:  # printed even with --quiet: cron mails it, and it needs someone's attention
        if quiet:
            click.echo(summary.line(), err=True)
        for line in summary.errors[:20]:
            click.echo(f"  unreadable: {line}", err=True)
    sys.exit(Exit.UNREADABLE if summary.failed else Exit.OK)


@main.command()
@click.argument("query")
@click.option("--state", "state", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The scan's SQLite state file.")
def history(query: str, state: Path) -> None:
    """Show the versions of FILE (a path) or of every file of SCHOOL, with their verdicts over time."""
    import os

    from pipeline.run.store import Store

    try:
        with Store(state) as store:
            path = os.path.abspath(query)
            rows = store.history(path) or store.history(query)
    except PapercheckError as e:
        click.echo(f"Error: {one_line(str(e))}", err=True)
        sys.exit(Exit.USAGE)
    if not rows:
        click.echo(f"nothing in {shown(state)} for {one_line(query)}", err=True)
        sys.exit(Exit.USAGE)
    last = None
    for r in rows:
        if r["path"] != last:
            last = r["path"]
            click.echo(shown(r["path"]) + (f"  (deleted {r['deleted_at']})" if r["deleted_at"] else ""))
        verdict = "not judged yet"
        if r["status"]:
            school = r["school"] or "-"
            kind = f" [{r['error_kind']}]" if r["error_kind"] else ""
            verdict = (f"{r['status']}{kind} {r['doc_type']} {school}  "
                       f"({r['pack']} {r['pack_version']}, model {r['model_version']}, judged {r['judged_at']})")
        member = one_line(r["member"] or "")
        click.echo(f"  {r['first_seen']} → {r['last_seen']}  {r['sha256'][:12]}{member}  {verdict}")


# --- problem classifier: train, classify, evaluate ----------------------------------------------------

def _model_or_exit(model_path: Path | None):
    from pipeline.understand import classify

    try:
        return classify.load_model(model_path) if model_path else classify.model()
    except classify.ModelError as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of <label>.txt training files (default: data/train).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the shipped pipeline/understand/models/problems.npz).")
@pack_option
def train(data_dir: Path | None, out_path: Path | None, pack_name: str) -> None:
    """Train the problem classifier and store it (deterministic; needs scikit-learn)."""
    from pipeline.understand import classify, nlp

    pack = _load_pack(pack_name)
    try:
        model = classify.train(data_dir or classify.TRAIN_DIR, vocabulary=nlp.pack_vocabulary(pack))
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from e
    path = classify.save_model(model, out_path or classify.MODEL_PATH)
    counts = ", ".join(f"{k} {v}" for k, v in model.meta["trained_on"].items())
    click.echo(f"model {model.meta['model_version']} ({counts}; temperature {model.temperature}) -> {path}")


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


@main.command()
@click.argument("source", type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True)
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
def classify(source: str, fmt: str, model_path: Path | None) -> None:
    """Label each sentence of SOURCE (a file or -): text, label, confidence, in input order."""
    if source != "-" and not Path(source).is_file():
        raise click.BadParameter(f"{source}: no such file", param_hint="SOURCE")
    texts = _read_texts(source)
    results = _model_or_exit(model_path).predict(texts) if texts else []
    if fmt == "json":
        click.echo(json.dumps([{"text": t, "label": label, "confidence": round(conf, 4)}
                               for t, (label, conf) in zip(texts, results)], ensure_ascii=False, indent=2))
        return
    click.echo("text\tlabel\tconfidence")
    for t, (label, conf) in zip(texts, results):
        click.echo(f"{t}\t{label}\t{conf:.4f}")


@main.command()
@click.option("--data", "data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="A TSV with `text` and `label` columns (and optionally `id`, `hard`).")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
def evaluate(data_path: Path, model_path: Path | None) -> None:
    """Per-class precision/recall/F1, macro-F1, detection F1 and the confusion matrix on labelled data."""
    from pipeline.understand import evaluation

    try:
        rows = evaluation.read_rows(data_path)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    click.echo(evaluation.report(rows, _model_or_exit(model_path)))



if __name__ == "__main__":
    main()
