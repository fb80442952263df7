"""The search engine moves into each process's memory (registry/search_index.py): the table of search
keys goes, and triggers log every person whose searchable data changes, in the writing transaction, so
that no process can search stale data and no writer (service, bulk import, raw SQL) can forget to."""

from django.db import migrations, models

# Which columns a search reads, per table; a change to any other column leaves the index as it is.
_WATCHED = {
    "registry_personname": ("person_id", ["person_id", "text"]),
    "registry_citizenship": ("person_id", ["person_id", "country"]),
    "registry_person": ("id", ["birth_date", "category", "restricted", "service_number"]),
}


def _sqlite(table: str, person: str, columns: list[str]) -> list[str]:
    log = "INSERT INTO registry_searchchange (person_id) VALUES"
    inserts = [] if table == "registry_person" else [
        f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {log} (NEW.{person}); END;"]
    return inserts + [
        f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
        f"BEGIN {log} (OLD.{person}); {log} (NEW.{person}); END;",
        f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {log} (OLD.{person}); END;",
    ]


def _postgresql(table: str, person: str, columns: list[str]) -> list[str]:
    log = "INSERT INTO registry_searchchange (person_id, txid) VALUES"
    xid = "pg_current_xact_id()::text::bigint"
    events = ("INSERT OR " if table != "registry_person" else "") + f"DELETE OR UPDATE OF {', '.join(columns)}"
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_search_log() RETURNS trigger AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN {log} (OLD.{person}, {xid}); END IF;
            IF TG_OP <> 'DELETE' THEN {log} (NEW.{person}, {xid}); END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql;""",
        f"CREATE TRIGGER {table}_search_log AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_search_log();",
    ]


def create_triggers(apps, schema_editor):
    make = _postgresql if schema_editor.connection.vendor == "postgresql" else _sqlite
    for table, (person, columns) in _WATCHED.items():
        for statement in make(table, person, columns):
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for table in _WATCHED:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_log ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_log();")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event};")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_person_status")]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("person_id", models.BigIntegerField()),
                ("txid", models.BigIntegerField(db_index=True, null=True)),
            ],
        ),
        migrations.DeleteModel(name="NameKey"),
        migrations.AddIndex(
            model_name="matchjudgement",
            index=models.Index(fields=["query"], name="judgement_query"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
