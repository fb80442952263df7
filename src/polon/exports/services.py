"""Every export: scoped to the acting user, rendered, then recorded (recipient, legal basis, what left) and
audited in one transaction. A file that could not be rendered leaves no record."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from polon.access import fields
from polon.access.policies import may, require
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.consular.detriment import warnings_by_person
from polon.core import files
from polon.core.countries import OWN_COUNTRY, countries_named_in, country_label
from polon.core.errors import NotFound, ValidationFailed
from polon.core.validate import Errors
from polon.exchanges.models import Side
from polon.exchanges.reconcile import EXPORT_COLUMNS, export_rows
from polon.exchanges.selectors import get_round, rows_for_round
from polon.exports import capture_card, events, formats, pdf
from polon.exports.dossier import dossier
from polon.exports.models import ExportKind, ExportRecord
from polon.jobs.kinds import Progress
from polon.jobs.models import Job
from polon.jobs.services import enqueue_job
from polon.registry import selectors as registry_selectors
from polon.registry.models import Person

MAX_PERSONS = 5000


@dataclass
class ExportFile:
    record: ExportRecord
    content: bytes
    filename: str
    content_type: str


def _purpose(errors: Errors, recipient: str, legal_basis: str) -> tuple[str, str]:
    """Who receives the export and on which legal basis, blanks folded; both are required."""
    recipient, legal_basis = " ".join((recipient or "").split()), " ".join((legal_basis or "").split())
    if not recipient:
        errors.add("recipient", _("say who receives this export"))
    if not legal_basis:
        errors.add("legal_basis", _("give the legal basis (for example GC III Art. 122)"))
    return recipient, legal_basis


@dataclass
class Disclosure:
    """An export's state and what the detriment rule made of its persons: flagged persons left out (no reason
    given), or let through by the reason, each with his warnings (for the audit log)."""

    state: str = ""
    reason: str = ""
    withheld: list[int] = field(default_factory=list)
    let_through: dict[int, list[str]] = field(default_factory=dict)

    def parameters(self) -> dict[str, Any]:
        return {"state": self.state, "withheld_ids": sorted(self.withheld), "override_reason": self.reason,
                "overridden_ids": sorted(self.let_through)}


def _state(errors: Errors, state: str, override_reason: str, recipient: str) -> Disclosure:
    """The export's state, checked. A recipient that names a foreign state ("Embassy of Kazakhstan") while no
    state is chosen is refused: the detriment rule follows the structured state, so the writer must choose it."""
    code = errors.country("state", state)
    if not code:
        named = [c for c in countries_named_in(recipient) if c != OWN_COUNTRY]
        if named:
            errors.add("state", _("the recipient names %(countries)s: choose the state the export is addressed to "
                                  "or made for, so that what may harm a person there is checked")
                       % {"countries": ", ".join(country_label(c) for c in named)})
    return Disclosure(state=code, reason=" ".join((override_reason or "").split()))


def _named(person: Person) -> str:
    primary = person.primary_name
    return f"{primary.text if primary else ''} (№ {person.pk})".strip()


NAMED_REFUSALS = 20  # a refusal names this many flagged persons, then counts the rest


def _needs_reason(flagged: dict[int, list[str]], persons: list[Person], state: str) -> ValidationFailed:
    """The refusal naming each flagged person and why, asking for a reason."""
    by_id = {p.pk: p for p in persons}
    ids = [pk for pk in sorted(flagged) if pk in by_id]
    reasons = [f"{_named(by_id[pk])}: {'; '.join(flagged[pk])}" for pk in ids[:NAMED_REFUSALS]]
    if len(ids) > NAMED_REFUSALS:
        more = len(ids) - NAMED_REFUSALS
        reasons.append(ngettext("and %(n)d more person", "and %(n)d more persons", more) % {"n": more})
    return ValidationFailed({"override_reason": [
        *reasons, _("sending these persons' data to %(state)s anyway needs an explicit reason")
        % {"state": country_label(state)}]})


def apply_detriment(persons: list[Person], disclosure: Disclosure, *, asked: bool) -> list[Person]:
    """The persons an export to ``disclosure.state`` may carry. Without a state, all of them. A person the
    export may harm (consular.detriment) is let through only with a reason (recorded in ``disclosure``, audited);
    without one, persons asked for by number are refused, naming why, and those a filter selected are left out
    (``disclosure.withheld``)."""
    if not disclosure.state or not persons:
        return persons
    flagged = warnings_by_person(persons, disclosure.state)
    if not flagged:
        return persons
    if disclosure.reason:
        disclosure.let_through.update(flagged)
        return persons
    if asked:
        raise _needs_reason(flagged, persons, disclosure.state)
    kept = [p for p in persons if p.pk not in flagged]
    if not kept:
        # Nothing would be left: say why rather than hand out an empty file.
        raise _needs_reason(flagged, persons, disclosure.state)
    disclosure.withheld += sorted(flagged)
    return kept


def _whole_document(persons: list[Person], disclosure: Disclosure) -> None:
    """A report or list that cannot leave persons out (its sections, a round's lines) goes to a state with
    flagged persons only with a reason: refused otherwise, naming them."""
    apply_detriment(persons, disclosure, asked=True)


def _too_many(limit: int) -> ValidationFailed:
    return ValidationFailed({"persons": _("more than %(n)d persons selected; narrow the filter") % {"n": limit}})


def select_persons(actor: User, *, person_ids: Sequence[int] = (), citizenship: str = "", status: str = "",
                   category: str = "") -> list[Person]:
    """Persons in the actor's scope: the ids asked for (all of them, or NotFound), or those a filter selects."""
    persons = registry_selectors.person_list(actor, registry_selectors.PersonFilters(
        citizenship=citizenship, status=status, category=category))
    persons = persons.prefetch_related("events__sources")
    if person_ids:
        errors = Errors()
        ids = errors.ids("person_ids", person_ids)
        errors.raise_if_any()
        found = list(persons.filter(pk__in=ids))
        missing = sorted(set(ids) - {p.pk for p in found})
        if missing:
            raise NotFound(_("%(what)s %(id)s not found") % {"what": _("person"), "id": missing[0]})
        return found
    found = list(persons[: MAX_PERSONS + 1])
    if len(found) > MAX_PERSONS:
        raise _too_many(MAX_PERSONS)
    return found


def _card_holders(persons: list[Person], *, asked: bool) -> list[Person]:
    """The persons who get a capture card. A dead person asked for by number is refused, naming him and why
    (capture_card.refusal); a filter's selection leaves the dead out."""
    refused = [reason for reason in map(capture_card.refusal, persons) if reason]
    if refused and asked:
        raise ValidationFailed({"person_ids": refused})
    return [p for p in persons if not capture_card.refusal(p)]


def _finish(actor: User, *, kind: str, fmt: str, recipient: str, legal_basis: str, person_ids: list[int],
            parameters: dict[str, Any], content: bytes, filename: str, content_type: str,
            disclosure: Disclosure | None = None) -> ExportFile:
    disclosure = disclosure or Disclosure()
    exported = set(person_ids)
    disclosure.let_through = {pk: w for pk, w in disclosure.let_through.items() if pk in exported}
    if not disclosure.let_through:
        disclosure.reason = ""  # recorded only where it let someone through
    with transaction.atomic():
        item = ExportRecord.objects.create(
            kind=kind, format=fmt, recipient=recipient, legal_basis=legal_basis, person_ids=sorted(person_ids),
            parameters=parameters, sha256=hashlib.sha256(content).hexdigest(), size=len(content), created_by=actor,
            **disclosure.parameters())
        record(actor=actor, action=Action.EXPORT_CREATE, obj=item, changes=events.export_created(item))
        if disclosure.let_through:
            # The reason and every person it let through, with what polon warned about him.
            record(actor=actor, action=Action.EXPORT_OVERRIDE, obj=item,
                   changes=events.export_override(item, disclosure.let_through))
    return ExportFile(record=item, content=content, filename=filename, content_type=content_type)


def export_persons(*, actor: User, kind: str, recipient: str, legal_basis: str, person_ids: Sequence[int] = (),
                   citizenship: str = "", status: str = "", category: str = "", state: str = "",
                   override_reason: str = "") -> ExportFile:
    """Capture cards (PDF), a CSV or FollowTheMoney JSON lines of the selected persons in the actor's scope.

    Addressed to a ``state`` (or made on its behalf), the persons it may harm are left out, or refused when asked
    for by number, unless ``override_reason`` is given (apply_detriment)."""
    require(actor, "registry.export")
    errors = Errors()
    recipient, legal_basis = _purpose(errors, recipient, legal_basis)
    disclosure = _state(errors, state, override_reason, recipient)
    kind = errors.choice("kind", kind, (ExportKind.CAPTURE_CARD, ExportKind.CSV, ExportKind.FTM))
    ids = errors.ids("person_ids", person_ids)
    errors.raise_if_any()
    persons = select_persons(actor, person_ids=ids, citizenship=citizenship, status=status, category=category)
    if kind == ExportKind.CAPTURE_CARD:
        persons = _card_holders(persons, asked=bool(ids))
    persons = apply_detriment(persons, disclosure, asked=bool(ids))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    parameters = {"person_ids": ids, "citizenship": citizenship.upper(), "status": status, "category": category}
    if kind == ExportKind.CAPTURE_CARD:
        # A field the exporting role does not see (the family's address) is not on his cards (access.fields).
        content = pdf.capture_cards(fields.blank_hidden(actor, persons), today=timezone.localdate(),
                                    header=_("for %(recipient)s") % {"recipient": recipient})
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
                   content_type=content_type, disclosure=disclosure)


