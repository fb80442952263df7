"""Reconciling the other side's list with the registry.

A file is read and checked whole before anything is written: wrong columns, an encoding other than UTF-8,
a bad date or a line repeated are each reported with file, line, field and reason, and then nothing is
written. Each line is identified by its normalised name and date of birth (`row_key`), so importing the same
list again updates the rows it made the first time. The outcome of a line is a function of the registry,
the judgements recorded so far and the line itself, so it is the same every time it is computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction
from django.db.models import Field, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.access.policies import require
from polon.access.scope import person_scope, visible_or_not_found
from polon.accounts.models import User
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core import tables
from polon.core.batches import in_batches
from polon.core.errors import ValidationFailed
from polon.core.validate import Errors
from polon.exchanges import events
from polon.exchanges.models import (
    EntryStatus,
    ExchangeRound,
    ListJudgement,
    ListRow,
    Outcome,
    RoundEntry,
    Side,
)
from polon.exchanges.selectors import list_rows
from polon.exchanges.services import add_entry
from polon.jobs.kinds import Progress
from polon.jobs.models import Job
from polon.jobs.services import enqueue_job, job_file_bytes
from polon.registry.choices import Category
from polon.registry.models import Person
from polon.registry.search import Found, PersonQuery, SearchQueryError, clean_query, search_many
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

COLUMNS = ("name", "birth_date", "rank", "unit", "citizenship")
# Headers seen on real lists, mapped to our column names (compared case-insensitively).
ALIASES = {
    "name": "name", "full name": "name", "full_name": "name", "піб": "name", "фио": "name", "фамилия имя отчество": "name",
    "прізвище ім'я по батькові": "name", "name, first names": "name",
    "birth_date": "birth_date", "date of birth": "birth_date", "dob": "birth_date", "born": "birth_date",
    "дата рождения": "birth_date", "дата народження": "birth_date", "geburtsdatum": "birth_date",
    "rank": "rank", "звание": "rank", "звання": "rank", "dienstgrad": "rank",
    "unit": "unit", "часть": "unit", "частина": "unit", "в/ч": "unit", "einheit": "unit",
    "citizenship": "citizenship", "nationality": "citizenship", "гражданство": "citizenship",
    "громадянство": "citizenship", "staatsangehörigkeit": "citizenship",
}
MAX_ROWS = 20000
# An uploaded list is refused above this size before it is read into memory.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# An XLSX file is a zip archive: a small file can unpack to gigabytes (a zip bomb). Refused when the archive
# says it unpacks to more than this, when its sheet claims more cells than MAX_XLSX_CELLS, or as soon as
# reading it has met that many cells (the claim can lie).
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_CELLS = 200_000
# A line is matched outright when its best "likely" candidate beats the next one by at least this much.
MARGIN = 0.08
# Candidates kept for a line, each with why it was found: the shortlist an analyst reads.
CANDIDATES = 5


class ListFileError(ValidationFailed):
    """Per-line errors of a list file; nothing was written."""


@dataclass(frozen=True)
class ParsedRow:
    line: int
    name: str
    birth_date: str = ""
    rank: str = ""
    unit: str = ""
    citizenship: str = ""

    @property
    def key(self) -> str:
        return row_key(self.name, self.birth_date)


def row_key(name: str, birth_date: str) -> str:
    text = " ".join(name.casefold().split()) + "|" + (birth_date or "")
    return hashlib.sha256(text.encode()).hexdigest()


def _read_csv(content: bytes, file_name: str) -> list[tuple[int, list[str]]]:
    try:
        return tables.read_csv(content)
    except tables.TableError as exc:
        raise _file_error(file_name, exc) from None


def _file_error(file_name: str, exc: tables.TableError) -> ListFileError:
    return ListFileError({f"{file_name}:line {exc.line}": [f"{exc.field}: {exc.reason}"]})


def check_upload_size(size: int | None, file_name: str) -> None:
    """Refuse a list file larger than MAX_UPLOAD_BYTES; call it before reading the upload."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ListFileError({"file": [
            _("%(file)s is %(size).1f MB; a list of at most %(limit)d MB is read at once: split it into smaller files")
            % {"file": file_name, "size": size / 1024 / 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}]})


def _read_xlsx(content: bytes, file_name: str) -> list[tuple[int, list[str]]]:
    try:
        return tables.read_xlsx(content, max_cells=MAX_XLSX_CELLS, max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES)
    except tables.TableError as exc:
        raise _file_error(file_name, exc) from None


