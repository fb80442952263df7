"""Indexes for searching the log (issue 23): the events about one object (a person and the rows that belong to
him), newest first, and a date range. Only added: altering a field would make SQLite copy the table and drop
the append-only triggers."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_page_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_type", "object_id", "sequence"], name="audit_object_sequence"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["at"], name="audit_at"),
        ),
    ]
