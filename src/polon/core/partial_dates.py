"""Partial dates: a year, a year and month, or a full date.

They are kept as ISO strings ("2024", "2024-03", "2024-03-05") because those sort and compare correctly as
plain text in every database: a shorter (less precise) date sorts before the more precise dates it contains.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


class PartialDateError(ValueError):
    """A text that is not a valid partial date."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise PartialDateError saying why otherwise."""
        value = (text or "").strip()
        match = _PATTERN.match(value)
        if not match:
            raise PartialDateError(_("'%(text)s' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") % {"text": text})
        year = int(match["year"])
        month = int(match["month"]) if match["month"] else None
        day = int(match["day"]) if match["day"] else None
        if year < 1900 or year > 2100:
            raise PartialDateError(_("'%(text)s': year %(year)s is outside 1900–2100") % {"text": text, "year": year})
        if month is not None and not 1 <= month <= 12:
            raise PartialDateError(_("'%(text)s': month %(month)s does not exist") % {"text": text, "month": month})
        if day is not None:
            try:
                dt.date(year, month or 1, day)
            except ValueError:
                raise PartialDateError(_("'%(text)s': day %(day)s does not exist in that month")
                                       % {"text": text, "day": day}) from None
        return cls(year, month, day)

    def sort_key(self) -> tuple[int, int, int]:
        # Missing parts sort first, as in the ISO text: "2024" < "2024-01" < "2024-01-01".
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        if self.day:
            return self.earliest()
        if self.month:
            next_month = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return next_month - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def contains(self, other: PartialDate) -> bool:
        """True where `other` may be the same day as this one (it lies within this date's range)."""
        return self.earliest() <= other.earliest() and other.latest() <= self.latest()

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


def first_day(text: str | None) -> dt.date | None:
    """The first day a partial ISO date ("2025", "2025-03", "2025-03-05") can mean; None if it is not one."""
    try:
        return PartialDate.parse(text or "").earliest()
    except PartialDateError:
        return None


def normalise_partial_date(text: str | None) -> str:
    """Validated ISO text of a partial date, or "" for an empty value."""
    if text is None or not str(text).strip():
        return ""
    return PartialDate.parse(str(text)).isoformat()
