"""The capture card duty (GC III Art. 70): a prisoner of war we hold is enabled to send his capture card
"immediately upon capture, or not more than one week after arrival at a camp"; the bureau forwards it.

Due: ``rule("exports.capture_card")`` days (POLON_CAPTURE_CARD_DAYS, default 7) after the capture, the first
capture on his effective timeline (corrections applied). A capture dated only by month or year counts from the
first day of that month or year (the clock errs early); an undated one from the day it was recorded. Done: a
capture card export (exports.ExportRecord of kind capture_card) names him. Only prisoners of war held by us
(category POW) still in our custody (held or in hospital) owe a card: a dead prisoner's duty is his death
notification (deaths), a released one's is gone.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.access.scope import person_scope
from polon.core.duties import Duty, rule
from polon.core.partial_dates import PartialDate, PartialDateError
from polon.exports.models import ExportKind, ExportRecord
from polon.registry.choices import Category, EventType
from polon.registry.lifecycle import IN_CUSTODY, TimelineEntry, effective
from polon.registry.models import Person, PersonName, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

KIND = "exports.capture_card"
# Ids per query (SQLite's and PostgreSQL's limits on parameters are far above it).
CHUNK = 500


def earliest_day(text: str) -> date | None:
    """The first day a partial ISO date ("2025", "2025-03", "2025-03-05") can mean; None if not a date."""
    try:
        parsed = PartialDate.parse(text)
    except PartialDateError:
        return None
    return date(parsed.year, parsed.month or 1, parsed.day or 1)


def carded_person_ids() -> set[int]:
    """The persons named by any capture card export."""
    carded: set[int] = set()
    for ids in ExportRecord.objects.filter(kind=ExportKind.CAPTURE_CARD).values_list("person_ids", flat=True):
        carded.update(int(pk) for pk in ids or ())
    return carded


def capture_dates(person_ids: list[int]) -> dict[int, date]:
    """Each person's capture date (the first effective capture on his timeline), where he has one. Only captures
    and corrections are read: a correction may make or unmake a capture; nothing else can."""
    entries: dict[int, list[TimelineEntry]] = {}
    recorded: dict[int, date] = {}
    for start in range(0, len(person_ids), CHUNK):
        rows = StatusEvent.objects.filter(
            person_id__in=person_ids[start:start + CHUNK], type__in=(EventType.CAPTURED, EventType.CORRECTED),
        ).order_by("person_id", "id").values_list("pk", "person_id", "type", "date", "corrects_id",
                                                  "corrected_type", "recorded_at")
        for pk, person_id, type_, day, corrects, corrected_type, recorded_at in rows:
            entries.setdefault(person_id, []).append(TimelineEntry(
                key=pk, type=type_, date=day or "", order=pk, corrects=corrects, corrected_type=corrected_type))
            recorded[pk] = recorded_at.date()
    found: dict[int, date] = {}
    for person_id, timeline in entries.items():
        counted, _superseded = effective(timeline)
        captures = [e for e in counted if e.type == EventType.CAPTURED]
        if not captures:
            continue
        first = captures[0]
        anchor = earliest_day(first.date) if first.date else None
        found[person_id] = anchor or recorded[int(str(first.key))]
    return found


def open_duties(*, user: User, today: date) -> list[Duty]:
    """Capture cards not yet sent for the prisoners of war held by us in ``user``'s scope."""
    the_rule = rule(KIND)
    persons = person_scope(user, Person.objects.filter(category=Category.POW, status__in=sorted(IN_CUSTODY)))
    carded = carded_person_ids()
    owing = [pk for pk in persons.values_list("pk", flat=True) if pk not in carded]
    captured = capture_dates(owing)
    if not captured:
        return []
    names: dict[int, str] = {}
    ids = sorted(captured)
    for start in range(0, len(ids), CHUNK):
        names.update(PersonName.objects.filter(person_id__in=ids[start:start + CHUNK], is_primary=True)
                     .values_list("person_id", "text"))
    duties = []
    for person_id, anchor in captured.items():
        duties.append(Duty(
            kind=KIND, article=the_rule.article, title=the_rule.title, due=the_rule.due_from(anchor),
            subject=names.get(person_id, f"#{person_id}"), person_id=person_id, url_name="web:person-detail",
            url_args=(person_id,), key=f"person:{person_id}", anchor=anchor))
    return duties

