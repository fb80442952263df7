"""One validation vocabulary for every service: each check records its field's reasons and returns the
cleaned value, so a service reports every broken field at once and writes nothing.

    errors = Errors()
    side = errors.choice("side", side, Side)
    date = errors.partial_date("date", date)
    errors.raise_if_any()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from polon.core.countries import UnknownCountryError, normalise_country
from polon.core.errors import ValidationFailed
from polon.core.partial_dates import PartialDateError, normalise_partial_date

# The years a full date may lie in: what the obligation clock computes with (a due date three weeks before a trial,
# six months after a receipt) always stays a valid date.
FIRST_YEAR, LAST_YEAR = 1900, 2100


class Errors:
    """Reasons per field, collected while a service cleans its arguments."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def add(self, field: str, reason: str) -> None:
        self.by_field.setdefault(field, []).append(str(reason))

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationFailed(self.by_field)

    def choice(self, field: str, value: object, choices: type[Enum] | Iterable[str], *,
               blank: bool = False) -> str:
        """``value`` if it is one of ``choices`` (a model's TextChoices or the allowed strings); "" when
        ``blank`` allows leaving it out."""
        allowed = [str(getattr(c, "value", c)) for c in choices]  # type: ignore[union-attr]
        text = "" if value is None else str(value)
        if blank and text == "":
            return ""
        if text not in allowed:
            self.add(field, _("'%(value)s' is not one of %(choices)s")
                     % {"value": text, "choices": ", ".join(c for c in allowed if c)})
            return ""
        return text

    def partial_date(self, field: str, value: str | None) -> str:
        """A date as precise as it is known (YYYY, YYYY-MM or YYYY-MM-DD), or "" when not given."""
        try:
            return normalise_partial_date(value or "")
        except PartialDateError as exc:
            self.add(field, str(exc))
            return ""

    def country(self, field: str, value: str | None, *, required: bool = False) -> str:
        """An ISO 3166-1 alpha-2 code (upper case), or "" when not given and not required."""
        if not value:
            if required:
                self.add(field, _("choose a country"))
            return ""
        try:
            return normalise_country(str(value))
        except UnknownCountryError as exc:
            self.add(field, str(exc))
            return ""

    def countries(self, field: str, values: Iterable[str] | str | None) -> list[str]:
        """Distinct country codes, in the order given; a text may separate them by commas or spaces."""
        if isinstance(values, str):
            values = values.replace(",", " ").split()
        codes: list[str] = []
        for value in values or ():
            code = self.country(field, value.strip()) if value and value.strip() else ""
            if code and code not in codes:
                codes.append(code)
        return codes

    def positive_int(self, field: str, value: Any, *, required: bool = True) -> int | None:
        """A whole number above zero (a record number, a count), or None when not given and not required."""
        if value is None or value == "":
            if required:
                self.add(field, _("this field is required"))
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            self.add(field, _("'%(value)s' is not a whole number") % {"value": value})
            return None
        if number < 1:
            self.add(field, _("'%(value)s' is not above zero") % {"value": value})
            return None
        return number

    def ids(self, field: str, values: Iterable[Any] | None) -> list[int]:
        """Distinct record numbers, sorted; each must be a whole number above zero."""
        found: set[int] = set()
        for value in values or ():
            number = self.positive_int(field, value)
            if number is not None:
                found.add(number)
        return sorted(found)

    def text(self, field: str, value: str | None, *, required: bool = False, max_length: int | None = None) -> str:
        """Text with surrounding blanks removed; required text may not be empty."""
        cleaned = (value or "").strip()
        if required and not cleaned:
            self.add(field, _("this field is required"))
        if max_length is not None and len(cleaned) > max_length:
            self.add(field, _("at most %(n)d characters") % {"n": max_length})
            return cleaned[:max_length]
        return cleaned

    def day(self, field: str, value: object, *, required: bool = False, past_only: bool = False) -> dt.date | None:
        """A full date (a date, or ISO text YYYY-MM-DD) between 1900 and 2100, or None when empty and not
        ``required``; ``past_only``: what is recorded once it happened may not lie in the future."""
        if value is None or value == "":
            if required:
                self.add(field, _("this field is required"))
            return None
        if isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                self.add(field, _("'%(value)s' is not a date (YYYY-MM-DD)") % {"value": value})
                return None
        if past_only and day > timezone.localdate():
            self.add(field, _("the date cannot be in the future"))
        elif not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.add(field, _("the date must lie between %(first)s and %(last)s") % {"first": FIRST_YEAR,
                                                                                      "last": LAST_YEAR})
        return day
