"""Search in the application: keys in the database, scores from polon.matching, judgements winning."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from polon.registry.search import SearchQueryError, search_persons
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_german_spelling_finds_the_cyrillic_record(registry, users):
    hits = search_persons(users["analyst"], "Ermek Katyrenow")
    assert hits[0].person.pk == registry["kazakh"].pk
    assert hits[0].band == "likely"
    assert "Катыренов" in hits[0].explanation or "Katyrenov" in hits[0].explanation


def test_birth_date_evidence_is_explained(registry, users):
    hits = search_persons(users["analyst"], "Alisher Tursunov", birth_date="1988-14-07"[:4])
    assert hits[0].person.pk == registry["uzbek"].pk
    assert "birth" in hits[0].explanation


def test_judgements_beat_scores_through_web_and_api(registry, users):
    web = Client()
    web.login(username="registrar", password=PASSWORD)
    uzbek = registry["uzbek"].pk
    response = web.post(f"/persons/{uzbek}/judgements/", {"query": "Alisher Tursunov", "same": "0"})
    assert response.status_code == 302
    assert all(h.person.pk != uzbek for h in search_persons(users["analyst"], "Alisher Tursunov"))
    api = Client()
    api.login(username="registrar", password=PASSWORD)
    kazakh = registry["kazakh"].pk
    created = api.post(f"/api/persons/{kazakh}/judgements", json.dumps({"query": "Tursunov Alisher", "same": True}),
                       content_type="application/json")
    assert created.status_code == 201
    first = search_persons(users["analyst"], "Tursunov Alisher")[0]
    assert first.person.pk == kazakh and first.score == 1.0 and first.judged and "registrar" in first.explanation


def test_analyst_cannot_judge(registry, users):
    client = Client()
    client.login(username="analyst", password=PASSWORD)
    assert client.post(f"/persons/{registry['uzbek'].pk}/judgements/", {"query": "x y", "same": "0"}).status_code == 403


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\u200f\u200e", "1234"])
def test_unusable_queries_say_why(registry, users, query):
    with pytest.raises(SearchQueryError):
        search_persons(users["analyst"], query)


def test_mixed_script_and_control_characters_give_a_sensible_result(registry, users):
    hits = search_persons(users["analyst"], "Ермек\u202e Katyrenow\x00")
    assert hits and hits[0].person.pk == registry["kazakh"].pk


def test_record_named_exactly_as_asked_is_found_first_among_many_sharing_its_word(users):
    """Thirty Анна ... Колесникова share the query's word: the record named exactly as asked (a surname
    alone, created last) is found first, and ahead of them on score."""
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput

    actor = users["registrar"]
    given = ["Анна", "Мария", "Ольга", "Елена", "Ирина", "Дарья"]
    for i in range(30):
        create_person(actor=actor, category="pow", power_depended="RU",
                      names=[NameInput(text=f"{given[i % 6]} {['Ивановна', 'Петровна', 'Олеговна'][i % 3]} Колесникова")])
    only = create_person(actor=actor, category="pow", power_depended="RU", names=[NameInput(text="Колесникова")])
    for query in ("Kolesnikova", "Колесникова"):
        hits = search_persons(users["analyst"], query)
        assert hits[0].person.pk == only.pk
        assert hits[0].score > hits[1].score


def test_a_judgement_holds_for_every_way_of_typing_the_same_name(registry, users):
    """Queries are cleaned as names are (one apostrophe, NFC, no invisible characters), so a judgement
    recorded for one typing of a name is found for the others."""
    api = Client()
    api.login(username="registrar", password=PASSWORD)
    kazakh = registry["kazakh"].pk
    created = api.post(f"/api/persons/{kazakh}/judgements", json.dumps({"query": "Дем\u2019ян Tursunov", "same": True}),
                       content_type="application/json")
    assert created.status_code == 201 and created.json()["query"] == "Дем'ян Tursunov"
    for typed in ("Дем'ян Tursunov", "Дем\u02bcян Tursunov", "Дем\u2019ян\u200b Tursunov", "  Дем'ян\u00a0Tursunov "):
        first = search_persons(users["analyst"], typed)[0]
        assert first.person.pk == kazakh and first.judged, typed


def test_stored_judgements_are_cleaned_once_and_the_later_of_two_kept(registry, users):
    """Migration 0007 cleans the queries judged before search cleaned with polon.names.clean."""
    import importlib

    from django.apps import apps

    from polon.registry.models import MatchJudgement

    migration = importlib.import_module("polon.registry.migrations.0007_judgement_queries_cleaned")
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    older = MatchJudgement.objects.create(person=kazakh, query="Дем'ян Tursunov", same=True, judged_by=users["registrar"])
    newer = MatchJudgement.objects.create(person=kazakh, query="Дем\u2019ян  Tursunov", same=False,
                                          judged_by=users["registrar"])
    other = MatchJudgement.objects.create(person=uzbek, query="Дем\u02bcян Tursunov", same=True,
                                          judged_by=users["registrar"])
    migration.clean_stored_queries(apps, None)
    assert not MatchJudgement.objects.filter(pk=older.pk).exists()
    newer.refresh_from_db()
    other.refresh_from_db()
    assert (newer.query, newer.same) == ("Дем'ян Tursunov", False)
    assert other.query == "Дем'ян Tursunov"
