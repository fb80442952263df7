"""Small helpers the exchange, consular, enquiry and export views share."""

from __future__ import annotations

from django.contrib import messages

from polon.core.errors import ConflictError, ValidationFailed

# What a view shows back on the page; NotFound and PermissionDenied go on to the policy wrapper (404/403).
USER_ERRORS = (ValidationFailed, ConflictError)


def report_failure(request, exc: Exception) -> None:
    """Show a service's refusal with every field and reason; nothing was written."""
    if isinstance(exc, ValidationFailed):
        for field, reasons in exc.errors.items():
            for reason in reasons:
                messages.error(request, f"{field}: {reason}")
    elif isinstance(exc, ConflictError):
        messages.error(request, str(exc))
    else:
        messages.error(request, str(exc))


def split_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]


def int_list(text: str) -> list[int]:
    values = []
    for part in split_list((text or "").replace(" ", ",")):
        try:
            values.append(int(part))
        except ValueError:
            raise ValidationFailed({"person_ids": f"'{part}' is not a record number"}) from None
    return values
