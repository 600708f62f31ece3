"""``pattern_in_section``: text in a section (or the whole document) says something.

``any_of``: at least one pattern matches; ``all_of``: every pattern matches (each
may be ``{name, pattern}`` so a miss is reported by name). Patterns are regular
expressions. ``section`` (one id or a list) limits where to look; without it, or
with ``fallback: document`` when the section is absent, the whole text is searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule, choice, id_list, section_ids


def _patterns(path: Path, data: Marked, key: str) -> list[tuple[str, re.Pattern[str]]]:
    raw = data.get(key) or []
    if not isinstance(raw, list):
        raise pack_error(path, data, key, "expected a list of patterns", "regular expressions or {name, pattern}")
    out = []
    for item in raw:
        name, pattern = (item.get("name"), item.get("pattern")) if isinstance(item, dict) else (item, item)
        try:
            out.append((str(name), re.compile(str(pattern))))
        except re.error as e:
            raise pack_error(path, data, key, f"pattern {pattern!r} is not a valid regular expression ({e})") from e
    return out


class PatternInSection(Rule):
    type_name = "pattern_in_section"
    keys = ("section", "any_of", "all_of", "fallback")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        if "any_of" not in data and "all_of" not in data:
            raise pack_error(path, data, "any_of", "missing: give any_of or all_of", "any_of, all_of")
        return {
            "section": id_list(path, data, "section", section_ids(pack), default=[]),
            "any_of": _patterns(path, data, "any_of"),
            "all_of": _patterns(path, data, "all_of"),
            "fallback": choice(path, data, "fallback", ("document", "none"), "document"),
        }

    def check(self, context: Context) -> Iterator[Result]:
        doc, outline = context.document, context.outline
        if doc is None or outline is None:
            return
        wanted = self.params["section"]
        indices = [i for i, sid in enumerate(outline.section_ids) if sid in wanted] if wanted else []
        if not indices and (not wanted or self.params["fallback"] == "document"):
            indices = list(range(len(doc.blocks)))
        texts = [(i, doc.blocks[i].display + " " + _table_text(doc.blocks[i])) for i in indices]
        missing = []
        first_hit = None
        for name, pattern in self.params["all_of"]:
            hit = next(((i, m) for i, t in texts if (m := pattern.search(t))), None)
            if hit is None:
                missing.append(name)
            first_hit = first_hit or hit
        if self.params["any_of"]:
            hit = next(((i, m) for i, t in texts for _, p in self.params["any_of"] if (m := p.search(t))), None)
            if hit is None:
                missing.append(" / ".join(n for n, _ in self.params["any_of"]))
            first_hit = first_hit or hit
        if missing:
            where = outline.locate(doc, indices[0]) if wanted and indices else None
            yield self.result(False, "", where, "缺少：" + "、".join(missing), "missing: " + ", ".join(missing))
        else:
            i, m = first_hit  # type: ignore[misc]
            text = doc.blocks[i].display
            start = max(0, text.find(m.group(0)) - 20)
            yield self.result(True, text[start:start + 120] or m.group(0), outline.locate(doc, i))


def _table_text(block: Any) -> str:
    return " ".join(" ".join(row) for row in block.table.grid()) if block.table is not None else ""
