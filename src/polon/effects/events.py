"""The audit payloads of effects and valuables (GC III Arts. 18, 119, 122): what each event's `changes` holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from polon.effects.models import Item, Packet, Receipt


def item_line(item: Item) -> dict[str, Any]:
    return {"id": item.pk, "category": item.category, "description": item.description, "quantity": item.quantity,
            "amount": None if item.amount is None else str(item.amount), "currency": item.currency}


def receipt_issued(receipt: Receipt, items: Sequence[Item]) -> dict[str, Any]:
    return {"person": receipt.person_id, "after": {
        "number": receipt.number, "taken_on": receipt.taken_on, "place": receipt.place,
        "issuer": f"{receipt.issuer_name}, {receipt.issuer_rank}, {receipt.issuer_unit}",
        "ordered_by": receipt.ordered_by, "reason": receipt.reason, "items": [item_line(i) for i in items]}}


def item_added(item: Item) -> dict[str, Any]:
    return {"person": item.person_id, "receipt": item.receipt_id, "packet": item.packet_id,
            "after": {"origin": item.origin, **item_line(item)}}


def item_returned(item: Item) -> dict[str, Any]:
    return {"person": item.person_id, "before": {"status": "impounded"},
            "after": {"status": item.status, "returned_on": item.returned_on, "note": item.return_note}}


def packet_created(packet: Packet, moved: Sequence[int]) -> dict[str, Any]:
    return {"person": packet.person_id, "after": {"reason": packet.reason, "country": packet.country,
                                                  "items": list(moved)}}


def packet_item(packet: Packet, item: Item, *, put_in: bool) -> dict[str, Any]:
    return {"person": packet.person_id, "packet": packet.pk, "item": item.pk,
            "after": {"in_packet": put_in}}


def packet_sealed(packet: Packet) -> dict[str, Any]:
    return {"person": packet.person_id, "before": {"status": "open"},
            "after": {"status": packet.status, "seal_number": packet.seal_number, "sealed_on": packet.sealed_on,
                      "sealed_by": packet.sealed_by, "contents": packet.contents}}


def packet_sent(packet: Packet) -> dict[str, Any]:
    return {"person": packet.person_id, "before": {"status": "sealed"},
            "after": {"status": packet.status, "via": packet.via, "country": packet.country,
                      "sent_on": packet.sent_on, "transmission": packet.transmission_id}}


def packet_received(packet: Packet) -> dict[str, Any]:
    return {"person": packet.person_id, "before": {"status": "sent"},
            "after": {"status": packet.status, "received_on": packet.received_on,
                      "reference": packet.receipt_reference}}


def printed(*, person_id: int, what: str, number: str, channel: str) -> dict[str, Any]:
    return {"person": person_id, "after": {"printed": what, "number": number, "channel": channel}}