# A CSV or FollowTheMoney export of more persons than this, selected by a filter, is made by a background job
# (polon.jobs), which may export up to MAX_JOB_PERSONS; the user downloads it from the job's page.
INLINE_PERSONS = 1000
MAX_JOB_PERSONS = 200_000
JOB_KIND = "exports.persons"
_CHUNK = 500


def _person_filters(citizenship: str, status: str, category: str) -> registry_selectors.PersonFilters:
    return registry_selectors.PersonFilters(citizenship=citizenship, status=status, category=category)


def needs_job(*, actor: User, kind: str, person_ids: Sequence[int] = (), citizenship: str = "", status: str = "",
              category: str = "") -> bool:
    """Whether this persons export is large enough to go to a background job."""
    if kind not in (ExportKind.CSV, ExportKind.FTM) or person_ids:
        return False
    persons = registry_selectors.person_list(actor, _person_filters(citizenship, status, category))
    return persons.order_by().values("pk")[:INLINE_PERSONS + 1].count() > INLINE_PERSONS


def start_export_persons(*, actor: User, kind: str, recipient: str, legal_basis: str, citizenship: str = "",
                         status: str = "", category: str = "", state: str = "", override_reason: str = "") -> Job:
    """Queue a large CSV or FollowTheMoney export of the persons a filter selects; the Job. The purpose is
    checked now; the record of what left is written when the file is made."""
    require(actor, "registry.export")
    errors = Errors()
    recipient, legal_basis = _purpose(errors, recipient, legal_basis)
    disclosure = _state(errors, state, override_reason, recipient)
    # Only these two are made in the background.
    kind = errors.choice("kind", kind, (ExportKind.CSV, ExportKind.FTM))
    errors.raise_if_any()
    return enqueue_job(actor=actor, kind=JOB_KIND, params={
        "kind": kind, "recipient": recipient, "legal_basis": legal_basis, "citizenship": citizenship.upper(),
        "status": status, "category": category, "state": disclosure.state, "override_reason": disclosure.reason})


