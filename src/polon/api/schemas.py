from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Schema


def page_of(rows, out: Callable[[Any], dict], *, offset: int, limit: int, **filters) -> list[dict]:
    """One page of an API listing: ``rows`` (a scoped queryset) narrowed by the filters given a value, from
    ``offset``, at most ``limit``, each shown by ``out``."""
    rows = rows.filter(**{field: value for field, value in filters.items() if value})
    start = max(offset, 0)
    return [out(row) for row in rows[start:start + limit]]


class NameIn(Schema):
    text: str
    given: str = ""
    patronymic: str = ""
    surname: str = ""
    language: str = ""
    scheme: str = ""
    source_id: int | None = None


class NameOut(Schema):
    id: int
    text: str
    script: str
    language: str
    scheme: str
    given: str
    patronymic: str
    surname: str
    is_primary: bool
    source_id: int | None


class CitizenshipIO(Schema):
    country: str
    provenance: str = "self_declared"
    as_of: str = ""


class PersonIn(Schema):
    names: list[NameIn]
    citizenships: list[CitizenshipIO] = []
    category: str
    sex: str = "unknown"
    father_first_name: str = ""
    mother_maiden_name: str = ""
    birth_date: str = ""
    birth_place: str = ""
    rank: str = ""
    army: str = ""
    service_number: str = ""
    unit: str = ""
    power_depended: str = ""
    informed_person_name: str = ""
    informed_person_address: str = ""
    correspondence_address: str = ""
    languages: list[str] = []
    restricted: bool = False
    notes: str = ""


class PersonPatch(Schema):
    version: int
    changes: dict[str, object]


class PersonOut(Schema):
    id: int
    version: int
    status: str
    category: str
    sex: str
    names: list[NameOut]
    citizenships: list[CitizenshipIO]
    father_first_name: str
    mother_maiden_name: str
    birth_date: str
    birth_place: str
    rank: str
    army: str
    service_number: str
    unit: str
    power_depended: str
    informed_person_name: str
    informed_person_address: str
    correspondence_address: str
    languages: list[str]
    restricted: bool
    notes: str


class PersonSummary(Schema):
    id: int
    name: str
    status: str
    category: str
    citizenships: list[str]
    birth_date: str


class EventIn(Schema):
    type: str
    date: str = ""
    place: str = ""
    facility: str = ""
    health: str = ""
    confidence: str = "preliminary"
    note: str = ""
    source_ids: list[int] = []
    corrects_id: int | None = None
    corrected_type: str = ""
    version: int | None = None


class EventOut(Schema):
    id: int
    type: str
    date: str
    place: str
    facility: str
    health: str
    confidence: str
    note: str
    corrects_id: int | None
    corrected_type: str
    conflict: bool
    superseded: bool
    source_ids: list[int]


class SearchHitOut(Schema):
    person_id: int
    name: str
    score: float
    band: str
    explanation: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
"""The error answers an operation documents (api/app.py turns the service errors into them), spread into its
``response``; 409 is a version conflict."""
ERRORS_NO_CONFLICT = {code: schema for code, schema in ERRORS.items() if code != 409}
"""The error answers of the operations that check no version."""
