"""Deaths on every channel — web pages (Ukrainian by default, English on request, no script needed), the API and
the command line — walking a death from its record to the notification (Annex IV D PDF), a suspicious death's
enquiry and notice, and a handover of remains; with scope (a Kazakhstan liaison officer sees only Kazakh
citizens' deaths and may not write)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from polon.accounts.services import create_api_token
from polon.audit.models import AuditEvent
from polon.cli import main
from polon.consular.models import Transmission
from polon.deaths import services
from polon.deaths.models import Death, DeathEnquiry, HandoverBody, RemainsHandover
from polon.registry.models import Person, StatusEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_a_death_walked_on_the_web(registry, users):
    client = login(users["registrar"])
    kazakh = registry["kazakh"]
    assert client.get("/deaths/new/").status_code == 200
    response = client.post("/deaths/new/", {"person": str(kazakh.pk), "date": "2025-01-12",
                                            "cause": "Гостра серцева недостатність", "place": "Санчастина табору",
                                            "enquiry_ground": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:3000]
    death = Death.objects.get(person=kazakh)
    assert Person.objects.get(pk=kazakh.pk).status == "dead"
    assert f'href="/deaths/{death.pk}/"' in client.get(f"/persons/{kazakh.pk}/").content.decode()
    page = client.get(f"/deaths/{death.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Гостра серцева недостатність" in page and "overdue" in page and "Not sent; due by 2025-01-19" in page
    assert "<script" not in page.split("</header>")[-1]
    uk = client.get(f"/deaths/{death.pk}/").content.decode()
    assert "Повідомлення про смерть" in uk
    refused = client.post(f"/deaths/{death.pk}/edit/", {"cause": "Гостра серцева недостатність",
                                                        "burial_kind": "cremated"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "cremated only for imperative reasons" in refused.content.decode()
    response = client.post(f"/deaths/{death.pk}/edit/", {
        "cause": "Гостра серцева недостатність", "burial_kind": "buried", "burial_date": "2025-01-15",
        "cemetery": "Військове кладовище Демо", "plot": "Ділянка 3, могила 14", "marker": "Дерев'яний хрест № 14",
        "latitude": "47.812345", "longitude": "35.190001"})
    assert response.status_code == 302
    assert "located" in client.get("/deaths/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    pdf = client.get(f"/deaths/{death.pk}/notification.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "NOTIFICATION OF DEATH" in text and "Військове кладовище Демо" in text and "Ермек" in text
    assert AuditEvent.objects.filter(action="death.notice.print").exists()
    response = client.post(f"/deaths/{death.pk}/notify/", {"recipient": "protecting_power", "country": "",
                                                           "channel": "Нота № 3", "date": "2025-01-18"})
    assert response.status_code == 302
    death.refresh_from_db()
    assert death.notification.channel == "Нота № 3" and death.notification.country == "RU"

    # A suspicious death found later: the enquiry, its notice, then its closing.
    assert client.post(f"/deaths/{death.pk}/enquiry/", {"ground": "unknown"}).status_code == 302
    refused = client.post(f"/deaths/{death.pk}/enquiry/close/", {"findings": "—"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "notify the Protecting Power" in refused.content.decode()
    page = client.get(f"/deaths/{death.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The Protecting Power has not been notified" in page
    assert client.post(f"/deaths/{death.pk}/enquiry/notice/", {"channel": "Нота № 4",
                                                               "date": "2025-01-20"}).status_code == 302
    assert client.post(f"/deaths/{death.pk}/enquiry/close/", {"findings": "Природна смерть",
                                                              "report_channel": "Нота № 5"}).status_code == 302
    enquiry = DeathEnquiry.objects.get(death=death)
    assert enquiry.status == "closed" and enquiry.report.channel == "Нота № 5"

    # The remains handed over.
    assert client.post("/deaths/handovers/new/", {"reference": "RH-W-1", "receiving_state": "RU",
                                                  "mediator": "МКЧХ", "place": "КПП «Демо»"}).status_code == 302
    handover = RemainsHandover.objects.get(reference="RH-W-1")
    response = client.post(f"/deaths/handovers/{handover.pk}/bodies/", {
        "person": str(kazakh.pk), "identity": "Жетон T-100001", "effects": "Годинник", "dna_reference": "DNA-1"})
    assert response.status_code == 302
    response = client.post(f"/deaths/handovers/{handover.pk}/bodies/", {
        "person": str(registry["uzbek"].pk), "identity": "—"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "no death is recorded" in response.content.decode()
    page = client.get(f"/deaths/handovers/{handover.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "DNA-1" in page and "Жетон T-100001" in page
    assert client.post(f"/deaths/handovers/{handover.pk}/complete/",
                       {"handed_over_on": "2025-03-01"}).status_code == 302
    assert StatusEvent.objects.filter(person=kazakh, type="remains_repatriated", date="2025-03-01").exists()
    for url in ("/deaths/", "/deaths/?pending=notification", "/deaths/handovers/", "/deaths/handovers/new/"):
        assert client.get(url).status_code == 200, url


def test_liaison_sees_only_her_states_deaths_and_may_not_write(registry, users):
    registrar = users["registrar"]
    kz_death = services.record_death(actor=registrar, person_id=registry["kazakh"].pk, date="2025-01-12",
                                     cause="Інсульт")
    uz_death = services.record_death(actor=registrar, person_id=registry["uzbek"].pk, date="2025-01-13",
                                     cause="Пневмонія")
    client = login(users["liaison_kz"])
    listing = client.get("/deaths/").content.decode()
    assert "Катыренов" in listing and "Турсунов" not in listing
    assert client.get(f"/deaths/{uz_death.pk}/").status_code == 404
    assert client.get(f"/deaths/{kz_death.pk}/").status_code == 200
    assert client.post(f"/deaths/{kz_death.pk}/notify/", {"channel": "x", "date": "2025-01-20"}).status_code == 403
    assert client.get("/deaths/new/").status_code == 403


def test_deaths_on_the_api(registry, users):
    token = create_api_token(actor=users["registrar"], user=users["registrar"], name="deaths")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    created = api.post("/api/deaths", {"person_id": registry["uzbek"].pk, "date": "2025-02-03",
                                       "cause": "Вогнепальне поранення", "enquiry_ground": "sentry"},
                       content_type="application/json")
    assert created.status_code == 201, created.content
    death = created.json()
    assert death["suspicious"] and death["enquiry"]["ground"] == "sentry" and death["enquiry"]["notice"] is None
    bad = api.patch(f"/api/deaths/{death['id']}", {"latitude": "95"}, content_type="application/json")
    assert bad.status_code == 400 and "latitude" in bad.json()["errors"]
    changed = api.patch(f"/api/deaths/{death['id']}", {"burial_kind": "buried", "cemetery": "Кладовище Демо",
                                                       "plot": "Ряд 1, № 2", "marker": "Табличка № 2",
                                                       "latitude": "48.5", "longitude": "35.25"},
                        content_type="application/json").json()
    assert changed["grave_found"] and changed["cemetery"] == "Кладовище Демо"
    notice = api.post(f"/api/deaths/{death['id']}/enquiry/notice", {"channel": "Нота № 8", "date": "2025-02-04"},
                      content_type="application/json")
    assert notice.status_code == 201 and notice.json()["legal_basis"] == "GC III Art. 121"
    sent = api.post(f"/api/deaths/{death['id']}/notification", {"channel": "Дипломатична пошта",
                                                                "date": "2025-02-06"},
                    content_type="application/json")
    assert sent.status_code == 201 and Transmission.objects.filter(person=registry["uzbek"]).count() == 2
    closed = api.post(f"/api/deaths/{death['id']}/enquiry/close", {"findings": "Матеріали до прокуратури"},
                      content_type="application/json").json()
    assert closed["enquiry"]["status"] == "closed"
    pdf = api.get(f"/api/deaths/{death['id']}/notification.pdf?language=uk")
    assert pdf.status_code == 200 and "Алишер Турсунов" in pdf_text(pdf.content)
    listed = api.get("/api/deaths?pending=notification").json()
    assert listed == []
    handover = api.post("/api/deaths/handovers", {"reference": "RH-A-1", "receiving_state": "RU"},
                        content_type="application/json").json()
    body = api.post(f"/api/deaths/handovers/{handover['id']}/bodies", {
        "person_id": registry["uzbek"].pk, "identity": "Жетон T-100002", "dna_reference": "DNA-UZ-7"},
        content_type="application/json")
    assert body.status_code == 201
    extra = api.post("/api/deaths", {"person_id": registry["kazakh"].pk, "date": "2025-02-05", "cause": "Інсульт"},
                     content_type="application/json").json()
    wrong = api.post(f"/api/deaths/handovers/{handover['id']}/bodies", {"person_id": extra["person_id"],
                                                                        "identity": "—"},
                     content_type="application/json").json()
    left = api.post(f"/api/deaths/handovers/{handover['id']}/bodies/{wrong['id']}/remove",
                    {"reason": "Помилково включено"}, content_type="application/json")
    assert left.status_code == 200 and [b["person_id"] for b in left.json()["bodies"]] == [registry["uzbek"].pk]
    done = api.post(f"/api/deaths/handovers/{handover['id']}/complete", {"handed_over_on": "2025-03-10"},
                    content_type="application/json").json()
    assert done["status"] == "handed_over" and done["bodies"][0]["remains_event_id"]
    kz = Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(actor=users['liaison_kz'], user=users['liaison_kz'], name='kz')}")
    assert kz.get(f"/api/deaths/{death['id']}").status_code == 404
    # She sees the Kazakh's death, not the Uzbek's; nor the handover, which carries only the Uzbek's body.
    assert [d["id"] for d in kz.get("/api/deaths").json()] == [extra["id"]]
    assert kz.get("/api/deaths/handovers").json() == []


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deaths_on_the_command_line(registry, users, capsys, tmp_path):
    person = registry["dual"]
    code, out, err = run(capsys, "--as", "registrar", "deaths", "record", str(person.pk), "--date", "2025-01-20",
                         "--cause", "Пневмонія", "--place", "Обласна лікарня Демо", "--json")
    assert code == 0, err
    death = json.loads(out)["id"]
    code, out, err = run(capsys, "--as", "registrar", "deaths", "update", str(death), "--burial-kind", "buried",
                         "--cemetery", "Кладовище Демо", "--plot", "7", "--marker", "Хрест № 7", "--latitude", "50.1",
                         "--longitude", "30.2", "--json")
    assert code == 0 and json.loads(out)["grave_found"], err
    target = tmp_path / "notice.pdf"
    code, out, err = run(capsys, "--as", "registrar", "deaths", "notice-pdf", str(death), "-o", str(target),
                         "--language", "en", "--authority", "Національне інформаційне бюро (демо)")
    assert code == 0 and "Бауржан Бегалимов" in pdf_text(target.read_bytes())
    assert "Національне інформаційне бюро (демо)" in pdf_text(target.read_bytes())
    code, out, _ = run(capsys, "--as", "registrar", "deaths", "list", "--pending", "notification")
    assert "NOT NOTIFIED" in out
    assert run(capsys, "--as", "registrar", "deaths", "notify", str(death), "--channel", "Нота", "--date",
               "2025-01-22")[0] == 0
    code, out, err = run(capsys, "--as", "registrar", "deaths", "enquiry-open", str(death), "other_person")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "deaths", "enquiry-close", str(death), "--findings", "x")
    assert code == 2 and "Protecting Power" in err
    assert run(capsys, "--as", "registrar", "deaths", "enquiry-notice", str(death), "--channel", "Нота № 2",
               "--date", "2025-01-23")[0] == 0
    code, out, _ = run(capsys, "--as", "liaison_kz", "deaths", "show", str(death), "--json")
    assert json.loads(out)["enquiry"]["notice"]["channel"] == "Нота № 2"
    code, out, _ = run(capsys, "--as", "liaison_uz", "deaths", "list", "--json")
    assert json.loads(out) == []
    code, out, err = run(capsys, "--as", "registrar", "deaths", "handover-create", "RH-C-1", "--to", "RU", "--json")
    handover = json.loads(out)["id"]
    code, out, err = run(capsys, "--as", "registrar", "deaths", "body-add", str(handover), str(person.pk),
                         "--identity", "Військовий квиток", "--dna-reference", "DNA-RU-3")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "deaths", "handover-complete", str(handover), "--date",
                         "2025-02-01", "--json")
    assert code == 0 and json.loads(out)["status"] == "handed_over", err
    assert HandoverBody.objects.get(handover_id=handover).remains_event.type == "remains_repatriated"
    assert run(capsys, "--as", "analyst", "deaths", "handover-create", "RH-X", "--to", "RU")[0] == 2
