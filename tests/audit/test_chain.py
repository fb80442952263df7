from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from polon.audit.log import verify
from polon.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _raw(sql: str, params=()) -> None:
    """Tamper as an attacker with database access would: drop the guard triggers, then edit rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        cursor.execute(sql, params)


def test_intact_chain_verifies(registry):
    result = verify()
    assert result.ok and result.checked == AuditEvent.objects.count() >= 6


def test_update_and_delete_are_refused_by_the_database(registry):
    event = AuditEvent.objects.order_by("sequence").first()
    for statement in ("UPDATE audit_auditevent SET actor = 'mallory' WHERE id = %s",
                      "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="nothing")
    assert AuditEvent.objects.get(pk=event.pk).actor == event.actor


def test_changed_row_is_named(registry):
    target = AuditEvent.objects.order_by("sequence")[2]
    _raw("UPDATE audit_auditevent SET changes = '{}' WHERE id = %s", [target.pk])
    result = verify()
    assert not result.ok and result.first_bad_sequence == target.sequence


def test_deleted_row_is_named(registry):
    target = AuditEvent.objects.order_by("sequence")[3]
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [target.pk])
    result = verify()
    assert not result.ok and result.first_bad_sequence == target.sequence


def test_reordered_rows_are_named(registry):
    first, second = AuditEvent.objects.order_by("sequence")[1:3]
    _raw("UPDATE audit_auditevent SET sequence = -1 WHERE id = %s", [first.pk])
    _raw("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [first.sequence, second.pk])
    _raw("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", [second.sequence, first.pk])
    result = verify()
    assert not result.ok and result.first_bad_sequence == first.sequence


def test_truncated_tail_is_named(registry):
    last = AuditEvent.objects.order_by("sequence").last()
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [last.pk])
    result = verify()
    assert not result.ok and result.first_bad_sequence == last.sequence
    assert "truncated" in result.reason


def test_reading_a_record_is_audited_for_non_registrars(registry, users):
    from polon.registry.selectors import get_person

    get_person(users["registrar"], registry["kazakh"].pk)
    assert not AuditEvent.objects.filter(action="person.read").exists()
    get_person(users["icrc"], registry["kazakh"].pk)
    read = AuditEvent.objects.get(action="person.read")
    assert read.actor == "icrc" and read.object_id == str(registry["kazakh"].pk)
