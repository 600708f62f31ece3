"""Run papercheck's CLI in a fresh interpreter with some modules made unimportable.

``sys.modules[name] = None`` makes ``import name`` raise ImportError, as on a
machine where the package has no wheel (rjieba) or the platform lacks the module
(fcntl and resource on Windows). Worker processes are forked from that
interpreter, so they see the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def papercheck(*args: str | Path, hide: Sequence[str] = (), cwd: Path | None = None,
               env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    code = (f"import sys\nfor m in {list(hide)!r}: sys.modules[m] = None\n"
            "from cli import main\nmain(prog_name='papercheck')\n")
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        check=False, env={**os.environ, "PYTHONPATH": str(CHECKOUT), **(env or {})},
    )
