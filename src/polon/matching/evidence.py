"""Non-name evidence: partial birth dates, citizenships, service numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from polon.matching.errors import QueryError

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


def parse_date(value: str | None) -> PartialDate | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None``/empty gives ``None``.

    Raises :class:`QueryError` for anything else, or for an impossible month or day.
    """
    if value is None or not str(value).strip():
        return None
    m = _DATE_RE.match(str(value).strip())
    if not m:
        raise QueryError(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None
    if mo is not None and not 1 <= mo <= 12:
        raise QueryError(f"birth date {value!r} has month {mo}")
    if d is not None and not 1 <= d <= 31:
        raise QueryError(f"birth date {value!r} has day {d}")
    return PartialDate(y, mo, d)


@dataclass(frozen=True)
class Contribution:
    """One piece of evidence: its score delta and a sentence a registrar can read."""

    delta: float
    text: str


def date_evidence(q: PartialDate | None, c: PartialDate | None) -> Contribution | None:
    """Birth-date agreement.  Only the precision both sides have is compared; a day/month swap
    (03-05 vs 05-03, a common US/European confusion) counts as weak agreement."""
    if q is None or c is None:
        return None
    if q.year != c.year:
        if abs(q.year - c.year) == 1:
            return Contribution(-0.05, f"birth year: {q.year} vs {c.year} (1 year apart)")
        return Contribution(-0.25, f"birth year: {q.year} ≠ {c.year}")
    if q.month is None or c.month is None:
        return Contribution(0.06, f"birth year: {q.year} = {c.year}")
    if q.day is not None and c.day is not None:
        if (q.month, q.day) == (c.month, c.day):
            return Contribution(0.12, f"birth date: {q} = {c}")
        if (q.month, q.day) == (c.day, c.month):
            return Contribution(0.07, f"birth date: {q} ≈ {c} (day and month swapped)")
    if q.month == c.month:
        if q.day is not None and c.day is not None:
            return Contribution(0.02, f"birth date: {q} vs {c} (same month, different day)")
        return Contribution(0.09, f"birth month: {q} = {c}")
    return Contribution(-0.08, f"birth date: {q} vs {c} (same year, different month)")


def citizenship_evidence(q: Sequence[str], c: Sequence[str]) -> Contribution | None:
    """Shared citizenship is weak support; disjoint citizenships weak evidence against
    (people hold several, and records are often wrong about it)."""
    qs = {x.strip().upper() for x in q if x and x.strip()}
    cs = {x.strip().upper() for x in c if x and x.strip()}
    if not qs or not cs:
        return None
    common = qs & cs
    if common:
        return Contribution(0.03, f"citizenship: {', '.join(sorted(common))} on both")
    return Contribution(-0.05, f"citizenship: {', '.join(sorted(qs))} vs {', '.join(sorted(cs))}")


def _clean_number(s: str) -> str:
    return re.sub(r"[^0-9A-Za-zА-Яа-я]", "", s).upper()


def service_number_evidence(q: str | None, c: str | None) -> Contribution | None:
    """A matching service number is strong evidence; a different one is evidence against."""
    if not q or not c:
        return None
    a, b = _clean_number(q), _clean_number(c)
    if not a or not b:
        return None
    if a == b:
        return Contribution(0.3, f"service number: {q} = {c}")
    return Contribution(-0.2, f"service number: {q} ≠ {c}")
