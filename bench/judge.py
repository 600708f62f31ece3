"""How long judging takes on a long synthetic plan (prints figures; no asserts)."""

from __future__ import annotations

import time

from pipeline.ingest import text
from pipeline.judge.rulepack import load_pack
from pipeline.judge.verdict import judge

CN = "一二三四五六七八九十"


def long_plan(parts: int = 10, sections: int = 9, items: int = 5) -> bytes:
    lines = ["阳光小学“三找”活动实施方案"]
    for i in range(parts):
        lines.append(f"{CN[i % 10]}、第{i + 1}部分")
        for j in range(sections):
            lines.append(f"（{CN[j % 10]}）小节{j + 1}")
            for k in range(items):
                lines.append(f"{k + 1}.个别教师上课迟到，2013年9月—10月完成整改。" * 2)
                lines.append("正文段落。" * 20)
    return "\n".join(lines).encode("utf-8")


def main() -> None:
    pack = load_pack()
    for parts in (1, 5, 10, 20):
        doc = text.read(long_plan(parts), "bench.txt")
        started = time.perf_counter()
        judge(doc, pack)
        print(f"{len(doc.blocks):5d} blocks: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
