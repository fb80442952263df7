"""Content-addressed file store under MEDIA_ROOT: a file lives at sha256/<first two hex digits>/<digest>.

The same bytes are stored once, whatever their name. Nothing here touches the database; the ingest service
decides what to keep and removes what it wrote if its transaction fails.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from polon.sources.models import Source, SourceAttachment

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


@dataclass(frozen=True)
class Problem:
    stored_path: str
    expected: str
    found: str  # the hash now found, or "missing"
    owners: tuple[str, ...]  # "source 3", "source 3 attachment photos/1.jpg"

    def __str__(self) -> str:
        what = "is missing" if self.found == "missing" else f"changed: sha256 is now {self.found}"
        return f"{self.stored_path} ({', '.join(self.owners)}) {what}; expected {self.expected}"


def verify_all() -> tuple[int, list[Problem]]:
    """Re-hash every stored file the database refers to; return how many were checked and those that changed."""

    expected: dict[str, tuple[str, list[str]]] = {}
    for pk, digest, path in Source.objects.exclude(stored_path="").values_list("pk", "sha256", "stored_path"):
        expected.setdefault(path, (digest, []))[1].append(f"source {pk}")
    for source_id, name, digest, path in (SourceAttachment.objects.exclude(stored_path="")
                                          .values_list("source_id", "name", "sha256", "stored_path")):
        expected.setdefault(path, (digest, []))[1].append(f"source {source_id} attachment {name}")
    problems: list[Problem] = []
    for path, (digest, owners) in sorted(expected.items()):
        try:
            found = sha256_of(absolute(path))
        except (OSError, ValueError):
            found = "missing"
        if found != digest:
            problems.append(Problem(path, digest, found, tuple(owners)))
    return len(expected), problems
