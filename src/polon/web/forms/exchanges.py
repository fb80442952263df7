"""Forms of the exchange round pages: the round, its lists, its execution, the other side's list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.exchanges.models import Consent, EntryCategory, EntryStatus, Formula, RoundStatus, Side
from polon.web.forms.base import Form, SameField

# The statuses a person may set by hand; the others follow from executing the round.
SETTABLE_ROUND_STATUSES = (RoundStatus.NEGOTIATING, RoundStatus.AGREED, RoundStatus.CANCELLED)
NEW_ENTRY_STATUSES = (EntryStatus.PROPOSED, EntryStatus.REQUESTED, EntryStatus.AGREED)
NONE = ("", "—")


def _only(choices, values) -> list[tuple[str, str]]:
    return [(value, label) for value, label in choices if value in values]


class RoundForm(Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    proposed_on = forms.CharField(label=_("Proposed on (YYYY-MM-DD)"), max_length=10, required=False)
    agreed_on = forms.CharField(label=_("Agreed on"), max_length=10, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    parties = forms.CharField(label=_("Parties (ISO codes)"), initial="UA, RU", max_length=40)
    mediator = forms.CharField(label=_("Mediator (ISO code, e.g. AE, TR)"), max_length=3, required=False)
    formula = forms.ChoiceField(label=_("Formula"), choices=Formula.choices)
    formula_n = forms.IntegerField(label=_("N"), min_value=1, required=False)
    formula_category = forms.CharField(label=_("Category (all for all)"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RoundUpdateForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_only(RoundStatus.choices, SETTABLE_ROUND_STATUSES))
    agreed_on = forms.CharField(label=_("agreed on"), max_length=10, required=False,
                                widget=forms.TextInput(attrs={"placeholder": _("agreed on"), "size": 10}))
    notes = forms.CharField(label=_("Notes"), required=False)

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v}


class ExecuteForm(Form):
    date = forms.CharField(label=_("Date"), max_length=10,
                           widget=forms.TextInput(attrs={"placeholder": "YYYY-MM-DD", "size": 10}))
    place = forms.CharField(label=_("place"), max_length=200, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("place")}))


class EntryAddForm(Form):
    person_id = forms.IntegerField(label=_("Person record number"))
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, initial=EntryStatus.PROPOSED,
                               choices=_only(EntryStatus.choices, NEW_ENTRY_STATUSES))
    consent = forms.ChoiceField(label=_("Consent to return"), required=False, initial=Consent.UNKNOWN,
                                choices=Consent.choices)
    categories = forms.MultipleChoiceField(label=_("Categories"), required=False, choices=EntryCategory.choices)
    note = forms.CharField(label=_("Note"), required=False)


class NewPersonEntryForm(Form):
    name = forms.CharField(label=_("Name as written"), max_length=300)
    birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False)
    held_since = forms.CharField(label=_("Held since"), max_length=10, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)


class EntryUpdateForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[NONE, *(
        (value, label) for value, label in EntryStatus.choices if value != EntryStatus.EXCHANGED)])
    consent = forms.ChoiceField(label=_("Consent to return"), required=False, choices=[NONE, *Consent.choices])
    struck_by = forms.CharField(label=_("struck by"), max_length=200, required=False)
    struck_reason = forms.CharField(label=_("why"), required=False)
    categories = forms.MultipleChoiceField(label=_("Categories"), required=False, choices=EntryCategory.choices)
    categories_present = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, entry_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry_id = entry_id  # which row of the lists the form (and its errors) belongs to


class ListImportForm(Form):
    file = forms.FileField(label=_("List file"), widget=forms.ClearableFileInput(attrs={
        "accept": ".csv,.xlsx", "aria-label": _("List file")}))
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)


class RowJudgeForm(Form):
    person_id = forms.IntegerField(label=_("Person record number"), widget=forms.HiddenInput)
    same = SameField(label=_("Judgement"))


class AddMatchedForm(Form):
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)
