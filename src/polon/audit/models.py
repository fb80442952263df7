from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One append-only, hash-chained entry. Database triggers refuse UPDATE and DELETE on this table."""

    sequence = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    actor_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, db_index=True)
    changes = models.TextField()  # canonical JSON, hashed as stored
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The id of the HMAC key the hash was made with (polon.audit.keys); empty (NULL) for the events written
    # before the chain was keyed, which verify as "legacy" up to AuditHead.legacy_until.
    key_id = models.CharField(max_length=16, null=True)

    class Meta:
        ordering = ["sequence"]
        # The log page filtered by action or actor, newest first, a page at a time by sequence.
        # The search of the log: the events about one object (a person and his names, events, …), a date range.
        indexes = [models.Index(fields=["action", "sequence"], name="audit_action_sequence"),
                   models.Index(fields=["actor", "sequence"], name="audit_actor_sequence"),
                   models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_sequence"),
                   models.Index(fields=["at"], name="audit_at")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id} by {self.actor}"


class AuditHead(models.Model):
    """A single row holding the chain's last sequence and hash.

    Updating it first in every writing transaction serialises appends on SQLite and PostgreSQL alike, and lets
    `audit verify` notice rows cut off the end of the chain.
    """

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    # Events up to this sequence were written before the chain was keyed (plain SHA-256). The boundary and the
    # hash there are sealed with an HMAC under the audit key, so that moving it cannot pass keyed events off as
    # legacy ones.
    legacy_until = models.BigIntegerField(default=0)
    legacy_key_id = models.CharField(max_length=16, default="")
    legacy_seal = models.CharField(max_length=64, default="")
