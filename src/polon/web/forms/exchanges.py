"""Forms of the exchange round pages: the round, its lists, its execution, the other side's list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.exchanges.models import Consent, EntryCategory, EntryStatus, Formula, RoundStatus, Side
from polon.registry.choices import Category
from polon.web.forms.base import ActionForm, Form, SameField
from polon.web.forms.pickers import CountriesField, CountryField, PersonField, PersonsField

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
    parties = CountriesField(label=_("Parties"), initial=["UA", "RU"])
    mediator = CountryField(label=_("Mediating state"), required=False, blank_label=_("— none —"))
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
    """Executing a round: first the date and place, then (``confirmed``) the confirmation of what it writes."""

    date = forms.CharField(label=_("Date of the exchange"), max_length=10, help_text=_("YYYY-MM-DD"),
                           widget=forms.TextInput(attrs={"size": 10}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _confirm_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("Add despite the warning"), required=False)


class EntryAddForm(Form):
    person = PersonField(label=_("Person"))
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)
    status = forms.ChoiceField(label=_("Status"), required=False, initial=EntryStatus.PROPOSED,
                               choices=_only(EntryStatus.choices, NEW_ENTRY_STATUSES))
    consent = forms.ChoiceField(label=_("Consent to return"), required=False, initial=Consent.UNKNOWN,
                                choices=Consent.choices)
    categories = forms.MultipleChoiceField(label=_("Categories"), required=False, choices=EntryCategory.choices,
                                           widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False)
    confirm = _confirm_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].user = user


class BulkEntryForm(Form):
    """Several persons onto one list of a round (those selected on the list of persons, or typed one a line)."""

    persons = PersonsField(label=_("Persons"))
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)
    status = forms.ChoiceField(label=_("Status"), initial=EntryStatus.PROPOSED,
                               choices=_only(EntryStatus.choices, NEW_ENTRY_STATUSES))
    confirm = _confirm_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].user = user


class RoundChoiceForm(Form):
    """Which round the selected persons go on (a GET form: nothing is written)."""

    round = forms.TypedChoiceField(label=_("Exchange round"), coerce=int)
    persons = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [(r.pk, str(r)) for r in rounds]


class NewPersonEntryForm(Form):
    name = forms.CharField(label=_("Name as written"), max_length=300)
    birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False)
    citizenship = CountryField(label=_("Citizenship"), required=False, initial="UA")
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


class RowAbsentForm(ActionForm):
    """"Not in the registry": nobody recorded is the person this line names."""


class RowCorrectForm(Form):
    """A line of the other side's list that could not be read, as the user corrects it."""

    name = forms.CharField(label=_("Name as written"), max_length=300)
    birth_date = forms.CharField(label=_("Date of birth"), max_length=20, required=False, help_text=_("YYYY-MM-DD"))
    rank = forms.CharField(label=_("Rank"), max_length=200, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=300, required=False)
    citizenship = CountryField(label=_("Citizenship"), required=False)

    def __init__(self, *args, row_id: int | None = None, **kwargs):
        kwargs.setdefault("auto_id", f"rowcorrect{row_id or ''}-%s")
        super().__init__(*args, **kwargs)
        self.row_id = row_id  # which line the form (and its errors) belongs to


class RowNewPersonForm(Form):
    """Record the person a line names as a new person, prefilled from the line."""

    names = forms.CharField(label=_("Other spellings of the name"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("One a line; the name as written on the list is recorded first."))
    birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False, help_text=_("YYYY-MM-DD"))
    citizenship = CountryField(label=_("Citizenship"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        if categories:
            self.fields["category"].choices = [(v, label) for v, label in Category.choices if v in categories]


class AddMatchedForm(Form):
    side = forms.ChoiceField(label=_("List"), choices=Side.choices)
