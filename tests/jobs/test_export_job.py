"""A persons export larger than INLINE_PERSONS is made by a job; its file goes only to the user who asked."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from polon.cli import main
from polon.exports import services
from polon.exports.models import ExportRecord
from polon.jobs.models import Job
from polon.jobs.runner import run_pending_jobs
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


@pytest.fixture(autouse=True)
def small_inline(monkeypatch):
    monkeypatch.setattr(services, "INLINE_PERSONS", 1)


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_api_export_of_many_persons_is_a_job_with_a_file_for_its_owner_only(registry, users):
    client = login(users["liaison_kz"])
    response = client.post("/api/exports", {"kind": "csv", **PURPOSE}, content_type="application/json")
    assert response.status_code == 202 and response.json()["kind"] == "exports.persons"
    job_id = response.json()["id"]
    assert not ExportRecord.objects.exists()
    run_pending_jobs()
    done = client.get(f"/api/jobs/{job_id}").json()
    assert done["state"] == "succeeded" and done["result"]["persons"] == 2
    assert done["file_url"] == f"/api/jobs/{job_id}/file"
    content = b"".join(client.get(done["file_url"]).streaming_content).decode("utf-8-sig")
    ids = {int(row["id"]) for row in csv.DictReader(io.StringIO(content))}
    assert ids == {registry["kazakh"].pk, registry["dual"].pk}  # the liaison officer's scope, no Uzbek
    record = ExportRecord.objects.get()
    assert record.parameters["job"] == job_id and sorted(record.person_ids) == sorted(ids)
    assert login(users["registrar"]).get(done["file_url"]).status_code == 404
    assert login(users["liaison_kz"]).get(f"/jobs/{job_id}/file/").status_code == 200
    assert login(users["analyst"]).get(f"/jobs/{job_id}/file/").status_code == 404
    small = client.post("/api/exports", {"kind": "csv", "person_ids": [registry["kazakh"].pk], **PURPOSE},
                        content_type="application/json")
    assert small.status_code == 200 and small["X-Polon-Export"]  # picked persons are exported at once


def test_web_and_cli_export_of_many_persons(registry, users, tmp_path, capsys):
    client = login(users["analyst"])
    response = client.post("/exports/", {"kind": "ftm", **PURPOSE})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    run_pending_jobs()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/file/"' in page
    target = tmp_path / "all.csv"
    code = main(["--as", "registrar", "export", "csv", "--recipient", PURPOSE["recipient"], "--legal-basis",
                 PURPOSE["legal_basis"], "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "3 persons" in err and len(target.read_text(encoding="utf-8-sig").splitlines()) == 4
