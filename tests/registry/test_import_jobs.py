"""The import as a background job: POST /api/persons/import and the persons page answer with a job whose page
and GET /api/jobs/{id} show progress, then the per-line report; bad files are refused at once."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from polon.audit.models import AuditEvent
from polon.demo.person_files import render
from polon.jobs.models import Job
from polon.jobs.runner import run_pending_jobs
from polon.registry.models import Person
from tests.conftest import PASSWORD
from tests.registry.test_import_persons import PERSONS

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(content: bytes, name: str):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


AGAIN = {"names": [{"text": "Ermek Katyrenov"}], "category": "pow", "birth_date": "1991-03",
         "citizenships": [{"country": "KZ"}], "notes": "FICTIONAL DEMO RECORD"}


def test_api_import_is_202_with_a_job_whose_result_is_the_report(registry, users):
    client = login(users["registrar"])
    response = client.post("/api/persons/import", {"file": upload(render([AGAIN, *PERSONS], "csv"), "intake.csv"),
                                                   "on_duplicate": "report"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["kind"] == "persons.import" and job["state"] == "queued" and job["files"] == ["intake.csv"]
    assert job["progress"]["total"] == 4 and job["url"] == f"/jobs/{job['id']}/"
    assert not Person.objects.filter(service_number__startswith="DEMO-IMP").exists()
    run_pending_jobs()
    done = client.get(f"/api/jobs/{job['id']}").json()
    assert done["state"] == "succeeded", done
    result = done["result"]
    assert (result["persons"], result["created"], result["duplicates"], result["skipped"]) == (4, 4, 1, 0)
    assert result["report"][0]["line"] == 2 and result["report"][0]["kind"] == "duplicate"
    assert f"person {registry['kazakh'].pk}" in result["report"][0]["reason"]
    assert Person.objects.filter(pk__in=result["person_ids"]).count() == 4
    assert AuditEvent.objects.filter(action="person.create", object_id__in=map(str, result["person_ids"])).count() == 4


def test_api_refuses_a_bad_file_at_once_naming_each_line(users):
    client = login(users["registrar"])
    bad = render([{**PERSONS[0], "birth_date": "1993-13"}, PERSONS[1], {**PERSONS[2], "category": "spy"}], "jsonl")
    response = client.post("/api/persons/import", {"file": upload(bad, "bad.jsonl")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["bad.jsonl:1", "bad.jsonl:3"]
    assert errors["bad.jsonl:1"][0].startswith("birth_date: ") and errors["bad.jsonl:3"][0].startswith("category: ")
    assert not Job.objects.exists() and not Person.objects.exists()
    response = client.post("/api/persons/import", {"file": upload(b"x", "persons.txt")})
    assert response.status_code == 400 and "persons.txt:1" in response.json()["errors"]


@pytest.mark.parametrize("role", ["analyst", "liaison_kz", "icrc"])
def test_api_import_is_refused_to_roles_that_may_not_record(users, role):
    response = login(users[role]).post("/api/persons/import", {"file": upload(render(PERSONS, "jsonl"), "p.jsonl")})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_web_upload_from_the_persons_page_goes_to_the_job_page_with_the_report(registry, users):
    client = login(users["registrar"])
    page = client.get("/persons/").content.decode()
    assert 'action="/persons/import/"' in page and 'enctype="multipart/form-data"' in page
    assert 'action="/persons/import/"' not in login(users["analyst"]).get("/persons/").content.decode()
    assert login(users["analyst"]).get("/persons/import/").status_code == 403
    response = client.post("/persons/import/", {"file": upload(render([AGAIN, *PERSONS], "xlsx"), "intake.xlsx"),
                                                "on_duplicate": "skip", "check_duplicates": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert 'hx-trigger="every 1s"' in client.get(f"/jobs/{job.pk}/").content.decode()
    run_pending_jobs()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Імпорт осіб" in page and "Записано осіб" in page  # Ukrainian by default
    assert "intake.xlsx:2" in page and f"можливий дублікат особи {registry['kazakh'].pk}" in page
    assert Person.objects.filter(notes__contains="generated for tests").count() == 3  # the 4th line skipped
    assert Person.objects.filter(names__text="Ermek Katyrenov").count() == 1


def test_web_shows_a_bad_file_on_the_form(users):
    client = login(users["registrar"])
    content = "name,category,birth_date\nЕрлан Досымов,pow,1990-02-31\n".encode()
    response = client.post("/persons/import/", {"file": upload(content, "bad.csv"), "on_duplicate": "report"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert ("bad.csv:2: birth_date: &#x27;1990-02-31&#x27;: day 31 does not exist in that month"
            in response.content.decode())
    assert not Job.objects.exists() and not Person.objects.exists()


def test_a_large_file_is_checked_by_its_job_whose_page_lists_the_errors(users, monkeypatch):
    from polon.registry.services import imports

    monkeypatch.setattr(imports, "CHECK_AT_ONCE_BYTES", 10)
    client = login(users["registrar"])
    bad = render([PERSONS[0], {**PERSONS[1], "birth_date": "1990-13"}], "jsonl")
    response = client.post("/api/persons/import", {"file": upload(bad, "big.jsonl")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 202 and response.json()["progress"]["total"] is None
    run_pending_jobs()
    job = client.get(f"/api/jobs/{response.json()['id']}").json()
    assert job["state"] == "failed" and list(job["result"]["errors"]) == ["big.jsonl:2"]
    assert job["result"]["errors"]["big.jsonl:2"][0].startswith("birth_date: ")
    assert "big.jsonl:2: birth_date: " in client.get(job["url"]).content.decode()
    assert not Person.objects.exists()


def test_cli_no_wait_checks_the_file_queues_the_import_and_a_worker_writes_it(users, tmp_path, capsys):
    from polon.cli import main

    path = tmp_path / "persons.jsonl"
    path.write_bytes(render(PERSONS, "jsonl"))
    assert main(["--as", "registrar", "import", "persons", str(path), "--no-wait", "--json"]) == 0
    out, err = capsys.readouterr()
    job = Job.objects.get(kind="persons.import")
    assert f"job {job.pk} queued" in err and f'"job": {job.pk}' in out
    assert not Person.objects.exists()  # queued, not written
    run_pending_jobs()
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result["created"] == 3 and Person.objects.count() == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"names": [], "category": "pow"}\n', encoding="utf-8")
    assert main(["--as", "registrar", "import", "persons", str(bad), "--no-wait"]) == 2  # refused at once
    assert "names: a person needs at least one name" in capsys.readouterr().err
    assert Job.objects.filter(kind="persons.import").count() == 1
