"""Sources: uploads, the sources, what was read from them and its review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict


class AttachmentOut(Schema):
    id: int
    name: str
    sha256: str
    size: int | None
    content_type: str
    claimed_sha256: str


class SourceOut(Schema):
    id: int
    kind: str
    sha256: str
    item: str
    original_name: str
    url: str
    retrieved_at: datetime | None
    published: str
    author: str
    language: str
    title: str
    restriction: str
    notes: str
    source_format: str
    hashes: dict[str, Any]
    created_at: datetime
    text: str | None = None
    attachments: list[AttachmentOut] = []


class IngestOut(Schema):
    name: str
    created: list[int]
    existing: list[int]
    warnings: list[str]
    sources: list[SourceOut]


class DecisionOut(Schema):
    id: int
    item: str
    kind: str
    decision: str
    outcome: str
    created: dict[str, Any]
    note: str
    decided_by: str
    decided_at: datetime


class SourceSuggestionOut(Schema):
    """The outcome the source suggests for a person item ("" when it says nothing that decides it)."""

    outcome: str
    reason: str
    category: str
    actor_kind: str
    actor_name: str
    country: str
    organisation: str
    position: str


class ActorProposalOut(Schema):
    actor_id: int
    name: str
    kind: str
    country: str


class ProposalOut(Schema):
    person_id: int
    name: str
    score: float
    band: str
    explanation: str


class ReviewItemOut(Schema):
    item: str
    kind: str
    status: str
    data: dict[str, Any]
    proposals: list[ProposalOut]
    linked: dict[str, Any]
    decision: DecisionOut | None
    group: bool = False
    suggestion: SourceSuggestionOut | None = None
    actors: list[ActorProposalOut] = []


class QueueOut(Schema):
    """A source in the review queue, with how many of its items wait for a decision."""

    id: int
    title: str
    kind: str
    published: str
    undecided: int


class AcceptIn(Schema):
    item: str
    person_id: int | None = None
    category: str = ""
    person_ids: list[int] | None = None
    date: str | None = None
    round_id: int | None = None
    round_number: int | None = None
    record_events: bool = True
    note: str = ""


class RejectIn(Schema):
    item: str
    note: str = ""
    reason: str = "not_relevant"


class ActorOutcomeIn(Schema):
    """Record the person an item names as an actor: `actor_id` an actor already recorded, or a new one of
    `kind`; name, country, organisation and position default to what the source says."""

    item: str
    actor_id: int | None = None
    kind: str = ""
    name: str = ""
    country: str | None = None
    organisation: str | None = None
    position: str | None = None
    note: str = ""


class ExtractionOut(Schema):
    """What was read from a source (polon.extract.model.Extraction.to_dict); a key not named here is kept."""

    model_config = ConfigDict(extra="allow")

    language: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    kind: str = "other"
    persons: list[dict[str, Any]] = []
    countries: list[dict[str, Any]] = []
    organisations: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []
    source: dict[str, Any] = {}
