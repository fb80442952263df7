"""Forms of the visit pages (GC III Art. 126): the visit, its changes, an outcome per person, follow-up items."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.places.models import Place
from polon.visits.models import Outcome, Visitor, VisitStatus
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField, PersonField


def place_choices() -> list[tuple[str, Any]]:
    return [("", _("— choose a place —")),
            *((str(p.pk), f"{p.name} ({p.region})") for p in Place.objects.order_by("name"))]


class VisitForm(Form):
    place_id = forms.TypedChoiceField(label=_("Place of internment"), coerce=int, choices=place_choices)
    visitor = forms.ChoiceField(label=_("Visitor"), choices=Visitor.choices)
    protecting_power = CountryField(label=_("Protecting Power"), required=False, blank_label=_("— not a state —"),
                                    help_text=_("The state acting as Protecting Power, for its visits."))
    status = forms.ChoiceField(label=_("Status"), choices=VisitStatus.choices)
    starts = forms.DateField(label=_("First day (YYYY-MM-DD)"))
    ends = forms.DateField(label=_("Last day (YYYY-MM-DD)"), required=False)
    delegates = forms.CharField(label=_("Delegates"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                help_text=_("One per line: name and function."))
    refusal_reason = forms.CharField(label=_("Reason given for refusing access"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=_("Only imperative military necessity, exceptionally and "
                                                 "temporarily (Art. 126)."))
    report = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, visit=None, **kwargs):
        if visit is not None and "initial" not in kwargs:
            kwargs["initial"] = {"place_id": visit.place_id, "visitor": visit.visitor,
                                 "protecting_power": visit.protecting_power, "status": visit.status,
                                 "starts": visit.starts, "ends": visit.ends, "delegates": visit.delegates,
                                 "refusal_reason": visit.refusal_reason, "report": visit.report}
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["protecting_power"] = data.get("protecting_power") or ""
        return data


class VisitFilterForm(Form):
    visitor = forms.ChoiceField(label=_("Visitor"), choices=[("", _("All")), *Visitor.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *VisitStatus.choices], required=False)


class OutcomeForm(Form):
    """What became of one person on the list (or of one the visitors asked to see)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           help_text=_("For access refused: who refused and the reason given."))


class OutcomeForPersonForm(OutcomeForm):
    person = PersonField(label=_("Person"), help_text=_("Someone the visitors asked to see who is not on the list."))

    field_order = ["person", "outcome", "note"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class FollowUpForm(Form):
    text = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 2}))
    due = forms.DateField(label=_("Due (YYYY-MM-DD)"), required=False)
    person = PersonField(label=_("Person concerned"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class FollowUpCloseForm(Form):
    outcome = forms.CharField(label=_("What was done"), max_length=1000)
    done_on = forms.DateField(label=_("Done on (YYYY-MM-DD)"), required=False)
