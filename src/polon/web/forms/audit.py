"""The audit log's search: by person, actor, action and date range (a GET form: it writes nothing)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.audit.actions import Action
from polon.audit.labels import action_label
from polon.web.forms.base import Form


def action_choices() -> list[tuple[str, str]]:
    """Every catalogued action, by its label in the active language."""
    return [("", str(_("— any action —"))),
            *sorted(((str(a), action_label(a)) for a in Action), key=lambda c: c[1])]


class AuditFilterForm(Form):
    person = forms.CharField(
        label=_("Person"), required=False, max_length=200,
        help_text=_("A record number, or a name in any script: the events about the person, his names, "
                    "citizenships, status events, documents, lists and transmissions."))
    actor = forms.ChoiceField(label=_("Actor"), required=False, choices=())
    action = forms.ChoiceField(label=_("Action"), required=False, choices=())
    since = forms.DateField(label=_("From (UTC)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To (UTC, inclusive)"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["actor"]).choices = [("", _("— anyone —")), *((a, a) for a in actors)]
        cast(forms.ChoiceField, self.fields["action"]).choices = action_choices()

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("the end of the range is before its start"))
        return data
