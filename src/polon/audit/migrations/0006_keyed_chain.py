"""The chain keyed with HMAC-SHA256 under the audit key (issue 24): each event records the id of its key.

The events written before are kept as they are ("legacy", plain SHA-256) up to the head's sequence now; that
boundary and the hash there are sealed with an HMAC under the current audit key, so that moving it cannot pass
later, keyed events off as legacy ones. Columns are only added (nullable, no default): altering or adding a
column with a default would make SQLite copy the table and drop the append-only triggers."""

from django.db import migrations, models


def seal_legacy_part(apps, schema_editor):
    from polon.audit.keys import current_key
    from polon.audit.log import legacy_seal

    head_model = apps.get_model("audit", "AuditHead")
    head, _ = head_model.objects.get_or_create(pk=1, defaults={"sequence": 0, "hash": "0" * 64})
    key = current_key()
    head.legacy_until = head.sequence
    head.legacy_key_id = key.id
    head.legacy_seal = legacy_seal(key, legacy_until=head.sequence, hash_there=head.hash)
    head.save(update_fields=["legacy_until", "legacy_key_id", "legacy_seal"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(max_length=16, null=True),
        ),
        migrations.AddField(
            model_name="audithead",
            name="legacy_until",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="audithead",
            name="legacy_key_id",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.AddField(
            model_name="audithead",
            name="legacy_seal",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RunPython(seal_legacy_part, migrations.RunPython.noop),
    ]
