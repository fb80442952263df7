"""Content-addressed file store under MEDIA_ROOT: a file lives at sha256/<first two hex digits>/<digest>.

The same bytes are stored once, whatever their name, and may be held by several records (a source, its
attachments, a job's input or output). Nothing here reads the database: each app that keeps stored paths
registers a holder (``register_holder``), and a file is removed only when no holder still uses it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CHUNK = 1 << 16


def root() -> Path:
    return Path(settings.MEDIA_ROOT)


def relative_path(digest: str) -> str:
    return f"sha256/{digest[:2]}/{digest}"


def absolute(stored_path: str) -> Path:
    path = (root() / stored_path).resolve()
    if root().resolve() not in path.parents:
        raise ValueError(f"stored path {stored_path!r} lies outside the file store")
    return path


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Stored:
    sha256: str
    stored_path: str
    size: int
    created: bool  # False when the same content was already in the store


def store_bytes(data: bytes) -> Stored:
    """Write `data` into the store (atomically: a temporary file renamed into place) unless already there."""
    digest = hashlib.sha256(data).hexdigest()
    rel = relative_path(digest)
    target = absolute(rel)
    if target.exists() and target.stat().st_size == len(data) and sha256_of(target) == digest:
        return Stored(digest, rel, len(data), False)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o440)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Stored(digest, rel, len(data), True)


def remove(stored_path: str) -> None:
    try:
        absolute(stored_path).unlink(missing_ok=True)
    except OSError:
        pass


# Functions answering whether a stored path is still used by a record of their app.
_holders: list[Callable[[str], bool]] = []


def register_holder(holds: Callable[[str], bool]) -> None:
    """Declare that an app keeps stored paths (called from its AppConfig.ready)."""
    if holds not in _holders:
        _holders.append(holds)


def referenced(stored_path: str) -> bool:
    """Whether any record of any app still uses this stored file."""
    return any(holds(stored_path) for holds in _holders)


def remove_unreferenced(paths: Iterable[str]) -> tuple[int, int]:
    """Remove each stored file nothing refers to; (removed, kept because shared)."""
    removed = shared = 0
    for rel in sorted(set(paths)):
        if referenced(rel):
            shared += 1
        else:
            remove(rel)
            removed += 1
    return removed, shared
