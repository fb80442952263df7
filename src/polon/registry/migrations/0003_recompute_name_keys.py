"""Recompute every spelling's search keys again: polon.names keeps a word whole across BGN/PCGN's
middle dot, a combining mark and the marks for the hard sign ("Geyt·s", "Aī̆dos", "Podʺyachev"
were two words each), polon.matching leaves detached Turkic particles out of a name ("Бакыт
уулу"), and it also reads Latin "th" as ф (Martha / Марфа), so the keys of such spellings
stored before differ from those it computes now."""

from django.db import migrations


def recompute_name_keys(apps, schema_editor):
    """Nothing since 0005: the search keys table is gone (the engine indexes names in memory)."""


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_recompute_name_keys")]

    operations = [migrations.RunPython(recompute_name_keys, recompute_name_keys)]
