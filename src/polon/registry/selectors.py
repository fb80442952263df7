"""Every read of the registry goes through these, and every one starts from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext

from polon.access import fields
from polon.access.policies import may
from polon.access.scope import person_scope, scope_via_person, visible_or_not_found
from polon.audit.actions import Action
from polon.audit.log import record
from polon.core.collation import collated
from polon.core.countries import collation_key, country_label
from polon.core.partial_dates import first_day
from polon.registry import audit_events
from polon.registry.choices import EventType, Status
from polon.registry.lifecycle import Derivation, TimelineEntry, derive, effective, sort_key
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


# How many of the search engine's hits a name typed in a list's filter keeps (best first).
NAMED_LIMIT = 200

# The orders a list of persons may be sorted in ("-" before one: descending).
PERSON_ORDERS = ("name", "birth_date", "citizenship", "status", "created", "updated")


def person_list(user: User | None, filters: PersonFilters = PersonFilters(), *, order: str = "",
                language: str = "en") -> QuerySet[Person]:
    """Persons in scope, filtered, in id order, or in ``order`` (one of PERSON_ORDERS, "-" for descending;
    ``language``: whose alphabet orders citizenships). Person.status is the stored current status (plain columns
    and semi-joins only, so a page and its count stay index lookups at any size).

    A name in ``filters.q`` is found by the search engine (any script, any spelling it reads), as the search
    box finds it: the best hits, annotated ``match_score`` and ordered by it unless another order is asked
    for; a record number or service number typed there finds that person."""
    persons = visible_persons(user)
    if filters.category:
        persons = persons.filter(category=filters.category)
    if filters.citizenship:
        persons = persons.filter(pk__in=citizens_of(filters.citizenship))
    if filters.status:
        persons = persons.filter(status=filters.status)
    named = None
    if filters.q.strip():
        named = _named(user, filters.q.strip(), filters.category)
        persons = persons.filter(Q(pk__in=list(named)) | Q(service_number__iexact=filters.q.strip()))
        persons = persons.annotate(match_score=Case(
            *(When(pk=pk, then=Value(round(score * 100))) for pk, score in named.items()),
            default=Value(100), output_field=IntegerField()))
    persons = persons.prefetch_related("names", "citizenships")
    if order.lstrip("-") in PERSON_ORDERS:
        return _ordered(persons, order, language)
    if named:
        return persons.order_by("-match_score", "id")
    return persons.order_by("id")


def _named(user: User | None, q: str, category: str) -> dict[int, float]:
    """Record ids and scores of the persons in scope ``q`` names (a record number: that person), best first."""
    from polon.registry.search import SearchQueryError, search_persons

    number = q.lstrip("#№ ").strip()
    if number.isdigit():
        return {pk: 1.0 for pk in visible_persons(user).filter(pk=int(number)).values_list("pk", flat=True)}
    try:
        hits = search_persons(user, q, limit=NAMED_LIMIT, categories=[category] if category else None)
    except (SearchQueryError, ValueError):
        return {}
    return {int(hit.person.pk): hit.score for hit in hits}


def _ordered(persons: QuerySet[Person], order: str, language: str) -> QuerySet[Person]:
    """``persons`` sorted by one column, the record number breaking ties (so pages never overlap)."""
    key = order.lstrip("-")
    descending = order.startswith("-")
    if key == "name":
        primary = PersonName.objects.filter(person=OuterRef("pk"), is_primary=True)
        persons = persons.annotate(
            sort_surname=Subquery(primary.annotate(s=Coalesce(NullIf("surname", Value("")), "text")).values("s")[:1]),
            sort_given=Subquery(primary.values("given")[:1]))
        return persons.order_by(*(
            collated(f, language).desc() if descending else collated(f, language).asc()
            for f in ("sort_surname", "sort_given")), "-id" if descending else "id")
    elif key == "citizenship":
        first = Citizenship.objects.filter(person=OuterRef("pk")).order_by("country").values("country")[:1]
        codes = sorted(Citizenship.objects.order_by().values_list("country", flat=True).distinct())
        by_name = collation_key(language)
        ranked = sorted(codes, key=lambda code: by_name(country_label(code, language)))
        persons = persons.annotate(sort_country=Subquery(first)).annotate(sort_citizenship=Case(
            *(When(sort_country=code, then=Value(rank)) for rank, code in enumerate(ranked)),
            default=Value(len(ranked)), output_field=IntegerField()))
        fields = ["sort_citizenship"]
    elif key == "status":
        persons = persons.annotate(sort_status=Case(
            *(When(status=value, then=Value(rank)) for rank, value in enumerate(Status.values)),
            default=Value(len(Status.values)), output_field=IntegerField()))
        fields = ["sort_status"]
    elif key == "birth_date":
        # Unknown dates last either way.
        persons = persons.annotate(sort_birth=NullIf("birth_date", Value("")))
        return persons.order_by(F("sort_birth").desc(nulls_last=True) if descending
                                else F("sort_birth").asc(nulls_last=True), "-id" if descending else "id")
    else:
        fields = ["created_at" if key == "created" else "updated_at"]
    return persons.order_by(*(f"-{f}" if descending else f for f in fields), "-id" if descending else "id")




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


def _visible_documents(user: User | None, documents: QuerySet[PersonDocument]) -> QuerySet[PersonDocument]:
    """Documents as access.fields lets ``user`` see them: none for a role that does not see documents, and never
    the media taken from a source he may not see (internal only)."""
    if not fields.sees(user, fields.DOCUMENTS):
        return documents.none()
    hidden = fields.hidden_source_marks(user)
    return documents.exclude(source__restriction__in=sorted(hidden)) if hidden else documents


def documents(user: User | None, person: Person) -> QuerySet[PersonDocument]:
    """The documents of a person the caller has already fetched in scope (get_person), newest first."""
    return _visible_documents(user, scope_via_person(user, PersonDocument.objects.filter(person=person))
                              ).select_related("uploaded_by")


def get_document(user: User | None, person_id: int | str, document_id: int | str, *,
                 log_read: bool = True) -> PersonDocument:
    """One document of a person in the user's scope, or NotFound (a document of a person she may not see is
    answered like one that does not exist). Opening it as a role whose reads are logged is audited."""
    found = _visible_documents(user, scope_via_person(user, PersonDocument.objects.filter(person_id=person_id)))
    document = visible_or_not_found(found, document_id, gettext("document"))
    if log_read and not may(user, "registry.unlogged_reads"):
        with transaction.atomic():
            record(actor=user, action=Action.DOCUMENT_READ, obj=document,
                   changes=audit_events.document_read(document.person_id))
    return document


def document_holds(stored_path: str) -> bool:
    """Whether a person's document or its thumbnail uses this stored file (registered with the file store)."""
    return PersonDocument.objects.filter(Q(stored_path=stored_path) | Q(thumbnail_path=stored_path)).exists()


# Ids per query in capture_dates (SQLite's and PostgreSQL's limits on parameters are far above it).
_CAPTURE_CHUNK = 500


def capture_dates(person_ids: list[int]) -> dict[int, date]:
    """Each person's capture date (the first effective capture on his timeline), where he has one. Only captures
    and corrections are read: a correction may make or unmake a capture; nothing else can."""
    entries: dict[int, list[TimelineEntry]] = {}
    recorded: dict[int, date] = {}
    for start in range(0, len(person_ids), _CAPTURE_CHUNK):
        rows = StatusEvent.objects.filter(
            person_id__in=person_ids[start:start + _CAPTURE_CHUNK], type__in=(EventType.CAPTURED, EventType.CORRECTED),
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
        anchor = first_day(first.date)
        found[person_id] = anchor or recorded[int(str(first.key))]
    return found
