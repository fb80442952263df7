"""Retention of job files (polon.jobs.retention): inputs go when a job succeeds, or some days after it failed;
the file a job made goes some days after it was made or downloaded; what is gone reads as expired (410 in API
and web, an error in the CLI), never as a broken download; the API never shows where the server keeps files."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from polon.audit.models import AuditEvent
from polon.cli import main
from polon.core import files
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.exports import services as exports
from polon.jobs.models import Job, JobFile, JobState
from polon.jobs.retention import purge_expired
from polon.jobs.runner import run_pending_jobs
from polon.jobs.services import enqueue_job, rerun_job
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


def login(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def stored(job: Job) -> list:
    return [files.absolute(f.stored_path) for f in job.files.exclude(stored_path="")]


def test_inputs_of_a_job_that_succeeded_are_deleted_at_once_and_audited(users, counting_kind):
    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 2},
                      files=[("their-list.csv", b"name\nRetention Succeeded\n")])
    [path] = stored(job)
    assert path.is_file()
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.inputs_deleted_at is not None
    assert not path.exists()
    row = job.files.get()
    assert row.stored_path == "" and row.name == "their-list.csv" and row.sha256  # what it was, not where
    event = AuditEvent.objects.get(action="job.purge", object_id=str(job.pk))
    assert json.loads(event.changes)["before"]["inputs"] == [["their-list.csv", row.sha256]]
    with translation.override("en"), pytest.raises(ValidationFailed, match="input files were deleted"):
        rerun_job(actor=users["analyst"], job_id=job.pk)


def test_an_input_shared_with_a_source_stays_in_the_store(users, counting_kind):
    from polon.sources.models import Source

    content = b"name\nRetention Shared\n"
    kept = files.store_bytes(content)
    Source.objects.create(kind="news_article", sha256=kept.sha256, stored_path=kept.stored_path,
                          original_name="shared.csv", created_by=users["analyst"])
    enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 1}, files=[("shared.csv", content)])
    run_pending_jobs()
    assert not JobFile.objects.exclude(stored_path="").exists()
    assert files.absolute(kept.stored_path).is_file()


def test_inputs_of_a_failed_job_are_kept_for_a_rerun_then_deleted(users, counting_kind, settings):
    settings.POLON_JOB_INPUTS_KEEP_DAYS_FAILED = 7
    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 4, "fail_at": 1},
                      files=[("bad.csv", b"name\nRetention Failed\n")])
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    [path] = stored(job)
    assert purge_expired(now=timezone.now() + timedelta(days=6)).inputs == []
    assert path.is_file()
    report = purge_expired(now=job.finished_at + timedelta(days=7, seconds=1))
    assert report.inputs == [(job.pk, "bad.csv", job.files.get().sha256)] and report.removed == 1
    assert not path.exists()
    job.refresh_from_db()
    assert job.inputs_deleted_at is not None
    page = login(users["analyst"]).get(f"/jobs/{job.pk}/").content.decode()
    assert "retention period ended" in page and f'action="/jobs/{job.pk}/rerun/"' not in page
    assert purge_expired(now=timezone.now() + timedelta(days=30)).jobs == []  # nothing twice


def test_a_queued_or_running_job_keeps_its_inputs(users, counting_kind):
    job = enqueue_job(actor=users["analyst"], kind="tests.count", files=[("q.csv", b"name\nRetention Queued\n")])
    assert purge_expired(now=timezone.now() + timedelta(days=365)).jobs == []
    assert stored(job)[0].is_file()


@pytest.fixture
def export_job(registry, users, monkeypatch):
    monkeypatch.setattr(exports, "INLINE_PERSONS", 1)
    client = login(users["liaison_kz"])
    response = client.post("/api/exports", {"kind": "csv", **PURPOSE}, content_type="application/json")
    assert response.status_code == 202
    run_pending_jobs()
    return Job.objects.get(pk=response.json()["id"]), client


def test_the_api_shows_the_file_by_name_and_size_never_its_server_path(export_job, settings):
    job, client = export_job
    body = client.get(f"/api/jobs/{job.pk}")
    text = body.content.decode()
    assert "stored_path" not in text and str(settings.MEDIA_ROOT) not in text and "sha256/" not in text
    data = body.json()
    output = data["output"]
    assert output["filename"].endswith(".csv") and output["size"] == data["result"]["size"] > 0
    assert output["available"] and output["deleted_at"] is None
    assert output["expires_at"] and data["file_url"] == f"/api/jobs/{job.pk}/file"
    listing = client.get("/api/jobs").content.decode()
    assert "stored_path" not in listing
    out = main(["--as", "liaison_kz", "job", "show", str(job.pk), "--json"])
    assert out == 0


def test_the_file_a_job_made_expires_after_its_download_and_then_answers_410(export_job, users, settings,
                                                                            tmp_path, capsys):
    settings.POLON_JOB_OUTPUT_KEEP_DAYS, settings.POLON_JOB_OUTPUT_KEEP_DAYS_AFTER_DOWNLOAD = 7, 1
    job, client = export_job
    path = files.absolute(job.result["file"]["stored_path"])
    assert purge_expired(now=timezone.now() + timedelta(hours=23)).outputs == []
    download = client.get(f"/api/jobs/{job.pk}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content)
    job.refresh_from_db()
    assert job.output_downloaded_at is not None
    assert AuditEvent.objects.filter(action="job.download", object_id=str(job.pk)).count() == 1
    report = purge_expired(now=job.output_downloaded_at + timedelta(days=1, seconds=1))
    assert [o[0] for o in report.outputs] == [job.pk] and report.inputs == []
    assert not path.exists()
    job.refresh_from_db()
    assert job.output_deleted_at is not None and "stored_path" not in job.result["file"]

    data = client.get(f"/api/jobs/{job.pk}").json()
    assert data["file_url"] is None and data["output"]["available"] is False and data["output"]["deleted_at"]
    gone = client.get(f"/api/jobs/{job.pk}/file")
    assert gone.status_code == 410 and "was deleted on" in gone.json()["detail"]
    web = login(users["liaison_kz"], "uk")
    page = web.get(f"/jobs/{job.pk}/file/")
    assert page.status_code == 410
    assert "Зробіть експорт ще раз" in page.content.decode() and "Make the export" not in page.content.decode()
    detail = web.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/file/"' not in detail and "Строк зберігання файлу" in detail
    assert login(users["analyst"]).get(f"/api/jobs/{job.pk}/file").status_code == 404  # not hers: no such job
    code = main(["--as", "liaison_kz", "job", "file", str(job.pk), "-o", str(tmp_path / "x.csv")])
    assert code == 2 and "was deleted on" in capsys.readouterr().err and not (tmp_path / "x.csv").exists()


def test_the_file_a_job_made_expires_after_the_keep_days_even_if_never_downloaded(export_job, settings):
    settings.POLON_JOB_OUTPUT_KEEP_DAYS = 7
    job, _client = export_job
    assert purge_expired(now=job.finished_at + timedelta(days=6)).outputs == []
    assert len(purge_expired(now=job.finished_at + timedelta(days=7, seconds=1)).outputs) == 1


def test_rerunning_an_export_replaces_its_file(export_job, users):
    job, client = export_job
    old = files.absolute(job.result["file"]["stored_path"])
    from polon.registry.services import create_person
    from polon.registry.services.names import NameInput
    from polon.registry.services.persons import CitizenshipInput

    create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Retention Newcomer")],
                  citizenships=[CitizenshipInput(country="KZ", provenance="document")])
    assert client.post(f"/api/jobs/{job.pk}/rerun").status_code == 202
    assert not old.exists()
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.result["persons"] == 3
    assert client.get(f"/api/jobs/{job.pk}/file").status_code == 200


def test_polon_job_purge_is_for_administrators_and_lists_what_it_deleted(export_job, users, settings, capsys):
    settings.POLON_JOB_OUTPUT_KEEP_DAYS = 0
    job, _client = export_job
    with pytest.raises(PermissionDenied):
        purge_expired(actor=users["registrar"])
    assert main(["--as", "registrar", "job", "purge"]) == 2
    capsys.readouterr()
    assert main(["--as", "admin", "job", "purge", "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["jobs"] == [job.pk] and dry["removed"] == 0
    job.refresh_from_db()
    assert job.output_deleted_at is None
    assert main(["--as", "admin", "job", "purge"]) == 0
    captured = capsys.readouterr()
    assert f"job {job.pk}: deleted the file it made" in captured.out and "1 removed" in captured.err
    event = AuditEvent.objects.get(action="job.purge", object_id=str(job.pk))
    assert event.actor == "admin" and json.loads(event.changes)["before"]["output"][0].endswith(".csv")


def test_export_no_wait_returns_at_once_and_job_file_writes_it_later(registry, users, monkeypatch, tmp_path,
                                                                     capsys):
    monkeypatch.setattr(exports, "INLINE_PERSONS", 1)
    target = tmp_path / "later.csv"
    code = main(["--as", "registrar", "export", "csv", "--no-wait", "--recipient", PURPOSE["recipient"],
                 "--legal-basis", PURPOSE["legal_basis"], "-o", str(target)])
    job = Job.objects.get()
    assert code == 0 and f"job {job.pk} queued" in capsys.readouterr().err
    assert job.state == JobState.QUEUED and not target.exists()
    run_pending_jobs()
    assert main(["--as", "registrar", "job", "file", str(job.pk), "-o", str(target)]) == 0
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) == 4


def test_a_running_worker_deletes_what_has_expired(users, counting_kind, settings, monkeypatch):
    from django.db import connections

    from polon.jobs.runner import PolonWorker

    settings.POLON_JOB_INPUTS_KEEP_DAYS_FAILED = 0
    job = enqueue_job(actor=users["analyst"], kind="tests.count", params={"count": 3, "fail_at": 0},
                      files=[("w.csv", b"name\nRetention Worker\n")])
    run_pending_jobs()
    [path] = stored(job)
    worker = PolonWorker(interval=0.1, max_tasks=0)
    # One round of the worker's beat, here in the test's transaction (its own thread would not see the job).
    monkeypatch.setattr(connections, "close_all", lambda: None)
    monkeypatch.setattr(worker.stopped, "wait", lambda timeout=None: worker.stopped.set())
    worker._beat()
    job.refresh_from_db()
    assert job.inputs_deleted_at is not None and not path.exists()
    assert AuditEvent.objects.filter(action="job.purge", object_id=str(job.pk)).exists()
