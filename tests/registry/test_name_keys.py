"""Stored search keys are recomputed when polon.matching's keys change (migrations 0002, 0003)."""

from __future__ import annotations

import pytest

from polon.matching import index_keys
from polon.registry.models import NameKey, PersonName
from polon.registry.name_keys import recompute_all
from polon.registry.search import search_persons

pytestmark = pytest.mark.django_db


def test_stale_keys_are_replaced_by_the_current_ones(registry, users):
    NameKey.objects.filter(name__text="Ermek Katyrenow").update(key="stale")
    NameKey.objects.filter(name__text="Alisher Tursunov").delete()
    written = recompute_all(PersonName, NameKey)
    stored = {}
    for k in NameKey.objects.select_related("name"):
        stored.setdefault(k.name.text, set()).add(k.key)
    expected = {n.text: index_keys(n.text) for n in PersonName.objects.all()}
    assert stored == expected
    assert written == sum(len(v) for v in expected.values())
    assert search_persons(users["analyst"], "Ermek Katyrenow")[0].person.pk == registry["kazakh"].pk


@pytest.mark.parametrize("name", ["0002_recompute_name_keys", "0003_recompute_name_keys"])
def test_the_migration_recomputes_keys(registry, name):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    NameKey.objects.all().delete()
    executor = MigrationExecutor(connection)
    apps = executor.loader.project_state(("registry", name)).apps
    migration = executor.loader.get_migration("registry", name)
    migration.operations[0].code(apps, None)
    assert NameKey.objects.count() == sum(len(index_keys(n.text)) for n in PersonName.objects.all()) > 0
