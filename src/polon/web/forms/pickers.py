"""The pickers every form uses where a record or a code is chosen: countries by their name in the user's language
(never a typed ISO code) and persons by name in any script or by record number (never a bare number typed from
another screen).

``CountryField`` / ``CountriesField``: ISO 3166-1 alpha-2 codes, labelled and sorted by the active language's
alphabet (ICU collation: Ukrainian "Єгипет" after "Ефіопія", "Ірландія" after "Зімбабве"). They clean to a code
(str) and a list of codes.

``PersonField`` / ``PersonsField``: the user types a name as he has it (Cyrillic, Latin, any spelling the search
engine reads), a record number ("123", "№ 123") or a service number. It is resolved in the user's scope only
(polon.registry.search.search_persons and the scoped selectors): a number outside the scope answers exactly as a
number that does not exist. One clear hit cleans to the Person; several re-render the field with a choice among
them (name, date of birth, citizenship, status) and the form stays invalid until one is chosen; none is an error
naming what was typed, which stays in the field. Everything works without JavaScript; with HTMX the text input
asks ``persons/pick/`` for suggestions as the user types (a datalist).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from polon.core.countries import country_choices, country_label
from polon.registry import selectors
from polon.registry.models import Person
from polon.registry.search import PersonQuery, SearchHit, search_many

# How many candidates a name may offer for the user to choose from.
MAX_CANDIDATES = 8

# "123", "#123", "№ 123", "no. 123", optionally followed by " · name" (how a chosen person is written back).
_RECORD_NUMBER = re.compile(r"^\s*(?:#|№|n[o°]\.?)?\s*(\d{1,12})(?:\s*(?:[·—–:-].*)?)$", re.IGNORECASE)


# Countries ------------------------------------------------------------------------------------------------------


def localised_country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every country, named and sorted in ``language`` (the active one by default)."""
    return country_choices((language or get_language() or "en").split("-")[0])


class CountrySelect(forms.Select):
    """A select of the ~250 countries written in Python: Django's per-option templates cost tens of milliseconds
    on every page showing the list."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join("", "<option value=\"{}\"{}>{}</option>", (
            (key, mark_safe(" selected") if str(key) in chosen else "", label) for key, label in self.choices))
        multiple = mark_safe(" multiple") if self.allow_multiple_selected else ""
        return format_html("<select name=\"{}\"{}{}>{}</select>", name, flatatt(self.build_attrs(self.attrs, attrs)),
                           multiple, options)


class CountriesSelect(CountrySelect, forms.SelectMultiple):
    allow_multiple_selected = True


class CountryField(forms.ChoiceField):
    """One country, chosen by its name in the user's language; cleans to its ISO 3166-1 alpha-2 code.
    ``blank_label``: the empty choice's label when the field is optional ("All" for a filter)."""

    widget = CountrySelect

    def __init__(self, *, required: bool = True, label: Any = None, blank_label: Any = None, **kwargs):
        self.blank_label = blank_label
        super().__init__(choices=self._choices_now, required=required, label=label or _("Country"), **kwargs)

    def _choices_now(self) -> list[tuple[str, Any]]:
        countries = localised_country_choices()
        if self.required and self.blank_label is None:
            return [("", _("— choose a country —")), *countries]
        return [("", self.blank_label if self.blank_label is not None else "—"), *countries]

    def to_python(self, value) -> str:
        return super().to_python(value).strip().upper()

    def valid_value(self, value) -> bool:
        return any(value == code for code, _label in localised_country_choices())


class CountriesField(forms.MultipleChoiceField):
    """Several countries, chosen by name; cleans to their codes (list[str]) in the order of the list."""

    widget = CountriesSelect

    def __init__(self, *, required: bool = True, label: Any = None, **kwargs):
        kwargs.setdefault("help_text", _("Hold Ctrl (⌘ on a Mac) to choose more than one."))
        super().__init__(choices=localised_country_choices, required=required, label=label or _("Countries"),
                         **kwargs)

    def to_python(self, value) -> list[str]:
        if isinstance(value, str):  # initial given as "KZ, UZ"
            value = [part for part in re.split(r"[\s,;]+", value) if part]
        return [code.strip().upper() for code in super().to_python(value)]

    def valid_value(self, value) -> bool:
        return any(value == code for code, _label in localised_country_choices())


