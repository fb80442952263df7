"""Every read of the registry goes through these, and every one starts from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from polon.access.policies import may
from polon.access.scope import person_scope, scope_via_person, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.registry import audit_events
from polon.registry.lifecycle import Derivation, derive, sort_key
from polon.registry.models import Citizenship, Person, PersonDocument, PersonName, StatusEvent
from polon.registry.services.events import timeline_entries

if TYPE_CHECKING:
    from polon.accounts.models import User


def visible_persons(user: User | None) -> QuerySet[Person]:
    return person_scope(user, Person.objects.all())


@dataclass(frozen=True)
class PersonFilters:
    status: str = ""
    citizenship: str = ""
    category: str = ""
    q: str = ""


def citizens_of(country: str) -> QuerySet[Citizenship, Any]:
    """Ids of the persons holding a citizenship of `country`, as a subquery (`pk__in=`): a semi-join, so no
    DISTINCT and no duplicate rows, run from the (country, person) index. Not scoped: combine it with a scoped
    queryset."""
    return Citizenship.objects.filter(country=country.upper()).values("person_id")


def person_list(user: User | None, filters: PersonFilters = PersonFilters()) -> QuerySet[Person]:
    """Persons in scope, filtered, in id order; Person.status is the stored current status (plain columns and
    semi-joins only, so a page and its count stay index lookups at any size)."""
    persons = visible_persons(user)
    if filters.category:
        persons = persons.filter(category=filters.category)
    if filters.citizenship:
        persons = persons.filter(pk__in=citizens_of(filters.citizenship))
    if filters.status:
        persons = persons.filter(status=filters.status)
    if filters.q:
        spelled = PersonName.objects.filter(text__icontains=filters.q).values("person_id")
        persons = persons.filter(Q(pk__in=spelled) | Q(service_number__iexact=filters.q))
    return persons.prefetch_related("names", "citizenships").order_by("id")


def count_by_status(persons: QuerySet[Person]) -> dict[str, int]:
    """Persons per current status: one GROUP BY on the stored, indexed column."""
    return dict(persons.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))


def count_by_citizenship(user: User | None) -> dict[str, int]:
    """Persons in scope per country of citizenship (a dual citizen counts for each of his countries, once)."""
    held = scope_via_person(user, Citizenship.objects.all())
    return dict(held.order_by().values("country").annotate(n=Count("person_id", distinct=True))
                .values_list("country", "n"))


def get_person(user: User | None, person_id: int | str, *, log_read: bool = True) -> Person:
    """One person in the user's scope, or NotFound. Opening a record as a non-registrar is audited as a read
    (the one write of a selector, in its own transaction)."""
    persons = visible_persons(user).prefetch_related(
        Prefetch("names", queryset=PersonName.objects.select_related("source")), "citizenships")
    person = visible_or_not_found(persons, person_id, gettext("person"))
    if log_read and not may(user, "registry.unlogged_reads"):
        with transaction.atomic():
            record(actor=user, action=Action.PERSON_READ, obj=person, changes=audit_events.person_read())
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
    events.sort(key=lambda e: sort_key(e.date, e.pk))
    return Timeline(events=events, derivation=derivation)


def documents(user: User | None, person: Person) -> QuerySet[PersonDocument]:
    """The documents of a person the caller has already fetched in scope (get_person), newest first."""
    return scope_via_person(user, PersonDocument.objects.filter(person=person)).select_related("uploaded_by")


def get_document(user: User | None, person_id: int | str, document_id: int | str, *,
                 log_read: bool = True) -> PersonDocument:
    """One document of a person in the user's scope, or NotFound (a document of a person she may not see is
    answered like one that does not exist). Opening it as a role whose reads are logged is audited."""
    found = scope_via_person(user, PersonDocument.objects.filter(person_id=person_id))
    document = visible_or_not_found(found, document_id, gettext("document"))
    if log_read and not may(user, "registry.unlogged_reads"):
        with transaction.atomic():
            record(actor=user, action=Action.DOCUMENT_READ, obj=document,
                   changes=audit_events.document_read(document.person_id))
    return document


def document_holds(stored_path: str) -> bool:
    """Whether a person's document or its thumbnail uses this stored file (registered with the file store)."""
    return PersonDocument.objects.filter(Q(stored_path=stored_path) | Q(thumbnail_path=stored_path)).exists()