@dataclass(frozen=True)
class BadRow:
    """A line that could not be read: kept as written, with each field's reason, for a user to correct."""

    line: int
    raw_text: str
    values: dict[str, str]
    problems: list[dict[str, str]]

    @property
    def key(self) -> str:
        # The line and its text: the same bad line of the same list, imported again, updates its row.
        return hashlib.sha256(f"invalid|{self.line}|{self.raw_text}".encode()).hexdigest()


@dataclass
class ListContents:
    rows: list[ParsedRow]
    bad: list[BadRow]


def check_values(data: dict[str, str], line: int = 0) -> tuple[ParsedRow | None, Errors]:
    """One line's values by column, checked as a line of a list: the ParsedRow, or None and the errors."""
    row_errors = Errors()
    try:
        name = clean_query(data.get("name", ""))
    except SearchQueryError as exc:
        row_errors.add("name", str(exc))
        name = ""
    birth_date = row_errors.partial_date("birth_date", data.get("birth_date", ""))
    citizenship = row_errors.country("citizenship", data.get("citizenship", ""))
    for column in ("rank", "unit"):
        limit = cast(int, cast(Field, ListRow._meta.get_field(column)).max_length)
        row_errors.text(column, data.get(column, ""), max_length=limit)
    if row_errors:
        return None, row_errors
    return ParsedRow(line=line, name=name, birth_date=birth_date or "", rank=data.get("rank", "").strip(),
                     unit=data.get("unit", "").strip(), citizenship=citizenship or ""), row_errors


def read_list(content: bytes, file_name: str) -> ListContents:
    """The lines of the file: those that can be matched, and those to correct (a bad date, an unreadable name,
    a line repeated), each with its line number, field and reason. A file that cannot be read as a list at all
    (not UTF-8, not a workbook, no 'name' column, an unknown column, too long) raises ListFileError."""
    is_xlsx = file_name.lower().endswith(".xlsx") or content[:2] == b"PK"
    raw = _read_xlsx(content, file_name) if is_xlsx else _read_csv(content, file_name)
    raw = [(line, values) for line, values in raw if any(values)]
    if not raw:
        raise ListFileError({f"{file_name}:line 1": [_("the list is empty")]})
    header_line, header = raw[0]
    columns: list[str | None] = []
    errors: dict[str, list[str]] = {}
    where = f"{file_name}:line {header_line}"
    for title in header:
        name = ALIASES.get(title.strip().casefold())
        if title and name is None:
            errors.setdefault(where, []).append(
                _("columns: unknown column '%(title)s'; the columns are %(columns)s (only name is required)")
                % {"title": title, "columns": ", ".join(COLUMNS)})
        columns.append(name)
    if "name" not in columns:
        errors.setdefault(where, []).append(
            _("columns: no 'name' column; the columns are %(columns)s") % {"columns": ", ".join(COLUMNS)})
    if errors:
        raise ListFileError(errors)
    if len(raw) - 1 > MAX_ROWS:
        raise ListFileError({where: [_("the list has %(lines)d lines; at most %(limit)d are read at once")
                                     % {"lines": len(raw) - 1, "limit": MAX_ROWS}]})
    out = ListContents(rows=[], bad=[])
    seen: dict[str, int] = {}
    for line, values in raw[1:]:
        data = {column: values[i] if i < len(values) else "" for i, column in enumerate(columns) if column}
        raw_text = ", ".join(values).rstrip(", ")

        def bad(problems: list[dict[str, str]], line: int = line, raw_text: str = raw_text,
                data: dict[str, str] = data) -> None:
            out.bad.append(BadRow(line=line, raw_text=raw_text, values=data, problems=problems))

        if len(values) > len(columns) and any(values[len(columns):]):
            bad([{"field": "columns", "reason": _("%(values)d values but the header has %(columns)d columns")
                  % {"values": len(values), "columns": len(columns)}}])
            continue
        row, row_errors = check_values(data, line)
        if row is None:
            bad([{"field": column, "reason": reason} for column, reasons in row_errors.by_field.items()
                 for reason in reasons])
            continue
        if row.key in seen:
            bad([{"field": "name", "reason": (
                _("duplicate: '%(name)s' born %(born)s is already on line %(line)d") if row.birth_date
                else _("duplicate: '%(name)s' is already on line %(line)d"))
                % {"name": row.name, "born": row.birth_date, "line": seen[row.key]}}])
            continue
        seen[row.key] = line
        out.rows.append(row)
    return out


