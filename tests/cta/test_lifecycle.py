"""Lists for the ICRC Central Tracing Agency and the Power depended on (GC III Arts. 122-123), walked: the first
list carries every prisoner captured; nothing goes twice; a new capture is on the next list; a fact corrected
after it was sent puts that person on the next list to each recipient, flagged as a correction (a pending count
per recipient); a move is a change; the detriment rule withholds a person from a state that may harm him unless
a reason is given; each person a consular transmission with the legal basis; scope, audit, files, the clock."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.consular.models import Transmission
from polon.core.errors import PermissionDenied, ValidationFailed
from polon.cta import documents, selectors, services
from polon.cta.duties import open_duties
from polon.cta.models import EntryKind, Recipient
from polon.registry.services import add_event, create_person, update_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db


def edit(actor, person, changes):
    person.refresh_from_db()
    return update_person(actor=actor, person_id=person.pk, expected_version=person.version, changes=changes)


def kinds(user, recipient="icrc_cta", country=""):
    return {p.person.pk: p.kind for p in selectors.pending(user, recipient=recipient, country=country)}


def test_first_list_new_capture_correction_and_nothing_twice(registry, users):
    registrar = users["registrar"]
    kazakh, uzbek, dual = registry["kazakh"], registry["uzbek"], registry["dual"]
    edit(registrar, kazakh, {
        "mother_maiden_name": "Жанар Сейткали", "father_first_name": "Болат", "birth_place": "Қарағанды",
        "rank": "рядовий", "informed_person_name": "Айгүл Катыренова",
        "informed_person_address": "вул. Вигадана, 7, м. Демо-Місто"})

    # The clock: three prisoners captured on 2024-11-02, due to the CTA by 2024-11-09 (POLON_CTA_DAYS, 7).
    duties = open_duties(user=registrar, today=date(2024, 11, 12))
    assert {d.person_id for d in duties} == {kazakh.pk, uzbek.pk, dual.pk}
    assert all(d.due == date(2024, 11, 9) and d.is_overdue(date(2024, 11, 12)) for d in duties)
    assert duties[0].kind == "cta.information" and duties[0].article == "GC III Arts. 122–123"

    assert kinds(registrar) == {kazakh.pk: "new", uzbek.pk: "new", dual.pk: "new"}
    first = services.send_list(actor=registrar, recipient="icrc_cta", sent_on="2024-11-05",
                               channel="захищена пошта ЦАР МКЧХ")
    assert first.number == 1 and first.legal_basis == "GC III Arts. 122, 123" and first.country == ""
    entries = selectors.entries(registrar, first)
    assert [(e.person_id, e.kind) for e in entries] == [(kazakh.pk, "new"), (uzbek.pk, "new"), (dual.pk, "new")]
    sent = entries[0].transmission
    assert sent.recipient == "icrc_cta" and sent.legal_basis == "GC III Arts. 122, 123" and sent.person == kazakh
    assert "list no. 1" in sent.content and "new capture" in sent.content
    assert Transmission.objects.count() == 3
    assert entries[0].values["mother_maiden_name"] == "Жанар Сейткали"
    assert entries[0].values["captured_on"] == "2024-11-02" and entries[0].values["captured_at"] == "Demo sector 3"
    assert open_duties(user=registrar, today=date(2024, 11, 12)) == []
    event = AuditEvent.objects.get(action="cta.list.send")
    assert [e["person"] for e in json.loads(event.changes)["after"]["entries"]] == [kazakh.pk, uzbek.pk, dual.pk]

    # Nothing twice: nothing changed, nothing pending; a list now is refused.
    assert kinds(registrar) == {}
    with pytest.raises(ValidationFailed) as nothing:
        services.send_list(actor=registrar, recipient="icrc_cta", sent_on="2024-11-06")
    assert "nothing is pending" in nothing.value.errors["recipient"][0]

    # A new capture, a correction of a fact sent (date of birth), a move (a change).
    tajik = create_person(
        actor=registrar, category="pow", birth_date="1995-02-11", power_depended="RU", service_number="T-100077",
        names=[NameInput(text="Фаррух Раҳимов", given="Фаррух", surname="Раҳимов"), NameInput(text="Farrukh Rahimov")],
        citizenships=[CitizenshipInput(country="TJ", provenance="self_declared")])
    add_event(actor=registrar, person_id=tajik.pk, type="captured", date="2024-11-20", place="Demo sector 5")
    edit(registrar, uzbek, {"birth_date": "1988-07-15"})
    add_event(actor=registrar, person_id=dual.pk, type="interned", date="2024-11-21",
              facility="Табір № 3 «Демо-Польовий»")
    pending = {p.person.pk: p for p in selectors.pending(registrar, recipient="icrc_cta")}
    assert {pk: p.kind for pk, p in pending.items()} == {tajik.pk: "new", uzbek.pk: "correction", dual.pk: "change"}
    assert pending[uzbek.pk].changed == ["birth_date"]
    assert "internment_place" in pending[dual.pk].changed
    [cta] = [s for s in selectors.summaries(registrar) if s.recipient == Recipient.CTA]
    assert (cta.new, cta.corrections, cta.changes) == (1, 1, 1) and cta.last == first
    # The Power depended on has been sent nothing: all four are new to it.
    [power] = [s for s in selectors.summaries(registrar) if s.recipient == Recipient.POWER]
    assert power.country == "RU" and power.new == 4 and power.corrections == 0

    second = services.send_list(actor=registrar, recipient="icrc_cta", sent_on="2024-11-22")
    assert second.number == 2
    assert [(e.person_id, e.kind) for e in selectors.entries(registrar, second)] == [
        (tajik.pk, EntryKind.NEW), (uzbek.pk, EntryKind.CORRECTION), (dual.pk, EntryKind.CHANGE)]
    corrected = next(e for e in selectors.entries(registrar, second) if e.person_id == uzbek.pk)
    assert corrected.values["birth_date"] == "1988-07-15" and "correction" in corrected.transmission.content
    assert "Date of birth" in corrected.transmission.content
    assert kinds(registrar) == {}  # nothing twice

    # A correction of the capture itself (a corrected event) re-sends him, flagged as a correction.
    capture = kazakh.events.get(type="captured")
    add_event(actor=registrar, person_id=kazakh.pk, type="corrected", corrects_id=capture.pk,
              corrected_type="captured", date="2024-11-01", place="Demo sector 4")
    pending = {p.person.pk: p for p in selectors.pending(registrar, recipient="icrc_cta")}
    assert pending[kazakh.pk].kind == "correction"
    assert pending[kazakh.pk].changed == ["captured_on", "captured_at", "status_date"]

    # Files: CSV, XLSX and PDF carry the particulars and the flags.
    third = services.send_list(actor=registrar, recipient="icrc_cta", sent_on="2024-11-25")
    rows = list(csv.reader(io.StringIO(documents.render(
        registrar, third, selectors.entries(registrar, third), "csv", recipient="CTA").decode("utf-8-sig"))))
    assert rows[0][:3] == ["Record number", "New, change or correction", "What changed"]
    assert "Mother's maiden name" in rows[0] and "Place of capture" in rows[0]
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["New, change or correction"] == "Correction" and line["Place of capture"] == "Demo sector 4"
    assert line["Mother's maiden name"] == "Жанар Сейткали" and line["Surname"] == "Катыренов"
    assert line["What changed"] == "Date of capture, Place of capture, Status since"
    book = load_workbook(io.BytesIO(documents.render(registrar, second, selectors.entries(registrar, second),
                                                     "xlsx", recipient="CTA")))
    cells = [[c.value for c in r] for r in book.active.iter_rows()]
    assert cells[1][1] == "New capture" and "Раҳимов" in cells[1] and cells[2][1] == "Correction"
    pdf = documents.render(registrar, third, selectors.entries(registrar, third), "pdf",
                           recipient="ICRC Central Tracing Agency")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for particular in ("list no. 3", "GC III Arts. 122, 123", "Катыренов", "Жанар Сейткали", "Болат",
                       "Қарағанды", "Date of capture", "2024-11-01", "Demo sector 4", "Person to be informed",
                       "Айгүл Катыренова", "вул. Вигадана, 7", "Correction", "Mother's maiden name"):
        assert particular in text, particular
    # The analyst does not see the address of the person to be informed (access.fields): blanked in the files.
    rows = list(csv.reader(io.StringIO(documents.render(
        users["analyst"], third, selectors.entries(users["analyst"], third), "csv", recipient="CTA"
    ).decode("utf-8-sig"))))
    assert "вул. Вигадана" not in "".join(rows[1])


def test_the_power_depended_on_and_the_detriment_rule(registry, users):
    registrar = users["registrar"]
    kazakh_power = create_person(
        actor=registrar, category="pow", birth_date="1990-05-05", power_depended="KZ", service_number="KZ-5531",
        names=[NameInput(text="Нұрлан Сәрсенов", given="Нұрлан", surname="Сәрсенов"),
               NameInput(text="Nurlan Sarsenov")],
        citizenships=[CitizenshipInput(country="KZ", provenance="document")])
    add_event(actor=registrar, person_id=kazakh_power.pk, type="captured", date="2024-11-03", place="Demo sector 1")
    # Kazakhstan criminalises fighting abroad: the list to it withholds him unless a reason is given.
    assert kinds(registrar, "state", "KZ") == {kazakh_power.pk: "new"}
    with pytest.raises(ValidationFailed) as harmed:
        services.send_list(actor=registrar, recipient="state", country="KZ", sent_on="2024-11-06")
    assert "explicit reason" in harmed.value.errors["override_reason"][-1]
    assert "Kazakhstan" in harmed.value.errors["override_reason"][0]
    item = services.send_list(actor=registrar, recipient="state", country="KZ", sent_on="2024-11-06",
                              override_reason="Він сам просив повідомити свою державу (заява від 2024-11-05)")
    [entry] = selectors.entries(registrar, item)
    assert entry.transmission.recipient == "state" and entry.transmission.country == "KZ"
    assert entry.transmission.warnings and entry.transmission.override_reason.startswith("Він сам")
    assert item.legal_basis == "GC III Art. 122"
    assert AuditEvent.objects.filter(action="consular.transmission.override").exists() or \
        AuditEvent.objects.filter(action__contains="override").exists()

    # Sending to Russia withholds whoever objected to his data going to his state; the others go.
    from polon.consular.services import record_objection
    record_objection(actor=registrar, person_id=registry["uzbek"].pk, scope="state", date="2024-11-04",
                     statement="Не передавати нічого")
    ru = services.send_list(actor=registrar, recipient="state", country="RU", sent_on="2024-11-07")
    assert {e.person_id for e in selectors.entries(registrar, ru)} == {registry["kazakh"].pk, registry["dual"].pk}
    assert [w["person_id"] for w in ru.withheld] == [registry["uzbek"].pk]
    assert kinds(registrar, "state", "RU") == {registry["uzbek"].pk: "new"}  # still pending
    # The CTA list is a separate recipient: all four are new to it (the objection is to his state only).
    assert len(kinds(registrar)) == 4


def test_scope_and_refusals(registry, users):
    with pytest.raises(PermissionDenied):
        services.send_list(actor=users["analyst"], recipient="icrc_cta")
    with pytest.raises(ValidationFailed) as bad:
        services.send_list(actor=users["registrar"], recipient="state", country="", sent_on="2999-01-01")
    assert {"country", "sent_on"} <= set(bad.value.errors)
    item = services.send_list(actor=users["registrar"], recipient="icrc_cta")
    # A liaison officer for Uzbekistan sees the list, with only the Uzbek on it; his pending for the CTA: none.
    assert [e.person_id for e in selectors.entries(users["liaison_uz"], item)] == [registry["uzbek"].pk]
    assert list(selectors.lists(users["liaison_uz"])) == [item]
    assert {d.person_id for d in open_duties(user=users["liaison_uz"], today=date(2024, 11, 12))} == set()
