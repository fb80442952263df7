from __future__ import annotations

import pytest
from django.test import Client

from polon.registry.models import Person, StatusEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_create_warns_of_likely_duplicates_before_saving(registry, users):
    client = login(users["registrar"])
    form = {"name": "Ermek Katyrenow", "category": "pow", "sex": "male", "citizenship": "KZ",
            "citizenship_provenance": "self_declared"}
    response = client.post("/persons/new/", form)
    assert response.status_code == 200
    assert "Ермек Болатович Катыренов" in response.content.decode()
    assert Person.objects.count() == 3
    response = client.post("/persons/new/", {**form, "confirmed_new": "1"})
    assert response.status_code == 302
    assert Person.objects.count() == 4


def test_edit_from_a_stale_page_shows_a_conflict(registry, users):
    client = login(users["registrar"])
    person = Person.objects.get(pk=registry["uzbek"].pk)
    form = {"version": person.version, "category": "pow", "sex": "male", "rank": "Sergeant"}
    assert client.post(f"/persons/{person.pk}/edit/", form).status_code == 302
    response = client.post(f"/persons/{person.pk}/edit/", {**form, "rank": "Private"})
    assert response.status_code == 200
    assert "запис змінив хтось інший" in response.content.decode()  # the page speaks Ukrainian, the service too
    assert Person.objects.get(pk=person.pk).rank == "Sergeant"


def test_add_event_through_the_page(registry, users):
    client = login(users["registrar"])
    person = Person.objects.get(pk=registry["kazakh"].pk)
    response = client.post(f"/persons/{person.pk}/events/new/", {
        "version": person.version, "type": "hospitalised", "date": "2024-12-01", "confidence": "confirmed",
        "health": "seriously_wounded"})
    assert response.status_code == 302
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Госпіталізований" in page
    bad = client.post(f"/persons/{person.pk}/events/new/", {
        "version": person.version + 1, "type": "exchanged", "date": "2024-13-01", "confidence": "confirmed"})
    assert bad.status_code == 200 and "місяця 13 не існує" in bad.content.decode()
    assert StatusEvent.objects.filter(person=person).count() == 2


def test_pages_speak_ukrainian_and_english(registry, users):
    client = login(users["registrar"])
    client.post("/language/", {"language": "uk", "next": "/persons/"})
    assert "Особи" in client.get("/persons/").content.decode()
    client.post("/language/", {"language": "en", "next": "/persons/"})
    assert "Persons" in client.get("/persons/").content.decode()


def test_list_filters(registry, users):
    client = login(users["analyst"])
    page = client.get("/persons/", {"citizenship": "UZ"}).content.decode()
    assert "Турсунов" in page and "Катыренов" not in page