def parse_list(content: bytes, file_name: str) -> list[ParsedRow]:
    """Every line of the file as a ParsedRow, or ListFileError naming each bad line and field (for callers
    that want a list whole or not at all; reconciliation keeps the good lines and flags the bad ones)."""
    contents = read_list(content, file_name)
    if contents.bad:
        raise ListFileError({f"{file_name}:line {b.line}": [f"{p['field']}: {p['reason']}" for p in b.problems]
                             for b in contents.bad})
    return contents.rows


def categories_for(side: str) -> list[str]:
    """Their list of persons we hand over names our captives; their list of persons we receive, our own."""
    if side == Side.HAND_OVER:
        return [Category.POW, Category.CIVILIAN]
    return [Category.OWN_HELD, Category.MISSING, Category.CIVILIAN]


def candidates_for(side: str) -> QuerySet[Person]:
    return Person.objects.filter(category__in=categories_for(side))


@dataclass
class Match:
    outcome: str
    person_id: int | None = None
    score: float | None = None
    explanation: str = ""
    confirmed: bool = False
    candidates: list[dict] = field(default_factory=list)


def match_row(actor: User | None, side: str, name: str, birth_date: str = "", citizenship: str = "") -> Match:
    """What the registry says about one line: :func:`match_rows` for a list of one."""
    return match_rows(actor, side, [ParsedRow(line=0, name=name, birth_date=birth_date,
                                              citizenship=citizenship)])[0]


def match_rows(actor: User | None, side: str, rows: Sequence[ParsedRow]) -> list[Match]:
    """What the registry says about each line, in order: the person a registrar confirmed for that name
    and date of birth if ``actor`` may see him; "not in the registry" where a user said so; else the search's
    candidates (within the side's categories and ``actor``'s scope), less those ruled out, judged by
    :func:`_outcome`. The judgements, records and searches of all the lines are read together."""
    judgements: dict[tuple[str, str], dict[int | None, ListJudgement]] = {}
    for batch in in_batches(sorted({row.name for row in rows})):
        for judgement in ListJudgement.objects.filter(query__in=batch).select_related("judged_by"):
            judgements.setdefault((judgement.query, judgement.birth_date), {})[judgement.person_id] = judgement
    confirmed_ids = sorted({pk for said in judgements.values() for pk, j in said.items() if j.same and pk})
    visible: set[int] = set()
    for id_batch in in_batches(confirmed_ids):
        visible.update(person_scope(actor, candidates_for(side)).filter(pk__in=id_batch)
                       .values_list("pk", flat=True))
    out: list[Match | None] = [None] * len(rows)
    to_search: list[int] = []
    for i, row in enumerate(rows):
        said = judgements.get((row.name, row.birth_date), {})
        j = next((j for pk, j in sorted(said.items(), key=lambda kv: kv[0] or 0)
                  if j.same and pk in visible), None)
        absent = said.get(None)
        if j is not None:
            out[i] = Match(Outcome.MATCHED, j.person_id, 1.0,
                           _("confirmed by %(user)s on %(day)s") % {"user": j.judged_by,
                                                                     "day": f"{j.judged_at:%Y-%m-%d}"},
                           confirmed=True)
        elif absent is not None:
            out[i] = Match(Outcome.UNKNOWN, explanation=_("not in the registry, according to %(user)s on %(day)s")
                           % {"user": absent.judged_by, "day": f"{absent.judged_at:%Y-%m-%d}"}, confirmed=True)
        else:
            to_search.append(i)
    # Ruled-out persons are dropped from the hits: ask for as many more, so a line still shows its best others.
    extra = max((sum(1 for pk, j in judgements.get((rows[i].name, rows[i].birth_date), {}).items()
                     if pk and not j.same) for i in to_search), default=0)
    found = search_many(actor, [PersonQuery(rows[i].name, rows[i].birth_date or None,
                                            (rows[i].citizenship,) if rows[i].citizenship else ())
                                for i in to_search], limit=CANDIDATES + extra, categories=categories_for(side),
                        related=("names", "citizenships"))
    for i, result in zip(to_search, found, strict=True):
        said = judgements.get((rows[i].name, rows[i].birth_date), {})
        out[i] = _outcome(result, said)
    return [m for m in out if m is not None]