# Persons --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person offered for choice: what tells two persons of one name apart."""

    person: Person

    @property
    def pk(self) -> int:
        return int(self.person.pk)

    @property
    def name(self) -> str:
        return str(self.person)

    @property
    def birth_date(self) -> str:
        return self.person.birth_date or ""

    @property
    def citizenship(self) -> str:
        return ", ".join(country_label(c.country) for c in self.person.citizenships.all())

    @property
    def status(self) -> str:
        return str(self.person.get_status_display())

    @property
    def description(self) -> str:
        parts = [part for part in (
            self.name, _("born %(date)s") % {"date": self.birth_date} if self.birth_date else "",
            self.citizenship, self.status) if part]
        return " · ".join(str(p) for p in parts)


def person_text(person: Person) -> str:
    """How a chosen person is written in the text input: its record number (which resolves back to it) and name."""
    return f"№ {person.pk} · {person}"


@dataclass
class Resolution:
    """What one typed line resolved to: the person, candidates to choose from, or nothing."""

    text: str
    person: Person | None = None
    candidates: list[Candidate] | None = None
    unclear: bool = False  # the candidates are only possible matches, none a likely one
    error: Any = None


def _scoped(user) -> Any:
    return selectors.visible_persons(user).prefetch_related("names", "citizenships")


def resolve(user, texts: list[str]) -> list[Resolution]:
    """Resolve typed lines (names, record numbers, service numbers) within ``user``'s scope, each to a person,
    a list of candidates, or an error. Numbers are read in one query, names in one search."""
    out = [Resolution(text=t.strip()) for t in texts]
    numbers: dict[int, list[Resolution]] = {}
    names: list[Resolution] = []
    for r in out:
        match = _RECORD_NUMBER.match(r.text)
        if match:
            numbers.setdefault(int(match.group(1)), []).append(r)
        else:
            names.append(r)
    unnumbered: list[Resolution] = []
    if numbers:
        numbered = {p.pk: p for p in _scoped(user).filter(pk__in=list(numbers))}
        for number, waiting in numbers.items():
            for r in waiting:
                r.person = numbered.get(number)
                if r.person is None:  # outside the scope or not at all: the same answer (unless a service number)
                    r.error = _("There is no person with record number %(number)s.") % {"number": number}
                    unnumbered.append(r)
    with_digits = [r for r in names if any(ch.isdigit() for ch in r.text)] + unnumbered
    by_service = _by_service_number(user, {r.text.upper() for r in with_digits})
    for r in with_digits:
        persons = by_service.get(r.text.upper(), [])
        if len(persons) == 1:
            r.person, r.error = persons[0], None
        elif persons:
            r.candidates, r.error = [Candidate(p) for p in persons], None
    if names:
        searched = [r for r in names if r.text.upper() not in by_service]
        results = search_many(user, [PersonQuery(r.text) for r in searched], limit=MAX_CANDIDATES) if searched else []
        for r, found in zip(searched, results, strict=True):
            if found.error is not None:
                r.error = _("“%(text)s” cannot be searched: %(reason)s") % {"text": r.text, "reason": found.error}
                continue
            _decide(r, found.hits)
    return out


def _by_service_number(user, texts: set[str]) -> dict[str, list[Person]]:
    """The persons in scope whose service number is one of ``texts`` (any case), by that number upper-cased."""
    if not texts:
        return {}
    wanted = Q()
    for text in sorted(texts):
        wanted |= Q(service_number__iexact=text)
    found: dict[str, list[Person]] = {}
    for person in _scoped(user).filter(wanted):
        found.setdefault(person.service_number.upper(), []).append(person)
    return found


