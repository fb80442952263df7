"""Keep each person's current status in Person.status (indexed) instead of deriving it in SQL for every list.

The column is filled here with lifecycle.derive, the one definition the event services use from now on: the
timelines are read in one pass ordered by person, and persons are updated in batches per status (a few
hundred statements at 100,000 persons)."""

from django.db import migrations, models

BATCH = 500


def fill_status(apps, schema_editor):
    from polon.registry.lifecycle import TimelineEntry, derive

    Person = apps.get_model("registry", "Person")
    StatusEvent = apps.get_model("registry", "StatusEvent")
    by_status: dict[str, list[int]] = {}

    def settle(person_id, entries):
        status = derive(entries).status
        if status != "not_recorded":  # the column's default
            by_status.setdefault(status, []).append(person_id)

    rows = (StatusEvent.objects.order_by("person_id", "id")
            .values_list("person_id", "id", "type", "date", "corrects_id", "corrected_type")
            .iterator(chunk_size=5000))
    current, entries = None, []
    for person_id, pk, type_, date, corrects_id, corrected_type in rows:
        if person_id != current:
            if current is not None:
                settle(current, entries)
            current, entries = person_id, []
        entries.append(TimelineEntry(key=pk, type=type_, date=date, order=pk, corrects=corrects_id,
                                     corrected_type=corrected_type))
    if current is not None:
        settle(current, entries)
    for status, ids in by_status.items():
        for start in range(0, len(ids), BATCH):
            Person.objects.filter(pk__in=ids[start:start + BATCH]).update(status=status)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_recompute_name_keys")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="status",
            field=models.CharField(
                choices=[("not_recorded", "No status recorded"), ("held", "Held"), ("hospitalised", "In hospital"),
                         ("escaped", "Escaped"), ("released", "Released"), ("exchanged", "Exchanged"),
                         ("repatriated", "Repatriated"), ("dead", "Dead"),
                         ("remains_repatriated", "Remains repatriated")],
                db_index=True, default="not_recorded", editable=False, max_length=24, verbose_name="status"),
        ),
        migrations.RunPython(fill_status, migrations.RunPython.noop),
    ]
