"""A full disk on every channel: the web answers a page saying so (507), the API its JSON error (507), the command
line one line without a traceback — and nothing is changed: the write's transaction is rolled back, and a stored
file is never left half-written.

The database's full disk is its driver's error on every write (reads still work); the file store's is the
operating system's ENOSPC on write. (SQLite rolls a whole transaction back on SQLITE_FULL, so the test database,
which holds each test in one transaction, cannot be filled for real.)"""

from __future__ import annotations

import errno
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(users) -> dict[str, str]:
    """Each role's API token, written while there is room."""
    from polon.accounts.services import create_api_token

    return {role: create_api_token(actor=users[role], user=users[role], name="disk") for role in ("admin",)}


@pytest.fixture
def full_database(tokens, registry):
    """From here on every write meets SQLite's SQLITE_FULL, as the driver reports it ("database or disk is
    full"), while reads still work: what a request finds when the database's disk has filled up."""

    def no_room(execute, sql, params, many, context):
        if sql.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE"):
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(no_room):
        yield


def test_api_write_on_a_full_disk_is_507_json_and_writes_nothing(tokens, full_database):
    from polon.registry.models import Person, PersonName

    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['admin']}", HTTP_ACCEPT_LANGUAGE="en")
    persons, names = Person.objects.count(), PersonName.objects.count()
    response = client.post("/api/persons", json.dumps({
        "category": "pow", "names": [{"text": "Нұрсұлтан Әбдіқадыров " + "ұ" * 250}],
        "citizenships": [{"country": "KZ"}], "notes": "FICTIONAL " * 400}), content_type="application/json")
    assert response.status_code == 507, response.content[:400]
    body = response.json()
    assert set(body) == {"detail", "errors"} and "disk is full" in body["detail"]
    assert (Person.objects.count(), PersonName.objects.count()) == (persons, names)


def test_web_login_on_a_full_disk_is_a_507_page_in_the_users_language(users, full_database):
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    client.get("/login/")
    response = client.post("/login/", {"username": "registrar", "password": PASSWORD})
    assert response.status_code == 507, response.content[:400]
    page = response.content.decode()
    assert "<html" in page and "Traceback" not in page
    assert "диск" in page.lower()


def test_file_store_full_is_507_and_leaves_no_file_and_no_row(tokens, registry, monkeypatch, tmp_path, settings):
    from polon.core import files
    from polon.registry.models import PersonDocument

    settings.MEDIA_ROOT = tmp_path

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['admin']}", HTTP_ACCEPT_LANGUAGE="en")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = client.post(f"/api/persons/{registry['kazakh'].pk}/documents",
                           {"file": SimpleUploadedFile("card.pdf", pdf, "application/pdf"), "kind": "other"})
    assert response.status_code == 507, response.content[:400]
    assert "disk is full" in response.json()["detail"]
    assert not PersonDocument.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_cli_on_a_full_disk_prints_one_line_and_writes_nothing(full_database, capsys):
    from polon.cli import main
    from polon.registry.models import Person

    before = Person.objects.count()
    code = main(["--as", "registrar", "person", "add", "--name", "Шерзод Тошпўлатов " + "ў" * 250,
                 "--category", "pow", "--citizenship", "UZ", "--notes", "FICTIONAL " * 400])
    err = capsys.readouterr().err
    assert code == 5
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "disk is full" in err and "nothing was written" in err
    assert Person.objects.count() == before


def test_postgresql_disk_full_is_recognised():
    """PostgreSQL's disk_full (SQLSTATE 53100) reaches Django as an OperationalError wrapping the driver's."""
    from django.db import OperationalError

    from polon.core.disk import is_disk_full

    class DiskFull(Exception):
        sqlstate = "53100"

    wrapped = OperationalError('could not extend file "base/16384/2619"')
    wrapped.__cause__ = DiskFull()
    assert is_disk_full(wrapped)
    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_disk_full(OperationalError("database is locked"))
