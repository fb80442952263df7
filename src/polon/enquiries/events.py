"""The audit payloads of tracing enquiries and their replies: what each event's `changes` holds, built in one
place so every writer records the same shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from polon.enquiries.models import Enquiry, Reply


def enquiry_snapshot(e: Enquiry) -> dict[str, Any]:
    return {"received_on": e.received_on.isoformat(), "requester_kind": e.requester_kind,
            "requester_name": e.requester_name, "requester_contact": e.requester_contact,
            "sought_name": e.sought_name, "sought_birth_date": e.sought_birth_date,
            "sought_country": e.sought_country, "requester_country": e.requester_country, "details": e.details, "assignee": e.assignee_id,
            "status": e.status, "closed_on": e.closed_on.isoformat() if e.closed_on else None}


def enquiry_created(e: Enquiry) -> dict[str, Any]:
    return {"after": enquiry_snapshot(e)}


def enquiry_assigned(e: Enquiry, *, before: int | None) -> dict[str, Any]:
    return {"before": {"assignee": before}, "after": {"assignee": e.assignee_id}}


def reply_added(reply: Reply, *, person_ids: Sequence[int], status_before: str) -> dict[str, Any]:
    """The reply as sent (text, persons named) and the enquiry's status it changed."""
    return {"enquiry": reply.enquiry_id,
            "after": {"sent_on": reply.sent_on.isoformat(), "channel": reply.channel, "text": reply.text,
                      "persons": list(person_ids), "warnings": reply.warnings,
                      "override_reason": reply.override_reason},
            "status": {"before": status_before, "after": reply.enquiry.status}}


def enquiry_closed(e: Enquiry) -> dict[str, Any]:
    return {"after": {"closed_on": e.closed_on.isoformat() if e.closed_on else None}}
