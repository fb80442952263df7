"""Importing a file of persons (``polon import persons FILE``, ``POST /api/persons/import``, the persons page).

All or nothing. Every line is read and checked first, as ``POST /api/persons`` checks one person, and each
problem is named ``FILE:LINE: field: reason``; a file with any error is refused whole and nothing is written.
Then duplicates are looked for:

* within the file: a line naming a person an earlier line names (a spelling the same once normalised and the
  same date of birth), or giving the service number an earlier line gives in the same army;
* in the registry: a line whose service number is recorded in its army, or one of whose names
  :func:`polon.registry.search.search_many` finds as a *likely* match (with its date of birth and
  citizenships), in the importing user's scope; each distinct name is searched once (a transliteration of
  a spelling already searched finds the same persons).

``on_duplicate`` says what a duplicate does: ``report`` (the default) writes the line and lists it as a
possible duplicate, ``skip`` leaves the line out and lists it, ``fail`` refuses the whole file. A service
number recorded twice cannot be written, so under ``report`` it is an error. Finally every person is written
by :func:`polon.registry.services.persons.write_clean_persons` in one transaction (each with its ``person.create``
audit event) together with one ``person.import`` event for the file: a crash or kill half-way leaves nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polon.access.policies import require
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.batches import in_batches
from polon.core.errors import ValidationFailed
from polon.core.uploads import safe_name
from polon.core.validate import Errors
from polon.jobs.services import enqueue_job
from polon.matching import score_candidate
from polon.names import normalise
from polon.registry import audit_events
from polon.registry.models import PersonName
from polon.registry.person_files import FileRefused, Line, Problem, file_format, read_persons
from polon.registry.search import PersonQuery, search_many
from polon.registry.services.persons import (
    PersonDraft,
    clean_person,
    service_number_clashes,
    write_clean_persons,
)

if TYPE_CHECKING:
    from polon.accounts.models import User
    from polon.jobs.models import Job

#: Lines (persons) read from one file at most.
MAX_PERSONS = 50_000
#: A file uploaded to the API or the web page is refused above this size before it is stored.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: An upload up to this size is checked line by line before its job is queued (about 2,500 persons of JSON
#: lines, 1 s); a larger one only by its job, so that the request ends in seconds.
CHECK_AT_ONCE_BYTES = 2 * 1024 * 1024
#: Registry candidates looked at for each spelling.
SEARCH_LIMIT = 5
#: Lines whose spellings are searched together (one catch-up of the engine, one read of the persons found).
SEARCH_BATCH = 200
#: A spelling scoring this against one already searched for the line is taken for a transliteration of it.
SAME_NAME = 0.95


class OnDuplicate(StrEnum):
    REPORT = "report"
    SKIP = "skip"
    FAIL = "fail"


class ImportProgress(Protocol):
    """What an import reports as it goes: a phase (``check``, ``duplicates``, ``write``) and its units."""

    def start(self, phase: str, total: int) -> None: ...

    def advance(self, n: int) -> None: ...


@dataclass(frozen=True)
class CheckedLine(Line):
    """A line the checks accepted: its draft, cleaned."""

    draft: PersonDraft


@dataclass
class ImportReport:
    file_name: str
    persons: int = 0
    errors: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    skipped_lines: list[int] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    on_duplicate: str = OnDuplicate.REPORT
    registry_checked: bool = True

    @property
    def written(self) -> bool:
        return bool(self.created_ids)

    @property
    def duplicate_lines(self) -> int:
        return len({p.line for p in self.duplicates})

    def problems(self) -> list[Problem]:
        return sorted([*self.errors, *self.duplicates], key=lambda p: p.line)

    def lines(self) -> list[str]:
        """Every error and duplicate, ``FILE:LINE: field: reason``, in line order."""
        return [p.text(self.file_name) for p in self.problems()]

    def summary(self) -> str:
        if self.errors:
            return ngettext("%(file)s: refused, %(count)s error; nothing was written",
                            "%(file)s: refused, %(count)s errors; nothing was written",
                            len(self.errors)) % {"file": self.file_name, "count": len(self.errors)}
        counts = {"created": len(self.created_ids), "duplicates": self.duplicate_lines,
                  "skipped": len(self.skipped_lines)}
        return _("%(file)s: %(created)s created, %(duplicates)s lines reported as possible duplicates, "
                 "%(skipped)s skipped") % {"file": self.file_name, **counts}

    def as_dict(self) -> dict[str, Any]:
        """JSON for a job's result and the API."""
        return {"file": self.file_name, "persons": self.persons, "created": len(self.created_ids),
                "skipped": len(self.skipped_lines), "duplicates": self.duplicate_lines,
                "on_duplicate": str(self.on_duplicate), "registry_checked": self.registry_checked,
                "person_ids": self.created_ids, "summary": self.summary(),
                "report": [{"line": p.line, "field": p.field, "reason": p.reason,
                            "kind": "duplicate" if p in self.duplicates else "error"} for p in self.problems()],
                "errors": self.refusal_errors() if self.errors else {}}

    def refusal_errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for problem in self.problems():
            errors.setdefault(f"{self.file_name}:{problem.line}", []).append(f"{problem.field}: {problem.reason}")
        return errors


