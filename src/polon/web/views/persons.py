from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from polon.access.policies import may
from polon.access.scope import visible_or_not_found
from polon.core.countries import country_label
from polon.core.downloads import stored_file
from polon.core.errors import ValidationFailed
from polon.registry import person_files, selectors, services
from polon.registry.choices import EventType
from polon.registry.search import SearchQueryError, search_persons
from polon.registry.services.citizenships import remove_citizenship
from polon.registry.services.documents import (
    DocumentInput,
    add_document,
    check_document_size,
    remove_document,
)
from polon.registry.services.events import EventInput
from polon.registry.services.guards import check_version
from polon.registry.services.imports import check_upload_size, start_import
from polon.registry.services.names import NameInput
from polon.registry.services.persons import PERSON_FIELDS, CitizenshipInput
from polon.web.forms import (
    EventForm,
    NameForm,
    PersonEditForm,
    PersonForm,
    PersonImportForm,
    attach_errors,
)
from polon.web.forms.persons import (
    CitizenshipForm,
    CitizenshipRemoveForm,
    DocumentForm,
    DocumentRemoveForm,
)
from polon.web.policy import policy
from polon.web.views.base import form_page


@policy("registry.read")
def person_detail(request, person_id: int):
    """Everything about a person in one place: identity, names, citizenships, timeline, documents, and links to
    what other parts of the bureau hold about him, each only where the user's role may read it and each read
    through that part's scoped selectors."""
    user = request.user
    person = selectors.get_person(user, person_id)
    timeline = selectors.timeline(person)
    writer = may(user, "registry.write")
    documents = list(selectors.documents(user, person))
    return render(request, "polon/persons/detail.html", {
        "person": person, "timeline": timeline, "names": list(person.names.all()),
        "citizenships": [(c, country_label(c.country)) for c in person.citizenships.all()],
        "power_depended": country_label(person.power_depended) if person.power_depended else "",
        "photos": [d for d in documents if d.thumbnail_path], "documents": documents,
        "event_form": EventForm(initial={"version": person.version}, events=timeline.events) if writer else None,
        "citizenship_form": CitizenshipForm(initial={"version": person.version}) if writer else None,
        "document_form": DocumentForm(sources=_person_sources(user, person)) if writer else None,
        **_related(user, person),
    })


def _person_sources(user, person) -> list:
    """The sources that speak of this person (a spelling, an event or a document taken from them, or a review
    decision that tied him to an item of theirs), for the roles that may read sources; newest first."""
    if not may(user, "sources.read"):
        return []
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from polon.sources.models import ReviewDecision
    from polon.sources.selectors import visible_sources

    visible = visible_sources(user)
    # What a decision created is JSON ({"person": 7} or {"persons": [7, 9]}): its text narrows, the dict decides.
    decided = {d.source_id for d in ReviewDecision.objects.filter(source__in=visible.values("pk")).annotate(
        text=Cast("created", TextField())).filter(text__contains=str(person.pk)).only("source_id", "created")
        if d.created.get("person") == person.pk or person.pk in (d.created.get("persons") or [])}
    return list(visible.filter(
        Q(person_names__person=person) | Q(events__person=person) | Q(person_documents__person=person)
        | Q(pk__in=decided)).distinct().order_by("-id")[:50])


