"""What every rule type shares: the common YAML keys, the context a rule reads, results."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ...model import Document, Location, Result, Submission
from ..rulepack import EVERY_TYPE, Marked, Pack, pack_error, require

if TYPE_CHECKING:
    from ...understand.leader import Leader
    from ...understand.ledger import LedgerItem
    from ...understand.metadata import Metadata
    from ...understand.structure import Outline

COMMON_KEYS = ("type", "severity", "applies_to", "message", "examples", "description", "title")


@dataclass(frozen=True)
class Context:
    """Everything known about one submission when its rules run.

    ``submission`` holds the findings so far (type, metadata, sections, stages,
    problems, copy); ``document`` and ``outline`` are None when rules are re-run on
    a finished Submission (peer copy, applied at batch level).
    """

    submission: Submission
    pack: Pack
    document: Document | None = None
    outline: Outline | None = None
    ledger: tuple[LedgerItem, ...] = ()
    leader: Leader | None = None
    metadata: Metadata | None = None
    # the school's other documents in the batch; None while a file is judged alone (across_documents rules wait)
    school_documents: tuple[Submission, ...] | None = None


@dataclass
class Rule:
    """One rule of a pack. Subclasses add their keys and implement ``check``."""

    type_name: ClassVar[str] = ""
    keys: ClassVar[tuple[str, ...]] = ()
    needs_document: ClassVar[bool] = True  # False: can run on a finished Submission
    across_documents: ClassVar[bool] = False  # True: compares the school's documents (Context.school_documents)

    id: str
    severity: str
    applies_to: tuple[str, ...]
    message: str
    message_en: str
    examples: dict[str, Any]
    path: Path
    description: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    title: str = ""  # a short Chinese title shown instead of the id, when the rule gives one

    @classmethod
    def from_mapping(cls, data: Marked, path: Path, pack: Pack | None = None) -> Rule:
        """Build the rule from its validated YAML mapping; type-specific keys via ``parse``."""
        applies = data["applies_to"]
        rule = cls(
            id=f"{pack.name if pack else path.parent.name}.{path.stem}",
            severity=data["severity"],
            applies_to=tuple([applies] if isinstance(applies, str) else applies),
            message=data["message"]["zh"],
            message_en=data["message"]["en"],
            examples=dict(data["examples"]),
            path=path,
            description=str(data.get("description", "")),
            title=str(data.get("title", "") or ""),
        )
        rule.params = cls.parse(data, path, pack)
        return rule

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        """Validate and return the type's own keys (override)."""
        return {}

    def applies(self, doc_type: str) -> bool:
        return EVERY_TYPE in self.applies_to or doc_type in self.applies_to

    def check(self, context: Context) -> Iterator[Result]:
        raise NotImplementedError

    def result(self, passed: bool, evidence: str = "", location: Location | None = None,
               detail: str = "", detail_en: str = "", *, uncertain: bool = False) -> Result:
        """A result of this rule; ``detail`` is appended to the message (what exactly is wrong);
        ``uncertain``: the outcome rests on something unsure, so the verdict goes to a person."""
        message, message_en = self.message, self.message_en
        if detail:
            message = f"{message}（{detail}）"
        if detail_en:
            message_en = f"{message_en} ({detail_en})"
        return Result(self.id, self.severity, passed, message, evidence, location, message_en, uncertain)


# --- helpers for parse() ---------------------------------------------------------------------


def id_list(path: Path, data: Marked, key: str, allowed: list[str], default: list[str] | None = None) -> list[str]:
    """``data[key]`` as a list of ids, each one of ``allowed``."""
    if key not in data and default is not None:
        return default
    value = require(path, data, key, (list, str), f"one or a list of: {', '.join(allowed)}")
    values = [value] if isinstance(value, str) else list(value)
    for v in values:
        if v not in allowed:
            raise pack_error(path, data, key, f"{v!r} is not known", allowed)
    return values


def choice(path: Path, data: Marked, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise pack_error(path, data, key, f"{value!r} is not allowed", allowed)
    return str(value)


def value_or_pack_key(path: Path, data: Marked, key: str, pack: Pack | None, pack_keys: str, allowed: str) -> Any:
    """``key`` given in the rule, or ``key_from``: a dotted key of pack.yaml to read it from."""
    if key in data:
        return data[key]
    from_key = f"{key}_from"
    if from_key in data:
        try:
            return pack.lookup(str(data[from_key])) if pack else None
        except (KeyError, TypeError) as e:
            raise pack_error(path, data, from_key, f"{data[from_key]!r} is not a key of pack.yaml", pack_keys) from e
    raise pack_error(path, data, key, f"missing: give {key} or {from_key}", allowed)


def section_ids(pack: Pack | None) -> list[str]:
    return [str(s["id"]) for s in pack.sections] if pack else []
