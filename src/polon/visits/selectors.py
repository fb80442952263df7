"""Scoped reads of visits. A visit itself (place, dates, delegates) is no one's personal data; each line of its
list and each follow-up item about a person is, and is filtered by that person. Follow-up items about no one
are seen by the roles that see every person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import person_scope, scope_via_person, sees_unlinked, visible_or_not_found
from polon.registry.models import Person
from polon.visits.models import FollowUp, FollowUpStatus, Outcome, Visit, VisitPerson

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass(frozen=True)
class VisitFilters:
    place_id: int | None = None
    visitor: str = ""
    status: str = ""


def visits(user: User | None, filters: VisitFilters = VisitFilters()) -> QuerySet[Visit]:
    if user is None or not user.is_authenticated:
        return Visit.objects.none()
    visible = Q(persons__person__in=person_scope(user, Person.objects.all()).values("pk"))
    qs = Visit.objects.select_related("place").annotate(
        listed=Count("persons", filter=visible, distinct=True),
        seen=Count("persons", filter=visible & Q(persons__outcome__in=(Outcome.SEEN, Outcome.SEEN_WITH_WITNESS)),
                   distinct=True),
        refused=Count("persons", filter=visible & Q(persons__outcome=Outcome.ACCESS_REFUSED), distinct=True),
    )
    if filters.place_id:
        qs = qs.filter(place_id=filters.place_id)
    if filters.visitor:
        qs = qs.filter(visitor=filters.visitor)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-starts", "-id")


def get_visit(user: User | None, visit_id: int | str) -> Visit:
    return visible_or_not_found(visits(user), visit_id, _("visit"))


def visit_persons(user: User | None, visit_id: int, outcome: str = "") -> QuerySet[VisitPerson]:
    qs = scope_via_person(user, VisitPerson.objects.filter(visit_id=visit_id))
    if outcome:
        qs = qs.filter(outcome=outcome)
    return qs.select_related("person").prefetch_related("person__names", "person__citizenships").order_by("id")


def follow_ups(user: User | None, *, visit_id: int | None = None, open_only: bool = False) -> QuerySet[FollowUp]:
    visible = Q(person__in=person_scope(user, Person.objects.all()).values("pk"))
    if sees_unlinked(user):
        visible |= Q(person__isnull=True)
    qs = FollowUp.objects.filter(visible).select_related("visit", "visit__place", "person")
    if visit_id is not None:
        qs = qs.filter(visit_id=visit_id)
    if open_only:
        qs = qs.filter(status=FollowUpStatus.OPEN)
    return qs.order_by("status", "due", "id")


def overdue_follow_ups(user: User | None, today: date) -> QuerySet[FollowUp]:
    return follow_ups(user, open_only=True).filter(due__lt=today)
