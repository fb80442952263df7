"""The seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E): who is seriously ill or
wounded (from the timeline), the weekly health report sent as consular transmissions, Mixed Medical Commission
sessions and decisions (communicated, carried out), the repatriation certificate (Annex IV E) as PDF, and a
person's Art. 109 flag and consent to repatriation. Scoped by person like every read of persons."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from polon.access.scope import person_scope, visible_or_not_found
from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET, RecordId, file_answer
from polon.api.schemas.medical import (
    CarryOutIn,
    CommissionDecisionOut,
    CommunicateIn,
    ConsentIn,
    DecisionIn,
    FlagIn,
    FlagOut,
    ReportIn,
    ReportOut,
    SessionIn,
    SessionOut,
    SickOut,
)
from polon.audit import reads
from polon.core.duties import rule
from polon.medical import pdf, selectors, services
from polon.medical.duties import report_anchor
from polon.registry.models import Person

router = Router(tags=["medical"])


def sick_out(p, today) -> dict:
    return {"person_id": p.pk, "name": str(p), "status": p.status, "health": p.current_health or "",
            "health_since": p.health_since or "", "place": p.health_place or p.health_facility or "",
            "last_reported": p.last_reported,
            "report_due": rule("medical.weekly_report").due_from(report_anchor(p, today))}


def report_out(r, entries) -> dict:
    return {"id": r.pk, "week_of": r.week_of, "recipient": r.recipient, "channel": r.channel, "sent_on": r.sent_on,
            "note": r.note, "entries": [
                {"person_id": e.person_id, "name": str(e.person), "health": e.health, "since": e.since,
                 "place": e.place, "transmission_id": e.transmission_id, "held_back": e.held_back} for e in entries]}


def decision_out(d) -> dict:
    return {"id": d.pk, "session_id": d.session_id, "person_id": d.person_id, "name": str(d.person),
            "proposed_by": d.proposed_by, "diagnosis": d.diagnosis, "decision": d.decision, "category": d.category,
            "reasons": d.reasons, "carried_out_on": d.carried_out_on}


def session_out(request, s) -> dict:
    items = list(selectors.decisions(request.auth).filter(session=s))
    reads.persons_read(request.auth, view="medical.session", channel="api", person_ids=[d.person_id for d in items])
    return {"id": s.pk, "held_on": s.held_on, "place_id": s.place_id, "location": s.location,
            "chairman": s.chairman, "members": s.members, "communicated_on": s.communicated_on,
            "notice_due": rule("medical.commission_decision_notice").due_from(s.held_on), "note": s.note,
            "decisions": [decision_out(d) for d in items]}


def flag_out(f) -> dict:
    return {"person_id": f.person_id, "name": str(f.person), "must_repatriate": f.must_repatriate, "basis": f.basis,
            "flagged_on": f.flagged_on, "consent": f.consent, "consent_on": f.consent_on,
            "consent_note": f.consent_note}


@router.get("/medical/sick", response={200: list[SickOut], **ERRORS_NO_CONFLICT})
@operation_policy("medical.read")
def list_sick(request, offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=500)):
    """The seriously ill or wounded prisoners you see (the timeline's latest stated health: seriously wounded,
    or sick while in hospital), with their next weekly report's due date (GC III Art. 122)."""
    rows = list(selectors.seriously_ill_or_wounded(request.auth)[offset:offset + limit])
    reads.persons_read(request.auth, view="medical.list", channel="api", person_ids=[p.pk for p in rows])
    today = timezone.localdate()
    return [sick_out(p, today) for p in rows]


