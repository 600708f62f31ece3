"""A progress bar on stderr for runs longer than a moment.

Silent when stderr is not a terminal (cron, pipes, tests) or with ``--quiet``;
it never writes to stdout, which belongs to machine output.
"""

from __future__ import annotations

import shutil
import sys
import time
import unicodedata
from typing import Self, TextIO


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, room: int) -> str:
    """The end of text (a file name's tail says most) within room columns."""
    if _width(text) <= room:
        return text
    out = ""
    for ch in reversed(text):
        if _width(out) + _width(ch) + 1 > room:
            break
        out = ch + out
    return "…" + out


class Progress:
    """``with Progress(label="检查") as bar: bar.start(n); bar.advance(name)``.

    Draws only after ``delay`` seconds (a quick run stays quiet) and at most every
    ``interval`` seconds.
    """

    def __init__(self, label: str = "", stream: TextIO | None = None, enabled: bool | None = None,
                 delay: float = 0.5, interval: float = 0.1, left: str = "剩余") -> None:
        self.label, self.left = label, left
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.delay, self.interval = delay, interval
        self.total: int | None = None
        self.done = 0
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def start(self, total: int | None) -> None:
        self.total = total
        self.started = time.monotonic()

    def advance(self, item: str = "", n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last_draw < self.interval and self.done != self.total):
            return
        self.last_draw = now
        self._draw(item, now)

    def line(self, item: str = "", now: float | None = None) -> str:
        """The bar as text, e.g. ``检查 [#######·····] 12/50 24% 剩余 0:31 a.docx``."""
        now = time.monotonic() if now is None else now
        cols = shutil.get_terminal_size((80, 20)).columns - 1
        elapsed = now - self.started
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 20) + "·" * (20 - int(frac * 20))
            eta = elapsed / self.done * (self.total - self.done) if self.done else 0
            m, s = divmod(int(eta), 60)
            head = f"{self.label} [{bar}] {self.done}/{self.total} {frac:4.0%} {self.left} {m}:{s:02d} "
        else:
            head = f"{self.label} {self.done} "
        return head + _clip(item, max(0, cols - _width(head)))

    def _draw(self, item: str, now: float) -> None:
        text = self.line(item, now)
        pad = max(0, shutil.get_terminal_size((80, 20)).columns - 1 - _width(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
