"""Free text that crosses scope, over the API (issue 24): a reply or a contact naming a person outside the
record's state answers 422 with the names found unless the body says ``"confirm_names": true``; linking him is
a 400; nothing is written until confirmed, and the confirmation is audited."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from polon.consular.models import ConsularContact
from polon.enquiries.models import Reply

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(actor=user, user=user, name='t')}",
            "HTTP_ACCEPT_LANGUAGE": "en"}


def test_a_reply_naming_an_uzbek_is_422_until_confirmed(registry, users):
    client, auth = Client(), bearer(users["analyst"])
    enquiry = client.post("/api/enquiries", {"requester_kind": "family", "requester_name": "Fictional mother",
                                             "sought_name": "Ермек Катыренов", "sought_country": "KZ"},
                          content_type="application/json", **auth).json()
    body = {"text": "Ermek Katyrenov is held; so is Алишер Турсунов, T-100002."}
    answer = client.post(f"/api/enquiries/{enquiry['id']}/replies", body, content_type="application/json", **auth)
    assert answer.status_code == 422, answer.content
    found = answer.json()["errors"]["confirm_names"]
    assert len(found) == 1 and f"#{registry['uzbek'].pk} Алишер Турсунов" in found[0] and "T-100002" in found[0]
    assert "not a citizen of Kazakhstan" in answer.json()["errors"]["text"][0]
    assert not Reply.objects.exists()

    linked = client.post(f"/api/enquiries/{enquiry['id']}/replies",
                         {"text": "Held.", "person_ids": [registry["uzbek"].pk]}, content_type="application/json",
                         **auth)
    assert linked.status_code == 400 and "person_ids" in linked.json()["errors"]

    done = client.post(f"/api/enquiries/{enquiry['id']}/replies", {**body, "confirm_names": True},
                       content_type="application/json", **auth)
    assert done.status_code == 201
    assert AuditEvent.objects.get(action="text.names.confirm").object_id == str(done.json()["id"])


def test_a_contact_naming_an_uzbek_is_422_until_confirmed(registry, users):
    client, auth = Client(), bearer(users["registrar"])
    body = {"country": "KZ", "summary": "Discussed Alisher Tursunov."}
    answer = client.post("/api/consular/contacts", body, content_type="application/json", **auth)
    assert answer.status_code == 422 and answer.json()["errors"]["summary"]
    assert not ConsularContact.objects.exists()
    linked = client.post("/api/consular/contacts", {"country": "KZ", "person_ids": [registry["uzbek"].pk]},
                         content_type="application/json", **auth)
    assert linked.status_code == 400
    done = client.post("/api/consular/contacts", {**body, "confirm_names": True}, content_type="application/json",
                       **auth)
    assert done.status_code == 201 and AuditEvent.objects.filter(action="text.names.confirm").count() == 1
    objection = client.post(f"/api/consular/persons/{registry['kazakh'].pk}/objections",
                            {"scope": "state", "statement": "Не передавати, як і дані Алишера Турсунова."},
                            content_type="application/json", **auth)
    assert objection.status_code == 422, objection.content.decode()
