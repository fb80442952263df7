"""access.fields: one table of which roles see which sensitive fields, applied on every channel — the person's
page, the API, exports (capture cards) and the command line — and in the selectors (documents, and the media of
internal-only sources)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from polon.access import fields
from polon.access.policies import Role
from polon.registry.services import update_person
from polon.registry.services.documents import DocumentInput, add_document
from polon.sources.models import Source

pytestmark = pytest.mark.django_db

NOTE = "Со слов сослуживца: Ермек Катыренов просил не сообщать семье"
ADDRESS = "Демо-ауыл, Абай көшесі 7, Demo oblast"
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122, 123"}


@pytest.fixture
def kazakh(registry, users):
    person = registry["kazakh"]
    update_person(actor=users["registrar"], person_id=person.pk, expected_version=person.version + 1, changes={
        "notes": NOTE, "informed_person_name": "Болат Катыренов", "informed_person_address": ADDRESS})
    person.refresh_from_db()
    return person


def login(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 210, 220)).save(out, format="PNG")
    return out.getvalue()


def test_the_table_names_every_field_and_only_known_roles():
    assert set(fields.FIELD_ROLES) == {fields.NOTES, fields.INFORMED_ADDRESS, fields.DOCUMENTS,
                                       fields.RESTRICTED_SOURCES}
    for roles in fields.FIELD_ROLES.values():
        assert roles <= set(Role.values) and Role.AUDITOR not in roles
    with pytest.raises(KeyError):
        fields.sees(None, "person.shoe_size")


def test_the_web_page_shows_notes_and_the_family_address_only_to_the_roles_in_the_table(kazakh, users):
    for name, notes, address in (("registrar", True, True), ("analyst", True, False), ("icrc", False, True),
                                 ("liaison_kz", False, False)):
        page = login(users[name]).get(f"/persons/{kazakh.pk}/").content.decode()
        assert (NOTE in page) is notes, name
        assert (ADDRESS in page) is address, name
        assert "Болат Катыренов" in page  # the name of the person to be informed is not in the table


def test_the_api_answers_null_for_a_hidden_field(kazakh, users):
    from polon.accounts.services import create_api_token

    for name, notes, address in (("admin", NOTE, ADDRESS), ("liaison_kz", None, None), ("icrc", None, ADDRESS),
                                 ("analyst", NOTE, None)):
        secret = create_api_token(actor=users["admin"], user=users[name], name="fields")
        data = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"/api/persons/{kazakh.pk}").json()
        assert data["notes"] == notes and data["informed_person_address"] == address, name


def test_a_capture_card_carries_the_family_address_only_for_those_who_see_it(kazakh, users):
    from polon.exports.services import export_persons

    def card(user) -> str:
        content = export_persons(actor=user, kind="capture_card", person_ids=[kazakh.pk], **PURPOSE).content
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

    assert "Абай көшесі 7" in card(users["icrc"])
    liaison_card = card(users["liaison_kz"])
    assert "Катыренов" in liaison_card and "Абай көшесі 7" not in liaison_card
    kazakh.refresh_from_db()
    assert kazakh.informed_person_address == ADDRESS  # blanked for the card only, never saved


def test_the_command_line_shows_the_fields_to_the_roles_that_see_them(kazakh, users, capsys):
    from polon.cli import main

    assert main(["--as", "registrar", "person", "show", str(kazakh.pk), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["notes"] == NOTE and shown["informed_person_address"] == ADDRESS
    assert main(["--as", "liaison_kz", "person", "show", str(kazakh.pk), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert "notes" not in shown and "informed_person_address" not in shown
    assert shown["informed_person_name"] == "Болат Катыренов"
    assert main(["--as", "liaison_kz", "person", "show", str(kazakh.pk)]) == 0
    text = capsys.readouterr().out
    assert "Болат Катыренов" in text and "Абай" not in text and "сослуживца" not in text
    assert main(["--as", "analyst", "person", "show", str(kazakh.pk)]) == 0
    assert "notes: Со слов сослуживца" in capsys.readouterr().out


def test_media_from_an_internal_only_source_stay_with_the_bureaus_staff(kazakh, users):
    """A photograph taken from an internal-only source (an intercepted channel): the analyst sees it on every
    channel, the ICRC delegate and the liaison officer neither in the list nor by its number."""
    from polon.accounts.services import create_api_token
    from polon.registry import selectors

    internal = Source.objects.create(kind="text", title="Перехоплений канал: фото полонених", text="—",
                                     restriction="internal")
    shared = Source.objects.create(kind="text", title="Фото для МКЧХ", text="—", restriction="icrc")
    registrar = users["registrar"]
    secret_photo = add_document(actor=registrar, person_id=kazakh.pk, document=DocumentInput(
        kind="photo", title="Фото з каналу", content=png(), file_name="channel.png", source_id=internal.pk))
    card = add_document(actor=registrar, person_id=kazakh.pk, document=DocumentInput(
        kind="photo", title="Фото для картки", content=png(), file_name="card.png", source_id=shared.pk))

    assert {d.pk for d in selectors.documents(users["analyst"], kazakh)} == {secret_photo.pk, card.pk}
    for name in ("icrc", "liaison_kz"):
        assert {d.pk for d in selectors.documents(users[name], kazakh)} == {card.pk}, name
        secret = create_api_token(actor=users["admin"], user=users[name], name="docs")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        assert [d["id"] for d in api.get(f"/api/persons/{kazakh.pk}/documents").json()] == [card.pk]
        assert api.get(f"/api/persons/{kazakh.pk}/documents/{secret_photo.pk}/file").status_code == 404
        assert api.get(f"/api/persons/{kazakh.pk}/documents/{card.pk}/file").status_code == 200
        web = login(users[name])
        page = web.get(f"/persons/{kazakh.pk}/").content.decode()
        assert "Фото для картки" in page and "Фото з каналу" not in page, name
        assert web.get(f"/persons/{kazakh.pk}/documents/{secret_photo.pk}/").status_code == 404
        assert web.get(f"/persons/{kazakh.pk}/documents/{card.pk}/").status_code == 200
    analyst = login(users["analyst"])
    assert "Фото з каналу" in analyst.get(f"/persons/{kazakh.pk}/").content.decode()
    assert analyst.get(f"/persons/{kazakh.pk}/documents/{secret_photo.pk}/").status_code == 200


def test_the_table_alone_decides(kazakh, users, monkeypatch):
    """Taking the analyst out of the table's row hides internal-only sources and their media from him in the
    selectors every channel reads through; nothing else needs changing."""
    from polon.core.errors import NotFound
    from polon.registry import selectors
    from polon.sources.selectors import get_source, visible_sources

    internal = Source.objects.create(kind="text", title="Внутрішнє джерело", text="—", restriction="internal")
    public = Source.objects.create(kind="text", title="Стаття", text="—", restriction="public")
    photo = add_document(actor=users["registrar"], person_id=kazakh.pk, document=DocumentInput(
        kind="photo", title="Фото", content=png(), file_name="photo.png", source_id=internal.pk))
    analyst = users["analyst"]
    assert set(visible_sources(analyst)) == {internal, public}
    monkeypatch.setitem(fields.FIELD_ROLES, fields.RESTRICTED_SOURCES, frozenset({Role.ADMIN, Role.REGISTRAR}))
    assert set(visible_sources(analyst)) == {public}
    with pytest.raises(NotFound):
        get_source(analyst, internal.pk)
    with pytest.raises(NotFound):
        selectors.get_document(analyst, kazakh.pk, photo.pk)
    assert get_source(users["registrar"], internal.pk) == internal
