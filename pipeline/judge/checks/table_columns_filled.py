"""``table_columns_filled``: the ledger (a table, or a numbered list with 问题：/措施：
fields) has at least ``min_items`` items and every item fills the listed columns.

``list_sections``: numbered items in these sections also count as items (a look-back
report lists its problems with their status in prose). With no item at all and ``min_items: 0``
the rule has nothing to check and gives no result (never a pass over zero items).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model import Result
from ...understand.ledger import ROLES, LedgerWords
from ..rulepack import Marked, Pack, pack_error
from .base import Context, Rule, id_list, section_ids


class TableColumnsFilled(Rule):
    type_name = "table_columns_filled"
    keys = ("columns", "min_items", "list_sections")

    @classmethod
    def parse(cls, data: Marked, path: Path, pack: Pack | None) -> dict[str, Any]:
        min_items = data.get("min_items", 1)
        if not isinstance(min_items, int) or isinstance(min_items, bool) or min_items < 0:
            raise pack_error(path, data, "min_items", f"{min_items!r} is not a count", "0, 1, 2, …")
        return {
            "columns": id_list(path, data, "columns", list(ROLES)),
            "min_items": min_items,
            "list_sections": id_list(path, data, "list_sections", section_ids(pack), default=[]),
        }

    def check(self, context: Context) -> Iterator[Result]:
        items = context.ledger
        if not items and not self.params["min_items"]:
            return  # nothing to check: no "0项均已填写" (the rule that asks for a ledger says it is missing)
        if len(items) < self.params["min_items"]:
            need = self.params["min_items"]
            detail = "未找到逐项列出的问题" if not items else f"只找到{len(items)}项问题，至少应有{need}项"
            yield self.result(False, "", None, detail, f"{len(items)} ledger items found, {need} needed")
            return
        words = LedgerWords.of(context.pack)  # a column is named by its first word in the pack (责任人)
        bad = 0
        for item in items:
            empty = [role for role in self.params["columns"] if not item.value(role).strip()]
            if empty:
                bad += 1
                yield self.result(False, item.problem[:120], item.location,
                                  "缺少" + "、".join(words.name(r) for r in empty), "empty: " + ", ".join(empty))
        if not bad:
            yield self.result(True, f"{len(items)}项均已填写" + "、".join(words.name(r) for r in self.params["columns"]),
                              items[0].location if items else None)