# A "possible" hit below this score shares a name word or two with the line but not the name: it is kept on the
# line as a weak candidate (a user may still pick it) but does not make the line ambiguous. Measured on the demo
# registry: invented names ("Джамшид Вигаданов", "Nurlan Abenov") meet such hits at 0.50-0.80, while another
# spelling of a recorded name scores "likely" (0.85 and more).
PLAUSIBLE = 0.8


def _candidate(h: Any) -> dict[str, Any]:
    person = h.person
    return {"person_id": person.pk, "name": str(person), "score": round(h.score, 4), "band": h.band,
            "explanation": h.explanation, "plausible": h.band == "likely" or h.score >= PLAUSIBLE,
            "birth_date": person.birth_date, "status": person.status,
            "citizenships": sorted({c.country for c in person.citizenships.all()})}


def _outcome(found: Found, said: dict[int | None, ListJudgement]) -> Match:
    """Matched: one "likely" candidate standing clear of the next. Ambiguous: any other plausible candidate
    (likely, or possible at PLAUSIBLE or more). Not in the registry: none (no hit at all, only weak ones, or
    every candidate ruled out by "not him")."""
    if found.error is not None:
        # A name in a script the search does not read passed the file's check, which asks only for letters:
        # the line is kept, unknown, with the reason, rather than failing the whole reconciliation there.
        return Match(Outcome.UNKNOWN, explanation=_("not searched: %(reason)s") % {"reason": found.error})
    ruled_out = {pk for pk, j in said.items() if pk and not j.same}
    hits = [h for h in found.hits if h.person.pk not in ruled_out][:CANDIDATES]
    candidates = [_candidate(h) for h in hits]
    likely = [h for h in hits if h.band == "likely"]
    if likely and (len(likely) == 1 or likely[0].score - likely[1].score >= MARGIN):
        best = likely[0]
        return Match(Outcome.MATCHED, best.person.pk, round(best.score, 4), best.explanation,
                     candidates=candidates)
    if any(c["plausible"] for c in candidates):
        return Match(Outcome.AMBIGUOUS, candidates=candidates)
    if ruled_out:
        return Match(Outcome.UNKNOWN, explanation=_("every plausible candidate was ruled out"),
                     candidates=candidates)
    if hits:
        return Match(Outcome.UNKNOWN, explanation=_("no plausible candidate: the names found share only part of "
                                                    "the name"), candidates=candidates)
    return Match(Outcome.UNKNOWN, explanation=_("nobody of this name in the registry"))


def _apply(row: ListRow, match: Match) -> None:
    row.outcome, row.person_id, row.score = match.outcome, match.person_id, match.score
    row.explanation, row.confirmed, row.candidates = match.explanation, match.confirmed, match.candidates
    # A corrected line remembers the bad line it was, so importing the same file again does not flag it anew.
    row.raw_text, row.problems = "", []
    row.raw = {"corrected_from": row.raw["corrected_from"]} if (row.raw or {}).get("corrected_from") else {}


def _apply_bad(row: ListRow, bad: BadRow) -> None:
    """An unreadable line as written: what fits of its name and date, the whole line, and why."""
    row.outcome, row.person_id, row.score, row.explanation, row.confirmed, row.candidates = (
        Outcome.INVALID, None, None, "", False, [])
    row.name = (bad.values.get("name", "") or bad.raw_text)[:300]
    row.birth_date = ""  # (a date field holds only a date; the date as written is in raw)
    row.rank, row.unit = bad.values.get("rank", "")[:80], bad.values.get("unit", "")[:200]
    row.citizenship = bad.values.get("citizenship", "")[:2]
    row.raw_text, row.raw, row.problems = bad.raw_text, dict(bad.values), list(bad.problems)


@dataclass
class Reconciliation:
    round: ExchangeRound | None
    side: str
    rows: list[ListRow]
    created: int = 0
    updated: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)


def _check_list(actor: User, side: str, content: bytes, file_name: str) -> tuple[str, ListContents]:
    """The list's file name and its lines (good and to correct); ListFileError, nothing written, for a file
    that is not a list at all."""
    require(actor, "exchanges.reconcile")
    errors = Errors()
    errors.choice("side", side, Side)
    errors.raise_if_any()
    file_name = (file_name or "list").rsplit("/", 1)[-1]
    check_upload_size(len(content), file_name)
    return file_name, read_list(content, file_name)


def _get_round(round_id: int | str, *, lock: bool = False) -> ExchangeRound:
    rounds = ExchangeRound.objects.select_for_update() if lock else ExchangeRound.objects.all()
    return visible_or_not_found(rounds, round_id, _("exchange round"))


