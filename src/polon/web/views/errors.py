from __future__ import annotations

from django import forms

from polon.core.errors import ValidationFailed


def attach_errors(form: forms.Form, exc: ValidationFailed, aliases: dict[str, str] | None = None) -> None:
    """Show a service's field errors on the form field they concern, the rest above the form."""
    aliases = aliases or {}
    for field, reasons in exc.errors.items():
        target = aliases.get(field.split("[")[0], field)
        for reason in reasons:
            form.add_error(target if target in form.fields else None,
                           reason if target in form.fields else f"{field}: {reason}")
