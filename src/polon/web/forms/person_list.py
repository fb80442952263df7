"""The list of persons: its filters, sort and page size (a GET form), and what is done with the persons selected
on it (export them, put them on an exchange round)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from polon.core.countries import collation_key, country_label
from polon.registry.choices import Category, Status
from polon.registry.selectors import PERSON_ORDERS
from polon.web.forms.base import Form
from polon.web.forms.pickers import CountrySelect

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50

SORT_LABELS = {
    "name": _("Name"),
    "birth_date": _("Date of birth"),
    "citizenship": _("Citizenship"),
    "status": _("Status"),
    "created": _("Recorded"),
    "updated": _("Updated"),
}


class PersonListForm(forms.Form):
    """Filters, sort and page size of the list; every field optional, a bad value is ignored as if absent."""

    q = forms.CharField(label=_("Name, record or service number"), required=False, max_length=200,
                        help_text=_("Any script or spelling: found as the search finds it, best match first."))
    status = forms.ChoiceField(label=_("Status"), required=False)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False, widget=CountrySelect)
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *Category.choices], required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=forms.HiddenInput)
    per_page = forms.TypedChoiceField(label=_("Per page"), required=False, coerce=int, empty_value=None,
                                      initial=str(DEFAULT_PAGE_SIZE), choices=[(str(n), str(n)) for n in PAGE_SIZES])

    def __init__(self, *args, countries: dict[str, int] | None = None, language: str = "en", **kwargs):
        """``countries``: the citizenships held by persons in the user's scope, with how many hold each: the
        choice offers those, by name in ``language``'s alphabetical order, with their counts."""
        super().__init__(*args, **kwargs)
        fields = cast("dict[str, forms.ChoiceField]", self.fields)
        fields["status"].choices = [("", _("All")), *Status.choices]
        by_name = collation_key(language)
        named = sorted(((code, country_label(code)) for code in (countries or {})), key=lambda c: by_name(c[1]))
        fields["citizenship"].choices = [("", _("All")), *(
            (code, f"{name} ({(countries or {})[code]})") for code, name in named)]
        fields["sort"].choices = [("", ""), *((o, o) for key in PERSON_ORDERS for o in (key, f"-{key}"))]


class SelectionForm(Form):
    """The persons ticked on the list, and what to do with them."""

    ids = forms.TypedMultipleChoiceField(label=_("Selected persons"), coerce=int, required=True,
                                         error_messages={"required": _("Tick at least one person first.")})
    action = forms.ChoiceField(label=_("Action"), choices=[("export", _("Export the selected")),
                                                           ("round", _("Put the selected on an exchange round"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any record numbers are accepted here; the pages they lead to read them within the user's scope.
        data = self.data.getlist("ids") if hasattr(self.data, "getlist") else self.data.get("ids", [])
        cast("forms.ChoiceField", self.fields["ids"]).choices = [(v, v) for v in data if str(v).isdigit()]
