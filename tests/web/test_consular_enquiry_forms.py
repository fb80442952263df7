"""The consular and enquiry forms choose persons by name or record number (the person picker) and states by their
name: a bad or out-of-scope number is said on the form, which keeps everything typed, never a bare 404; and a
liaison officer scoped to Kazakhstan works the consular pages end to end."""

from __future__ import annotations

import pytest
from django.test import Client

from polon.consular.models import ConsularContact
from polon.enquiries.models import Enquiry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def logged_in(user) -> Client:
    client = Client(**EN)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_liaison_for_kazakhstan_records_a_contact_choosing_persons_by_name_and_number(registry, users):
    client = logged_in(users["liaison_kz"])
    kazakh, uzbek, dual = registry["kazakh"], registry["uzbek"], registry["dual"]
    assert "Kazakhstan" in client.get("/countries/").content.decode()
    assert client.get("/countries/KZ/").status_code == 200
    form = client.get("/consular/contacts/new/").content.decode()
    assert '<option value="KZ" selected>Kazakhstan</option>' in form
    assert 'value="UZ"' not in form and 'name="persons"' in form

    typed = {"country": "KZ", "date": "2025-04-21", "place": "Астана, МИД", "kind": "meeting",
             "topics": "repatriation", "persons": f"Ermek Katyrenov\n№ {uzbek.pk}"}
    refused = client.post("/consular/contacts/new/", typed)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert f"There is no person with record number {uzbek.pk}." in page
    assert "Астана, МИД" in page and "Ermek Katyrenov" in page  # everything typed is kept
    assert not ConsularContact.objects.exists()

    refused = client.post("/consular/contacts/new/", {**typed, "country": "UZ", "persons": "Ermek Katyrenov"})
    assert refused.status_code == 400 and "You record contacts with Kazakhstan only." in refused.content.decode()

    done = client.post("/consular/contacts/new/", {**typed, "persons": f"Ермек Катыренов\n№ {dual.pk}"})
    assert done.status_code == 302
    contact = ConsularContact.objects.get()
    assert contact.country == "KZ" and {p.pk for p in contact.persons.all()} == {kazakh.pk, dual.pk}
    detail = client.get(done["Location"]).content.decode()
    assert "Kazakhstan" in detail and "Ермек Болатович Катыренов" in detail
    assert "Kazakhstan" in client.get("/consular/contacts/").content.decode()


def test_a_liaison_for_kazakhstan_works_a_persons_consular_page(registry, users):
    client = logged_in(users["liaison_kz"])
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    assert client.get(f"/consular/persons/{uzbek.pk}/").status_code == 404
    page = client.get(f"/consular/persons/{kazakh.pk}/").content.decode()
    assert '<option value="KZ" selected>Kazakhstan</option>' in page  # the proceedings form's state
    for field in ("objection-scope", "objection-statement", "afterreturn-place", "afterreturn-country",
                  "proceeding-article", "proceeding-stage", "proceeding-sentence"):
        assert f'<label for="{field}">' in page, field  # every input labelled, none by a placeholder alone
    url = f"/consular/persons/{kazakh.pk}/"
    sent = client.post(url + "transmissions/", {"recipient": "state", "country": "KZ",
                                                 "channel": "note verbale", "date": "2025-04-22",
                                                 "content": "capture card", "legal_basis": "GC III Art. 122"})
    assert sent.status_code == 302
    again = client.get(url).content.decode()
    if "Reason for sending despite the warning" in again:  # the state's law warned: give the reason and send
        sent = client.post(url + "transmissions/", {
            "recipient": "state", "country": "KZ", "channel": "note verbale", "date": "2025-04-22",
            "content": "capture card", "legal_basis": "GC III Art. 122",
            "override_reason": "он сам просил сообщить семье"})
        assert sent.status_code == 302
    assert kazakh.transmissions.count() == 1
    assert client.post(url + "objections/", {"scope": "state", "date": "2025-04-23",
                                              "statement": "не сообщать в Казахстан"}).status_code == 302
    assert client.post(url + "after-return/", {"date": "2025-06-01", "country": "KZ", "place": "Алматы",
                                                "note": "returned home"}).status_code == 302
    assert client.post(url + "proceedings/", {"country": "KZ", "article": "172 УК РК", "stage": "unknown",
                                               "date": "2025-07", "sentence": "", "note": ""}).status_code == 302
    refused = client.post(url + "proceedings/", {"country": "XX", "article": "172 УК РК", "stage": "unknown"})
    assert refused.status_code == 400 and "172 УК РК" in refused.content.decode()
    page = client.get(url).content.decode()
    assert page.count("Kazakhstan") >= 3 and "Алматы" in page and "172 УК РК" in page


def test_enquiry_states_by_name_and_reply_persons_by_picker(registry, users):
    client = logged_in(users["liaison_kz"])
    form = client.get("/enquiries/new/").content.decode()
    assert '<option value="KZ"' in form and 'value="UZ"' not in form
    done = client.post("/enquiries/new/", {"requester_kind": "family", "requester_name": "Айгүл Катыренова",
                                           "sought_name": "Ермек Катыренов", "sought_country": "KZ"})
    assert done.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.sought_country == "KZ"
    page = client.get(done["Location"]).content.decode()
    assert "Kazakhstan" in page and 'name="persons"' in page

    uzbek = registry["uzbek"]
    refused = client.post(f"/enquiries/{enquiry.pk}/reply/", {"text": "Он содержится у нас.",
                                                               "persons": f"№ {uzbek.pk}"})
    page = refused.content.decode()
    assert refused.status_code == 400 and f"There is no person with record number {uzbek.pk}." in page
    assert "Он содержится у нас." in page and not enquiry.replies.exists()
    replied = client.post(f"/enquiries/{enquiry.pk}/reply/", {"text": "Он содержится у нас.",
                                                               "persons": "Ermek Katyrenov"})
    assert replied.status_code == 302
    assert [p.pk for p in enquiry.replies.get().persons.all()] == [registry["kazakh"].pk]
