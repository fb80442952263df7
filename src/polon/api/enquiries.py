from ninja import Router, Status

from polon.api.auth import operation_policy
from polon.api.names import NAMES_TO_CONFIRM, confirming_names
from polon.api.schemas.common import ERRORS
from polon.api.schemas.enquiries import AssignIn, EnquiryDetailOut, EnquiryIn, EnquiryOut, ReplyIn, ReplyOut
from polon.enquiries import selectors, services
from polon.enquiries.models import Enquiry

router = Router(tags=["enquiries"])


def enquiry_out(e: Enquiry) -> dict:
    return {"id": e.pk, "received_on": e.received_on.isoformat(), "requester_kind": e.requester_kind,
            "requester_name": e.requester_name, "requester_contact": e.requester_contact,
            "sought_name": e.sought_name, "sought_birth_date": e.sought_birth_date,
            "sought_country": e.sought_country, "requester_country": e.requester_country, "details": e.details,
            "assignee": e.assignee.username if e.assignee else None, "status": e.status,
            "closed_on": e.closed_on.isoformat() if e.closed_on else None, "days_open": e.days_open()}


@router.get("/enquiries", response=list[EnquiryOut])
@operation_policy("enquiries.read")
def list_enquiries(request, status: str = ""):
    items = selectors.enquiries(request.auth)
    if status:
        items = items.filter(status=status)
    return [enquiry_out(e) for e in items]


@router.post("/enquiries", response={201: EnquiryOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("enquiries.write")
@confirming_names
def create_enquiry(request, payload: EnquiryIn):
    return Status(201, enquiry_out(services.create_enquiry(actor=request.auth, **payload.dict())))


@router.get("/enquiries/{enquiry_id}", response={200: EnquiryDetailOut, **ERRORS})
@operation_policy("enquiries.read")
def get_enquiry(request, enquiry_id: int):
    e = selectors.get_enquiry(request.auth, enquiry_id)
    draft, named = selectors.draft_reply(request.auth, e)
    return {**enquiry_out(e),
            "suggestions": [{"person_id": h.person.pk, "name": str(h.person), "score": round(h.score, 4),
                             "band": h.band, "explanation": h.explanation, "restricted": h.person.restricted}
                            for h in selectors.suggestions(request.auth, e)],
            "draft_reply": {"text": draft, "person_ids": named},
            "replies": [{"id": r.pk, "sent_on": r.sent_on.isoformat(), "channel": r.channel, "text": r.text,
                         "person_ids": [p.pk for p in r.persons.all()], "sent_by": str(r.sent_by)}
                        for r in e.replies.all()]}


@router.post("/enquiries/{enquiry_id}/replies", response={201: ReplyOut, **ERRORS, **NAMES_TO_CONFIRM})
@operation_policy("enquiries.write")
@confirming_names
def add_reply(request, enquiry_id: int, payload: ReplyIn):
    r = services.add_reply(actor=request.auth, enquiry_id=enquiry_id, **payload.dict())
    return Status(201, {"id": r.pk, "sent_on": r.sent_on.isoformat(), "channel": r.channel, "text": r.text,
                        "person_ids": [p.pk for p in r.persons.all()]})


@router.post("/enquiries/{enquiry_id}/assign", response={200: EnquiryOut, **ERRORS})
@operation_policy("enquiries.write")
def assign(request, enquiry_id: int, payload: AssignIn):
    return enquiry_out(services.assign_enquiry(actor=request.auth, enquiry_id=enquiry_id,
                                               assignee_id=payload.assignee_id))


@router.post("/enquiries/{enquiry_id}/close", response={200: EnquiryOut, **ERRORS})
@operation_policy("enquiries.write")
def close(request, enquiry_id: int):
    return enquiry_out(services.close_enquiry(actor=request.auth, enquiry_id=enquiry_id))
