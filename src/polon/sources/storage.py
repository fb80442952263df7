"""Checking that the files of sources and their attachments are intact in the file store."""

from __future__ import annotations

from dataclasses import dataclass

from polon.core.files import absolute, sha256_of
from polon.sources.models import Source, SourceAttachment


def holds(stored_path: str) -> bool:
    """Whether a source or an attachment uses this stored file (registered with the file store)."""
    return (Source.objects.filter(stored_path=stored_path).exists()
            or SourceAttachment.objects.filter(stored_path=stored_path).exists())


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
