"""The keyed chain (issue 24): an attacker who can write to the database but does not hold the audit key cannot
recompute the chain, and signed checkpoints kept outside the database catch a cut tail with the head reset."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection

from polon.audit.keys import current_key, key_id
from polon.audit.log import verify, write_checkpoint
from polon.audit.models import AuditEvent, AuditHead
from polon.cli import main
from polon.core.canonical_json import canonical_json

pytestmark = pytest.mark.django_db

KEY_A = "kazakh-bureau-audit-key-2026-a-" + "q" * 16
KEY_B = "kazakh-bureau-audit-key-2026-b-" + "w" * 16


def _sql(sql: str, params=()) -> None:
    """Tamper as an attacker with database access would: drop the guard triggers, then edit rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        cursor.execute(sql, params)


def _fields(event: AuditEvent) -> dict:
    return {"sequence": event.sequence, "at": event.at.isoformat(timespec="microseconds"), "actor": event.actor,
            "action": event.action, "object_type": event.object_type, "object_id": event.object_id,
            "changes": event.changes}


def _recompute(sign) -> None:
    """Rewrite every hash and link from the first row on, and the head, with ``sign(previous, event)``."""
    previous = "0" * 64
    for event in AuditEvent.objects.order_by("sequence"):
        digest = sign(previous, event)
        _sql("UPDATE audit_auditevent SET previous_hash = %s, hash = %s WHERE id = %s", [previous, digest, event.pk])
        previous = digest
    count = AuditEvent.objects.count()
    AuditHead.objects.filter(pk=1).update(sequence=count, hash=previous)


def _plain_sha256(previous: str, event: AuditEvent) -> str:
    return hashlib.sha256((previous + canonical_json(_fields(event))).encode()).hexdigest()


def _tamper_one_row(registry) -> AuditEvent:
    target = AuditEvent.objects.filter(object_id=str(registry["uzbek"].pk), action="person.create").get()
    _sql("UPDATE audit_auditevent SET changes = %s WHERE id = %s",
         [json.dumps({"names": ["Алишер Турсунов"], "note": "released 2024-12-01"}), target.pk])
    return target


def test_events_are_keyed_with_the_current_key_id(registry):
    events = list(AuditEvent.objects.order_by("sequence"))
    assert events and {event.key_id for event in events} == {current_key().id}
    # Not the plain SHA-256 an attacker could recompute.
    assert events[0].hash != _plain_sha256("0" * 64, events[0])
    assert verify().ok


def test_a_chain_recomputed_without_the_key_is_detected(registry):
    target = _tamper_one_row(registry)
    assert not verify().ok  # the change alone is caught …
    _recompute(_plain_sha256)  # … and recomputing the chain, which passed before the key, does not help
    result = verify()
    assert not result.ok and result.first_bad_sequence == 1
    assert "does not match its hash" in result.reason
    assert target.sequence > 1


def test_a_chain_recomputed_with_a_guessed_key_is_detected(registry):
    _tamper_one_row(registry)
    guess = "mallory-guess-" + "z" * 40
    import hmac

    def sign(previous: str, event: AuditEvent) -> str:
        body = canonical_json(_fields(event) | {"key_id": event.key_id})
        return hmac.new(guess.encode(), (previous + body).encode(), hashlib.sha256).hexdigest()

    _recompute(sign)
    result = verify()
    assert not result.ok and result.first_bad_sequence == 1


def test_passing_keyed_rows_off_as_legacy_is_detected(registry):
    """The unkeyed (legacy) part of the chain ends at a sealed boundary: marking every row unkeyed, recomputing
    them with plain SHA-256 and moving the boundary to the head breaks the seal."""
    _tamper_one_row(registry)
    _sql("UPDATE audit_auditevent SET key_id = NULL")
    _recompute(_plain_sha256)
    AuditHead.objects.filter(pk=1).update(legacy_until=AuditEvent.objects.count())
    result = verify()
    assert not result.ok and "seal of the legacy part" in result.reason


def test_events_written_before_the_key_verify_as_legacy_up_to_the_sealed_boundary(registry, users):
    """The migration (audit 0006) keeps the events written before the chain was keyed as they are, and seals the
    boundary; events after it are keyed."""
    from importlib import import_module

    from django.apps import apps

    # The events as the unkeyed chain of before wrote them.
    _sql("UPDATE audit_auditevent SET key_id = NULL")
    _recompute(_plain_sha256)
    legacy = AuditEvent.objects.count()
    import_module("polon.audit.migrations.0006_keyed_chain").seal_legacy_part(apps, None)
    from polon.registry.services import add_event

    add_event(actor=users["registrar"], person_id=registry["kazakh"].pk, type="transferred", date="2024-12-20",
              place="Demo camp 2")
    result = verify()
    assert result.ok and result.checked > legacy
    assert AuditEvent.objects.filter(sequence__gt=legacy).exclude(key_id=current_key().id).count() == 0
    # Moving the boundary back (to pass a rewritten legacy row as keyed, or the reverse) breaks the seal.
    AuditHead.objects.filter(pk=1).update(legacy_until=legacy - 1)
    assert not verify().ok


