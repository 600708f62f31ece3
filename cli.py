"""papercheck's command line: options in, pipeline call, exit code out."""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path

import click

from pipeline import __version__
from pipeline.errors import PapercheckError, RulePackError


class Exit(IntEnum):
    """Exit codes, for cron and scripts."""

    OK = 0  # the run completed (whatever the verdicts)
    INTERNAL = 1  # papercheck itself failed
    USAGE = 2  # bad options or a bad rule pack
    FAILED_SUBMISSIONS = 3  # --fail-on fail and some submission failed
    UNREADABLE = 4  # scan: some files could not be read
    ALREADY_RUNNING = 75  # scan: another scan holds the lock


def pack_option(f):
    return click.option(
        "--pack", "pack_name", default="sanzhao-2013", show_default=True,
        help="Rule pack: a name under rules/ or a path to a pack folder.",
    )(f)


def _load_pack(name: str):
    from pipeline.rulepack import load_pack

    try:
        return load_pack(name)
    except RulePackError as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(Exit.USAGE)


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
            docs.append(document_as_dict(doc))
        else:
            click.echo(document_as_text(doc))
    if fmt == "json":
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
    sys.exit(Exit.UNREADABLE if failed else Exit.OK)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@pack_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True, help="Folder for the reports.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON report here.")
@click.option("--fail-on", type=click.Choice(["never", "fail"]), default="never", show_default=True, help="Exit 3 when a submission fails.")
def check(paths: tuple[Path, ...], pack_name: str, out_dir: Path, json_path: Path | None, fail_on: str) -> None:
    """Check every submission under PATHS and write the reports to --out."""
    from pipeline import batch, report
    from pipeline.report import json_report

    pack = _load_pack(pack_name)
    try:
        submissions = batch.run(paths, pack)
        written = report.write_all(submissions, pack, out_dir)
        if json_path:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            written.append(json_report.write(submissions, pack, json_path.parent, json_path.name))
    except PapercheckError as e:
        raise click.ClickException(str(e)) from e
    for s in submissions:
        click.echo(f"{s.status:7} {s.doc_type:13} {s.school or '-':20} {s.path}")
    for p in written:
        click.echo(f"wrote {p}", err=True)
    if fail_on == "fail" and any(s.status == "fail" for s in submissions):
        sys.exit(Exit.FAILED_SUBMISSIONS)


# --- problem classifier: train, classify, evaluate ----------------------------------------------------

def _model_or_exit(model_path: Path | None):
    from pipeline import classify

    try:
        return classify.load_model(model_path) if model_path else classify.model()
    except classify.ModelError as e:
        raise click.ClickException(str(e)) from e


@main.command()
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder of <label>.txt training files (default: data/train).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the shipped pipeline/models/problems.npz).")
@pack_option
def train(data_dir: Path | None, out_path: Path | None, pack_name: str) -> None:
    """Train the problem classifier and store it (deterministic; needs scikit-learn)."""
    from pipeline import classify, nlp

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
    from pipeline import evaluation

    try:
        rows = evaluation.read_rows(data_path)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    click.echo(evaluation.report(rows, _model_or_exit(model_path)))



if __name__ == "__main__":
    main()
