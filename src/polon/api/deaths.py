"""Deaths, burials and graves (GC III Art. 120), the notification of death (Annex IV D, as PDF and as a
transmission recorded as sent), official enquiries into deaths with their notice to the Protecting Power (Art.
121) and handovers of remains in batches (GC I Art. 16). Scoped by person like every read of persons."""

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET, RecordId, file_answer
from polon.api.schemas.deaths import (
    BodyIn,
    BodyOut,
    BodyRemoveIn,
    DeathIn,
    DeathOut,
    DeathPatch,
    DeathTransmissionOut,
    EnquiryCloseIn,
    EnquiryNoticeIn,
    EnquiryOpenIn,
    HandoverCompleteIn,
    HandoverIn,
    HandoverOut,
    NotificationIn,
)
from polon.audit import reads
from polon.core.errors import NotFound, ValidationFailed
from polon.deaths import pdf, selectors, services

router = Router(tags=["deaths"])


def transmission_out(t) -> dict | None:
    if t is None:
        return None
    return {"id": t.pk, "recipient": t.recipient, "country": t.country, "channel": t.channel, "date": t.date,
            "legal_basis": t.legal_basis}


def enquiry_out(e) -> dict | None:
    if e is None:
        return None
    return {"id": e.pk, "ground": e.ground, "opened_on": e.opened_on, "status": e.status, "findings": e.findings,
            "statements": e.statements, "prosecution": e.prosecution, "closed_on": e.closed_on,
            "notice": transmission_out(e.notice), "report": transmission_out(e.report)}


def death_out(d) -> dict:
    fields = ("date", "place", "internment_place_id", "cause", "circumstances", "suspicious", "certified_by",
              "burial_kind", "cremation_reason", "burial_date", "burial_place", "cemetery", "plot", "marker",
              "latitude", "longitude", "will_made", "will_held_by", "will_forwarded_on", "effects",
              "effects_forwarded_through", "account")
    return {"id": d.pk, "person_id": d.person_id, "name": str(d.person), **{f: getattr(d, f) for f in fields},
            "grave_found": d.grave_found, "notification": transmission_out(d.notification),
            "notification_due": selectors.notification_due(d), "enquiry": enquiry_out(getattr(d, "enquiry", None))}


def body_out(b) -> dict:
    return {"id": b.pk, "person_id": b.death.person_id, "name": str(b.death.person), "death_id": b.death_id,
            "identity": b.identity, "effects": b.effects, "dna_reference": b.dna_reference,
            "remains_event_id": b.remains_event_id}


def handover_out(h, bodies=()) -> dict:
    return {"id": h.pk, "reference": h.reference, "receiving_state": h.receiving_state, "mediator": h.mediator,
            "place": h.place, "planned_on": h.planned_on, "handed_over_on": h.handed_over_on, "status": h.status,
            "note": h.note, "bodies": [body_out(b) for b in bodies]}


@router.get("/deaths", response={200: list[DeathOut], **ERRORS_NO_CONFLICT})
@operation_policy("deaths.read")
def list_deaths(request, pending: str = Query("", pattern="^(|notification|enquiry|grave)$"),
                offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=500)):
    """Deaths you see, newest first; `pending`: notification (not sent), enquiry (open), grave (not located)."""
    rows = list(selectors.deaths(request.auth, selectors.DeathFilters(pending=pending))[offset:offset + limit])
    reads.persons_read(request.auth, view="deaths.list", channel="api", person_ids=[d.person_id for d in rows],
                       query={"pending": pending})
    return [death_out(d) for d in rows]


