"""Errors every interface turns into a clear message: the field, the reason, nothing written."""

from __future__ import annotations


class PolonError(Exception):
    """Base for errors a user can act on."""


class ValidationFailed(PolonError):
    """Input that breaks a rule. `errors` maps each field to its reasons."""

    def __init__(self, errors: dict[str, list[str]] | dict[str, str]):
        self.errors = {field: [r] if isinstance(r, str) else list(r) for field, r in errors.items()}
        super().__init__(
            "; ".join(f"{field}: {reason}" for field, reasons in self.errors.items() for reason in reasons)
        )


class ConflictError(PolonError):
    """The record changed since the caller read it (optimistic concurrency)."""

    def __init__(self, *, expected: int, actual: int):
        # Imported here: `polon extract` and `polon --help` use these errors without loading Django.
        from django.utils.translation import gettext

        self.expected, self.actual = expected, actual
        super().__init__(gettext(
            "the record was changed by someone else (you edited version %(expected)s, it is now at "
            "version %(actual)s); reload it and apply your change again") % {"expected": expected, "actual": actual})


class NotFound(PolonError):
    """No such record, or not in the acting user's scope: both look the same from outside."""


class Gone(PolonError):
    """The thing was there and was deleted on purpose (a job's file whose retention period ended): HTTP 410."""


class PermissionDenied(PolonError):
    """The acting user's role does not allow this action."""
