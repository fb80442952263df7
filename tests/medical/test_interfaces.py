"""The seriously ill and wounded on every channel — web pages (Ukrainian by default, English on request, no script
needed), the API and the command line — walking the weekly report, a Mixed Medical Commission session from its
decisions to their carrying out, the Annex IV E certificate, the consent to repatriation and the Art. 109 flag;
with scope (an Uzbekistan liaison officer sees only Uzbek citizens and may not write)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from polon.accounts.services import create_api_token
from polon.cli import main
from polon.medical.models import CommissionDecision, CommissionSession, HealthReport
from polon.registry.models import Person, RepatriationFlag
from tests.conftest import PASSWORD
from tests.medical.test_medical import wounded  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_the_sick_and_wounded_walked_on_the_web(wounded, users):  # noqa: F811
    client = login(users["registrar"])
    kazakh, uzbek = wounded["kazakh"], wounded["uzbek"]
    page = client.get("/medical/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Катыренов" in page and "Алишер Турсунов" in page and "Бегалимов" not in page
    assert "overdue" in page and "<script" not in page.split("</header>")[-1]
    assert "Тяжкохворі та тяжкопоранені" in client.get("/medical/").content.decode()
    refused = client.post("/medical/reports/send/", {"recipient": "protecting_power", "channel": "",
                                                    "sent_on": "2030-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    sent = client.post("/medical/reports/send/", {"recipient": "protecting_power", "channel": "дипломатична пошта",
                                                 "sent_on": timezone.localdate().isoformat()})
    assert sent.status_code == 302
    report = HealthReport.objects.get()
    assert "Шпиталь № 2" in client.get(f"/medical/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    held_on = timezone.localdate() - timedelta(days=5)
    assert client.get("/medical/commissions/new/").status_code == 200
    created = client.post("/medical/commissions/new/", {
        "held_on": held_on.isoformat(), "place_id": str(wounded["hospital"].pk), "chairman": "Dr. Anna Demo-Neutral",
        "members": "Dr. Anna Demo-Neutral; Dr. Lars Demo; лікар Демо Д. Д."})
    assert created.status_code == 302
    session = CommissionSession.objects.get()
    bad = client.post(f"/medical/commissions/{session.pk}/decisions/", {
        "person": str(kazakh.pk), "proposed_by": "camp_doctor", "diagnosis": "Ампутація кисті", "decision": "A",
        "category": "B1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "Annex I categories" in bad.content.decode()
    ok = client.post(f"/medical/commissions/{session.pk}/decisions/", {
        "person": str(kazakh.pk), "proposed_by": "camp_doctor", "diagnosis": "Ампутація кисті", "decision": "A",
        "category": "A1"})
    assert ok.status_code == 302
    decision = CommissionDecision.objects.get()
    assert RepatriationFlag.objects.get(person=kazakh).must_repatriate
    assert client.post(f"/medical/commissions/{session.pk}/communicated/",
                       {"communicated_on": timezone.localdate().isoformat()}).status_code == 302
    pdf = client.get(f"/medical/decisions/{decision.pk}/certificate.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert pdf["Content-Type"] == "application/pdf"
    assert "REPATRIATION CERTIFICATE" in pdf_text(pdf.content) and "Катыренов" in pdf_text(pdf.content)

    # He refuses: carrying out the decision is refused on the session's page.
    assert client.post(f"/medical/persons/{kazakh.pk}/consent/", {
        "consent": "refuses", "on": timezone.localdate().isoformat(), "note": "Письмова заява"}).status_code == 302
    person_page = client.get(f"/medical/persons/{kazakh.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Refuses repatriation" in person_page
    carried = client.post(f"/medical/decisions/{decision.pk}/carry-out/",
                          {"carried_out_on": timezone.localdate().isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert carried.status_code == 400 and "against his will" in carried.content.decode()
    assert Person.objects.get(pk=kazakh.pk).status == "hospitalised"

    # The liaison officer for Uzbekistan: only the Uzbek; nothing written.
    liaison = login(users["liaison_uz"])
    page = liaison.get("/medical/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Алишер Турсунов" in page and "Катыренов" not in page
    assert liaison.get(f"/medical/persons/{kazakh.pk}/").status_code == 404
    assert liaison.get(f"/medical/decisions/{decision.pk}/certificate.pdf").status_code == 404
    assert liaison.post(f"/medical/persons/{uzbek.pk}/consent/", {"consent": "consents", "on": "2025-01-01"}
                        ).status_code == 403


def test_the_sick_and_wounded_on_the_api(wounded, users):  # noqa: F811
    token = create_api_token(actor=users["registrar"], user=users["registrar"], name="medical")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    kazakh, uzbek = wounded["kazakh"], wounded["uzbek"]
    sick = api.get("/api/medical/sick").json()
    assert {row["person_id"] for row in sick} == {kazakh.pk, uzbek.pk}
    report = api.post("/api/medical/reports", {"recipient": "icrc_cta", "channel": "e-mail"},
                      content_type="application/json")
    assert report.status_code == 201, report.content
    assert all(e["transmission_id"] for e in report.json()["entries"])
    assert api.get(f"/api/medical/reports/{report.json()['id']}").status_code == 200
    session = api.post("/api/medical/sessions", {
        "held_on": (timezone.localdate() - timedelta(days=3)).isoformat(), "chairman": "Dr. Demo",
        "members": "Dr. Demo; Dr. Demo-Nord; лікар Демо", "location": "Шпиталь № 2"},
        content_type="application/json")
    assert session.status_code == 201, session.content
    sid = session.json()["id"]
    decision = api.post(f"/api/medical/sessions/{sid}/decisions", {
        "person_id": uzbek.pk, "proposed_by": "man_of_confidence", "diagnosis": "Туберкульоз легень",
        "decision": "B", "category": "B2"}, content_type="application/json")
    assert decision.status_code == 201, decision.content
    refused = api.post(f"/api/medical/decisions/{decision.json()['id']}/carry-out",
                       {"carried_out_on": timezone.localdate().isoformat()}, content_type="application/json")
    assert refused.status_code == 400 and "communicated" in refused.content.decode()
    assert api.post(f"/api/medical/sessions/{sid}/communicated",
                    {"communicated_on": timezone.localdate().isoformat()},
                    content_type="application/json").json()["communicated_on"]
    done = api.post(f"/api/medical/decisions/{decision.json()['id']}/carry-out",
                    {"carried_out_on": timezone.localdate().isoformat()}, content_type="application/json")
    assert done.status_code == 200 and done.json()["carried_out_on"]
    pdf = api.get(f"/api/medical/decisions/{decision.json()['id']}/certificate.pdf?language=en")
    assert "B — accommodation in a neutral country" in pdf_text(pdf.content)
    flag = api.post(f"/api/medical/persons/{kazakh.pk}/flag", {"must_repatriate": True, "basis": "Угода сторін"},
                    content_type="application/json")
    assert flag.status_code == 200 and flag.json()["must_repatriate"]
    consent = api.post(f"/api/medical/persons/{kazakh.pk}/consent", {"consent": "consents", "note": "усно"},
                       content_type="application/json")
    assert consent.json()["consent"] == "consents"
    kz = Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(actor=users['liaison_kz'], user=users['liaison_kz'], name='kz')}")
    assert [row["person_id"] for row in kz.get("/api/medical/flags").json()] == [kazakh.pk]
    assert kz.post(f"/api/medical/persons/{kazakh.pk}/consent", {"consent": "refuses"},
                   content_type="application/json").status_code == 403


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sick_and_wounded_on_the_command_line(wounded, users, capsys, tmp_path):  # noqa: F811
    kazakh = wounded["kazakh"]
    code, out, err = run(capsys, "--as", "registrar", "medical", "sick", "--json")
    assert code == 0, err
    assert {row["person_id"] for row in json.loads(out)} == {kazakh.pk, wounded["uzbek"].pk}
    code, out, err = run(capsys, "--as", "registrar", "medical", "report", "--channel", "e-mail", "--json")
    assert code == 0, err
    assert len(json.loads(out)["entries"]) == 2
    held_on = (timezone.localdate() - timedelta(days=2)).isoformat()
    code, out, err = run(capsys, "--as", "registrar", "medical", "session-create", "--held-on", held_on,
                         "--chairman", "Dr. Demo", "--members", "Dr. Demo; Dr. Nord; лікар Демо",
                         "--place", str(wounded["hospital"].pk), "--json")
    assert code == 0, err
    sid = json.loads(out)["id"]
    code, out, err = run(capsys, "--as", "registrar", "medical", "decide", str(sid), str(kazakh.pk), "A",
                         "--category", "A1", "--diagnosis", "Ампутація кисті", "--json")
    assert code == 0, err
    did = json.loads(out)["id"]
    code, out, err = run(capsys, "--as", "registrar", "medical", "certificate", str(did), "-o",
                         str(tmp_path / "c.pdf"), "--language", "en")
    assert code == 0, err
    assert "Ампутація кисті" in pdf_text((tmp_path / "c.pdf").read_bytes())
    code, out, err = run(capsys, "--as", "registrar", "medical", "communicated", str(sid), "--date",
                         timezone.localdate().isoformat())
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "medical", "consent", str(kazakh.pk), "consents",
                         "--note", "Письмова заява")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "medical", "carry-out", str(did), "--date",
                         timezone.localdate().isoformat(), "--json")
    assert code == 0, err
    assert Person.objects.get(pk=kazakh.pk).status == "repatriated"
    code, out, err = run(capsys, "--as", "registrar", "medical", "flags")
    assert code == 0 and "Art. 109(1)" in out
    code, out, err = run(capsys, "--as", "liaison_uz", "medical", "sessions", "--json")
    assert code == 0 and json.loads(out) == []


def test_the_exchange_list_form_warns_of_a_flagged_person(wounded, users):  # noqa: F811
    from polon.exchanges import services as exchanges
    from polon.exchanges.models import RoundEntry
    from polon.medical import services

    registrar, kazakh = users["registrar"], wounded["kazakh"]
    services.set_flag(actor=registrar, person_id=kazakh.pk, must_repatriate=True, basis="Рішення Комісії (A1)")
    r = exchanges.create_round(actor=registrar, number=91, formula="n_for_n", formula_n=1)
    client = login(registrar)
    fields = {"person": str(kazakh.pk), "side": "hand_over", "status": "proposed", "consent": "unknown"}
    warned = client.post(f"/exchanges/{r.pk}/entries/", fields, HTTP_ACCEPT_LANGUAGE="en")
    assert warned.status_code == 400 and "regardless of number or rank" in warned.content.decode()
    assert not RoundEntry.objects.exists()
    added = client.post(f"/exchanges/{r.pk}/entries/", {**fields, "confirm": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert added.status_code == 302 and RoundEntry.objects.filter(person=kazakh).exists()
