from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.registry.choices import (
    Category,
    CitizenshipProvenance,
    Confidence,
    DocumentKind,
    EventType,
    Health,
    Sex,
)
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountriesField, CountryField
from polon.web.forms.places import EventPlaceField


class FieldGroup:
    """Some of a form's fields under a legend, drawn by polon/_form.html like a form of their own (the form's
    errors are listed once, above all the groups)."""

    errors = None
    hidden_fields: list = []

    def __init__(self, legend, fields, *, key: str = ""):
        self.legend, self.fields, self.key = legend, fields, key

    def visible_fields(self):
        return self.fields

    def non_field_errors(self):
        return []


class GroupedForm(Form):
    """A form whose fields are shown in fieldsets with legends (``fieldsets``: (key, legend, field names));
    fields not named in any group come last, under "More"."""

    fieldsets: tuple[tuple[str, object, tuple[str, ...]], ...] = ()

    def groups(self) -> list[FieldGroup]:
        shown = {field.name: field for field in self.visible_fields()}
        groups: list[FieldGroup] = []
        used: set[str] = set()
        for key, legend, names in self.fieldsets:
            fields = [shown[name] for name in names if name in shown]
            used.update(names)
            if fields:
                groups.append(FieldGroup(legend, fields, key=key))
        rest = [field for name, field in shown.items() if name not in used]
        if rest:
            groups.append(FieldGroup(_("More"), rest, key="more"))
        return groups


_DATE_HELP = _("As precise as it is known: 1991, 1991-03 or 1991-03-14.")


class IdentityForm(GroupedForm):
    """The GC III Art. 17 identity fields, shared by recording and editing a person."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices,
                                 help_text=_("Whom the bureau records him as: a prisoner of war we hold, our own "
                                             "serviceman held by the adversary, a civilian detainee, or missing."))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.CharField(label=_("Date of birth"), max_length=10, required=False, help_text=_DATE_HELP)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=200, required=False)
    father_first_name = forms.CharField(label=_("Father's first name"), max_length=120, required=False)
    mother_maiden_name = forms.CharField(label=_("Mother's maiden name"), max_length=120, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    army = forms.CharField(label=_("Army or force"), max_length=120, required=False,
                           help_text=_("The armed force whose number series the service number belongs to."))
    service_number = forms.CharField(label=_("Service number"), max_length=60, required=False,
                                     help_text=_("His army, regimental, personal or serial number (GC III Art. 17)."))
    internment_number = forms.CharField(label=_("Prisoner (internment) number"), max_length=40, required=False,
                                        help_text=_("The number the Detaining Power gave him; one number, one "
                                                    "prisoner."))
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)
    power_depended = CountryField(label=_("Power on which he depends"), required=False,
                                  help_text=_("The Party in whose forces he served; not necessarily his "
                                              "citizenship."))
    informed_person_name = forms.CharField(label=_("Person to be informed"), max_length=200, required=False,
                                           help_text=_("Whom he asks to be told of his capture (next of kin)."))
    informed_person_address = forms.CharField(label=_("Their address"), widget=forms.Textarea(attrs={"rows": 2}),
                                              required=False)
    correspondence_address = forms.CharField(label=_("Address for correspondence"),
                                             widget=forms.Textarea(attrs={"rows": 2}), required=False)
    languages = forms.CharField(label=_("Languages he speaks"), max_length=100, required=False,
                                help_text=_("ISO 639 codes separated by commas, such as kk, ru, uz."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    restricted = forms.BooleanField(label=_("Restricted: never disclose in enquiry replies"), required=False,
                                    help_text=_("For a person who objects, or whom disclosure would endanger."))

    fieldsets = (
        ("identity", _("Identity"), ("name", "given", "patronymic", "surname", "other_spellings", "sex",
                                     "birth_date", "birth_place", "father_first_name", "mother_maiden_name")),
        ("citizenship", _("Category and citizenship"), ("category", "citizenship", "citizenship_provenance",
                                                        "power_depended")),
        ("service", _("Service and unit"), ("rank", "army", "service_number", "unit", "internment_number")),
        ("capture", _("Capture and state of health"), ("captured_date", "captured_place", "captured_internment_place",
                                                       "captured_facility", "captured_health")),
        ("contacts", _("Next of kin, correspondence and languages"), (
            "informed_person_name", "informed_person_address", "correspondence_address", "languages")),
        ("notes", _("Notes and protection"), ("notes", "restricted")),
    )
    field_order = [name for _key, _legend, names in fieldsets for name in names]


class PersonForm(IdentityForm):
    name = forms.CharField(label=_("Name as written (primary spelling)"), max_length=300,
                           help_text=_("As he or his documents write it, in any script."))
    given = forms.CharField(label=_("Given names"), max_length=200, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    other_spellings = forms.CharField(label=_("Other spellings, one per line"), widget=forms.Textarea(attrs={"rows": 3}),
                                      required=False,
                                      help_text=_("Every other way his name is written (Latin, Cyrillic); each is "
                                                  "kept and found by search."))
    citizenship = CountriesField(label=_("Citizenship"), required=False)
    citizenship_provenance = forms.ChoiceField(label=_("How the citizenship is known"),
                                               choices=CitizenshipProvenance.choices)
    captured_date = forms.CharField(label=_("Date of capture"), max_length=10, required=False, help_text=_DATE_HELP)
    captured_place = forms.CharField(label=_("Place of capture"), max_length=200, required=False)
    captured_internment_place = EventPlaceField(label=_("Place of internment"))
    captured_facility = forms.CharField(label=_("Where he is held"), max_length=200, required=False,
                                        help_text=_("The camp or facility, if known."))
    captured_health = forms.ChoiceField(label=_("State of health at capture"), choices=Health.choices,
                                        required=False)

    # Ticked in the warning of likely duplicates (persons/form.html renders it there, not among the fields).
    confirmed_new = forms.BooleanField(label=_("None of these is this person: record a new one"), required=False)

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "confirmed_new"]

    def capture(self) -> dict[str, Any] | None:
        """The capture event the form describes (cleaned data), or None when nothing of it was filled in; its
        place of internment, if one was chosen, under "internment_place" (a record number)."""
        data: dict[str, Any] = {key: self.cleaned_data.get(f"captured_{key}") or ""
                                for key in ("date", "place", "facility", "health")}
        place = self.cleaned_data.get("captured_internment_place")
        if place:
            data["internment_place"] = place
        return data if any(data.values()) else None


class PersonImportForm(Form):
    file = forms.FileField(label=_("File of persons (.jsonl, .csv or .xlsx)"))
    on_duplicate = forms.ChoiceField(label=_("A person who may already be recorded"), initial="report", choices=[
        ("report", _("record him and report the line")), ("skip", _("leave the line out and report it")),
        ("fail", _("refuse the whole file"))])
    check_duplicates = forms.BooleanField(label=_("Search the registry for each person"), initial=True,
                                          required=False)


class PersonEditForm(IdentityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class EventChoiceField(forms.TypedChoiceField):
    """One of this person's events, by its date, kind and place (never a record number typed by hand)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, choices=[("", _("— none: a new account —"))], **kwargs)

    def set_events(self, events) -> None:
        self.choices = [("", _("— none: a new account —")), *((event.pk, event_choice_label(event))
                                                                 for event in events)]


