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
    # The state the export is addressed to or made on behalf of (ISO code; "" none): persons it may harm are
    # left out (asked for by number: refused) unless override_reason is given, which is audited with them.
    state: str = ""
    override_reason: str = ""


class ExportRecordOut(Schema):
    id: int
    kind: str
    format: str
    recipient: str
    legal_basis: str
    persons: int  # how many persons the file names
    state: str = ""  # the state it was addressed to or made for
    withheld: int = 0  # persons left out because it may harm them (no reason given)
    overridden: int = 0  # persons sent despite the warnings, with the reason given
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
