"""The sources pages: upload, the review screen with escaped highlights, HTMX accept/reject, access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polon.registry.models import PersonName
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.sources.models import ReviewDecision, Source
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_upload_then_review_and_link_with_htmx(users, seed_file, media_root):
    person = create_person(actor=users["registrar"], category="civilian", names=[NameInput(text="Ермек Катыренов")])
    client = login(users["registrar"])
    upload = SimpleUploadedFile(seed_file.name, seed_file.read_bytes(), content_type="text/plain")
    response = client.post("/sources/upload/", {"files": [upload], "restriction": "internal", "lang": ""})
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sources/{source.pk}/"
    page = client.get(f"/sources/{source.pk}/").content.decode()
    assert '<mark class="hl hl-person" title="Ermek Katyrenow">Ermek Katyrenow</mark>' in page
    assert "Ермек Катыренов" in page  # the proposed link
    response = client.post(f"/sources/{source.pk}/decide/", {
        "item": "person:Ermek Katyrenow", "action": "accept", "person_id": person.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith("<article") and "review-accepted" in fragment
    assert PersonName.objects.filter(person=person, text="Ermek Katyrenow", source=source).exists()
    response = client.post(f"/sources/{source.pk}/decide/", {"item": "person:Putin", "action": "reject"},
                           HTTP_HX_REQUEST="true")
    assert "review-rejected" in response.content.decode()
    assert ReviewDecision.objects.filter(item="person:Putin", decision="rejected").exists()


def test_refusal_is_shown_in_the_fragment(users, ingested_seed):
    client = login(users["analyst"])
    # The page shows an analyst no button recording a captive; a hand-made request is refused on the item.
    response = client.post(f"/sources/{ingested_seed.pk}/decide/", {
        "item": "person:Putin", "action": "accept", "category": "civilian"}, HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'class="error"' in fragment and "may not record or change persons" in fragment
    assert not ReviewDecision.objects.exists()


def test_upload_of_a_broken_file_names_it_and_stores_nothing(users, media_root):
    client = login(users["analyst"])
    upload = SimpleUploadedFile("../../etc/broken.json", b'{"messages": [', content_type="application/json")
    response = client.post("/sources/upload/", {"files": [upload], "restriction": "internal"}, follow=True)
    page = response.content.decode()
    assert "broken.json" in page and "invalid JSON" in page and "/etc/" not in page
    assert Source.objects.count() == 0 and not any(p.is_file() for p in media_root.rglob("*"))


def test_source_text_is_escaped(users, tmp_path):
    from polon.sources.services import ingest_file

    path = tmp_path / "x.txt"
    path.write_text("<script>alert(1)</script> Der Konsul Baurzhan Begalimow traf sich in Kyiv.\n", encoding="utf-8")
    (source,) = ingest_file(actor=users["registrar"], path=path)
    page = login(users["registrar"]).get(f"/sources/{source.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize("role", ["icrc", "auditor", "liaison_kz"])
def test_roles_without_sources_get_403(users, ingested_seed, role):
    client = login(users[role])
    for url in ("/sources/", f"/sources/{ingested_seed.pk}/", f"/sources/{ingested_seed.pk}/file/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/sources/{ingested_seed.pk}/decide/",
                       {"item": "person:Putin", "action": "reject"}).status_code == 403
    assert client.post("/sources/upload/", {}).status_code == 403
    assert "/sources/" not in client.get("/persons/").content.decode()


def test_original_file_and_photo_are_served(users, telegram_export):
    from polon.sources.services import ingest_file

    sources = ingest_file(actor=users["registrar"], path=telegram_export)
    client = login(users["analyst"])
    response = client.get(f"/sources/{sources[0].pk}/file/")
    assert b"".join(response.streaming_content) == telegram_export.read_bytes()
    photo = sources[0].attachments.get()
    response = client.get(f"/sources/{sources[0].pk}/attachments/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(f"/sources/{sources[1].pk}/attachments/{photo.pk}/").status_code == 404
