"""Persons: their records, spellings, timeline events, search hits and match judgements."""

from __future__ import annotations

from ninja import Schema

from polon.registry.person_file_schema import CitizenshipBody, NameBody, PersonBody


class NameIn(NameBody, Schema):
    pass


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
    source_id: int | None  # None for roles that may not read sources


class CitizenshipIO(CitizenshipBody, Schema):
    pass


class PersonIn(PersonBody, Schema):
    """The body of ``POST /api/persons``, the same as one line of an import file (registry.person_file_schema)."""

    # The API's own schemas of the same fields (list is invariant, so mypy sees a narrower override).
    names: list[NameIn]  # type: ignore[assignment]
    citizenships: list[CitizenshipIO] = []  # type: ignore[assignment]


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
    internment_number: str
    unit: str
    power_depended: str
    informed_person_name: str
    informed_person_address: str | None  # null: the caller's role does not see it (access.fields)
    correspondence_address: str
    languages: list[str]
    restricted: bool
    notes: str | None  # null: the caller's role does not see it (access.fields)


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
    internment_place_id: int | None = None


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
    internment_place_id: int | None = None
    conflict: bool
    superseded: bool
    source_ids: list[int]  # empty for roles that may not read sources


class SearchHitOut(Schema):
    person_id: int
    name: str
    score: float
    band: str
    explanation: str


class JudgementIn(Schema):
    query: str
    same: bool


class JudgementOut(Schema):
    person_id: int
    query: str
    same: bool


class CitizenshipOut(Schema):
    id: int
    country: str
    provenance: str
    as_of: str


class CitizenshipWithdrawIn(Schema):
    reason: str
    version: int | None = None


class DocumentOut(Schema):
    id: int
    person_id: int
    kind: str
    title: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    has_thumbnail: bool
    source_id: int | None  # None for roles that may not read sources
    uploaded_by: str
    uploaded_at: str


class DocumentRemoveIn(Schema):
    reason: str = ""
