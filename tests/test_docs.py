"""docs/packs.md, the guide to writing a pack, stays true: every rule type, pack.yaml key and section role
is documented, and every rule example in it is a valid rule whose examples behave."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from pipeline.judge.checks import RULE_TYPES
from pipeline.judge.checks.examples import example_problems
from pipeline.judge.manifest import SECTION_ROLES, TOP_KEYS
from pipeline.judge.rulepack import RULES_DIR, load_pack

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "packs.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def _type_examples() -> dict[str, str]:
    """The YAML block under each ``#### `type``` heading of the guide."""
    out = {}
    for m in re.finditer(r"^#### `(\w+)`\n(.*?)(?=^#### |^## )", TEXT, re.MULTILINE | re.DOTALL):
        block = re.search(r"```yaml\n(.*?)```", m.group(2), re.DOTALL)
        out[m.group(1)] = block.group(1) if block else ""
    return out


def test_every_rule_type_has_a_section_with_an_example():
    examples = _type_examples()
    assert set(RULE_TYPES) <= set(examples), sorted(set(RULE_TYPES) - set(examples))
    for name, block in examples.items():
        assert yaml.safe_load(block)["type"] == name, name
    for name in RULE_TYPES:
        for key in RULE_TYPES[name].keys:
            assert re.search(rf"`{key}[`:]", TEXT), (name, key)  # `key` or `key: value`


def test_every_pack_key_and_role_is_documented():
    for key in TOP_KEYS:
        assert f"`{key}`" in TEXT, key
    for role in SECTION_ROLES:
        assert f"| `{role}` |" in TEXT, role


@pytest.mark.parametrize("name", sorted(RULE_TYPES))
def test_each_example_rule_validates_and_its_examples_behave(name, tmp_path):
    pack_dir = tmp_path / "dangji-2024"
    shutil.copytree(RULES_DIR / "dangji-2024", pack_dir, ignore=shutil.ignore_patterns("samples"))
    (pack_dir / f"docs-{name}.yaml").write_text(_type_examples()[name], encoding="utf-8")
    pack = load_pack(pack_dir)
    rule = pack.rule(f"docs-{name}")
    assert rule.type_name == name
    assert example_problems(rule, pack) == []


def test_the_readmes_link_the_guide():
    assert "(docs/packs.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/packs.md" in (ROOT / "rules" / "README.md").read_text(encoding="utf-8")
