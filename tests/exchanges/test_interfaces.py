"""Every new web page, API operation and CLI command, and their scope: a Kazakhstan liaison officer never sees
an Uzbek captive's round entries, consular contacts, enquiries or exports."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from polon.cli import main
from polon.consular import services as consular
from polon.enquiries import services as enquiries
from polon.exchanges import services as exchanges
from polon.exchanges.reconcile import reconcile_list
from polon.exports.models import ExportRecord
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
UZ_NAME = "Турсунов"
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world(registry, users):
    admin = users["admin"]
    r = exchanges.create_round(actor=admin, number=5, title="Scope round")
    kz_entry = exchanges.add_entry(actor=admin, round_id=r.pk, side="hand_over", person_id=registry["kazakh"].pk,
                                   status="agreed")
    uz_entry = exchanges.add_entry(actor=admin, round_id=r.pk, side="hand_over", person_id=registry["uzbek"].pk,
                                   status="agreed")
    reconcile_list(actor=admin, round_id=r.pk, side="hand_over", file_name="l.csv",
                   content=b"name\nAlisher Tursunov\nErmek Katyrenov\nNobody Atall\n")
    kz_contact = consular.create_contact(actor=admin, country="KZ", place="Kyiv", person_ids=[registry["kazakh"].pk])
    uz_contact = consular.create_contact(actor=admin, country="UZ", place="Kyiv", topics=["Uzbek-only topic"],
                                         person_ids=[registry["uzbek"].pk])
    uz_enquiry = enquiries.create_enquiry(actor=admin, requester_kind="family", requester_name="Fictional",
                                          sought_name="Alisher Tursunov", sought_country="UZ")
    kz_enquiry = enquiries.create_enquiry(actor=admin, requester_kind="consulate", requester_name="Fictional",
                                          sought_name="Ermek Katyrenov", sought_country="KZ")
    return {"round": r, "kz_entry": kz_entry, "uz_entry": uz_entry, "kz_contact": kz_contact,
            "uz_contact": uz_contact, "uz_enquiry": uz_enquiry, "kz_enquiry": kz_enquiry}


def test_every_page_renders_for_an_administrator(world, registry, users):
    client = login(users["admin"])
    pages = ["/exchanges/", "/exchanges/new/", f"/exchanges/{world['round'].pk}/", "/countries/", "/countries/KZ/",
             "/consular/contacts/", "/consular/contacts/new/", f"/consular/contacts/{world['kz_contact'].pk}/",
             f"/consular/persons/{registry['kazakh'].pk}/", "/enquiries/", "/enquiries/new/",
             f"/enquiries/{world['kz_enquiry'].pk}/", "/exports/", "/exports/history/", "/dashboard/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    dashboard = client.get("/dashboard/").content.decode()
    assert dashboard.count("<svg") == 6 and "<script" not in dashboard.split("</head>")[1]


def test_liaison_never_sees_uzbek_records_in_the_ui(world, registry, users):
    client = login(users["liaison_kz"])
    page = client.get(f"/exchanges/{world['round'].pk}/").content.decode()
    assert "Катыренов" in page and UZ_NAME not in page and "Nobody Atall" not in page
    assert client.get("/countries/UZ/").status_code == 404
    assert UZ_NAME not in client.get("/countries/KZ/").content.decode()
    assert client.get(f"/consular/contacts/{world['uz_contact'].pk}/").status_code == 404
    assert "Uzbek-only topic" not in client.get("/consular/contacts/").content.decode()
    assert client.get(f"/consular/persons/{registry['uzbek'].pk}/").status_code == 404
    assert client.get(f"/enquiries/{world['uz_enquiry'].pk}/").status_code == 404
    assert "Alisher" not in client.get("/enquiries/").content.decode()
    assert UZ_NAME not in client.get("/dashboard/").content.decode()
    response = client.post("/exports/", {"kind": "csv", **PURPOSE})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "Катыренов" in body and UZ_NAME not in body
    assert client.post("/exports/", {"kind": "country_report", "country": "UZ", **PURPOSE}).status_code == 404
    assert client.post(f"/consular/persons/{registry['uzbek'].pk}/transmissions/", {
        "recipient": "icrc_cta", "channel": "x", "date": "2025-01-01", "content": "x",
        "legal_basis": "x"}).status_code == 404
    # Writes on rounds are a registrar's: a liaison gets 403 before any lookup.
    assert client.post(f"/exchanges/entries/{world['uz_entry'].pk}/", {"status": "struck"}).status_code == 403


def test_web_transmission_shows_the_warning_then_records_the_override(world, registry, users):
    client = login(users["liaison_kz"])
    url = f"/consular/persons/{registry['kazakh'].pk}/transmissions/"
    form = {"recipient": "state", "country": "KZ", "channel": "note verbale", "date": "2025-05-02",
            "content": "capture card", "legal_basis": "GC III Art. 122"}
    page = client.get(client.post(url, form)["Location"]).content.decode()
    assert "може йому зашкодити" in page and "override_reason" in page
    client.post(url, {**form, "override_reason": "he asked for it"})
    assert "he asked for it" in client.get(f"/consular/persons/{registry['kazakh'].pk}/").content.decode()


def test_web_round_workflow(registry, users):
    client = login(users["registrar"])
    assert client.post("/exchanges/new/", {"number": 21, "parties": ["UA", "RU"], "mediator": "AE",
                                           "formula": "n_for_n"}).status_code == 302
    from polon.exchanges.models import ExchangeRound

    r = ExchangeRound.objects.get(number=21)
    assert r.parties == ["UA", "RU"] and r.mediator == "AE"
    # The person is chosen by name (any script), not by a typed record number.
    client.post(f"/exchanges/{r.pk}/entries/", {"person": "Ermek Katyrenov", "side": "hand_over",
                                                "status": "agreed", "consent": "consents"})
    assert r.entries.get().person_id == registry["kazakh"].pk
    page = client.get(f"/exchanges/{r.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "United Arab Emirates" in page and "Held" in page  # the mediator by name, each person's status
    # Execute: the first step only shows what will be written; the confirmation executes.
    first = client.post(f"/exchanges/{r.pk}/execute/", {"date": "2025-06-01"}, HTTP_ACCEPT_LANGUAGE="en")
    text = first.content.decode()
    assert first.status_code == 200 and "cannot be undone" in text and "Exchanged" in text
    assert 'name="confirmed" value="True"' in text
    assert r.entries.get().status == "agreed"
    response = client.post(f"/exchanges/{r.pk}/execute/", {"date": "2025-06-01", "confirmed": "True"}, follow=True)
    assert response.status_code == 200 and r.entries.get().status == "exchanged"
    upload = io.BytesIO(b"surname,dob\nErmek Katyrenov,\n")
    upload.name = "bad-columns.csv"
    page = client.post(f"/exchanges/{r.pk}/lists/", {"side": "hand_over", "file": upload}, follow=True)
    assert "bad-columns.csv:line 1" in page.content.decode() and "surname" in page.content.decode()


def test_api_scope_and_operations(world, registry, users):
    client = login(users["liaison_kz"])
    detail = client.get(f"/api/exchanges/{world['round'].pk}").json()
    assert [e["person_id"] for e in detail["entries"]] == [registry["kazakh"].pk]
    rows = client.get(f"/api/exchanges/{world['round'].pk}/lists").json()
    assert {r["person_id"] for r in rows} == {registry["kazakh"].pk}
    assert client.get(f"/api/consular/contacts/{world['uz_contact'].pk}").status_code == 404
    assert {c["country"] for c in client.get("/api/consular/contacts").json()} == {"KZ"}
    assert client.get("/api/countries/UZ").status_code == 404
    assert client.get(f"/api/enquiries/{world['uz_enquiry'].pk}").status_code == 404
    assert [e["id"] for e in client.get("/api/enquiries").json()] == [world["kz_enquiry"].pk]
    response = client.post("/api/exports", {"kind": "ftm", **PURPOSE}, content_type="application/json")
    assert response.status_code == 200 and UZ_NAME not in response.content.decode()
    response = client.post("/api/exports", {"kind": "csv", "person_ids": [registry["uzbek"].pk], **PURPOSE},
                           content_type="application/json")
    assert response.status_code == 404
    assert client.post(f"/api/exchanges/{world['round'].pk}/execute", {"date": "2025-01-01"},
                       content_type="application/json").status_code == 403
    warning = client.post(f"/api/consular/persons/{registry['kazakh'].pk}/transmissions", {
        "recipient": "state", "country": "KZ", "channel": "x", "date": "2025-05-01", "content": "x",
        "legal_basis": "GC III Art. 122"}, content_type="application/json")
    assert warning.status_code == 400 and "може йому зашкодити" in warning.json()["errors"]["override_reason"][0]
    assert client.get("/api/dashboard").json()["total"] == 2

    registrar = login(users["registrar"])
    created = registrar.post("/api/exchanges", {"number": 30, "mediator": "TR"}, content_type="application/json")
    assert created.status_code == 201
    entry = registrar.post(f"/api/exchanges/{created.json()['id']}/entries", {
        "side": "receive", "name": "Тарас Вигаданий", "held_since": "2024-02"}, content_type="application/json")
    assert entry.status_code == 201
    patched = registrar.patch(f"/api/exchanges/entries/{entry.json()['id']}", {"status": "agreed"},
                              content_type="application/json")
    assert patched.json()["status"] == "agreed"
    executed = registrar.post(f"/api/exchanges/{created.json()['id']}/execute", {"date": "2025-03-01", "confirm": True},
                              content_type="application/json")
    assert executed.status_code == 200 and len(executed.json()["events"]) == 2
    bad = registrar.post(f"/api/exchanges/{world['round'].pk}/lists", {
        "side": "hand_over", "file": io.BytesIO(b"surname\nX\n")}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "no 'name' column" in bad.content.decode()  # the client chose English


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_scope_and_commands(world, registry, users, capsys, tmp_path):
    code, out, _ = run(capsys, "--as", "liaison_kz", "exchange", "show", "5", "--json")
    data = json.loads(out)
    assert code == 0 and {e["person_id"] for e in data["entries"]} == {registry["kazakh"].pk}
    assert UZ_NAME not in out and "Nobody Atall" not in out
    code, out, _ = run(capsys, "--as", "liaison_kz", "consular", "contacts", "--json")
    assert {c["country"] for c in json.loads(out)} == {"KZ"}
    code, _, err = run(capsys, "--as", "liaison_kz", "consular", "dossier", "UZ")
    assert code == 4
    code, out, _ = run(capsys, "--as", "liaison_kz", "enquiry", "list", "--json")
    assert [e["id"] for e in json.loads(out)] == [world["kz_enquiry"].pk]
    code, _, err = run(capsys, "--as", "liaison_kz", "enquiry", "show", str(world["uz_enquiry"].pk))
    assert code == 4
    target = tmp_path / "out.csv"
    code, _, err = run(capsys, "--as", "liaison_kz", "export", "csv", "--recipient", "ICRC", "--legal-basis",
                       "GC III Art. 122", "-o", str(target))
    assert code == 0 and UZ_NAME not in target.read_text(encoding="utf-8-sig")
    code, _, err = run(capsys, "--as", "liaison_kz", "export", "card", str(registry["uzbek"].pk), "--recipient",
                       "ICRC", "--legal-basis", "GC III Art. 122", "-o", str(tmp_path / "c.pdf"))
    assert code == 4 and not (tmp_path / "c.pdf").exists()
    assert ExportRecord.objects.count() == 1

    code, _, err = run(capsys, "--as", "registrar", "exchange", "execute", "5", "--date", "2025-06-01", "--yes")
    assert code == 0, err
    listfile = tmp_path / "list.csv"
    listfile.write_bytes("name\nИван Петров\n".encode("cp1251"))
    code, _, err = run(capsys, "--as", "analyst", "reconcile", str(listfile), "--round", "5")
    assert code == 2 and "list.csv:line 2" in err and "UTF-8" in err and "nothing was written" in err
    listfile.write_text("name,birth_date\nAlischer Tursunow,1988-07-14\n", encoding="utf-8")
    code, out, err = run(capsys, "--as", "analyst", "reconcile", str(listfile), "--round", "5", "--json")
    assert code == 0 and json.loads(out)["rows"][0]["person_id"] == registry["uzbek"].pk
    code, _, err = run(capsys, "--as", "liaison_kz", "consular", "transmit", str(registry["kazakh"].pk), "--to",
                       "state", "--country", "KZ", "--channel", "x", "--date", "2025-05-01", "--content", "card",
                       "--legal-basis", "GC III Art. 122")
    assert code == 2 and "may be detrimental" in err
    code, out, err = run(capsys, "--as", "registrar", "enquiry", "add", "--from", "family", "--requester", "F",
                         "--name", "Ermek Katyrenov", "--citizenship", "KZ")
    assert code == 0, err
    # The consulate's enquiry is answered to Kazakhstan: the draft names a Kazakh citizen, which may harm him.
    code, out, err = run(capsys, "--as", "registrar", "enquiry", "reply", str(world["kz_enquiry"].pk), "--close")
    assert code == 2 and "may be detrimental" in err
    code, out, err = run(capsys, "--as", "registrar", "enquiry", "reply", str(world["kz_enquiry"].pk), "--close",
                         "--override-reason", "He asked that his consulate be told (fictional).")
    assert code == 0, err
