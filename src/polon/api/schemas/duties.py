"""The GC III obligation clock: duties with a time limit, and the rules that set their due dates."""

from __future__ import annotations

from ninja import Schema


class DutyOut(Schema):
    kind: str  # a key of the rules ("exports.capture_card", "proceedings.trial_notice", …)
    article: str  # the provision it rests on, e.g. "GC III Art. 70"
    title: str  # what is to be done, in the request's language
    subject: str  # whom or what it is about (a person's name, an enquiry's sought name, …)
    due: str  # ISO date
    status: str  # overdue, due_soon or open
    days_left: int  # negative: days overdue
    anchor: str | None  # ISO date the days count from (capture, trial, death, receipt, …)
    anchor_label: str  # what that date is, in the request's language
    person_id: int | None
    url: str  # the web page where it is done ("" if none)
    key: str
    detail: str


class DutiesOut(Schema):
    today: str  # the day the clock was read for (ISO)
    soon_days: int  # "due soon": due within this many days
    overdue: int
    due_soon: int
    later: int
    failed: list[str]  # providers that failed (the list is then incomplete)
    total: int  # the duties matching show and kind; items holds those from offset, at most limit
    items: list[DutyOut]


class RuleOut(Schema):
    kind: str
    article: str
    title: str
    days: int  # in force (after the setting)
    default_days: int
    anchor: str
    setting: str  # the POLON_* setting that changes the days
    text: str
