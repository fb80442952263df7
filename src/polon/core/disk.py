"""A full disk, recognised the same way on every channel (the web's 507 page, the API's JSON 507, the command
line's one line): the database's own words for it, or the operating system's."""

from __future__ import annotations

import errno

# SQLITE_FULL ("database or disk is full"), the OS's ENOSPC text, PostgreSQL's disk_full (SQLSTATE 53100).
_FULL_TEXTS = ("database or disk is full", "no space left on device", "disk quota exceeded")
_PG_DISK_FULL = "53100"


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether ``exc``, or what caused it (a database error wraps its driver's), says the disk is full."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(text in str(exc).lower() for text in _FULL_TEXTS):
            return True
        if getattr(exc, "sqlstate", None) == _PG_DISK_FULL or getattr(exc, "pgcode", None) == _PG_DISK_FULL:
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
