"""Every export: scoped to the acting user, rendered, then recorded (recipient, legal basis, what left) and
audited in one transaction. A file that could not be rendered leaves no record."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from polon.access.policies import may, require
from polon.audit.log import record
from polon.core.errors import NotFound, ValidationFailed
from polon.exports import formats, pdf
from polon.exports.models import ExportKind, ExportRecord
from polon.registry import selectors as registry_selectors

MAX_PERSONS = 5000


@dataclass
class ExportFile:
    record: ExportRecord
    content: bytes
    filename: str
    content_type: str


def _check_purpose(recipient: str, legal_basis: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    recipient, legal_basis = " ".join((recipient or "").split()), " ".join((legal_basis or "").split())
    if not recipient:
        errors["recipient"] = ["say who receives this export"]
    if not legal_basis:
        errors["legal_basis"] = ["give the legal basis (for example GC III Art. 122)"]
    if errors:
        raise ValidationFailed(errors)
    return recipient, legal_basis


def select_persons(actor, *, person_ids: Sequence[int] = (), citizenship: str = "", status: str = "",
                   category: str = ""):
    """Persons in the actor's scope: the ids asked for (all of them, or NotFound), or those a filter selects."""
    persons = registry_selectors.person_list(actor, registry_selectors.PersonFilters(
        citizenship=citizenship, status=status, category=category))
    persons = persons.prefetch_related("events__sources")
    if person_ids:
        ids = sorted({int(i) for i in person_ids})
        persons = persons.filter(pk__in=ids)
        found = list(persons)
        missing = sorted(set(ids) - {p.pk for p in found})
        if missing:
            raise NotFound(f"person {missing[0]} not found")
        return found
    found = list(persons[: MAX_PERSONS + 1])
    if len(found) > MAX_PERSONS:
        raise ValidationFailed({"persons": f"more than {MAX_PERSONS} persons selected; narrow the filter"})
    return found


def _finish(actor, *, kind: str, fmt: str, recipient: str, legal_basis: str, person_ids: list[int],
            parameters: dict, content: bytes, filename: str, content_type: str) -> ExportFile:
    with transaction.atomic():
        item = ExportRecord.objects.create(
            kind=kind, format=fmt, recipient=recipient, legal_basis=legal_basis, person_ids=sorted(person_ids),
            parameters=parameters, sha256=hashlib.sha256(content).hexdigest(), size=len(content), created_by=actor)
        record(actor=actor, action="export.create", obj=item, changes={"after": {
            "kind": kind, "format": fmt, "recipient": recipient, "legal_basis": legal_basis,
            "persons": item.person_ids, "parameters": parameters, "sha256": item.sha256, "size": item.size}})
    return ExportFile(record=item, content=content, filename=filename, content_type=content_type)


def export_persons(*, actor, kind: str, recipient: str, legal_basis: str, person_ids: Sequence[int] = (),
                   citizenship: str = "", status: str = "", category: str = "") -> ExportFile:
    """Capture cards (PDF), a CSV or FollowTheMoney JSON lines of the selected persons in the actor's scope."""
    require(actor, "registry.export")
    recipient, legal_basis = _check_purpose(recipient, legal_basis)
    if kind not in (ExportKind.CAPTURE_CARD, ExportKind.CSV, ExportKind.FTM):
        raise ValidationFailed({"kind": f"'{kind}' is not one of capture_card, csv, ftm"})
    persons = select_persons(actor, person_ids=person_ids, citizenship=citizenship, status=status,
                             category=category)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    parameters = {"person_ids": sorted(int(i) for i in person_ids), "citizenship": citizenship.upper(),
                  "status": status, "category": category}
    if kind == ExportKind.CAPTURE_CARD:
        content = pdf.capture_cards(persons, today=timezone.localdate(), header=f"for {recipient}")
        fmt, filename, content_type = "pdf", f"capture-cards-{stamp}.pdf", "application/pdf"
    elif kind == ExportKind.CSV:
        content = formats.to_csv(formats.PERSON_COLUMNS, formats.person_rows(persons))
        fmt, filename, content_type = "csv", f"persons-{stamp}.csv", "text/csv; charset=utf-8"
    else:
        # Aleph collections are shared beyond the bureau: a restricted person never goes there.
        persons = [p for p in persons if not p.restricted]
        content = formats.to_jsonl(formats.ftm_entities(persons))
        fmt, filename, content_type = "jsonl", f"persons-{stamp}.ftm.jsonl", "application/x-ndjson"
    return _finish(actor, kind=kind, fmt=fmt, recipient=recipient, legal_basis=legal_basis,
                   person_ids=[p.pk for p in persons], parameters=parameters, content=content, filename=filename,
                   content_type=content_type)


# A CSV or FollowTheMoney export of more persons than this, selected by a filter, is made by a background job
# (polon.jobs), which may export up to MAX_JOB_PERSONS; the user downloads it from the job's page.
INLINE_PERSONS = 1000
MAX_JOB_PERSONS = 200_000
JOB_KIND = "exports.persons"
_CHUNK = 500


def _person_filters(citizenship: str, status: str, category: str):
    return registry_selectors.PersonFilters(citizenship=citizenship, status=status, category=category)


def needs_job(*, actor, kind: str, person_ids: Sequence[int] = (), citizenship: str = "", status: str = "",
              category: str = "") -> bool:
    """Whether this persons export is large enough to go to a background job."""
    if kind not in (ExportKind.CSV, ExportKind.FTM) or person_ids:
        return False
    persons = registry_selectors.person_list(actor, _person_filters(citizenship, status, category))
    return persons.order_by().values("pk")[:INLINE_PERSONS + 1].count() > INLINE_PERSONS


