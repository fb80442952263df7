"""The list pages run the same number of SQL queries whatever the number of rows (no query per row).

Behaviour, not timing: each page is requested on the small registry, then again after many more persons,
names, events, transmissions and audit rows, and must not run one query more.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polon.registry.models import Person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def queries(client: Client, url: str) -> int:
    if "q=" in url:
        # A name searched: the search engine first catches up with the test's writes (built, then on PostgreSQL
        # the writes of the test's own open transaction re-read once), work a live process does once, not per row.
        client.get(url)
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(users, registry, n: int) -> None:
    """n more Kazakh citizens with three spellings, two citizenships, three events and a transmission each,
    and more events and spellings on the one person whose page is opened."""
    from polon.consular.services import record_transmission
    from polon.registry.services import add_event, add_name, create_person
    from polon.registry.services.events import EventInput
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    registrar, admin = users["registrar"], users["admin"]
    for i in range(n):
        person = create_person(
            actor=registrar, category="pow", names=[NameInput(text=f"Ерлан Вигаданий {n}-{i}"),
                                                    NameInput(text=f"Erlan Vygadanyi {n}-{i}"),
                                                    NameInput(text=f"Erlan Wygadanij {n}-{i}")],
            citizenships=[CitizenshipInput(country="KZ"), CitizenshipInput(country="RU", provenance="document")],
            events=[EventInput(type="captured", date="2024-03"), EventInput(type="interned", date="2024-04"),
                    EventInput(type="hospitalised", date="2024-05")])
        record_transmission(actor=admin, person_id=person.pk, recipient="icrc_cta", channel="demo",
                            date="2025-03-01", content="Capture card", legal_basis="GC III Art. 122")
    kazakh = registry["kazakh"]
    for month in ("2024-12", "2025-01"):
        add_event(actor=registrar, person_id=kazakh.pk, type="transferred", date=month, place="Demo camp")
    for i in range(3):
        version = Person.objects.get(pk=kazakh.pk).version
        add_name(actor=registrar, person_id=kazakh.pk, name=NameInput(text=f"Ermek Katyrenov {n}-{i}"),
                 expected_version=version)


PAGES = ["/persons/", "/persons/?status=held", "/persons/?citizenship=KZ", "/persons/?q=an",
         "/persons/?category=pow&page=1", "/persons/{kazakh}/", "/search/", "/dashboard/", "/countries/",
         "/countries/KZ/"]


@pytest.mark.parametrize("role", ["admin", "liaison_kz"])
def test_pages_run_a_bounded_number_of_queries(registry, users, role):
    client = login(users[role])
    urls = [url.format(kazakh=registry["kazakh"].pk) for url in PAGES]
    grow(users, registry, n=1)  # one row in every section, so that each section's queries run
    before = {url: queries(client, url) for url in urls}
    grow(users, registry, n=30)
    after = {url: queries(client, url) for url in urls}
    assert after == before


def test_audit_log_runs_a_bounded_number_of_queries(registry, users):
    client = login(users["auditor"])
    urls = ["/audit/", "/audit/?action=person.create", f"/audit/?person={registry['kazakh'].pk}",
            "/audit/?actor=registrar&since=2020-01-01&until=2100-12-31", "/audit/?person=Катыренов"]
    grow(users, registry, n=1)
    before = {url: queries(client, url) for url in urls}
    grow(users, registry, n=60)
    assert {url: queries(client, url) for url in urls} == before
