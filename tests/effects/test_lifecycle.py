"""Effects and valuables (GC III Arts. 18, 119, 122): articles taken against an itemized receipt, impounded,
returned; what may never be taken; a dead prisoner's estate gathered into a packet, sealed with its seal number
and complete list of contents, sent through the Protecting Power or the ICRC as a transmission, its receipt
acknowledged; scope, audit, the receipt and packet PDFs by text extraction, and the clock's duty."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.consular.models import Transmission
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.effects import pdf, selectors, services
from polon.effects.duties import open_duties
from polon.effects.models import Item, ItemStatus, PacketStatus
from polon.registry.services import add_event

pytestmark = pytest.mark.django_db

ISSUER = {"issuer_name": "Демо Петренко О. І.", "issuer_rank": "старший лейтенант",
          "issuer_unit": "військова частина А0000 (демо)", "ordered_by": "капітан Демо Коваль"}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def take(actor, person, **overrides):
    values = {"taken_on": "2024-11-03", "place": "Пункт збору «Демо-3»", **ISSUER,
              "reason": "Безпека пункту збору", "articles": [
                  {"category": "money", "amount": "1500", "currency": "RUB"},
                  {"category": "valuable", "description": "Годинник наручний «Полёт»"},
                  {"category": "personal", "description": "Телефон мобільний", "quantity": "1"}]}
    values.update(overrides)
    return services.take_articles(actor=actor, person_id=person.pk, **values)


def test_articles_taken_against_a_receipt_then_returned(registry, users):
    registrar = users["registrar"]
    kazakh = registry["kazakh"]
    receipt = take(registrar, kazakh)
    assert receipt.number == f"R-2024-{receipt.pk:06d}"
    lines = list(receipt.items.order_by("id"))
    assert [i.status for i in lines] == [ItemStatus.IMPOUNDED] * 3
    assert lines[0].amount == Decimal("1500") and lines[0].currency == "RUB"
    issued = AuditEvent.objects.get(action="effects.receipt.issue")
    assert json.loads(issued.changes)["after"]["issuer"].startswith("Демо Петренко")

    text = pdf_text(pdf.receipt_pdf(receipt, language="en", today=date(2024, 11, 3)))
    for field in ("GC III Art. 18", receipt.number, "Ермек Болатович Катыренов", "T-100001", "1500.00 RUB",
                  "Годинник наручний", "капітан Демо Коваль", "Безпека пункту збору", "Демо Петренко",
                  "старший лейтенант", "військова частина А0000", "Signature of the owner"):
        assert field in text, field
    assert "Власник" in pdf_text(pdf.receipt_pdf(receipt, language="uk"))

    returned = services.return_article(actor=registrar, item_id=lines[2].pk, returned_on="2024-11-20",
                                       note="Повернуто під підпис")
    assert returned.status == ItemStatus.RETURNED
    with pytest.raises(ValidationFailed) as twice:
        services.return_article(actor=registrar, item_id=lines[2].pk)
    assert "item" in twice.value.errors
    with pytest.raises(ValidationFailed) as early:
        services.return_article(actor=registrar, item_id=lines[1].pk, returned_on="2024-11-01")
    assert "returned_on" in early.value.errors


def test_what_may_not_be_taken_or_taken_without_the_article_18_particulars(registry, users):
    registrar = users["registrar"]
    uzbek = registry["uzbek"]
    with pytest.raises(ValidationFailed) as refused:
        take(registrar, uzbek, articles=[{"category": "identity", "description": "Посвідчення особи"},
                                         {"category": "decoration", "description": "Медаль"}])
    assert "Arts. 17, 18" in " ".join(refused.value.errors["items.1.category"])
    assert "items.2.category" in refused.value.errors
    with pytest.raises(ValidationFailed) as particulars:
        take(registrar, uzbek, issuer_rank="", ordered_by="", reason="",
             articles=[{"category": "money", "amount": "200", "currency": "XYZ"},
                       {"category": "valuable", "description": "Перстень"}])
    errors = particulars.value.errors
    assert {"issuer_rank", "ordered_by", "reason", "items.1.currency"} <= set(errors)
    with pytest.raises(ValidationFailed) as no_amount:
        take(registrar, uzbek, articles=[{"category": "money", "currency": "UZS"}])
    assert "items.1.amount" in no_amount.value.errors
    with pytest.raises(ValidationFailed) as bounds:
        take(registrar, uzbek, articles=[{"category": "money", "amount": "1e15", "currency": "UZS"},
                                         {"category": "money", "amount": "10.001", "currency": "UZS"},
                                         {"category": "money", "amount": "NaN", "currency": "UZS"},
                                         {"category": "personal", "description": "Сірники", "quantity": 10**10}])
    assert {"items.1.amount", "items.2.amount", "items.3.amount", "items.4.quantity"} <= set(bounds.value.errors)
    assert not Item.objects.exists()


def test_a_dead_prisoners_estate_from_gathering_to_receipt(registry, users):
    registrar = users["registrar"]
    dual = registry["dual"]
    receipt = take(registrar, dual)
    with pytest.raises(ValidationFailed) as alive:
        services.open_packet(actor=registrar, person_id=dual.pk, reason="died")
    assert "reason" in alive.value.errors  # no death on his timeline yet
    add_event(actor=registrar, person_id=dual.pk, type="died", date="2025-01-15")

    # Not gathered 30 days after the death: the clock shows it overdue.
    duty = {d.key: d for d in open_duties(user=registrar, today=date(2025, 2, 20))}[f"person:{dual.pk}"]
    assert duty.due == date(2025, 2, 14) and duty.is_overdue(date(2025, 2, 20))
    assert duty.article == "GC III Arts. 119, 122" and duty.url_name == "effects:person"

    packet = services.open_packet(actor=registrar, person_id=dual.pk, reason="died")
    assert packet.country == "RU"  # the Power on which he depended
    assert "Name and first names: Бауржан Бегалимов / Baurzhan Begalimov" in packet.identity_statement
    assert ["birth", "1979"] in packet.identity and ["power", "RU"] in packet.identity
    assert set(packet.items.values_list("pk", flat=True)) == set(receipt.items.values_list("pk", flat=True))
    left = services.add_to_packet(actor=registrar, packet_id=packet.pk, category="document",
                                  description="Лист до дружини (нерозпечатаний)")
    assert left.origin == "left" and left.status == ItemStatus.PACKED
    services.add_to_packet(actor=registrar, packet_id=packet.pk, category="decoration",
                           description="Нагрудний знак")  # an estate may hold what could never be taken
    duty = {d.key: d for d in open_duties(user=registrar, today=date(2025, 2, 20))}[f"person:{dual.pk}"]
    assert duty.url_name == "effects:packet" and duty.url_args == (packet.pk,)

    with pytest.raises(ValidationFailed):
        services.send_packet(actor=registrar, packet_id=packet.pk, via="protecting_power", sent_on="2025-02-01")
    sealed = services.seal_packet(actor=registrar, packet_id=packet.pk, seal_number="ПЛ-2025-0007",
                                  sealed_by="Демо Ткаченко М.", sealed_on="2025-02-01")
    assert sealed.status == PacketStatus.SEALED and len(sealed.contents) == 5
    with pytest.raises(ValidationFailed):
        services.add_to_packet(actor=registrar, packet_id=packet.pk, category="personal", description="Ремінь")

    text = pdf_text(pdf.packet_pdf(sealed, language="en", today=date(2025, 2, 1)))
    for field in ("GC III Arts. 119, 122", "ПЛ-2025-0007", "Бауржан Бегалимов", "Baurzhan Begalimov",
                  "Complete list of the contents", "1500.00 RUB", "Лист до дружини", "Нагрудний знак",
                  receipt.number, "Number of articles: 5", "Estate of a prisoner who died"):
        assert field in text, field

    sent = services.send_packet(actor=registrar, packet_id=packet.pk, via="protecting_power", sent_on="2025-02-03")
    assert sent.status == PacketStatus.SENT
    transmission = Transmission.objects.get(pk=sent.transmission_id)
    assert (transmission.recipient, transmission.country, transmission.legal_basis) == (
        "protecting_power", "RU", "GC III Arts. 119, 122")
    assert "ПЛ-2025-0007" in transmission.content
    assert f"person:{dual.pk}" not in {d.key for d in open_duties(user=registrar, today=date(2025, 2, 20))}

    with pytest.raises(ValidationFailed):
        services.acknowledge_packet(actor=registrar, packet_id=packet.pk, received_on="2025-02-02")
    received = services.acknowledge_packet(actor=registrar, packet_id=packet.pk, received_on="2025-03-01",
                                           reference="PP/RU/2025/113")
    assert received.status == PacketStatus.RECEIVED
    actions = list(AuditEvent.objects.filter(action__startswith="effects.packet").values_list("action", flat=True))
    assert actions == ["effects.packet.create", "effects.packet.seal", "effects.packet.send",
                       "effects.packet.receipt"]


def test_seal_numbers_are_unique_and_empty_packets_are_not_sealed(registry, users):
    registrar = users["registrar"]
    add_event(actor=registrar, person_id=registry["kazakh"].pk, type="released", date="2025-05-02")
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="escaped", date="2025-05-02")
    empty = services.open_packet(actor=registrar, person_id=registry["kazakh"].pk, reason="released")
    with pytest.raises(ValidationFailed) as nothing:
        services.seal_packet(actor=registrar, packet_id=empty.pk, seal_number="S-1", sealed_by="Демо")
    assert "seal_number" in nothing.value.errors
    services.add_to_packet(actor=registrar, packet_id=empty.pk, category="money", amount="20", currency="KZT")
    services.seal_packet(actor=registrar, packet_id=empty.pk, seal_number="S-1", sealed_by="Демо")
    other = services.open_packet(actor=registrar, person_id=registry["uzbek"].pk, reason="escaped",
                                 country="UZ")
    services.add_to_packet(actor=registrar, packet_id=other.pk, category="valuable", description="Обручка")
    with pytest.raises(ValidationFailed) as reused:
        services.seal_packet(actor=registrar, packet_id=other.pk, seal_number="S-1", sealed_by="Демо")
    assert "seal_number" in reused.value.errors


def test_scope_and_roles(registry, users):
    registrar = users["registrar"]
    receipt = take(registrar, registry["uzbek"])
    take(registrar, registry["kazakh"])
    liaison_kz = users["liaison_kz"]
    assert {r.person_id for r in selectors.receipts(liaison_kz)} == {registry["kazakh"].pk}
    with pytest.raises(NotFound):
        selectors.get_receipt(liaison_kz, receipt.pk)
    with pytest.raises(PermissionDenied):
        take(users["analyst"], registry["uzbek"])
    with pytest.raises(PermissionDenied):
        take(liaison_kz, registry["kazakh"])
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="released", date="2025-01-10")
    today = date(2025, 1, 10) + timedelta(days=40)
    assert [d.key for d in open_duties(user=users["liaison_uz"], today=today)] == [f"person:{registry['uzbek'].pk}"]
    assert open_duties(user=liaison_kz, today=today) == []
