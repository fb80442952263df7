"""Sources are cited and shown only by the roles that may read them (sources.read), on contacts, rounds and
the person page; a person's consular record is audited when opened."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.consular import services as consular_services
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.exchanges import services as exchange_services
from polon.registry.services import add_event
from polon.sources.models import Restriction, Source
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
TITLE = "INTERNAL-ONLY: notes on a captive"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def source(db):
    return Source.objects.create(kind="news_article", title=TITLE, url="https://internal.example/report",
                                 restriction=Restriction.INTERNAL, text="internal text")


def test_only_roles_that_read_sources_cite_them(registry, users, source):
    kazakh = registry["kazakh"].pk
    for service, kwargs in ((consular_services.create_contact, {"country": "KZ"}),
                            (consular_services.record_after_return, {"person_id": kazakh, "country": "KZ"}),
                            (consular_services.record_proceeding, {"person_id": kazakh, "country": "KZ"})):
        with pytest.raises(PermissionDenied):
            service(actor=users["liaison_kz"], source_ids=[source.pk], **kwargs)
        service(actor=users["liaison_kz"], **kwargs)  # without sources she records them as before
    # For a role that may cite, an id that does not exist is refused with the field and the id.
    with pytest.raises(ValidationFailed) as caught:
        consular_services.create_contact(actor=users["registrar"], country="KZ", source_ids=[source.pk, 10_000_000])
    assert caught.value.errors == {"sources": ["no source with id 10000000"]}
    with pytest.raises(PermissionDenied):
        exchange_services.create_round(actor=users["liaison_kz"], number=9, source_ids=[source.pk])


def test_contact_sources_are_shown_only_to_roles_that_read_sources(registry, users, source):
    contact = consular_services.create_contact(actor=users["registrar"], country="KZ", place="Kyiv",
                                               source_ids=[source.pk])
    for role, sees in (("registrar", True), ("analyst", True), ("liaison_kz", False), ("icrc", False)):
        client = login(users[role])
        for url in (f"/consular/contacts/{contact.pk}/", "/consular/contacts/", "/countries/KZ/"):
            page = client.get(url).content.decode()
            assert (TITLE in page) is sees, (role, url)
            assert ("internal.example" in page) is sees, (role, url)
        data = client.get(f"/api/consular/contacts/{contact.pk}").json()
        assert ("source_ids" in data) is sees, role
        if sees:
            assert data["source_ids"] == [source.pk]
        listed = client.get("/api/countries/KZ").json()
        assert all(("source_ids" in c) is sees for c in listed["contacts"]), role


def test_round_sources_and_notes_are_shown_only_to_roles_that_read_sources(registry, users, source):
    r = exchange_services.create_round(actor=users["registrar"], number=5, source_ids=[source.pk],
                                       notes="From source: a sentence quoting it")
    for role, sees in (("registrar", True), ("analyst", True), ("liaison_kz", False), ("icrc", False)):
        client = login(users[role])
        page = client.get(f"/exchanges/{r.pk}/").content.decode()
        assert (TITLE in page) is sees and ("a sentence quoting it" in page) is sees, role
        for data in (client.get(f"/api/exchanges/{r.pk}").json(),
                     next(x for x in client.get("/api/exchanges").json() if x["id"] == r.pk)):
            assert ("source_ids" in data) is sees and ("notes" in data) is sees, role
            assert data["number"] == 5


def test_event_and_name_sources_on_the_person_page_only_for_roles_that_read_sources(registry, users, source):
    kazakh = registry["kazakh"]
    add_event(actor=users["registrar"], person_id=kazakh.pk, type="interned", date="2024-11-20",
              source_ids=[source.pk])
    for role, sees in (("registrar", True), ("analyst", True), ("liaison_kz", False), ("icrc", False)):
        page = login(users[role]).get(f"/persons/{kazakh.pk}/").content.decode()
        assert (TITLE in page) is sees, role


def test_reviewing_links_a_source_to_a_round_through_the_scoped_loader(registry, users, source):
    r = exchange_services.create_round(actor=users["registrar"], number=6)
    exchange_services.add_round_source(actor=users["registrar"], round_id=r.pk, source_id=source.pk)
    assert list(r.sources.all()) == [source]
    with pytest.raises(ValidationFailed):
        exchange_services.add_round_source(actor=users["registrar"], round_id=r.pk, source_id=10_000_000)


def test_opening_a_consular_record_is_audited_for_non_registrars(registry, users):
    from polon.audit.models import AuditEvent

    kazakh = registry["kazakh"].pk

    def reads() -> int:
        return AuditEvent.objects.filter(action="person.read", object_id=str(kazakh)).count()

    before = reads()
    assert login(users["analyst"]).get(f"/consular/persons/{kazakh}/").status_code == 200
    assert login(users["icrc"]).get(f"/api/consular/persons/{kazakh}").status_code == 200
    assert reads() == before + 2
    assert login(users["registrar"]).get(f"/consular/persons/{kazakh}/").status_code == 200
    assert reads() == before + 2  # a registrar's reads are his daily work, not audited (registry.selectors)
