from __future__ import annotations

from typing import cast

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from polon.core.countries import country_choices
from polon.registry.choices import Category, CitizenshipProvenance, Confidence, EventType, Health, Sex
from polon.web.forms.base import Form


class IdentityForm(Form):
    """The GC III Art. 17 identity fields, shared by recording and editing a person."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.CharField(label=_("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)"), max_length=10, required=False)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    father_first_name = forms.CharField(label=_("Father's first name"), max_length=120, required=False)
    mother_maiden_name = forms.CharField(label=_("Mother's maiden name"), max_length=120, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    army = forms.CharField(label=_("Army or force"), max_length=120, required=False)
    service_number = forms.CharField(label=_("Service number"), max_length=60, required=False)
    internment_number = forms.CharField(label=_("Prisoner (internment) number"), max_length=40, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)
    power_depended = forms.CharField(label=_("Power on which he depends (ISO code)"), max_length=3, required=False)
    informed_person_name = forms.CharField(label=_("Person to be informed"), max_length=200, required=False)
    informed_person_address = forms.CharField(label=_("Their address"), widget=forms.Textarea(attrs={"rows": 2}),
                                              required=False)
    correspondence_address = forms.CharField(label=_("Address for correspondence"),
                                             widget=forms.Textarea(attrs={"rows": 2}), required=False)
    languages = forms.CharField(label=_("Languages (ISO codes, comma-separated)"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    restricted = forms.BooleanField(label=_("Restricted: never disclose in enquiry replies"), required=False)


class PersonForm(IdentityForm):
    name = forms.CharField(label=_("Name as written (primary spelling)"), max_length=300)
    given = forms.CharField(label=_("Given names"), max_length=200, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    other_spellings = forms.CharField(label=_("Other spellings, one per line"), widget=forms.Textarea(attrs={"rows": 3}),
                                      required=False)
    citizenship = forms.CharField(label=_("Citizenship (ISO codes, comma-separated)"), max_length=100, required=False)
    citizenship_provenance = forms.ChoiceField(label=_("Citizenship provenance"),
                                               choices=CitizenshipProvenance.choices)

    field_order = ["name", "given", "patronymic", "surname", "other_spellings", "category", "sex", "citizenship",
                   "citizenship_provenance"]
    # Ticked in the warning of likely duplicates (persons/form.html renders it there, not among the fields).
    confirmed_new = forms.BooleanField(label=_("None of these is this person: record a new one"), required=False)

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "confirmed_new"]


class PersonImportForm(Form):
    file = forms.FileField(label=_("File of persons (.jsonl, .csv or .xlsx)"))
    on_duplicate = forms.ChoiceField(label=_("A person who may already be recorded"), initial="report", choices=[
        ("report", _("record him and report the line")), ("skip", _("leave the line out and report it")),
        ("fail", _("refuse the whole file"))])
    check_duplicates = forms.BooleanField(label=_("Search the registry for each person"), initial=True,
                                          required=False)


class PersonEditForm(IdentityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EventForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    type = forms.ChoiceField(label=_("Event"), choices=EventType.choices)
    date = forms.CharField(label=_("Date (YYYY, YYYY-MM or YYYY-MM-DD)"), max_length=10, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    facility = forms.CharField(label=_("Facility"), max_length=200, required=False)
    health = forms.ChoiceField(label=_("State of health"), choices=Health.choices, required=False)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    corrects = forms.IntegerField(label=_("Corrects event no."), required=False)
    corrected_type = forms.ChoiceField(label=_("Correct it to"), choices=[("", _("— void it —")), *EventType.choices],
                                       required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NameForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Name as written"), max_length=300)
    given = forms.CharField(label=_("Given names"), max_length=200, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    language = forms.CharField(label=_("Language"), max_length=8, required=False)
    scheme = forms.CharField(label=_("Transliteration scheme"), max_length=32, required=False)
    primary = forms.BooleanField(label=_("Make primary"), required=False)


class PlainSelect(forms.Select):
    """A select whose options are written in Python: Django renders each option through a template of its own,
    which for the ~250 countries costs tens of milliseconds on every page that shows the list."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices))
        return format_html("<select name=\"{}\"{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or service number"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False, widget=PlainSelect)
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *Category.choices], required=False)

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        from polon.registry.choices import Status

        fields = cast("dict[str, forms.ChoiceField]", self.fields)
        fields["status"].choices = [("", _("All")), *Status.choices]
        fields["citizenship"].choices = [("", _("All")), *country_choices(language)]
