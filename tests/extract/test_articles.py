"""Fictional articles in English, Russian and Ukrainian with exact expectations.

Persons, countries and organisations are compared as whole sets so that a
stray capitalised phrase ("Breaking News", "Главное Управление Новостей")
fails the test just like a missed name does.
"""

from __future__ import annotations

from typing import Any

import pytest

from polon.extract import extract_file
from tests.extract.expectations import assert_countries, assert_events, assert_organisations, assert_persons

from .conftest import ARTICLES

COORD = "Coordination Headquarters for the Treatment of Prisoners of War"

# persons: name -> (roles, countries); events: list of (type, {field: value}) checked field by field.
EXPECTED: dict[str, dict[str, Any]] = {
    "en_kyrgyz_swap.txt": {
        "language": "en",
        "published": "2025-03-14",
        "persons": {
            "Jane Testwriter": (["author"], []),
            "Aibek Fictionbekov": (["spokesperson"], []),
            "Almaz Exampleov": (["ambassador"], ["KG"]),
        },
        "countries": {"UA", "RU", "KG"},
        "organisations": {COORD, "Ministry of Foreign Affairs of Kyrgyzstan", "Armed Forces of Russia",
                          "International Committee of the Red Cross", "Human Rights Watch"},
        "events": [
            ("prisoner_exchange", {"date": "2025-03-12", "count": 3, "nationality": "KG", "parties": ["UA", "RU"],
                                   "fought_for": "RU"}),
        ],
    },
    "en_kazakh_consul.txt": {
        "language": "en",
        "published": "2025-02-03",
        "persons": {
            "Daniyar Placeholdov": (["consul"], ["KZ"]),
            "Serik Sampleuly": ([], []),
            "Saule Mockbayeva": (["journalist"], ["KZ"]),
        },
        "countries": {"KZ", "UA", "RU"},
        "organisations": {"Embassy of Kazakhstan", "I Want to Live project", "Radio Free Europe/Radio Liberty",
                          "Committee to Protect Journalists"},
        "events": [
            ("consular_meeting", {"date": "2025-01-31", "place": "Kyiv", "persons": ["Daniyar Placeholdov"]}),
            ("capture", {"date": "2024-12", "count": 2, "place": "Pokrovsk"}),
            ("interview_published", {"persons": ["Serik Sampleuly"], "date_approximate": True}),
            ("detention_of_journalist", {"date": "2025-01-30", "place": "Almaty", "persons": ["Saule Mockbayeva"]}),
            ("interview_published", {"persons": ["Saule Mockbayeva"], "nationality": "KZ"}),
        ],
    },
    "ru_uzbek_exchange.txt": {
        "language": "ru",
        "published": "2025-06-05",
        "persons": {
            "Иван Вымыслов": (["author"], []),
            "Бахтиёр Примеров": (["ambassador"], ["UZ"]),
            "Дилшод Выдумкин": (["blogger"], ["UZ"]),
        },
        "countries": {"UA", "RU", "UZ"},
        "organisations": {COORD, "Armed Forces of Russia", "International Committee of the Red Cross"},
        "events": [
            ("prisoner_exchange", {"date": "2025-06-04", "count": 2, "nationality": "UZ", "parties": ["UA", "RU"],
                                   "fought_for": "RU"}),
            ("consular_meeting", {"place": "Kyiv", "persons": ["Бахтиёр Примеров"]}),
            ("detention_of_journalist", {"place": "Tashkent", "persons": ["Дилшод Выдумкин"], "date_approximate": True}),
            ("interview_published", {"persons": ["Дилшод Выдумкин"]}),
        ],
    },
    "ru_kyrgyz_trial.txt": {
        "language": "ru",
        "published": "2025-02-12",
        "persons": {
            "Анна Тестова": (["author"], []),
            "Тилек Образцов": ([], ["KG"]),
            "Марат Шаблонов": (["lawyer"], []),
        },
        "countries": {"KG", "RU"},
        "organisations": {"State Committee for National Security of Kyrgyzstan", "Armed Forces of Russia",
                          "Ministry of Foreign Affairs of Kyrgyzstan"},
        "events": [
            ("prosecution", {"date": "2025-02-10", "place": "Bishkek", "persons": ["Тилек Образцов"], "count": 1,
                             "nationality": "KG"}),
            ("recruitment", {"date": "2023", "place": "Moscow", "persons": ["Тилек Образцов"]}),
            ("capture", {"place": "Bakhmut"}),
        ],
    },
    "uk_kazakh_return.txt": {
        "language": "uk",
        "published": "2025-05-20",
        "persons": {
            "Олена Вигадана": (["author"], []),
            "Петро Тестенко": (["spokesperson"], []),
            "Бауржан Прикладов": (["chargé d'affaires"], ["KZ"]),
        },
        "countries": {"KZ", "UA", "RU"},
        "organisations": {COORD, "Armed Forces of Russia", "Embassy of Kazakhstan in Ukraine"},
        "events": [
            ("prisoner_exchange", {"date": "2025-05-19", "count": 3, "nationality": "KZ", "parties": ["UA", "RU"],
                                   "fought_for": "RU"}),
            ("consular_meeting", {"place": "Kyiv", "persons": ["Бауржан Прикладов"], "date_approximate": True}),
        ],
    },
    "uk_nepal_capture.txt": {
        "language": "uk",
        "published": "2025-04-08",
        "persons": {"Бішал Зразковий": ([], [])},
        "countries": {"UA", "NP", "RU"},
        "organisations": {"Armed Forces of Ukraine", "I Want to Live project", "Ministry of Foreign Affairs of Nepal",
                          "International Committee of the Red Cross"},
        "events": [
            ("capture", {"date": "2025-04-07", "count": 2, "nationality": "NP", "fought_for": "RU",
                         "place": "Kursk region"}),
            ("interview_published", {"persons": ["Бішал Зразковий"]}),
            ("recruitment", {"persons": ["Бішал Зразковий"], "place": "Moscow"}),
        ],
    },
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def article(request: pytest.FixtureRequest) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    name = request.param
    path = ARTICLES / name
    (d,) = extract_file(path)
    return name, path.read_text(encoding="utf-8"), d, EXPECTED[name]


def test_header_and_language(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert d["language"] == exp["language"]
    assert d["published"] == exp["published"]


def test_persons_exact(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert_persons(d, exp)


def test_countries_exact(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert_countries(d, exp)


def test_organisations_exact(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert_organisations(d, exp)


def test_events(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert_events(d, exp)


def test_spans_point_at_mentions(article: tuple[str, str, dict, dict]) -> None:
    _, text, d, _ = article
    for p in d["persons"]:
        assert all(text[s:e] in p["mentions"] for s, e in p["spans"])
    for o in d["organisations"]:
        assert all(text[s:e] in o["mentions"] for s, e in o["spans"])
    for ev in d["events"]:
        assert all(text[s:e] and not text[s:e].isspace() for s, e in ev["spans"])