def _exports_with(user, person, limit: int = 20) -> list:
    """The user's exports (an administrator: everyone's) whose files included this person, newest first. The
    record keeps the persons' numbers as a JSON list: its text narrows the rows in SQL, the list decides."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from polon.exports.services import export_history

    found = []
    candidates = export_history(user).annotate(ids_text=Cast("person_ids", TextField())).filter(
        ids_text__contains=str(person.pk))
    for record in candidates.iterator(chunk_size=100):
        if person.pk in record.person_ids:
            found.append(record)
            if len(found) >= limit:
                break
    return found


def _related(user, person) -> dict:
    """What the other parts of the bureau hold about the person, each through its own scoped selector and only
    for the roles whose policy lets them read it (None: not shown at all)."""
    from polon.consular import selectors as consular
    from polon.enquiries import selectors as enquiries
    from polon.exchanges import selectors as exchanges

    related: dict = {"entries": None, "transmissions": None, "enquiries": None, "exports": None, "sources": None}
    if may(user, "exchanges.read"):
        related["entries"] = list(exchanges.entries(user).filter(person=person))
    if may(user, "consular.read"):
        related["transmissions"] = [(t, country_label(t.country) if t.country else "")
                                    for t in consular.transmissions(user).filter(person=person)[:20]]
    if may(user, "enquiries.read"):
        related["enquiries"] = list(enquiries.enquiries(user).filter(replies__persons=person).distinct()
                                    .order_by("-received_on", "-id")[:20])
    if may(user, "registry.export"):
        related["exports"] = _exports_with(user, person)
    if may(user, "sources.read"):
        related["sources"] = _person_sources(user, person)
    return related


@policy("registry.write")
def person_create(request):
    form = PersonForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed_new"]:
            try:
                duplicates = [h for h in search_persons(request.user, data["name"], birth_date=data["birth_date"] or None,
                                                        citizenships=tuple(data["citizenship"]))
                              if h.band == "likely"]
            except SearchQueryError:
                duplicates = []
        if not duplicates:
            names = [NameInput(text=data["name"], given=data["given"], patronymic=data["patronymic"],
                               surname=data["surname"])]
            names += [NameInput(text=line) for line in data["other_spellings"].splitlines() if line.strip()]
            citizenships = [CitizenshipInput(country=code, provenance=data["citizenship_provenance"])
                            for code in data["citizenship"]]
            capture = form.capture()
            events = [EventInput(type=EventType.CAPTURED, date=capture["date"], place=capture["place"],
                                 facility=capture["facility"], health=capture["health"],
                                 internment_place_id=capture.get("internment_place"))] if capture else []
            fields = {k: data[k] for k in PERSON_FIELDS if k in data}
            try:
                person = services.create_person(actor=request.user, names=names, citizenships=citizenships,
                                                events=events, **fields)
            except ValidationFailed as exc:
                attach_errors(form, exc, {"names": "name", "citizenships": "citizenship", "events": "captured_date"})
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
    events = selectors.timeline(person).events

    def add(data):
        services.add_event(actor=request.user, person_id=person.pk, type=data["type"], date=data["date"],
                           place=data["place"], facility=data["facility"], health=data["health"] or "",
                           confidence=data["confidence"], note=data["note"], corrects_id=data["corrects"],
                           corrected_type=data["corrected_type"] or "", expected_version=data["version"],
                           internment_place_id=data["internment_place"])
        return redirect("web:person-detail", person_id=person.pk)

    return form_page(request, EventForm(request.POST or None, initial={"version": person.version}, events=events),
                     "polon/persons/event_form.html", add, success=_("Event added."), context={"person": person})


@policy("registry.write")
def citizenship_add(request, person_id: int):
    """Add a citizenship to a person recorded earlier: the country by its name, how it is known, since when."""
    person = selectors.get_person(request.user, person_id, log_read=False)

    def add(data):
        check_version(person, data["version"])
        services.add_citizenship(actor=request.user, person_id=person.pk, citizenship=CitizenshipInput(
            country=data["country"], provenance=data["provenance"], as_of=data["as_of"]))
        return redirect(reverse("web:person-detail", args=[person.pk]) + "#citizenships")

    return form_page(request, CitizenshipForm(request.POST or None, initial={"version": person.version}),
                     "polon/persons/citizenship_form.html", add, success=_("Citizenship added."),
                     context={"person": person, "citizenships": _citizenships(person)},
                     aliases={"citizenship": "country"})


@policy("registry.write")
def citizenship_remove(request, person_id: int, citizenship_id: int):
    """Withdraw a citizenship recorded in error, saying why (kept in the audit log)."""
    person = selectors.get_person(request.user, person_id, log_read=False)
    citizenship = visible_or_not_found(person.citizenships.all(), citizenship_id, _("citizenship"))

    def remove(data):
        remove_citizenship(actor=request.user, person_id=person.pk, citizenship_id=citizenship.pk,
                           reason=data["reason"], expected_version=data["version"])
        return redirect(reverse("web:person-detail", args=[person.pk]) + "#citizenships")

    return form_page(request, CitizenshipRemoveForm(request.POST or None, initial={"version": person.version}),
                     "polon/persons/citizenship_remove.html", remove, success=_("Citizenship withdrawn."),
                     context={"person": person, "citizenship": citizenship,
                              "country": country_label(citizenship.country)})


def _citizenships(person) -> list:
    return [(c, country_label(c.country)) for c in person.citizenships.all()]


@policy("registry.write")
def document_add(request, person_id: int):
    """Attach a photograph or a scanned document to a person."""
    user = request.user
    person = selectors.get_person(user, person_id, log_read=False)

    def add(data):
        upload = data["file"]
        check_document_size(upload.size)  # before it is read into memory
        add_document(actor=user, person_id=person.pk, document=DocumentInput(
            kind=data["kind"], title=data["title"], content=upload.read(), file_name=upload.name or "",
            source_id=data.get("source")))
        return redirect(reverse("web:person-detail", args=[person.pk]) + "#documents")

    form = DocumentForm(request.POST or None, request.FILES or None, sources=_person_sources(user, person))
    return form_page(request, form, "polon/persons/document_form.html", add, success=_("Document attached."),
                     context={"person": person}, refused_status=400)


@policy("registry.read")
def document_file(request, person_id: int, document_id: int):
    """A person's document, for those who may see the person: an image (or its thumbnail, ?size=thumbnail)
    shown in the page, a PDF downloaded; never from a public URL."""
    document = selectors.get_document(request.user, person_id, document_id)
    return document_response(document, thumbnail=request.GET.get("size") == "thumbnail")


def document_response(document, *, thumbnail: bool = False) -> FileResponse:
    """A document's stored file (or the thumbnail of an image), shown inline if an image, else downloaded."""
    if thumbnail and document.thumbnail_path:
        return stored_file(document.thumbnail_path, filename=f"thumbnail-{document.pk}.jpg", content_type="image/jpeg",
                           inline=True)
    return stored_file(document.stored_path, filename=document.original_name or f"document-{document.pk}",
                       content_type=document.content_type, inline=document.is_image)


@policy("registry.write")
def document_remove(request, person_id: int, document_id: int):
    """Remove a document attached to a person (the wrong person, a duplicate), saying why."""
    person = selectors.get_person(request.user, person_id, log_read=False)
    document = selectors.get_document(request.user, person.pk, document_id, log_read=False)

    def remove(data):
        remove_document(actor=request.user, person_id=person.pk, document_id=document.pk, reason=data["reason"])
        return redirect(reverse("web:person-detail", args=[person.pk]) + "#documents")

    return form_page(request, DocumentRemoveForm(request.POST or None), "polon/persons/document_remove.html", remove,
                     success=_("Document removed."), context={"person": person, "document": document})


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
