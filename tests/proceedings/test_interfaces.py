"""Proceedings against prisoners of war on every channel — web pages (Ukrainian by default, English on request,
no script), the API and the command line — each walking a case: charged, the Art. 104 notice refused for a
trial less than three weeks away then sent with the trial postponed, received, judged, the Art. 107 notice; an
Art. 5 determination; an Art. 119 list drawn up, communicated, acknowledged; a Kazakhstan liaison officer sees
only Kazakh citizens' proceedings and may not write."""

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
from polon.proceedings.models import HeldBackList, Prosecution, StatusDetermination
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

CASE = {"case_number": "ВП-2024/031", "charged_on": "2024-11-10",
        "charges": "Втеча з табору із застосуванням насильства (демо)",
        "legal_provisions": "ст. 000 КК (демо); ЖК III ст. 93", "court": "Військовий суд гарнізону «Демо»",
        "confinement": "Табір № 3 «Демо-Польовий»", "trial_on": "2024-12-10", "trial_place": "м. Демо-Місто"}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_case_on_the_web(registry, users):
    client = login(users["registrar"])
    kazakh = registry["kazakh"]
    page = client.get("/proceedings/").content.decode()
    assert "Провадження щодо військовополонених" in page and "<script" not in page.split("</header>")[-1]
    response = client.post("/proceedings/new/", {"person": str(kazakh.pk), **CASE, "place": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Prosecution.objects.get()
    url = f"/proceedings/{case.pk}/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Notify the Protecting Power (Art. 104)" in page and "Катыренов" in page and "ст. 000 КК" in page

    refused = client.post(url + "notice/", {"sent_on": "2024-11-25"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "2024-12-16 or later" in refused.content.decode()
    assert not Transmission.objects.exists()
    assert client.post(url + "notice/", {"sent_on": "2024-11-25", "trial_on": "2024-12-18"}).status_code == 302
    assert client.post(url + "notice/receipt/", {"received_on": "2024-11-26"}).status_code == 302
    assert client.post(url + "judgment/", {"judged_on": "2024-12-19", "verdict": "convicted",
                                           "sentence": "Позбавлення волі на 1 рік", "final": "on",
                                           "finding_wording": "Визнати винним (демо)",
                                           "trial_summary": "Звіт (демо)"}).status_code == 302
    assert client.post(url + "judgment/notice/", {"sent_on": "2024-12-20"}).status_code == 302
    case.refresh_from_db()
    assert case.judgment_transmission.legal_basis == "GC III Arts. 101, 107"
    page = client.get(url).content.decode()
    assert "Повідомлення про вирок (ст. 107)" in page
    response = client.get(url + "notices.pdf", HTTP_ACCEPT_LANGUAGE="en")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    for particular in ("GC III Art. 104", "Катыренов, Ермек", "T-100001", "RU-demo", "Табір № 3", "Втеча з табору",
                       "ст. 000 КК", "Військовий суд гарнізону", "2024-12-18", "GC III Art. 107",
                       "Позбавлення волі на 1 рік", "Визнати винним", "Protecting Power acting for Russia"):
        assert particular in text, particular
    assert AuditEvent.objects.filter(action="proceedings.print").count() == 1

    det = client.post("/proceedings/determinations/new/", {
        "person": str(registry["uzbek"].pk), "tribunal": "Компетентний трибунал (демо)", "decided_on": "2024-11-12",
        "outcome": "not_pow", "doubt": "", "reasons": "Найманець (демо)"})
    assert det.status_code == 302 and StatusDetermination.objects.count() == 1

    liaison = login(users["liaison_uz"])
    assert liaison.get(url).status_code == 404
    assert liaison.post(url + "close/", {"closed_on": "2024-12-21", "reason": "served"}).status_code == 403
    kz = login(users["liaison_kz"])
    assert "ВП-2024/031" in kz.get("/proceedings/").content.decode()

    assert client.post("/proceedings/held-back/new/", {"country": "RU", "recipient": "protecting_power",
                                                       "as_of": "2024-12-21"}).status_code == 302
    held = HeldBackList.objects.get()
    assert client.post(f"/proceedings/held-back/{held.pk}/send/", {"sent_on": "2024-12-22"}).status_code == 302
    page = client.get(f"/proceedings/held-back/{held.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Serving a sentence" in page and "Communicated" in page


def test_the_api(registry, users):
    token = create_api_token(actor=users["registrar"], user=users["registrar"], name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    created = api.post("/api/proceedings/cases", {"person_id": registry["uzbek"].pk, **CASE},
                       content_type="application/json")
    assert created.status_code == 201, created.content
    case = created.json()
    assert case["country"] == "RU" and case["stage"] == "charged" and case["place"].startswith("Табір")
    soon = api.post(f"/api/proceedings/cases/{case['id']}/notice", {"sent_on": "2024-11-25"},
                    content_type="application/json")
    assert soon.status_code == 400 and "trial_on" in soon.content.decode()
    sent = api.post(f"/api/proceedings/cases/{case['id']}/notice", {"sent_on": "2024-11-25",
                                                                    "trial_on": "2024-12-20"},
                    content_type="application/json")
    assert sent.status_code == 200 and sent.json()["notice_transmission_id"]
    late = api.post(f"/api/proceedings/cases/{case['id']}/notice/receipt", {"received_on": "2024-12-05"},
                    content_type="application/json").json()
    assert late["trial_too_soon"] and late["earliest_trial"] == "2024-12-26"
    judged = api.post(f"/api/proceedings/cases/{case['id']}/judgment",
                      {"judged_on": "2024-12-21", "verdict": "acquitted"}, content_type="application/json")
    assert judged.status_code == 400 and "adjourned" in judged.content.decode()

    kz_token = create_api_token(actor=users["liaison_kz"], user=users["liaison_kz"], name="k")
    kz = Client(HTTP_AUTHORIZATION=f"Bearer {kz_token}")
    assert kz.get("/api/proceedings/cases").json() == []
    assert kz.get(f"/api/proceedings/cases/{case['id']}").status_code == 404
    det = kz.post("/api/proceedings/determinations", {"person_id": registry["kazakh"].pk, "tribunal": "T",
                                                      "decided_on": "2024-11-12", "outcome": "pow"},
                  content_type="application/json")
    assert det.status_code == 403


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line(registry, users, capsys, tmp_path):
    dual = registry["dual"]
    code, out, err = run(capsys, "--as", "registrar", "proceedings", "charge", str(dual.pk), "ВП-2024/040",
                         "--charged-on", "2024-11-10", "--charges", "Крадіжка (демо)", "--law", "ст. 000 КК (демо)",
                         "--court", "Військовий суд (демо)", "--trial-on", "2024-12-20", "--json")
    assert code == 0, err
    case = json.loads(out)["id"]
    code, out, _ = run(capsys, "--as", "liaison_kz", "proceedings", "cases", "--json")
    assert [c["id"] for c in json.loads(out)] == [case]  # a dual citizen with Kazakh citizenship
    code, out, err = run(capsys, "--as", "registrar", "proceedings", "notice", str(case), "--sent-on", "2024-12-01")
    assert code == 2 and "trial_on" in err
    assert run(capsys, "--as", "registrar", "proceedings", "notice", str(case), "--sent-on", "2024-12-01",
               "--trial-on", "2024-12-23")[0] == 0
    assert run(capsys, "--as", "registrar", "proceedings", "notice-received", str(case), "2024-12-02")[0] == 0
    code, out, err = run(capsys, "--as", "registrar", "proceedings", "judgment", str(case), "--judged-on",
                         "2024-12-27", "--verdict", "convicted", "--sentence", "Смертна кара (демо)",
                         "--death-sentence", "--finding-wording", "Визнати винним (демо)",
                         "--trial-summary", "Звіт (демо)")
    assert code == 0, err
    code, out, _ = run(capsys, "--as", "registrar", "proceedings", "due", "--overdue", "--json")
    assert [d["kind"] for d in json.loads(out)] == ["proceedings.judgment_notice"]
    assert run(capsys, "--as", "registrar", "proceedings", "judgment-notice", str(case), "--sent-on",
               "2024-12-28")[0] == 0
    assert run(capsys, "--as", "registrar", "proceedings", "judgment-received", str(case), "2025-01-03")[0] == 0
    code, out, err = run(capsys, "--as", "registrar", "proceedings", "execution-date", str(case), "2025-06-01")
    assert code == 2 and "2025-07-03" in err
    code, out, err = run(capsys, "--as", "registrar", "proceedings", "held-back-draw", "RU", "--as-of", "2026-01-02",
                         "--json")
    assert code == 0, err
    held = json.loads(out)
    assert [e["reason"] for e in held["entries"]] == ["pending"]
    assert run(capsys, "--as", "registrar", "proceedings", "held-back-send", str(held["id"]), "--sent-on",
               "2026-01-05")[0] == 0
    assert run(capsys, "--as", "registrar", "proceedings", "held-back-ack", str(held["id"]),
               "--acknowledged-on", "2026-01-09", "--reference", "ДП-1")[0] == 0
    target = tmp_path / "notices.pdf"
    assert run(capsys, "--as", "registrar", "proceedings", "notices-pdf", str(case), "-o", str(target))[0] == 0
    assert "ЖК III, ст. 104" in " ".join(PdfReader(str(target)).pages[0].extract_text().split())
    code, out, _ = run(capsys, "--as", "registrar", "proceedings", "case", str(case))
    assert "Art. 104" in out or "ст. 104" in out
    assert AuditEvent.objects.filter(action="proceedings.held_back.acknowledge").count() == 1
