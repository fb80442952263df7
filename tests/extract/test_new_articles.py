"""Twelve more fictional articles (three per language) in the shapes real sources take.

Wire reports with datelines, ministry and Coordination Headquarters statements,
Telegram channel posts (exports with emoji, hashtags, links), interview
write-ups and regional court reports. Every private person is invented; the
officials quoted (heads of state, ministers, ombudspeople, spokespeople) are
public figures and count as persons.

Each article carries hard negatives: agency bylines ("dpa", "Укрінформ"),
photo credits, "Read more"/"Читайте также" links, share bars, hashtags,
"Slava Ukraini"/"Слава Україні", organisations that look like names (Human
Rights Watch, Memorial, Kloop, Медиазона), places (Pokrowsk, Kupiansk, Бахмут,
Ростов) and weekday references resolved against the publication date.

Persons, countries and organisations are compared as whole sets; events are
compared type by type in order, field by field (person lists as sets).
"""

from __future__ import annotations

from typing import Any

import pytest

from polon.extract import extract_file
from tests.extract.expectations import assert_countries, assert_events, assert_organisations, assert_persons

from .conftest import ARTICLES

COORD = "Coordination Headquarters for the Treatment of Prisoners of War"
HRW = "Human Rights Watch"

EXPECTED: dict[str, dict[str, Any]] = {
    # --- German -------------------------------------------------------------------------------------------------
    "de_dpa_exchange.txt": {
        "language": "de",
        "published": "2025-06-10",
        "kind": "news_article",
        "persons": {
            "Dauren Mustabajew": ([], []),
            "Nurlan Beispielow": ([], []),
            "Wolodymyr Selenskyj": (["president"], ["UA"]),
            "Arman Testemow": (["spokesperson"], ["KZ"]),
        },
        "countries": {"UA", "RU", "KZ", "AE"},
        "organisations": {COORD, "Ministry of Foreign Affairs of Kazakhstan", "Armed Forces of Russia",
                          "Embassy of Kazakhstan in Ukraine", HRW},
        "events": [
            # one exchange with each side's number; the two Kazakhs ("Unter den Übergebenen …", and the headline
            # "Auch zwei Kasachen kommen frei") are a group among those handed over
            ("prisoner_exchange", {"date": "2025-06-09", "date_approximate": False, "parties": ["UA", "RU"],
                                   "count": 84, "nationality": None, "countries": ["UA", "RU", "KZ", "AE"],
                                   "among": [{"count": 2, "count_approximate": False, "counted": "citizens",
                                              "nationality": "KZ"}]}),
            ("capture", {"date": "2024", "place": "Pokrovsk", "persons": []}),
            ("consular_meeting", {"place": "Kyiv", "persons": [], "organisations": ["Embassy of Kazakhstan in Ukraine",
                                                                                     "Ministry of Foreign Affairs of Kazakhstan"]}),
        ],
    },
    "de_interview_kyrgyz.txt": {
        "language": "de",
        "published": "2025-03-14",
        "kind": "news_article",
        "persons": {
            "Katrin Beispielmann": (["author"], []),
            "Aibek Testbekow": ([], ["KG"]),
            "Dmytro Wyhadanenko": (["journalist"], ["UA"]),
            "Gulnara Testbekowa": ([], []),
            "Sadyr Dschaparow": (["president"], ["KG"]),
        },
        # Russia is named only in "Lesen Sie auch: Wie Russland …" (a link) and as the place "in Moskau"
        "countries": {"KG", "UA"},
        "organisations": {"Ministry of Foreign Affairs of Kyrgyzstan", "International Committee of the Red Cross"},
        "events": [
            ("interview_published", {"date": "2025-03-12", "persons": ["Dmytro Wyhadanenko"]}),
            ("recruitment", {"date": "2024-07", "place": "Moscow", "persons": ["Aibek Testbekow"]}),
            ("capture", {"date": "2024-10", "place": "Kupiansk"}),
            ("prosecution", {"persons": ["Aibek Testbekow"], "countries": ["KG"]}),
        ],
    },
    "de_regional_court.txt": {
        "language": "de",
        "published": "2025-07-04",
        "kind": "news_article",
        "persons": {
            "Markus Beispieler": (["author"], []),
            "Nurbek Mustar uulu": ([], []),
            "Ainura Beispielowa": (["lawyer"], []),
        },
        "countries": {"KG", "RU", "UA"},
        "organisations": {"Memorial", "Kloop"},
        "events": [
            ("prosecution", {"date": "2025-07-02", "persons": ["Nurbek Mustar uulu"], "countries": ["KG"]}),
            ("prisoner_exchange", {"date": "2025-02", "count": 3, "nationality": "KG", "parties": ["RU", "UA"],
                                   "persons": ["Nurbek Mustar uulu"]}),
        ],
    },
    # --- English ------------------------------------------------------------------------------------------------
    "en_reuters_exchange.txt": {
        "language": "en",
        "published": "2025-05-15",
        "kind": "news_article",
        "persons": {
            "Jonathan Fakename": (["author"], []),
            "Volodymyr Zelenskiy": (["president"], ["UA"]),
            "Rakesh Kumar Testwal": ([], []),
            "Arzu Rana Deuba": (["foreign minister"], ["NP"]),
            "Tatiana Moskalkova": (["ombudsman"], ["RU"]),
        },
        "countries": {"UA", "RU", "AE", "NP", "IN"},
        "organisations": {COORD, "Armed Forces of Russia", "Ministry of Foreign Affairs of India"},
        "events": [
            ("prisoner_exchange", {"date": "2025-05-14", "count": 206, "counted": "prisoners of war",
                                   "parties": ["UA", "RU"], "persons": []}),
            ("capture", {"date": "2025-01", "place": "Kupiansk", "persons": ["Rakesh Kumar Testwal"]}),
        ],
    },
    "en_interview_kazakh.txt": {
        "language": "en",
        "published": "2025-02-19",
        "kind": "news_article",
        "persons": {
            "Aigerim Testova": (["author"], []),
            "Yuriy Prykladenko": (["journalist"], ["UA"]),
            "Yerlan Mockbekov": ([], ["KZ"]),
            "Dana Mockbekova": ([], []),
            "Arman Sampleyev": (["spokesperson"], ["KZ"]),
        },
        "countries": {"KZ", "UA", "RU"},
        "organisations": {"Ministry of Defence of Russia", "Ministry of Foreign Affairs of Kazakhstan",
                          "Radio Free Europe/Radio Liberty", HRW, "Amnesty International"},
        "events": [
            # "A Kazakh man … was lured to the front" opens the story; the details follow in the next paragraph.
            ("recruitment", {"date": "2024-03", "place": "Rostov-on-Don", "persons": ["Yerlan Mockbekov"],
                             "count": 1, "nationality": "KZ"}),
            ("interview_published", {"date": "2025-02-17", "persons": ["Yuriy Prykladenko", "Yerlan Mockbekov"]}),
            ("capture", {"date": "2024-11", "place": "Pokrovsk", "persons": ["Yerlan Mockbekov"]}),
            ("prosecution", {"place": "Karaganda", "countries": ["KZ"], "persons": []}),
        ],
    },
    "en_telegram_capture.json": {
        "language": "en",
        "published": "2025-04-02",
        "kind": "telegram_message",
        "persons": {
            "Firdavs Sampleov": ([], []),
            "Yoandri Pérez Ficción": ([], ["CU"]),
        },
        "countries": {"TJ", "CU", "RU"},
        "organisations": {"Armed Forces of Russia"},
        "events": [
            ("capture", {"count": 2, "nationality": "TJ", "fought_for": "RU", "place": "Vovchansk"}),
            ("recruitment", {"place": "Saint Petersburg", "persons": ["Firdavs Sampleov"]}),
            ("interview_published", {"persons": []}),
        ],
    },
    # --- Russian ------------------------------------------------------------------------------------------------
    "ru_telegram_exchange.json": {
        "language": "ru",
        "published": "2025-08-15",
        "kind": "telegram_message",
        "persons": {
            "Тестбеков Азамат Нурланович": ([], ["KZ"]),
            "Примеркали Ержан": ([], ["KZ"]),
            "Тимур Образцов": (["consul"], ["KZ"]),
            "Гульнар Тестбекова": ([], []),
            "Артур Ластаев": (["ombudsman"], ["KZ"]),
        },
        "countries": {"KZ", "UA", "RU"},
        "organisations": {"Ministry of Foreign Affairs of Kazakhstan", "Armed Forces of Russia",
                          "Embassy of Kazakhstan in Russia"},
        "events": [
            # the headline ("вернулись домой после обмена") is the exchange the post reports
            ("prisoner_exchange", {"date": "2025-08-15", "count": 95,
                                   "persons": ["Тестбеков Азамат Нурланович", "Примеркали Ержан"]}),
            ("capture", {"place": "Kursk", "date": "2024", "date_approximate": True}),
            ("consular_meeting", {"persons": ["Тимур Образцов"]}),
        ],
    },
    "ru_court_kazakh.txt": {
        "language": "ru",
        "published": "2025-09-11",
        "kind": "news_article",
        "persons": {
            "Данияр Примеров": (["author"], []),
            "Нурсултан Примерханов": ([], []),
            "Ерлан Вымыслбеков": (["lawyer"], []),
            "Касым-Жомарт Токаев": (["president"], []),
        },
        "countries": {"KZ", "RU", "UA"},
        "organisations": {"Ministry of Defence of Russia", "National Security Committee of Kazakhstan"},
        "events": [
            ("prosecution", {"persons": ["Нурсултан Примерханов"], "countries": ["KZ"]}),
            ("recruitment", {"date": "2024-04", "place": "Moscow", "persons": ["Нурсултан Примерханов"]}),
            ("capture", {"date": "2024-10", "place": "Pokrovsk", "persons": []}),
            ("prisoner_exchange", {"date": "2025-02", "count": 2, "nationality": "KZ",
                                   "persons": ["Нурсултан Примерханов"]}),
        ],
    },
    "ru_interview_uzbek.txt": {
        "language": "ru",
        "published": "2025-01-27",
        "kind": "news_article",
        "persons": {
            "Мария Вымыслова": (["author"], []),
            "Шерзод Выдуманов": ([], ["UZ"]),
            "Андрей Образцюк": (["blogger"], ["UA"]),
            "Мария Захарова": (["spokesperson"], ["RU"]),
            "Бахтиёр Тестов": (["consul"], ["UZ"]),
        },
        "countries": {"UZ", "UA", "RU"},
        "organisations": {"Ministry of Foreign Affairs of Russia", "Ministry of Foreign Affairs of Uzbekistan",
                          "Mediazona", "Embassy of Uzbekistan in Ukraine"},
        "events": [
            ("capture", {"persons": ["Шерзод Выдуманов"], "place": "Zaporizhzhia region"}),
            ("interview_published", {"persons": ["Шерзод Выдуманов", "Андрей Образцюк"]}),
            ("recruitment", {"date": "2024-08", "place": "Moscow", "persons": ["Шерзод Выдуманов"]}),
            ("consular_meeting", {"persons": ["Бахтиёр Тестов"], "place": "Kyiv", "date_approximate": True}),
        ],
    },
    # --- Ukrainian ----------------------------------------------------------------------------------------------
    "uk_ukrinform_exchange.txt": {
        "language": "uk",
        "published": "2025-03-03",
        "kind": "news_article",
        "persons": {
            "Володимир Зеленський": (["president"], ["UA"]),
            "Дмитро Лубінець": (["ombudsman"], []),
            "Айбек Вигаданов": ([], ["KG"]),
            "Азамат Прикладбаєв": (["consul"], ["KG"]),
        },
        "countries": {"UA", "RU", "KG", "AE"},
        "organisations": {COORD, "Armed Forces of Russia"},
        "events": [
            ("release", {"date": "2025-03-03", "count": 150, "persons": []}),
            ("prisoner_exchange", {"count": 150}),
            ("consular_meeting", {"persons": ["Айбек Вигаданов", "Азамат Прикладбаєв"], "date_approximate": True}),
        ],
    },
    "uk_coordination_statement.txt": {
        "language": "uk",
        "published": "2025-07-15",
        "kind": "official_statement",
        "persons": {
            "Раджеш Прасад Тестапур": (["ambassador"], ["IN"]),
            "Олександр Вигаданий": (["representative"], []),
            "Рамеш Тестанг": ([], ["NP"]),
        },
        "countries": {"NP", "IN", "UA", "RU"},
        "organisations": {COORD, "International Committee of the Red Cross", "Armed Forces of Ukraine",
                          "Armed Forces of Russia", "I Want to Live project"},
        "events": [
            ("capture", {"place": "Kursk region", "persons": []}),
            ("consular_meeting", {"date": "2025-07-10", "persons": ["Раджеш Прасад Тестапур"]}),
            ("prosecution", {"date": "2025-07-12", "persons": ["Рамеш Тестанг"], "count": 1, "nationality": "NP"}),
        ],
    },
    "uk_telegram_capture.json": {
        "language": "uk",
        "published": "2025-04-22",
        "kind": "telegram_message",
        "persons": {
            "Жасур Тестімов": ([], ["UZ"]),
            "Фаррух Прикладзода": ([], ["TJ"]),
        },
        "countries": {"UZ", "TJ", "RU", "UA"},
        "organisations": {"Ministry of Defence of Russia", "I Want to Live project"},
        "events": [
            ("capture", {"place": "Pokrovsk", "countries": ["UZ", "TJ"]}),
            ("recruitment", {"date": "2025-01", "persons": ["Жасур Тестімов"]}),
            ("recruitment", {"place": "Moscow region", "persons": ["Фаррух Прикладзода"]}),
            ("interview_published", {"persons": []}),
        ],
    },
}

