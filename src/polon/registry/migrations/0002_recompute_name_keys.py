"""Recompute every spelling's search keys: polon.matching now reads a Latin word through learned
spellings too, so the keys of Latin spellings stored before differ from those it computes now."""

from django.db import migrations


def recompute_name_keys(apps, schema_editor):
    """Nothing since 0005: the search keys table is gone (the engine indexes names in memory)."""


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(recompute_name_keys, recompute_name_keys)]
