"""Proceedings against prisoners of war (GC III Arts. 5, 99-108, 119): determinations, cases, held-back lists."""

from __future__ import annotations

from datetime import date

from ninja import Schema
from pydantic import Field

from polon.api.schemas.common import MAX_ID


class DeterminationIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID)
    tribunal: str
    decided_on: date
    outcome: str
    doubt: str = ""
    reasons: str = ""


class DeterminationOut(Schema):
    id: int
    person_id: int
    name: str
    tribunal: str
    decided_on: date
    outcome: str
    doubt: str
    reasons: str


class CaseIn(Schema):
    person_id: int = Field(ge=1, le=MAX_ID)
    case_number: str
    charged_on: date
    charges: str
    legal_provisions: str
    court: str
    country: str = ""
    place_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    confinement: str = ""
    trial_on: date | None = None
    trial_place: str = ""


class CaseOut(Schema):
    id: int
    person_id: int
    name: str
    case_number: str
    country: str
    stage: str
    charged_on: date
    charges: str
    legal_provisions: str
    court: str
    place: str
    trial_on: date | None
    trial_place: str
    notice_sent_on: date | None
    notice_received_on: date | None
    notice_transmission_id: int | None
    earliest_trial: date | None
    trial_too_soon: bool
    judged_on: date | None
    verdict: str
    sentence: str
    death_sentence: bool
    final: bool
    judgment_notice_sent_on: date | None
    judgment_notice_received_on: date | None
    judgment_transmission_id: int | None
    execution_not_before: date | None
    execution_on: date | None
    closed_on: date | None
    close_reason: str


class TrialIn(Schema):
    trial_on: date
    trial_place: str = ""


class HeldBackSendIn(Schema):
    sent_on: date
    channel: str = ""
    override_reason: str = ""
    confirm_names: bool = False


class NoticeIn(HeldBackSendIn):
    trial_on: date | None = None
    trial_place: str = ""


class NoticeReceiptIn(Schema):
    received_on: date


class JudgmentIn(Schema):
    judged_on: date
    verdict: str
    sentence: str = ""
    death_sentence: bool = False
    final: bool = False
    appeal: str = ""
    finding_wording: str = ""
    trial_summary: str = ""
    establishment: str = ""
    sentence_ends: date | None = None


class ExecutionIn(Schema):
    execution_on: date


class CloseIn(Schema):
    closed_on: date
    reason: str
    note: str = ""


class ListIn(Schema):
    country: str
    recipient: str = "protecting_power"
    as_of: date | None = None


class HeldBackEntryOut(Schema):
    person_id: int
    name: str
    case_id: int
    case_number: str
    reason: str
    until: date | None
    transmission_id: int | None


class HeldBackListOut(Schema):
    id: int
    country: str
    recipient: str
    as_of: date
    status: str
    sent_on: date | None
    acknowledged_on: date | None
    reference: str
    entries: list[HeldBackEntryOut]


class HeldBackAcknowledgeIn(Schema):
    acknowledged_on: date
    reference: str = ""
