"""Long ``__in`` lookups split into queries of a bounded number of bound parameters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Values per ``__in`` lookup: well under SQLite's bound-parameter limit, and a plan PostgreSQL
#: still runs as one index scan.
IN_BATCH = 500


def in_batches(values: Sequence[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size`` (itertools.batched is Python 3.12)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