def start_export_persons(*, actor, kind: str, recipient: str, legal_basis: str, citizenship: str = "",
                         status: str = "", category: str = ""):
    """Queue a large CSV or FollowTheMoney export of the persons a filter selects; the Job. The purpose is
    checked now; the record of what left is written when the file is made."""
    from polon.jobs.services import enqueue_job

    require(actor, "registry.export")
    recipient, legal_basis = _check_purpose(recipient, legal_basis)
    if kind not in (ExportKind.CSV, ExportKind.FTM):
        raise ValidationFailed({"kind": f"'{kind}' is not csv or ftm (only those are made in the background)"})
    return enqueue_job(actor=actor, kind=JOB_KIND, params={
        "kind": kind, "recipient": recipient, "legal_basis": legal_basis, "citizenship": citizenship.upper(),
        "status": status, "category": category})


def run_export_job(job, progress) -> dict:
    """The job kind "exports.persons": render in chunks (progress), keep the file in the file store, record the
    export (audited) in one transaction at the end; a re-run renders it again."""
    from polon.sources import storage

    actor, params = job.created_by, job.params
    require(actor, "registry.export")
    persons = registry_selectors.person_list(actor, _person_filters(params["citizenship"], params["status"],
                                                                    params["category"]))
    ids = list(persons.order_by("id").values_list("pk", flat=True)[:MAX_JOB_PERSONS + 1])
    if len(ids) > MAX_JOB_PERSONS:
        raise ValidationFailed({"persons": f"more than {MAX_JOB_PERSONS} persons selected; narrow the filter"})
    progress.total(len(ids))
    rows, entities, exported = [], [], []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(persons.filter(pk__in=ids[start:start + _CHUNK]).prefetch_related("events__sources"))
        if params["kind"] == ExportKind.CSV:
            rows += formats.person_rows(chunk)
            exported += [p.pk for p in chunk]
        else:
            # Aleph collections are shared beyond the bureau: a restricted person never goes there.
            chunk = [p for p in chunk if not p.restricted]
            entities += formats.ftm_entities(chunk)
            exported += [p.pk for p in chunk]
        progress.advance(len(ids[start:start + _CHUNK]))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if params["kind"] == ExportKind.CSV:
        content = formats.to_csv(formats.PERSON_COLUMNS, rows)
        fmt, filename, content_type = "csv", f"persons-{stamp}.csv", "text/csv; charset=utf-8"
    else:
        content = formats.to_jsonl(entities)
        fmt, filename, content_type = "jsonl", f"persons-{stamp}.ftm.jsonl", "application/x-ndjson"
    stored = storage.store_bytes(content)
    done = _finish(actor, kind=params["kind"], fmt=fmt, recipient=params["recipient"],
                   legal_basis=params["legal_basis"], person_ids=exported, content=content, filename=filename,
                   content_type=content_type, parameters={
                       "person_ids": [], "citizenship": params["citizenship"], "status": params["status"],
                       "category": params["category"], "job": job.pk})
    return {"export_id": done.record.pk, "persons": len(exported), "size": done.record.size,
            "file": {"stored_path": stored.stored_path, "sha256": stored.sha256, "filename": filename,
                     "content_type": content_type}}


def export_country_report(*, actor, country: str, recipient: str, legal_basis: str) -> ExportFile:
    from polon.consular.selectors import dossier

    require(actor, "registry.export")
    recipient, legal_basis = _check_purpose(recipient, legal_basis)
    data = dossier(actor, country)
    content = pdf.country_report(data, today=timezone.localdate(), header=f"for {recipient}")
    return _finish(actor, kind=ExportKind.COUNTRY_REPORT, fmt="pdf", recipient=recipient, legal_basis=legal_basis,
                   person_ids=[p.pk for p in data.persons], parameters={"country": data.country}, content=content,
                   filename=f"country-report-{data.country}-{timezone.localdate():%Y%m%d}.pdf",
                   content_type="application/pdf")


def export_reconciliation(*, actor, round_id: int, side: str = "", fmt: str = "csv", recipient: str,
                          legal_basis: str) -> ExportFile:
    from polon.exchanges.models import Side
    from polon.exchanges.reconcile import EXPORT_COLUMNS, export_rows
    from polon.exchanges.selectors import get_round, rows_for_round

    require(actor, "exchanges.read")
    require(actor, "registry.export")
    recipient, legal_basis = _check_purpose(recipient, legal_basis)
    errors: dict[str, list[str]] = {}
    if fmt not in ("csv", "xlsx"):
        errors["format"] = [f"'{fmt}' is not csv or xlsx"]
    # The side goes into the file name (and so into a response header): only a known side, or none.
    if side and side not in Side.values:
        errors["side"] = [f"not one of {', '.join(Side.values)} (or empty for both)"]
    if errors:
        raise ValidationFailed(errors)
    r = get_round(actor, round_id)
    rows = rows_for_round(actor, r.pk, side or None)
    data = export_rows(rows)
    if fmt == "csv":
        content, content_type = formats.to_csv(EXPORT_COLUMNS, data), "text/csv; charset=utf-8"
    else:
        content = formats.to_xlsx(EXPORT_COLUMNS, data, title=f"round {r.number}")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _finish(actor, kind=ExportKind.RECONCILIATION, fmt=fmt, recipient=recipient, legal_basis=legal_basis,
                   person_ids=[row.person_id for row in rows if row.person_id],
                   parameters={"round": r.number, "side": side}, content=content,
                   filename=f"round-{r.number}{'-' + side if side else ''}-reconciled.{fmt}",
                   content_type=content_type)


def export_history(user):
    """Exports the user made; an administrator sees everyone's."""
    qs = ExportRecord.objects.select_related("created_by")
    if not may(user, "work.everyone"):
        qs = qs.filter(created_by=user)
    return qs
