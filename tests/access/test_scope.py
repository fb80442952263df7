"""A Kazakhstan liaison officer cannot see an Uzbek captive through the UI, the API, search or the CLI."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.registry import selectors
from polon.registry.search import search_persons
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_selectors_scope_by_citizenship(registry, users):
    visible = {p.pk for p in selectors.person_list(users["liaison_kz"])}
    assert visible == {registry["kazakh"].pk, registry["dual"].pk}
    assert {p.pk for p in selectors.person_list(users["liaison_uz"])} == {registry["uzbek"].pk}
    assert selectors.person_list(users["auditor"]).count() == 0
    assert selectors.person_list(users["icrc"]).count() == 3


def test_liaison_gets_404_in_the_ui(registry, users):
    client = login(users["liaison_kz"])
    uzbek = registry["uzbek"]
    assert client.get(f"/persons/{uzbek.pk}/").status_code == 404
    listing = client.get("/persons/").content.decode()
    assert "Турсунов" not in listing and "Катыренов" in listing
    assert client.get(f"/persons/{registry['kazakh'].pk}/").status_code == 200
    assert "Турсунов" not in client.get("/search/", {"q": "Alisher Tursunov"}).content.decode()
    # A filter on the other country yields nothing, not the other country's people.
    assert "Турсунов" not in client.get("/persons/", {"citizenship": "UZ"}).content.decode()


def test_liaison_gets_404_in_the_api(registry, users):
    client = login(users["liaison_kz"])
    uzbek = registry["uzbek"]
    for url in (f"/api/persons/{uzbek.pk}", f"/api/persons/{uzbek.pk}/names", f"/api/persons/{uzbek.pk}/events"):
        response = client.get(url)
        assert response.status_code == 404, url
    ids = {row["id"] for row in client.get("/api/persons").json()}
    assert uzbek.pk not in ids and registry["kazakh"].pk in ids
    hits = client.get("/api/persons/search", {"q": "Alisher Tursunov"}).json()
    assert all(hit["person_id"] != uzbek.pk for hit in hits)


def test_liaison_search_never_leaks(registry, users):
    assert [h.person.pk for h in search_persons(users["liaison_uz"], "Alisher Tursunov")] == [registry["uzbek"].pk]
    assert search_persons(users["liaison_kz"], "Alisher Tursunov") == []


def test_auditor_sees_no_persons_but_the_audit_log(registry, users):
    client = login(users["auditor"])
    assert client.get("/persons/").status_code == 403
    assert client.get(f"/persons/{registry['kazakh'].pk}/").status_code == 403
    assert client.get("/audit/").status_code == 200
    assert login(users["analyst"]).get("/audit/").status_code == 403


def test_anonymous_is_sent_to_login(registry):
    response = Client().get(f"/persons/{registry['kazakh'].pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Client().get("/api/persons").status_code == 401