# Lines matched and written per transaction. Matching (reads) happens before the transaction opens, so the
# write lock is held for milliseconds, and a job killed between batches leaves only whole batches. A batch is
# about half a second of matching at 100,000 persons; the batch's reads (judgements, records of the hits)
# and its write, audit event and checkpoint are shared by its lines.
BATCH_ROWS = 100
_COUNTS = ("created", "updated", "matched", "ambiguous", "unknown", "invalid")
_ROW_FIELDS = ("line", "file_name", "name", "birth_date", "rank", "unit", "citizenship", "imported_by", "imported_at",
               "outcome", "person", "score", "explanation", "confirmed", "candidates", "raw_text", "raw", "problems")


def _write_bad_rows(*, actor: User, round_id: int, side: str, bad: Sequence[BadRow], file_name: str,
                    sha256: str) -> dict[str, int]:
    """The lines to correct, in one transaction with their audit event; the tallies. The lines of this file
    flagged by an earlier import and no longer in it (corrected in the file since) go."""
    tally = dict.fromkeys(_COUNTS, 0)
    with transaction.atomic():
        r = _get_round(round_id, lock=True)
        corrected = {raw.get("corrected_from") for raw in ListRow.objects.filter(round=r, side=side)
                     .exclude(outcome=Outcome.INVALID).exclude(raw={}).values_list("raw", flat=True)}
        bad = [b for b in bad if b.key not in corrected]
        keys = [b.key for b in bad]
        stale = ListRow.objects.filter(round=r, side=side, file_name=file_name, outcome=Outcome.INVALID) \
            .exclude(row_key__in=keys)
        dropped = stale.count()
        stale.delete()
        existing = {row.row_key: row for row in ListRow.objects.filter(round=r, side=side, row_key__in=keys)}
        now = timezone.now()
        for b in bad:
            row = existing.get(b.key) or ListRow(round=r, side=side, row_key=b.key)
            tally["updated" if row.pk else "created"] += 1
            row.line, row.file_name, row.imported_by, row.imported_at = b.line, file_name, actor, now
            _apply_bad(row, b)
            row.save()
        tally["invalid"] = len(bad)
        if bad or dropped:
            record(actor=actor, action=Action.EXCHANGE_LIST_BATCH, obj=r, changes=events.list_batch(
                side=side, file_name=file_name, sha256=sha256, first_line=bad[0].line if bad else 0,
                last_line=bad[-1].line if bad else 0, tally={**tally, "dropped_invalid": dropped}))
    return tally


def reconcile_rows(*, actor: User, round_id: int, side: str, parsed: list[ParsedRow], file_name: str, sha256: str,
                   start: int = 0, counts: dict[str, Any] | None = None, keep_rows: bool = True,
                   on_batch: Callable[[int, dict[str, int]], None] | None = None,
                   after_batch: Callable[[], None] | None = None, batch_rows: int | None = None,
                   bad: Sequence[BadRow] = ()) -> Reconciliation:
    """Write the ``bad`` lines to correct (when starting), then match lines ``parsed[start:]`` and write them
    in batches, each one transaction with its audit event, then the import's summary event.
    ``on_batch(next_index, counts)`` runs inside each batch's transaction (a job writes its checkpoint there),
    ``after_batch()`` after it commits (a job reports progress, and stops there when asked to); ``counts``
    carries the tallies of the lines before ``start``."""
    counts = {key: int((counts or {}).get(key, 0)) for key in _COUNTS}
    result = Reconciliation(round=None, side=side, rows=[])
    size = batch_rows or BATCH_ROWS
    if start == 0:
        tally = _write_bad_rows(actor=actor, round_id=round_id, side=side, bad=bad, file_name=file_name,
                                sha256=sha256)
        for key in _COUNTS:
            counts[key] += tally[key]
        if keep_rows and bad:
            result.rows.extend(ListRow.objects.filter(round_id=round_id, side=side,
                                                      row_key__in=[b.key for b in bad]).order_by("line"))
    for offset in range(start, len(parsed), size):
        chunk = parsed[offset:offset + size]
        matches = match_rows(actor, side, chunk)
        with transaction.atomic():
            r = _get_round(round_id, lock=True)
            existing = {row.row_key: row for row in ListRow.objects.filter(
                round=r, side=side, row_key__in=[item.key for item in chunk])}
            tally = dict.fromkeys(_COUNTS, 0)
            now = timezone.now()
            new_rows, old_rows = [], []
            for item, match in zip(chunk, matches, strict=True):
                row = existing.get(item.key)
                if row is None:
                    row = ListRow(round=r, side=side, row_key=item.key)
                    new_rows.append(row)
                else:
                    old_rows.append(row)
                row.line, row.file_name, row.name, row.birth_date = item.line, file_name, item.name, item.birth_date
                row.rank, row.unit, row.citizenship, row.imported_by = item.rank, item.unit, item.citizenship, actor
                row.imported_at = now  # (auto_now, which bulk writes do not apply)
                _apply(row, match)
                tally[row.outcome] += 1
                if keep_rows:
                    result.rows.append(row)
            ListRow.objects.bulk_create(new_rows)
            for row in old_rows:  # (bulk_update's CASE per field and row cost five times as much)
                row.save(update_fields=_ROW_FIELDS)
            tally["created"], tally["updated"] = len(new_rows), len(old_rows)
            record(actor=actor, action=Action.EXCHANGE_LIST_BATCH, obj=r, changes=events.list_batch(
                side=side, file_name=file_name, sha256=sha256, first_line=chunk[0].line, last_line=chunk[-1].line,
                tally=tally))
            for key in _COUNTS:
                counts[key] += tally[key]
            if on_batch is not None:
                on_batch(offset + len(chunk), dict(counts))
        if after_batch is not None:
            after_batch()
    with transaction.atomic():
        r = _get_round(round_id, lock=True)
        record(actor=actor, action=Action.EXCHANGE_LIST_IMPORT, obj=r, changes=events.list_imported(
            side=side, file_name=file_name, sha256=sha256, lines=len(parsed) + len(bad), counts=counts))
    result.round, result.created, result.updated = r, counts["created"], counts["updated"]
    result.counts = counts
    return result


