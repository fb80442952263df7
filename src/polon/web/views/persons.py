from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.core.countries import country_name
from polon.core.errors import ValidationFailed
from polon.core.pages import ListPaginator
from polon.registry import person_files, selectors, services
from polon.registry.search import SearchQueryError, search_persons
from polon.registry.services.imports import check_upload_size, start_import
from polon.registry.services.names import NameInput
from polon.registry.services.persons import PERSON_FIELDS, CitizenshipInput
from polon.web.forms import (
    EventForm,
    NameForm,
    PersonEditForm,
    PersonFilterForm,
    PersonForm,
    PersonImportForm,
    attach_errors,
)
from polon.web.policy import policy
from polon.web.views.base import form_page


@policy("registry.read")
def person_list(request):
    form = PersonFilterForm(request.GET or None, language=get_language() or "en")
    filters = selectors.PersonFilters()
    if form.is_valid():
        filters = selectors.PersonFilters(**{k: v or "" for k, v in form.cleaned_data.items()})
    page = ListPaginator(selectors.person_list(request.user, filters), 50).get_page(request.GET.get("page"))
    template = "polon/persons/_rows.html" if request.headers.get("HX-Request") else "polon/persons/list.html"
    import_form = PersonImportForm() if may(request.user, "registry.write") else None
    return render(request, template, {"form": form, "page": page, "query": _without_page(request.GET),
                                      "import_form": import_form})


@policy("registry.read")
def person_detail(request, person_id: int):
    person = selectors.get_person(request.user, person_id)
    timeline = selectors.timeline(person)
    return render(request, "polon/persons/detail.html", {
        "person": person, "timeline": timeline, "names": list(person.names.all()),
        "citizenships": [(c, country_name(c.country, get_language() or "en")) for c in person.citizenships.all()],
        "event_form": EventForm(initial={"version": person.version}),
        "name_form": NameForm(initial={"version": person.version}),
    })


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _split_codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace(";", ",").split(",") if c.strip()]


@policy("registry.write")
def person_create(request):
    form = PersonForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed_new"]:
            try:
                duplicates = [h for h in search_persons(request.user, data["name"], birth_date=data["birth_date"] or None,
                                                        citizenships=tuple(_split_codes(data["citizenship"])))
                              if h.band == "likely"]
            except SearchQueryError:
                duplicates = []
        if not duplicates:
            names = [NameInput(text=data["name"], given=data["given"], patronymic=data["patronymic"],
                               surname=data["surname"])]
            names += [NameInput(text=line) for line in data["other_spellings"].splitlines() if line.strip()]
            citizenships = [CitizenshipInput(country=code, provenance=data["citizenship_provenance"])
                            for code in _split_codes(data["citizenship"])]
            fields = {k: data[k] for k in PERSON_FIELDS if k in data}
            try:
                person = services.create_person(actor=request.user, names=names, citizenships=citizenships, **fields)
            except ValidationFailed as exc:
                attach_errors(form, exc, {"names": "name", "citizenships": "citizenship"})
            else:
                messages.success(request, _("Person recorded."))
                return redirect("web:person-detail", person_id=person.pk)
    return render(request, "polon/persons/form.html", {"form": form, "duplicates": duplicates, "creating": True})


@policy("registry.write")
def person_import(request):
    """Upload a file of persons; a background job checks and writes it, its page shows progress and report."""
    def start(data):
        upload = data["file"]
        check_upload_size(upload.size, upload.name)  # before it is read into memory
        job = start_import(actor=request.user, content=upload.read(), file_name=upload.name,
                           on_duplicate=data["on_duplicate"], check_registry=data["check_duplicates"],
                           language=get_language() or "")
        return redirect("web:job-detail", job_id=job.pk)

    return form_page(request, PersonImportForm(request.POST or None, request.FILES or None),
                     "polon/persons/import.html", start, success=_("The file is being imported in the background."),
                     context={"columns": person_files.COLUMNS}, refused_status=400)


@policy("registry.write")
def person_edit(request, person_id: int):
    person = selectors.get_person(request.user, person_id, log_read=False)
    initial = {field: getattr(person, field) for field in PERSON_FIELDS}
    initial["languages"] = ", ".join(person.languages or [])
    initial["version"] = person.version

    def save(data):
        services.update_person(actor=request.user, person_id=person.pk, expected_version=data["version"],
                               changes={k: v for k, v in data.items() if k in PERSON_FIELDS})
        return redirect("web:person-detail", person_id=person.pk)

    return form_page(request, PersonEditForm(request.POST or None, initial=initial), "polon/persons/form.html",
                     save, success=_("Changes saved."), context={"person": person, "creating": False})


@policy("registry.write")
def event_add(request, person_id: int):
    person = selectors.get_person(request.user, person_id, log_read=False)

    def add(data):
        services.add_event(actor=request.user, person_id=person.pk, type=data["type"], date=data["date"],
                           place=data["place"], facility=data["facility"], health=data["health"] or "",
                           confidence=data["confidence"], note=data["note"], corrects_id=data["corrects"],
                           corrected_type=data["corrected_type"] or "", expected_version=data["version"])
        return redirect("web:person-detail", person_id=person.pk)

    return form_page(request, EventForm(request.POST or None, initial={"version": person.version}),
                     "polon/persons/event_form.html", add, success=_("Event added."), context={"person": person})


@policy("registry.write")
def name_add(request, person_id: int):
    person = selectors.get_person(request.user, person_id, log_read=False)

    def add(data):
        services.add_name(actor=request.user, person_id=person.pk, primary=data["primary"],
                          expected_version=data["version"],
                          name=NameInput(text=data["text"], given=data["given"], patronymic=data["patronymic"],
                                         surname=data["surname"], language=data["language"], scheme=data["scheme"]))
        return redirect("web:person-detail", person_id=person.pk)

    return form_page(request, NameForm(request.POST or None, initial={"version": person.version}),
                     "polon/persons/name_form.html", add, success=_("Spelling added."), context={"person": person},
                     aliases={"name": "text"})
