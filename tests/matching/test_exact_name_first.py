"""A record named exactly as asked comes first, however many records share the query's words.

Many persons tie on a common query (every Иван Петров with a patronymic; every Колесникова for a
surname-only query).  The exact record must not be lost among them: a surname-only record, or a
call sign kept as a second spelling, is what the registrar is looking for.
"""

import pytest

from polon.matching import NameIndex

GIVEN = ["Анна", "Мария", "Ольга", "Елена", "Наталья", "Ирина", "Светлана", "Татьяна", "Юлия", "Дарья"]
PATRONYMIC = ["Ивановна", "Петровна", "Сергеевна", "Олеговна", "Андреевна", "Викторовна", "Юрьевна",
              "Игоревна", "Павловна", "Романовна", "Денисовна", "Максимовна"]
MALE_PATRONYMIC = ["Иванович", "Петрович", "Сергеевич", "Олегович", "Андреевич", "Викторович",
                   "Юрьевич", "Игоревич", "Павлович", "Романович", "Денисович", "Максимович"]


@pytest.fixture(scope="module")
def crowded() -> NameIndex:
    """600 women surnamed Колесникова and 600 men called Иван ... Петров, added before the
    few records that are exactly the queries below (so they come last in every posting)."""
    ix = NameIndex()
    for i in range(600):
        ix.add(f"kol-{i}", [f"{GIVEN[i % 10]} {PATRONYMIC[i // 10 % 12]} Колесникова"])
        ix.add(f"pet-{i}", [f"Иван {MALE_PATRONYMIC[i % 12]} Петров"], f"{1960 + i % 40}")
    ix.add("kol-only", ["Колесникова"])
    ix.add("pet-exact", ["Иван Петров"])
    for i in range(400):
        ix.add(f"sham-{i}", [f"Шаман {GIVEN[i % 10]} {PATRONYMIC[i // 10 % 12]}"])
    ix.add("callsign", ["Богдан Сергеевич Шаманов", "Шаман"])
    return ix


@pytest.mark.parametrize("query", ["Kolesnikova", "Колесникова", "KOLESNIKOWA"])
def test_surname_only_record_first_for_surname_query(crowded, query):
    hits = crowded.search(query, limit=10)
    assert hits[0].key == "kol-only"
    assert all(h.key.startswith("kol-") for h in hits)


@pytest.mark.parametrize("query", ["Ivan Petrov", "Petrov Ivan", "Иван Петров", "Iwan Petrow"])
def test_two_word_record_first_among_many_with_patronymics(crowded, query):
    hits = crowded.search(query, limit=10)
    assert hits[0].key == "pet-exact"
    assert hits[0].score > hits[1].score


def test_call_sign_spelling_first_for_call_sign_query(crowded):
    # The 400 others have Шаман as a surname beside other words; the call sign is a whole spelling.
    hits = crowded.search("Shaman", limit=5)
    assert hits[0].key == "callsign"


def test_removed_surname_only_record_is_not_returned(crowded):
    crowded.add("kol-gone", ["Колесникова"])
    crowded.remove("kol-gone")
    assert "kol-gone" not in [h.key for h in crowded.search("Kolesnikova", limit=50)]
