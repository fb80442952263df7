"""The obligation clock's duty of the lists for the Central Tracing Agency (GC III Arts. 122, 123):

- ``cta.information``: the particulars of every prisoner of war captured are forwarded to the Central Tracing
  Agency "within the shortest possible period" — due ``rule("cta.information")`` days (POLON_CTA_DAYS, default
  7) after his capture (the first effective capture on his timeline; a capture dated by month or year counts
  from its first day, an undated one from the day it was recorded); done when a list to the Central Tracing
  Agency carries him. Prisoners of war held by us only (category POW).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from polon.access.scope import person_scope
from polon.core.duties import Duty, rule
from polon.core.partial_dates import PartialDate, PartialDateError
from polon.cta.models import CtaEntry, Recipient
from polon.registry.choices import Category, EventType
from polon.registry.lifecycle import TimelineEntry, effective
from polon.registry.models import Person, PersonName, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

KIND = "cta.information"
CHUNK = 500


def _first_day(text: str) -> date | None:
    try:
        parsed = PartialDate.parse(text)
    except PartialDateError:
        return None
    return date(parsed.year, parsed.month or 1, parsed.day or 1)


def capture_dates(person_ids: list[int]) -> dict[int, date]:
    """Each person's capture date (the first effective capture on his timeline, corrections applied)."""
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
        if captures:
            first = captures[0]
            found[person_id] = (_first_day(first.date) if first.date else None) or recorded[int(str(first.key))]
    return found


def open_duties(*, user: User, today: date) -> list[Duty]:
    """The prisoners of war in ``user``'s scope captured and never on a list to the Central Tracing Agency."""
    del today  # every open duty is listed; the clock computes overdue and due soon from the due date
    the_rule = rule(KIND)
    sent = set(CtaEntry.objects.filter(cta_list__recipient=Recipient.CTA).values_list("person_id", flat=True))
    owing = [pk for pk in person_scope(user, Person.objects.filter(category=Category.POW)).values_list(
        "pk", flat=True) if pk not in sent]
    captured = capture_dates(owing)
    names: dict[int, str] = {}
    ids = sorted(captured)
    for start in range(0, len(ids), CHUNK):
        names.update(PersonName.objects.filter(person_id__in=ids[start:start + CHUNK], is_primary=True)
                     .values_list("person_id", "text"))
    return [Duty(kind=KIND, article=the_rule.article, title=the_rule.title, due=the_rule.due_from(anchor),
                 subject=names.get(pk, f"#{pk}"), person_id=pk, url_name="cta:index", key=f"person:{pk}",
                 anchor=anchor) for pk, anchor in sorted(captured.items())]
