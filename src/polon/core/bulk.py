"""Inserting many new rows of one model, for bulk writes such as the person import.

Django's ``bulk_create`` builds its SQL value by value through the query compiler, which is most of a bulk
import's time (bench/imports/README.md). :func:`insert_rows` prepares each value with the model's own fields
as ``bulk_create`` does (``pre_save`` for ``auto_now_add``, ``get_db_prep_save`` for dates, JSON and foreign
keys) and sends one multi-row ``INSERT … RETURNING`` per batch, setting each object's primary key. No signals are sent
(none are used in polon; ``bulk_create`` sends none either).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def insert_rows(objs: Sequence[Model], *, batch_size: int = 500) -> None:
    """INSERT ``objs`` (new instances of one model, primary keys left to the database) and set their keys."""
    if not objs:
        return
    model = type(objs[0])
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    pk = opts.pk
    fields = [f for f in opts.concrete_fields if f is not pk]
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES ")
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(pk.column)}"
    if connection.vendor == "postgresql":
        _insert_pipelined(connection, objs, fields, head + row + returning)
        return
    limit = connection.features.max_query_params
    size = max(1, min(batch_size, limit // len(fields))) if limit else batch_size
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start:start + size]
            params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in chunk for f in fields]
            cursor.execute(head + ", ".join([row] * len(chunk)) + returning, params)
            # Keys grow in the order the rows were inserted (SQLite's rowid, PostgreSQL's sequence, even with
            # other writers between); the order RETURNING lists them in is not promised, so sort them.
            for obj, key in zip(chunk, sorted(key for (key,) in cursor.fetchall()), strict=True):
                setattr(obj, pk.attname, key)
                obj._state.adding = False
                obj._state.db = connection.alias


def _insert_pipelined(connection, objs: Sequence[Model], fields, statement: str) -> None:
    """PostgreSQL: one short INSERT a row, sent in psycopg's pipeline mode (``executemany``), its keys read
    back in order. psycopg parses a query's placeholders anew unless the query is short (it caches those): a
    500-row statement costs more to parse than the database takes to run it."""
    pk = type(objs[0])._meta.pk
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.executemany(statement, [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                                    for obj in objs], returning=True)
        keys = []
        while True:
            keys.append(raw.fetchone()[0])
            if not raw.nextset():
                break
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, pk.attname, key)
        obj._state.adding = False
        obj._state.db = connection.alias