def reconcile_list(*, actor: User, round_id: int, side: str, content: bytes, file_name: str) -> Reconciliation:
    """Import the other side's list for one side of a round and match every line against the registry, here
    and now (`start_reconcile` does it as a background job). Written in batches of BATCH_ROWS lines."""
    file_name, contents = _check_list(actor, side, content, file_name)
    _get_round(round_id)
    return reconcile_rows(actor=actor, round_id=round_id, side=side, parsed=contents.rows, bad=contents.bad,
                          file_name=file_name, sha256=hashlib.sha256(content).hexdigest())


def start_reconcile(*, actor: User, round_id: int, side: str, content: bytes, file_name: str) -> Job:
    """Check the list whole (errors now, nothing written) and queue its reconciliation as a job; the Job."""
    file_name, contents = _check_list(actor, side, content, file_name)
    r = _get_round(round_id)
    return enqueue_job(actor=actor, kind=JOB_KIND, files=[(file_name, content)], total=len(contents.rows), params={
        "round_id": r.pk, "round_number": r.number, "side": side, "file_name": file_name,
        "lines": len(contents.rows) + len(contents.bad), "invalid": len(contents.bad)})


JOB_KIND = "exchanges.reconcile"


def run_job(job: Job, progress: Progress) -> dict[str, Any]:
    """The job kind "exchanges.reconcile": resumes after the last batch a killed run committed."""
    content = job_file_bytes(job.files.get(position=0))
    side, file_name = job.params["side"], job.params["file_name"]
    file_name, contents = _check_list(job.created_by, side, content, file_name)
    parsed = contents.rows
    start = int(job.checkpoint.get("next", 0))
    progress.total(len(parsed))
    progress.set_done(start)

    def on_batch(next_index: int, counts: dict[str, int]) -> None:
        progress.checkpoint({"next": next_index, "counts": counts}, done=next_index)

    result = reconcile_rows(actor=job.created_by, round_id=job.params["round_id"], side=side, parsed=parsed,
                            file_name=file_name, sha256=hashlib.sha256(content).hexdigest(), start=start,
                            counts=job.checkpoint.get("counts"), keep_rows=False, on_batch=on_batch,
                            after_batch=lambda: progress.advance(0), batch_rows=job.params.get("batch_rows"),
                            bad=contents.bad)
    assert result.round is not None  # reconcile_rows reads the round it was given
    return {"round_id": result.round.pk, "round_number": result.round.number, "side": side, "file": file_name,
            "lines": len(parsed) + len(contents.bad), **result.counts, "resumed_at": start}


def _row_for_write(actor: User, row_id: int | str) -> ListRow:
    return visible_or_not_found(list_rows(actor).select_for_update(of=("self",)), row_id, _("list row"))


