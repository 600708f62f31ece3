"""Rule packs: everything campaign-specific, loaded from rules/<pack>/ and validated.

A pack is a folder: ``pack.yaml`` (campaign window, stages, document types,
sections with synonyms, categories, vocabulary, thresholds) and one YAML file per
rule, whose id is ``<pack>.<file stem>``. A broken pack fails here, before any
document is opened, with the file, line, key and allowed values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import RulePackError

if TYPE_CHECKING:
    from .checks.base import Rule



def builtin_packs_dir() -> Path:
    """The folder of the packs shipped with papercheck.

    Installed, it is the package ``papercheck.rules`` (a wheel carries every pack
    under the repository's ``rules/``; importlib.resources finds it wherever
    pip put it). Run from a checkout that is not installed (``PYTHONPATH=.``),
    it is ``rules/`` beside ``pipeline/``.
    """
    from importlib import resources

    try:
        found = Path(str(resources.files("papercheck.rules")))
    except ModuleNotFoundError:
        found = Path()
    if found.is_dir() and found != Path():
        return found
    return Path(__file__).resolve().parents[2] / "rules"


RULES_DIR = builtin_packs_dir()
DEFAULT_PACK = "sanzhao-2013"
SEVERITIES = ("error", "warning")
EVERY_TYPE = "all"


# --- YAML with line numbers ------------------------------------------------------------


class Marked(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: str) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)


class MarkedList(list):  # type: ignore[type-arg]
    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Marked:
    loader.flatten_mapping(node)
    out = Marked()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> MarkedList:
    out = MarkedList(loader.construct_object(n, deep=True) for n in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [n.start_mark.line + 1 for n in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


MAX_YAML_BYTES = 1024 * 1024
MAX_ALIASES = 50  # a pack may share a list with &name / *name a few times, not build a billion laughs
MAX_YAML_NODES = 100_000  # values in a file with every alias expanded


class _Refused(yaml.YAMLError):
    """A YAML construct read_yaml does not accept; its message names the line, never a value."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _GuardedLoader(_Loader):
    """The pack loader, refusing any explicit tag, more than MAX_ALIASES aliases and a too large expansion.

    Checked while composing, before anything is constructed, so a bomb is refused
    before it costs memory, and no error message ever shows an expanded value.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Refused(f"more than {MAX_ALIASES} aliases (*name); a pack does not need so many", event.start_mark)
        elif getattr(event, "tag", None) not in (None, "!"):
            raise _Refused("explicit tags (!!type or !name) are not allowed in a pack", event.start_mark)
        node = super().compose_node(parent, index)
        if node is None:
            return node
        size = self._sizes.get(id(node))
        if size is None:
            size = 1
            if isinstance(node, yaml.SequenceNode):
                size += sum(self._sizes.get(id(child), 1) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                size += sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
            self._sizes[id(node)] = size
            if size > MAX_YAML_NODES:
                raise _Refused(f"more than {MAX_YAML_NODES} values once aliases are expanded", node.start_mark)
        return node


def read_yaml(path: Path) -> Any:
    """Parse one YAML file keeping line numbers; a syntax error names file and line.

    Refuses, naming the line but never echoing a value: a file over MAX_YAML_BYTES,
    any explicit tag, more than MAX_ALIASES aliases, more than MAX_YAML_NODES values
    once aliases are expanded (a YAML alias bomb).
    """
    try:
        if path.stat().st_size > MAX_YAML_BYTES:
            raise RulePackError(f"{path}: larger than {MAX_YAML_BYTES // 1024} KB; a pack file is a few KB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RulePackError(f"{path}: cannot read ({e})") from e
    try:
        return yaml.load(text, Loader=_GuardedLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RulePackError(f"{path}{line}: not valid YAML ({getattr(e, 'problem', e)})") from e


def pack_error(path: Path | str, data: Any, key: str, problem: str, allowed: Any = None) -> RulePackError:
    """A RulePackError naming file, line, key and (when given) the allowed values."""
    line = data.line_of(key.split(".")[-1]) if isinstance(data, Marked) else getattr(data, "line", 0)
    where = f"{path}:{line}" if line else str(path)
    text = f"{where}: key '{key}': {problem}"
    if allowed is not None:
        values = allowed if isinstance(allowed, str) else ", ".join(str(a) for a in allowed)
        text += f" (allowed: {values})"
    return RulePackError(text)


def require(path: Path | str, data: Any, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    """``data[key]``, which must exist and be of ``kind``; else a pack error naming ``what``."""
    if not isinstance(data, dict):
        raise pack_error(path, data, key, f"expected a mapping holding '{key}'")
    if key not in data:
        raise pack_error(path, data, key, "missing", what)
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise pack_error(path, data, key, f"{value!r} is not {what}", what)
    return value


def check_keys(path: Path | str, data: Marked, allowed: tuple[str, ...] | list[str]) -> None:
    for key in data:
        if key not in allowed:
            raise pack_error(path, data, str(key), "unknown key", allowed)


# --- the pack ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    name: str
    version: str
    root: Path
    data: dict[str, Any] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()

    @property
    def sections(self) -> list[dict[str, Any]]:
        return list(self.data.get("sections", []))

    @property
    def stages(self) -> list[dict[str, Any]]:
        return list(self.data.get("stages", []))

    @property
    def doc_types(self) -> list[dict[str, Any]]:
        return list(self.data.get("doc_types", []))

    @property
    def categories(self) -> list[dict[str, Any]]:
        return list(self.data.get("categories", []))

    @property
    def campaign(self) -> dict[str, str]:
        return dict(self.data.get("campaign", {}))

    @property
    def campaign_year(self) -> int | None:
        start = self.campaign.get("start")
        return int(start[:4]) if start else None

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def lookup(self, dotted: str) -> Any:
        """A value of pack.yaml by dotted key (``similarity.notice_bound``)."""
        value: Any = self.data
        for part in dotted.split("."):
            value = value[part]
        return value


_MONTH = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _validate_manifest(path: Path, data: Any) -> None:
    if not isinstance(data, Marked):
        raise RulePackError(f"{path}:1: expected a mapping with name, version, campaign, stages, doc_types, sections")
    check_keys(path, data, ("name", "version", "description", "campaign", "stages", "doc_types", "sections",
                            "categories", "vocabulary", "classifier", "similarity", "reference"))
    require(path, data, "name", str, "a pack name (text)")
    require(path, data, "version", (str, int, float), "a version such as \"1.0\"")
    campaign = require(path, data, "campaign", dict, "a mapping with start and end (YYYY-MM)")
    for key in ("start", "end"):
        value = str(require(path, campaign, key, str, "a month YYYY-MM"))
        if not _MONTH.match(value):
            raise pack_error(path, campaign, f"campaign.{key}", f"{value!r} is not a month", "YYYY-MM")
    for i, stage in enumerate(require(path, data, "stages", list, "a list of stages")):
        where = f"stages[{i}]"
        for key in ("id", "name"):
            require(path, stage, key, str, f"{where}.{key}: text")
        require(path, stage, "names", list, f"{where}.names: a list of the ways a plan names the stage")
        window = require(path, stage, "window", dict, f"{where}.window: start and end YYYY-MM")
        for key in ("start", "end"):
            if not _MONTH.match(str(require(path, window, key, str, "a month YYYY-MM"))):
                raise pack_error(path, window, f"{where}.window.{key}", "not a month", "YYYY-MM")
    for i, dt in enumerate(require(path, data, "doc_types", list, "a list of document types")):
        require(path, dt, "id", str, f"doc_types[{i}].id: text")
        if "title_words" in dt:
            require(path, dt, "title_words", list, f"doc_types[{i}].title_words: a list of words")
    for i, sec in enumerate(require(path, data, "sections", list, "a list of sections")):
        check_keys(path, sec, ("id", "title", "synonyms", "doc_types", "contains_stages"))
        require(path, sec, "id", str, f"sections[{i}].id: text")
        require(path, sec, "title", str, f"sections[{i}].title: text")
        if "synonyms" in sec:
            require(path, sec, "synonyms", list, f"sections[{i}].synonyms: a list of titles")
    for i, cat in enumerate(data.get("categories", [])):
        require(path, cat, "id", str, f"categories[{i}].id: text")
    if "similarity" in data:
        sim = require(path, data, "similarity", dict, "notice_bound and peer_bound")
        for key in ("notice_bound", "peer_bound"):
            value = require(path, sim, key, (int, float), "a number between 0 and 1")
            if not 0 <= value <= 1:
                raise pack_error(path, sim, f"similarity.{key}", f"{value} is out of range", "0..1")


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> Pack:
    """Load and validate a pack by name (under rules/) or by path to its folder."""
    root = Path(name_or_path)
    if not root.is_dir():
        root = RULES_DIR / str(name_or_path)
    manifest = root / "pack.yaml"
    if not manifest.is_file():
        known = sorted(p.name for p in RULES_DIR.iterdir() if (p / "pack.yaml").is_file()) if RULES_DIR.is_dir() else []
        raise RulePackError(f"{name_or_path}: no such rule pack (looked for {manifest}; packs: {', '.join(known)})")
    data = read_yaml(manifest)
    _validate_manifest(manifest, data)
    pack = Pack(name=str(data["name"]), version=str(data["version"]), root=root, data=data)
    rules = tuple(_load_rule(path, pack) for path in sorted(root.glob("*.yaml")) if path.name != "pack.yaml")
    return Pack(name=pack.name, version=pack.version, root=root, data=data, rules=rules)


def _load_rule(path: Path, pack: Pack) -> Rule:
    from .checks import RULE_TYPES
    from .checks.base import COMMON_KEYS

    data = read_yaml(path)
    if not isinstance(data, Marked):
        raise RulePackError(f"{path}:1: a rule is a mapping with type, severity, applies_to, message, examples")
    rule_type = require(path, data, "type", str, ", ".join(sorted(RULE_TYPES)))
    if rule_type not in RULE_TYPES:
        raise pack_error(path, data, "type", f"unknown rule type {rule_type!r}", sorted(RULE_TYPES))
    cls = RULE_TYPES[rule_type]
    check_keys(path, data, (*COMMON_KEYS, *cls.keys))
    severity = require(path, data, "severity", str, ", ".join(SEVERITIES))
    if severity not in SEVERITIES:
        raise pack_error(path, data, "severity", f"{severity!r} is not a severity", SEVERITIES)
    type_ids = [str(d.get("id")) for d in pack.doc_types]
    applies = require(path, data, "applies_to", (list, str), f"a list of document types, or '{EVERY_TYPE}'")
    applies = [applies] if isinstance(applies, str) else applies
    for value in applies:
        if value != EVERY_TYPE and value not in type_ids:
            raise pack_error(path, data, "applies_to", f"{value!r} is not a document type", [EVERY_TYPE, *type_ids])
    message = require(path, data, "message", dict, "a mapping with zh and en")
    for lang in ("zh", "en"):
        require(path, message, lang, str, f"message.{lang}: the message in {'Chinese' if lang == 'zh' else 'English'}")
    examples = require(path, data, "examples", dict, "a mapping with pass and fail examples")
    for key in ("pass", "fail"):
        value = require(path, examples, key, (str, dict), f"examples.{key}: a small document (text)")
        if isinstance(value, dict):
            require(path, value, "text", str, f"examples.{key}.text: the document text")
    return cls.from_mapping(data, path, pack)
