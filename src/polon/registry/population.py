"""Who is at which place of internment, derived from the timeline (GC III Arts. 22, 23, 56; places.Place).

A person is at a place when his last effective event that moved him names it (capture, evacuation,
internment, transfer, hospitalisation, discharge, recapture) and he is still in custody: an escape, a
release, an exchange, a repatriation or his death ends his stay. A discharge from hospital that names no place
takes him back where he was before the hospital; another movement that names no place leaves him at an
unknown place. Corrections count as the timeline counts them (lifecycle.effective).

Places sit below the registry and know nothing of persons; their populations are read here, scoped like
every other read of persons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from polon.access.scope import person_scope
from polon.registry.choices import EventType as E
from polon.registry.choices import Status as S
from polon.registry.lifecycle import IN_CUSTODY, TimelineEntry, effective, sort_key
from polon.registry.models import Citizenship, Person, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

# Events after which a person is no longer held anywhere.
ENDS_CUSTODY = frozenset({E.ESCAPED, E.RELEASED, E.EXCHANGED, E.REPATRIATED, E.DIED, E.REMAINS_REPATRIATED})


@dataclass
class Population:
    """A place's population within a user's scope: those there now (in custody), counted by status,
    citizenship (a person holding two is counted under each; "" when none is recorded) and category; and
    those who were there once, by their status now."""

    place_id: int
    present: list[int] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    by_citizenship: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    former_by_status: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.present)

    @property
    def former(self) -> int:
        return sum(self.former_by_status.values())


def place_history(events: Iterable[StatusEvent], *, on: date | None = None) -> tuple[int | None, set[int]]:
    """The place a person is at after ``events`` (his whole timeline; only those dated up to ``on`` when
    given), and every place his timeline names. None: not held, or held at an unknown place."""
    rows = list(events)
    place_of = {e.pk: e.internment_place_id for e in rows}
    entries = [TimelineEntry(key=e.pk, type=e.type, date=e.date, order=e.pk, corrects=e.corrects_id,
                             corrected_type=e.corrected_type) for e in rows]
    counted, _superseded = effective(entries)
    limit = on.isoformat() if on else None
    current: int | None = None
    before_hospital: int | None = None
    visited: set[int] = set()
    for entry in counted:
        if limit is not None and sort_key(entry.date, 0)[0] > limit:
            break
        place = place_of.get(entry.key)  # type: ignore[call-overload]
        if place is not None:
            visited.add(place)
        if entry.type in ENDS_CUSTODY:
            current = None
        elif entry.type == E.HOSPITALISED:
            before_hospital = current if before_hospital is None else before_hospital
            current = place
        elif entry.type == E.DISCHARGED:
            current = place if place is not None else before_hospital
            before_hospital = None
        elif entry.type != E.CORRECTED:
            current = place
            before_hospital = None
    return current, visited


def _timelines(person_ids: QuerySet[Person] | Iterable[int]) -> dict[int, list[StatusEvent]]:
    by_person: dict[int, list[StatusEvent]] = defaultdict(list)
    events = StatusEvent.objects.filter(person_id__in=person_ids).only(
        "id", "person_id", "type", "date", "corrects_id", "corrected_type", "internment_place_id").order_by("id")
    for event in events:
        by_person[event.person_id].append(event)
    return by_person


def populations(user: User | None, place_ids: Iterable[int] | None = None, *,
                on: date | None = None) -> dict[int, Population]:
    """The population of each place (of ``place_ids``, or of every place any event names) among the persons
    ``user`` may see, now or as it stood on ``on``."""
    wanted = None if place_ids is None else set(place_ids)
    placed = StatusEvent.objects.filter(internment_place__isnull=False)
    if wanted is not None:
        placed = placed.filter(internment_place_id__in=wanted)
    persons = person_scope(user, Person.objects.filter(pk__in=placed.values("person_id")))
    status_of = dict(persons.values_list("pk", "status"))
    result: dict[int, Population] = {pk: Population(place_id=pk) for pk in (wanted or ())}
    if not status_of:
        return result
    category_of = dict(Person.objects.filter(pk__in=status_of).values_list("pk", "category"))
    citizenships: dict[int, list[str]] = defaultdict(list)
    for person_id, country in Citizenship.objects.filter(person_id__in=status_of).values_list("person_id", "country") \
            .order_by("person_id", "country").distinct():
        if country not in citizenships[person_id]:
            citizenships[person_id].append(country)
    counters: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for person_id, events in _timelines(list(status_of)).items():
        current, visited = place_history(events, on=on)
        status = status_of[person_id]
        in_custody = status in IN_CUSTODY if on is None else current is not None
        for place in visited:
            if wanted is not None and place not in wanted:
                continue
            population = result.setdefault(place, Population(place_id=place))
            if place == current and in_custody:
                population.present.append(person_id)
                counters[place]["status"][status if on is None else S.HELD] += 1
                counters[place]["category"][category_of.get(person_id, "")] += 1
                for country in citizenships.get(person_id) or [""]:
                    counters[place]["citizenship"][country] += 1
            else:
                counters[place]["former"][status] += 1
    for place, counter in counters.items():
        population = result[place]
        population.by_status = dict(counter["status"].most_common())
        population.by_category = dict(counter["category"].most_common())
        population.by_citizenship = dict(counter["citizenship"].most_common())
        population.former_by_status = dict(counter["former"].most_common())
    for population in result.values():
        population.present.sort()
    return result


def population(user: User | None, place_id: int, *, on: date | None = None) -> Population:
    return populations(user, [place_id], on=on)[place_id]


def present_persons(user: User | None, place_id: int, *, on: date | None = None) -> QuerySet[Person]:
    """The persons ``user`` may see who are at the place (now, or on ``on``), with their names and
    citizenships, in id order."""
    ids = population(user, place_id, on=on).present
    return person_scope(user, Person.objects.filter(pk__in=ids)).prefetch_related(
        "names", "citizenships").order_by("id")
