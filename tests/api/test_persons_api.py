from __future__ import annotations

import json

import pytest
from django.test import Client

from polon.accounts.services import create_api_token
from polon.registry.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def token_client(users):
    secret = create_api_token(actor=users["admin"], user=users["registrar"], name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_openapi_is_published():
    schema = Client().get("/api/openapi.json").json()
    assert "/api/persons/{person_id}" in schema["paths"]
    assert "/api/persons/search" in schema["paths"]


def test_create_read_and_conflict(token_client):
    payload = {"category": "pow", "birth_date": "1990-04", "power_depended": "RU",
               "names": [{"text": "Лукпан Ахмедьяров"}, {"text": "Lukpan Akhmedyarov", "scheme": "bgn_pcgn"}],
               "citizenships": [{"country": "KZ", "provenance": "self_declared"}]}
    created = token_client.post("/api/persons", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201, created.content
    person = created.json()
    assert person["status"] == "not_recorded" and person["names"][0]["script"] == "Cyrl"
    url = f"/api/persons/{person['id']}"
    ok = token_client.patch(url, json.dumps({"version": person["version"], "changes": {"rank": "Private"}}),
                            content_type="application/json")
    assert ok.status_code == 200 and ok.json()["rank"] == "Private"
    stale = token_client.patch(url, json.dumps({"version": person["version"], "changes": {"rank": "Major"}}),
                               content_type="application/json")
    assert stale.status_code == 409
    assert "version" in stale.json()["errors"]
    assert Person.objects.get(pk=person["id"]).rank == "Private"


def test_events_through_the_api(token_client, registry):
    url = f"/api/persons/{registry['kazakh'].pk}/events"
    response = token_client.post(url, json.dumps({"type": "exchanged", "date": "2025-04-15"}),
                                 content_type="application/json")
    assert response.status_code == 201, response.content
    bad = token_client.post(url, json.dumps({"type": "captured", "date": "2025-04-20"}),
                            content_type="application/json")
    assert bad.status_code == 400 and "type" in bad.json()["errors"]
    events = token_client.get(url).json()
    assert [e["type"] for e in events] == ["captured", "exchanged"]


@pytest.mark.parametrize("body, field", [
    ('{"category": "pow", "names": [{"text": "Иван"}], "birth_date": "1990-00"}', "birth_date"),
    ('{"category": "pow", "names": [{"text": "Иван"}], "citizenships": [{"country": "XK1"}]}', "citizenships[0]"),
    ('{"category": "pow", "names": []}', "names"),
    ('{"category": "pow"}', "names"),
])
def test_bad_input_is_400_naming_the_field(token_client, body, field):
    response = token_client.post("/api/persons", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert not Person.objects.exists()


def test_malformed_json_is_400(token_client):
    response = token_client.post("/api/persons", '{"category": "pow", "names": [', content_type="application/json")
    assert response.status_code == 400
    assert not Person.objects.exists()


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\u202eИван\u202c", "Ivan\x00Petrov", "Иван Petrov",
                                   "١٢٣", "\u200f\u200e", "%"])
def test_bad_queries_never_500(token_client, registry, query):
    response = token_client.get("/api/persons/search", {"q": query})
    assert response.status_code in (200, 400), (query, response.status_code)
    if response.status_code == 400:
        assert response.json()["detail"]


def test_session_writes_need_csrf(users, registry):
    client = Client(enforce_csrf_checks=True)
    client.login(username="registrar", password=PASSWORD)
    response = client.post(f"/api/persons/{registry['kazakh'].pk}/events", json.dumps({"type": "died"}),
                           content_type="application/json")
    assert response.status_code in (401, 403)


def test_readonly_roles_cannot_write(users, registry):
    response = login(users["icrc"]).post(f"/api/persons/{registry['kazakh'].pk}/events",
                                         json.dumps({"type": "died"}), content_type="application/json")
    assert response.status_code == 403


def test_sources_behind_names_and_events_only_for_roles_that_read_sources(registry, users):
    from polon.registry.services import add_event, add_name
    from polon.registry.services.names import NameInput
    from polon.sources.models import Source

    source = Source.objects.create(kind="news_article", title="Internal report", sha256="a" * 64)
    kazakh = registry["kazakh"].pk
    add_name(actor=users["registrar"], person_id=kazakh, name=NameInput(text="Jermek Katyrenow", source_id=source.pk))
    add_event(actor=users["registrar"], person_id=kazakh, type="hospitalised", date="2024-12-01",
              source_ids=[source.pk])
    for role, visible in (("liaison_kz", False), ("icrc", False), ("analyst", True)):
        client = login(users[role])
        names = client.get(f"/api/persons/{kazakh}").json()["names"]
        events = client.get(f"/api/persons/{kazakh}/events").json()
        assert (source.pk in [n["source_id"] for n in names]) is visible, role
        assert (source.pk in [s for e in events for s in e["source_ids"]]) is visible, role


def test_the_body_of_post_persons_is_the_body_of_an_import_line():
    """POST /api/persons and a line of an import file (registry.person_files) take the same fields: the API's
    input schemas derive from the registry's models."""
    from polon.api.schemas.persons import CitizenshipIO, NameIn, PersonIn
    from polon.registry.person_file_schema import CitizenshipBody, NameBody, PersonBody

    for api_schema, body in ((PersonIn, PersonBody), (NameIn, NameBody), (CitizenshipIO, CitizenshipBody)):
        assert issubclass(api_schema, body)
        assert list(api_schema.model_fields) == list(body.model_fields)


def test_the_prisoner_number_is_set_and_read_through_the_api(token_client, users):
    created = token_client.post("/api/persons", {
        "names": [{"text": "Фаррух Назаров"}], "category": "pow", "internment_number": "UA-TJ-000007"},
        content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["internment_number"] == "UA-TJ-000007"
    person = created.json()
    changed = token_client.patch(f"/api/persons/{person['id']}", {
        "version": person["version"], "changes": {"internment_number": "UA-TJ-000008"}},
        content_type="application/json")
    assert changed.status_code == 200 and changed.json()["internment_number"] == "UA-TJ-000008"
