"""Places of internment and visits on every channel — web pages (Ukrainian by default, English on request, no
script needed), the API and the command line — with their scope: a Kazakhstan liaison officer counts and sees
only Kazakh citizens at a place and on a visit's list, and may not write."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.places import services as places
from polon.places.models import Place
from polon.registry.models import StatusEvent
from polon.registry.services import add_event
from polon.visits import services as visits
from polon.visits.models import FollowUp, Visit, VisitPerson
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
UZ_NAME = "Турсунов"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world(registry, users):
    registrar = users["registrar"]
    camp = places.create_place(actor=registrar, kind="camp", name="Табір № 2 «Демо-Озерний»", region="UA-18",
                               address="вул. Вигадана, 2", capacity=300, aliases=["Demo internment camp No. 2"])
    for person in registry.values():
        add_event(actor=registrar, person_id=person.pk, type="interned", date="2024-11-20",
                  facility="Demo internment camp No. 2")
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="transferred", date="2025-01-10",
              facility="Demo internment camp No. 19")
    places.match_facilities(actor=registrar)
    visit = visits.create_visit(actor=registrar, place_id=camp.pk, visitor="icrc", starts="2025-02-03")
    return {"camp": camp, "visit": visit}


def test_place_pages_in_ukrainian_and_english(world, registry, users):
    client = login(users["registrar"])
    camp = world["camp"]
    page = client.get("/places/").content.decode()
    assert "Місця тримання" in page and "Табір № 2 «Демо-Озерний»" in page and "<script" not in page.split(
        "</header>")[-1]
    page = client.get(f"/places/{camp.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Population" in page and "Kazakhstan" in page and "Zhytomyr" in page
    assert "2 persons here now, within your scope." in page
    read = AuditEvent.objects.filter(action="persons.read").order_by("-id").first()
    assert json.loads(read.changes)["view"] == "places.population"
    page = client.get(f"/places/{camp.pk}/?on=2024-12-01", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 persons here now, within your scope." in page
    for url in ("/places/new/", f"/places/{camp.pk}/edit/", "/places/facilities/", "/visits/", "/visits/new/",
                f"/visits/{world['visit'].pk}/", "/visits/follow-ups/"):
        assert client.get(url).status_code == 200, url


def test_recording_and_closing_a_place_on_the_web(world, users):
    client = login(users["registrar"])
    response = client.post("/places/new/", {"kind": "labour", "name": "Робоча команда 2/1", "region": "UA-18",
                                            "parent_id": world["camp"].pk, "capacity": "30", "aliases": "RK 2/1"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    detachment = Place.objects.get(name="Робоча команда 2/1")
    assert detachment.parent_id == world["camp"].pk and detachment.aliases == ["RK 2/1"]
    refused = client.post("/places/new/", {"kind": "camp", "name": "Nowhere", "region": "UA-18",
                                           "opened": "2025-02-01", "closed": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "cannot close before it opened" in refused.content.decode()
    response = client.post(f"/places/{detachment.pk}/edit/", {"kind": "labour", "name": "Робоча команда 2/1",
                                                               "region": "UA-18", "parent_id": world["camp"].pk,
                                                               "closed": "2025-06-30"})
    assert response.status_code == 302 and Place.objects.get(pk=detachment.pk).closed.isoformat() == "2025-06-30"
    assert login(users["analyst"]).post("/places/new/", {"kind": "camp", "name": "X", "region": "UA-18"}
                                         ).status_code == 403


def test_facilities_report_and_assignment_on_the_web(world, registry, users):
    client = login(users["registrar"])
    page = client.get("/places/facilities/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Demo internment camp No. 19" in page and "Not matched" in page
    response = client.post("/places/facilities/assign/", {"text": "Demo internment camp No. 19",
                                                           "place": world["camp"].pk})
    assert response.status_code == 302
    assert StatusEvent.objects.get(person=registry["uzbek"], type="transferred").internment_place_id == \
        world["camp"].pk
    assert "Every facility text names a place." in client.get("/places/facilities/",
                                                               HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.post("/places/facilities/").status_code == 200


def test_the_art_23_document_from_the_web_and_the_api(world, users):
    response = login(users["liaison_kz"]).get("/places/document.pdf?recipient=CH", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Табір № 2 «Демо-Озерний»" in text and "Switzerland" in text and "Article 23" in text
    token = create_api_token(actor=users["icrc"], user=users["icrc"], name="places")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.get("/api/places/document.pdf?lang=uk")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Місця тримання військовополонених та їх розташування" in text and "Житомирська область" in text


def test_a_visit_on_the_web_scoped_for_a_liaison(world, registry, users):
    visit = world["visit"]
    client = login(users["icrc"])
    assert client.post(f"/visits/{visit.pk}/list/").status_code == 302
    assert VisitPerson.objects.filter(visit=visit).count() == 2  # the Kazakh and the dual citizen
    response = client.post(f"/visits/{visit.pk}/persons/{registry['kazakh'].pk}/", {"outcome": "seen"})
    assert response.status_code == 302
    refused = client.post(f"/visits/{visit.pk}/persons/{registry['dual'].pk}/", {"outcome": "access_refused"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "say why" in refused.content.decode()
    client.post(f"/visits/{visit.pk}/follow-ups/", {"text": "Огляд лікаря", "due": "2025-02-20",
                                                    "person": str(registry["dual"].pk)})
    item = FollowUp.objects.get(visit=visit)
    assert item.person_id == registry["dual"].pk
    page = client.get("/visits/follow-ups/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Огляд лікаря" in page and "overdue" in page
    assert client.post(f"/visits/follow-ups/{item.pk}/close/", {"outcome": "Оглянуто"}).status_code == 302
    response = client.post(f"/visits/{visit.pk}/edit/", {"place_id": world["camp"].pk, "visitor": "icrc",
                                                         "status": "carried_out", "starts": "2025-02-03"})
    assert response.status_code == 302 and Visit.objects.get(pk=visit.pk).status == "carried_out"

    page = login(users["liaison_uz"]).get(f"/visits/{visit.pk}/").content.decode()
    assert "Катыренов" not in page and "Бегалимов" not in page
    kz = login(users["liaison_kz"])
    assert "Катыренов" in kz.get(f"/visits/{visit.pk}/").content.decode()
    assert kz.post(f"/visits/{visit.pk}/list/").status_code == 403


def test_places_and_visits_on_the_api(world, registry, users):
    admin_token = create_api_token(actor=users["registrar"], user=users["registrar"], name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {admin_token}", HTTP_ACCEPT_LANGUAGE="en")
    listed = api.get("/api/places").json()
    assert listed[0]["population"]["present"] == 2 and listed[0]["population"]["by_citizenship"] == {"KZ": 2,
                                                                                                    "RU": 1}
    created = api.post("/api/places", {"kind": "hospital", "name": "Demo regional hospital", "region": "UA-05"},
                       content_type="application/json")
    assert created.status_code == 201
    bad = api.post("/api/places", {"kind": "hospital", "name": "X", "region": "XX-1"},
                   content_type="application/json")
    assert bad.status_code == 400 and "region" in bad.json()["errors"]
    report = api.get("/api/places/facilities").json()
    assert report["unmatched"] == [{"text": "Demo internment camp No. 19", "candidates": [], "events": 1}]
    event = StatusEvent.objects.get(person=registry["uzbek"], type="transferred")
    assert api.put(f"/api/events/{event.pk}/place", {"place_id": created.json()["id"]},
                   content_type="application/json").json()["internment_place_id"] == created.json()["id"]
    closed = api.patch(f"/api/places/{world['camp'].pk}", {"closed": "2025-12-31"}, content_type="application/json")
    assert closed.json()["closed"] == "2025-12-31"

    visit_id = api.post("/api/visits", {"place_id": world["camp"].pk, "visitor": "protecting_power",
                                        "protecting_power": "CH", "starts": "2025-03-01",
                                        "delegates": ["Demo representative Dilnoza R."]},
                        content_type="application/json").json()["id"]
    assert api.post(f"/api/visits/{visit_id}/list").json()["added"] == sorted(
        [registry["kazakh"].pk, registry["dual"].pk])
    line = api.put(f"/api/visits/{visit_id}/persons/{registry['dual'].pk}",
                   {"outcome": "access_refused", "note": "Слідчі дії"}, content_type="application/json").json()
    assert line["outcome"] == "access_refused"
    follow = api.post(f"/api/visits/{visit_id}/follow-ups", {"text": "Доступ до особи", "due": "2025-03-15"},
                      content_type="application/json")
    assert follow.status_code == 201
    detail = api.get(f"/api/visits/{visit_id}").json()
    assert detail["delegates"] == ["Demo representative Dilnoza R."] and len(detail["persons"]) == 2

    kz_token = create_api_token(actor=users["liaison_kz"], user=users["liaison_kz"], name="k")
    kz = Client(HTTP_AUTHORIZATION=f"Bearer {kz_token}")
    population = kz.get(f"/api/places/{world['camp'].pk}/population?on=2024-12-01").json()
    assert {p["id"] for p in population["persons"]} == {registry["kazakh"].pk, registry["dual"].pk}
    assert UZ_NAME not in json.dumps(population, ensure_ascii=False)
    assert kz.post("/api/places", {"kind": "camp", "name": "X", "region": "UA-18"},
                   content_type="application/json").status_code == 403


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_places_and_visits_on_the_command_line(world, registry, users, capsys, tmp_path):
    code, out, err = run(capsys, "--as", "registrar", "places", "match-facilities", "--dry-run")
    assert code == 0 and "Demo internment camp No. 19" in out and "dry run" in out
    code, out, err = run(capsys, "--as", "registrar", "places", "create", "--kind", "camp", "--name",
                         "Camp No. 19 Demo-Sosnovyi", "--region", "UA-05", "--alias", "Demo internment camp No. 19",
                         "--json")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "places", "match-facilities", "--json")
    assert json.loads(out)["linked"] == 1 and json.loads(out)["unmatched"] == []
    code, out, _ = run(capsys, "--as", "liaison_uz", "places", "show", str(world["camp"].pk), "--persons", "--json")
    data = json.loads(out)
    assert data["persons"] == [] and data["population"]["former_by_status"] == {"held": 1}
    code, out, _ = run(capsys, "--as", "liaison_kz", "places", "list", "--json")
    assert {d["name"]: d["population"]["present"] for d in json.loads(out)}["Табір № 2 «Демо-Озерний»"] == 2
    target = tmp_path / "art23.pdf"
    code, out, err = run(capsys, "--as", "icrc", "places", "document", "-o", str(target), "--recipient", "CH")
    assert code == 0 and "Camp No. 19 Demo-Sosnovyi" in PdfReader(str(target)).pages[0].extract_text()
    code, _, err = run(capsys, "--as", "analyst", "places", "create", "--kind", "camp", "--name", "X", "--region",
                       "UA-05")
    assert code == 2

    visit = world["visit"].pk
    assert run(capsys, "--as", "icrc", "visits", "generate-list", str(visit))[0] == 0
    code, out, err = run(capsys, "--as", "icrc", "visits", "record", str(visit), str(registry["kazakh"].pk), "seen")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "icrc", "visits", "record", str(visit), str(registry["dual"].pk),
                         "access_refused")
    assert code == 2 and "note" in err
    code, out, err = run(capsys, "--as", "icrc", "visits", "follow-up", str(visit), "Огляд лікаря", "--due",
                         "2025-02-20", "--person", str(registry["kazakh"].pk), "--json")
    item = json.loads(out)["id"]
    code, out, _ = run(capsys, "--as", "liaison_kz", "visits", "follow-ups", "--json")
    assert [d["id"] for d in json.loads(out)] == [item] and json.loads(out)[0]["overdue"]
    code, out, _ = run(capsys, "--as", "liaison_uz", "visits", "show", str(visit), "--json")
    assert json.loads(out)["persons"] == [] and json.loads(out)["follow_ups"] == []
    assert run(capsys, "--as", "icrc", "visits", "close-follow-up", str(item), "Оглянуто")[0] == 0
    code, out, err = run(capsys, "--as", "registrar", "visits", "create", str(world["camp"].pk), "--visitor",
                         "protecting_power", "--protecting-power", "CH", "--starts", "2025-04-01", "--status",
                         "refused", "--refusal-reason", "Імперативна військова необхідність", "--json")
    assert code == 0 and json.loads(out)["status"] == "refused"
    code, out, _ = run(capsys, "--as", "registrar", "visits", "list")
    assert "refused" in out and "carried_out" not in out


def test_the_event_form_picks_a_place_and_the_timeline_links_it(world, registry, users):
    client = login(users["registrar"])
    person = registry["kazakh"]
    person.refresh_from_db()
    form = client.get(f"/persons/{person.pk}/events/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Place of internment" in form and "Табір № 2 «Демо-Озерний»" in form
    response = client.post(f"/persons/{person.pk}/events/new/", {
        "version": person.version, "type": "hospitalised", "date": "2025-01-20", "confidence": "preliminary",
        "internment_place": world["camp"].pk})
    assert response.status_code == 302
    event = StatusEvent.objects.get(person=person, type="hospitalised")
    assert event.internment_place_id == world["camp"].pk and event.facility == "Табір № 2 «Демо-Озерний»"
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert f'href="/places/{world["camp"].pk}/"' in page


def test_recording_a_person_names_where_he_is_held(world, users):
    client = login(users["registrar"])
    assert "Табір № 2 «Демо-Озерний»" in client.get("/persons/new/").content.decode()
    response = client.post("/persons/new/", {
        "name": "Дилноза Исмоилова", "category": "pow", "sex": "female", "citizenship": "UZ",
        "citizenship_provenance": "self_declared", "confirmed_new": "1", "captured_date": "2025-01-05",
        "captured_internment_place": world["camp"].pk})
    assert response.status_code == 302
    event = StatusEvent.objects.get(type="captured", date="2025-01-05")
    assert event.internment_place_id == world["camp"].pk and event.facility == "Табір № 2 «Демо-Озерний»"
