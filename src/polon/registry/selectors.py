"""Every read of the registry goes through these, and every one starts from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf

from polon.accounts.roles import Role
from polon.accounts.scope import person_scope
from polon.audit.log import record
from polon.core.errors import NotFound
from polon.registry.choices import EventType, Status
from polon.registry.lifecycle import RESULT, Derivation, derive
from polon.registry.models import Person, StatusEvent
from polon.registry.services.events import timeline_entries


def visible_persons(user) -> QuerySet[Person]:
    return person_scope(user, Person.objects.all())


def _last_effective_event_type() -> Subquery:
    """SQL twin of lifecycle.derive: the type of a person's last counted event (corrections applied)."""
    superseded = StatusEvent.objects.filter(corrects=OuterRef("pk"))
    counted = (
        StatusEvent.objects.filter(person=OuterRef("pk"))
        .exclude(type=EventType.CORRECTED, corrected_type="")
        .annotate(is_superseded=Exists(superseded.values("pk")))
        .filter(is_superseded=False)
        .annotate(
            effective_type=Case(When(type=EventType.CORRECTED, then=F("corrected_type")), default=F("type"),
                                output_field=CharField()),
            sort_date=Coalesce(NullIf(F("date"), Value("")), Value("9999")),
        )
        .order_by("-sort_date", "-id")
    )
    return Subquery(counted.values("effective_type")[:1], output_field=CharField())


def with_status(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate `status` (derived, never stored) so lists can show and filter it."""
    whens = [When(last_event_type=event, then=Value(status)) for event, status in RESULT.items()]
    return persons.annotate(last_event_type=_last_effective_event_type()).annotate(
        status=Case(*whens, default=Value(Status.NOT_RECORDED), output_field=CharField()))


@dataclass(frozen=True)
class PersonFilters:
    status: str = ""
    citizenship: str = ""
    category: str = ""
    q: str = ""


def person_list(user, filters: PersonFilters = PersonFilters()) -> QuerySet[Person]:
    persons = with_status(visible_persons(user))
    if filters.category:
        persons = persons.filter(category=filters.category)
    if filters.citizenship:
        persons = persons.filter(citizenships__country=filters.citizenship.upper()).distinct()
    if filters.status:
        persons = persons.filter(status=filters.status)
    if filters.q:
        persons = persons.filter(Q(names__text__icontains=filters.q) | Q(service_number__iexact=filters.q)).distinct()
    return persons.prefetch_related("names", "citizenships").order_by("id")


def get_person(user, person_id, *, log_read: bool = True) -> Person:
    """One person in the user's scope, or NotFound. Opening a record as a non-registrar is audited as a read."""
    try:
        person = visible_persons(user).prefetch_related("names", "citizenships").get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"person {person_id} not found") from None
    if log_read and user.role != Role.REGISTRAR:
        with transaction.atomic():
            record(actor=user, action="person.read", obj=person, changes={})
    return person


@dataclass(frozen=True)
class Timeline:
    events: list[StatusEvent]
    derivation: Derivation

    @property
    def status(self) -> str:
        return self.derivation.status


def timeline(person: Person) -> Timeline:
    events = list(person.events.select_related("corrects").prefetch_related("sources").order_by("id"))
    derivation = derive(timeline_entries(events))
    from polon.registry.lifecycle import sort_key

    events.sort(key=lambda e: sort_key(e.date, e.pk))
    return Timeline(events=events, derivation=derivation)
