"""papercheck's command line under an audit hook: every file opened or folder listed under a forbidden place is logged.

``PAPERCHECK_AUDIT_FORBID`` holds the forbidden paths (os.pathsep-separated); ``PAPERCHECK_AUDIT_LOG`` the file the
hook appends to. Worker processes are forked, so they inherit the hook. The test then asserts the log is empty:
nothing outside the checked folders and --out was read, through a link or otherwise.
"""

from __future__ import annotations

import os
import sys

FORBID = [os.path.realpath(p) for p in os.environ.get("PAPERCHECK_AUDIT_FORBID", "").split(os.pathsep) if p]
LOG = os.environ.get("PAPERCHECK_AUDIT_LOG", "")
_busy = False


def _forbidden(path: object) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    try:
        real = os.path.realpath(os.fsdecode(path))  # type: ignore[arg-type]
    except (TypeError, ValueError, OSError):
        return None
    return real if any(real == f or real.startswith(f.rstrip("/") + "/") for f in FORBID) else None


def hook(event: str, args: tuple) -> None:
    global _busy
    if _busy or event not in ("open", "os.listdir", "os.scandir"):
        return
    _busy = True
    try:
        real = _forbidden(args[0] if args else None)
        if real:
            fd = os.open(LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            os.write(fd, f"{os.getpid()} {event} {real}\n".encode("utf-8", "surrogateescape"))
            os.close(fd)
    finally:
        _busy = False


if __name__ == "__main__":
    sys.addaudithook(hook)
    from cli import main

    sys.argv[0] = "papercheck"
    main()
