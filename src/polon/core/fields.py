from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from polon.core.partial_dates import PartialDateError, normalise_partial_date


class PartialDateField(models.CharField):
    """A partial date kept as ISO text (YYYY, YYYY-MM, YYYY-MM-DD), which sorts correctly in SQL."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def to_python(self, value):
        try:
            return normalise_partial_date(value)
        except PartialDateError as exc:
            raise ValidationError(str(exc), code="invalid") from None
