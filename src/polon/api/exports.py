from ninja import Router, Status

from polon.api.auth import operation_policy
from polon.api.jobs import job_out
from polon.api.schemas.common import ERRORS, file_answer
from polon.api.schemas.exports import DashboardOut, ExportIn, ExportRecordOut
from polon.api.schemas.jobs import JobOut
from polon.core.downloads import export_attachment
from polon.exports import services
from polon.exports.dashboard import dashboard as dashboard_data

router = Router(tags=["exports"])


EXPORT_TYPES = ("text/csv", "application/x-ndjson", "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


FILE_HEADERS = {"X-Polon-Export": "the id of the export's record",
                "X-Polon-Withheld": "how many persons an export to a state left out because it may harm them"}


@router.post("/exports", response={202: JobOut, **ERRORS},
             openapi_extra=file_answer("The export file (CSV, FollowTheMoney JSON lines, PDF or XLSX)",
                                       *EXPORT_TYPES, headers=FILE_HEADERS))
@operation_policy("registry.export")
def create_export(request, payload: ExportIn):
    """The file itself; its record (recipient, legal basis, hash) is in the X-Polon-Export header's record.
    With `state` (the state it is addressed to or made for), persons it may harm (its law, a restricted record,
    an objection) are left out of a filter's selection (counted in X-Polon-Withheld) or, asked for by number,
    refused (400 naming them), unless `override_reason` is given, which is audited with each person let through.
    A CSV or FollowTheMoney export of more than 1,000 persons selected by a filter is made by a background job:
    202 with the job; `GET /api/jobs/{id}` follows it, `GET /api/jobs/{id}/file` downloads the file."""
    data = payload.dict()
    purpose = {"recipient": data["recipient"], "legal_basis": data["legal_basis"], "state": data["state"],
               "override_reason": data["override_reason"]}
    if data["kind"] == "country_report":
        exported = services.export_country_report(actor=request.auth, country=data["country"], **purpose)
    elif data["kind"] == "reconciliation":
        exported = services.export_reconciliation(actor=request.auth, round_id=data["round_id"] or 0,
                                                  side=data["side"], fmt=data["format"], **purpose)
    elif services.needs_job(actor=request.auth, kind=data["kind"], person_ids=data["person_ids"],
                            citizenship=data["country"], status=data["status"]):
        job = services.start_export_persons(actor=request.auth, kind=data["kind"], citizenship=data["country"],
                                            status=data["status"], **purpose)
        return Status(202, job_out(job))
    else:
        exported = services.export_persons(actor=request.auth, kind=data["kind"], person_ids=data["person_ids"],
                                           citizenship=data["country"], status=data["status"], **purpose)
    response = export_attachment(exported)
    response["X-Polon-Withheld"] = str(len(exported.record.withheld_ids))  # left out of an export to a state
    return response


@router.get("/exports", response=list[ExportRecordOut])
@operation_policy("registry.export")
def export_history(request):
    return [{"id": r.pk, "kind": r.kind, "format": r.format, "recipient": r.recipient,
             "legal_basis": r.legal_basis, "persons": len(r.person_ids), "sha256": r.sha256,
             "state": r.state, "withheld": len(r.withheld_ids), "overridden": len(r.overridden_ids),
             "created_by": str(r.created_by), "created_at": r.created_at.isoformat()}
            for r in services.export_history(request.auth)[:500]]


@router.get("/dashboard", response=DashboardOut)
@operation_policy("dashboard.read")
def dashboard(request):
    d = dashboard_data(request.auth)
    return {"total": d.total, "by_status": [list(x) for x in d.by_status],
            "by_citizenship": [list(x) for x in d.by_citizenship], "exchanges": [list(x) for x in d.exchanges],
            "enquiry_ages": [list(x) for x in d.enquiry_ages], "held_by_status": [list(x) for x in d.held_by_status],
            "own_by_status": [list(x) for x in d.own_by_status], "handed_over": [list(x) for x in d.handed_over],
            "received": [list(x) for x in d.received]}
