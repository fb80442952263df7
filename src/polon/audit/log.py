"""Appending to and verifying the hash-chained audit log.

Each event's hash is an HMAC-SHA256, under the audit key (polon.audit.keys, never in the database), of the
previous event's hash and the event itself, including the id of the key. Events written before the chain was
keyed keep their plain SHA-256 hashes ("legacy") up to a sealed boundary (AuditHead.legacy_until). Signed
checkpoints of the head, written outside the database (:func:`write_checkpoint`), let :func:`verify` notice a
tail cut off together with the head row reset to match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polon.audit.actions import Action, action_of
from polon.audit.keys import AuditKey, AuditKeyError, current_key, key_for
from polon.audit.models import AuditEvent, AuditHead
from polon.core.bulk import insert_rows
from polon.core.canonical_json import canonical_json

if TYPE_CHECKING:
    from polon.accounts.models import User

GENESIS = "0" * 64
HEAD_TABLE = AuditHead._meta.db_table


def _hash(previous_hash: str, *, sequence: int, at: str, actor: str, action: str, object_type: str,
          object_id: str, changes: str, key: AuditKey | None) -> str:
    """The event's keyed hash (HMAC-SHA256 under ``key``, whose id is part of what is signed); with no key, the
    plain SHA-256 of the events written before the chain was keyed."""
    fields = {"sequence": sequence, "at": at, "actor": actor, "action": action, "object_type": object_type,
              "object_id": object_id, "changes": changes}
    if key is None:
        return hashlib.sha256((previous_hash + canonical_json(fields)).encode()).hexdigest()
    return key.sign(previous_hash + canonical_json(fields | {"key_id": key.id}))


def legacy_seal(key: AuditKey, *, legacy_until: int, hash_there: str) -> str:
    """The HMAC sealing the boundary of the unkeyed (legacy) events and the hash of the last of them."""
    return key.sign(canonical_json({"legacy_until": legacy_until, "hash": hash_there}))


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
    key = current_key()
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
                       action=action, object_type=object_type, object_id=object_id, changes=body, key=key)
        events.append(AuditEvent(sequence=sequence, at=at, actor=actor_name, actor_id=actor_id,
                                 action=action, object_type=object_type, object_id=object_id,
                                 changes=body, previous_hash=previous, hash=digest, key_id=key.id))
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
    checkpoints: int = 0  # how many checkpoints were compared with the chain


def verify(checkpoints: Path | str | None = None) -> Verification:
    """Walk the chain; name the first sequence number whose row was changed, deleted, reordered, re-hashed
    without the key or cut off. With ``checkpoints`` (a directory of :func:`write_checkpoint` files), also
    compare the chain with every checkpoint: a tail cut off with the head reset, or a chain rewritten before a
    checkpoint, no longer agrees with it."""
    expected_previous = GENESIS
    expected_sequence = 1
    checked = 0
    with transaction.atomic():
        head = AuditHead.objects.filter(pk=1).first()
        legacy_until = head.legacy_until if head else 0
        hash_at_boundary = GENESIS
        for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
            if event.sequence != expected_sequence:
                return Verification(False, checked, expected_sequence,
                                    _("sequence %(sequence)s is missing (next row is %(next)s)")
                                    % {"sequence": expected_sequence, "next": event.sequence})
            if event.previous_hash != expected_previous:
                return Verification(False, checked, event.sequence, _("previous hash does not link to the row before"))
            key: AuditKey | None = None
            if event.sequence <= legacy_until:
                if event.key_id:
                    return Verification(False, checked, event.sequence,
                                        _("a keyed row inside the legacy part of the chain"))
            elif not event.key_id:
                return Verification(False, checked, event.sequence,
                                    _("row has no key id after the legacy part (which ends at %(sequence)s)")
                                    % {"sequence": legacy_until})
            else:
                try:
                    key = key_for(event.key_id)
                except AuditKeyError as error:
                    return Verification(False, checked, event.sequence, str(error))
            at_text = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
            digest = _hash(event.previous_hash, sequence=event.sequence, at=at_text, actor=event.actor,
                           action=event.action, object_type=event.object_type, object_id=event.object_id,
                           changes=event.changes, key=key)
            if not hmac.compare_digest(digest, event.hash):
                return Verification(False, checked, event.sequence, _("row content does not match its hash"))
            if event.sequence == legacy_until:
                hash_at_boundary = event.hash
            expected_previous = event.hash
            expected_sequence += 1
            checked += 1
        head_sequence = head.sequence if head else 0
        head_hash = head.hash if head else GENESIS
        if head_sequence != checked or head_hash != expected_previous:
            return Verification(False, checked, checked + 1,
                                _("the chain ends at %(count)s but %(written)s events were written (truncated)")
                                % {"count": checked, "written": head_sequence})
        if head is not None:
            problem = _legacy_problem(head, checked, hash_at_boundary)
            if problem:
                return Verification(False, checked, min(legacy_until, checked) + 1, problem)
        if checkpoints is None:
            return Verification(True, checked)
        count = 0
        files = sorted(Path(checkpoints).glob(CHECKPOINT_GLOB))
        if not files:  # a mistyped or emptied directory must not pass for "every checkpoint agrees"
            return Verification(False, checked, None, _("no checkpoints in %(directory)s") % {"directory": checkpoints})
        for path in files:
            problem, sequence = _checkpoint_problem(path, checked, legacy_until)
            if problem:
                return Verification(False, checked, sequence, problem, count)
            count += 1
    return Verification(True, checked, checkpoints=count)


def _legacy_problem(head: AuditHead, checked: int, hash_at_boundary: str) -> str:
    if head.legacy_until > checked:
        return _("the legacy part ends at %(sequence)s, after the end of the chain") % {"sequence": head.legacy_until}
    try:
        key = key_for(head.legacy_key_id)
    except AuditKeyError as error:
        return _("the legacy boundary cannot be checked: %(reason)s") % {"reason": error}
    expected = legacy_seal(key, legacy_until=head.legacy_until, hash_there=hash_at_boundary)
    if not hmac.compare_digest(expected, head.legacy_seal):
        return _("the seal of the legacy part (events before the chain was keyed) does not match")
    return ""


# Checkpoints: the head of the chain, signed, kept outside the database.

CHECKPOINT_FORMAT = "polon-audit-checkpoint-1"
CHECKPOINT_GLOB = "audit-checkpoint-*.json"


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    sequence: int
    hash: str


def _checkpoint_body(fields: dict) -> str:
    return canonical_json({k: v for k, v in fields.items() if k != "mac"})


class ChainBroken(ValueError):
    """The chain does not verify: no checkpoint is written for it."""

    def __init__(self, result: Verification) -> None:
        super().__init__(result.reason)
        self.result = result


def write_checkpoint(directory: Path | str) -> Checkpoint:
    """Sign the head of the chain (sequence, hash, legacy boundary) with the current audit key and write it as a
    new file in ``directory`` (which should be on another machine or write-once storage). Refuses (ValueError) a
    chain that does not verify (ChainBroken): a checkpoint vouches for what it signs."""
    result = verify()
    if not result.ok:
        raise ChainBroken(result)
    head = AuditHead.objects.get(pk=1)
    key = current_key()
    now = timezone.now().astimezone(dt.UTC)
    fields = {"format": CHECKPOINT_FORMAT, "sequence": head.sequence, "hash": head.hash,
              "legacy_until": head.legacy_until, "at": now.isoformat(timespec="seconds"), "key_id": key.id}
    fields["mac"] = key.sign(_checkpoint_body(fields))
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"audit-checkpoint-{head.sequence:012d}-{now:%Y%m%dT%H%M%S%f}.json"
    temporary = path.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(fields, handle, indent=2, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return Checkpoint(path, head.sequence, head.hash)


def _checkpoint_problem(path: Path, chain_length: int, legacy_until: int) -> tuple[str, int | None]:
    """What is wrong between the chain and the checkpoint in ``path`` ("" if they agree), and the sequence."""
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        sequence, digest, mac = int(fields["sequence"]), str(fields["hash"]), str(fields["mac"])
        identifier = str(fields["key_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return _("checkpoint %(file)s cannot be read") % {"file": path.name}, None
    if fields.get("format") != CHECKPOINT_FORMAT:
        return _("checkpoint %(file)s is not a polon audit checkpoint") % {"file": path.name}, None
    try:
        key = key_for(identifier)
    except AuditKeyError as error:
        return _("checkpoint %(file)s: %(reason)s") % {"file": path.name, "reason": error}, None
    if not hmac.compare_digest(key.sign(_checkpoint_body(fields)), mac):
        return _("checkpoint %(file)s has a bad signature (it was altered or forged)") % {"file": path.name}, None
    if sequence > chain_length:
        return (_("checkpoint %(file)s recorded %(sequence)s events but the chain ends at %(count)s: its tail was "
                  "cut off") % {"file": path.name, "sequence": sequence, "count": chain_length}), chain_length + 1
    if sequence == 0:
        there = GENESIS
    else:
        there = AuditEvent.objects.filter(sequence=sequence).values_list("hash", flat=True).first() or ""
    if not hmac.compare_digest(there, digest):
        return (_("event %(sequence)s differs from checkpoint %(file)s: the chain was rewritten")
                % {"sequence": sequence, "file": path.name}), sequence
    if int(fields.get("legacy_until", 0)) != legacy_until:
        return _("the legacy boundary moved since checkpoint %(file)s") % {"file": path.name}, sequence
    return "", None
