"""Scoped reads of deaths, enquiries into deaths and handovers of remains. A death record is personal data and
is read through the person (access.scope); a handover is a batch seen whole by the roles that see everyone and,
by a liaison officer, only through the bodies of persons in her scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import person_scope, scope_via_person, sees_unlinked, visible_or_not_found
from polon.consular.models import Transmission
from polon.core.duties import rule
from polon.deaths.models import (
    Death,
    DeathEnquiry,
    EnquiryStatus,
    HandoverBody,
    RemainsHandover,
)
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass(frozen=True)
class DeathFilters:
    """`pending`: "notification" (not yet notified), "enquiry" (enquiry open), "grave" (grave not located)."""

    pending: str = ""
    suspicious: bool | None = None
    year: int | None = None


def _scoped_deaths(user: User | None) -> QuerySet[Any]:
    """The ids of the deaths of persons `user` sees (a subquery)."""
    return scope_via_person(user, Death.objects.all()).values("pk")


def deaths(user: User | None, filters: DeathFilters = DeathFilters()) -> QuerySet[Death]:
    qs = scope_via_person(user, Death.objects.all()).select_related(
        "person", "internment_place", "notification", "enquiry", "enquiry__notice")
    if filters.pending == "notification":
        qs = qs.filter(notification__isnull=True)
    elif filters.pending == "enquiry":
        qs = qs.filter(enquiry__status=EnquiryStatus.OPEN)
    elif filters.pending == "grave":
        qs = qs.filter(Q(marker="") | (Q(plot="") & Q(latitude__isnull=True)))
    if filters.suspicious is not None:
        qs = qs.filter(suspicious=filters.suspicious)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    return qs.order_by("-date", "-id")


def get_death(user: User | None, death_id: int | str) -> Death:
    return visible_or_not_found(deaths(user).prefetch_related("person__names", "person__citizenships"),
                                death_id, _("death"))


def death_of(user: User | None, person_id: int) -> Death | None:
    return deaths(user).filter(person_id=person_id).first()


def enquiries(user: User | None, *, open_only: bool = False) -> QuerySet[DeathEnquiry]:
    qs = DeathEnquiry.objects.filter(death__in=_scoped_deaths(user)).select_related(
        "death", "death__person", "notice", "report")
    if open_only:
        qs = qs.filter(status=EnquiryStatus.OPEN)
    return qs.order_by("-opened_on", "-id")


def enquiries_without_notice(user: User | None) -> QuerySet[DeathEnquiry]:
    return enquiries(user).filter(notice__isnull=True)


def handovers(user: User | None) -> QuerySet[RemainsHandover]:
    if user is None or not user.is_authenticated:
        return RemainsHandover.objects.none()
    visible = Q(bodies__death__person__in=person_scope(user, Person.objects.all()).values("pk"))
    qs = RemainsHandover.objects.annotate(body_count=Count("bodies", filter=visible, distinct=True))
    if not sees_unlinked(user):
        qs = qs.filter(body_count__gt=0)
    return qs.order_by("-planned_on", "-id")


def get_handover(user: User | None, handover_id: int | str) -> RemainsHandover:
    return visible_or_not_found(handovers(user), handover_id, _("handover of remains"))


def bodies(user: User | None, handover_id: int) -> QuerySet[HandoverBody]:
    return HandoverBody.objects.filter(handover_id=handover_id, death__in=_scoped_deaths(user)).select_related(
        "death", "death__person", "remains_event").order_by("id")


def scoped_bodies(user: User | None) -> QuerySet[HandoverBody]:
    return HandoverBody.objects.filter(death__in=_scoped_deaths(user)).select_related("death")



def notification_due(death: Death) -> date:
    """When the notification of this death is due (the clock's rule, GC III Arts. 120, 122)."""
    return rule("deaths.notification").due_from(death.date)


BASES = ("GC III Arts. 120, 122 (Annex IV D)", "GC III Art. 121", "GC III Art. 121 (report)")


def transmissions_of(user: User | None, death: Death) -> QuerySet[Transmission]:
    """What was sent about this death (notification, an enquiry's notice and report), newest first."""
    return scope_via_person(user, Transmission.objects.filter(person_id=death.person_id, legal_basis__in=BASES))
