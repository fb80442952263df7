"""Exports (the file itself, or the job making a large one), their history and the dashboard."""

from __future__ import annotations

from ninja import Schema


class ExportIn(Schema):
    kind: str
    recipient: str
    legal_basis: str
    person_ids: list[int] = []
    country: str = ""
    status: str = ""
    round_id: int | None = None
    side: str = ""
    format: str = "csv"


class ExportRecordOut(Schema):
    id: int
    kind: str
    format: str
    recipient: str
    legal_basis: str
    persons: int  # how many persons the file names
    sha256: str
    created_by: str
    created_at: str  # ISO date and time


class DashboardOut(Schema):
    """Counts as [label, number] pairs."""

    total: int
    by_status: list[tuple[str, int]]
    by_citizenship: list[tuple[str, int]]
    exchanges: list[tuple[str, int]]  # [month, persons exchanged]
    enquiry_ages: list[tuple[str, int]]  # [age bucket, open enquiries]
    held_by_status: list[tuple[str, int]]  # prisoners of war held by us
    own_by_status: list[tuple[str, int]]  # our own nationals held by the adversary
    handed_over: list[tuple[str, int]]  # [month, prisoners of war we handed over]
    received: list[tuple[str, int]]  # [month, own nationals returned to us]
