"""The obligation clock's duties of effects and valuables (GC III Arts. 119, 122): once a prisoner died, was
repatriated, released or escaped, what of his is still impounded or gathered in a packet not yet sent is due to
the Power concerned ``rule("effects.sealed_packet")`` days after that event (POLON_SEALED_PACKET_DAYS); done
when every packet of his is sent and nothing of his is left impounded."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q

from polon.access.scope import scope_via_person
from polon.core.duties import Duty, rule
from polon.effects.models import Item, ItemStatus, Packet, PacketStatus
from polon.effects.selectors import end_dates
from polon.registry.choices import EventType, Status
from polon.registry.models import Person

if TYPE_CHECKING:
    from polon.accounts.models import User

# Persons whose captivity has ended: what is left of theirs is to be sent on.
ENDED = (Status.DEAD, Status.REMAINS_REPATRIATED, Status.REPATRIATED, Status.RELEASED, Status.ESCAPED)


def open_duties(*, user: User, today: date) -> list[Duty]:
    """One duty per person in ``user``'s scope whose captivity ended and who still has articles impounded or
    a packet not yet sent (being gathered or sealed)."""
    packet_rule = rule("effects.sealed_packet")
    held = scope_via_person(user, Item.objects.filter(status=ItemStatus.IMPOUNDED)).filter(
        person__status__in=ENDED).values_list("person_id", flat=True)
    unsent = scope_via_person(user, Packet.objects.filter(status__in=(PacketStatus.OPEN, PacketStatus.SEALED)))
    packet_of: dict[int, int] = {}
    for person_id, packet_id in unsent.values_list("person_id", "id").order_by("id"):
        packet_of.setdefault(person_id, packet_id)
    person_ids = sorted(set(held) | set(packet_of))
    if not person_ids:
        return []
    ended = end_dates(person_ids)
    persons = Person.objects.filter(Q(pk__in=person_ids)).prefetch_related("names")
    duties = []
    for person in persons:
        if person.pk not in ended:
            continue  # no dated end of captivity on his timeline: nothing is due yet
        kind, day = ended[person.pk]
        packet = packet_of.get(person.pk)
        duties.append(Duty(
            kind=packet_rule.kind, article=packet_rule.article, title=packet_rule.title,
            due=packet_rule.due_from(day), subject=str(person), person_id=person.pk,
            url_name="effects:packet" if packet else "effects:person",
            url_args=(packet,) if packet else (person.pk,), key=f"person:{person.pk}",
            detail=str(EventType(kind).label), anchor=day))
    return duties
