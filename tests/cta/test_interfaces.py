"""The lists for the Central Tracing Agency and the Power depended on on every channel — the web (Ukrainian by
default, English on request, no script), the API and the command line: what is pending, a list sent, its files,
a correction re-sent; a liaison officer sees only her citizens and may not send."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.cta.models import CtaList
from polon.registry.services import update_person
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def correct_birth(actor, person, birth_date):
    person.refresh_from_db()
    update_person(actor=actor, person_id=person.pk, expected_version=person.version,
                  changes={"birth_date": birth_date})


def test_the_web(registry, users):
    client = login(users["registrar"])
    page = client.get("/cta/").content.decode()
    assert "Списки для Центрального агентства розшуку" in page and "<script" not in page.split("</header>")[-1]
    assert "Нові захоплення" in page and "прострочено" in page
    page = client.get("/cta/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lists for the Central Tracing Agency and the Powers depended on" in page
    assert "Russia" in page  # the Power on which the three depend
    pending = client.get("/cta/pending/icrc_cta/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Катыренов" in pending and "New capture" in pending
    pending = client.get("/cta/pending/state/RU/").content.decode()
    assert "Бауржан Бегалимов" in pending and "Нове захоплення" in pending and "Росія" in pending

    refused = client.post("/cta/send/", {"recipient": "icrc_cta", "country": "", "sent_on": "2999-01-01"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "in the future" in refused.content.decode()
    response = client.post("/cta/send/", {"recipient": "icrc_cta", "country": "", "sent_on": "2024-11-06",
                                          "channel": "захищена пошта"})
    assert response.status_code == 302
    item = CtaList.objects.get()
    page = client.get(f"/cta/lists/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "List no. 1" in page and "GC III Arts. 122, 123" in page and "Алишер Турсунов" in page
    pdf = client.get(f"/cta/lists/{item.pk}/list.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Турсунов" in text and "Дата народження" in text and "Нове захоплення" in text
    csv = client.get(f"/cta/lists/{item.pk}/list.csv", HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    assert "Mother's maiden name" in csv and "T-100002" in csv
    assert client.get(f"/cta/lists/{item.pk}/list.xlsx")["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="registry.read_list").exists() or \
        AuditEvent.objects.filter(changes__contains="cta.list.pdf").exists()

    correct_birth(users["registrar"], registry["uzbek"], "1988-07-15")
    page = client.get("/cta/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Corrections: <strong class=\"warning\">1</strong>" in page
    assert client.post("/cta/send/", {"recipient": "icrc_cta", "country": "", "sent_on": "2024-11-08"}
                       ).status_code == 302
    second = CtaList.objects.get(number=2)
    assert [(e.person_id, e.kind) for e in second.entries.all()] == [(registry["uzbek"].pk, "correction")]

    liaison = login(users["liaison_uz"])
    page = liaison.get(f"/cta/lists/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Алишер Турсунов" in page and "Катыренов" not in page
    assert liaison.post("/cta/send/", {"recipient": "icrc_cta"}).status_code == 403


def test_the_api(registry, users):
    token = create_api_token(actor=users["registrar"], user=users["registrar"], name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    summary = api.get("/api/cta/pending").json()
    assert {(s["recipient"], s["country"], s["new"]) for s in summary} == {("icrc_cta", "", 3), ("state", "RU", 3)}
    rows = api.get("/api/cta/pending/state?country=RU").json()
    assert {r["kind"] for r in rows} == {"new"} and rows[0]["particulars"]["captured_on"] == "2024-11-02"
    sent = api.post("/api/cta/lists", {"recipient": "state", "country": "RU", "sent_on": "2024-11-07"},
                    content_type="application/json")
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["legal_basis"] == "GC III Art. 122" and len(body["entries"]) == 3
    assert all(e["transmission_id"] for e in body["entries"])
    again = api.post("/api/cta/lists", {"recipient": "state", "country": "RU"}, content_type="application/json")
    assert again.status_code == 400 and "nothing is pending" in again.content.decode()
    xlsx = api.get(f"/api/cta/lists/{body['id']}/list.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert api.get(f"/api/cta/lists/{body['id']}/list.doc").status_code == 400

    icrc = create_api_token(actor=users["icrc"], user=users["icrc"], name="i")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {icrc}").post(
        "/api/cta/lists", {"recipient": "icrc_cta"}, content_type="application/json").status_code == 403
    kz = create_api_token(actor=users["liaison_kz"], user=users["liaison_kz"], name="k")
    listed = Client(HTTP_AUTHORIZATION=f"Bearer {kz}").get(f"/api/cta/lists/{body['id']}").json()
    assert {e["person_id"] for e in listed["entries"]} == {registry["kazakh"].pk, registry["dual"].pk}
    assert all(e["particulars"]["informed_person_address"] is None for e in listed["entries"])


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line(registry, users, capsys, tmp_path):
    code, out, _ = run(capsys, "--as", "registrar", "cta", "pending", "--json")
    assert code == 0 and {s["recipient"] for s in json.loads(out)} == {"icrc_cta", "state"}
    code, out, err = run(capsys, "--as", "registrar", "cta", "send", "icrc_cta", "--sent-on", "2024-11-06",
                         "--json")
    assert code == 0, err
    item = json.loads(out)
    assert item["number"] == 1 and len(item["entries"]) == 3
    correct_birth(users["registrar"], registry["kazakh"], "1991-03-04")
    code, out, _ = run(capsys, "--as", "registrar", "cta", "due", "icrc_cta", "--json")
    assert json.loads(out) == [{"person_id": registry["kazakh"].pk, "name": str(registry["kazakh"]),
                                "kind": "correction", "changed": ["birth_date"]}]
    code, out, err = run(capsys, "--as", "registrar", "cta", "send", "icrc_cta", "--sent-on", "2024-11-09")
    assert code == 0 and "list no. 2" in out and "correction" in out
    path = tmp_path / "list.pdf"
    code, out, _ = run(capsys, "--as", "registrar", "cta", "file", str(item["id"]), "--format", "pdf", "-o",
                       str(path))
    assert code == 0 and "Катыренов" in "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    code, out, err = run(capsys, "--as", "liaison_kz", "cta", "send", "icrc_cta")
    assert code != 0
    code, out, _ = run(capsys, "--as", "liaison_kz", "cta", "show", str(item["id"]), "--json")
    assert {e["person_id"] for e in json.loads(out)["entries"]} == {registry["kazakh"].pk, registry["dual"].pk}
