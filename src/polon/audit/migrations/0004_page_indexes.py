"""Indexes for the log page filtered by action or actor, newest first, a page at a time by sequence (keyset).
Only added: altering a field would make SQLite copy the table and drop the append-only triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_head_row")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "sequence"], name="audit_action_sequence"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "sequence"], name="audit_actor_sequence"),
        ),
    ]
