"""Scoped reads of effects and valuables: every receipt, article and packet belongs to one person and is seen
only by those who may see him (access.scope.scope_via_person)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from polon.access.scope import scope_via_person, visible_or_not_found
from polon.core.partial_dates import first_day
from polon.effects.models import Item, ItemStatus, Packet, PacketReason, PacketStatus, Receipt
from polon.registry.choices import EventType
from polon.registry.models import StatusEvent

if TYPE_CHECKING:
    from polon.accounts.models import User

# The timeline event that ends a prisoner's captivity for each reason a packet is sent, and the reverse.
REASON_EVENT: dict[str, str] = {
    PacketReason.DIED: EventType.DIED,
    PacketReason.REPATRIATED: EventType.REPATRIATED,
    PacketReason.RELEASED: EventType.RELEASED,
    PacketReason.ESCAPED: EventType.ESCAPED,
}


@dataclass(frozen=True)
class PacketFilters:
    status: str = ""
    reason: str = ""
    person_id: int | None = None


def receipts(user: User | None, *, person_id: int | None = None) -> QuerySet[Receipt]:
    qs = scope_via_person(user, Receipt.objects.all()).select_related("person").prefetch_related("person__names")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs.annotate(item_count=Count("items"),
                       held=Count("items", filter=Q(items__status=ItemStatus.IMPOUNDED))).order_by("-taken_on", "-id")


def get_receipt(user: User | None, receipt_id: int | str) -> Receipt:
    return visible_or_not_found(receipts(user), receipt_id, _("receipt"))


def items(user: User | None, *, person_id: int | None = None, status: str = "") -> QuerySet[Item]:
    qs = scope_via_person(user, Item.objects.all()).select_related("receipt", "packet")
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("id")


def get_item(user: User | None, item_id: int | str) -> Item:
    return visible_or_not_found(items(user), item_id, _("article"))


def packets(user: User | None, filters: PacketFilters = PacketFilters()) -> QuerySet[Packet]:
    qs = scope_via_person(user, Packet.objects.all()).select_related("person", "transmission").prefetch_related(
        "person__names").annotate(item_count=Count("items"))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.reason:
        qs = qs.filter(reason=filters.reason)
    if filters.person_id is not None:
        qs = qs.filter(person_id=filters.person_id)
    return qs.order_by("-created_at", "-id")


def get_packet(user: User | None, packet_id: int | str) -> Packet:
    return visible_or_not_found(packets(user), packet_id, _("packet"))




def end_dates(person_ids: list[int], event_type: str | None = None) -> dict[int, tuple[str, date]]:
    """For each person, the latest event of his timeline that ends his captivity (died, repatriated, released,
    escaped; or only ``event_type``) as (type, first day it can mean). Corrected events are read as the
    registry keeps them: the latest dated event of those types wins."""
    types = [event_type] if event_type else list(REASON_EVENT.values())
    found: dict[int, tuple[str, date]] = {}
    rows = StatusEvent.objects.filter(person_id__in=person_ids, type__in=types).exclude(date="").values_list(
        "person_id", "type", "date").order_by("date", "id")
    for person_id, kind, text in rows:
        day = first_day(text)
        if day is not None:
            found[person_id] = (kind, day)
    return found


def reason_for(event_type: str) -> str:
    return next((reason for reason, kind in REASON_EVENT.items() if kind == event_type), "")


def open_packets(user: User | None) -> QuerySet[Packet]:
    """Packets not yet sent (being gathered or sealed)."""
    return packets(user).filter(status__in=(PacketStatus.OPEN, PacketStatus.SEALED))
