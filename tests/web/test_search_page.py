"""The search page tells two persons of one name apart without opening either: date of birth, citizenship and
status on every hit, the score as a rounded percentage."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_namesakes_are_told_apart_on_the_results(users):
    registrar = users["registrar"]
    held = create_person(actor=registrar, category="pow", birth_date="1990-02-11",
                         names=[NameInput(text="Нурлан Сейткалиев"), NameInput(text="Nurlan Seitkaliyev")],
                         citizenships=[CitizenshipInput(country="KZ", provenance="self_declared")])
    add_event(actor=registrar, person_id=held.pk, type="captured", date="2024-09-01", place="Demo sector 2")
    dead = create_person(actor=registrar, category="pow", birth_date="1984-09-30",
                         names=[NameInput(text="Нурлан Сейткалиев"), NameInput(text="Nurlan Seitkaliyev")],
                         citizenships=[CitizenshipInput(country="KG", provenance="document")])
    add_event(actor=registrar, person_id=dead.pk, type="captured", date="2024-09-01", place="Demo sector 2")
    add_event(actor=registrar, person_id=dead.pk, type="died", date="2024-12-03", place="Demo hospital")
    client = Client()
    client.login(username="analyst", password=PASSWORD)
    html = client.get("/search/", {"q": "Nurlan Seitkaliyev"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = {int(pk): row for pk, row in re.findall(r'<tr class="band-\w+" id="hit-(\d+)">(.*?)</tr>', html, re.S)}
    assert set(rows) == {held.pk, dead.pk}
    assert "1990-02-11" in rows[held.pk] and "Kazakhstan" in rows[held.pk] and "Held" in rows[held.pk]
    assert "1984-09-30" in rows[dead.pk] and "Kyrgyzstan" in rows[dead.pk] and "Dead" in rows[dead.pk]
    for row in rows.values():
        assert re.search(r"<td>\d{1,3}%</td>", row)  # a rounded percentage
        assert not re.search(r"\d\.\d{2,}", row)  # no score of two or four decimals
    # In Ukrainian, the countries by their Ukrainian names.
    uk = client.get("/search/", {"q": "Нурлан Сейткалиев"}, HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Казахстан" in uk and "Киргизстан" in uk


def test_the_search_form_fields_are_labelled(users):
    client = Client()
    client.login(username="analyst", password=PASSWORD)
    html = client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<label for="search-q">' in html and '<label for="search-birth-date">' in html