@router.post("/medical/reports", response={201: ReportOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def send_report(request, payload: ReportIn):
    """Send the weekly health report: one consular transmission per seriously ill or wounded person; a line
    the detriment rule holds back is listed with the reason."""
    report = services.send_weekly_report(actor=request.auth, **payload.dict())
    return Status(201, report_out(report, selectors.report_entries(request.auth, report.pk)))


@router.get("/medical/reports/{report_id}", response={200: ReportOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.read")
def get_report(request, report_id: RecordId):
    report = selectors.get_report(request.auth, report_id)
    entries = list(selectors.report_entries(request.auth, report.pk))
    reads.persons_read(request.auth, view="medical.report", channel="api", person_ids=[e.person_id for e in entries])
    return report_out(report, entries)


@router.get("/medical/sessions", response={200: list[SessionOut], **ERRORS_NO_CONFLICT})
@operation_policy("medical.read")
def list_sessions(request, offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=200)):
    """Mixed Medical Commission sessions (Annex II), newest first, each with the decisions you see."""
    return [session_out(request, s) for s in selectors.sessions(request.auth)[offset:offset + limit]]


@router.post("/medical/sessions", response={201: SessionOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def create_session(request, payload: SessionIn):
    session = services.create_session(actor=request.auth, **payload.dict())
    return Status(201, session_out(request, selectors.get_session(request.auth, session.pk)))


@router.get("/medical/sessions/{session_id}", response={200: SessionOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.read")
def get_session(request, session_id: RecordId):
    return session_out(request, selectors.get_session(request.auth, session_id))


@router.post("/medical/sessions/{session_id}/decisions", response={201: CommissionDecisionOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def record_decision(request, session_id: RecordId, payload: DecisionIn):
    """Record a decision (A, B, NC or X) with its Annex I category; A flags him under Art. 109(1)."""
    decision = services.record_decision(actor=request.auth, session_id=session_id, **payload.dict())
    return Status(201, decision_out(decision))


@router.post("/medical/sessions/{session_id}/communicated", response={200: SessionOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def communicate(request, session_id: RecordId, payload: CommunicateIn):
    """Record that the session's decisions were communicated (Annex II Art. 11)."""
    services.communicate_decisions(actor=request.auth, session_id=session_id, **payload.dict())
    return session_out(request, selectors.get_session(request.auth, session_id))


@router.post("/medical/decisions/{decision_id}/carry-out", response={200: CommissionDecisionOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def carry_out(request, decision_id: RecordId, payload: CarryOutIn):
    """Carry out a decision A (released and repatriated on the timeline; refused if he refuses repatriation
    during hostilities, Art. 109 para 3) or B (transferred to a neutral country)."""
    return decision_out(services.carry_out_decision(actor=request.auth, decision_id=decision_id, **payload.dict()))


@router.get("/medical/decisions/{decision_id}/certificate.pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The repatriation certificate (GC III Annex IV E)", "application/pdf"))
@operation_policy("medical.read")
def certificate(request, decision_id: RecordId, language: str = Query("", pattern="^(|uk|en)$")):
    decision = selectors.get_decision(request.auth, decision_id)
    content = services.print_certificate(actor=request.auth, decision_id=decision.pk, channel="api",
                                         language=language or (get_language() or "uk").split("-")[0])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(decision)}"'
    return response


@router.get("/medical/flags", response={200: list[FlagOut], **ERRORS_NO_CONFLICT})
@operation_policy("medical.read")
def list_flags(request, offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(100, ge=1, le=500)):
    """The Art. 109 flags and consents you see."""
    rows = list(selectors.flags(request.auth)[offset:offset + limit])
    reads.persons_read(request.auth, view="medical.flags", channel="api", person_ids=[f.person_id for f in rows])
    return [flag_out(f) for f in rows]


def _person(request, person_id: int) -> Person:
    return visible_or_not_found(person_scope(request.auth, Person.objects.all()), person_id, _("person"))


@router.post("/medical/persons/{person_id}/consent", response={200: FlagOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def record_consent(request, person_id: RecordId, payload: ConsentIn):
    """Record whether he wishes to be repatriated (Art. 109 para 3): consents, refuses (with how), unknown."""
    person = _person(request, person_id)
    return flag_out(services.record_consent(actor=request.auth, person_id=person.pk, **payload.dict()))


@router.post("/medical/persons/{person_id}/flag", response={200: FlagOut, **ERRORS_NO_CONFLICT})
@operation_policy("medical.write")
def set_flag(request, person_id: RecordId, payload: FlagIn):
    """Flag (or unflag) him as to be repatriated regardless of number (Art. 109(1)), with its basis."""
    person = _person(request, person_id)
    return flag_out(services.set_flag(actor=request.auth, person_id=person.pk, **payload.dict()))
