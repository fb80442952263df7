"""`polon ingest`, `polon sources list|show|verify` and the /api/sources operations."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polon.audit.models import AuditEvent
from polon.cli import main
from polon.core import files
from polon.registry.models import PersonName
from polon.registry.services import create_person
from polon.registry.services.names import NameInput
from polon.sources.models import ReviewDecision, Source
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_many_files_reports_each_and_keeps_going(users, seed_file, telegram_export, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"messages": [1,', encoding="utf-8")
    code, out, err = run(capsys, "--as", "analyst", "ingest", str(seed_file), str(bad), str(telegram_export))
    assert code == 1
    assert f"{bad}, line 1: invalid JSON" in err and "nothing of this file was stored" in err
    assert "Ukraine tauscht Kasachen aus" in out
    assert "2 of 3 file(s) ingested, 1 failed" in err
    assert Source.objects.count() == 4
    code, out, err = run(capsys, "--as", "analyst", "ingest", "--json", str(seed_file))
    assert code == 0
    (entry,) = json.loads(out)
    assert entry["created"] == [] and entry["existing"] == [Source.objects.get(item="").pk]


def test_ingest_a_folder_reads_documents_not_photos(users, telegram_export, capsys):
    code, out, err = run(capsys, "--as", "registrar", "ingest", "--no-progress", str(telegram_export.parent))
    assert code == 0, err
    assert Source.objects.count() == 3


def test_ingest_needs_a_source_writer(users, seed_file, capsys):
    code, _, err = run(capsys, "--as", "icrc", "ingest", str(seed_file))
    assert code == 2 and "may not add or review sources" in err and Source.objects.count() == 0


def test_sources_list_show_and_verify(users, seed_file, capsys):
    run(capsys, "--as", "registrar", "ingest", "--no-progress", str(seed_file))
    source = Source.objects.get()
    code, out, _ = run(capsys, "--as", "analyst", "sources", "list", "--json")
    assert [r["title"] for r in json.loads(out)] == ["Ukraine tauscht Kasachen aus"]
    code, out, _ = run(capsys, "--as", "analyst", "sources", "show", str(source.pk), "--json")
    shown = json.loads(out)
    assert shown["extraction"]["author"] == "Vitaly Portnikov"
    assert {"item": "person:Putin", "status": "pending", "outcome": "", "created": {}} in shown["review"]
    assert shown["undecided"] == 9
    code, out, _ = run(capsys, "--as", "analyst", "sources", "queue")
    assert code == 0 and f"{source.pk:>6}    9 undecided  Ukraine tauscht Kasachen aus" in out
    code, out, _ = run(capsys, "--as", "liaison_kz", "sources", "show", str(source.pk))
    assert code == 4
    code, out, _ = run(capsys, "sources", "verify")
    assert code == 0 and "1 stored file(s) checked, 0 changed" in out
    path = files.absolute(source.stored_path)
    path.chmod(0o644)
    path.write_text("tampered", encoding="utf-8")
    code, out, err = run(capsys, "sources", "verify")
    assert code == 1 and f"CHANGED {source.stored_path} (source {source.pk})" in out


def api(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_api_upload_read_and_review(users, seed_file):
    person = create_person(actor=users["registrar"], category="civilian", names=[NameInput(text="Ермек Катыренов")])
    client = api(users["registrar"])
    upload = SimpleUploadedFile(seed_file.name, seed_file.read_bytes())
    response = client.post("/api/sources", {"file": upload, "restriction": "internal"})
    assert response.status_code == 201, response.content
    body = response.json()
    (source_id,) = body["created"]
    assert body["sources"][0]["title"] == "Ukraine tauscht Kasachen aus"
    again = client.post("/api/sources", {"file": SimpleUploadedFile("x.txt", seed_file.read_bytes())}).json()
    assert again["created"] == [] and again["existing"] == [source_id]
    assert [s["id"] for s in client.get("/api/sources").json()] == [source_id]
    detail = client.get(f"/api/sources/{source_id}").json()
    assert detail["author"] == "Vitaly Portnikov" and detail["published"] == "2025-04-22"
    extraction = client.get(f"/api/sources/{source_id}/extraction").json()
    assert len(extraction["persons"]) == 5 and extraction["language"] == "de"
    review = client.get(f"/api/sources/{source_id}/review", {"pending": True}).json()
    ermek = next(i for i in review if i["item"] == "person:Ermek Katyrenow")
    assert ermek["proposals"][0]["person_id"] == person.pk and ermek["proposals"][0]["explanation"]
    response = client.post(f"/api/sources/{source_id}/review/accept", {
        "item": "person:Ermek Katyrenow", "person_id": person.pk}, content_type="application/json")
    assert response.status_code == 201 and response.json()["created"]["person"] == person.pk
    assert PersonName.objects.filter(person=person, text="Ermek Katyrenow", source_id=source_id).exists()
    response = client.post(f"/api/sources/{source_id}/review/reject", {"item": "person:Putin"},
                           content_type="application/json")
    assert response.status_code == 201
    response = client.post(f"/api/sources/{source_id}/review/reject", {"item": "person:Putin"},
                           content_type="application/json")
    assert response.status_code == 400 and "уже ухвалено рішення" in response.json()["detail"]  # Ukrainian by default
    response = client.post(f"/api/sources/{source_id}/review/accept", {"item": "person:Nobody"},
                           content_type="application/json")
    assert response.status_code == 404


def test_api_broken_upload_is_400_and_stores_nothing(users, media_root):
    client = api(users["analyst"])
    response = client.post("/api/sources", {"file": SimpleUploadedFile("bad.pdf", b"%PDF-1.4 garbage")})
    assert response.status_code == 400
    assert "bad.pdf" in response.json()["detail"]
    assert Source.objects.count() == 0 and AuditEvent.objects.filter(action="source.ingest").count() == 0
    assert not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize("role", ["icrc", "auditor", "liaison_kz"])
def test_api_refuses_roles_without_sources(users, ingested_seed, role):
    client = api(users[role])
    assert client.get("/api/sources").status_code == 403
    assert client.get(f"/api/sources/{ingested_seed.pk}").status_code == 403
    assert client.get(f"/api/sources/{ingested_seed.pk}/extraction").status_code == 403
    assert client.post(f"/api/sources/{ingested_seed.pk}/review/reject", {"item": "person:Putin"},
                       content_type="application/json").status_code == 403
    assert not ReviewDecision.objects.exists()