def _readable(row: ListRow) -> None:
    if row.outcome == Outcome.INVALID:
        raise ValidationFailed({"row": _("line %(line)d cannot be read yet: correct it first") % {"line": row.line}})


def judge_row(*, actor: User, row_id: int, person_id: int, same: bool) -> ListRow:
    """An analyst confirms (or rejects) that a line of the list is this person; kept for every later import."""
    require(actor, "exchanges.reconcile")
    with transaction.atomic():
        row = _row_for_write(actor, row_id)
        _readable(row)
        person = visible_or_not_found(person_scope(actor, candidates_for(row.side)), person_id, _("person"))
        ListJudgement.objects.update_or_create(query=row.name, birth_date=row.birth_date, person_id=person.pk,
                                               defaults={"same": bool(same), "judged_by": actor})
        if same:  # he is this person, so the name is in the registry after all
            ListJudgement.objects.filter(query=row.name, birth_date=row.birth_date, person__isnull=True).delete()
        before = events.list_row_state(row)
        _apply(row, match_row(actor, row.side, row.name, row.birth_date, row.citizenship))
        row.save()
        record(actor=actor, action=Action.EXCHANGE_LIST_JUDGE, obj=row,
               changes=events.list_row_judged(row, person_id=person.pk, same=bool(same), before=before))
    return row


def mark_not_in_registry(*, actor: User, row_id: int) -> ListRow:
    """A user's word that the name on this line is nobody in the registry: the line is "not in the registry"
    on this and every later import (until someone confirms a person for it); a person confirmed for it
    before is ruled out."""
    require(actor, "exchanges.reconcile")
    with transaction.atomic():
        row = _row_for_write(actor, row_id)
        _readable(row)
        ListJudgement.objects.filter(query=row.name, birth_date=row.birth_date, same=True).update(same=False)
        ListJudgement.objects.update_or_create(query=row.name, birth_date=row.birth_date, person=None,
                                               defaults={"same": False, "judged_by": actor})
        before = events.list_row_state(row)
        _apply(row, match_row(actor, row.side, row.name, row.birth_date, row.citizenship))
        row.save()
        record(actor=actor, action=Action.EXCHANGE_LIST_JUDGE, obj=row,
               changes=events.list_row_judged(row, person_id=None, same=False, before=before))
    return row


def correct_row(*, actor: User, row_id: int, name: str, birth_date: str = "", rank: str = "", unit: str = "",
                citizenship: str = "") -> ListRow:
    """Correct a line of the list that could not be read, checked as a line of a file is, then match it."""
    require(actor, "exchanges.reconcile")
    row_data = {"name": name or "", "birth_date": birth_date or "", "rank": rank or "", "unit": unit or "",
                "citizenship": citizenship or ""}
    with transaction.atomic():
        row = _row_for_write(actor, row_id)
        if row.outcome != Outcome.INVALID:
            raise ValidationFailed({"row": _("line %(line)d was read already") % {"line": row.line}})
        parsed, errors = check_values(row_data, row.line)
        errors.raise_if_any()
        assert parsed is not None  # no errors: the line was read
        clash = ListRow.objects.filter(round_id=row.round_id, side=row.side, row_key=parsed.key) \
            .exclude(pk=row.pk).first()
        if clash is not None:
            raise ValidationFailed({"name": (
                _("duplicate: '%(name)s' born %(born)s is already on line %(line)d") if parsed.birth_date
                else _("duplicate: '%(name)s' is already on line %(line)d"))
                % {"name": parsed.name, "born": parsed.birth_date, "line": clash.line}})
        before = {"line": row.raw_text, "problems": row.problems}
        bad_key = row.row_key
        row.row_key, row.name, row.birth_date = parsed.key, parsed.name, parsed.birth_date
        row.rank, row.unit, row.citizenship = parsed.rank, parsed.unit, parsed.citizenship
        row.raw = {"corrected_from": bad_key}
        _apply(row, match_row(actor, row.side, row.name, row.birth_date, row.citizenship))
        row.save()
        record(actor=actor, action=Action.EXCHANGE_LIST_CORRECT, obj=row,
               changes=events.list_row_corrected(row, before=before))
    return row


def new_person_category(side: str) -> str:
    """What a person first known from a line of the other side's list is: a captive we hold on the list of
    those we hand over, our own national held by the adversary on the list of those we receive."""
    return Category.POW if side == Side.HAND_OVER else Category.OWN_HELD


