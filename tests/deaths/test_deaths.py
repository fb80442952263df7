"""Deaths and graves (GC III Arts. 120–121, GC I Art. 16): a death's lifecycle from the record (its ``died``
event on the timeline) through the burial and grave to the notification of death (Annex IV D, a consular
transmission), a suspicious death's enquiry and its notice to the Protecting Power, remains handed over in a
batch (``remains_repatriated`` on each timeline), scope, audit, and the clock's duties."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.consular.models import Transmission
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.deaths import pdf, selectors, services
from polon.deaths.duties import open_duties
from polon.deaths.models import HandoverStatus
from polon.places import services as places
from polon.registry.models import Person, StatusEvent

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_a_death_from_its_record_to_the_notification(registry, users):
    registrar = users["registrar"]
    kazakh = registry["kazakh"]
    Person.objects.filter(pk=kazakh.pk).update(
        father_first_name="Болат", birth_place="Шымкент", rank="рядовий",
        informed_person_name="Катыренова Гульнара", informed_person_address="Шымкент, вул. Демо, 5")
    camp = places.create_place(actor=registrar, kind="camp", name="Табір № 4 «Демо-Річковий»", region="UA-56")
    death = services.record_death(actor=registrar, person_id=kazakh.pk, date="2025-01-12",
                                  cause="Гостра серцева недостатність", internment_place_id=camp.pk,
                                  certified_by="Лікар табору Демо Д.")
    kazakh.refresh_from_db()
    assert kazakh.status == "dead"
    died = StatusEvent.objects.get(person=kazakh, type="died")
    assert death.died_event_id == died.pk and died.date == "2025-01-12" and died.internment_place_id == camp.pk
    with pytest.raises(ValidationFailed) as again:
        services.record_death(actor=registrar, person_id=kazakh.pk, date="2025-01-12", cause="—")
    assert "person" in again.value.errors

    # The clock: the notification is due a week after the death, and overdue after that.
    duty = {d.key: d for d in open_duties(user=registrar, today=date(2025, 1, 25))}[f"death:{death.pk}"]
    assert duty.kind == "deaths.notification" and duty.due == date(2025, 1, 19) and duty.is_overdue(date(2025, 1, 25))

    # Burial and grave; a cremation needs its reason (Art. 120 para 5); coordinates come in pairs.
    with pytest.raises(ValidationFailed) as cremated:
        services.update_death(actor=registrar, death_id=death.pk, burial_kind="cremated")
    assert "cremation_reason" in cremated.value.errors
    with pytest.raises(ValidationFailed) as half:
        services.update_death(actor=registrar, death_id=death.pk, burial_kind="buried", latitude="47.8")
    assert "longitude" in half.value.errors
    with pytest.raises(ValidationFailed) as early:
        services.update_death(actor=registrar, death_id=death.pk, burial_kind="buried", burial_date="2025-01-10")
    assert "burial_date" in early.value.errors
    death = services.update_death(
        actor=registrar, death_id=death.pk, burial_kind="buried", burial_date="2025-01-15",
        burial_place="с. Демо-Річкове", cemetery="Військове кладовище Демо", plot="Ділянка 3, ряд 2, могила 14",
        marker="Дерев'яний хрест з табличкою: ім'я, дати, № 14", latitude="47.812345", longitude="35.190001",
        will_made=True, will_held_by="Комендатура табору", effects="Годинник, листи (3), фотографія",
        effects_forwarded_through="МКЧХ (ЦАР)", account="Помер у санчастині табору; поховання з почестями.")
    assert death.grave_found
    assert "death.update" in actions()

    document = pdf.notification_of_death(selectors.get_death(registrar, death.pk), language="en")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages).split())
    for expected in ("NOTIFICATION OF DEATH", "Power on which the prisoner depended", "Russia",
                     "Name and first names", "Ермек Болатович Катыренов", "First name of the father", "Болат",
                     "Place and date of birth", "Шымкент", "Place and date of death", "2025-01-12",
                     "Табір № 4", "Rank and number", "T-100001", "Address of next of kin", "Катыренова Гульнара",
                     "Where and when taken prisoner", "Demo sector 3", "2024-11-02",
                     "Cause and circumstances of death", "Гостра серцева недостатність", "Place of burial",
                     "Військове кладовище Демо", "Is the grave marked", "могила 14", "47.812345",
                     "personal effects", "Годинник", "through what agency", "МКЧХ (ЦАР)",
                     "Помер у санчастині", "two witnesses"):
        assert expected in text, expected
    uk = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.notification_of_death(death))).pages)
    assert "ПОВІДОМЛЕННЯ ПРО СМЕРТЬ" in uk

    item = services.record_notification(actor=registrar, death_id=death.pk, channel="Дипломатична пошта",
                                        date="2025-01-20")
    assert (item.recipient, item.country, item.legal_basis) == ("protecting_power", "RU", services.NOTIFICATION_BASIS)
    assert "2025-01-12" in item.content and "Гостра серцева недостатність" in item.content
    death.refresh_from_db()
    assert death.notification_id == item.pk
    assert f"death:{death.pk}" not in {d.key for d in open_duties(user=registrar, today=date(2025, 1, 25))}
    assert {"death.record", "event.add", "death.notify", "transmission.record"} <= set(actions())
    with pytest.raises(ValidationFailed):
        services.record_notification(actor=registrar, death_id=death.pk, channel="пошта", date="2025-01-01")


def test_a_suspicious_death_opens_an_enquiry_whose_notice_is_tracked(registry, users):
    registrar = users["registrar"]
    uzbek = registry["uzbek"]
    death = services.record_death(actor=registrar, person_id=uzbek.pk, date="2025-02-03",
                                  cause="Вогнепальне поранення", place="Табір № 9, огорожа",
                                  circumstances="Постріл вартового під час нічної перевірки",
                                  enquiry_ground="sentry")
    enquiry = death.enquiry
    assert death.suspicious and enquiry.status == "open" and enquiry.ground == "sentry"
    assert "death.enquiry.open" in actions()
    duties = {d.key: d for d in open_duties(user=registrar, today=date(2025, 2, 10))}
    notice_duty = duties[f"enquiry:{enquiry.pk}"]
    assert notice_duty.kind == "deaths.enquiry_notice" and notice_duty.article == "GC III Art. 121"
    assert notice_duty.due == date(2025, 2, 4) and notice_duty.is_overdue(date(2025, 2, 10))

    # Not closed before the Protecting Power was told.
    with pytest.raises(ValidationFailed) as early:
        services.close_enquiry(actor=registrar, enquiry_id=enquiry.pk, findings="—")
    assert "findings" in early.value.errors
    notice = services.send_enquiry_notice(actor=registrar, enquiry_id=enquiry.pk, channel="Нота № 12/2025",
                                          date="2025-02-04")
    assert notice.legal_basis == "GC III Art. 121" and notice.recipient == "protecting_power"
    assert Transmission.objects.filter(person=uzbek).count() == 1
    assert f"enquiry:{enquiry.pk}" not in {d.key for d in open_duties(user=registrar, today=date(2025, 2, 10))}
    with pytest.raises(ValidationFailed):
        services.send_enquiry_notice(actor=registrar, enquiry_id=enquiry.pk, channel="again", date="2025-02-05")
    closed = services.close_enquiry(
        actor=registrar, enquiry_id=enquiry.pk, findings="Порушення правил застосування зброї вартовим",
        statements="Свідок Турсунов А.: ...", prosecution="Матеріали передано до військової прокуратури",
        closed_on="2025-03-01", report_channel="Нота № 19/2025")
    assert closed.status == "closed" and closed.report.legal_basis == services.ENQUIRY_REPORT_BASIS
    assert "Свідок Турсунов" in closed.report.content
    assert "death.enquiry.notice" in actions() and "death.enquiry.close" in actions()

    # A death recorded as natural may later be found suspicious.
    dual = services.record_death(actor=registrar, person_id=registry["dual"].pk, date="2025-02-05", cause="Невідома")
    assert not dual.suspicious
    services.open_enquiry(actor=registrar, death_id=dual.pk, ground="unknown")
    dual.refresh_from_db()
    assert dual.suspicious and dual.enquiry.ground == "unknown"


def test_remains_handed_over_in_a_batch_written_to_each_timeline(registry, users):
    registrar = users["registrar"]
    first = services.record_death(actor=registrar, person_id=registry["kazakh"].pk, date="2025-01-12", cause="Інсульт")
    second = services.record_death(actor=registrar, person_id=registry["dual"].pk, date="2025-01-20",
                                   cause="Пневмонія")
    handover = services.create_handover(actor=registrar, reference="RH-2025-01", receiving_state="RU",
                                        mediator="ICRC", place="КПП «Демо-Північ»", planned_on="2025-03-01")
    services.add_body(actor=registrar, handover_id=handover.pk, death_id=first.pk,
                      identity="Жетон T-100001; відбитки пальців", effects="Годинник", dna_reference="DNA-UA-0001")
    body = services.add_body(actor=registrar, handover_id=handover.pk, death_id=second.pk,
                             identity="Військовий квиток", dna_reference="DNA-UA-0002")
    other = services.create_handover(actor=registrar, reference="RH-2025-02", receiving_state="RU")
    with pytest.raises(ValidationFailed) as twice:
        services.add_body(actor=registrar, handover_id=other.pk, death_id=first.pk, identity="—")
    assert "RH-2025-01" in twice.value.errors["death"][0]
    services.remove_body(actor=registrar, body_id=body.pk, reason="Потрібна повторна ДНК-експертиза")
    assert "remains.body.remove" in actions()

    with pytest.raises(ValidationFailed):
        services.complete_handover(actor=registrar, handover_id=handover.pk, handed_over_on="2025-01-10")
    done = services.complete_handover(actor=registrar, handover_id=handover.pk, handed_over_on="2025-03-01")
    assert done.status == HandoverStatus.HANDED_OVER
    event = StatusEvent.objects.get(person=registry["kazakh"], type="remains_repatriated")
    assert event.date == "2025-03-01" and "RH-2025-01" in event.note and event.place == "КПП «Демо-Північ»"
    assert Person.objects.get(pk=registry["kazakh"].pk).status == "remains_repatriated"
    assert Person.objects.get(pk=registry["dual"].pk).status == "dead"
    completed = AuditEvent.objects.get(action="remains.handover.complete")
    assert json.loads(completed.changes)["after"]["persons"] == {str(registry["kazakh"].pk): event.pk}
    with pytest.raises(ValidationFailed):  # a handover carried out is closed
        services.add_body(actor=registrar, handover_id=handover.pk, death_id=second.pk, identity="—")


def test_scope_and_roles(registry, users):
    registrar = users["registrar"]
    kazakh = services.record_death(actor=registrar, person_id=registry["kazakh"].pk, date="2025-01-12", cause="—x")
    uzbek = services.record_death(actor=registrar, person_id=registry["uzbek"].pk, date="2025-01-13", cause="—y")
    handover = services.create_handover(actor=registrar, reference="RH-S", receiving_state="RU")
    services.add_body(actor=registrar, handover_id=handover.pk, death_id=uzbek.pk, identity="Жетон")
    liaison = users["liaison_kz"]
    assert [d.pk for d in selectors.deaths(liaison)] == [kazakh.pk]
    with pytest.raises(NotFound):
        selectors.get_death(liaison, uzbek.pk)
    assert list(selectors.handovers(liaison)) == []  # only the Uzbek's body is on it
    assert [h.pk for h in selectors.handovers(users["liaison_uz"])] == [handover.pk]
    assert {d.person_id for d in open_duties(user=liaison, today=date(2025, 3, 1))} == {registry["kazakh"].pk}
    for role in ("analyst", "liaison_kz", "icrc", "auditor"):
        with pytest.raises(PermissionDenied):
            services.update_death(actor=users[role], death_id=kazakh.pk, account="—")
    # A death only on the timeline (recorded as an event) is due for its notification too, and the record of
    # it, when made, is tied to that event instead of writing a second one.
    from polon.registry.services import add_event

    add_event(actor=registrar, person_id=registry["dual"].pk, type="died", date="2025-02-01")
    duty = {d.key: d for d in open_duties(user=liaison, today=date(2025, 3, 1))}[f"person:{registry['dual'].pk}"]
    assert duty.kind == "deaths.notification" and duty.due == date(2025, 2, 8) and duty.is_overdue(date(2025, 3, 1))
    assert f"person:{registry['dual'].pk}" not in {d.key for d in open_duties(user=users["liaison_uz"],
                                                                            today=date(2025, 3, 1))}
    with pytest.raises(ValidationFailed) as other_day:
        services.record_death(actor=registrar, person_id=registry["dual"].pk, date="2025-02-02", cause="—z")
    assert "2025-02-01" in other_day.value.errors["date"][0]
    dual = services.record_death(actor=registrar, person_id=registry["dual"].pk, date="2025-02-01", cause="—z")
    assert StatusEvent.objects.filter(person=registry["dual"], type="died").count() == 1
    keys = {d.key for d in open_duties(user=liaison, today=date(2025, 3, 1))}
    assert f"person:{registry['dual'].pk}" not in keys and f"death:{dual.pk}" in keys
    with pytest.raises(ValidationFailed) as future:
        services.record_death(actor=registrar, person_id=registry["uzbek"].pk,
                              date=(timezone.localdate() + timedelta(days=2)).isoformat(), cause="—")
    assert "date" in future.value.errors
