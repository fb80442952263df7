"""A password rule Django's validators lack: enough different characters, not mostly blanks.

Django's length rule counts characters, so twelve spaces or "aaaaaaaaaaaa" pass it; its common-password list
does not know them either. :class:`VarietyValidator` refuses a password that is mostly whitespace or has too few
different characters. Configured in settings.AUTH_PASSWORD_VALIDATORS with Django's own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class VarietyValidator:
    """At least ``min_distinct`` different characters, and whitespace at most a third of the password."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: Any = None) -> None:
        blanks = sum(1 for char in password if char.isspace())
        if password and blanks * 3 > len(password):
            raise ValidationError(_("This password is mostly spaces."), code="password_mostly_blank")
        if len(set(password.casefold())) < self.min_distinct:
            raise ValidationError(
                ngettext("This password repeats too few characters: use at least %(min)d different one.",
                         "This password repeats too few characters: use at least %(min)d different ones.",
                         self.min_distinct),
                code="password_too_repetitive", params={"min": self.min_distinct})

    def get_help_text(self) -> str:
        return ngettext("Your password must contain at least %(min)d different character, and not mostly spaces.",
                        "Your password must contain at least %(min)d different characters, and not mostly spaces.",
                        self.min_distinct) % {"min": self.min_distinct}
