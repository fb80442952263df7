"""The person page as the hub of everything about a person, and the person forms a registrar can use: links to
his rounds, consular page, transmissions, enquiries, exports, sources and audit (each only where the role may
read it, each through scoped reads); notes and correction reasons shown; citizenship added and withdrawn by
country name; corrections chosen among his own events; the person form in labelled groups; documents and
photographs attached, shown and served only within scope."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from polon.registry.models import Citizenship, PersonDocument, StatusEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.login(username=user.username, password=PASSWORD)
    return client


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def related(registry, users):
    """The Kazakh on an exchange list, told to his state, answered about in an enquiry and exported to the ICRC."""
    from polon.consular.services import record_transmission
    from polon.enquiries.services import add_reply, create_enquiry
    from polon.exchanges.models import ExchangeRound, RoundEntry
    from polon.exports.services import export_persons

    kazakh = registry["kazakh"]
    round_ = ExchangeRound.objects.create(number=31, title="Обмін через Абу-Дабі", status="agreed")
    RoundEntry.objects.create(round=round_, side="hand_over", person=kazakh, status="agreed")
    record_transmission(actor=users["registrar"], person_id=kazakh.pk, recipient="icrc_cta",
                        channel="ЦАР МКЧХ, форма повідомлення", date="2025-01-15", content="Capture notification",
                        legal_basis="GC III Art. 122")
    enquiry = create_enquiry(actor=users["registrar"], requester_kind="family", requester_name="Айгерим Катыренова",
                             sought_name="Ермек Катыренов", sought_country="KZ")
    add_reply(actor=users["registrar"], enquiry_id=enquiry.pk, text="He is recorded as held.",
              person_ids=[kazakh.pk])
    export_persons(actor=users["registrar"], kind="csv", recipient="Делегація МКЧХ у Києві",
                   legal_basis="GC III Art. 123", person_ids=[kazakh.pk])
    return {"round": round_, "enquiry": enquiry}


def test_the_page_links_to_his_rounds_transmissions_enquiries_exports(registry, users, related):
    kazakh = registry["kazakh"]
    page = login(users["registrar"]).get(f"/persons/{kazakh.pk}/").content.decode()
    assert f'href="/exchanges/{related["round"].pk}/"' in page and "Обмін через Абу-Дабі" in page
    assert "Agreed" in page and "We hand over" in page
    assert f'href="/consular/persons/{kazakh.pk}/"' in page and "ЦАР МКЧХ, форма повідомлення" in page
    assert f'href="/enquiries/{related["enquiry"].pk}/"' in page
    assert "Делегація МКЧХ у Києві" in page and "GC III Art. 123" in page  # the export that included him
    assert "?person=" not in page  # the audit log is not a registrar's


def test_what_each_role_sees_of_the_hub(registry, users, related):
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    admin = login(users["admin"]).get(f"/persons/{kazakh.pk}/").content.decode()
    assert f'/audit/?person={kazakh.pk}' in admin
    assert 'id="sources"' in admin
    liaison = login(users["liaison_kz"]).get(f"/persons/{kazakh.pk}/").content.decode()
    assert 'id="sources"' not in liaison  # a liaison does not read sources
    assert "Обмін через Абу-Дабі" in liaison and f'href="/enquiries/{related["enquiry"].pk}/"' in liaison
    assert "Делегація МКЧХ у Києві" not in liaison  # not her export
    assert "Edit identity" not in liaison and 'id="document-form"' not in liaison
    assert login(users["liaison_uz"]).get(f"/persons/{kazakh.pk}/").status_code == 404
    # The Uzbek liaison opening her own national sees none of the Kazakh's round.
    page = login(users["liaison_uz"]).get(f"/persons/{uzbek.pk}/").content.decode()
    assert "Обмін через Абу-Дабі" not in page and "Not on any exchange list." in page


def test_notes_corrections_and_separate_place_and_facility_are_shown(registry, users):
    from polon.registry.services import add_event

    kazakh = registry["kazakh"]
    captured = kazakh.events.get()
    add_event(actor=users["registrar"], person_id=kazakh.pk, type="interned", date="2024-11-10",
              place="Demo town", facility="Camp No. 2", note="Per the camp register, page 14")
    add_event(actor=users["registrar"], person_id=kazakh.pk, type="corrected", corrects_id=captured.pk,
              corrected_type="captured", date="2024-11-01", note="The unit's report gives 1 November")
    page = login(users["registrar"]).get(f"/persons/{kazakh.pk}/").content.decode()
    assert "Per the camp register, page 14" in page
    assert "The unit&#x27;s report gives 1 November" in page
    assert f'replaces <a href="#event-{captured.pk}">#{captured.pk}</a> (2024-11-02, Captured)' in page
    assert "<td>Demo town</td><td>Camp No. 2</td>" in page
    assert "<th>Place</th><th>Facility</th>" in page


def test_a_citizenship_is_added_by_country_name_and_withdrawn_with_a_reason(registry, users):
    uzbek = registry["uzbek"]
    uzbek.refresh_from_db()
    client = login(users["registrar"])
    form = client.get(f"/persons/{uzbek.pk}/citizenships/new/").content.decode()
    assert '<option value="KZ">Kazakhstan</option>' in form
    response = client.post(f"/persons/{uzbek.pk}/citizenships/new/",
                           {"country": "KZ", "provenance": "document", "as_of": "2024-12", "version": uzbek.version})
    assert response.status_code == 302
    added = Citizenship.objects.get(person=uzbek, country="KZ")
    assert added.provenance == "document" and added.as_of == "2024-12"
    assert login(users["liaison_kz"]).get(f"/persons/{uzbek.pk}/").status_code == 200  # now her national too
    # The same country and basis again: refused on the form, not a crash.
    again = client.post(f"/persons/{uzbek.pk}/citizenships/new/",
                        {"country": "KZ", "provenance": "document", "version": uzbek.version + 1})
    assert again.status_code == 200 and "already recorded" in again.content.decode()
    page = client.get(f"/persons/{uzbek.pk}/").content.decode()
    assert f"/persons/{uzbek.pk}/citizenships/{added.pk}/withdraw/" in page
    uzbek.refresh_from_db()
    refused = client.post(f"/persons/{uzbek.pk}/citizenships/{added.pk}/withdraw/",
                          {"reason": "", "version": uzbek.version})
    assert refused.status_code == 200 and Citizenship.objects.filter(pk=added.pk).exists()
    client.post(f"/persons/{uzbek.pk}/citizenships/{added.pk}/withdraw/",
                {"reason": "Документ виявився підробленим", "version": uzbek.version})
    assert not Citizenship.objects.filter(pk=added.pk).exists()
    assert login(users["liaison_kz"]).get(f"/persons/{uzbek.pk}/").status_code == 404
    assert login(users["analyst"]).post(f"/persons/{uzbek.pk}/citizenships/new/",
                                        {"country": "KZ", "provenance": "document"}).status_code == 403


def test_a_correction_is_chosen_among_his_own_events(registry, users):
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    kazakh.refresh_from_db()
    own = kazakh.events.get()
    other = uzbek.events.get()
    client = login(users["registrar"])
    form = client.get(f"/persons/{kazakh.pk}/events/new/").content.decode()
    select = re.search(r'<select name="corrects".*?</select>', form, re.S).group(0)
    assert f'value="{own.pk}"' in select and "2024-11-02 · Captured · Demo sector 3" in select
    assert f'value="{other.pk}"' not in select
    typed = client.post(f"/persons/{kazakh.pk}/events/new/", {
        "type": "corrected", "corrects": str(other.pk), "corrected_type": "", "confidence": "confirmed",
        "version": kazakh.version})
    assert typed.status_code == 200 and "Select a valid choice" in typed.content.decode()
    done = client.post(f"/persons/{kazakh.pk}/events/new/", {
        "type": "corrected", "corrects": str(own.pk), "corrected_type": "", "confidence": "confirmed",
        "note": "Recorded for the wrong person", "version": kazakh.version})
    assert done.status_code == 302
    assert StatusEvent.objects.get(person=kazakh, type="corrected").corrects_id == own.pk


def test_the_person_form_is_grouped_labelled_and_marks_what_is_required(users):
    page = login(users["registrar"]).get("/persons/new/").content.decode()
    legends = re.findall(r"<legend>(.*?)</legend>", page)
    assert legends[:6] == ["Identity", "Category and citizenship", "Service and unit", "Capture and state of health",
                           "Next of kin, correspondence and languages", "Notes and protection"]
    form = page[page.index('<form method="post" class="grid person-form"'):]
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', form)
    labelled = set(re.findall(r'<label for="([^"]+)"', form))
    assert ids and not [i for i in ids if i not in labelled]
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', form).group(0)
    assert " required" in name_input
    assert re.search(r'<label for="person-name">[^<]*<span class="required"', form)
    # Countries by their name, never an ISO code typed by hand.
    assert '<select name="power_depended"' in form and '<option value="UZ">Uzbekistan</option>' in form
    assert "ISO code" not in form


def test_recording_a_person_with_countries_by_name_and_his_capture(users):
    client = login(users["registrar"])
    response = client.post("/persons/new/", {
        "name": "Jerlan Tulegenow", "given": "Jerlan", "surname": "Tulegenow", "category": "pow", "sex": "male",
        "citizenship": ["KZ", "RU"], "citizenship_provenance": "self_declared", "power_depended": "RU",
        "captured_date": "2025-02-03", "captured_place": "Demo sector 5", "captured_facility": "Field hospital",
        "captured_health": "slightly_wounded", "confirmed_new": "on"})
    assert response.status_code == 302
    from polon.registry.models import Person

    person = Person.objects.get(names__text="Jerlan Tulegenow")
    assert sorted(person.citizenships.values_list("country", flat=True)) == ["KZ", "RU"]
    assert person.power_depended == "RU" and person.status == "held"
    event = person.events.get()
    assert (event.type, event.date, event.place, event.facility, event.health) == (
        "captured", "2025-02-03", "Demo sector 5", "Field hospital", "slightly_wounded")


def test_a_photo_is_attached_shown_and_served_only_within_scope(registry, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kazakh = registry["kazakh"]
    client = login(users["registrar"])
    response = client.post(f"/persons/{kazakh.pk}/documents/new/", {
        "kind": "photo", "title": "Фото Ермека при захопленні",
        "file": SimpleUploadedFile("ermek.jpg", jpeg(), content_type="image/jpeg")})
    assert response.status_code == 302
    document = PersonDocument.objects.get(person=kazakh)
    page = client.get(f"/persons/{kazakh.pk}/").content.decode()
    thumb = f"/persons/{kazakh.pk}/documents/{document.pk}/?size=thumbnail"
    assert f'src="{thumb}"' in page and "Фото Ермека при захопленні" in page
    served = login(users["liaison_kz"]).get(thumb)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert "sandbox" in served["Content-Security-Policy"] and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"
    assert login(users["liaison_uz"]).get(thumb).status_code == 404
    assert login(users["auditor"]).get(thumb).status_code == 403
    other = registry["uzbek"]
    assert client.get(f"/persons/{other.pk}/documents/{document.pk}/").status_code == 404


def test_a_file_that_is_not_an_image_or_pdf_is_refused_in_the_users_language(registry, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kazakh = registry["kazakh"]
    response = login(users["registrar"], "uk").post(f"/persons/{kazakh.pk}/documents/new/", {
        "kind": "identity", "title": "Паспорт",
        "file": SimpleUploadedFile("passport.pdf.exe", b"MZ\x90\x00\x03 program", content_type="application/pdf")})
    assert response.status_code == 400
    assert "PDF" in response.content.decode() and "можна долучити лише" in response.content.decode()
    assert not PersonDocument.objects.exists()


def test_removing_a_document_is_for_registrars_and_asks_why(registry, users):
    from polon.registry.services.documents import DocumentInput, add_document

    kazakh = registry["kazakh"]
    document = add_document(actor=users["registrar"], person_id=kazakh.pk, document=DocumentInput(
        kind="capture_card", title="Картка захоплення", content=b"%PDF-1.4\n%%EOF\n", file_name="card.pdf"))
    pdf = login(users["icrc"]).get(f"/persons/{kazakh.pk}/documents/{document.pk}/")
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("attachment")
    assert login(users["analyst"]).post(f"/persons/{kazakh.pk}/documents/{document.pk}/remove/",
                                        {"reason": "x"}).status_code == 403
    client = login(users["registrar"])
    assert "will be removed" in client.get(f"/persons/{kazakh.pk}/documents/{document.pk}/remove/").content.decode()
    assert client.post(f"/persons/{kazakh.pk}/documents/{document.pk}/remove/",
                       {"reason": "Чужа картка"}).status_code == 302
    assert not PersonDocument.objects.exists()


def test_the_sources_that_mention_him_are_listed_for_those_who_read_sources(registry, users):
    from polon.registry.services import add_name
    from polon.registry.services.names import NameInput
    from polon.sources.models import ReviewDecision, Source

    uzbek = registry["uzbek"]
    spelled = Source.objects.create(kind="text", title="Телеграм-канал: список полонених", text="Alisher Tursunow")
    grouped = Source.objects.create(kind="text", title="Стаття: двоє громадян Узбекистану", text="двоє громадян")
    elsewhere = Source.objects.create(kind="text", title="Стаття про інших", text="—")
    add_name(actor=users["registrar"], person_id=uzbek.pk, name=NameInput(text="Alisher Tursunow",
                                                                        source_id=spelled.pk))
    ReviewDecision.objects.create(source=grouped, item="group:0", kind="group", decision="accepted",
                                  created={"persons": [registry["dual"].pk, uzbek.pk]}, decided_by=users["analyst"])
    ReviewDecision.objects.create(source=elsewhere, item="person:0", kind="person", decision="accepted",
                                  created={"person": uzbek.pk * 100 + 1, "events": [uzbek.pk]},
                                  decided_by=users["analyst"])
    page = login(users["analyst"]).get(f"/persons/{uzbek.pk}/").content.decode()
    section = page[page.index('id="sources"'):]
    assert "Телеграм-канал: список полонених" in section and "Стаття: двоє громадян Узбекистану" in section
    assert "Стаття про інших" not in section
    assert 'id="sources"' not in login(users["icrc"]).get(f"/persons/{uzbek.pk}/").content.decode()