class ImportRefused(ValidationFailed):
    """The file was refused whole; ``errors`` maps ``FILE:LINE`` to ``field: reason``. Nothing was written."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(report.refusal_errors())


def check_file(*, actor: User, content: bytes, file_name: str, on_duplicate: str = OnDuplicate.REPORT,
               check_registry: bool = True, progress: ImportProgress | None = None) -> tuple[ImportReport, list[CheckedLine]]:
    """Read and check every line, find the file's own duplicates and the service numbers already recorded:
    the report so far and the checked lines, or ImportRefused naming every error. Writes nothing."""
    require(actor, "registry.write")
    mode = _mode(on_duplicate)
    report = ImportReport(file_name=file_name, on_duplicate=mode, registry_checked=check_registry)
    try:
        lines = read_persons(content, file_name)
    except FileRefused as exc:
        report.errors = exc.problems
        raise ImportRefused(report) from None
    report.persons = len(lines)
    if len(lines) > MAX_PERSONS:
        report.errors = [Problem(lines[MAX_PERSONS].line, "file", _(
            "the file has %(count)s persons; at most %(max)s are imported at once: split it")
            % {"count": len(lines), "max": MAX_PERSONS})]
        raise ImportRefused(report)
    if not lines:
        report.errors = [Problem(1, "file", _("the file names no person"))]
        raise ImportRefused(report)
    valid = _check_lines(lines, report, progress)
    _within_file(valid, report, mode)
    _recorded_numbers(valid, report, mode)
    _refuse_if_any(report)
    return report, valid


def _refuse_if_any(report: ImportReport) -> None:
    if report.on_duplicate == OnDuplicate.FAIL and report.duplicates and not report.errors:
        report.errors, report.duplicates = report.duplicates, []
    if report.errors:
        raise ImportRefused(report)


def import_persons(*, actor: User, content: bytes, file_name: str, on_duplicate: str = OnDuplicate.REPORT,
                   check_registry: bool = True, progress: ImportProgress | None = None) -> ImportReport:
    """Import every person of a ``.jsonl``, ``.csv`` or ``.xlsx`` file as ``actor``, all or nothing.

    Returns the report (created, duplicates reported, lines skipped); raises ImportRefused with the report
    when the file has any error (or any duplicate under ``on_duplicate="fail"``), having written nothing.
    ``check_registry=False`` leaves out the search of the registry for likely duplicates (the file's own
    duplicates and recorded service numbers are still found)."""
    report, valid = check_file(actor=actor, content=content, file_name=file_name, on_duplicate=on_duplicate,
                               check_registry=check_registry, progress=progress)
    mode = report.on_duplicate
    if check_registry:
        _likely_matches(actor, valid, report, progress)
        _refuse_if_any(report)
    skipped = {p.line for p in report.duplicates} if mode == OnDuplicate.SKIP else set()
    report.skipped_lines = sorted(skipped)
    to_write = [line for line in valid if line.line not in skipped]
    if progress is not None:
        progress.start("write", len(to_write))
    with transaction.atomic():
        try:
            people = write_clean_persons(actor=actor, drafts=[line.draft for line in to_write],
                                         progress=progress.advance if progress is not None else None)
        except ValidationFailed as exc:  # recorded by someone else since the check: refuse, name the lines
            report.errors = [_problem_at(to_write, key, reasons) for key, reasons in exc.errors.items()]
            raise ImportRefused(report) from None
        report.created_ids = [p.pk for p in people]
        record(actor=actor, action=Action.PERSON_IMPORT, object_type="file",
               object_id=hashlib.sha256(content).hexdigest(), changes=audit_events.persons_imported(
                   file_name=file_name, persons=report.persons, created=report.created_ids,
                   skipped_lines=report.skipped_lines, duplicates_reported=len(report.duplicates),
                   on_duplicate=str(mode), registry_checked=check_registry))
    return report


JOB_KIND = "persons.import"


def start_import(*, actor: User, content: bytes, file_name: str, on_duplicate: str = OnDuplicate.REPORT,
                 check_registry: bool = True, language: str = "") -> Job:
    """Check an uploaded file of up to CHECK_AT_ONCE_BYTES at once (ImportRefused naming every bad line;
    nothing written), then queue its import as a background job (kind ``persons.import``,
    polon.registry.jobs) and return the job: the job checks the file (again), searches the registry for
    duplicates and writes."""
    require(actor, "registry.write")
    name = safe_name(file_name)
    check_upload_size(len(content), name)
    total = None
    if len(content) <= CHECK_AT_ONCE_BYTES:
        report, _lines = check_file(actor=actor, content=content, file_name=name, on_duplicate=on_duplicate,
                                    check_registry=check_registry)
        total = report.persons
    else:  # a larger file is checked by the job (its page lists the errors): a request must end in seconds
        file_format(name)
    mode = _mode(on_duplicate)
    return enqueue_job(actor=actor, kind=JOB_KIND, files=[(name, content)], total=total, params={
        "file_name": name, "on_duplicate": str(mode), "check_registry": bool(check_registry),
        "language": language})


def check_upload_size(size: int | None, file_name: str) -> None:
    """Refuse a file over MAX_UPLOAD_BYTES; call it before reading an upload into memory."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationFailed({"file": _("%(name)s is %(size).1f MB; at most %(max)s MB are imported at once: "
                                          "split it") % {"name": file_name, "size": size / 1024 / 1024,
                                                         "max": MAX_UPLOAD_BYTES // 1024 // 1024}})


def _mode(on_duplicate: str) -> OnDuplicate:
    errors = Errors()
    mode = errors.choice("on_duplicate", on_duplicate, OnDuplicate)
    errors.raise_if_any()
    return OnDuplicate(mode)


def _check_lines(lines: Sequence[Line], report: ImportReport, progress: ImportProgress | None) -> list[CheckedLine]:
    """Each line's draft checked as POST /api/persons checks one; the lines without errors, cleaned."""
    if progress is not None:
        progress.start("check", len(lines))
    valid: list[CheckedLine] = []
    for line in lines:
        report.errors += line.problems
        if line.draft is not None:
            try:
                cleaned = clean_person(line.draft)
                if not line.problems:
                    valid.append(CheckedLine(line.line, cleaned))
            except ValidationFailed as exc:
                report.errors += [Problem(line.line, key, reason) for key, reasons in exc.errors.items()
                                  for reason in reasons]
        if progress is not None:
            progress.advance(1)
    wanted = {name.source_id for line in valid for name in line.draft.names if name.source_id is not None}
    # The sources' model through the relation: the registry imports nothing of the sources app, which sits above.
    source_model = cast("type[Model]", PersonName._meta.get_field("source").related_model)
    found = set(source_model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    for line in valid:
        for index, name in enumerate(line.draft.names):
            if name.source_id is not None and name.source_id not in found:
                report.errors.append(Problem(line.line, f"names[{index}].source_id",
                                             _("no source with id %(id)s") % {"id": name.source_id}))
    return valid


def _within_file(valid: Sequence[CheckedLine], report: ImportReport, mode: OnDuplicate) -> None:
    by_name: dict[tuple[str, str], int] = {}
    by_number: dict[tuple[str, str], int] = {}
    for line in valid:
        draft = line.draft
        number = draft.fields.get("service_number", "")
        key = (draft.fields.get("army", ""), number)
        if number and key in by_number:
            reason = _("service number '%(number)s' of army '%(army)s' is also on line %(line)s") % {
                "number": number, "army": key[0], "line": by_number[key]}
            if mode == OnDuplicate.REPORT:
                report.errors.append(Problem(line.line, "service_number", reason))
            else:
                report.duplicates.append(Problem(line.line, "duplicate", reason))
            continue
        if number:
            by_number[key] = line.line
        birth = draft.fields.get("birth_date", "")
        keys = {(normalise(name.text), birth) for name in draft.names} - {("", birth)}
        earlier = sorted({by_name[k] for k in keys if k in by_name})
        if earlier:
            report.duplicates.append(Problem(line.line, "duplicate", _(
                "the same person as line %(line)s? the same name and date of birth") % {"line": earlier[0]}))
        for k in keys:
            by_name.setdefault(k, line.line)


def _recorded_numbers(valid: Sequence[CheckedLine], report: ImportReport, mode: OnDuplicate) -> None:
    """Service numbers already in the registry (the lines repeating one earlier in the file are left to
    _within_file)."""
    seen: set[tuple[str, str]] = set()
    firsts: list[CheckedLine] = []
    for line in valid:
        key = (line.draft.fields.get("army", ""), line.draft.fields.get("service_number", ""))
        if key[1] and key not in seen:
            seen.add(key)
            firsts.append(line)
    for index, reason in service_number_clashes([line.draft for line in firsts]).items():
        problem = Problem(firsts[index].line, "service_number" if mode == OnDuplicate.REPORT else "duplicate",
                          reason)
        if mode == OnDuplicate.REPORT:
            report.errors.append(problem)
        else:
            report.duplicates.append(problem)


def _likely_matches(actor: User, valid: Sequence[CheckedLine], report: ImportReport,
                    progress: ImportProgress | None) -> None:
    if progress is not None:
        progress.start("duplicates", len(valid))
    for batch in in_batches(valid, SEARCH_BATCH):
        queries: list[PersonQuery] = []
        owner: list[int] = []
        for at, line in enumerate(batch):
            draft = line.draft
            countries = tuple(c.country for c in draft.citizenships)
            for text in _distinct_names([name.text for name in draft.names]):
                queries.append(PersonQuery(text, draft.fields.get("birth_date") or None, countries))
                owner.append(at)
        # A spelling the search cannot read (over-long, a script it does not know) is still recorded: its
        # error is not the line's.
        found = search_many(actor, queries, limit=SEARCH_LIMIT, likely_only=True, related=("names",))
        best: list[dict[int, tuple[float, str, str]]] = [{} for _ in batch]
        for at, result in zip(owner, found, strict=True):
            for hit in result.hits:
                if hit.score > best[at].get(hit.person.pk, (-1.0,))[0]:
                    best[at][hit.person.pk] = (hit.score, str(hit.person), hit.explanation)
        for line, matches in zip(batch, best, strict=True):
            for person_id, (score, name, explanation) in sorted(matches.items(), key=lambda item: -item[1][0]):
                report.duplicates.append(Problem(line.line, "duplicate", _(
                    "possible duplicate of person %(id)s, %(name)s (likely, %(score).2f: %(explanation)s)") % {
                    "id": person_id, "name": name, "score": score, "explanation": explanation}))
        if progress is not None:
            progress.advance(len(batch))


def _distinct_names(spellings: list[str]) -> list[str]:
    """The spellings worth a search of their own: one that is a transliteration of a spelling already
    taken (Pavel Novikov beside Павел Новиков) finds the persons that one finds, so it is left out; a
    different name (a maiden name, an alias) is kept."""
    taken: list[str] = []
    for text in spellings:
        try:
            if any(score_candidate(text, [other]).score >= SAME_NAME for other in taken):
                continue
        except ValueError:  # a spelling the matcher cannot read: searched, to report why
            pass
        taken.append(text)
    return taken


def _problem_at(lines: Sequence[Line], key: str, reasons: list[str]) -> Problem:
    """A ``persons[i].field`` error of create_persons as a problem of the i-th line written."""
    where, _dot, name = key.partition(".")
    index = int(where[len("persons["):-1]) if where.startswith("persons[") else 0
    return Problem(lines[index].line if index < len(lines) else 0, name or key, "; ".join(reasons))
