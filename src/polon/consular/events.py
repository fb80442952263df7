"""The audit payloads of consular contacts, transmissions, objections and what happened after return: what
each event's `changes` holds, built in one place so every writer records the same shape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from polon.consular.models import (
    AfterReturn,
    ConsularContact,
    Objection,
    Participant,
    Proceeding,
    Transmission,
)


def contact_created(contact: ConsularContact, *, participants: Sequence[Participant], person_ids: Sequence[int],
                    source_ids: Sequence[int]) -> dict[str, Any]:
    return {"after": {
        "country": contact.country, "date": contact.date, "place": contact.place, "kind": contact.kind,
        "our_side": contact.our_side, "topics": contact.topics, "commitments": contact.commitments,
        "participants": [[p.side, p.name, p.role, p.organisation] for p in participants],
        "persons": sorted(person_ids), "sources": sorted(source_ids)}}


def transmission_recorded(item: Transmission) -> dict[str, Any]:
    """The transmission, with the warnings it was sent despite and the reason given for it."""
    return {"person": item.person_id, "after": {
        "recipient": item.recipient, "country": item.country, "channel": item.channel, "date": item.date,
        "content": item.content, "legal_basis": item.legal_basis, "warnings": item.warnings,
        "override_reason": item.override_reason}}


def objection_recorded(item: Objection) -> dict[str, Any]:
    return {"person": item.person_id, "after": {"scope": item.scope, "date": item.date, "statement": item.statement}}


def objection_withdrawn(item: Objection) -> dict[str, Any]:
    return {"person": item.person_id}


def after_return_recorded(item: AfterReturn, *, source_ids: Sequence[int]) -> dict[str, Any]:
    return {"person": item.person_id, "after": {
        "date": item.date, "country": item.country, "place": item.place, "note": item.note,
        "sources": list(source_ids)}}


def proceeding_recorded(item: Proceeding, *, source_ids: Sequence[int]) -> dict[str, Any]:
    return {"person": item.person_id, "after": {
        "country": item.country, "article": item.article, "stage": item.stage, "date": item.date,
        "sentence": item.sentence, "note": item.note, "sources": list(source_ids)}}
