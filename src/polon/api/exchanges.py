from django.http import HttpResponse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from polon.access.redaction import sees_sources
from polon.api.auth import operation_policy
from polon.api.jobs import job_out
from polon.api.schemas.common import ERRORS, ERRORS_NO_CONFLICT, RecordId, file_answer
from polon.api.schemas.exchanges import (
    EntryIn,
    EntryOut,
    EntryPatch,
    ExecuteIn,
    ExecutionOut,
    ListRowOut,
    RoundDetailOut,
    RoundIn,
    RoundOut,
    RoundPatch,
    RowCorrectionIn,
    RowJudgementIn,
    RowNewPersonIn,
)
from polon.api.schemas.jobs import JobOut
from polon.core.errors import ValidationFailed
from polon.exchanges import pdf, reconcile, selectors, services
from polon.exchanges.models import ExchangeRound, ListRow, RoundEntry

router = Router(tags=["exchanges"])


def round_out(r: ExchangeRound, user) -> dict:
    """A round as the API gives it. Its sources, and its notes (sources review writes a sentence of the source
    into them), only to roles that may read sources (sources.read)."""
    out = {"id": r.pk, "number": r.number, "title": r.title, "status": r.status, "proposed_on": r.proposed_on,
           "agreed_on": r.agreed_on, "executed_on": r.executed_on, "place": r.place, "parties": r.parties,
           "mediator": r.mediator, "formula": r.formula, "formula_n": r.formula_n,
           "formula_category": r.formula_category, "version": r.version}
    if sees_sources(user):
        out["notes"] = r.notes
        out["source_ids"] = sorted(r.sources.values_list("pk", flat=True))
    return out


def entry_out(e: RoundEntry) -> dict:
    return {"id": e.pk, "round": e.round.number, "side": e.side, "person_id": e.person_id, "name": str(e.person),
            "status": e.status, "struck_by": e.struck_by, "struck_reason": e.struck_reason, "consent": e.consent,
            "categories": e.categories, "note": e.note}


def row_out(row: ListRow) -> dict:
    return {"id": row.pk, "side": row.side, "line": row.line, "name": row.name, "birth_date": row.birth_date,
            "rank": row.rank, "unit": row.unit, "citizenship": row.citizenship, "outcome": row.outcome,
            "person_id": row.person_id, "score": row.score, "explanation": row.explanation,
            "confirmed": row.confirmed, "candidates": row.candidates, "raw_text": row.raw_text,
            "problems": row.problems}


@router.get("/exchanges", response=list[RoundOut], exclude_unset=True)
@operation_policy("exchanges.read")
def list_rounds(request):
    return [round_out(r, request.auth) for r in selectors.rounds(request.auth)]


@router.post("/exchanges", response={201: RoundOut, **ERRORS}, exclude_unset=True)
@operation_policy("exchanges.prepare")
def create_round(request, payload: RoundIn):
    data = payload.dict()
    r = services.create_round(actor=request.auth, number=data.pop("number"), source_ids=data.pop("source_ids"),
                              **data)
    return Status(201, round_out(r, request.auth))


@router.get("/exchanges/{round_id}", response={200: RoundDetailOut, **ERRORS}, exclude_unset=True)
@operation_policy("exchanges.read")
def get_round(request, round_id: RecordId):
    r = selectors.get_round(request.auth, round_id)
    return {**round_out(r, request.auth), "entries": [entry_out(e) for e in selectors.entries(request.auth, r.pk)]}


@router.patch("/exchanges/{round_id}", response={200: RoundOut, **ERRORS}, exclude_unset=True)
@operation_policy("exchanges.prepare")
def update_round(request, round_id: RecordId, payload: RoundPatch):
    return round_out(services.update_round(actor=request.auth, round_id=round_id, changes=payload.changes,
                                           expected_version=payload.version), request.auth)


@router.post("/exchanges/{round_id}/entries", response={201: EntryOut, **ERRORS})
@operation_policy("exchanges.prepare")
def add_entry(request, round_id: RecordId, payload: EntryIn):
    data = payload.dict()
    if data["person_id"]:
        entry = services.add_entry(actor=request.auth, round_id=round_id, side=data["side"],
                                   person_id=data["person_id"], status=data["status"], consent=data["consent"],
                                   categories=data["categories"], note=data["note"],
                                   confirm_warnings=data["confirm_warnings"])
    elif data["name"]:
        entry = services.add_new_person_entry(
            actor=request.auth, round_id=round_id, name=data["name"], side=data["side"],
            birth_date=data["birth_date"], citizenship=data["citizenship"], category=data["category"],
            held_since=data["held_since"], status=data["status"], categories=data["categories"], note=data["note"])
    else:
        raise ValidationFailed({"person_id": gettext("give person_id, or the name of a person not yet recorded")})
    return Status(201, entry_out(entry))


