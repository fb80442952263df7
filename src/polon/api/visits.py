"""Visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126): the visit, the list of
persons to be visited generated from the place's population, who was seen (or why not, access refused
included), and follow-up items. Lines and follow-ups about persons are scoped like every read of persons."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Query, Router, Status

from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_ID, RecordId, file_answer
from polon.api.schemas.visits import (
    FollowUpCloseIn,
    FollowUpIn,
    FollowUpOut,
    GeneratedOut,
    OutcomeIn,
    VisitDetailOut,
    VisitIn,
    VisitOut,
    VisitPatch,
    VisitPersonOut,
)
from polon.audit import reads
from polon.visits import pdf, selectors, services

router = Router(tags=["visits"])


def visit_out(v) -> dict:
    return {"id": v.pk, "place_id": v.place_id, "place": v.place.name, "visitor": v.visitor,
            "protecting_power": v.protecting_power, "status": v.status, "starts": v.starts, "ends": v.ends,
            "delegates": [d for d in v.delegates.splitlines() if d.strip()], "refusal_reason": v.refusal_reason,
            "report": v.report, "list_generated_at": v.list_generated_at, "listed": getattr(v, "listed", 0),
            "seen": getattr(v, "seen", 0), "refused": getattr(v, "refused", 0)}


def line_out(line) -> dict:
    return {"person_id": line.person_id, "name": str(line.person), "status_at_listing": line.status_at_listing,
            "outcome": line.outcome, "note": line.note, "recorded_at": line.recorded_at}


def follow_up_out(f, today=None) -> dict:
    today = today or timezone.localdate()
    return {"id": f.pk, "visit_id": f.visit_id, "person_id": f.person_id, "text": f.text, "due": f.due,
            "status": f.status, "outcome": f.outcome, "done_on": f.done_on,
            "overdue": bool(f.status == "open" and f.due and f.due < today)}


def _fields(data: dict) -> dict:
    if isinstance(data.get("delegates"), list):
        data["delegates"] = "\n".join(data["delegates"])
    return data


@router.get("/visits", response={200: list[VisitOut], **ERRORS_NO_CONFLICT})
@operation_policy("visits.read")
def list_visits(request, place_id: int | None = Query(None, ge=1, le=MAX_ID), visitor: str = "", status: str = ""):
    return [visit_out(v) for v in selectors.visits(request.auth, selectors.VisitFilters(
        place_id=place_id, visitor=visitor, status=status))]


@router.post("/visits", response={201: VisitOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def create_visit(request, payload: VisitIn):
    """Record a visit (visitor icrc or protecting_power, the latter naming the state); a refused visit carries
    the reason given (Art. 126 para 2)."""
    data = _fields(payload.dict())
    visit = services.create_visit(actor=request.auth, place_id=data.pop("place_id"), visitor=data.pop("visitor"),
                                  starts=data.pop("starts"), **data)
    return Status(201, visit_out(selectors.get_visit(request.auth, visit.pk)))


@router.get("/visits/follow-ups", response={200: list[FollowUpOut], **ERRORS_NO_CONFLICT})
@operation_policy("visits.read")
def list_follow_ups(request, open_only: bool = True):
    """Follow-up items of visits (open ones by default), overdue first."""
    today = timezone.localdate()
    items = sorted(selectors.follow_ups(request.auth, open_only=open_only),
                   key=lambda f: (f.status != "open", f.due is None, f.due or today, f.pk))
    return [follow_up_out(f, today) for f in items]


@router.post("/visits/follow-ups/{follow_up_id}/close", response={200: FollowUpOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def close_follow_up(request, follow_up_id: RecordId, payload: FollowUpCloseIn):
    return follow_up_out(services.close_follow_up(actor=request.auth, follow_up_id=follow_up_id,
                                                  outcome=payload.outcome, done_on=payload.done_on))


@router.get("/visits/{visit_id}", response={200: VisitDetailOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.read")
def get_visit(request, visit_id: RecordId):
    """The visit with its list (persons you see) and follow-up items."""
    visit = selectors.get_visit(request.auth, visit_id)
    lines = list(selectors.visit_persons(request.auth, visit.pk))
    reads.persons_read(request.auth, view="visits.list", channel="api", person_ids=[x.person_id for x in lines],
                       query={"visit": visit.pk})
    return {**visit_out(visit), "persons": [line_out(x) for x in lines],
            "follow_ups": [follow_up_out(f) for f in selectors.follow_ups(request.auth, visit_id=visit.pk)]}


@router.get("/visits/{visit_id}/list.pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The list of persons to be visited, for the delegates", "application/pdf"))
@operation_policy("visits.read")
def visit_pdf(request, visit_id: RecordId, lang: str = ""):
    """The list of persons to be visited (those you see) as PDF, in `lang` (uk or en)."""
    visit = selectors.get_visit(request.auth, visit_id)
    lines = list(selectors.visit_persons(request.auth, visit.pk))
    reads.persons_read(request.auth, view="visits.list.pdf", channel="api", person_ids=[x.person_id for x in lines],
                       query={"visit": visit.pk})
    language = lang if lang in ("uk", "en") else (get_language() or "uk").split("-")[0]
    response = HttpResponse(pdf.visit_list(visit, lines, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(visit)}"'
    return response


@router.patch("/visits/{visit_id}", response={200: VisitOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def update_visit(request, visit_id: RecordId, payload: VisitPatch):
    services.update_visit(actor=request.auth, visit_id=visit_id, **_fields(payload.dict(exclude_unset=True)))
    return visit_out(selectors.get_visit(request.auth, visit_id))


@router.post("/visits/{visit_id}/list", response={200: GeneratedOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def generate_list(request, visit_id: RecordId):
    """Put every person at the place on the visit's first day (within your scope) on its list."""
    added = services.generate_list(actor=request.auth, visit_id=visit_id)
    return {"added": [line.person_id for line in added]}


@router.put("/visits/{visit_id}/persons/{person_id}", response={200: VisitPersonOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def record_outcome(request, visit_id: RecordId, person_id: RecordId, payload: OutcomeIn):
    """Whether the person was seen (seen, seen_with_witness), or why not (declined, not_present,
    access_refused with who refused and why in `note`)."""
    return line_out(services.record_outcome(actor=request.auth, visit_id=visit_id, person_id=person_id,
                                            outcome=payload.outcome, note=payload.note))


@router.post("/visits/{visit_id}/follow-ups", response={201: FollowUpOut, **ERRORS_NO_CONFLICT})
@operation_policy("visits.write")
def add_follow_up(request, visit_id: RecordId, payload: FollowUpIn):
    return Status(201, follow_up_out(services.add_follow_up(actor=request.auth, visit_id=visit_id,
                                                            text=payload.text, due=payload.due,
                                                            person_id=payload.person_id)))
