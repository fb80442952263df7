"""Bulk reads, refusals and out-of-scope requests in the audit log (issue 24): a list, a search, a dossier or an
enquiry's suggestions records the persons it returned, one write per request; a 403 and a 404 for a person who
exists outside the user's scope are recorded on the web and the API."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polon.accounts.services import create_api_token
from polon.audit.log import verify
from polon.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def web(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def api(users, who: str) -> Client:
    secret = create_api_token(actor=users["admin"], user=users[who], name="audit test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def reads(**match) -> list[dict]:
    return [json.loads(e.changes) | {"actor": e.actor}
            for e in AuditEvent.objects.filter(action="persons.read", **match).order_by("sequence")]


def test_api_person_list_records_the_persons_returned(registry, users):
    client = api(users, "liaison_kz")
    answer = client.get("/api/persons", {"limit": 500})
    assert answer.status_code == 200
    returned = [p["id"] for p in answer.json()]
    assert sorted(returned) == sorted([registry["kazakh"].pk, registry["dual"].pk])
    [event] = reads()
    assert event["actor"] == "liaison_kz" and event["channel"] == "api" and event["view"] == "persons.list"
    assert event["persons"] == returned and event["query"]["limit"] == 500
    # An empty page (past the end) records nothing.
    assert client.get("/api/persons", {"offset": 400}).json() == []
    assert len(reads()) == 1
    assert verify().ok


def test_api_search_records_the_hits(registry, users):
    answer = api(users, "analyst").get("/api/persons/search", {"q": "Ermek Katyrenov"})
    assert answer.status_code == 200 and answer.json()
    [event] = reads(actor="analyst")
    assert event["view"] == "persons.search" and event["query"]["q"] == "Ermek Katyrenov"
    assert registry["kazakh"].pk in event["persons"]
    assert event["persons"] == [hit["person_id"] for hit in answer.json()]


def test_web_search_and_list_page_record_the_persons_shown(registry, users):
    client = web(users["icrc"])
    assert client.get("/search/", {"q": "Алишер Турсунов"}).status_code == 200
    [found] = reads(actor="icrc")
    assert found["channel"] == "web" and found["view"] == "persons.search"
    assert registry["uzbek"].pk in found["persons"]
    assert client.get("/persons/", {"per_page": 25, "citizenship": "KZ"}).status_code == 200
    listed = reads(actor="icrc")[-1]
    assert listed["view"] == "persons.list" and listed["query"]["citizenship"] == "KZ"
    assert sorted(listed["persons"]) == sorted([registry["kazakh"].pk, registry["dual"].pk])
    assert listed["total"] == 2
    # The person picker's suggestions are a search too.
    assert client.get("/persons/pick/", {"q": "Baurzhan"}).status_code == 200
    assert reads(actor="icrc")[-1]["view"] == "persons.pick"


def test_country_dossier_records_its_persons_on_web_and_api(registry, users):
    assert web(users["liaison_kz"]).get("/countries/KZ/").status_code == 200
    [page] = reads(actor="liaison_kz")
    assert page["view"] == "country.dossier" and page["channel"] == "web" and page["query"]["country"] == "KZ"
    assert sorted(page["persons"]) == sorted([registry["kazakh"].pk, registry["dual"].pk])
    assert api(users, "liaison_kz").get("/api/countries/KZ").status_code == 200
    assert reads(actor="liaison_kz")[-1]["channel"] == "api"


def test_enquiry_suggestions_are_recorded_once_per_request(registry, users):
    from polon.enquiries.services import create_enquiry

    enquiry = create_enquiry(actor=users["analyst"], requester_kind="family", requester_name="Гүлнар Катыренова",
                             sought_name="Ермек Катыренов", sought_country="KZ")
    client = web(users["liaison_kz"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/enquiries/{enquiry.pk}/").status_code == 200
    [event] = reads(actor="liaison_kz")  # the page asks for the suggestions more than once: one event
    assert event["view"] == "enquiry.suggestions" and event["query"] == {"enquiry": enquiry.pk}
    assert registry["kazakh"].pk in event["persons"] and registry["uzbek"].pk not in event["persons"]
    # One append to the chain for the request.
    assert sum("audit_audithead" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
               for q in queries.captured_queries) == 2  # the head moved, then its hash set: one record_many


def test_refusals_are_recorded_on_web_and_api(registry, users):
    answer = web(users["auditor"]).get("/persons/new/")
    assert answer.status_code == 403
    [event] = AuditEvent.objects.filter(action="access.denied")
    changes = json.loads(event.changes)
    assert event.actor == "auditor" and changes["channel"] == "web" and changes["policy"] == "registry.write"
    assert changes["path"] == "/persons/new/"
    payload = {"category": "pow", "names": [{"text": "Жасур Раҳимов"}],
               "citizenships": [{"country": "TJ", "provenance": "self_declared"}]}
    refused = api(users, "analyst").post("/api/persons", json.dumps(payload), content_type="application/json")
    assert refused.status_code == 403
    event = AuditEvent.objects.filter(action="access.denied").last()
    changes = json.loads(event.changes)
    assert event.actor == "analyst" and changes["channel"] == "api" and changes["method"] == "POST"
    assert verify().ok


def test_a_person_outside_the_scope_is_recorded_a_missing_one_is_not(registry, users):
    uzbek = registry["uzbek"].pk
    client = web(users["liaison_kz"])
    assert client.get(f"/persons/{uzbek}/").status_code == 404
    [event] = AuditEvent.objects.filter(action="access.out_of_scope")
    assert event.actor == "liaison_kz" and event.object_type == "registry.person" and event.object_id == str(uzbek)
    assert json.loads(event.changes)["channel"] == "web"
    missing = uzbek + 1000
    assert client.get(f"/persons/{missing}/").status_code == 404
    assert AuditEvent.objects.filter(action="access.out_of_scope").count() == 1
    # The API: the same 404 as for a missing person, recorded.
    token = api(users, "liaison_kz")
    hidden, absent = token.get(f"/api/persons/{uzbek}"), token.get(f"/api/persons/{missing}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.json()["detail"].replace(str(uzbek), "") == absent.json()["detail"].replace(str(missing), "")
    event = AuditEvent.objects.filter(action="access.out_of_scope").last()
    assert event.object_id == str(uzbek) and json.loads(event.changes)["channel"] == "api"
    assert AuditEvent.objects.filter(action="access.out_of_scope").count() == 2


def test_cli_person_list_and_search_record_reads(registry, users, capsys):
    from polon.cli import main

    assert main(["--as", "liaison_uz", "person", "list"]) == 0
    assert main(["--as", "liaison_uz", "search", "Alisher Tursunov"]) == 0
    capsys.readouterr()
    listed, found = reads(actor="liaison_uz")
    assert listed["channel"] == found["channel"] == "cli"
    assert listed["persons"] == [registry["uzbek"].pk] and found["persons"] == [registry["uzbek"].pk]
