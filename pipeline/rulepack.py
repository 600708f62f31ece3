"""Rule packs: everything campaign-specific, loaded from rules/<pack>/ (placeholder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import RulePackError

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_PACK = "sanzhao-2013"


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    root: Path
    data: dict[str, Any] = field(default_factory=dict)


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> Pack:
    """Load a pack by name (under rules/) or by path to its folder."""
    root = Path(name_or_path)
    if not root.is_dir():
        root = RULES_DIR / str(name_or_path)
    manifest = root / "pack.yaml"
    if not manifest.is_file():
        raise RulePackError(f"{name_or_path}: no such rule pack (looked for {manifest})")
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    return Pack(name=str(data.get("name", root.name)), version=str(data.get("version", "0")), root=root, data=data)
