"""What makes two processes give the same verdicts: papercheck's code, the pack's files, the models.

A cluster worker compares its identity with the parent's before it judges
anything; the scan keys every stored result by the pack and model versions.
Everything here reads files and model headers only: no model is loaded.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..judge.rulepack import Pack

_PIPELINE = Path(__file__).resolve().parent.parent


def _digest(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in files:
        h.update(os.fsencode(path.relative_to(base).as_posix()) + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:12]


@cache
def code_version() -> str:
    """``0.1.0+<digest of papercheck's Python sources>``: equal only when the code that judges is equal."""
    from .. import __version__

    files = sorted(p for p in _PIPELINE.rglob("*.py") if "__pycache__" not in p.parts)
    return f"{__version__}+{_digest(files, _PIPELINE)}"


def _pack_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc")


def pack_version(pack: Pack) -> str:
    """``name version+<digest of every file of the pack and the packs it extends>``."""
    h = hashlib.sha256()
    for folder in pack.lineage or (pack.root,):
        h.update(_digest(_pack_files(folder), folder).encode())
    return f"{pack.name} {pack.version}+{h.hexdigest()[:12]}"


def model_version(pack: Pack) -> str:
    """The version of the pack's classifier (detector + categoriser), from the model files' headers.

    Equal to ``classify.problem_model(pack).version`` without loading either model;
    ``none`` when a model file is missing or damaged (check_source reports that per file).
    """
    from ..understand.classify import DETECTOR_PATH, ModelError, categoriser_path, model_header

    def version(path: Path) -> str:
        return str(model_header(path)["meta"].get("model_version", "unversioned"))

    try:
        categoriser = categoriser_path(pack)
        return f"{version(DETECTOR_PATH)}+{version(categoriser) if categoriser.is_file() else 'none'}"
    except ModelError:
        return "none"


def identity(pack: Pack) -> dict[str, str]:
    """This process's papercheck, pack and model versions, as a worker compares them with its parent's."""
    return {"papercheck": code_version(), "pack": pack_version(pack), "model": model_version(pack)}


def differences(mine: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """``pack: sanzhao-2013 1.1.0+ab… here, sanzhao-2013 1.0.0+cd… there`` for each field that differs."""
    return [f"{k}: {mine.get(k)} / {theirs.get(k)}" for k in sorted(set(mine) | set(theirs))
            if mine.get(k) != theirs.get(k)]
