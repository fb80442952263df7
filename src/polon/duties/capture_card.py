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
from polon.exports.models import ExportKind, ExportRecord
from polon.registry.choices import Category
from polon.registry.lifecycle import IN_CUSTODY
from polon.registry.models import Person, PersonName
from polon.registry.selectors import capture_dates

if TYPE_CHECKING:
    from polon.accounts.models import User

KIND = "exports.capture_card"
# Ids per query (SQLite's and PostgreSQL's limits on parameters are far above it).
CHUNK = 500




def carded_person_ids() -> set[int]:
    """The persons named by any capture card export."""
    carded: set[int] = set()
    for ids in ExportRecord.objects.filter(kind=ExportKind.CAPTURE_CARD).values_list("person_ids", flat=True):
        carded.update(int(pk) for pk in ids or ())
    return carded




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

