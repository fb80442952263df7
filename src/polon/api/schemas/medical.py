"""The seriously ill and wounded (GC III Arts. 109–113, 122; Annexes I, II, IV E)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SickOut(Schema):
    person_id: int
    name: str
    status: str
    health: str
    health_since: str
    place: str
    last_reported: dt.date | None
    report_due: dt.date


class ReportIn(Schema):
    recipient: str
    channel: str
    sent_on: dt.date | None = None
    week_of: dt.date | None = None
    note: str = ""


class ReportEntryOut(Schema):
    person_id: int
    name: str
    health: str
    since: str
    place: str
    transmission_id: int | None
    held_back: str


class ReportOut(Schema):
    id: int
    week_of: dt.date
    recipient: str
    channel: str
    sent_on: dt.date
    note: str
    entries: list[ReportEntryOut]


class SessionIn(Schema):
    held_on: dt.date
    chairman: str
    members: str
    place_id: int | None = None
    location: str = ""
    note: str = ""


class DecisionIn(Schema):
    person_id: int
    proposed_by: str
    diagnosis: str
    decision: str
    category: str = ""
    reasons: str = ""


class CommissionDecisionOut(Schema):
    id: int
    session_id: int
    person_id: int
    name: str
    proposed_by: str
    diagnosis: str
    decision: str
    category: str
    reasons: str
    carried_out_on: dt.date | None


class SessionOut(Schema):
    id: int
    held_on: dt.date
    place_id: int | None
    location: str
    chairman: str
    members: str
    communicated_on: dt.date | None
    notice_due: dt.date
    note: str
    decisions: list[CommissionDecisionOut]


class CommunicateIn(Schema):
    communicated_on: dt.date


class CarryOutIn(Schema):
    carried_out_on: dt.date
    place: str = ""


class ConsentIn(Schema):
    consent: str
    on: dt.date | None = None
    note: str = ""


class FlagIn(Schema):
    must_repatriate: bool
    basis: str = ""
    flagged_on: dt.date | None = None


class FlagOut(Schema):
    person_id: int
    name: str
    must_repatriate: bool
    basis: str
    flagged_on: dt.date | None
    consent: str
    consent_on: dt.date | None
    consent_note: str
