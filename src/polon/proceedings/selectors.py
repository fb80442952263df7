"""Scoped reads of proceedings against prisoners of war: every determination and case belongs to one person and
is seen only by those who may see him; a list of those held back is seen by those who see its Power, with only
the entries of persons in their scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import country_scope, scope_via_person, visible_countries, visible_or_not_found
from polon.proceedings.models import (
    HeldBackEntry,
    HeldBackList,
    HeldReason,
    Prosecution,
    Stage,
    StatusDetermination,
    Verdict,
)

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass(frozen=True)
class CaseFilters:
    stage: str = ""
    person_id: int | None = None
    open_only: bool = False


def determinations(user: User | None, *, person_id: int | None = None) -> QuerySet[StatusDetermination]:
    qs = scope_via_person(user, StatusDetermination.objects.all()).select_related("person").prefetch_related(
        "person__names")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.order_by("-decided_on", "-id")


def cases(user: User | None, filters: CaseFilters = CaseFilters()) -> QuerySet[Prosecution]:
    qs = scope_via_person(user, Prosecution.objects.all()).select_related("person", "place").prefetch_related(
        "person__names")
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.person_id is not None:
        qs = qs.filter(person_id=filters.person_id)
    if filters.open_only:
        qs = qs.exclude(stage=Stage.CLOSED)
    return qs.order_by("-charged_on", "-id")


def get_case(user: User | None, case_id: int | str) -> Prosecution:
    return visible_or_not_found(cases(user), case_id, _("proceedings"))


def held_back(user: User | None, *, country: str, as_of: date) -> list[tuple[Prosecution, str, date | None]]:
    """The prisoners of ``country`` held back on ``as_of`` (Art. 119 para 5): proceedings pending (charged or the
    Protecting Power notified, or judged and not yet final), or convicted and serving a sentence not yet ended;
    as (case, reason, held until)."""
    rows: list[tuple[Prosecution, str, date | None]] = []
    qs = cases(user).filter(country=country).exclude(stage=Stage.CLOSED).filter(
        Q(verdict="") | Q(verdict=Verdict.CONVICTED))
    for case in qs.order_by("id"):
        if case.stage in (Stage.CHARGED, Stage.NOTIFIED) or not case.final:
            rows.append((case, HeldReason.PENDING.value, None))
        elif case.sentence_ends is None or case.sentence_ends > as_of:
            rows.append((case, HeldReason.SERVING.value, case.sentence_ends))
    return rows


def lists(user: User | None) -> QuerySet[HeldBackList]:
    """The lists of the Powers ``user`` sees, and those naming a person in her scope (a Kazakh citizen held by
    the Power on which he depends, Russia, is on Russia's list: a Kazakhstan liaison officer sees his entry)."""
    qs = HeldBackList.objects.all()
    if visible_countries(user) is not None:
        named = scope_via_person(user, HeldBackEntry.objects.all()).values("held_list_id")
        qs = qs.filter(Q(pk__in=country_scope(user, HeldBackList.objects.all()).values("pk")) | Q(pk__in=named))
    return qs.annotate(entry_count=Count("entries")).order_by("-as_of", "-id")


def get_list(user: User | None, list_id: int | str) -> HeldBackList:
    return visible_or_not_found(lists(user), list_id, _("list"))


def entries(user: User | None, held_list: HeldBackList) -> QuerySet[HeldBackEntry]:
    return scope_via_person(user, held_list.entries.all()).select_related(
        "person", "prosecution", "transmission").prefetch_related("person__names").order_by("id")


def changes_since(user: User | None, held_list: HeldBackList, today: date) -> dict[str, list[Prosecution]]:
    """What changed since a list was drawn up: cases now held back that it does not name (``added``), and cases
    it names that are no longer held back (``ended``) — a new list is due when either is not empty."""
    listed = set(held_list.entries.values_list("prosecution_id", flat=True))
    now = {case.pk: case for case, _reason, _until in held_back(user, country=held_list.country, as_of=today)}
    ended = list(cases(user).filter(pk__in=listed - set(now)))
    return {"added": [case for pk, case in now.items() if pk not in listed], "ended": ended}
