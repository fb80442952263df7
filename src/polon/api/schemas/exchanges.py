"""Exchange rounds, their entries and the reconciled lists of the other side."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class RoundIn(Schema):
    number: int
    title: str = ""
    proposed_on: str = ""
    agreed_on: str = ""
    place: str = ""
    parties: list[str] = ["UA", "RU"]
    mediator: str = ""
    formula: str = "n_for_n"
    formula_n: int | None = None
    formula_category: str = ""
    status: str = "negotiating"
    notes: str = ""
    source_ids: list[int] = []


class RoundPatch(Schema):
    version: int | None = None
    changes: dict[str, object]


class EntryIn(Schema):
    side: str
    person_id: int | None = None
    # A name we do not know yet: recorded as a new person of `category` first.
    name: str = ""
    birth_date: str = ""
    citizenship: str = "UA"
    category: str = "own_held"
    held_since: str = ""
    status: str = "proposed"
    consent: str = "unknown"
    categories: list[str] = []
    note: str = ""
    # A person whose registry status the list does not expect (dead, released…) is refused with the warning
    # (400, errors.confirm) unless this is true.
    confirm_warnings: bool = False


class EntryPatch(Schema):
    status: str | None = None
    struck_by: str = ""
    struck_reason: str = ""
    consent: str | None = None
    categories: list[str] | None = None
    note: str | None = None


class ExecuteIn(Schema):
    date: str
    place: str = ""
    note: str = ""
    # Executing writes status events on every agreed person and cannot be undone: refused (400) unless true.
    confirm: bool = False


class RowCorrectionIn(Schema):
    name: str
    birth_date: str = ""
    rank: str = ""
    unit: str = ""
    citizenship: str = ""


class RowNewPersonIn(Schema):
    names: list[str] = []  # other spellings; the name as written on the list comes first
    birth_date: str = ""
    citizenships: list[str] = []
    category: str = ""  # by default from the list: pow (we hand over) or own_held (we receive)
    rank: str = ""
    unit: str = ""


class RowJudgementIn(Schema):
    person_id: int
    same: bool


class RoundOut(Schema):
    """An exchange round. ``notes`` (sources review writes a sentence of the source into them) and
    ``source_ids`` are given only to roles that may read sources: for others the keys are absent."""

    id: int
    number: int
    title: str
    status: str
    proposed_on: str
    agreed_on: str
    executed_on: str
    place: str
    parties: list[str]
    mediator: str
    formula: str
    formula_n: int | None
    formula_category: str
    version: int
    notes: str | None = None
    source_ids: list[int] | None = None


class EntryOut(Schema):
    id: int
    round: int  # the round's number
    side: str
    person_id: int
    name: str
    status: str
    struck_by: str
    struck_reason: str
    consent: str
    categories: list[str]
    note: str


class RoundDetailOut(RoundOut):
    entries: list[EntryOut]


class ExecutionOut(RoundOut):
    exchanged: list[int]  # entry ids
    events: list[int]  # timeline events written
    not_exchanged: list[int]  # entry ids


class ListRowOut(Schema):
    id: int
    side: str
    line: int
    name: str
    birth_date: str
    rank: str
    unit: str
    citizenship: str
    outcome: str
    person_id: int | None
    score: float | None
    explanation: str
    confirmed: bool
    candidates: list[dict[str, Any]]
    raw_text: str = ""  # an unreadable line ("invalid") as written
    problems: list[dict[str, str]] = []  # its fields and why: [{"field", "reason"}]
