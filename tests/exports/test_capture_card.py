"""The capture card as GC III Annex IV B has it (issue 23): the prisoner number, the Annex's states of health,
no card for the dead, a present address that follows the status, one rule for the Latin spelling."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from polon.core.errors import ValidationFailed
from polon.exports.models import ExportRecord
from polon.exports.services import export_persons
from polon.registry.services import add_event, add_name, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 70, 122"}


def card_text(actor, *person_ids) -> str:
    content = export_persons(actor=actor, kind="capture_card", person_ids=list(person_ids), **PURPOSE).content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def prisoner(actor, text, latin=(), **fields):
    given, surname = text.split(" ", 1)
    person = create_person(actor=actor, category="pow", power_depended="RU", names=[
        NameInput(text=text, given=given, surname=surname), *latin],
        citizenships=[CitizenshipInput(country="KZ")], **fields)
    add_event(actor=actor, person_id=person.pk, type="captured", date="2024-11-02", place="Demo sector 3",
              health="slightly_wounded")
    add_event(actor=actor, person_id=person.pk, type="interned", date="2024-11-05",
              facility="Demo internment camp No. 2")
    add_event(actor=actor, person_id=person.pk, type="transferred", date="2024-12-01",
              facility="Demo internment camp No. 4", health="convalescent")
    return person


def test_held_prisoner_card_has_his_number_the_annex_health_and_his_camp(users):
    registrar = users["registrar"]
    person = prisoner(registrar, "Нурлан Сейтжанов", internment_number="UA-KZ-000417")
    text = card_text(registrar, person.pk)
    assert "Prisoner No." in text and "UA-KZ-000417" in text
    assert "Name of camp" in text and "Demo internment camp No. 4" in text
    assert "Demo internment camp No. 2" in text  # (or) coming from: the camp before
    # Item 11: all seven of the Annex's states, the recorded one marked, in both languages.
    for state in ("good health", "not wounded", "recovered", "convalescent", "sick", "slightly wounded",
                  "seriously wounded", "здоровий", "одужує", "легко поранений"):
        assert state in text, state
    assert "☒ одужує / convalescent" in text
    assert "Signature" in text and "Підпис" in text


def test_a_dead_person_gets_no_capture_card(users):
    registrar = users["registrar"]
    person = prisoner(registrar, "Азиз Рахимов")
    add_event(actor=registrar, person_id=person.pk, type="died", date="2025-01-10")
    with pytest.raises(ValidationFailed) as refused:
        export_persons(actor=registrar, kind="capture_card", person_ids=[person.pk], **PURPOSE)
    assert "recorded as dead" in str(refused.value) and "Art. 120" in str(refused.value)
    assert not ExportRecord.objects.exists()
    living = prisoner(registrar, "Dilshod Karimov")
    selected = export_persons(actor=registrar, kind="capture_card", **PURPOSE)
    assert selected.record.person_ids == [living.pk]


def test_a_dead_person_is_refused_on_the_page_the_api_and_the_cli(users, client, capsys, tmp_path):
    from django.test import Client

    from polon.accounts.services import create_api_token
    from polon.cli import main

    registrar = users["registrar"]
    person = prisoner(registrar, "Азиз Рахимов")
    add_event(actor=registrar, person_id=person.pk, type="died", date="2025-01-10")
    client.force_login(registrar)
    page = client.post("/exports/", {"kind": "capture_card", "persons": str(person.pk), **PURPOSE})
    assert page.status_code == 200 and "application/pdf" not in page["Content-Type"]
    assert "записано як померлого" in page.content.decode()
    secret = create_api_token(actor=users["admin"], user=registrar, name="cards")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").post(
        "/api/exports", {"kind": "capture_card", "person_ids": [person.pk], **PURPOSE},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "recorded as dead" in api.content.decode()
    out = tmp_path / "card.pdf"
    code = main(["--as", "registrar", "export", "card", str(person.pk), "--recipient", "ICRC",
                 "--legal-basis", "GC III Art. 70", "-o", str(out)])
    assert code != 0 and "recorded as dead" in capsys.readouterr().err and not out.exists()
    assert not ExportRecord.objects.exists()


@pytest.mark.parametrize("status_event, words", [
    ("exchanged", ("not held: exchanged 2025-02-14", "не утримується: обміняний 2025-02-14")),
    ("released", ("not held: released 2025-02-14", "не утримується: звільнений 2025-02-14")),
    ("escaped", ("not held: escaped 2025-02-14", "не утримується: втік 2025-02-14")),
])
def test_no_camp_and_no_state_of_health_once_custody_ended(users, status_event, words):
    registrar = users["registrar"]
    person = prisoner(registrar, "Ерлан Тулегенов", internment_number="UA-KZ-000418")
    add_event(actor=registrar, person_id=person.pk, type=status_event, date="2025-02-14")
    text = card_text(registrar, person.pk)
    for word in words:
        assert word in text
    assert "not stated: no longer held" in text
    assert "☒" not in text
    camp_line = text.split("Name of camp", 1)[1].splitlines()[1]
    assert "Demo internment camp" not in camp_line


def test_the_latin_spelling_follows_one_rule(users):
    registrar = users["registrar"]
    # A French press spelling is recorded first, then the passport's: the passport's is printed.
    first = prisoner(registrar, "Ерлан Тулегенов", latin=[
        NameInput(text="Erlan Toulegenov", scheme="french"), NameInput(text="Yerlan Tulegenov", scheme="passport")])
    # Only press spellings: the card transliterates by ICAO Doc 9303, not the French or the English one.
    second = prisoner(registrar, "Жанболат Әбішұлы", latin=[
        NameInput(text="Janbolat Abichouly", scheme="french"), NameInput(text="Zhanbolat Abishuly-X", scheme="english")])
    text_first, text_second = card_text(registrar, first.pk), card_text(registrar, second.pk)
    assert "Тулегенов / Tulegenov" in text_first and "Ерлан / Yerlan" in text_first
    assert "Toulegenov" not in text_first and "from a document" in text_first
    assert "Әбішұлы / Abishuly" in text_second and "Жанболат / Zhanbolat" in text_second
    assert "Abichouly" not in text_second and "ICAO Doc 9303" in text_second
    add_name(actor=registrar, person_id=second.pk, name=NameInput(text="Zhanbolat Abishuly", scheme="passport"))
    assert "from a document" in card_text(registrar, second.pk)


def test_country_report_pdf_is_in_the_users_language(registry, users):
    """The consular country report in Ukrainian: headings, statuses and the legal notes, no English left."""
    import re

    from django.utils import translation

    from polon.exports.services import export_country_report

    with translation.override("uk"):
        content = export_country_report(actor=users["analyst"], country="KZ", recipient="МКЧХ",
                                        legal_basis="ЖК III ст. 122").content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for ukrainian in ("Казахстан (KZ): звіт по країні", "Громадяни в реєстрі за статусом", "Утримується",
                      "Правові примітки", "Кримінальний кодекс Республіки Казахстан", "ст. 170: Найманство",
                      "Консульські контакти", "Особи"):
        assert ukrainian in text, ukrainian
    # Latin letters only in the codes (KZ, "ЖК III") and in the fixture's Latin place names.
    english = set(re.findall(r"[A-Za-z]{3,}", text)) - {"III", "Demo"}
    assert not english, english