def _decide(r: Resolution, hits: list[SearchHit]) -> None:
    """One clear hit (the only likely one, or a registrar's confirmed judgement) is the person; several
    likely ones, or only possible ones, are offered as a choice; none is an error."""
    judged = [h for h in hits if h.judged]
    likely = judged or [h for h in hits if h.band == "likely"]
    if len(likely) == 1:
        r.person = likely[0].person
    elif likely:
        r.candidates = [Candidate(h.person) for h in likely]
    elif hits:
        r.candidates = [Candidate(h.person) for h in hits]
        r.unclear = True
    else:
        r.error = _("No person found for “%(text)s”.") % {"text": r.text}


def _pick_name(name: str, line: int | None = None) -> str:
    return f"{name}__pick" if line is None else f"{name}__pick{line}"


def _for_name(name: str, line: int | None = None) -> str:
    return f"{name}__for" if line is None else f"{name}__for{line}"


@dataclass(frozen=True)
class Typed:
    """What the browser sent for a person field: the text, and a choice made among offered candidates (with the
    text they were offered for: a choice made for another text is ignored)."""

    text: str
    picks: dict[int, tuple[str, str]]  # line (0 for a single field) -> (chosen person id, text it was offered for)

    def __str__(self) -> str:
        return self.text


class PersonInput(forms.Widget):
    """A text input (a textarea for several persons) and, after a submission that found several candidates,
    radio buttons choosing among them under it."""

    template_name = "polon/widgets/person_picker.html"
    multiple = False

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.offers: dict[int, Resolution] = {}  # line -> the candidates offered for it
        self.user = None

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.offers = {}
        return copy

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        if text is None:
            return None
        if not isinstance(text, str):  # data prepared in code: persons or their numbers
            text = self.format_value(text)
        picks = {}
        for line in range(self._lines(text)):
            key = None if not self.multiple else line
            chosen = data.get(_pick_name(name, key))
            if chosen:
                picks[line] = (chosen, data.get(_for_name(name, key), ""))
        return Typed(text=text, picks=picks)

    def _lines(self, text: str) -> int:
        return len(text.splitlines()) if self.multiple else 1

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        if value is None or value == "":
            return ""
        if isinstance(value, Typed):
            return value.text
        if isinstance(value, str) and re.fullmatch(r"[\d\s,;]+", value):  # "1,2,3" from a link
            value = [int(part) for part in re.split(r"[\s,;]+", value) if part]
        items = value if isinstance(value, list | tuple) else [value]
        persons = [v for v in items if isinstance(v, Person)]
        ids = [int(v) for v in items if isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit())]
        if ids and self.user is not None:
            found = {p.pk: p for p in _scoped(self.user).filter(pk__in=ids)}
            persons += [found[i] for i in ids if i in found]
        if not persons:
            return "\n".join(str(v) for v in items)
        return "\n".join(person_text(p) for p in persons)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["multiple"] = self.multiple
        widget["datalist_id"] = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["offers"] = [
            {"line": line + 1, "text": offer.text, "candidates": offer.candidates,
             "pick_name": _pick_name(name, line if self.multiple else None),
             "for_name": _for_name(name, line if self.multiple else None),
             "id_prefix": f"{widget['attrs'].get('id') or name}-pick{line}"}
            for line, offer in sorted(self.offers.items()) if offer.candidates]
        widget["field_name"] = name
        return context


class PersonsInput(PersonInput):
    multiple = True


