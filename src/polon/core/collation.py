"""Sorting names in SQL as the reader's alphabet does (ICU collation), on SQLite and PostgreSQL.

Code-point order puts Ukrainian "Іваненко" and "Євченко" before "Абрамов" and "Ґудзь" after "Яковлев"; a list of
persons sorted by name must follow the alphabet of the language the page is read in. SQLite is given one ICU
collation a language (``polon_uk``, ``polon_en``) on each new connection; PostgreSQL uses its own ICU collations
(``uk-x-icu``) where the server has them, else its default order.
"""

from __future__ import annotations

from functools import lru_cache

import icu
from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate


def _languages() -> list[str]:
    return sorted({code.split("-")[0] for code, _name in settings.LANGUAGES} | {"en"})


def register_sqlite_collations(sender, connection, **kwargs) -> None:
    """connection_created: give a new SQLite connection polon_<language> collations (ICU compare)."""
    if connection.vendor != "sqlite":
        return
    for language in _languages():
        collator = icu.Collator.createInstance(icu.Locale(language))
        connection.connection.create_collation(f"polon_{language}", collator.compare)


def connect() -> None:
    connection_created.connect(register_sqlite_collations, dispatch_uid="polon.core.collation")


@lru_cache(maxsize=16)
def _postgresql_has(alias: str, name: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [name])
        return cursor.fetchone() is not None


def collation_name(language: str, alias: str = "default") -> str | None:
    """The database's collation ordering text in ``language``'s alphabetical order, or None (default order)."""
    language = (language or "en").split("-")[0]
    if language not in _languages():
        language = "en"
    vendor = connections[alias].vendor
    if vendor == "sqlite":
        return f"polon_{language}"
    if vendor == "postgresql":
        name = f"{language}-x-icu"
        return name if _postgresql_has(alias, name) else None
    return None


def collated(field: str, language: str) -> Collate | F:
    """``field`` for order_by, in ``language``'s alphabetical order where the database can."""
    name = collation_name(language)
    return Collate(F(field), name) if name else F(field)
