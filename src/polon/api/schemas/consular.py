"""Consular work: contacts with states, transmissions of data, objections, life after return, proceedings
and the dossier of a state."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ParticipantIO(Schema):
    side: str
    name: str = ""
    role: str = ""
    organisation: str = ""


class ContactIn(Schema):
    country: str
    date: str = ""
    place: str = ""
    kind: str = ""
    our_side: str = ""
    participants: list[ParticipantIO] = []
    topics: list[str] = []
    commitments: list[str] = []
    summary: str = ""
    person_ids: list[int] = []
    source_ids: list[int] = []
    confirm_names: bool = False  # the text names persons outside the state: record anyway (audited)


class TransmissionIn(Schema):
    recipient: str
    country: str = ""
    channel: str
    date: str
    content: str
    legal_basis: str
    override_reason: str = ""
    confirm_names: bool = False  # what was sent names persons outside his states: record anyway (audited)


class ObjectionIn(Schema):
    scope: str  # required, as on the web form: an empty body is not an objection
    date: str = ""
    statement: str = ""
    confirm_names: bool = False  # the text names persons outside his states: record anyway (audited)


class AfterReturnIn(Schema):
    date: str = ""
    country: str = ""
    place: str = ""
    note: str = ""
    source_ids: list[int] = []
    confirm_names: bool = False  # the text names persons outside his states: record anyway (audited)


class ProceedingIn(Schema):
    country: str
    article: str = ""
    stage: str = "unknown"
    date: str = ""
    sentence: str = ""
    note: str = ""
    source_ids: list[int] = []
    confirm_names: bool = False  # the text names persons outside his states: record anyway (audited)


class ContactOut(Schema):
    """A consular contact; ``source_ids`` only to roles that may read sources (for others the key is absent)."""

    id: int
    country: str
    date: str
    place: str
    kind: str
    our_side: str
    topics: list[str]
    commitments: list[str]
    summary: str
    participants: list[ParticipantIO]
    person_ids: list[int]
    source_ids: list[int] | None = None


class TransmissionOut(Schema):
    id: int
    person_id: int
    recipient: str
    country: str
    channel: str
    date: str
    content: str
    legal_basis: str
    warnings: list[str]
    override_reason: str


class ObjectionOut(Schema):
    id: int
    scope: str
    date: str
    statement: str


class PersonObjectionOut(ObjectionOut):
    withdrawn: bool


class AfterReturnOut(Schema):
    id: int
    date: str
    country: str
    place: str
    note: str


class ProceedingOut(Schema):
    id: int
    country: str
    article: str
    stage: str
    date: str
    sentence: str


class PersonConsularOut(Schema):
    person_id: int
    transmissions: list[TransmissionOut]
    objections: list[PersonObjectionOut]
    after_return: list[AfterReturnOut]
    proceedings: list[ProceedingOut]


class DossierPersonOut(Schema):
    id: int
    name: str
    status: str


class DossierRoundOut(Schema):
    number: int
    executed_on: str
    released_count: int
    released: list[int]  # person ids (on a page those of the first few)


class DossierAfterReturnOut(Schema):
    person_id: int
    date: str
    country: str
    place: str
    note: str


class DossierProceedingOut(Schema):
    person_id: int
    country: str
    article: str
    stage: str
    date: str
    sentence: str


class DossierOut(Schema):
    """One page of a state's citizens, with the newest rows of every other section and their ``totals``."""

    country: str
    name: str
    by_status: list[tuple[str, int]]
    total: int
    page: int
    pages: int
    totals: dict[str, int]
    persons: list[DossierPersonOut]
    rounds: list[DossierRoundOut]
    contacts: list[ContactOut]
    transmissions: list[TransmissionOut]
    enquiries: list[int]
    after_return: list[DossierAfterReturnOut]
    proceedings: list[DossierProceedingOut]
    legal_notes: dict[str, Any] | None
