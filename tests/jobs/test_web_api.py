"""The web and the API answer at once with the job; its page and GET /api/jobs/{id} follow it; nobody but its
owner (and administrators) sees it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from polon.exchanges import services as exchanges
from polon.exchanges.models import ListRow
from polon.jobs.models import Job, JobFile
from polon.jobs.runner import run_pending_jobs
from polon.sources.models import Source
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LIST = b"name,birth_date\nAlischer Tursunow,1988-07-14\nErmek Katyrenov,\nNobody Atall,\n"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def round_(users):
    return exchanges.create_round(actor=users["registrar"], number=9, title="Jobs round")


def upload(content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_web_reconcile_returns_at_once_and_the_job_page_follows_it(registry, users, round_):
    client = login(users["analyst"])
    response = client.post(f"/exchanges/{round_.pk}/lists/", {"side": "hand_over", "file": upload(LIST, "l.csv")})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == "queued" and job.kind == "exchanges.reconcile" and not ListRow.objects.exists()
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200 and 'hx-trigger="every 1s"' in page.content.decode()
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"')

    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == "succeeded" and ListRow.objects.count() == 3
    assert job.result["matched"] == 2 and job.result["unknown"] == 1 and job.result["created"] == 3
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/exchanges/{round_.pk}/"' in page and "every 1s" not in page
    assert "Звірка списку іншої сторони" in page  # Ukrainian by default
    assert f"/jobs/{job.pk}/" in client.get("/jobs/").content.decode()


def test_api_reconcile_is_202_with_the_job_and_get_job_follows_it(registry, users, round_):
    client = login(users["registrar"])
    response = client.post(f"/api/exchanges/{round_.pk}/lists", {"side": "hand_over",
                                                                 "file": upload(LIST, "their.csv")})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "queued" and body["kind"] == "exchanges.reconcile"
    assert body["progress"] == {"done": 0, "total": 3, "percent": 0} and body["files"] == ["their.csv"]
    assert client.get(f"/api/jobs/{body['id']}").json()["state"] == "queued"
    run_pending_jobs()
    done = client.get(f"/api/jobs/{body['id']}").json()
    assert done["state"] == "succeeded" and done["result"]["matched"] == 2
    assert done["result_url"] == f"/exchanges/{round_.pk}/" and done["url"] == f"/jobs/{body['id']}/"
    rows = client.get(f"/api/exchanges/{round_.pk}/lists").json()
    assert {r["person_id"] for r in rows} >= {registry["uzbek"].pk, registry["kazakh"].pk}
    assert [j["id"] for j in client.get("/api/jobs").json()] == [body["id"]]
    # The list held personal data: it went from the file store as the job succeeded, so it cannot run again.
    assert done["inputs_deleted_at"] and done["files"] == ["their.csv"]
    assert not JobFile.objects.exclude(stored_path="").exists()
    rerun = client.post(f"/api/jobs/{body['id']}/rerun", HTTP_ACCEPT_LANGUAGE="en")
    assert rerun.status_code == 400 and "input files were deleted" in rerun.json()["detail"]
    # A file that is not a list at all is refused at once, naming the line; nothing is queued. (A list's
    # unreadable lines are kept for correction instead: tests/exchanges/test_list_outcomes.py.)
    bad = client.post(f"/api/exchanges/{round_.pk}/lists", {"side": "hand_over",
                                                            "file": upload(b"surname\nX\n", "cols.csv")})
    assert bad.status_code == 400 and "cols.csv:line 1" in bad.content.decode()
    assert Job.objects.count() == 1


def test_a_user_cannot_see_another_users_job(registry, users, round_):
    client = login(users["analyst"])
    client.post(f"/exchanges/{round_.pk}/lists/", {"side": "hand_over", "file": upload(LIST, "l.csv")})
    job = Job.objects.get()
    for name in ("registrar", "liaison_kz", "auditor"):
        other = login(users[name])
        assert other.get(f"/jobs/{job.pk}/").status_code == 404, name
        assert other.get(f"/api/jobs/{job.pk}").status_code == 404, name
        assert other.post(f"/jobs/{job.pk}/rerun/").status_code == 404, name
        assert other.post(f"/api/jobs/{job.pk}/rerun").status_code == 404, name
        assert other.get("/api/jobs").json() == [], name
        assert f"/jobs/{job.pk}/" not in other.get("/jobs/").content.decode()
    assert login(users["admin"]).get(f"/api/jobs/{job.pk}").json()["created_by"] == "analyst"
    assert Client().get(f"/api/jobs/{job.pk}").status_code == 401


def test_many_or_large_uploads_are_ingested_by_a_job(users, monkeypatch):
    monkeypatch.setattr("polon.api.sources.INLINE_BYTES", 100)
    monkeypatch.setattr("polon.web.views.sources.INLINE_BYTES", 100)
    text = "Der Konsul Baurzhan Begalimow traf sich in Kyiv mit Vertretern des Roten Kreuzes. " * 3
    client = login(users["analyst"])
    files = [SimpleUploadedFile("a.txt", text.encode()), SimpleUploadedFile("b.txt", (text + "Zwei.").encode()),
             SimpleUploadedFile("broken.json", b'{"messages": [')]
    response = client.post("/sources/upload/", {"files": files, "restriction": "internal"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert not Source.objects.exists() and job.progress_total == 3
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result["ingested"] == 2 and job.result["failed"] == 1
    assert Source.objects.count() == 2 and sorted(Source.objects.values_list("original_name", flat=True)) == [
        "a.txt", "b.txt"]
    failed = next(f for f in job.result["files"] if not f["ok"])
    assert failed["file"] == "broken.json" and "invalid JSON" in failed["error"]
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "broken.json" in page and "invalid JSON" in page

    api = client.post("/api/sources", {"file": SimpleUploadedFile("c.txt", (text + "Drei.").encode())})
    assert api.status_code == 202 and api.json()["kind"] == "sources.ingest"
    run_pending_jobs()
    done = client.get(f"/api/jobs/{api.json()['id']}").json()
    (source_id,) = done["result"]["created"]
    assert done["result_url"] == f"/sources/{source_id}/"
    small = client.post("/api/sources", {"file": SimpleUploadedFile("d.txt", b"Kyiv.")})
    assert small.status_code == 201  # a small file is still read at once


def test_interrupted_jobs_are_found_and_can_be_rerun(users, counting_kind, settings):
    from polon.jobs.services import enqueue_job, recover_stale_jobs, rerun_job

    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 4})
    Job.objects.filter(pk=job.pk).update(state="running", runner="elsewhere:1", checkpoint={"next": 2},
                                         heartbeat_at="2020-01-01T00:00:00Z")
    assert [j.pk for j in recover_stale_jobs()] == [job.pk]
    job.refresh_from_db()
    assert job.state == "failed" and job.interrupted
    page = login(users["analyst"]).get(f"/jobs/{job.pk}/").content.decode()
    assert f'action="/jobs/{job.pk}/rerun/"' in page
    rerun_job(actor=users["analyst"], job_id=job.pk)
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result == {"counted": 2} and counting_kind == [2, 3]
