"""What every form of the web channel shares: one rendering (its failures shown by polon/_form_errors.html), a
field of record numbers, and a service's refusal put on the form."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.core.errors import ConflictError, ValidationFailed

# What a view shows back on its form; NotFound and PermissionDenied go on to the policy wrapper (404/403).
USER_ERRORS = (ValidationFailed, ConflictError)


class Form(forms.Form):
    """A form rendered by polon/_form.html: its failures once, above its fields, by polon/_form_errors.html."""

    template_name = "polon/_form.html"
    template_name_div = "polon/_form.html"

    def __init__(self, *args, **kwargs):
        # Element ids named after the form: a page holding several forms (a round's page) repeats no id.
        kwargs.setdefault("auto_id", f"{type(self).__name__.removesuffix('Form').lower()}-%s")
        super().__init__(*args, **kwargs)


class IdListField(forms.CharField):
    """Record numbers separated by commas, semicolons or spaces: a list of ints."""

    default_error_messages = {"invalid": _("'%(value)s' is not a record number")}

    def to_python(self, value) -> list[int]:  # type: ignore[override]  # a CharField read as a list
        text = cast(str, super().to_python(value))
        values = []
        for part in text.replace(";", ",").replace(" ", ",").split(","):
            if part.strip():
                try:
                    values.append(int(part.strip()))
                except ValueError:
                    raise forms.ValidationError(self.error_messages["invalid"], code="invalid",
                                                params={"value": part.strip()}) from None
        return values

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return " ".join(str(v) for v in value)
        return value


class SameField(forms.TypedChoiceField):
    """The two buttons of a judgement: "1" this is the person, "0" it is not."""

    def __init__(self, **kwargs):
        super().__init__(choices=[("1", _("Same person")), ("0", _("Not him"))], coerce=lambda v: v == "1",
                         **kwargs)


def attach_errors(form: forms.Form, exc: Exception, aliases: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: each field's reasons on the field they concern, the rest (and a
    version conflict) above the form. Nothing was written."""
    if not isinstance(exc, ValidationFailed):  # a version conflict, or another refusal without fields
        form.add_error(None, str(exc))
        return
    aliases = aliases or {}
    for field, reasons in exc.errors.items():
        target = aliases.get(field.split("[")[0], field)
        for reason in reasons:
            if target in form.fields:
                form.add_error(target, reason)
            else:
                form.add_error(None, _("%(field)s: %(reason)s") % {"field": field, "reason": reason})


class ActionForm(Form):
    """A button with nothing to fill in (close, withdraw, re-run): a form still, so a refusal is shown on it."""
