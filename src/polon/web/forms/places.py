"""Forms of the places-of-internment pages: a place, the list's filter, the Art. 23 document, and matching the
free-text facilities of status events to places."""

from __future__ import annotations

from typing import cast

import pycountry
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from polon.core.countries import collation_key, country_label
from polon.places.models import Place, PlaceKind
from polon.places.regions import region_name
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountryField

# The regions offered: the Detaining Power's own (its camps are on its territory), and those of any place
# already recorded elsewhere.
HOME_COUNTRIES = ("UA",)


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """ISO 3166-2 regions grouped by country, named in the active language."""
    language = (get_language() or "en").split("-")[0]
    countries = list(HOME_COUNTRIES)
    for region in Place.objects.values_list("region", flat=True).distinct():
        country = region.split("-")[0]
        if country not in countries:
            countries.append(country)
    key = collation_key(language)
    groups = []
    for country in countries:
        regions = [(s.code, f"{region_name(s.code, language)} ({s.code})")
                   for s in pycountry.subdivisions.get(country_code=country) or ()]
        groups.append((country_label(country, language), sorted(regions, key=lambda r: key(r[1]))))
    return groups


def camp_choices(exclude: int | None = None) -> list[tuple[str, str]]:
    camps = Place.objects.filter(kind=PlaceKind.CAMP).exclude(pk=exclude or 0).order_by("name")
    return [("", "—"), *((str(p.pk), f"{p.name} ({p.region})") for p in camps)]


class PlaceForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlaceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    region = forms.ChoiceField(label=_("Region"), choices=region_choices,
                               help_text=_("ISO 3166-2 region (oblast) where the place lies."))
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    parent_id = forms.TypedChoiceField(label=_("Depends on camp"), required=False, coerce=int, empty_value=None,
                                       help_text=_("For a labour detachment: the camp it depends on (Art. 56)."))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    opened = forms.DateField(label=_("Opened (YYYY-MM-DD)"), required=False)
    closed = forms.DateField(label=_("Closed (YYYY-MM-DD)"), required=False)
    aliases = forms.CharField(label=_("Other names"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              help_text=_("One per line: how sources and older records write its name."))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, place: Place | None = None, **kwargs):
        if place is not None and "initial" not in kwargs:
            kwargs["initial"] = {"kind": place.kind, "name": place.name, "region": place.region,
                                 "address": place.address, "parent_id": place.parent_id, "capacity": place.capacity,
                                 "opened": place.opened, "closed": place.closed, "aliases": "\n".join(place.aliases),
                                 "notes": place.notes}
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["parent_id"]).choices = camp_choices(place.pk if place else None)

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["aliases"] = data.get("aliases", "").splitlines()
        return data


class PlaceFilterForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *PlaceKind.choices], required=False)
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    open_only = forms.BooleanField(label=_("Open only"), required=False)


class PopulationDateForm(Form):
    """A place's population as it stood on a past date (GET)."""

    on = forms.DateField(label=_("As it stood on (YYYY-MM-DD)"), required=False,
                         widget=forms.DateInput(attrs={"size": 10}, format="%Y-%m-%d"))


class PlacesDocumentForm(Form):
    """The Art. 23 document: for which Protecting Power, and whether closed places are listed too."""

    recipient = CountryField(label=_("Protecting Power"), required=False, blank_label=_("— not named —"))
    include_closed = forms.BooleanField(label=_("List closed places too"), required=False)


class AssignFacilityForm(Form):
    """An unmatched facility text, assigned to a place."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=200)
    place = forms.TypedChoiceField(label=_("Place"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.pk, f"{p.name} ({p.region})") for p in Place.objects.order_by("name")]


class EventPlaceField(forms.TypedChoiceField):
    """The place of internment of a status event: the open places (and the event's own, if closed since)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Place of internment"))
        kwargs.setdefault("help_text", _("The camp, transit point, hospital or labour detachment, if recorded."))
        super().__init__(coerce=int, empty_value=None, required=False, choices=self._choices_now, **kwargs)

    @staticmethod
    def _choices_now() -> list[tuple[str, str]]:
        places = Place.objects.filter(closed__isnull=True).order_by("name")
        return [("", "—"), *((str(p.pk), f"{p.name} ({p.get_kind_display().lower()}, {p.region})") for p in places)]
