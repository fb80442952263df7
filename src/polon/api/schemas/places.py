"""Places of internment (GC III Arts. 22, 23, 56), their populations, and the facility-text matching report."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class PlaceIn(Schema):
    kind: str
    name: str
    region: str
    address: str = ""
    parent_id: int | None = None
    capacity: int | None = None
    opened: date | None = None
    closed: date | None = None
    aliases: list[str] = []
    notes: str = ""


class PlacePatch(Schema):
    kind: str | None = None
    name: str | None = None
    region: str | None = None
    address: str | None = None
    parent_id: int | None = None
    capacity: int | None = None
    opened: date | None = None
    closed: date | None = None
    aliases: list[str] | None = None
    notes: str | None = None


class PopulationOut(Schema):
    present: int
    by_status: dict[str, int]
    by_citizenship: dict[str, int]
    by_category: dict[str, int]
    former_by_status: dict[str, int]


class PlaceOut(Schema):
    id: int
    kind: str
    name: str
    region: str
    address: str
    parent_id: int | None
    capacity: int | None
    opened: date | None
    closed: date | None
    aliases: list[str]
    notes: str
    population: PopulationOut | None = None


class PresentPersonOut(Schema):
    id: int
    name: str
    status: str
    category: str
    citizenships: list[str]


class PlacePopulationOut(Schema):
    place_id: int
    on: date | None
    population: PopulationOut
    persons: list[PresentPersonOut]


class MatchedTextOut(Schema):
    text: str
    place: int
    how: str
    events: int


class UnmatchedTextOut(Schema):
    text: str
    candidates: list[int]
    events: int


class FacilityReportOut(Schema):
    applied: bool
    linked: int
    matched: list[MatchedTextOut]
    unmatched: list[UnmatchedTextOut]


class AssignFacilityIn(Schema):
    text: str
    place_id: int


class EventPlaceIn(Schema):
    place_id: int


class EventPlaceOut(Schema):
    event_id: int
    internment_place_id: int | None
