"""Exports: scoped to the user, recipient and legal basis recorded, audited; the capture card carries every
field of GC III Annex IV B; CSV neutralises formulas; FollowTheMoney entities have the shape Aleph reads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from polon.audit.models import AuditEvent
from polon.core.errors import NotFound, ValidationFailed
from polon.exports.models import ExportRecord
from polon.exports.services import export_country_report, export_persons
from polon.registry.services import add_event, update_person

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122, 123"}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_capture_card_contains_the_fields(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    update_person(actor=registrar, person_id=kazakh.pk, expected_version=kazakh.version + 1, changes={
        "father_first_name": "Болат", "birth_place": "Demo town 12", "rank": "Private",
        "informed_person_name": "Fictional relative", "informed_person_address": "Demo street 1, Demo town",
        "languages": ["kk", "ru"]})
    add_event(actor=registrar, person_id=kazakh.pk, type="interned", date="2024-11-20",
              facility="Demo internment camp No. 4", health="slightly_wounded")
    exported = export_persons(actor=registrar, kind="capture_card", person_ids=[kazakh.pk], **PURPOSE)
    text = pdf_text(exported.content)
    for label in ("CAPTURE CARD FOR PRISONER OF WAR", "КАРТКА ПОЛОНЕННЯ", "КАРТОЧКА ВЗЯТИЯ В ПЛЕН",
                  "Power on which the prisoner depends", "Держава, від якої залежить", "First names (in full)",
                  "First name of father", "Date of birth", "Place of birth", "Rank", "Service number",
                  "Address of family", "Taken prisoner on", "Coming from", "State of health", "My present address is"):
        assert label in text, label
    for value in ("Катыренов", "Ермек Болатович", "Болат", "1991-03", "Demo town 12", "Private", "T-100001",
                  "Demo street 1", "2024-11-02", "Demo internment camp No. 4", "☒ легко поранений / slightly wounded"):
        assert value in text, value
    assert len(PdfReader(io.BytesIO(exported.content)).pages) == 1


def test_many_cards_one_per_page(registry, users):
    exported = export_persons(actor=users["icrc"], kind="capture_card", **PURPOSE)
    assert len(PdfReader(io.BytesIO(exported.content)).pages) == 3


def test_liaison_exports_contain_only_her_countries(registry, users):
    liaison = users["liaison_kz"]
    uzbek = registry["uzbek"]
    csv_file = export_persons(actor=liaison, kind="csv", **PURPOSE)
    rows = list(csv.DictReader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == {registry["kazakh"].pk, registry["dual"].pk}
    ftm = export_persons(actor=liaison, kind="ftm", **PURPOSE).content.decode()
    assert "Турсунов" not in ftm and "Катыренов" in ftm
    cards = pdf_text(export_persons(actor=liaison, kind="capture_card", **PURPOSE).content)
    assert "Турсунов" not in cards and "Катыренов" in cards
    assert "Турсунов" not in pdf_text(export_country_report(actor=liaison, country="KZ", **PURPOSE).content)
    with pytest.raises(NotFound):
        export_persons(actor=liaison, kind="csv", person_ids=[uzbek.pk], **PURPOSE)
    with pytest.raises(NotFound):
        export_persons(actor=liaison, kind="csv", citizenship="UZ", person_ids=[uzbek.pk], **PURPOSE)
    assert export_persons(actor=liaison, kind="csv", citizenship="UZ", **PURPOSE).record.person_ids == []
    with pytest.raises(NotFound):
        export_country_report(actor=liaison, country="UZ", **PURPOSE)


def test_every_export_records_recipient_and_legal_basis_and_is_audited(registry, users):
    with pytest.raises(ValidationFailed) as caught:
        export_persons(actor=users["analyst"], kind="csv", recipient="", legal_basis="")
    assert set(caught.value.errors) == {"recipient", "legal_basis"}
    assert ExportRecord.objects.count() == 0
    exported = export_persons(actor=users["analyst"], kind="csv", **PURPOSE)
    item = ExportRecord.objects.get()
    assert (item.recipient, item.legal_basis, item.kind) == (PURPOSE["recipient"], PURPOSE["legal_basis"], "csv")
    assert item.sha256 and item.person_ids == sorted(p.pk for p in registry.values())
    event = AuditEvent.objects.get(action="export.create")
    assert json.loads(event.changes)["after"]["recipient"] == PURPOSE["recipient"]
    assert exported.record == item
    from polon.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        export_persons(actor=users["auditor"], kind="csv", **PURPOSE)


def test_csv_neutralises_formulas(registry, users):
    kazakh = registry["kazakh"]
    update_person(actor=users["registrar"], person_id=kazakh.pk, expected_version=kazakh.version + 1,
                  changes={"unit": "=HYPERLINK(\"http://evil\")", "birth_place": "+1 town", "rank": "@SUM(A1)"})
    text = export_persons(actor=users["analyst"], kind="csv", person_ids=[kazakh.pk], **PURPOSE).content.decode()
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["unit"].startswith("'=") and row["birth_place"] == "'+1 town" and row["rank"] == "'@SUM(A1)"


def test_ftm_entities_have_aleph_shape_and_leave_out_restricted(registry, users):
    registrar, uzbek = users["registrar"], registry["uzbek"]
    update_person(actor=registrar, person_id=uzbek.pk, expected_version=uzbek.version + 1,
                  changes={"restricted": True})
    lines = export_persons(actor=users["analyst"], kind="ftm", **PURPOSE).content.decode().splitlines()
    entities = [json.loads(line) for line in lines]
    assert {e["schema"] for e in entities} >= {"Person", "Organization", "Membership", "Event"}
    for e in entities:
        assert set(e) == {"id", "schema", "properties"}
        assert all(isinstance(v, list) and v for v in e["properties"].values())
    people = [e for e in entities if e["schema"] == "Person"]
    assert {p["properties"]["name"][0] for p in people} == {"Ермек Болатович Катыренов", "Бауржан Бегалимов"}
    kazakh = next(p for p in people if "Ermek Katyrenov" in p["properties"]["alias"])
    assert kazakh["properties"]["nationality"] == ["kz"]
    events = [e for e in entities if e["schema"] == "Event"]
    assert all(e["properties"]["involved"][0] in {p["id"] for p in people} for e in events)
