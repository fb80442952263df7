from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from polon.access import fields
from polon.access.redaction import source_id, source_ids
from polon.api.auth import operation_policy
from polon.api.jobs import job_out
from polon.api.schemas.common import ERRORS, ERRORS_NO_CONFLICT, MAX_OFFSET, ErrorOut, RecordId, file_answer
from polon.api.schemas.jobs import JobOut
from polon.api.schemas.persons import (
    CitizenshipIO,
    CitizenshipOut,
    CitizenshipWithdrawIn,
    DocumentOut,
    DocumentRemoveIn,
    EventIn,
    EventOut,
    JudgementIn,
    JudgementOut,
    NameIn,
    NameOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonSummary,
    SearchHitOut,
)
from polon.audit import reads
from polon.core.downloads import stored_file
from polon.core.validate import Errors
from polon.registry import selectors, services
from polon.registry.models import Person
from polon.registry.search import clean_query, search_persons
from polon.registry.services.citizenships import remove_citizenship
from polon.registry.services.documents import (
    ACCEPTED_TYPES,
    DocumentInput,
    add_document,
    check_document_size,
    remove_document,
)
from polon.registry.services.imports import check_upload_size, start_import
from polon.registry.services.names import NameInput
from polon.registry.services.persons import PERSON_FIELDS, CitizenshipInput

router = Router(tags=["persons"])


def name_out(name, user) -> dict:
    return {**{f: getattr(name, f) for f in ("id", "text", "script", "language", "scheme", "given", "patronymic",
                                             "surname", "is_primary")}, "source_id": source_id(user, name.source_id)}


def person_out(person: Person, user) -> dict:
    status = selectors.timeline(person).status
    return {
        "id": person.pk, "version": person.version, "status": status,
        "names": [name_out(n, user) for n in person.names.all()],
        "citizenships": [{"country": c.country, "provenance": c.provenance, "as_of": c.as_of}
                         for c in person.citizenships.all()],
        # A sensitive field the caller's role does not see (access.fields) is null.
        **fields.person_values(user, {field: getattr(person, field) for field in PERSON_FIELDS}),
    }


def summary(person: Person) -> dict:
    primary = next((n.text for n in person.names.all() if n.is_primary), "")
    return {"id": person.pk, "name": primary, "status": person.status, "category": person.category,
            "citizenships": [c.country for c in person.citizenships.all()], "birth_date": person.birth_date}


@router.get("/persons", response=list[PersonSummary])
@operation_policy("registry.read")
def list_persons(request, status: str = "", citizenship: str = "", category: str = "", q: str = "",
                 offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=500)):
    persons = selectors.person_list(request.auth, selectors.PersonFilters(status=status, citizenship=citizenship,
                                                                           category=category, q=q))
    page = [summary(p) for p in persons[max(offset, 0):max(offset, 0) + limit]]
    reads.persons_read(request.auth, view="persons.list", channel="api", person_ids=[p["id"] for p in page],
                       query={"status": status, "citizenship": citizenship, "category": category, "q": q,
                              "offset": offset, "limit": limit})
    return page


@router.get("/persons/search", response={200: list[SearchHitOut], 400: ErrorOut})
@operation_policy("registry.read")
def search(request, q: str, birth_date: str = "", limit: int = Query(10, ge=1, le=50)):
    errors = Errors()
    birth_date = errors.partial_date("birth_date", birth_date)  # named as its own field, not as the query's
    errors.raise_if_any()
    hits = search_persons(request.auth, q, birth_date=birth_date or None, limit=limit)
    reads.persons_read(request.auth, view="persons.search", channel="api", person_ids=[h.person.pk for h in hits],
                       query={"q": q, "birth_date": birth_date, "limit": limit})
    return [{"person_id": h.person.pk, "name": str(h.person), "score": round(h.score, 4), "band": h.band,
             "explanation": h.explanation} for h in hits]


@router.post("/persons", response={201: PersonOut, **ERRORS})
@operation_policy("registry.write")
def create_person(request, payload: PersonIn):
    draft = payload.draft()
    person = services.create_person(actor=request.auth, names=draft.names, citizenships=draft.citizenships,
                                    **draft.fields)
    return Status(201, person_out(selectors.get_person(request.auth, person.pk, log_read=False), request.auth))


