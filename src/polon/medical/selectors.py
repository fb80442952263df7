"""Scoped reads of the seriously ill and wounded, weekly health reports, Mixed Medical Commission sessions and
decisions, and the registry's Art. 109 flags. Everything about a person is read through access.scope; a
session or a report is a whole seen by the roles that see everyone and, by a liaison officer, only through the
persons in her scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from polon.access.scope import person_scope, scope_via_person, sees_unlinked, visible_or_not_found
from polon.medical.models import (
    CommissionDecision,
    CommissionSession,
    Decision,
    HealthReport,
    HealthReportEntry,
)
from polon.registry.choices import Health, Status
from polon.registry.models import Person, RepatriationFlag, StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

# Who the weekly report is about (Art. 122 para 4: "seriously ill or seriously wounded"): the capture card's
# grades (Annex IV B) have "seriously wounded"; "sick" counts as seriously ill while he is in hospital.
IN_CUSTODY = (Status.HELD, Status.HOSPITALISED)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def seriously_ill_or_wounded(user: User | None) -> QuerySet[Person]:
    """The persons in ``user``'s scope, in custody, whose latest stated health (the timeline's) is seriously
    wounded, or sick while in hospital; annotated with ``current_health``, ``health_since`` (the date of the
    event stating it), ``health_place`` and ``last_reported`` (the last weekly report that carried him)."""
    latest = StatusEvent.objects.filter(person=OuterRef("pk")).exclude(health="").order_by("-date", "-id")
    reported = HealthReportEntry.objects.filter(person=OuterRef("pk"), transmission__isnull=False).order_by(
        "-report__sent_on")
    qs = person_scope(user, Person.objects.filter(status__in=IN_CUSTODY)).annotate(
        current_health=Subquery(latest.values("health")[:1]),
        health_since=Subquery(latest.values("date")[:1]),
        health_place=Subquery(latest.values("internment_place__name")[:1]),
        health_facility=Subquery(latest.values("facility")[:1]),
        last_reported=Subquery(reported.values("report__sent_on")[:1]),
    )
    qs = qs.filter(Q(current_health=Health.SERIOUSLY_WOUNDED)
                   | Q(current_health=Health.SICK, status=Status.HOSPITALISED))
    return qs.order_by("pk")


def reports(user: User | None) -> QuerySet[HealthReport]:
    if user is None or not user.is_authenticated:
        return HealthReport.objects.none()
    visible = Q(entries__person__in=person_scope(user, Person.objects.all()).values("pk"))
    qs = HealthReport.objects.annotate(person_count=Count("entries", filter=visible, distinct=True),
                                       sent_count=Count("entries", filter=visible & Q(entries__transmission__isnull=False),
                                                        distinct=True))
    if not sees_unlinked(user):
        qs = qs.filter(person_count__gt=0)
    return qs.order_by("-sent_on", "-id")


def get_report(user: User | None, report_id: int | str) -> HealthReport:
    return visible_or_not_found(reports(user), report_id, _("weekly health report"))


def report_entries(user: User | None, report_id: int) -> QuerySet[HealthReportEntry]:
    return scope_via_person(user, HealthReportEntry.objects.filter(report_id=report_id)).select_related(
        "person", "transmission").order_by("id")


@dataclass(frozen=True)
class DecisionFilters:
    """`pending`: "carry_out" (A or B not yet carried out)."""

    pending: str = ""
    decision: str = ""


def decisions(user: User | None, filters: DecisionFilters = DecisionFilters()) -> QuerySet[CommissionDecision]:
    qs = scope_via_person(user, CommissionDecision.objects.all()).select_related(
        "person", "session", "session__place", "carried_out_event")
    if filters.pending == "carry_out":
        qs = qs.filter(decision__in=(Decision.DIRECT, Decision.NEUTRAL), carried_out_on__isnull=True)
    if filters.decision:
        qs = qs.filter(decision=filters.decision)
    return qs.order_by("-session__held_on", "id")


def get_decision(user: User | None, decision_id: int | str) -> CommissionDecision:
    return visible_or_not_found(decisions(user).prefetch_related("person__names", "person__citizenships"),
                                decision_id, _("commission decision"))


def sessions(user: User | None) -> QuerySet[CommissionSession]:
    if user is None or not user.is_authenticated:
        return CommissionSession.objects.none()
    visible = Q(decisions__person__in=person_scope(user, Person.objects.all()).values("pk"))
    qs = CommissionSession.objects.select_related("place").annotate(
        decision_count=Count("decisions", filter=visible, distinct=True))
    if not sees_unlinked(user):
        qs = qs.filter(decision_count__gt=0)
    return qs.order_by("-held_on", "-id")


def get_session(user: User | None, session_id: int | str) -> CommissionSession:
    return visible_or_not_found(sessions(user), session_id, _("Mixed Medical Commission session"))


def sessions_not_communicated(user: User | None) -> QuerySet[CommissionSession]:
    """Sessions with decisions whose communication (Annex II Art. 11) is not recorded."""
    return sessions(user).filter(communicated_on__isnull=True).filter(
        Exists(CommissionDecision.objects.filter(session=OuterRef("pk"))))


def last_sessions_by_place(user: User | None) -> list[dict[str, Any]]:
    """For each open place that has had a commission's visit: its last visit (Annex II Art. 14)."""
    return list(sessions(user).filter(place__isnull=False, place__closed__isnull=True).values(
        "place_id", "place__name").annotate(last=Max("held_on")).order_by("place__name"))


def flags(user: User | None) -> QuerySet[RepatriationFlag]:
    return scope_via_person(user, RepatriationFlag.objects.all()).select_related("person").order_by("-updated_at")


def flag_for(user: User | None, person_id: int) -> RepatriationFlag | None:
    return flags(user).filter(person_id=person_id).first()


def person_decisions(user: User | None, person_id: int) -> QuerySet[CommissionDecision]:
    return decisions(user).filter(person_id=person_id)
