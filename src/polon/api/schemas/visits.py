"""Visits of the ICRC and the Protecting Power to places of internment (GC III Art. 126)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class VisitIn(Schema):
    place_id: int
    visitor: str
    starts: date
    ends: date | None = None
    protecting_power: str = ""
    status: str = "planned"
    delegates: list[str] = []
    refusal_reason: str = ""
    report: str = ""


class VisitPatch(Schema):
    place_id: int | None = None
    visitor: str | None = None
    starts: date | None = None
    ends: date | None = None
    protecting_power: str | None = None
    status: str | None = None
    delegates: list[str] | None = None
    refusal_reason: str | None = None
    report: str | None = None


class VisitOut(Schema):
    id: int
    place_id: int
    place: str
    visitor: str
    protecting_power: str
    status: str
    starts: date
    ends: date | None
    delegates: list[str]
    refusal_reason: str
    report: str
    list_generated_at: datetime | None
    listed: int = 0
    seen: int = 0
    refused: int = 0


class VisitPersonOut(Schema):
    person_id: int
    name: str
    status_at_listing: str
    outcome: str
    note: str
    recorded_at: datetime | None


class FollowUpOut(Schema):
    id: int
    visit_id: int
    person_id: int | None
    text: str
    due: date | None
    status: str
    outcome: str
    done_on: date | None
    overdue: bool


class VisitDetailOut(VisitOut):
    persons: list[VisitPersonOut]
    follow_ups: list[FollowUpOut]


class GeneratedOut(Schema):
    added: list[int]


class OutcomeIn(Schema):
    outcome: str
    note: str = ""


class FollowUpIn(Schema):
    text: str
    due: date | None = None
    person_id: int | None = None


class FollowUpCloseIn(Schema):
    outcome: str
    done_on: date | None = None
