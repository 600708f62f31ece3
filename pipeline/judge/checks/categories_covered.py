"""``categories_covered``: the problems found cover every listed category.

``source``: ``problems`` (problem sentences, categorised by the pack's categoriser or by the school's
own mark such as （作风）), ``ledger`` (the ledger's category column, matched with each category's
name and ``words``) or ``both``. A pack without a categoriser can use ``ledger`` or ``both`` (marks
and the ledger column); ``problems`` would then rest on marks alone, so validation refuses it, and
it refuses a category the categoriser cannot output.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule, choice, id_list


class CategoriesCovered(Rule):
    type_name = "categories_covered"
    keys = ("categories", "source")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        from ...understand import classify

        categories = id_list(path, data, "categories", pack.category_ids if pack else [])
        source = choice(path, data, "source", ("problems", "ledger", "both"), "problems")
        if pack is not None and source in ("problems", "both"):
            try:
                classes = classify.categoriser_classes(pack)
            except classify.ModelError as e:
                raise pack_error(path, data, "source", str(e)) from e
            if classes is None and source == "problems":
                raise pack_error(path, data, "source", f"the pack has no categoriser ({classify.CATEGORISER_FILE}), "
                                 "so problem categories would come only from the schools' own marks; train one "
                                 f"(`papercheck train --pack {pack.root}`) or use source: ledger or both",
                                 "ledger, both")
            missing = [c for c in categories if classes is not None and c not in classes]
            if missing:
                raise pack_error(path, data, "categories", f"the pack's categoriser cannot output {', '.join(missing)} "
                                 f"(it outputs {', '.join(classes or [])}); retrain it with train/<category>.txt "
                                 "for each", classes)
        return {"categories": categories, "source": source}

    def check(self, context: Context) -> Iterator[Result]:
        pack = context.pack
        threshold = float((pack.data.get("classifier") or {}).get("review_threshold", 0.6))

        def unsure(p: Any) -> bool:
            return bool(p.needs_review) and (p.category is None or p.confidence < threshold)

        seen: dict[str, Any] = {}  # category -> the first problem or ledger item of it
        sure: set[str] = set()  # categories shown by something the categoriser or the school is sure of
        doubtful = 0  # problems whose category the categoriser is unsure of
        if self.params["source"] in ("problems", "both"):
            for p in context.submission.problems:
                doubtful += unsure(p)
                if p.category is not None:
                    if p.category not in seen or (p.category not in sure and not unsure(p)):
                        seen[p.category] = p  # the evidence: a problem the categoriser is sure of, if any
                    if not unsure(p):
                        sure.add(p.category)
        if self.params["source"] in ("ledger", "both"):
            for item in context.ledger:
                for c in pack.category_ids:
                    if item.category and any(w in item.category for w in pack.category_words(c)):
                        seen.setdefault(c, item)
                        sure.add(c)
        missing = [c for c in self.params["categories"] if c not in seen]
        if missing:
            yield self.result(False, "", None, "缺少" + "、".join(pack.category_name(c) for c in missing) + "方面的问题",
                              "no problem of: " + ", ".join(missing), uncertain=doubtful >= len(missing))
        else:
            found = [seen[c] for c in self.params["categories"]]
            evidence = "；".join(f"{pack.category_name(c)}：{getattr(x, 'text', '') or getattr(x, 'problem', '')}"[:80]
                                for c, x in zip(self.params["categories"], found))
            held_by_doubt = any(c not in sure for c in self.params["categories"])
            yield self.result(True, evidence, getattr(found[0], "location", None), uncertain=held_by_doubt)
