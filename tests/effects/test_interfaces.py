"""Effects and valuables on every channel — web pages (Ukrainian by default, English on request, no script),
the API and the command line — each walking a lifecycle: articles taken against a receipt and returned, a dead
prisoner's estate gathered, sealed, sent and acknowledged; a Kazakhstan liaison officer sees only Kazakh
citizens' effects and may not write."""

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
from polon.effects import services
from polon.effects.models import Item, Packet, Receipt
from polon.registry.services import add_event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HEADER = {"taken_on": "2024-11-03", "place": "Пункт збору «Демо-3»", "issuer_name": "Демо Петренко О. І.",
          "issuer_rank": "старший лейтенант", "issuer_unit": "військова частина А0000 (демо)",
          "ordered_by": "капітан Демо Коваль", "reason": "Безпека пункту збору"}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_receipt_and_an_estate_on_the_web(registry, users):
    client = login(users["registrar"])
    uzbek = registry["uzbek"]
    page = client.get("/effects/").content.decode()
    assert "Речі та цінності" in page and "<script" not in page.split("</header>")[-1]
    form = client.get(f"/effects/receipts/new/?person={uzbek.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Name of the person issuing the receipt" in form and "Article 4" in form

    refused = client.post("/effects/receipts/new/", {
        "person": str(uzbek.pk), **HEADER, "category_1": "identity", "description_1": "Військовий квиток"},
        HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "identity card may in no case be taken" in refused.content.decode()
    assert not Receipt.objects.exists()
    response = client.post("/effects/receipts/new/", {
        "person": str(uzbek.pk), **HEADER, "category_1": "money", "amount_1": "250000", "currency_1": "UZS",
        "category_2": "valuable", "description_2": "Перстень золотий", "quantity_2": "1"})
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert receipt.number in page and "250000.00 UZS" in page and "Перстень золотий" in page
    pdf = client.get(f"/effects/receipts/{receipt.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="en")
    assert pdf["Content-Type"] == "application/pdf" and "Алишер Турсунов" in pdf_text(pdf.content)
    assert AuditEvent.objects.filter(action="effects.receipt.print").exists()

    money = receipt.items.get(category="money")
    assert client.post(f"/effects/items/{money.pk}/return/", {"returned_on": "2024-12-01",
                                                               "note": "Під підпис"}).status_code == 302
    money.refresh_from_db()
    assert money.status == "returned"

    # He dies; his estate is gathered from his person page, sealed, sent and acknowledged.
    add_event(actor=users["registrar"], person_id=uzbek.pk, type="died", date="2025-01-20")
    person_page = client.get(f"/effects/persons/{uzbek.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "His timeline shows: Died on 2025-01-20" in person_page
    response = client.post(f"/effects/persons/{uzbek.pk}/packets/", {"reason": "died", "country": "", "note": ""})
    assert response.status_code == 302
    packet = Packet.objects.get()
    assert client.post(f"/effects/packets/{packet.pk}/articles/", {
        "category": "document", "description": "Фотографія родини"}).status_code == 302
    empty_seal = client.post(f"/effects/packets/{packet.pk}/seal/", {"seal_number": "", "sealed_by": "Демо"})
    assert empty_seal.status_code == 400
    assert client.post(f"/effects/packets/{packet.pk}/seal/", {
        "seal_number": "ПЛ-0042", "sealed_by": "Демо Ткаченко М.", "sealed_on": "2025-02-01"}).status_code == 302
    assert client.post(f"/effects/packets/{packet.pk}/send/", {
        "via": "icrc_cta", "sent_on": "2025-02-03", "channel": "Делегат МКЧХ"}).status_code == 302
    assert client.post(f"/effects/packets/{packet.pk}/receipt/", {
        "received_on": "2025-02-20", "reference": "CTA/2025/77"}).status_code == 302
    packet.refresh_from_db()
    assert packet.status == "received" and Transmission.objects.get(pk=packet.transmission_id).recipient == "icrc_cta"
    page = client.get(f"/effects/packets/{packet.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "ПЛ-0042" in page and "Фотографія родини" in page and "Перстень золотий" in page
    text = pdf_text(client.get(f"/effects/packets/{packet.pk}/pdf/").content)
    assert "ПЛ-0042" in text and "Фотографія родини" in text

    liaison = login(users["liaison_kz"])
    assert liaison.get(f"/effects/receipts/{receipt.pk}/").status_code == 404
    assert liaison.get(f"/effects/packets/{packet.pk}/").status_code == 404
    assert "Алишер" not in liaison.get("/effects/").content.decode()
    assert liaison.post(f"/effects/persons/{registry['kazakh'].pk}/packets/", {"reason": "died"}).status_code == 403


def test_effects_on_the_api(registry, users):
    token = create_api_token(actor=users["registrar"], user=users["registrar"], name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    kazakh = registry["kazakh"]
    created = api.post("/api/effects/receipts", {
        "person_id": kazakh.pk, **HEADER, "articles": [
            {"category": "money", "amount": "12000", "currency": "KZT"},
            {"category": "valuable", "description": "Годинник «Восток»"}]}, content_type="application/json")
    assert created.status_code == 201, created.content
    receipt = created.json()
    assert receipt["number"].startswith("R-2024-") and len(receipt["items"]) == 2
    bad = api.post("/api/effects/receipts", {"person_id": kazakh.pk, **HEADER, "articles": [
        {"category": "decoration", "description": "Орден"}]}, content_type="application/json")
    assert bad.status_code == 400 and "items.1.category" in bad.json()["errors"]
    assert [r["id"] for r in api.get("/api/effects/receipts?limit=1").json()] == [receipt["id"]]
    assert api.get("/api/effects/receipts?offset=1").json() == []
    assert api.get("/api/effects/receipts?limit=501").status_code == 400

    refused = api.post("/api/effects/packets", {"person_id": kazakh.pk, "reason": "released"},
                       content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    add_event(actor=users["registrar"], person_id=kazakh.pk, type="released", date="2025-03-01")
    packet = api.post("/api/effects/packets", {"person_id": kazakh.pk, "reason": "released", "country": "KZ"},
                      content_type="application/json").json()
    assert packet["country"] == "KZ" and len(packet["items"]) == 2
    assert api.post(f"/api/effects/packets/{packet['id']}/seal", {"seal_number": "KZ-7", "sealed_by": "Демо",
                                                                    "sealed_on": "2025-03-09"},
                    content_type="application/json").json()["status"] == "sealed"
    # Kazakhstan prosecutes its citizens who fought in a foreign force: consular's detriment rule applies.
    warned = api.post(f"/api/effects/packets/{packet['id']}/send", {
        "via": "protecting_power", "sent_on": "2025-03-10"}, content_type="application/json")
    assert warned.status_code == 400 and "override_reason" in warned.json()["errors"]
    sent = api.post(f"/api/effects/packets/{packet['id']}/send", {
        "via": "protecting_power", "sent_on": "2025-03-10",
        "override_reason": "Він сам просив передати речі дружині"}, content_type="application/json")
    assert sent.status_code == 200 and sent.json()["transmission_id"], sent.content.decode()
    assert Transmission.objects.get(pk=sent.json()["transmission_id"]).override_reason
    done = api.post(f"/api/effects/packets/{packet['id']}/receipt", {"received_on": "2025-03-30"},
                    content_type="application/json").json()
    assert done["status"] == "received"
    pdf = api.get(f"/api/effects/packets/{packet['id']}/pdf?lang=en")
    assert "Complete list of the contents" in pdf_text(pdf.content)
    receipt_pdf = api.get(f"/api/effects/receipts/{receipt['id']}/pdf?lang=uk")
    assert "Годинник «Восток»" in pdf_text(receipt_pdf.content)

    uz_token = create_api_token(actor=users["liaison_uz"], user=users["liaison_uz"], name="u")
    uz = Client(HTTP_AUTHORIZATION=f"Bearer {uz_token}")
    assert uz.get("/api/effects/receipts").json() == [] and uz.get("/api/effects/packets").json() == []
    assert uz.get(f"/api/effects/packets/{packet['id']}").status_code == 404
    kz_token = create_api_token(actor=users["liaison_kz"], user=users["liaison_kz"], name="k")
    kz = Client(HTTP_AUTHORIZATION=f"Bearer {kz_token}")
    assert [p["id"] for p in kz.get("/api/effects/packets").json()] == [packet["id"]]
    assert kz.post("/api/effects/receipts", {"person_id": kazakh.pk, **HEADER, "articles": []},
                   content_type="application/json").status_code == 403


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_effects_on_the_command_line(registry, users, capsys, tmp_path):
    dual = registry["dual"]
    code, out, err = run(capsys, "--as", "registrar", "effects", "take", str(dual.pk), "--taken-on", "2024-11-03",
                         "--issuer-name", "Демо Петренко", "--issuer-rank", "лейтенант", "--issuer-unit", "А0000",
                         "--ordered-by", "капітан Демо Коваль", "--reason", "Безпека",
                         "--article", "valuable:Ланцюжок срібний", "--money", "3000:RUB", "--json")
    assert code == 0, err
    receipt = json.loads(out)
    assert [i["category"] for i in receipt["items"]] == ["valuable", "money"]
    code, _, err = run(capsys, "--as", "registrar", "effects", "take", str(dual.pk), "--taken-on", "2024-11-03",
                       "--issuer-name", "Демо", "--issuer-rank", "лейтенант", "--issuer-unit", "А0000",
                       "--ordered-by", "капітан", "--money", "3000:ZZZ")
    assert code == 2 and "items.1.currency" in err
    target = tmp_path / "receipt.pdf"
    assert run(capsys, "--as", "registrar", "effects", "receipt-pdf", str(receipt["id"]), "-o", str(target),
               "--lang", "en")[0] == 0
    assert "Ланцюжок срібний" in PdfReader(str(target)).pages[0].extract_text()

    add_event(actor=users["registrar"], person_id=dual.pk, type="died", date="2025-01-05")
    code, out, _ = run(capsys, "--as", "liaison_kz", "effects", "due", "--overdue", "--json")
    assert [d["person_id"] for d in json.loads(out)] == [dual.pk]  # a dual citizen with Kazakh citizenship
    code, out, err = run(capsys, "--as", "registrar", "effects", "open", str(dual.pk), "died", "--json")
    assert code == 0, err
    packet = json.loads(out)["id"]
    assert run(capsys, "--as", "registrar", "effects", "add", str(packet), "document", "--description",
               "Заповіт (копія)")[0] == 0
    assert run(capsys, "--as", "registrar", "effects", "seal", str(packet), "ПЛ-9", "--sealed-by", "Демо",
               "--sealed-on", "2025-02-01")[0] == 0
    code, out, err = run(capsys, "--as", "registrar", "effects", "send", str(packet), "protecting_power",
                         "--sent-on", "2099-01-01")
    assert code == 2 and "sent_on" in err and "future" in err
    code, out, err = run(capsys, "--as", "registrar", "effects", "send", str(packet), "protecting_power",
                         "--sent-on", "2025-02-03")
    assert code == 0, err
    code, out, err = run(capsys, "--as", "registrar", "effects", "acknowledge", str(packet), "--received-on",
                         "2025-02-20", "--reference", "PP-1")
    assert code == 0, err
    code, out, _ = run(capsys, "--as", "liaison_uz", "effects", "packets", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "--as", "registrar", "effects", "packet", str(packet))
    assert "ПЛ-9" in out and "Заповіт (копія)" in out and "received" in out
    assert run(capsys, "--as", "analyst", "effects", "open", str(dual.pk), "died")[0] == 2
    assert Item.objects.filter(packet_id=packet).count() == 3
    assert services  # the services module is what the CLI calls
