"""Transmissions newest first without sorting them all (a capture card is sent for nearly every person)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consular", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="transmission",
            index=models.Index(fields=["date", "id"], name="transmission_date_id"),
        ),
    ]
