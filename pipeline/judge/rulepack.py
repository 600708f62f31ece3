"""Rule packs: everything campaign-specific, loaded from rules/<pack>/ and validated.

A pack is a folder: ``pack.yaml`` (campaign window, stages, document types,
sections with synonyms, categories, vocabulary, thresholds) and one YAML file per
rule, whose id is ``<pack>.<file stem>``. A broken pack fails here, before any
document is opened, with the file, line, key and allowed values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
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
    """A RulePackError naming file, line, key and (when given) the allowed values.

    A value inherited from another pack (``extends:``) is named by the file it was written in.
    """
    last = key.split(".")[-1]
    line = data.line_of(last) if isinstance(data, Marked) else getattr(data, "line", 0)
    sources = getattr(data, "key_sources", None) or {}
    path = sources.get(last) or getattr(data, "source", None) or path
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


# --- every problem of a pack at once ----------------------------------------------------------


class Issues:
    """The problems found while loading a pack, so an author sees all of them at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, error: RulePackError | str) -> None:
        if isinstance(error, RulePackError):
            self.items.extend(error.problems)
        else:
            self.items.append(error)

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Record a RulePackError raised inside the block instead of stopping."""
        try:
            yield
        except RulePackError as e:
            self.add(e)

    def raise_if_any(self) -> None:
        if self.items:
            unique = list(dict.fromkeys(self.items))
            raise RulePackError("\n".join(unique), problems=unique)


# --- the pack ------------------------------------------------------------------------------


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _mapped(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


@dataclass(frozen=True)
class Pack:
    """A loaded, validated pack: pack.yaml merged over the packs it extends, and its rules.

    The properties are the campaign words the pipeline asks for (document types and their
    names, sections by role, categories, ledger words); ``data`` is the merged pack.yaml.
    """

    name: str
    version: str
    root: Path
    data: dict[str, Any] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    lineage: tuple[Path, ...] = ()  # the pack folders it was built from, the base first

    # --- plain lists of pack.yaml ---

    @property
    def sections(self) -> list[dict[str, Any]]:
        return [s for s in _listed(self.data.get("sections")) if isinstance(s, dict)]

    @property
    def stages(self) -> list[dict[str, Any]]:
        return [s for s in _listed(self.data.get("stages")) if isinstance(s, dict)]

    @property
    def doc_types(self) -> list[dict[str, Any]]:
        return [d for d in _listed(self.data.get("doc_types")) if isinstance(d, dict)]

    @property
    def categories(self) -> list[dict[str, Any]]:
        return [c for c in _listed(self.data.get("categories")) if isinstance(c, dict)]

    @property
    def campaign(self) -> dict[str, str]:
        return {k: str(v) for k, v in _mapped(self.data.get("campaign")).items()}

    @property
    def campaign_year(self) -> int | None:
        start = self.campaign.get("start")
        return int(start[:4]) if start and start[:4].isdigit() else None

    # --- document types ---

    def doc_type(self, type_id: str) -> dict[str, Any]:
        return next((d for d in self.doc_types if d.get("id") == type_id), {})

    @property
    def doc_type_ids(self) -> list[str]:
        return [str(d.get("id")) for d in self.doc_types]

    @property
    def fallback_type(self) -> str:
        """The type of a document nothing places (``fallback: true``); such a document goes to review."""
        return next((str(d["id"]) for d in self.doc_types if d.get("fallback") is True), "other")

    def lists_findings(self, type_id: str, title: str = "") -> bool:
        """False for a type that states what to look for, not what was found (a plan, the notice), unless
        its title holds one of the type's ``findings_title_words`` (the bureau's 督查通报 lists findings)."""
        dt = self.doc_type(type_id)
        return dt.get("lists_findings", True) is not False or \
            any(w in title for w in dt.get("findings_title_words", []))

    def every_type_rules_only(self, type_id: str) -> bool:
        return self.doc_type(type_id).get("every_type_rules_only") is True

    def compared_with_peers(self, type_id: str) -> bool:
        return self.doc_type(type_id).get("compare_with_peers", True) is not False

    def names_school(self, type_id: str) -> bool:
        """False for a type written to schools, not by one (the bureau's notice): no school is looked for."""
        return self.doc_type(type_id).get("names_school", True) is not False

    def doc_type_name(self, type_id: str, lang: str = "zh") -> str:
        dt = self.doc_type(type_id)
        name = dt.get("name_en") if lang == "en" else dt.get("name")
        return str(name or dt.get("name") or type_id)

    # --- sections ---

    def section_with_role(self, role: str) -> str | None:
        """The id of the section that has ``role`` (stages, organisation, problems, …), if any."""
        return next((str(s["id"]) for s in self.sections if s.get("role") == role), None)

    def section_role(self, section_id: str | None) -> str | None:
        return next((str(s["role"]) for s in self.sections if s.get("id") == section_id and s.get("role")), None)

    def none_prior(self, section_id: str | None) -> float | None:
        """The section's own ``none_prior`` (None: its role's default applies)."""
        for s in self.sections:
            if s.get("id") == section_id and isinstance(s.get("none_prior"), (int, float)):
                return float(s["none_prior"])
        return None

    # --- categories ---

    @property
    def category_ids(self) -> list[str]:
        return [str(c.get("id")) for c in self.categories]

    @property
    def outside_category(self) -> str | None:
        """The category of a problem outside the campaign's categories (sent to a reviewer)."""
        return next((str(c["id"]) for c in self.categories if c.get("outside") is True), None)

    def category_name(self, category_id: str | None, lang: str = "zh") -> str:
        if category_id is None:
            return "uncategorised" if lang == "en" else "未分类"
        c = next((c for c in self.categories if c.get("id") == category_id), {})
        name = c.get("name_en") if lang == "en" else c.get("name")
        return str(name or c.get("name") or category_id)

    def category_words(self, category_id: str) -> list[str]:
        """How a ledger column or a school's mark names the category: its name and ``words``."""
        c = next((c for c in self.categories if c.get("id") == category_id), {})
        return [str(w) for w in [c.get("name"), *_listed(c.get("words"))] if w]

    def category_cues(self) -> dict[str, tuple[str, ...]]:
        """Category id → phrases that name the category outright in a problem (pack ``cues:``)."""
        return {str(c["id"]): tuple(str(w) for w in _listed(c.get("cues"))) for c in self.categories
                if c.get("id") and _listed(c.get("cues"))}

    # --- ledgers ---

    @property
    def ledger_columns(self) -> dict[str, tuple[str, ...]]:
        """Header words per ledger column role (problem, category, measure, owner, deadline, status)."""
        columns = _mapped(_mapped(self.data.get("ledger")).get("columns"))
        return {str(role): tuple(str(w) for w in _listed(words)) for role, words in columns.items()}

    @property
    def status_words(self) -> dict[str, str]:
        """Status word → what it means (done, in_progress, ongoing, not_done)."""
        statuses = _mapped(_mapped(self.data.get("ledger")).get("statuses"))
        return {str(w): str(kind) for kind, words in statuses.items() for w in _listed(words)}

    @property
    def deadline_words(self) -> dict[str, tuple[str, ...]]:
        """Kinds of deadline written in words (immediate, ongoing, …) and their words."""
        words = _mapped(_mapped(self.data.get("ledger")).get("deadline_words"))
        return {str(kind): tuple(str(w) for w in _listed(ws)) for kind, ws in words.items()}

    # --- the office: what each school owes, letters back ---

    @property
    def required_documents(self) -> list[tuple[str, str | None]]:
        """(document type, due date or None) every school on a roster owes (``roster.required``)."""
        roster = _mapped(self.data.get("roster"))
        return [(str(item["type"]), str(item["due"]) if item.get("due") else None)
                for item in _listed(roster.get("required")) if isinstance(item, dict) and item.get("type")]

    def letter_setting(self, key: str, default: Any = None) -> Any:
        """A key of ``letters`` (issuer, issuer_en, resubmit_days, title)."""
        return _mapped(self.data.get("letters")).get(key, default)

    # --- reports ---

    def report_title(self, lang: str = "zh") -> str:
        title = _mapped(self.data.get("report_title"))
        return str(title.get(lang) or title.get("zh") or self.name)

    def stage_name(self, stage_id: str, lang: str = "zh") -> str:
        stage = next((s for s in self.stages if s.get("id") == stage_id), {})
        name = stage.get("name_en") if lang == "en" else stage.get("name")
        return str(name or stage_id)

    @property
    def reference_files(self) -> list[Path]:
        """The reference texts (the bureau's notice) copy detection compares with."""
        listed = self.data.get("reference")
        if isinstance(listed, list):
            base = Path(getattr(listed, "source", self.root / "pack.yaml")).parent
            return [base / str(p) for p in listed]
        folder = self.root / "reference"
        return sorted(folder.glob("*.txt")) if folder.is_dir() else []

    def rule(self, rule_id: str) -> Rule:
        """A rule by id (``sanzhao-2013.plan-leader``) or by its file stem (``plan-leader``)."""
        return next(r for r in self.rules if r.id == rule_id or r.id == f"{self.name}.{rule_id}")

    def lookup(self, dotted: str) -> Any:
        """A value of pack.yaml by dotted key (``similarity.notice_bound``)."""
        value: Any = self.data
        for part in dotted.split("."):
            value = value[part]
        return value


# --- loading: the folder, the packs it extends, the merged pack.yaml, the rules --------------------

NOT_INHERITED = ("name", "version", "description", "extends")


def pack_root(name_or_path: str | Path) -> Path:
    """The folder of a pack given by name (under rules/) or by path."""
    root = Path(name_or_path)
    if root.is_dir() and (root / "pack.yaml").is_file():
        return root
    named = RULES_DIR / str(name_or_path)
    if (named / "pack.yaml").is_file():
        return named
    known = sorted(p.name for p in RULES_DIR.iterdir() if (p / "pack.yaml").is_file()) if RULES_DIR.is_dir() else []
    looked = root / "pack.yaml" if root.is_dir() else named / "pack.yaml"
    raise RulePackError(f"{name_or_path}: no such rule pack (looked for {looked}; packs: {', '.join(known)})")


def _parent_root(folder: Path, parent: str) -> Path:
    """The folder ``extends:`` names: a pack name under rules/, or a path relative to the pack."""
    if "/" in parent or "\\" in parent or parent.startswith("."):
        candidate = folder / parent
        if (candidate / "pack.yaml").is_file():
            return candidate
        raise RulePackError(f"{parent}: no such rule pack (looked for {candidate / 'pack.yaml'})")
    return pack_root(RULES_DIR / parent) if (RULES_DIR / parent / "pack.yaml").is_file() else pack_root(parent)


def _tag(node: Any, source: Path) -> Any:
    """Remember in every mapping and list which file it was written in (for messages)."""
    if isinstance(node, (Marked, MarkedList)) and not hasattr(node, "source"):
        node.source = source  # type: ignore[union-attr]
        for child in node.values() if isinstance(node, dict) else node:
            _tag(child, source)
    return node


def _merge(base: Any, child: Any) -> Any:
    """``child`` over ``base``: mappings merge key by key, ``key+`` adds to a list, anything else replaces."""
    if not isinstance(base, Marked) or not isinstance(child, Marked):
        return child
    out = Marked()
    out.line = child.line
    out.key_lines = {}
    out.key_sources = {}  # type: ignore[attr-defined]
    out.source = getattr(child, "source", None)  # type: ignore[attr-defined]
    for key, value in base.items():
        out[key] = value
        out.key_lines[key] = base.line_of(key)
        out.key_sources[key] = (getattr(base, "key_sources", {}) or {}).get(key) or getattr(base, "source", None)  # type: ignore[attr-defined]
    for key, value in child.items():
        name = key[:-1] if isinstance(key, str) and key.endswith("+") else key
        if name != key and isinstance(out.get(name), list) and isinstance(value, list):
            added = MarkedList([*out[name], *value])
            added.line = getattr(value, "line", 0)
            added.item_lines = [*getattr(out[name], "item_lines", []), *getattr(value, "item_lines", [])]
            added.source = getattr(value, "source", None)  # type: ignore[attr-defined]
            out[name] = added
        elif isinstance(out.get(name), Marked) and isinstance(value, Marked):
            out[name] = _merge(out[name], value)
        else:
            out[name] = value
        out.key_lines[name] = child.line_of(key)
        out.key_sources[name] = getattr(child, "source", None)  # type: ignore[attr-defined]
    return out


def _lineage(root: Path, issues: Issues) -> list[tuple[Path, Marked]]:
    """The pack's manifests, the one it extends first: [(folder, pack.yaml data), …]."""
    chain: list[tuple[Path, Marked]] = []
    seen: list[Path] = []
    current: Path | None = root
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            issues.add(f"{current / 'pack.yaml'}: key 'extends': packs extend each other in a circle "
                       f"({' → '.join(p.name for p in [*seen, resolved])})")
            break
        seen.append(resolved)
        manifest = current / "pack.yaml"
        data = _tag(read_yaml(manifest), manifest)
        if not isinstance(data, Marked):
            raise RulePackError(f"{manifest}:1: expected a mapping with name, version, doc_types, sections, …")
        chain.append((current, data))
        parent = data.get("extends")
        current = None
        if parent is not None:
            try:
                if not isinstance(parent, str) or not parent.strip():
                    raise pack_error(manifest, data, "extends", f"{parent!r} is not a pack name", "a pack name such as base")
                current = _parent_root(manifest.parent, parent)
            except RulePackError as e:
                issues.add(pack_error(manifest, data, "extends", str(e)))
    chain.reverse()
    return chain


def merged_manifest(chain: list[tuple[Path, Marked]]) -> Marked:
    """pack.yaml of the pack over those it extends (name, version, description, extends are its own)."""
    data = chain[0][1]
    for _, child in chain[1:]:
        inherited = Marked({k: v for k, v in data.items() if k not in NOT_INHERITED})
        inherited.line = data.line
        inherited.key_lines = {k: data.line_of(k) for k in inherited}
        inherited.key_sources = {k: (getattr(data, "key_sources", {}) or {}).get(k) or getattr(data, "source", None)  # type: ignore[attr-defined]
                                 for k in inherited}
        inherited.source = getattr(data, "source", None)  # type: ignore[attr-defined]
        data = _merge(inherited, child)
    return data


def load_manifest(name_or_path: str | Path) -> Pack:
    """A pack's merged and validated pack.yaml, without its rules or its categoriser (``train`` makes that)."""
    from .manifest import validate_manifest

    root = pack_root(name_or_path)
    issues = Issues()
    chain = _lineage(root, issues)
    data = merged_manifest(chain)
    validate_manifest(root / "pack.yaml", data, issues)
    issues.raise_if_any()
    return Pack(name=str(data["name"]), version=str(data["version"]), root=root, data=data,
                lineage=tuple(folder for folder, _ in chain))


def load_pack(name_or_path: str | Path = DEFAULT_PACK) -> Pack:
    """Load and validate a pack by name (under rules/) or by path to its folder.

    Every problem found (in pack.yaml, in the packs it extends, in any rule file) is reported
    at once in one RulePackError, one line each, naming file, line, key and allowed values.
    """
    from .manifest import validate_manifest, validate_pack

    root = pack_root(name_or_path)
    issues = Issues()
    chain = _lineage(root, issues)
    manifest = root / "pack.yaml"
    data = merged_manifest(chain)
    validate_manifest(manifest, data, issues)
    name = str(data.get("name") or root.name)
    pack = Pack(name=name, version=str(data.get("version", "")), root=root, data=data,
                lineage=tuple(folder for folder, _ in chain))
    rules = _load_rules(pack, chain, issues)
    pack = replace(pack, rules=tuple(rules))
    validate_pack(pack, issues)
    issues.raise_if_any()
    return pack


def rule_files(chain: list[tuple[Path, Marked]] | tuple[Path, ...]) -> dict[str, Path]:
    """Rule file per stem: the pack's own file replaces an inherited one of the same stem."""
    files: dict[str, Path] = {}
    for item in chain:
        folder = item[0] if isinstance(item, tuple) else item
        for path in sorted(folder.glob("*.yaml")):
            if path.name != "pack.yaml":
                files[path.stem] = path
    return files


def _load_rules(pack: Pack, chain: list[tuple[Path, Marked]], issues: Issues) -> list[Rule]:
    files = rule_files(chain)
    changes = pack.data.get("rules")
    changes = changes if isinstance(changes, dict) else {}
    manifest = pack.root / "pack.yaml"
    for stem in changes:
        if stem not in files:
            issues.add(pack_error(manifest, changes, str(stem), "no such rule to switch off or change", sorted(files)))
    rules = []
    for stem, path in files.items():
        change = changes.get(stem, None)
        if change is False or change == "off":
            continue
        with issues.collect():
            data = read_yaml(path)
            if not isinstance(data, Marked):
                raise RulePackError(f"{path}:1: a rule is a mapping with type, severity, applies_to, message, examples")
            _tag(data, path)
            if isinstance(change, dict):
                data = _merge(data, _tag(change, manifest))
            elif change is not None:
                issues.add(pack_error(manifest, changes, str(stem), f"{change!r} is neither off nor a mapping of keys",
                                      "off, or keys of the rule to change"))
            rule = _load_rule(path, pack, data, issues)
            if rule is not None:
                rules.append(rule)
    return rules


def _load_rule(path: Path, pack: Pack, data: Marked, issues: Issues) -> Rule | None:
    """One rule from its YAML mapping; every problem of the file is added to ``issues``."""
    from .checks import RULE_TYPES
    from .checks.base import COMMON_KEYS

    before = len(issues.items)
    with issues.collect():
        rule_type = require(path, data, "type", str, ", ".join(sorted(RULE_TYPES)))
        if rule_type not in RULE_TYPES:
            raise pack_error(path, data, "type", f"unknown rule type {rule_type!r}", sorted(RULE_TYPES))
    cls = RULE_TYPES.get(str(data.get("type")))
    for key in data:
        if key not in COMMON_KEYS and (cls is None or key not in cls.keys):
            issues.add(pack_error(path, data, str(key), "unknown key",
                                  [*COMMON_KEYS, *(cls.keys if cls else ())]))
    with issues.collect():
        severity = require(path, data, "severity", str, ", ".join(SEVERITIES))
        if severity not in SEVERITIES:
            raise pack_error(path, data, "severity", f"{severity!r} is not a severity", SEVERITIES)
    with issues.collect():
        applies = require(path, data, "applies_to", (list, str), f"a list of document types, or '{EVERY_TYPE}'")
        for value in [applies] if isinstance(applies, str) else applies:
            if value != EVERY_TYPE and value not in pack.doc_type_ids:
                issues.add(pack_error(path, data, "applies_to", f"{value!r} is not a document type",
                                      [EVERY_TYPE, *pack.doc_type_ids]))
            elif value != EVERY_TYPE and pack.every_type_rules_only(value):
                issues.add(pack_error(path, data, "applies_to", f"{value!r} gets only the rules with applies_to: "
                                      f"{EVERY_TYPE} (every_type_rules_only in pack.yaml), so this rule never runs on it"))
    with issues.collect():
        message = require(path, data, "message", dict, "a mapping with zh and en")
        for lang in ("zh", "en"):
            with issues.collect():
                require(path, message, lang, str,
                        f"message.{lang}: the message in {'Chinese' if lang == 'zh' else 'English'}")
    with issues.collect():
        examples = require(path, data, "examples", dict, "a mapping with pass and fail examples")
        for key in ("pass", "fail"):
            with issues.collect():
                value = require(path, examples, key, (str, dict), f"examples.{key}: a small document (text)")
                if isinstance(value, dict):
                    require(path, value, "text", str, f"examples.{key}.text: the document text")
    for key in ("description", "title"):
        if key in data and not isinstance(data[key], str):
            issues.add(pack_error(path, data, key, f"{data[key]!r} is not text", "text"))
    if cls is None or len(issues.items) > before:
        return None
    try:
        return cls.from_mapping(data, path, pack)
    except RulePackError as e:
        issues.add(e)
        return None
