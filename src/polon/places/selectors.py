"""Reads of places of internment. A place is no one's personal data and every reader sees every place;
its population, which is, is read within the reader's scope (registry.population)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import visible_or_not_found
from polon.places.models import Place

if TYPE_CHECKING:
    from polon.accounts.models import User


@dataclass(frozen=True)
class PlaceFilters:
    kind: str = ""
    region: str = ""
    q: str = ""
    open_only: bool = False


def places(user: User | None, filters: PlaceFilters = PlaceFilters()) -> QuerySet[Place]:
    if user is None or not user.is_authenticated:
        return Place.objects.none()
    qs = Place.objects.select_related("parent")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.region:
        qs = qs.filter(region__iexact=filters.region.strip())
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip())
    if filters.open_only:
        qs = qs.filter(closed__isnull=True)
    return qs.order_by("region", "name", "id")


def get_place(user: User | None, place_id: int | str) -> Place:
    return visible_or_not_found(places(user), place_id, _("place of internment"))


def choices(user: User | None) -> list[tuple[int, str]]:
    """(id, "name (region)") of the open places, for a picker."""
    return [(p.pk, f"{p.name} ({p.region})") for p in places(user, PlaceFilters(open_only=True))]