class PersonField(forms.Field):
    """A person of the user's scope, typed by name (any script), record number or service number; cleans to the
    Person. Several candidates make the form invalid and show them to choose from."""

    widget = PersonInput
    default_error_messages = {
        "required": _("Type a name or a record number."),
        "choose": _("Several persons match “%(text)s”: choose one below."),
        "unclear": _("No clear match for “%(text)s”: choose him below if he is among these, or correct the name."),
    }

    def __init__(self, *, user=None, required: bool = True, label: Any = None, help_text: Any = None, **kwargs):
        super().__init__(required=required, label=label or _("Person"),
                         help_text=help_text if help_text is not None
                         else _("A name in any script, or the record number."), **kwargs)
        self.user = user

    @property
    def user(self):
        return self._user

    @user.setter
    def user(self, value) -> None:
        self._user = value
        self.widget.user = value

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.user = self._user
        return copy

    def _text(self, value) -> str:
        return cast(PersonInput, self.widget).format_value(value)

    def _typed(self, value) -> Typed:
        if isinstance(value, Typed):
            return value
        return Typed(text="" if value in (None, "") else self._text(value), picks={})

    def _chosen(self, offered: Resolution, pick: tuple[str, str] | None) -> Person | None:
        """The candidate chosen among those offered for the same text (a choice for another text is stale)."""
        if pick is None or offered.candidates is None or pick[1].strip() != offered.text:
            return None
        return next((c.person for c in offered.candidates if str(c.pk) == pick[0].strip()), None)

    def _settle(self, resolutions: list[Resolution], picks: dict[int, tuple[str, str]]) -> list[str | Any]:
        """Apply the user's choices; what is still unsettled is offered again and named in the errors."""
        self.widget.offers = {}
        errors: list[Any] = []
        for line, r in enumerate(resolutions):
            if r.candidates is not None and r.person is None:
                r.person = self._chosen(r, picks.get(line))
                if r.person is None:
                    self.widget.offers[line] = r
                    errors.append(self.error_messages["unclear" if r.unclear else "choose"] % {"text": r.text})
            elif r.error is not None:
                errors.append(r.error)
        return errors

    def clean(self, value) -> Person | None:
        typed = self._typed(value)
        text = typed.text.strip()
        if not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        if self.user is None:
            raise RuntimeError("PersonField needs the acting user (PersonField(user=...) or field.user = ...)")
        resolutions = resolve(self.user, [text])
        errors = self._settle(resolutions, typed.picks)
        if errors:
            raise forms.ValidationError(errors)
        return resolutions[0].person

    def has_changed(self, initial, data) -> bool:
        return self._text(initial) != self._typed(data).text


class PersonsField(PersonField):
    """Several persons, one a line (names, record numbers or service numbers); cleans to list[Person] in the
    order typed, each once. Every line is resolved; the errors name each line that found nobody or several."""

    widget = PersonsInput
    default_error_messages = {
        "required": _("Type at least one name or record number, one a line."),
        "choose": _("Several persons match “%(text)s”: choose one below."),
        "unclear": _("No clear match for “%(text)s”: choose him below if he is among these, or correct the name."),
    }

    def __init__(self, *, user=None, required: bool = True, label: Any = None, help_text: Any = None, **kwargs):
        super().__init__(user=user, required=required, label=label or _("Persons"),
                         help_text=help_text if help_text is not None
                         else _("One a line: a name in any script, or a record number."), **kwargs)

    def clean(self, value) -> list[Person]:  # type: ignore[override]  # a list, one a line
        typed = self._typed(value)
        lines = typed.text.splitlines()
        wanted = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
        if not wanted:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if self.user is None:
            raise RuntimeError("PersonsField needs the acting user (PersonsField(user=...) or field.user = ...)")
        resolutions = resolve(self.user, [text for _i, text in wanted])
        # Offers and picks are keyed by the line of the text as typed.
        self.widget.offers = {}
        errors: list[Any] = []
        for (line, _text), r in zip(wanted, resolutions, strict=True):
            if r.candidates is not None and r.person is None:
                r.person = self._chosen(r, typed.picks.get(line))
                if r.person is None:
                    self.widget.offers[line] = r
                    errors.append(self.error_messages["unclear" if r.unclear else "choose"] % {"text": r.text})
            elif r.error is not None:
                errors.append(r.error)
        if errors:
            raise forms.ValidationError(errors)
        seen: set[int] = set()
        persons = []
        for r in resolutions:
            if r.person is not None and r.person.pk not in seen:
                seen.add(r.person.pk)
                persons.append(r.person)
        return persons


def bind_user(form: forms.Form, user) -> None:
    """Give every person field of ``form`` the acting user (for forms that declare the fields on the class)."""
    for field in form.fields.values():
        if isinstance(field, PersonField):
            field.user = user
