"""Free text that crosses scope, on the web (issue 24): an analyst naming an Uzbek captive in a reply to an
enquiry about a Kazakh citizen, or a registrar in a contact with Kazakhstan, gets the form back with the persons
found and a box to confirm them; the Kazakhstan liaison officer reads nothing until it is confirmed, and the
confirmation is in the audit log. Linking the Uzbek is refused on the form."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.audit.models import AuditEvent
from polon.consular.models import ConsularContact
from polon.enquiries.services import create_enquiry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CHECKBOX = 'type="checkbox" name="confirm_names"'


def logged_in(user) -> Client:
    client = Client(**EN)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_reply_naming_an_uzbek_shows_him_and_asks_to_confirm(registry, users):
    enquiry = create_enquiry(actor=users["analyst"], requester_kind="family", requester_name="Айгүл Катыренова",
                             sought_name="Ермек Катыренов", sought_country="KZ")
    analyst, liaison = logged_in(users["analyst"]), logged_in(users["liaison_kz"])
    page = analyst.get(f"/enquiries/{enquiry.pk}/").content.decode()
    assert 'name="confirm_names"' in page and CHECKBOX not in page  # hidden until names are found

    text = "Ермек Катыренов утримується. Разом з ним — Алішер Турсунов (T-100002)."
    refused = analyst.post(f"/enquiries/{enquiry.pk}/reply/", {"text": text})
    page = refused.content.decode()
    assert refused.status_code == 400 and CHECKBOX in page
    assert "Алишер Турсунов" in page and "T-100002" in page and "not a citizen of Kazakhstan" in page
    assert text in page  # what was typed is kept
    assert "Турсунов" not in liaison.get(f"/enquiries/{enquiry.pk}/").content.decode()

    refused = analyst.post(f"/enquiries/{enquiry.pk}/reply/", {"text": text, "persons": f"№ {registry['uzbek'].pk}",
                                                               "confirm_names": "on"})
    assert refused.status_code == 400 and "is not a citizen of Kazakhstan" in refused.content.decode()
    assert not enquiry.replies.exists()

    done = analyst.post(f"/enquiries/{enquiry.pk}/reply/", {"text": text, "confirm_names": "on"})
    assert done.status_code == 302
    event = AuditEvent.objects.get(action="text.names.confirm")
    assert event.actor_id == users["analyst"].pk and event.object_id == str(enquiry.replies.get().pk)
    assert "Турсунов" in liaison.get(f"/enquiries/{enquiry.pk}/").content.decode()  # confirmed: the writer's call


def test_a_contact_summary_naming_an_uzbek_asks_to_confirm(registry, users):
    client = logged_in(users["registrar"])
    typed = {"country": "KZ", "date": "2025-04-21", "kind": "meeting",
             "summary": "The consul asked about Alisher Tursunov and Ermek Katyrenov."}
    refused = client.post("/consular/contacts/new/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400 and CHECKBOX in page and "Алишер Турсунов" in page
    assert not ConsularContact.objects.exists()
    assert client.post("/consular/contacts/new/", {**typed, "confirm_names": "on"}).status_code == 302
    assert AuditEvent.objects.filter(action="text.names.confirm").count() == 1


def test_a_reply_to_the_kazakh_consulate_asks_for_a_reason(registry, users):
    enquiry = create_enquiry(actor=users["analyst"], requester_kind="consulate",
                             requester_name="Consulate of Kazakhstan (fictional)", sought_name="Ермек Катыренов",
                             sought_country="KZ")
    client = logged_in(users["analyst"])
    typed = {"text": "Ermek Katyrenov is held as a prisoner of war.", "persons": "Ermek Katyrenov"}
    refused = client.post(f"/enquiries/{enquiry.pk}/reply/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400 and "may be detrimental" in page
    assert '<textarea name="override_reason"' in page
    done = client.post(f"/enquiries/{enquiry.pk}/reply/", {**typed, "override_reason": "He asked for it."})
    assert done.status_code == 302 and AuditEvent.objects.filter(action="enquiry.reply.override").exists()


def test_a_transmission_naming_an_uzbek_asks_to_confirm_then_for_the_reason(registry, users):
    """Both questions on a person's consular page, one after the other, keeping what was typed."""
    client, kazakh = logged_in(users["registrar"]), registry["kazakh"]
    typed = {"recipient": "state", "country": "KZ", "channel": "Note verbale", "date": "2025-04-22",
             "content": "Capture cards of Ermek Katyrenov and Alisher Tursunov", "legal_basis": "GC III Art. 122"}
    refused = client.post(f"/consular/persons/{kazakh.pk}/transmissions/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400 and CHECKBOX in page and "Алишер Турсунов" in page
    warned = client.post(f"/consular/persons/{kazakh.pk}/transmissions/", {**typed, "confirm_names": "on"},
                         follow=True)
    page = warned.content.decode()
    assert "may be detrimental" in page and "checked" in page.split(CHECKBOX)[1][:40]
    done = client.post(f"/consular/persons/{kazakh.pk}/transmissions/",
                       {**typed, "confirm_names": "on", "override_reason": "He asked for it (fictional)."})
    assert done.status_code == 302
    assert kazakh.transmissions.count() == 1
    assert AuditEvent.objects.filter(action="text.names.confirm").count() == 1
