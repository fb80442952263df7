"""The engine's build streams persons, citizenships and names in person order and merges them: it must index
every person exactly as re-indexing him does, and share one object per distinct citizenship tuple."""

from __future__ import annotations

import pytest
from django.db import connection

from polon.matching import NameIndex
from polon.registry.models import Citizenship, Person, PersonName
from polon.registry.search_index import LiveIndex
from polon.registry.services import add_citizenship, add_name, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db


def _records(index: NameIndex) -> dict[str, tuple]:
    return {key: (index._pnames[pid], index._pdate[pid], index._pcit[pid], index._pserv[pid], index._ptags[pid])
            for key, pid in index._by_key.items()}


def _person(actor, *names: str, countries=("KZ",), **fields):
    return create_person(actor=actor, category=fields.pop("category", "pow"), power_depended="RU",
                         names=[NameInput(text=n) for n in names],
                         citizenships=[CitizenshipInput(country=c, provenance="self_declared") for c in countries],
                         **fields)


def test_the_build_indexes_each_person_as_reindexing_him_does(users):
    registrar = users["registrar"]
    twice = _person(registrar, "Ержан Катыренов", countries=("KZ", "RU"), birth_date="1990-03-05",
                    service_number="KZ-1", army="Army of KZ", restricted=True)
    add_name(actor=registrar, person_id=twice.pk, name=NameInput(text="Yerzhan Katyrenov"))
    add_citizenship(actor=registrar, person_id=twice.pk,  # KZ again, on a document: one KZ in the index
                    citizenship=CitizenshipInput(country="KZ", provenance="document"))
    civilian = _person(registrar, "Алишер Турсунов", countries=("UZ",), category="civilian")
    others = [_person(registrar, f"Анна Колесникова{'ва' * i}") for i in range(3)]
    nameless = Person.objects.create(category="pow", power_depended="RU")  # written otherwise: not findable
    stateless = Person.objects.create(category="missing", power_depended="RU")
    PersonName.objects.create(person=stateless, text="Мария Петрова", script="Cyrl", is_primary=True)
    unreadable = _person(registrar, "Айгуль Бакытовна")
    with connection.cursor() as cursor:  # written otherwise: a date the index cannot read
        cursor.execute("UPDATE registry_person SET birth_date = '1990-13-45' WHERE id = %s", [unreadable.pk])
    Citizenship.objects.create(person=nameless, country="TJ", provenance="document")

    built = LiveIndex()
    with built.searching() as index:
        records = _records(index)
    again = LiveIndex()
    again._index = NameIndex()
    again._reindex(Person.objects.values_list("pk", flat=True))
    assert records == _records(again._index)

    assert str(nameless.pk) not in records
    assert records[str(twice.pk)] == (("Ержан Катыренов", "Yerzhan Katyrenov"), "1990-03-05", ("KZ", "RU"),
                                      "KZ-1", frozenset({"category:pow", "restricted"}))
    assert records[str(civilian.pk)][2:] == (("UZ",), None, frozenset({"category:civilian"}))
    assert records[str(stateless.pk)][2] == ()
    assert records[str(unreadable.pk)][1] is None
    first, *rest = (records[str(p.pk)] for p in others)
    assert all(r[2] is first[2] for r in rest)  # one citizenship tuple for equal ones
