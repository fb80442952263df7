"""Lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123)."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class SummaryOut(Schema):
    recipient: str
    country: str
    new: int
    changes: int
    corrections: int
    last_list_id: int | None


class PendingOut(Schema):
    person_id: int
    name: str
    kind: str
    changed: list[str]
    particulars: dict[str, str | None]


class CtaSendIn(Schema):
    recipient: str
    country: str = ""
    sent_on: date | None = None
    channel: str = ""
    legal_basis: str = ""
    override_reason: str = ""
    confirm_names: bool = False


class CtaEntryOut(Schema):
    person_id: int
    name: str
    kind: str
    changed: list[str]
    transmission_id: int
    particulars: dict[str, str | None]


class CtaListOut(Schema):
    id: int
    recipient: str
    country: str
    number: int
    sent_on: date
    channel: str
    legal_basis: str
    override_reason: str
    withheld_count: int
    entries: list[CtaEntryOut]