def test_a_cut_tail_with_the_head_reset_is_caught_by_a_checkpoint(registry, tmp_path):
    assert "no checkpoints" in verify(tmp_path).reason  # an empty (or mistyped) directory does not pass
    checkpoint = write_checkpoint(tmp_path)
    assert verify(tmp_path).ok and verify(tmp_path).checkpoints == 1
    # Cut the last two events (the Uzbek's capture and the dual citizen's) and reset the head to match.
    cut = list(AuditEvent.objects.order_by("-sequence")[:2])
    for event in cut:
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    last = AuditEvent.objects.order_by("sequence").last()
    AuditHead.objects.filter(pk=1).update(sequence=last.sequence, hash=last.hash)
    assert verify().ok  # the chain alone cannot tell …
    result = verify(tmp_path)  # … the checkpoint can
    assert not result.ok and "tail was cut off" in result.reason
    assert result.first_bad_sequence == last.sequence + 1 and checkpoint.sequence == last.sequence + 2


def test_a_chain_rewritten_with_the_key_is_caught_by_an_earlier_checkpoint(registry, users, tmp_path):
    """Even whoever holds the key cannot rewrite events a checkpoint has signed without it showing."""
    from polon.audit.log import _hash

    write_checkpoint(tmp_path)
    _tamper_one_row(registry)
    key = current_key()

    def sign(previous: str, event: AuditEvent) -> str:
        fields = _fields(event)
        return _hash(previous, **{k: fields[k] for k in fields}, key=key)

    _recompute(sign)
    assert verify().ok
    result = verify(tmp_path)
    assert not result.ok and "the chain was rewritten" in result.reason


def test_an_altered_or_foreign_checkpoint_is_refused(registry, tmp_path, settings):
    path = write_checkpoint(tmp_path).path
    fields = json.loads(path.read_text())
    fields["sequence"] -= 1  # to make a cut tail agree
    path.write_text(json.dumps(fields))
    result = verify(tmp_path)
    assert not result.ok and "bad signature" in result.reason
    path.unlink()
    write_checkpoint(tmp_path)
    settings.AUDIT_KEY = KEY_A  # a checkpoint under a key polon no longer knows
    result = verify(tmp_path)
    assert not result.ok and "not configured" in result.reason


def test_rotating_the_key_keeps_older_events_verifiable(registry, users, settings):
    from polon.registry.services import add_event

    file_text = settings.AUDIT_KEY_FILE.read_text().strip()  # the key of the fixture's events
    # Rotation: A becomes the current key; the key of before stays listed to verify its events.
    settings.AUDIT_KEY, settings.AUDIT_OLD_KEYS = KEY_A, []
    add_event(actor=users["registrar"], person_id=registry["kazakh"].pk, type="transferred", date="2024-12-20")
    result = verify()
    assert not result.ok and key_id(file_text.encode()) in result.reason  # the old key not listed
    settings.AUDIT_OLD_KEYS = [file_text]
    assert verify().ok
    # A second rotation: B current, A and the first key listed.
    settings.AUDIT_KEY, settings.AUDIT_OLD_KEYS = KEY_B, [KEY_A, file_text]
    add_event(actor=users["registrar"], person_id=registry["uzbek"].pk, type="transferred", date="2024-12-21")
    assert verify().ok
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {
        key_id(file_text.encode()), key_id(KEY_A.encode()), key_id(KEY_B.encode())}
    settings.AUDIT_OLD_KEYS = [file_text]  # A dropped too early: its events no longer verify
    result = verify()
    assert not result.ok and key_id(KEY_A.encode()) in result.reason


def test_checkpoint_and_verify_commands(registry, users, tmp_path, capsys):
    assert main(["--as", "auditor", "audit", "checkpoint", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "checkpoint of event" in out and len(list(tmp_path.glob("audit-checkpoint-*.json"))) == 1
    assert AuditEvent.objects.filter(action="audit.checkpoint", actor="auditor").exists()
    assert main(["--as", "auditor", "audit", "verify", "--checkpoints", str(tmp_path)]) == 0
    assert "1 checkpoint agrees with the chain" in capsys.readouterr().out
    signed = AuditEvent.objects.get(action="audit.checkpoint")  # the event naming the head it signed
    assert json.loads(signed.changes)["sequence"] == signed.sequence - 1
    for event in AuditEvent.objects.order_by("-sequence")[:2]:  # the checkpoint's event and the head it signed
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    previous = AuditEvent.objects.order_by("sequence").last()
    AuditHead.objects.filter(pk=1).update(sequence=previous.sequence, hash=previous.hash)
    assert main(["--as", "auditor", "audit", "verify"]) == 0
    capsys.readouterr()
    assert main(["--as", "auditor", "audit", "verify", "--checkpoints", str(tmp_path)]) == 1
    assert "TAMPERED" in capsys.readouterr().out
    # A tampered chain gets no checkpoint.
    _sql("UPDATE audit_auditevent SET actor = 'mallory' WHERE id = %s", [previous.pk])
    assert main(["--as", "auditor", "audit", "checkpoint", str(tmp_path / "later")]) == 2
    assert not (tmp_path / "later").exists() or not list((tmp_path / "later").iterdir())


def test_serve_refuses_to_start_without_an_audit_key(settings, monkeypatch):
    from argparse import Namespace

    from polon.cli.admin import serve
    from polon.cli.common import CommandError

    monkeypatch.delenv("POLON_DEMO", raising=False)
    settings.SECRET_KEY = "s" * 50
    settings.AUDIT_KEY = ""
    with pytest.raises(CommandError, match="POLON_AUDIT_KEY"):
        serve(Namespace(bind="127.0.0.1:1", workers=1, no_worker=True, control_socket=""))