def event_choice_label(event) -> str:
    where = " — ".join(part for part in (event.place, event.facility) if part)
    parts = [f"#{event.pk}", event.date or "?", str(event.get_type_display())]
    if event.corrects_id:
        parts.append(str(_("corrects #%(id)s") % {"id": event.corrects_id}))
    if where:
        parts.append(where)
    return " · ".join(parts)


class EventForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    type = forms.ChoiceField(label=_("Event"), choices=EventType.choices)
    date = forms.CharField(label=_("Date"), max_length=10, required=False, help_text=_DATE_HELP)
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("The town or area, such as Demo sector 3."))
    internment_place = EventPlaceField()
    facility = forms.CharField(label=_("Facility"), max_length=200, required=False,
                               help_text=_("The camp, hospital or other facility, if any."))
    health = forms.ChoiceField(label=_("State of health"), choices=Health.choices, required=False)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices)
    corrects = EventChoiceField(label=_("Corrects the event"), required=False,
                                help_text=_("Choose \u201cCorrection\u201d as the event to replace one recorded "
                                            "wrongly; the corrected event is kept and marked."))
    corrected_type = forms.ChoiceField(label=_("Correct it to"), choices=[("", _("— void it —")), *EventType.choices],
                                       required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           help_text=_("What is known of it and from whom; for a correction, why."))

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(EventChoiceField, self.fields["corrects"]).set_events(events)


class CitizenshipForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    country = CountryField(label=_("Country"))
    provenance = forms.ChoiceField(label=_("How it is known"), choices=CitizenshipProvenance.choices,
                                   help_text=_("Self-declared by him, read from an identity document, or confirmed "
                                               "by that state."))
    as_of = forms.CharField(label=_("Known as of"), max_length=10, required=False, help_text=_DATE_HELP)


class CitizenshipRemoveForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why it is withdrawn"), max_length=500,
                             help_text=_("Kept in the audit log, such as: the passport shows another country."))


class DocumentForm(Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Such as: military ID, front page; left empty, the file's name is used."))
    file = forms.FileField(label=_("File"), help_text=_("A photograph (JPEG, PNG or WebP) or a PDF, at most 20 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,"
                                                                            "application/pdf"}))
    source = forms.TypedChoiceField(label=_("From source"), coerce=int, empty_value=None, required=False,
                                    choices=[("", "—")])

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        if sources:
            cast(forms.TypedChoiceField, self.fields["source"]).choices = [
                ("", "—"), *((source.pk, str(source)) for source in sources)]
        else:
            del self.fields["source"]


class DocumentRemoveForm(Form):
    reason = forms.CharField(label=_("Why it is removed"), max_length=500, required=False)


class NameForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Name as written"), max_length=300)
    given = forms.CharField(label=_("Given names"), max_length=200, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=200, required=False)
    surname = forms.CharField(label=_("Surname"), max_length=200, required=False)
    language = forms.CharField(label=_("Language"), max_length=8, required=False)
    scheme = forms.CharField(label=_("Transliteration scheme"), max_length=32, required=False)
    primary = forms.BooleanField(label=_("Make primary"), required=False)