@router.patch("/exchanges/entries/{entry_id}", response={200: EntryOut, **ERRORS})
@operation_policy("exchanges.prepare")
def update_entry(request, entry_id: RecordId, payload: EntryPatch):
    return entry_out(services.update_entry(actor=request.auth, entry_id=entry_id, **payload.dict()))


@router.post("/exchanges/{round_id}/execute", response={200: ExecutionOut, **ERRORS}, exclude_unset=True)
@operation_policy("exchanges.write")
def execute_round(request, round_id: RecordId, payload: ExecuteIn):
    """Irreversible: `confirm: true` is required; without it the answer (400) says what would be written."""
    data = payload.dict()
    if not data.pop("confirm"):
        plan = services.execution_plan(actor=request.auth, round_id=round_id)
        raise ValidationFailed({"confirm": [
            _("executing writes %(events)d events on %(persons)d persons and cannot be undone: send confirm: true")
            % {"events": plan.events, "persons": len(plan.planned)}]})
    result = services.execute_round(actor=request.auth, round_id=round_id, **data)
    return {**round_out(result.round, request.auth), "exchanged": [e.pk for e in result.exchanged], "events": result.events,
            "not_exchanged": [e.pk for e in result.not_exchanged]}


@router.post("/exchanges/{round_id}/lists", response={202: JobOut, **ERRORS})
@operation_policy("exchanges.reconcile")
def import_list(request, round_id: RecordId, side: str = Form(...), file: UploadedFile = File(...)):  # noqa: B008
    """Check the list whole (400 with each bad line, nothing written) and reconcile it in a background job:
    202 with the job; `GET /api/jobs/{id}` follows it, `GET /api/exchanges/{round_id}/lists` gives the rows."""
    reconcile.check_upload_size(file.size, file.name or "list")
    job = reconcile.start_reconcile(actor=request.auth, round_id=round_id, side=side, content=file.read(),
                                    file_name=file.name or "list")
    return Status(202, job_out(job))


@router.get("/exchanges/{round_id}/lists", response={200: list[ListRowOut], **ERRORS})
@operation_policy("exchanges.read")
def list_rows(request, round_id: RecordId, side: str = ""):
    r = selectors.get_round(request.auth, round_id)
    return [row_out(row) for row in selectors.rows_for_round(request.auth, r.pk, side or None)]


@router.post("/exchanges/rows/{row_id}/judgement", response={200: ListRowOut, **ERRORS})
@operation_policy("exchanges.reconcile")
def judge_row(request, row_id: RecordId, payload: RowJudgementIn):
    return row_out(reconcile.judge_row(actor=request.auth, row_id=row_id, person_id=payload.person_id,
                                       same=payload.same))


@router.post("/exchanges/rows/{row_id}/correction", response={200: ListRowOut, **ERRORS})
@operation_policy("exchanges.reconcile")
def correct_row(request, row_id: RecordId, payload: RowCorrectionIn):
    """Correct a line that could not be read (outcome "invalid"); it is checked as a line of a file, then
    matched."""
    return row_out(reconcile.correct_row(actor=request.auth, row_id=row_id, **payload.dict()))


@router.post("/exchanges/rows/{row_id}/absent", response={200: ListRowOut, **ERRORS})
@operation_policy("exchanges.reconcile")
def mark_not_in_registry(request, row_id: RecordId):
    """The line names nobody in the registry (kept for every later import)."""
    return row_out(reconcile.mark_not_in_registry(actor=request.auth, row_id=row_id))


@router.post("/exchanges/rows/{row_id}/person", response={200: ListRowOut, **ERRORS})
@operation_policy("registry.write")
def record_row_as_new(request, row_id: RecordId, payload: RowNewPersonIn):
    """Record the person the line names as a new person and tie the line to him."""
    return row_out(reconcile.record_row_as_new(actor=request.auth, row_id=row_id, **payload.dict()))


@router.get("/exchanges/{round_id}/lists.pdf", response={**ERRORS_NO_CONFLICT},
            openapi_extra=file_answer("The round's lists for the mediator", "application/pdf"))
@operation_policy("registry.export")
def round_pdf(request, round_id: RecordId, side: str = "", lang: str = ""):
    """The round's lists as a printable PDF for the mediator (`side`: hand_over or receive; both by default),
    in `lang` (uk or en; the request's language by default)."""
    language = lang if lang in ("uk", "en") else (get_language() or "uk").split("-")[0]
    r = selectors.get_round(request.auth, round_id)
    content = services.print_lists(actor=request.auth, round_id=r.pk, side=side or None, language=language)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.file_name(r, side or None)}"'
    return response
