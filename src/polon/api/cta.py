"""Lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123): what is pending
for each recipient (new captures, corrections, changes since the last list to it), the next list sent (each
person a consular transmission with its legal basis, the detriment rule applied), the lists sent and their files
(CSV, XLSX, PDF). Scoped like every read of persons; the address of the person to be informed is null for a role
that does not see it (access.fields)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from polon.access import fields
from polon.api.auth import operation_policy
from polon.api.schemas.common import ERRORS_NO_CONFLICT, RecordId, file_answer
from polon.api.schemas.cta import CtaListOut, CtaSendIn, PendingOut, SummaryOut
from polon.audit import reads
from polon.core.errors import ValidationFailed
from polon.cta import documents, selectors, services

router = Router(tags=["cta"])


def _particulars(user, values: dict) -> dict:
    shown = dict(values)
    if not fields.sees(user, fields.INFORMED_ADDRESS):
        shown["informed_person_address"] = None
    return shown


def list_out(user, item) -> dict:
    return {"id": item.pk, "recipient": item.recipient, "country": item.country, "number": item.number,
            "sent_on": item.sent_on, "channel": item.channel, "legal_basis": item.legal_basis,
            "override_reason": item.override_reason, "withheld_count": len(item.withheld),
            "entries": [{"person_id": e.person_id, "name": str(e.person), "kind": e.kind, "changed": e.changed,
                         "transmission_id": e.transmission_id, "particulars": _particulars(user, e.values)}
                        for e in selectors.entries(user, item)]}


@router.get("/cta/pending", response={200: list[SummaryOut], **ERRORS_NO_CONFLICT})
@operation_policy("cta.read")
def summaries(request):
    """For the Central Tracing Agency and each Power on which a prisoner in your scope depends: how many are
    pending (new captures, changes, corrections) and the last list sent."""
    return [{"recipient": s.recipient, "country": s.country, "new": s.new, "changes": s.changes,
             "corrections": s.corrections, "last_list_id": s.last.pk if s.last else None}
            for s in selectors.summaries(request.auth)]


@router.get("/cta/pending/{recipient}", response={200: list[PendingOut], **ERRORS_NO_CONFLICT})
@operation_policy("cta.read")
def pending(request, recipient: str, country: str = Query("", max_length=2)):
    """Who is due on the next list to `recipient` (`icrc_cta`, or `state` with `country`), with his particulars
    now and what changed since the last list to it."""
    rows = selectors.pending(request.auth, recipient=recipient, country=country)
    reads.persons_read(request.auth, view="cta.pending", channel="api", person_ids=[p.person.pk for p in rows],
                       query={"recipient": recipient, "country": country})
    return [{"person_id": p.person.pk, "name": str(p.person), "kind": p.kind, "changed": p.changed,
             "particulars": _particulars(request.auth, p.values)} for p in rows]


@router.post("/cta/lists", response={201: CtaListOut, **ERRORS_NO_CONFLICT})
@operation_policy("cta.write")
def send_list(request, payload: CtaSendIn):
    """Send the next list to `recipient` (`icrc_cta`, or `state` with `country`): everyone pending; a person
    whom sending may harm is left out (counted in `withheld_count`) unless `override_reason` is given."""
    item = services.send_list(actor=request.auth, **payload.dict())
    return Status(201, list_out(request.auth, item))


@router.get("/cta/lists", response={200: list[CtaListOut], **ERRORS_NO_CONFLICT})
@operation_policy("cta.read")
def lists(request):
    """The lists sent, newest first, each with the persons on it in your scope."""
    found = [list_out(request.auth, item) for item in selectors.lists(request.auth)[:100]]
    reads.persons_read(request.auth, view="cta.lists", channel="api",
                       person_ids=[e["person_id"] for item in found for e in item["entries"]])
    return found


@router.get("/cta/lists/{list_id}", response={200: CtaListOut, **ERRORS_NO_CONFLICT})
@operation_policy("cta.read")
def get_list(request, list_id: RecordId):
    item = list_out(request.auth, selectors.get_list(request.auth, list_id))
    reads.persons_read(request.auth, view="cta.list", channel="api",
                       person_ids=[e["person_id"] for e in item["entries"]], query={"list": list_id})
    return item


@router.get("/cta/lists/{list_id}/list.{fmt}", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The list as CSV, XLSX or PDF", "application/octet-stream"))
@operation_policy("cta.read")
def list_file(request, list_id: RecordId, fmt: str):
    """The list as `fmt` (csv, xlsx or pdf), the persons on it in your scope, in the request's language."""
    item = selectors.get_list(request.auth, list_id)
    if fmt not in documents.FORMATS:
        raise ValidationFailed({"fmt": _("choose csv, xlsx or pdf")})
    entries = selectors.entries(request.auth, item)
    content = documents.render(request.auth, item, entries, fmt,
                               recipient=services.recipient_label(item.recipient, item.country))
    reads.persons_read(request.auth, view=f"cta.list.{fmt}", channel="api",
                       person_ids=[e.person_id for e in entries], query={"list": item.pk})
    response = HttpResponse(content, content_type=documents.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(item, fmt)}"'
    return response
