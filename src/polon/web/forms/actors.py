"""Forms of the actors' pages: the list's filter, an actor's record, a spelling."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.actors.models import ActorKind
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField


class ActorFilterForm(forms.Form):
    q = forms.CharField(label=_("Name (any spelling)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ActorKind.choices])
    country = CountryField(label=_("State"), required=False)


class ActorForm(Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActorKind.choices)
    country = CountryField(label=_("State"), required=False)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=300)
    position = forms.CharField(label=_("Position"), required=False, max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActorNameForm(Form):
    text = forms.CharField(label=_("Spelling"), max_length=300)
    language = forms.CharField(label=_("Language"), required=False, max_length=16,
                               help_text=_("As written in the source, for example: en, de, kk."))
