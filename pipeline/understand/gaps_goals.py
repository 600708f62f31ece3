"""Gaps and goals: the 找差距 and 找目标 of a self-inspection, told apart from problems.

A **gap** compares the school with a standard or a peer (与区内名校相比…差距较大, 对照…标准还有差距,
与家长的期望相比…不足): the comparison is named (落实…还有差距, with nothing to compare with, is a
problem); a **goal** says where the school means to get (力争…, 下一步…, 目标是…). Both
are general Chinese-document phrasing, not campaign words, so they live here and not in a pack.
Neither is a problem: problems.py leaves them out and reports them here instead.
"""

from __future__ import annotations

import re
from collections.abc import Container
from typing import Literal

from ..model import Document, Statement
from . import nlp

Kind = Literal["gap", "goal"]

MIN_CHARS = 8  # CJK characters: shorter is a heading (差距与目标) or a table label

_CJK = re.compile(r"[\u4e00-\u9fff]")
# The school set beside a standard or a peer: 与区内名校相比 / 同兄弟学校比 / 对照示范校标准 / 比起…
_COMPARED = re.compile(
    r"(?:与|同|和|跟|较之?|相较于?|比起)[^。；;！？]{2,40}?(?:相比|相较|比较|比起来|对比|比)"
    r"|对照[^。；;！？]{2,40}?(?:标准|要求|目标|先进|名校|示范|期望|规定)"
)
# ...and found short of it. 差距 after a verb that acts on it (找/查找/缩小/正视…) is an instruction or a goal.
_SHORT = re.compile(r"(?<![找查缩弥正说明清])差距|距离|落后|不足|不够|欠缺|薄弱|偏低|偏少|还有一定")
# A goal: where the school means to get. Either its opening words (下一步, 今后 …) or an aim verb.
_GOAL_OPENING = re.compile(r"(?:^|[，,；;])(?:下一步|下步|下阶段|下一阶段|今后|接下来|新学期|明年|来年)(?!的|工作|打算[。；;]?$)")
_GOAL_AIM = re.compile(
    r"力争|争取(?:在|到|用|通过|把|使|实现|早日|创建|达到)|努力(?:把|使|将|建设|创建|办成|打造|实现|成为|做到|建成|办好)"
    r"|目标(?:是|为|定为)|为(?:奋斗|发展|努力)?目标|(?:确保|保证)[^。；;]{0,20}?(?:前|底|内)[^。；;]{0,12}(?:完成|到位|达到|办结|整改)"
    r"|(?:逐步|进一步|全面)(?:提高|提升)[^。；;]{0,16}满意"
    r"|(?:学校|我校|我园|支部|党支部|中心学校|我们)(?:(?:下一步|下阶段|今后)(?:将|要)"
    r"|(?:将|要)(?:继续|持续|进一步|着力|把|以|对照|巩固|加大|按照|对))"
)
_NOT_GOAL = re.compile(r"^(?:要求|请|各|凡|对于?[^。；;]{0,10}的(?:同志|教师|人员))|是否|[？?]$")
# Looking for gaps is an instruction (查找…方面的差距), not a gap found.
_SEEKING = re.compile(r"(?:查找|找准|找出|找到|查摆|梳理|说说|说清|正视|看清|明确)[^。；;]{0,40}差距")
# 与区内名校的差距 (还很大 / 正在缩小): the comparison named in one phrase.
_GAP_WITH = re.compile(r"与[^。；;，,]{2,30}?的(?:差距|距离)")


def statement_kinds(text: str) -> tuple[Kind, ...]:
    """What one sentence (numbering already removed) states: ``gap``, ``goal``, both or neither.

    对照…标准还有差距，下一步打算… is both: each list gets it.
    """
    t = text.strip()
    if len(_CJK.findall(t)) < MIN_CHARS:
        return ()
    kinds: list[Kind] = []
    if not _SEEKING.search(t):
        compared = _COMPARED.search(t)
        if (compared and _SHORT.search(t, compared.end())) or _GAP_WITH.search(t):
            kinds.append("gap")
    if _NOT_GOAL.search(t) is None and (_GOAL_OPENING.search(t) or _GOAL_AIM.search(t)):
        kinds.append("goal")
    return tuple(kinds)


def is_title(text: str) -> bool:
    """A heading that only names a section (下一步的努力方向), not one that is itself a statement
    (（五）力争2014年创建区级示范学校。): short, and without a sentence's end."""
    t = text.strip()
    return len(_CJK.findall(t)) < 20 and not t.endswith(("。", "；", ";"))


def find_gaps_goals(doc: Document, skip_blocks: Container[int] = ()) -> tuple[tuple[Statement, ...],
                                                                             tuple[Statement, ...]]:
    """The gap and goal statements of ``doc`` in reading order (headings in ``skip_blocks`` left out)."""
    gaps: list[Statement] = []
    goals: list[Statement] = []
    seen: set[str] = set()
    for s in nlp.sentences(doc):
        if s.block in skip_blocks or s.text in seen:
            continue
        kinds = statement_kinds(s.text)
        seen.add(s.text)
        for kind in kinds:
            (gaps if kind == "gap" else goals).append(Statement(s.text.rstrip("。；;，, "), s.location))
    return tuple(gaps), tuple(goals)