def record_row_as_new(*, actor: User, row_id: int, names: Sequence[str], birth_date: str = "",
                      citizenships: Sequence[str] = (), category: str = "", rank: str = "",
                      unit: str = "") -> ListRow:
    """Record the person a line names, not in the registry, as a new person (the line's name first, any other
    spellings after it), and tie the line to him: a confirmed match, kept for every later import."""
    require(actor, "exchanges.reconcile")
    with transaction.atomic():
        row = _row_for_write(actor, row_id)
        _readable(row)
        if row.outcome == Outcome.MATCHED:
            raise ValidationFailed({"row": _("line %(line)d is matched to a person already") % {"line": row.line}})
        category = category or new_person_category(row.side)
        if category not in categories_for(row.side):
            raise ValidationFailed({"category": _("a person on this list is one of: %(allowed)s") % {
                "allowed": ", ".join(str(Category(c).label) for c in categories_for(row.side))}})
        spellings = [row.name, *(n.strip() for n in names if n.strip() and n.strip() != row.name)]
        r = row.round
        person = create_person(
            actor=actor, names=[NameInput(text=text) for text in dict.fromkeys(spellings)], category=category,
            birth_date=birth_date, rank=rank, unit=unit,
            citizenships=[CitizenshipInput(country=c) for c in dict.fromkeys(citizenships) if c],
            notes=_("Recorded from line %(line)d of the other side's list for exchange round %(number)s.")
            % {"line": row.line, "number": r.number})
        ListJudgement.objects.filter(query=row.name, birth_date=row.birth_date, person__isnull=True).delete()
        ListJudgement.objects.update_or_create(query=row.name, birth_date=row.birth_date, person_id=person.pk,
                                               defaults={"same": True, "judged_by": actor})
        before = events.list_row_state(row)
        _apply(row, match_row(actor, row.side, row.name, row.birth_date, row.citizenship))
        row.save()
        record(actor=actor, action=Action.EXCHANGE_LIST_JUDGE, obj=row,
               changes=events.list_row_judged(row, person_id=person.pk, same=True, before=before))
    return row


@dataclass
class AddedMatched:
    added: list[RoundEntry] = field(default_factory=list)
    # (line, person, why not added): persons the list cannot hold or whose registry status needs a look first
    skipped: list[tuple[int, str, str]] = field(default_factory=list)


def add_matched_to_round(*, actor: User, round_id: int, side: str) -> AddedMatched:
    """Put every matched person of the other side's list on the round, as requested by the other side. A
    person whose registry status asks for a second look (dead, released…) is left out and named, to be added
    one by one with the warning confirmed."""
    require(actor, "exchanges.prepare")
    out = AddedMatched()
    with transaction.atomic():
        rows = list_rows(actor).filter(round_id=round_id, side=side, outcome=Outcome.MATCHED).order_by("line")
        on_round = set(RoundEntry.objects.filter(round_id=round_id).values_list("person_id", flat=True))
        for row in rows:
            assert row.person_id is not None  # a matched row holds its person
            if row.person_id in on_round:
                continue
            try:
                out.added.append(add_entry(
                    actor=actor, round_id=round_id, side=side, person_id=row.person_id, status=EntryStatus.REQUESTED,
                    note=_("their list, line %(line)d: %(name)s") % {"line": row.line, "name": row.name}))
            except ValidationFailed as exc:
                reasons = [r for field_reasons in exc.errors.values() for r in field_reasons]
                out.skipped.append((row.line, str(row.person), reasons[0] if reasons else ""))
                continue
            on_round.add(row.person_id)
    return out


EXPORT_COLUMNS = ("line", "name", "birth_date", "rank", "unit", "citizenship", "outcome", "person_id",
                  "registry_name", "score", "explanation", "candidates")


def export_rows(rows: Iterable[ListRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        out.append({
            "line": row.line, "name": row.name, "birth_date": row.birth_date, "rank": row.rank, "unit": row.unit,
            "citizenship": row.citizenship, "outcome": row.outcome, "person_id": row.person_id or "",
            "registry_name": str(row.person) if row.person_id else "",
            "score": "" if row.score is None else f"{row.score:.2f}",
            "explanation": "; ".join(f"{p['field']}: {p['reason']}" for p in row.problems) if row.problems
            else row.explanation,
            "candidates": "; ".join(f"{c['person_id']} {c['name']} ({c['score']:.2f})" for c in row.candidates),
        })
    return out
