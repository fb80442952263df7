"""Which parts of a visible record a user may see: source links go only to those who may read sources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from polon.access.policies import may

if TYPE_CHECKING:
    from polon.accounts.models import User


def sees_sources(user: User | None) -> bool:
    """Whether links to sources (documents, articles) are shown to `user`; others see that a fact is
    recorded, never where it came from."""
    return may(user, "sources.read")


def source_id(user: User | None, value: int | None) -> int | None:
    """A source link as `user` may see it (None when hidden)."""
    return value if sees_sources(user) else None


def source_ids(user: User | None, values: Iterable[int]) -> list[int]:
    """Source links as `user` may see them (none when hidden)."""
    return list(values) if sees_sources(user) else []
