"""Sources over the API: upload (one file may hold many sources), list, read, extraction and review."""

from django.utils.translation import gettext
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from polon.api.auth import operation_policy
from polon.api.jobs import job_out
from polon.api.schemas.common import ERRORS_NO_CONFLICT, MAX_OFFSET, RecordId, page_of
from polon.api.schemas.jobs import JobOut
from polon.api.schemas.sources import (
    AcceptIn,
    ActorOutcomeIn,
    DecisionOut,
    ExtractionOut,
    IngestOut,
    QueueOut,
    RejectIn,
    ReviewItemOut,
    SourceOut,
)
from polon.core.errors import NotFound
from polon.review.selectors import review_page
from polon.review.services import accept_item, record_as_actor, reject_item
from polon.sources import selectors
from polon.sources.models import ReviewDecision, Source
from polon.sources.services import INLINE_BYTES, IngestError, ingest_upload, start_ingest
from polon.sources.services.ingest import safe_name

router = Router(tags=["sources"])


def source_out(source: Source, *, full: bool = False) -> dict:
    data = {f: getattr(source, f) for f in ("kind", "sha256", "item", "original_name", "url", "retrieved_at",
                                            "published", "author", "language", "title", "restriction", "notes",
                                            "source_format", "hashes", "created_at")}
    data["id"] = source.pk
    if full:
        data["text"] = source.text
        data["attachments"] = [{"id": a.pk, "name": a.name, "sha256": a.sha256, "size": a.size,
                                "content_type": a.content_type, "claimed_sha256": a.claimed_sha256}
                               for a in source.attachments.all()]
    return data


def decision_out(d: ReviewDecision) -> dict:
    return {"id": d.pk, "item": d.item, "kind": d.kind, "decision": d.decision, "outcome": d.outcome,
            "created": d.created, "note": d.note, "decided_by": str(d.decided_by), "decided_at": d.decided_at}


@router.post("/sources", response={201: IngestOut, 202: JobOut, **ERRORS_NO_CONFLICT})
@operation_policy("sources.write")
def upload(request, file: File[UploadedFile], lang: Form[str] = "", restriction: Form[str] = "internal",
           notes: Form[str] = ""):
    """A file of at most 2 MB is ingested at once (201 with its sources); a larger one by a background job
    (202 with the job: `GET /api/jobs/{id}` follows it, its result lists the sources)."""
    if (file.size or 0) > INLINE_BYTES:
        job = start_ingest(actor=request.auth, files=[(safe_name(file.name), file.read(), "")], count=1,
                           lang=lang, restriction=restriction, notes=notes)
        return Status(202, job_out(job))
    try:
        result = ingest_upload(actor=request.auth, upload=file, lang=lang, restriction=restriction, notes=notes)
    except IngestError as exc:
        return Status(400, {"detail": f"{exc} (nothing of this file was stored)", "errors": {"file": [str(exc)]}})
    return Status(201, {"name": result.name, "created": [s.pk for s in result.created],
                        "existing": [s.pk for s in result.existing], "warnings": result.warnings,
                        "sources": [source_out(s) for s in result.sources]})


@router.get("/sources", response=list[SourceOut])
@operation_policy("sources.read")
def list_sources(request, kind: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET), limit: int = Query(50, ge=1, le=500)):
    return page_of(selectors.visible_sources(request.auth).order_by("-id"), source_out, offset=offset, limit=limit,
                   kind=kind)


@router.get("/sources/{source_id}", response={200: SourceOut, **ERRORS_NO_CONFLICT})
@operation_policy("sources.read")
def get_source(request, source_id: RecordId):
    return source_out(selectors.get_source(request.auth, source_id), full=True)


@router.get("/sources/{source_id}/extraction", response={200: ExtractionOut, **ERRORS_NO_CONFLICT},
            exclude_unset=True)
@operation_policy("sources.read")
def get_extraction(request, source_id: RecordId):
    extraction = selectors.latest_extraction(selectors.get_source(request.auth, source_id))
    if extraction is None:
        raise NotFound(gettext("source %(id)s has no extraction") % {"id": source_id})
    return extraction.data


def review_out(request, source: Source) -> list[dict]:
    return [{"item": i.key, "kind": i.kind, "status": i.status, "data": i.data, "linked": i.linked,
             "proposals": [{"person_id": h.person.pk, "name": str(h.person), "score": round(h.score, 4),
                            "band": h.band, "explanation": h.explanation} for h in i.proposals],
             "decision": decision_out(i.decision) if i.decision else None, "group": i.group,
             "suggestion": vars(i.suggestion) if i.kind == "person" else None,
             "actors": [{"actor_id": a.pk, "name": a.name, "kind": a.kind, "country": a.country} for a in i.actors]}
            for i in review_page(request.auth, source)]


@router.get("/review-queue", response=list[QueueOut])
@operation_policy("sources.read")
def review_queue(request, state: str = "undecided", q: str = "", kind: str = "", offset: int = Query(0, ge=0, le=MAX_OFFSET),
                 limit: int = Query(50, ge=1, le=500)):
    """Sources for review: those with undecided items first; `state` undecided (the default), reviewed or all."""
    sources = selectors.review_queue(request.auth, state="" if state == "all" else state, q=q, kind=kind)
    start = max(offset, 0)
    return [{"id": s.pk, "title": str(s), "kind": s.kind, "published": s.published, "undecided": s.undecided}
            for s in sources[start:start + limit]]


@router.get("/sources/{source_id}/review", response={200: list[ReviewItemOut], **ERRORS_NO_CONFLICT})
@operation_policy("sources.read")
def get_review(request, source_id: RecordId, pending: bool = False):
    items = review_out(request, selectors.get_source(request.auth, source_id))
    return [i for i in items if i["status"] == "pending"] if pending else items


@router.post("/sources/{source_id}/review/accept", response={201: DecisionOut, **ERRORS_NO_CONFLICT})
@operation_policy("sources.write")
def accept(request, source_id: RecordId, payload: AcceptIn):
    data = payload.dict()
    return Status(201, decision_out(accept_item(actor=request.auth, source_id=source_id, **data)))


@router.post("/sources/{source_id}/review/reject", response={201: DecisionOut, **ERRORS_NO_CONFLICT})
@operation_policy("sources.write")
def reject(request, source_id: RecordId, payload: RejectIn):
    return Status(201, decision_out(reject_item(actor=request.auth, source_id=source_id, item=payload.item,
                                                note=payload.note, reason=payload.reason)))


@router.post("/sources/{source_id}/review/actor", response={201: DecisionOut, **ERRORS_NO_CONFLICT})
@operation_policy("sources.write")
def record_actor(request, source_id: RecordId, payload: ActorOutcomeIn):
    """The person an item names is an actor, not a captive (written to the actors, never to the registry)."""
    return Status(201, decision_out(record_as_actor(actor=request.auth, source_id=source_id, **payload.dict())))
