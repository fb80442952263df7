"""Indexes for the list pages: a country's citizens (a liaison's scope, the dossier, the citizenship filter,
the counts per citizenship) are read from (country, person) alone, and their counts by status from (id, status)
alone. Only added: altering a field would make SQLite copy the table and drop the search triggers of 0005."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_search_change_log")]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["id", "status"], name="person_id_status"),
        ),
        migrations.AddIndex(
            model_name="citizenship",
            index=models.Index(fields=["country", "person"], name="citizenship_country_person"),
        ),
    ]
