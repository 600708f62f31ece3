"""``heading_sequence``: sibling headings of one numbering kind count up by one
(一、二、三、; a second ``（四）`` or a jump from 二、 to 四、 is flagged)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from ...model import Result
from .base import Context, Rule


class HeadingSequence(Rule):
    type_name = "heading_sequence"

    def check(self, context: Context) -> Iterator[Result]:
        doc, outline = context.document, context.outline
        if doc is None or outline is None:
            return
        groups: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for j, h in enumerate(outline.headings):
            if h.label is not None and h.label.number is not None:
                groups[(h.parent, h.label.kind)].append(j)
        breaks = []
        for members in groups.values():
            for a, b in pairwise(members):
                ha, hb = outline.headings[a], outline.headings[b]
                if hb.label.number != ha.label.number + 1:  # type: ignore[union-attr,operator]
                    breaks.append((ha, hb))
        for ha, hb in sorted(breaks, key=lambda pair: pair[1].block):
            la, lb = ha.label, hb.label
            assert la is not None and lb is not None
            repeat = lb.number == la.number
            yield self.result(False, f"{la.text}{ha.title} → {lb.text}{hb.title}", outline.locate(doc, hb.block),
                              f"序号{'重复' if repeat else '不连续'}：{la.text}之后是{lb.text}",
                              f"numbering {'repeats' if repeat else 'skips'}: {lb.text} after {la.text}")
        if not breaks:
            yield self.result(True, f"{len(outline.headings)}个标题序号连续")
