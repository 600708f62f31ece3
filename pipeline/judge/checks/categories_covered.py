"""``categories_covered``: the problems found cover every listed category.

``source``: ``problems`` (the classifier's problem sentences), ``ledger`` (the
ledger's 类别 column, matched with the pack categories' words) or ``both``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack
from .base import Context, Rule, choice, id_list


class CategoriesCovered(Rule):
    type_name = "categories_covered"
    keys = ("categories", "source")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        ids = [str(c["id"]) for c in pack.categories] if pack else []
        return {
            "categories": id_list(path, data, "categories", ids),
            "source": choice(path, data, "source", ("problems", "ledger", "both"), "problems"),
        }

    def check(self, context: Context) -> Iterator[Result]:
        names = {c["id"]: c.get("name", c["id"]) for c in context.pack.categories}
        seen: dict[str, Any] = {}
        if self.params["source"] in ("problems", "both"):
            for p in context.submission.problems:
                seen.setdefault(p.category, p)
        if self.params["source"] in ("ledger", "both"):
            for item in context.ledger:
                for c in context.pack.categories:
                    if item.category and any(w in item.category for w in [c.get("name", ""), *c.get("words", [])]):
                        seen.setdefault(c["id"], item)
        missing = [c for c in self.params["categories"] if c not in seen]
        if missing:
            yield self.result(False, "", None, "缺少" + "、".join(names.get(c, c) for c in missing) + "方面的问题",
                              "no problem of: " + ", ".join(missing))
        else:
            found = [seen[c] for c in self.params["categories"]]
            evidence = "；".join(f"{names.get(c, c)}：{getattr(x, 'text', '') or getattr(x, 'problem', '')}"[:80]
                                for c, x in zip(self.params["categories"], found))
            yield self.result(True, evidence, getattr(found[0], "location", None))
