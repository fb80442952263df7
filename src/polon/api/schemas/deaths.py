"""Deaths, burials and graves (GC III Art. 120), enquiries into deaths (Art. 121), handovers of remains (GC I
Art. 16)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class GraveFields(Schema):
    place: str | None = None
    internment_place_id: int | None = None
    circumstances: str | None = None
    certified_by: str | None = None
    burial_kind: str | None = None
    cremation_reason: str | None = None
    burial_date: dt.date | None = None
    burial_place: str | None = None
    cemetery: str | None = None
    plot: str | None = None
    marker: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    will_made: bool | None = None
    will_held_by: str | None = None
    will_forwarded_on: dt.date | None = None
    effects: str | None = None
    effects_forwarded_through: str | None = None
    account: str | None = None


class DeathIn(GraveFields):
    person_id: int
    date: dt.date
    cause: str
    enquiry_ground: str = ""


class DeathPatch(GraveFields):
    cause: str | None = None


class DeathTransmissionOut(Schema):
    id: int
    recipient: str
    country: str
    channel: str
    date: str
    legal_basis: str


class DeathEnquiryOut(Schema):
    id: int
    ground: str
    opened_on: dt.date
    status: str
    findings: str
    statements: str
    prosecution: str
    closed_on: dt.date | None
    notice: DeathTransmissionOut | None
    report: DeathTransmissionOut | None


class DeathOut(Schema):
    id: int
    person_id: int
    name: str
    date: dt.date
    place: str
    internment_place_id: int | None
    cause: str
    circumstances: str
    suspicious: bool
    certified_by: str
    burial_kind: str
    cremation_reason: str
    burial_date: dt.date | None
    burial_place: str
    cemetery: str
    plot: str
    marker: str
    latitude: Decimal | None
    longitude: Decimal | None
    grave_found: bool
    will_made: bool
    will_held_by: str
    will_forwarded_on: dt.date | None
    effects: str
    effects_forwarded_through: str
    account: str
    notification: DeathTransmissionOut | None
    notification_due: dt.date
    enquiry: DeathEnquiryOut | None


class NotificationIn(Schema):
    recipient: str = "protecting_power"
    country: str = ""
    channel: str
    date: dt.date
    override_reason: str = ""
    confirm_names: bool = False


class EnquiryOpenIn(Schema):
    ground: str
    opened_on: dt.date | None = None


class EnquiryNoticeIn(Schema):
    channel: str
    date: dt.date
    country: str = ""
    override_reason: str = ""
    confirm_names: bool = False


class EnquiryCloseIn(Schema):
    findings: str
    statements: str = ""
    prosecution: str = ""
    closed_on: dt.date | None = None
    report_channel: str = ""
    country: str = ""
    override_reason: str = ""
    confirm_names: bool = False


class HandoverIn(Schema):
    reference: str
    receiving_state: str
    mediator: str = ""
    place: str = ""
    planned_on: dt.date | None = None
    note: str = ""


class BodyIn(Schema):
    person_id: int
    identity: str
    effects: str = ""
    dna_reference: str = ""


class BodyOut(Schema):
    id: int
    person_id: int
    name: str
    death_id: int
    identity: str
    effects: str
    dna_reference: str
    remains_event_id: int | None


class HandoverOut(Schema):
    id: int
    reference: str
    receiving_state: str
    mediator: str
    place: str
    planned_on: dt.date | None
    handed_over_on: dt.date | None
    status: str
    note: str
    bodies: list[BodyOut] = []


class HandoverCompleteIn(Schema):
    handed_over_on: dt.date


class BodyRemoveIn(Schema):
    reason: str