def run_export_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The job kind "exports.persons": render in chunks (progress), keep the file in the file store, record the
    export (audited) in one transaction at the end; a re-run renders it again."""
    actor, params = job.created_by, job.params
    require(actor, "registry.export")
    persons = registry_selectors.person_list(actor, _person_filters(params["citizenship"], params["status"],
                                                                    params["category"]))
    ids = list(persons.order_by("id").values_list("pk", flat=True)[:MAX_JOB_PERSONS + 1])
    if len(ids) > MAX_JOB_PERSONS:
        raise _too_many(MAX_JOB_PERSONS)
    progress.total(len(ids))
    disclosure = Disclosure(state=params.get("state", ""), reason=params.get("override_reason", ""))
    rows: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    exported: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(persons.filter(pk__in=ids[start:start + _CHUNK]).prefetch_related("events__sources"))
        if disclosure.state:
            flagged = warnings_by_person(chunk, disclosure.state)
            if disclosure.reason:
                disclosure.let_through.update(flagged)
            else:
                disclosure.withheld += sorted(flagged)
                chunk = [p for p in chunk if p.pk not in flagged]
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
    stored = files.store_bytes(content)
    done = _finish(actor, kind=params["kind"], fmt=fmt, recipient=params["recipient"],
                   legal_basis=params["legal_basis"], person_ids=exported, content=content, filename=filename,
                   content_type=content_type, parameters={
                       "person_ids": [], "citizenship": params["citizenship"], "status": params["status"],
                       "category": params["category"], "job": job.pk}, disclosure=disclosure)
    return {"export_id": done.record.pk, "persons": len(exported), "withheld": len(disclosure.withheld), "size": done.record.size,
            "file": {"stored_path": stored.stored_path, "sha256": stored.sha256, "filename": filename,
                     "content_type": content_type}}


def export_country_report(*, actor: User, country: str, recipient: str, legal_basis: str, state: str = "",
                          override_reason: str = "") -> ExportFile:
    """A state's dossier as a PDF. Addressed to a state (its own, or another), it cannot leave persons out of its
    sections: it is refused, naming the persons it may harm, unless a reason is given (audited)."""
    require(actor, "registry.export")
    errors = Errors()
    recipient, legal_basis = _purpose(errors, recipient, legal_basis)
    disclosure = _state(errors, state, override_reason, recipient)
    errors.raise_if_any()
    language = "uk" if (get_language() or "").startswith("uk") else "en"
    data = dossier(actor, country, language)
    if disclosure.state:
        _whole_document(list(registry_selectors.visible_persons(actor).filter(
            pk__in=[p.pk for p in data.persons]).prefetch_related("citizenships", "names")), disclosure)
    content = pdf.country_report(data, today=timezone.localdate(), language=language,
                                 header=_("for %(recipient)s") % {"recipient": recipient})
    return _finish(actor, kind=ExportKind.COUNTRY_REPORT, fmt="pdf", recipient=recipient, legal_basis=legal_basis,
                   person_ids=[p.pk for p in data.persons], parameters={"country": data.country}, content=content,
                   filename=f"country-report-{data.country}-{timezone.localdate():%Y%m%d}.pdf",
                   content_type="application/pdf", disclosure=disclosure)


def export_reconciliation(*, actor: User, round_id: int, side: str = "", fmt: str = "csv", recipient: str,
                          legal_basis: str, state: str = "", override_reason: str = "") -> ExportFile:
    """A round's reconciled list. Addressed to a state, it is refused, naming the persons on it whom it may harm,
    unless a reason is given (audited): a list for an exchange keeps all its lines."""
    require(actor, "exchanges.read")
    require(actor, "registry.export")
    errors = Errors()
    recipient, legal_basis = _purpose(errors, recipient, legal_basis)
    disclosure = _state(errors, state, override_reason, recipient)
    fmt = errors.choice("format", fmt, ("csv", "xlsx"))
    # The side goes into the file name (and so into a response header): only a known side, or none.
    side = errors.choice("side", side, Side, blank=True)
    errors.raise_if_any()
    r = get_round(actor, round_id)
    rows = rows_for_round(actor, r.pk, side or None)
    if disclosure.state:
        _whole_document(list(registry_selectors.visible_persons(actor).filter(
            pk__in=[row.person_id for row in rows if row.person_id]).prefetch_related("citizenships", "names")),
            disclosure)
    data = export_rows(rows)
    if fmt == "csv":
        content, content_type = formats.to_csv(EXPORT_COLUMNS, data), "text/csv; charset=utf-8"
    else:
        content = formats.to_xlsx(EXPORT_COLUMNS, data, title=_("round %(number)s") % {"number": r.number})
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _finish(actor, kind=ExportKind.RECONCILIATION, fmt=fmt, recipient=recipient, legal_basis=legal_basis,
                   person_ids=[row.person_id for row in rows if row.person_id],
                   parameters={"round": r.number, "side": side}, content=content,
                   filename=f"round-{r.number}{'-' + side if side else ''}-reconciled.{fmt}",
                   content_type=content_type, disclosure=disclosure)


def export_history(user: User) -> QuerySet[ExportRecord]:
    """Exports the user made; an administrator sees everyone's."""
    qs = ExportRecord.objects.select_related("created_by")
    if not may(user, "work.everyone"):
        qs = qs.filter(created_by=user)
    return qs
