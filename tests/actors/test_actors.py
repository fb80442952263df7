"""Actors — people sources name who are not captives — on every channel: services (typed, audited, one
spelling once), scope (a liaison officer sees the actors of her countries only), pages, API and CLI.
Every name here is invented."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from polon.actors.models import Actor, ActorName
from polon.actors.selectors import actor_list, get_actor
from polon.actors.services import add_actor_name, create_actor, link_contact, update_actor
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.consular.services import ParticipantInput, create_contact
from polon.core.errors import ConflictError, NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors(users):
    analyst = users["analyst"]
    consul = create_actor(actor=analyst, name="Нурлан Ойдинбеков", kind="consul", country="KZ",
                          organisation="Embassy of Kazakhstan in Ukraine", position="consul",
                          spellings=["Nurlan Oidinbekov"], language="English")
    attache = create_actor(actor=analyst, name="Шерзод Вымыслов", kind="diplomat", country="UZ",
                           position="attaché")
    writer = create_actor(actor=analyst, name="Ілля Вигаданий", kind="author")
    return {"consul": consul, "attache": attache, "writer": writer}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_create_keeps_each_spelling_once_with_its_language_and_audits(users, actors):
    consul = actors["consul"]
    assert [(n.text, n.language) for n in consul.names.all()] == [("Nurlan Oidinbekov", "en"),
                                                                   ("Нурлан Ойдинбеков", "")]
    assert AuditEvent.objects.filter(action="actor.create", object_id=str(consul.pk)).exists()
    with pytest.raises(ValidationFailed, match="already recorded"):
        add_actor_name(actor=users["analyst"], actor_id=consul.pk, text="  Nurlan   Oidinbekov ", language="en")
    row = add_actor_name(actor=users["analyst"], actor_id=consul.pk, text="Nurlan Oydinbekov", language="eng")
    assert row.language == "en" and ActorName.objects.filter(actor=consul).count() == 3


def test_writes_are_checked_and_refused_for_other_roles(users, actors):
    with pytest.raises(ValidationFailed) as refused:
        create_actor(actor=users["analyst"], name="123", kind="spy", country="XX")
    assert set(refused.value.errors) == {"name", "kind", "country"}
    for role in ("liaison_kz", "icrc", "auditor"):
        with pytest.raises(PermissionDenied):
            create_actor(actor=users[role], name="Алмаз Тестов", kind="official")
    changed = update_actor(actor=users["registrar"], actor_id=actors["writer"].pk, name="Ілля Вигаданий",
                           kind="journalist", expected_version=1)
    assert changed.version == 2 and changed.kind == "journalist"
    with pytest.raises(ConflictError):
        update_actor(actor=users["registrar"], actor_id=actors["writer"].pk, name="Ілля Вигаданий",
                     kind="author", expected_version=1)
    event = AuditEvent.objects.get(action="actor.update")
    assert json.loads(event.changes) == {"before": {"kind": "author"}, "after": {"kind": "journalist"}}


def test_scope_a_liaison_sees_the_actors_of_her_countries(users, actors):
    assert {a.pk for a in actor_list(users["liaison_kz"])} == {actors["consul"].pk}
    with pytest.raises(NotFound):
        get_actor(users["liaison_kz"], actors["attache"].pk)
    assert list(actor_list(users["icrc"])) == [] and list(actor_list(users["auditor"])) == []
    assert {a.pk for a in actor_list(users["analyst"], q="Oidinbekov")} == {actors["consul"].pk}
    assert {a.pk for a in actor_list(users["analyst"], kind="diplomat")} == {actors["attache"].pk}


def test_an_actor_is_linked_to_the_consular_contacts_he_took_part_in(users, actors):
    contact = create_contact(actor=users["registrar"], country="KZ", date="2025-04-21", place="Kyiv",
                             participants=[ParticipantInput(side="theirs", name="Нурлан Ойдинбеков", role="consul")])
    participant = contact.participants.get()
    link = link_contact(actor=users["analyst"], actor_id=actors["consul"].pk, contact_id=contact.pk,
                        participant_id=participant.pk)
    assert link_contact(actor=users["analyst"], actor_id=actors["consul"].pk, contact_id=contact.pk).pk == link.pk
    page = client_for(users["liaison_kz"]).get(f"/actors/{actors['consul'].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and f"/consular/contacts/{contact.pk}/" in page.content.decode()


def test_pages_list_filter_detail_edit(users, actors):
    client = client_for(users["analyst"])
    page = client.get("/actors/?q=Oidinbekov", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Нурлан Ойдинбеков" in page and "Шерзод Вымыслов" not in page
    assert "Actors" in client.get("/persons/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(f"/actors/{actors['attache'].pk}/edit/", {
        "name": "Шерзод Вымыслов", "kind": "diplomat", "country": "UZ", "organisation": "Embassy of Uzbekistan",
        "position": "attaché", "notes": "", "version": 1})
    assert response.status_code == 302
    assert Actor.objects.get(pk=actors["attache"].pk).organisation == "Embassy of Uzbekistan"
    stale = client.post(f"/actors/{actors['attache'].pk}/edit/", {
        "name": "Шерзод Вымыслов", "kind": "official", "country": "UZ", "version": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 400 and "changed by someone else" in stale.content.decode()
    response = client.post("/actors/new/", {"name": "Айгерим Вымышленова", "kind": "journalist", "country": "KZ"})
    assert response.status_code == 302 and Actor.objects.filter(name="Айгерим Вымышленова").exists()
    response = client.post(f"/actors/{actors['writer'].pk}/names/", {"text": "Illia Vyhadanyi", "language": "en"})
    assert response.status_code == 302 and actors["writer"].names.filter(text="Illia Vyhadanyi").exists()
    liaison = client_for(users["liaison_kz"])
    assert liaison.get(f"/actors/{actors['attache'].pk}/").status_code == 404
    assert liaison.get(f"/actors/{actors['consul'].pk}/edit/").status_code == 403
    assert client_for(users["icrc"]).get("/actors/").status_code == 403


def test_api(users, actors):
    client = client_for(users["analyst"])
    listed = client.get("/api/actors?kind=consul").json()
    assert [a["name"] for a in listed] == ["Нурлан Ойдинбеков"]
    created = client.post("/api/actors", {"name": "Тимур Придуманов", "kind": "official", "country": "TJ"},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["country"] == "TJ"
    actor_id = created.json()["id"]
    changed = client.put(f"/api/actors/{actor_id}", {"name": "Тимур Придуманов", "kind": "politician",
                                                     "country": "TJ", "expected_version": 1},
                         content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.put(f"/api/actors/{actor_id}", {"name": "Тимур Придуманов", "kind": "official",
                                                   "expected_version": 1}, content_type="application/json")
    assert stale.status_code == 409
    liaison = client_for(users["liaison_uz"])
    assert liaison.get(f"/api/actors/{actors['consul'].pk}").status_code == 404
    assert liaison.post("/api/actors", {"name": "Х Y", "kind": "other"},
                        content_type="application/json").status_code == 403


def test_cli(users, actors, capsys):
    assert main(["--as", "analyst", "actor", "list", "--kind", "consul"]) == 0
    out = capsys.readouterr().out
    assert "Нурлан Ойдинбеков (KZ, Embassy of Kazakhstan in Ukraine, consul)" in out
    assert main(["--as", "liaison_kz", "actor", "show", str(actors["consul"].pk), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["kind"] == "consul" and {n["text"] for n in shown["names"]} == {"Nurlan Oidinbekov",
                                                                                "Нурлан Ойдинбеков"}
    assert main(["--as", "liaison_kz", "actor", "show", str(actors["attache"].pk)]) == 4