@router.post("/persons/import", response={202: JobOut, **ERRORS})
@operation_policy("registry.write")
def import_persons(request, file: UploadedFile = File(...), on_duplicate: str = Form("report"),  # noqa: B008
                   check_duplicates: bool = Form(True)):  # noqa: B008
    """Import a .jsonl (one POST /api/persons body a line), .csv or .xlsx file of persons (docs/import.md),
    all or nothing. Every line of a file up to 2 MB is checked at once: any error is a 400 naming each line
    (`errors`: {"FILE:LINE": ["field: reason"]}) and nothing is written (a larger file is checked by the job:
    it fails with those errors in its result). Otherwise 202 with the background job that looks for duplicates (`on_duplicate`: report, skip or fail; `check_duplicates=false` leaves out the registry
    search) and writes every person in one transaction; GET /api/jobs/{id} follows it, and its `result` is the
    report (counts, `person_ids`, `report`: one entry per line reported)."""
    from django.utils.translation import get_language

    check_upload_size(file.size, file.name or "upload")  # before it is read into memory
    job = start_import(actor=request.auth, content=file.read(), file_name=file.name or "upload",
                       on_duplicate=on_duplicate, check_registry=check_duplicates, language=get_language() or "")
    return Status(202, job_out(job))


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS})
@operation_policy("registry.read")
def get_person(request, person_id: RecordId):
    return person_out(selectors.get_person(request.auth, person_id), request.auth)


@router.patch("/persons/{person_id}", response={200: PersonOut, **ERRORS})
@operation_policy("registry.write")
def update_person(request, person_id: RecordId, payload: PersonPatch):
    services.update_person(actor=request.auth, person_id=person_id, expected_version=payload.version,
                           changes=payload.changes)
    return person_out(selectors.get_person(request.auth, person_id, log_read=False), request.auth)


@router.get("/persons/{person_id}/names", response={200: list[NameOut], **ERRORS})
@operation_policy("registry.read")
def list_names(request, person_id: RecordId):
    return [name_out(n, request.auth) for n in selectors.get_person(request.auth, person_id).names.all()]


@router.post("/persons/{person_id}/names", response={201: NameOut, **ERRORS})
@operation_policy("registry.write")
def add_name(request, person_id: RecordId, payload: NameIn, primary: bool = False, version: int | None = None):
    name = services.add_name(actor=request.auth, person_id=person_id, name=NameInput(**payload.dict()),
                             primary=primary, expected_version=version)
    return Status(201, name_out(name, request.auth))


def event_out(event, derivation, user) -> dict:
    return {"id": event.pk, "type": event.type, "date": event.date, "place": event.place,
            "facility": event.facility, "health": event.health, "confidence": event.confidence,
            "note": event.note, "corrects_id": event.corrects_id, "corrected_type": event.corrected_type,
            "internment_place_id": event.internment_place_id,
            "conflict": event.pk in derivation.conflicts, "superseded": event.pk in derivation.superseded,
            # Which sources back an event is itself source material: only for roles that may read sources.
            "source_ids": source_ids(user, (s.pk for s in event.sources.all()))}


@router.get("/persons/{person_id}/events", response={200: list[EventOut], **ERRORS})
@operation_policy("registry.read")
def list_events(request, person_id: RecordId):
    timeline = selectors.timeline(selectors.get_person(request.auth, person_id))
    return [event_out(e, timeline.derivation, request.auth) for e in timeline.events]


@router.post("/persons/{person_id}/events", response={201: EventOut, **ERRORS})
@operation_policy("registry.write")
def add_event(request, person_id: RecordId, payload: EventIn):
    data = payload.dict()
    event = services.add_event(actor=request.auth, person_id=person_id, expected_version=data.pop("version"),
                               **data)
    person = selectors.get_person(request.auth, person_id, log_read=False)
    return Status(201, event_out(event, selectors.timeline(person).derivation, request.auth))


@router.post("/persons/{person_id}/judgements", response={201: JudgementOut, **ERRORS})
@operation_policy("registry.write")
def judge(request, person_id: RecordId, payload: JudgementIn):
    """Record that a spelling is (same=true) or is not (same=false) this person; it always beats the score."""
    judgement = services.judge_match(actor=request.auth, person_id=person_id, query=clean_query(payload.query),
                                     same=payload.same)
    return Status(201, {"person_id": person_id, "query": judgement.query, "same": judgement.same})


