"""Enquiries about missing persons and the replies to them."""

from __future__ import annotations

from ninja import Schema


class EnquiryIn(Schema):
    requester_kind: str
    requester_name: str
    requester_contact: str = ""
    sought_name: str
    sought_birth_date: str = ""
    sought_country: str = ""
    details: str = ""
    received_on: str | None = None
    assignee_id: int | None = None
    requester_country: str = ""  # the state it comes from (a consulate's; by default the sought person's)
    confirm_names: bool = False  # details naming persons outside the sought person's state: record anyway


class ReplyIn(Schema):
    text: str
    channel: str = ""
    sent_on: str | None = None
    person_ids: list[int] = []
    close: bool = False
    confirm_names: bool = False  # the text names persons outside the sought person's state: send anyway
    override_reason: str = ""  # a reply to a state that may harm a person it tells of: why send anyway


class AssignIn(Schema):
    assignee_id: int | None = None


class EnquiryOut(Schema):
    id: int
    received_on: str  # ISO date
    requester_kind: str
    requester_name: str
    requester_contact: str
    sought_name: str
    sought_birth_date: str
    sought_country: str
    requester_country: str
    details: str
    assignee: str | None  # the assignee's username
    status: str
    closed_on: str | None  # ISO date
    days_open: int


class SuggestionOut(Schema):
    person_id: int
    name: str
    score: float
    band: str
    explanation: str
    restricted: bool


class DraftReplyOut(Schema):
    text: str
    person_ids: list[int]


class ReplyOut(Schema):
    id: int
    sent_on: str  # ISO date
    channel: str
    text: str
    person_ids: list[int]


class SentReplyOut(ReplyOut):
    sent_by: str


class EnquiryDetailOut(EnquiryOut):
    suggestions: list[SuggestionOut]
    draft_reply: DraftReplyOut
    replies: list[SentReplyOut]
