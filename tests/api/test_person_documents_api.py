"""Documents and citizenships of a person over the API, under the same policies and scope as the pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polon.accounts.services import create_api_token
from polon.registry.models import PersonDocument

pytestmark = pytest.mark.django_db


def client_of(users, name: str) -> Client:
    secret = create_api_token(actor=users["admin"], user=users[name], name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 300), (250, 250, 250)).save(out, format="PNG")
    return out.getvalue()


def test_upload_list_download_and_remove_a_document(registry, users):
    kazakh = registry["kazakh"]
    registrar = client_of(users, "registrar")
    created = registrar.post(f"/api/persons/{kazakh.pk}/documents", {
        "kind": "identity", "title": "Посвідчення військовослужбовця Ермека",
        "file": SimpleUploadedFile("military-id.png", png(), content_type="image/png")})
    assert created.status_code == 201, created.content
    document = created.json()
    assert document["content_type"] == "image/png" and document["has_thumbnail"]
    assert document["uploaded_by"] == "registrar"

    liaison = client_of(users, "liaison_kz")
    listed = liaison.get(f"/api/persons/{kazakh.pk}/documents").json()
    assert [d["title"] for d in listed] == ["Посвідчення військовослужбовця Ермека"]
    assert listed[0]["source_id"] is None
    thumb = liaison.get(f"/api/persons/{kazakh.pk}/documents/{document['id']}/file?thumbnail=true")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    full = liaison.get(f"/api/persons/{kazakh.pk}/documents/{document['id']}/file")
    assert b"".join(full.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"

    other = client_of(users, "liaison_uz")
    assert other.get(f"/api/persons/{kazakh.pk}/documents").status_code == 404
    assert other.get(f"/api/persons/{kazakh.pk}/documents/{document['id']}/file").status_code == 404
    assert liaison.post(f"/api/persons/{kazakh.pk}/documents/{document['id']}/remove", json.dumps({"reason": "x"}),
                        content_type="application/json").status_code == 403

    removed = registrar.post(f"/api/persons/{kazakh.pk}/documents/{document['id']}/remove",
                             json.dumps({"reason": "Документ іншої особи"}), content_type="application/json")
    assert removed.status_code == 200 and removed.json() == []
    assert not PersonDocument.objects.exists()


def test_an_upload_that_is_not_an_image_or_pdf_is_a_400_naming_why(registry, users):
    answer = client_of(users, "registrar").post(f"/api/persons/{registry['uzbek'].pk}/documents", {
        "kind": "photo", "file": SimpleUploadedFile("photo.jpg", b"GIF89a not accepted", content_type="image/jpeg")})
    assert answer.status_code == 400
    assert "only photographs (JPEG, PNG or WebP) and PDF files" in answer.json()["errors"]["file"][0]


def test_citizenship_added_and_withdrawn_over_the_api(registry, users):
    uzbek = registry["uzbek"]
    registrar = client_of(users, "registrar")
    added = registrar.post(f"/api/persons/{uzbek.pk}/citizenships",
                           json.dumps({"country": "KZ", "provenance": "confirmed", "as_of": "2025-01"}),
                           content_type="application/json")
    assert added.status_code == 201, added.content
    row = added.json()
    assert (row["country"], row["provenance"], row["as_of"]) == ("KZ", "confirmed", "2025-01")
    assert client_of(users, "liaison_kz").get(f"/api/persons/{uzbek.pk}").status_code == 200
    refused = registrar.post(f"/api/persons/{uzbek.pk}/citizenships/{row['id']}/withdraw",
                             json.dumps({"reason": ""}), content_type="application/json")
    assert refused.status_code == 400
    done = registrar.post(f"/api/persons/{uzbek.pk}/citizenships/{row['id']}/withdraw",
                          json.dumps({"reason": "Державою не підтверджено"}), content_type="application/json")
    assert done.status_code == 200 and [c["country"] for c in done.json()] == ["UZ"]
    assert client_of(users, "liaison_kz").get(f"/api/persons/{uzbek.pk}").status_code == 404