@router.post("/persons/{person_id}/citizenships", response={201: CitizenshipOut, **ERRORS_NO_CONFLICT})
@operation_policy("registry.write")
def add_citizenship(request, person_id: RecordId, payload: CitizenshipIO):
    """Add a citizenship (country as an ISO 3166-1 alpha-2 code; provenance self_declared, document or
    confirmed); refused if that country and provenance are already recorded."""
    row = services.add_citizenship(actor=request.auth, person_id=person_id, citizenship=CitizenshipInput(
        country=payload.country, provenance=payload.provenance, as_of=payload.as_of))
    return Status(201, {"id": row.pk, "country": row.country, "provenance": row.provenance, "as_of": row.as_of})


@router.post("/persons/{person_id}/citizenships/{citizenship_id}/withdraw",
             response={200: list[CitizenshipOut], **ERRORS})
@operation_policy("registry.write")
def withdraw_citizenship(request, person_id: RecordId, citizenship_id: RecordId, payload: CitizenshipWithdrawIn):
    """Withdraw a citizenship recorded in error; the reason is required and kept in the audit log. Answers the
    citizenships the person still holds (none, if the caller's scope came from the one withdrawn: 404)."""
    remove_citizenship(actor=request.auth, person_id=person_id, citizenship_id=citizenship_id,
                       reason=payload.reason, expected_version=payload.version)
    person = selectors.get_person(request.auth, person_id, log_read=False)
    return [{"id": c.pk, "country": c.country, "provenance": c.provenance, "as_of": c.as_of}
            for c in person.citizenships.all()]


def document_out(document, user) -> dict:
    return {"id": document.pk, "person_id": document.person_id, "kind": document.kind, "title": document.title,
            "file_name": document.original_name, "content_type": document.content_type, "size": document.size,
            "sha256": document.sha256, "has_thumbnail": bool(document.thumbnail_path),
            "source_id": source_id(user, document.source_id), "uploaded_by": str(document.uploaded_by),
            "uploaded_at": document.uploaded_at.isoformat()}


@router.get("/persons/{person_id}/documents", response={200: list[DocumentOut], **ERRORS_NO_CONFLICT})
@operation_policy("registry.read")
def list_documents(request, person_id: RecordId):
    """The documents and photographs attached to a person in the caller's scope, newest first."""
    person = selectors.get_person(request.auth, person_id)
    return [document_out(d, request.auth) for d in selectors.documents(request.auth, person)]


@router.post("/persons/{person_id}/documents", response={201: DocumentOut, **ERRORS_NO_CONFLICT})
@operation_policy("registry.write")
def upload_document(request, person_id: RecordId, file: UploadedFile = File(...), kind: str = Form(...),  # noqa: B008
                    title: str = Form(""), source_id: int | None = Form(None)):  # noqa: B008
    """Attach a file to a person: a photograph (JPEG, PNG, WebP) or a PDF, at most 20 MB, recognised by its
    content (any other file is a 400 naming why); `kind` photo, identity, capture_card, medical or other."""
    check_document_size(file.size)  # before it is read into memory
    document = add_document(actor=request.auth, person_id=person_id, document=DocumentInput(
        kind=kind, title=title, content=file.read(), file_name=file.name or "", source_id=source_id))
    return Status(201, document_out(document, request.auth))


@router.get("/persons/{person_id}/documents/{document_id}/file", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The stored file (or, with thumbnail=true, the JPEG thumbnail of an image)",
                                      *ACCEPTED_TYPES))
@operation_policy("registry.read")
def download_document(request, person_id: RecordId, document_id: RecordId, thumbnail: bool = False):
    """The document's file, for those who may see the person (a liaison only her nationals)."""
    document = selectors.get_document(request.auth, person_id, document_id)
    if thumbnail and document.thumbnail_path:
        return stored_file(document.thumbnail_path, filename=f"thumbnail-{document.pk}.jpg",
                           content_type="image/jpeg", inline=True)
    return stored_file(document.stored_path, filename=document.original_name or f"document-{document.pk}",
                       content_type=document.content_type, inline=document.is_image)


@router.post("/persons/{person_id}/documents/{document_id}/remove",
             response={200: list[DocumentOut], **ERRORS_NO_CONFLICT})
@operation_policy("registry.write")
def delete_document(request, person_id: RecordId, document_id: RecordId, payload: DocumentRemoveIn):
    """Remove a document from a person, saying why (kept in the audit log); its file is deleted unless another
    record holds the same content. Answers the documents the person still has."""
    remove_document(actor=request.auth, person_id=person_id, document_id=document_id, reason=payload.reason)
    person = selectors.get_person(request.auth, person_id, log_read=False)
    return [document_out(d, request.auth) for d in selectors.documents(request.auth, person)]