@router.post("/deaths", response={201: DeathOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def record_death(request, payload: DeathIn):
    """Record a death (the died event is written on the timeline); `enquiry_ground` (sentry, prisoner,
    other_person, unknown) opens the Art. 121 enquiry."""
    data = payload.dict(exclude_none=True)
    death = services.record_death(actor=request.auth, person_id=data.pop("person_id"), date=data.pop("date"),
                                  cause=data.pop("cause"), **data)
    return Status(201, death_out(selectors.get_death(request.auth, death.pk)))


@router.get("/deaths/handovers", response={200: list[HandoverOut], **ERRORS_NO_CONFLICT})
@operation_policy("deaths.read")
def list_handovers(request):
    return [handover_out(h) for h in selectors.handovers(request.auth)]


@router.post("/deaths/handovers", response={201: HandoverOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def create_handover(request, payload: HandoverIn):
    handover = services.create_handover(actor=request.auth, **payload.dict())
    return Status(201, handover_out(handover))


@router.get("/deaths/handovers/{handover_id}", response={200: HandoverOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.read")
def get_handover(request, handover_id: RecordId):
    """A handover with the bodies on it (those of persons you see)."""
    handover = selectors.get_handover(request.auth, handover_id)
    bodies = list(selectors.bodies(request.auth, handover.pk))
    reads.persons_read(request.auth, view="deaths.handover", channel="api",
                       person_ids=[b.death.person_id for b in bodies], query={"handover": handover.pk})
    return handover_out(handover, bodies)


@router.post("/deaths/handovers/{handover_id}/bodies", response={201: BodyOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def add_body(request, handover_id: RecordId, payload: BodyIn):
    """Put a dead person's body on a planned handover (his death must be recorded)."""
    death = selectors.death_of(request.auth, payload.person_id)
    if death is None:
        raise ValidationFailed({"person_id": _("no death is recorded for this person")})
    body = services.add_body(actor=request.auth, handover_id=handover_id, death_id=death.pk,
                             identity=payload.identity, effects=payload.effects, dna_reference=payload.dna_reference)
    return Status(201, body_out(body))


@router.post("/deaths/handovers/{handover_id}/bodies/{body_id}/remove",
             response={200: HandoverOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def remove_body(request, handover_id: RecordId, body_id: RecordId, payload: BodyRemoveIn):
    """Take a body off a planned handover, saying why; the handover as it is left."""
    handover = selectors.get_handover(request.auth, handover_id)
    if not selectors.bodies(request.auth, handover.pk).filter(pk=body_id).exists():
        raise NotFound(_("%(what)s %(id)s not found") % {"what": _("body handed over"), "id": body_id})
    services.remove_body(actor=request.auth, body_id=body_id, reason=payload.reason)
    return handover_out(handover, selectors.bodies(request.auth, handover.pk))


@router.post("/deaths/handovers/{handover_id}/complete", response={200: HandoverOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def complete_handover(request, handover_id: RecordId, payload: HandoverCompleteIn):
    """Record the remains as handed over: remains_repatriated is written on each person's timeline."""
    handover = services.complete_handover(actor=request.auth, handover_id=handover_id,
                                          handed_over_on=payload.handed_over_on)
    return handover_out(handover, selectors.bodies(request.auth, handover.pk))


@router.get("/deaths/{death_id}", response={200: DeathOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.read")
def get_death(request, death_id: RecordId):
    death = selectors.get_death(request.auth, death_id)
    reads.persons_read(request.auth, view="deaths.detail", channel="api", person_ids=[death.person_id])
    return death_out(death)


@router.patch("/deaths/{death_id}", response={200: DeathOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def update_death(request, death_id: RecordId, payload: DeathPatch):
    """Change the burial, grave (cemetery, plot, marker, latitude, longitude), will, effects or account."""
    services.update_death(actor=request.auth, death_id=death_id, **payload.dict(exclude_unset=True))
    return death_out(selectors.get_death(request.auth, death_id))


@router.get("/deaths/{death_id}/notification.pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The notification of death (GC III Annex IV D)", "application/pdf"))
@operation_policy("deaths.read")
def notification_pdf(request, death_id: RecordId, language: str = Query("", pattern="^(|uk|en)$"),
                     authority: str = Query("", max_length=200)):
    """The notification of death (Annex IV D) as PDF; `authority`: the title of the responsible authority."""
    death = selectors.get_death(request.auth, death_id)
    content = services.print_notification(actor=request.auth, death_id=death.pk, channel="api", authority=authority,
                                          language=language or (get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(death)}"'
    return response


@router.post("/deaths/{death_id}/notification", response={201: DeathTransmissionOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def record_notification(request, death_id: RecordId, payload: NotificationIn):
    """Record the notification of death as sent (a transmission with its legal basis)."""
    return Status(201, transmission_out(services.record_notification(actor=request.auth, death_id=death_id,
                                                                     **payload.dict())))


@router.post("/deaths/{death_id}/enquiry", response={201: DeathOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def open_enquiry(request, death_id: RecordId, payload: EnquiryOpenIn):
    services.open_enquiry(actor=request.auth, death_id=death_id, ground=payload.ground, opened_on=payload.opened_on)
    return Status(201, death_out(selectors.get_death(request.auth, death_id)))


@router.post("/deaths/{death_id}/enquiry/notice", response={201: DeathTransmissionOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def enquiry_notice(request, death_id: RecordId, payload: EnquiryNoticeIn):
    """Record the communication sent immediately to the Protecting Power about the enquiry (Art. 121)."""
    death = selectors.get_death(request.auth, death_id)
    enquiry = getattr(death, "enquiry", None)
    if enquiry is None:
        raise ValidationFailed({"enquiry": _("no enquiry into this death is open")})
    return Status(201, transmission_out(services.send_enquiry_notice(actor=request.auth, enquiry_id=enquiry.pk,
                                                                     **payload.dict())))


@router.post("/deaths/{death_id}/enquiry/close", response={200: DeathOut, **ERRORS_NO_CONFLICT})
@operation_policy("deaths.write")
def enquiry_close(request, death_id: RecordId, payload: EnquiryCloseIn):
    death = selectors.get_death(request.auth, death_id)
    enquiry = getattr(death, "enquiry", None)
    if enquiry is None:
        raise ValidationFailed({"enquiry": _("no enquiry into this death is open")})
    services.close_enquiry(actor=request.auth, enquiry_id=enquiry.pk, **payload.dict())
    return death_out(selectors.get_death(request.auth, death_id))
