"""A search within a subset finds the best of that subset, and a likely-only search (the duplicate
check) finds exactly the "likely" matches a full search finds, with less work.

The registry is generated (fictional combinations of common Russian, Ukrainian and Kazakh name words,
random dates), big enough that common words have hundreds of persons: the pools a search narrows
are then real pools, not a handful of records.
"""

import random

import pytest

from polon.matching import NameIndex, Within
from polon.names import latin_spellings

GIVEN = ["Иван", "Сергей", "Олег", "Дмитрий", "Ержан", "Нурлан", "Тарас", "Богдан", "Алексей", "Максим",
         "Андрій", "Мирослав", "Бахтияр", "Айдос", "Руслан", "Евгений"]
SURNAMES = ["Петров", "Иванов", "Ахмедьяров", "Коваленко", "Шевчук", "Нурпеисов", "Сидоренко", "Бондаренко",
            "Кузнецов", "Жумабаев", "Ткаченко", "Мельник", "Смирнов", "Байтурсынов", "Лысенко", "Попов",
            "Омаров", "Кравченко", "Ермеков", "Волков"]
COUNTRIES = ["RU", "UA", "KZ", "KG", "UZ"]
CATEGORIES = ["pow", "civilian", "own_held", "missing"]


def registry(seed: int = 7, size: int = 4000):
    rng = random.Random(seed)
    persons = []
    for pid in range(size):
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        spellings = [name]
        if rng.random() < 0.3:
            spellings.append(rng.choice(list(latin_spellings(name).values())))
        born = None if rng.random() < 0.15 else f"{rng.randint(1965, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cits = tuple(rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2))))
        tags = frozenset({f"category:{rng.choice(CATEGORIES)}"} | ({"restricted"} if rng.random() < 0.1 else set()))
        persons.append((str(pid), spellings, born, cits, tags))
    return persons


def build(persons) -> NameIndex:
    index = NameIndex(huge_pages=False)
    for key, spellings, born, cits, tags in persons:
        index.add(key, spellings, born, cits, None, tags)
    return index


def queries(persons, seed: int = 11, count: int = 120):
    """Latin spellings of registry names (the other side writes Latin), with the person's date, a
    year off, or none."""
    rng = random.Random(seed)
    out = []
    for _key, spellings, born, _cits, _tags in rng.sample(persons, count):
        text = rng.choice(list(latin_spellings(spellings[0]).values()))
        year = int(born[:4]) if born else 1980
        date = rng.choice([born, None, f"{year + rng.choice((-3, -1, 1, 2))}-03-10"])
        out.append((text, date, tuple(rng.sample(COUNTRIES, 1)) if rng.random() < 0.3 else ()))
    return out


@pytest.fixture(scope="module")
def persons():
    return registry()


@pytest.fixture(scope="module")
def index(persons):
    return build(persons)


WITHINS = [
    Within(citizenships=frozenset({"KZ"})),
    Within(citizenships=frozenset({"KG", "UZ"})),
    Within(any_tags=frozenset({"category:pow", "category:civilian"})),
    Within(all_tags=frozenset({"restricted"})),
    Within(citizenships=frozenset({"KZ", "RU"}), any_tags=frozenset({"category:own_held", "category:missing"})),
]


def admitted(within: Within, cits, tags) -> bool:
    if within.citizenships is not None and within.citizenships.isdisjoint(cits):
        return False
    if within.any_tags is not None and within.any_tags.isdisjoint(tags):
        return False
    return within.all_tags <= tags


@pytest.mark.parametrize("within", WITHINS, ids=["KZ", "KG or UZ", "captives", "restricted", "KZ/RU own"])
def test_a_search_within_a_subset_ranks_that_subset_not_a_share_of_the_global_list(persons, index, within):
    """Only admitted persons come back, and every admitted person the global search finds as a
    "likely" match is found too, unless ten better ones fill the list: the subset's best,
    where filtering a global top ten would often have left a liaison nothing.  (Among "possible"
    matches the search is approximate, within a subset as globally: its pools are bounded.)"""
    allowed = {p[0] for p in persons if admitted(within, p[3], p[4])}
    richer = 0
    for text, date, cits in queries(persons):
        inside = index.search(text, birth_date=date, citizenships=cits, limit=10, within=within)
        everyone = index.search(text, birth_date=date, citizenships=cits, limit=200)
        assert {m.key for m in inside} <= allowed, text
        keys = {m.key for m in inside}
        for m in everyone:
            if m.key in allowed and m.key not in keys and m.band == "likely":
                assert len(inside) == 10 and inside[-1].score >= m.score, (text, m)
        global_share = [m for m in index.search(text, birth_date=date, citizenships=cits, limit=10)
                        if m.key in allowed]
        richer += len(inside) > len(global_share)
    assert richer > 10  # the global top ten's share would have been poorer in many searches


def test_a_removed_or_replaced_record_is_never_found_within_a_subset(persons):
    index = build(persons)
    kz = Within(citizenships=frozenset({"KZ"}))
    key, spellings, born, _cits, tags = next(p for p in persons if "KZ" in p[3])
    assert key in [m.key for m in index.search(spellings[0], birth_date=born, within=kz, limit=50)]
    index.add(key, spellings, born, ("UA",), None, tags)  # citizenship corrected: no longer Kazakh
    assert key not in [m.key for m in index.search(spellings[0], birth_date=born, within=kz, limit=50)]
    assert key in [m.key for m in index.search(spellings[0], birth_date=born, limit=50)]
    index.remove(key)
    assert key not in [m.key for m in index.search(spellings[0], birth_date=born, limit=50)]


def test_likely_only_finds_exactly_the_likely_matches_of_a_full_search(persons, index):
    checked = found = 0
    for text, date, cits in queries(persons, seed=12, count=200):
        full = [m for m in index.search(text, birth_date=date, citizenships=cits, limit=200) if m.band == "likely"]
        quick = index.search(text, birth_date=date, citizenships=cits, limit=5, likely_only=True)
        assert all(m.band == "likely" for m in quick)
        assert [(m.key, m.score) for m in quick] == [(m.key, m.score) for m in full[:5]], (text, date)
        checked += 1
        found += bool(quick)
    assert checked == 200 and 60 <= found < 200  # the queries hold both kinds


def test_a_year_too_far_apart_is_never_likely_but_one_year_off_can_be():
    index = NameIndex(huge_pages=False)
    index.add("near", ["Лукпан Ахмедьяров"], "1979-02-11")
    index.add("far", ["Лукпан Ахмедьяров"], "1976-02-11")
    index.add("undated", ["Лукпан Ахмедьяров"])
    quick = index.search("Lukpan Akhmedyarov", birth_date="1978-02-11", likely_only=True)
    assert {m.key for m in quick} == {"near", "undated"}
    assert "far" in {m.key for m in index.search("Lukpan Akhmedyarov", birth_date="1978-02-11")}
    # a matching service number outweighs the wrong year, so then every year is looked at
    index.add("far", ["Лукпан Ахмедьяров"], "1976-02-11", service_number="KZ-1234")
    with_number = index.search("Lukpan Akhmedyarov", birth_date="1978-02-11", service_number="KZ-1234",
                               likely_only=True)
    assert "far" in {m.key for m in with_number}
