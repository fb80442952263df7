"""Forms of the medical pages (GC III Arts. 109–113, 122; Annexes I, II, IV E): the weekly health report, a
Mixed Medical Commission's session, its decisions, their communication and carrying out, the Art. 109 flag and
the consent to repatriation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.consular.models import Recipient
from polon.medical.models import AnnexCategory, Decision, Proposer
from polon.places.models import Place
from polon.registry.models import RepatriationConsent
from polon.web.forms.base import Form
from polon.web.forms.pickers import PersonField


def place_choices() -> list[tuple[str, Any]]:
    return [("", _("— not at a place of internment —")),
            *((str(p.pk), f"{p.name} ({p.region})") for p in Place.objects.order_by("name"))]


def _area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReportForm(Form):
    recipient = forms.ChoiceField(label=_("Recipient"), choices=Recipient.choices, initial=Recipient.PROTECTING_POWER)
    channel = forms.CharField(label=_("Channel"), max_length=120)
    sent_on = forms.DateField(label=_("Sent on (YYYY-MM-DD)"))
    week_of = forms.DateField(label=_("Week of (YYYY-MM-DD)"), required=False,
                              help_text=_("Any day of the week reported on; the week of the sending by default."))
    note = forms.CharField(label=_("Note"), required=False, widget=_area())


class SessionForm(Form):
    held_on = forms.DateField(label=_("Held on (YYYY-MM-DD)"))
    place_id = forms.TypedChoiceField(label=_("Place of internment"), coerce=int, empty_value=None,
                                      choices=place_choices, required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False,
                               help_text=_("Where the Commission sat, if not at a place of internment."))
    chairman = forms.CharField(label=_("Chairman"), max_length=200)
    members = forms.CharField(label=_("Members"), widget=_area(),
                              help_text=_("The two neutral members and the member appointed by the Detaining Power "
                                          "(Annex II Art. 1)."))
    note = forms.CharField(label=_("Note"), required=False, widget=_area())


class DecisionForm(Form):
    person = PersonField(label=_("Person examined"))
    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=Proposer.choices)
    diagnosis = forms.CharField(label=_("Injury or disease"), widget=_area())
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    category = forms.ChoiceField(label=_("Annex I category"), choices=AnnexCategory.choices, required=False)
    reasons = forms.CharField(label=_("Reasons"), required=False, widget=_area())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class CommunicateForm(Form):
    communicated_on = forms.DateField(label=_("Decisions communicated on (YYYY-MM-DD)"))


class CarryOutForm(Form):
    carried_out_on = forms.DateField(label=_("Carried out on (YYYY-MM-DD)"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class ConsentForm(Form):
    consent = forms.ChoiceField(label=_("Consent to repatriation"), choices=RepatriationConsent.choices)
    on = forms.DateField(label=_("Stated on (YYYY-MM-DD)"))
    note = forms.CharField(label=_("How the consent was given"), required=False, widget=_area(),
                           help_text=_("In writing, before whom (a refusal needs this)."))


class FlagForm(Form):
    must_repatriate = forms.BooleanField(label=_("To be repatriated regardless of number (Art. 109(1))"),
                                         required=False)
    basis = forms.CharField(label=_("Basis"), max_length=200, required=False)
    flagged_on = forms.DateField(label=_("Flagged on (YYYY-MM-DD)"), required=False)
