"""FollowTheMoney carries only sources already public and no internal notes; an export's file name is built
only from known values."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from polon.core.downloads import safe_filename
from polon.core.errors import ValidationFailed
from polon.exchanges import services as exchange_services
from polon.exports.models import ExportRecord
from polon.exports.services import export_persons, export_reconciliation
from polon.registry.services import add_event, update_person
from polon.sources.models import Restriction, Source
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


def test_ftm_documents_are_only_public_sources_and_internal_notes_stay_home(registry, users):
    registrar, kazakh = users["registrar"], registry["kazakh"]
    sources = {restriction: Source.objects.create(kind="news_article", title=f"{restriction.upper()} title",
                                                  url=f"https://{restriction}.example/", restriction=restriction)
               for restriction in Restriction.values}
    update_person(actor=registrar, person_id=kazakh.pk, expected_version=None,
                  changes={"notes": "INTERNAL NOTE on his interrogation"})
    add_event(actor=registrar, person_id=kazakh.pk, type="interned", date="2024-11-20",
              note="From source: INTERNAL QUOTE", source_ids=[s.pk for s in sources.values()])
    for actor in (users["icrc"], users["registrar"]):
        content = export_persons(actor=actor, kind="ftm", person_ids=[kazakh.pk], **PURPOSE).content.decode()
        entities = [json.loads(line) for line in content.splitlines()]
        titles = {e["properties"]["title"][0] for e in entities if e["schema"] == "Document"}
        assert titles == {"PUBLIC title"}
        assert "internal.example" not in content and "icrc.example" not in content
        assert "INTERNAL NOTE" not in content and "INTERNAL QUOTE" not in content
        documentation = [e for e in entities if e["schema"] == "Documentation"]
        assert len(documentation) == 1


def test_reconciliation_side_is_checked_before_it_names_the_file(registry, users):
    registrar = users["registrar"]
    r = exchange_services.create_round(actor=registrar, number=4)
    evil = 'x".html\r\nSet-Cookie: a=b'
    with pytest.raises(ValidationFailed) as caught:
        export_reconciliation(actor=registrar, round_id=r.pk, side=evil, **PURPOSE)
    assert set(caught.value.errors) == {"side"}
    client = Client()
    assert client.login(username="registrar", password=PASSWORD)
    response = client.post("/api/exports", {"kind": "reconciliation", "round_id": r.pk, "side": evil, **PURPOSE},
                           content_type="application/json")
    assert response.status_code == 400
    page = client.post("/exports/", {"kind": "reconciliation", "round": r.pk, "side": evil, **PURPOSE})
    assert page.status_code == 200 and "Content-Disposition" not in page
    assert not ExportRecord.objects.exists()
    response = client.post("/api/exports", {"kind": "reconciliation", "round_id": r.pk, "side": "hand_over",
                                            **PURPOSE}, content_type="application/json")
    assert response["Content-Disposition"] == 'attachment; filename="round-4-hand_over-reconciled.csv"'


def test_file_names_keep_only_safe_characters():
    assert safe_filename('a"; b\r\n.csv') == "a_b_.csv"
    assert safe_filename("country-report-KZ-20250101.pdf") == "country-report-KZ-20250101.pdf"
    assert safe_filename("") == "export" and safe_filename("..") == "export"
