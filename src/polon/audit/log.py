"""Appending to and verifying the hash-chained audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from polon.audit.actions import Action, action_of
from polon.audit.models import AuditEvent, AuditHead
from polon.core.bulk import insert_rows
from polon.core.canonical_json import canonical_json

if TYPE_CHECKING:
    from polon.accounts.models import User

GENESIS = "0" * 64
HEAD_TABLE = AuditHead._meta.db_table


def _hash(previous_hash: str, *, sequence: int, at: str, actor: str, action: str, object_type: str,
          object_id: str, changes: str) -> str:
    payload = canonical_json(
        {"sequence": sequence, "at": at, "actor": actor, "action": action, "object_type": object_type,
         "object_id": object_id, "changes": changes}
    )
    return hashlib.sha256((previous_hash + payload).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One event for :func:`record_many`: the action, the object it is about (or its type and id) and the change."""

    action: Action | str
    obj: Any = None
    object_type: str = ""
    object_id: str = ""
    changes: dict | None = None


def record(*, actor: User | None, action: Action | str, obj: Any = None, object_type: str = "",
           object_id: str = "", changes: dict | None = None) -> AuditEvent:
    """Append one event. Must run inside the transaction of the write it describes. ``action`` must be
    declared in :mod:`polon.audit.actions` (ValueError otherwise)."""
    return record_many(actor=actor, entries=[Entry(action, obj, object_type, object_id, changes)])[0]


def record_many(*, actor: User | None, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append events in order, chained exactly as one :func:`record` call each would chain them, with three
    statements in all (a bulk import appends thousands). Must run inside the transaction of the writes.
    Every action must be declared in :mod:`polon.audit.actions` (ValueError otherwise, nothing appended)."""
    actions = [str(action_of(entry.action)) for entry in entries]
    if not connection.in_atomic_block:
        raise RuntimeError("audit events are appended inside the transaction of the write they describe")
    if not entries:
        return []
    # Moving the head first takes the write lock, so concurrent appends queue up instead of forking the
    # chain (SQLite and PostgreSQL both support UPDATE … RETURNING).
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {HEAD_TABLE} SET sequence = sequence + %s WHERE id = 1 RETURNING sequence, hash",
                       [len(entries)])
        row = cursor.fetchone()
    if row is None:
        raise RuntimeError("the audit head row is missing: run `polon migrate`")
    sequence, previous = row[0] - len(entries), row[1]
    actor_name = getattr(actor, "username", None) or "system"
    actor_id = getattr(actor, "pk", None)
    events = []
    for entry, action in zip(entries, actions, strict=True):
        sequence += 1
        object_type = entry.object_type or (entry.obj._meta.label_lower if entry.obj is not None else "")
        object_id = str(entry.object_id or (entry.obj.pk if entry.obj is not None else ""))
        at = timezone.now().astimezone(dt.UTC)
        body = canonical_json(entry.changes or {})
        digest = _hash(previous, sequence=sequence, at=at.isoformat(timespec="microseconds"), actor=actor_name,
                       action=action, object_type=object_type, object_id=object_id, changes=body)
        events.append(AuditEvent(sequence=sequence, at=at, actor=actor_name, actor_id=actor_id,
                                 action=action, object_type=object_type, object_id=object_id,
                                 changes=body, previous_hash=previous, hash=digest))
        previous = digest
    insert_rows(events)
    AuditHead.objects.filter(pk=1).update(hash=previous)
    return events


def diff(before: dict, after: dict) -> dict:
    """The before/after of the fields that changed."""
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return {"before": {k: before.get(k) for k in changed}, "after": {k: after.get(k) for k in changed}}


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    reason: str = ""


def verify() -> Verification:
    """Walk the chain; name the first sequence number whose row was changed, deleted, reordered or cut off."""
    expected_previous = GENESIS
    expected_sequence = 1
    checked = 0
    with transaction.atomic():
        head = AuditHead.objects.filter(pk=1).first()
        for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
            if event.sequence != expected_sequence:
                return Verification(False, checked, expected_sequence,
                                    f"sequence {expected_sequence} is missing (next row is {event.sequence})")
            if event.previous_hash != expected_previous:
                return Verification(False, checked, event.sequence, "previous hash does not link to the row before")
            at_text = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
            digest = _hash(event.previous_hash, sequence=event.sequence, at=at_text, actor=event.actor,
                           action=event.action, object_type=event.object_type, object_id=event.object_id,
                           changes=event.changes)
            if digest != event.hash:
                return Verification(False, checked, event.sequence, "row content does not match its hash")
            expected_previous = event.hash
            expected_sequence += 1
            checked += 1
        head_sequence = head.sequence if head else 0
        head_hash = head.hash if head else GENESIS
        if head_sequence != checked or head_hash != expected_previous:
            return Verification(False, checked, checked + 1,
                                f"the chain ends at {checked} but {head_sequence} events were written (truncated)")
    return Verification(True, checked)
