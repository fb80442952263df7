"""Effects and valuables (GC III Arts. 18, 119, 122): receipts, articles, packets."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class ArticleIn(Schema):
    category: str
    description: str = ""
    quantity: int = 1
    amount: Decimal | None = None
    currency: str = ""


class EffectsReceiptIn(Schema):
    person_id: int
    taken_on: date
    issuer_name: str
    issuer_rank: str
    issuer_unit: str
    ordered_by: str
    articles: list[ArticleIn]
    place: str = ""
    reason: str = ""


class ItemOut(Schema):
    id: int
    person_id: int
    receipt_id: int | None
    packet_id: int | None
    origin: str
    category: str
    description: str
    quantity: int
    amount: Decimal | None
    currency: str
    status: str
    returned_on: date | None
    return_note: str


class ReceiptOut(Schema):
    id: int
    number: str
    person_id: int
    name: str
    taken_on: date
    place: str
    issuer_name: str
    issuer_rank: str
    issuer_unit: str
    ordered_by: str
    reason: str
    items: list[ItemOut]


class ReturnIn(Schema):
    returned_on: date | None = None
    note: str = ""


class PacketIn(Schema):
    person_id: int
    reason: str
    country: str = ""
    note: str = ""


class SealIn(Schema):
    seal_number: str
    sealed_by: str
    sealed_on: date | None = None


class PacketSendIn(Schema):
    via: str
    sent_on: date
    channel: str = ""
    override_reason: str = ""
    confirm_names: bool = False


class PacketAcknowledgeIn(Schema):
    received_on: date
    reference: str = ""


class PacketOut(Schema):
    id: int
    person_id: int
    name: str
    reason: str
    status: str
    country: str
    identity_statement: str
    seal_number: str
    sealed_on: date | None
    sealed_by: str
    via: str
    sent_on: date | None
    transmission_id: int | None
    received_on: date | None
    receipt_reference: str
    note: str
    created_at: datetime
    items: list[ItemOut]
