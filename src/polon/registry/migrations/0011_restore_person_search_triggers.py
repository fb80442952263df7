"""The person table's search triggers (migration 0005) again, on SQLite: adding the internment number (0008)
rebuilt registry_person there, and SQLite drops a table's triggers with it, so a changed birth date, category,
service number or restriction no longer reached the search engine (tests/registry/test_search_engine.py).
PostgreSQL alters the table in place and kept its trigger: nothing to do there."""

from importlib import import_module

from django.db import migrations

_search_log = import_module("polon.registry.migrations.0005_search_change_log")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    person, columns = _search_log._WATCHED["registry_person"]
    for event in ("update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS registry_person_search_{event};")
    for statement in _search_log._sqlite("registry_person", person, columns):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0010_health_annex_categories")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