_AS_SETS = ("persons", "countries", "organisations", "parties")


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def article(request: pytest.FixtureRequest) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    name = request.param
    path = ARTICLES / name
    docs = extract_file(path)
    assert len(docs) == 1
    d = docs[0]
    from polon.extract import read_documents

    (doc,) = read_documents(path)
    return name, doc.text, d, EXPECTED[name]


def test_header(article: tuple[str, str, dict, dict]) -> None:
    _, _, d, exp = article
    assert (d["language"], d["published"], d["kind"]) == (exp["language"], exp["published"], exp["kind"])


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
    assert_events(d, exp, unordered=set(_AS_SETS) - {"parties"})


def test_spans_point_at_mentions(article: tuple[str, str, dict, dict]) -> None:
    _, text, d, _ = article
    for p in d["persons"]:
        assert all(text[s:e] in p["mentions"] for s, e in p["spans"])
    for o in d["organisations"]:
        assert all(text[s:e] in o["mentions"] for s, e in o["spans"])
    for ev in d["events"]:
        assert ev["spans"] and all(text[s:e] and text[s:e].strip() == text[s:e] for s, e in ev["spans"])


@pytest.mark.parametrize("name,not_persons", [
    ("de_dpa_exchange.txt", {"dpa", "Kommentar verfassen", "Human Rights Watch", "Mehr", "Ukrainische Präsidentschaft"}),
    ("de_regional_court.txt", {"Memorial", "Kloop", "Gerichtspressestelle"}),
    ("en_reuters_exchange.txt", {"Oksana Prykladna", "Peter Example", "Reuters"}),
    ("en_telegram_capture.json", {"Slava Ukraini", "Assault Brigade", "Frontline Example EN"}),
    ("ru_interview_uzbek.txt", {"Сахарово", "Бахмут", "Медиазона"}),
    ("uk_ukrinform_exchange.txt", {"Укрінформ", "Офіс Президента", "Верховної Ради"}),
    ("uk_telegram_capture.json", {"Слава Україні", "Магура", "Приклад Фронт"}),
])
def test_hard_negatives(name: str, not_persons: set[str]) -> None:
    (d,) = extract_file(ARTICLES / name)
    mentions = {m for p in d["persons"] for m in p["mentions"]} | {p["name"] for p in d["persons"]}
    assert not mentions & not_persons
