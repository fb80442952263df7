from django.utils.translation import gettext
from ninja import Router, Status

from polon.access.redaction import sees_sources
from polon.api.auth import operation_policy
from polon.api.names import NAMES_TO_CONFIRM, confirming_names
from polon.api.schemas.common import ERRORS
from polon.api.schemas.consular import (
    AfterReturnIn,
    AfterReturnOut,
    ContactIn,
    ContactOut,
    DossierOut,
    ObjectionIn,
    ObjectionOut,
    PersonConsularOut,
    ProceedingIn,
    ProceedingOut,
    TransmissionIn,
    TransmissionOut,
)
from polon.audit import reads
from polon.consular import selectors, services
from polon.consular.models import ConsularContact, Transmission
from polon.core.errors import ValidationFailed
from polon.exports.dossier import PER_PAGE, dossier
from polon.registry import selectors as registry_selectors

router = Router(tags=["consular"])


def contact_out(c: ConsularContact, user) -> dict:
    """A contact as the API gives it; its sources only to roles that may read sources (sources.read)."""
    out = {"id": c.pk, "country": c.country, "date": c.date, "place": c.place, "kind": c.kind,
           "our_side": c.our_side, "topics": c.topics, "commitments": c.commitments, "summary": c.summary,
           "participants": [{"side": p.side, "name": p.name, "role": p.role, "organisation": p.organisation}
                            for p in c.participants.all()],
           "person_ids": [p.pk for p in c.persons.all()]}
    if sees_sources(user):
        out["source_ids"] = [s.pk for s in c.sources.all()]
    return out


def transmission_out(t: Transmission) -> dict:
    return {"id": t.pk, "person_id": t.person_id, "recipient": t.recipient, "country": t.country,
            "channel": t.channel, "date": t.date, "content": t.content, "legal_basis": t.legal_basis,
            "warnings": t.warnings, "override_reason": t.override_reason}


MAX_PER_PAGE = 500


@router.get("/countries/{country}", response={200: DossierOut, **ERRORS}, exclude_unset=True)
@operation_policy("consular.read")
def country_dossier(request, country: str, page: int = 1, per_page: int = PER_PAGE):
    """One page of the state's citizens (``page``, ``per_page`` up to 500), with the counts by status; every
    other section gives its newest rows and, in ``totals``, how many there are (a state with thousands of
    citizens is never answered in one response)."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed({"page": gettext("page is 1 or more and per_page 1 to %(max)s") % {"max": MAX_PER_PAGE}})
    d = dossier(request.auth, country, page=page, per_page=per_page)
    assert d.page is not None
    reads.dossier_read(request.auth, d, channel="api", page=page)
    return {
        "country": d.country, "name": d.name, "by_status": [[str(label), n] for label, n in d.by_status],
        "total": d.total, "page": d.page.number, "pages": d.page.paginator.num_pages, "totals": d.totals,
        "persons": [{"id": p.pk, "name": str(p), "status": p.status} for p in d.persons],
        # .released_count and .released are attached to each round by exports.dossier.
        "rounds": [{"number": r.number, "executed_on": r.executed_on,
                    "released_count": r.released_count,  # type: ignore[attr-defined]
                    "released": [p.pk for p in r.released]} for r in d.rounds],  # type: ignore[attr-defined]
        "contacts": [contact_out(c, request.auth) for c in d.contacts],
        "transmissions": [transmission_out(t) for t in d.transmissions],
        "enquiries": [e.pk for e in d.enquiries],
        "after_return": [{"person_id": a.person_id, "date": a.date, "country": a.country, "place": a.place,
                          "note": a.note} for a in d.after_return],
        "proceedings": [{"person_id": p.person_id, "country": p.country, "article": p.article, "stage": p.stage,
                         "date": p.date, "sentence": p.sentence} for p in d.proceedings],
        "legal_notes": d.legal_notes,
    }


@router.get("/consular/contacts", response=list[ContactOut], exclude_unset=True)
@operation_policy("consular.read")
def list_contacts(request, country: str = ""):
    return [contact_out(c, request.auth) for c in selectors.contacts(request.auth, country)]


@router.post("/consular/contacts", response={201: ContactOut, **ERRORS, **NAMES_TO_CONFIRM}, exclude_unset=True)
@operation_policy("consular.write")
@confirming_names
def create_contact(request, payload: ContactIn):
    data = payload.dict()
    participants = [services.ParticipantInput(**p) for p in data.pop("participants")]
    contact = services.create_contact(actor=request.auth, participants=participants, **data)
    return Status(201, contact_out(selectors.get_contact(request.auth, contact.pk), request.auth))


@router.get("/consular/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, exclude_unset=True)
@operation_policy("consular.read")
def get_contact(request, contact_id: int):
    return contact_out(selectors.get_contact(request.auth, contact_id), request.auth)


@router.get("/consular/persons/{person_id}", response={200: PersonConsularOut, **ERRORS})
@operation_policy("consular.read")
def person_consular(request, person_id: int):
    person = registry_selectors.get_person(request.auth, person_id)
    return {
        "person_id": person.pk,
        "transmissions": [transmission_out(t) for t in selectors.transmissions(request.auth).filter(person=person)],
        "objections": [{"id": o.pk, "scope": o.scope, "date": o.date, "statement": o.statement,
                        "withdrawn": o.withdrawn} for o in selectors.objections(request.auth).filter(person=person)],
        "after_return": [{"id": a.pk, "date": a.date, "country": a.country, "place": a.place, "note": a.note}
                         for a in selectors.after_return(request.auth).filter(person=person)],
        "proceedings": [{"id": p.pk, "country": p.country, "article": p.article, "stage": p.stage, "date": p.date,
                         "sentence": p.sentence} for p in selectors.proceedings(request.auth).filter(person=person)],
    }


@router.get("/consular/persons/{person_id}/transmission-warnings", response={200: list[str], **ERRORS})
@operation_policy("consular.read")
def transmission_warnings(request, person_id: int, recipient: str, country: str = ""):
    person = registry_selectors.get_person(request.auth, person_id)
    return services.transmission_warnings(person, recipient, country)


@router.post("/consular/persons/{person_id}/transmissions",
             response={201: TransmissionOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("consular.write")
@confirming_names
def create_transmission(request, person_id: int, payload: TransmissionIn):
    item = services.record_transmission(actor=request.auth, person_id=person_id, **payload.dict())
    return Status(201, transmission_out(item))


@router.post("/consular/persons/{person_id}/objections", response={201: ObjectionOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("consular.write")
@confirming_names
def create_objection(request, person_id: int, payload: ObjectionIn):
    o = services.record_objection(actor=request.auth, person_id=person_id, **payload.dict())
    return Status(201, {"id": o.pk, "scope": o.scope, "date": o.date, "statement": o.statement})


@router.post("/consular/persons/{person_id}/after-return", response={201: AfterReturnOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("consular.write")
@confirming_names
def create_after_return(request, person_id: int, payload: AfterReturnIn):
    a = services.record_after_return(actor=request.auth, person_id=person_id, **payload.dict())
    return Status(201, {"id": a.pk, "date": a.date, "country": a.country, "place": a.place, "note": a.note})


@router.post("/consular/persons/{person_id}/proceedings", response={201: ProceedingOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("consular.write")
@confirming_names
def create_proceeding(request, person_id: int, payload: ProceedingIn):
    p = services.record_proceeding(actor=request.auth, person_id=person_id, **payload.dict())
    return Status(201, {"id": p.pk, "country": p.country, "article": p.article, "stage": p.stage, "date": p.date,
                        "sentence": p.sentence})
