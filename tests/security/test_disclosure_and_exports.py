"""Enquiry replies never disclose a restricted person; exports carry only what the user may see and nothing
marked internal-only to recipients outside the bureau.

Tests marked `# FINDING` in their docstring FAIL today.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from polon.core.errors import NotFound, ValidationFailed
from polon.enquiries import selectors as enquiry_selectors
from polon.enquiries import services as enquiry_services
from polon.exports.services import export_persons
from polon.registry.services import add_event, update_person
from tests.security.conftest import login

pytestmark = pytest.mark.django_db
PURPOSE = {"recipient": "ICRC Central Tracing Agency", "legal_basis": "GC III Art. 122"}


@pytest.fixture
def restricted_uzbek(registry, users):
    uzbek = registry["uzbek"]
    update_person(actor=users["registrar"], person_id=uzbek.pk, expected_version=None,
                  changes={"restricted": True})
    uzbek.refresh_from_db()
    return uzbek


@pytest.fixture
def enquiry(users, restricted_uzbek):
    return enquiry_services.create_enquiry(actor=users["registrar"], requester_kind="family",
                                           requester_name="Fictional mother", sought_name="Alisher Tursunov",
                                           sought_country="UZ")


def test_draft_and_explicit_naming_of_a_restricted_person_are_refused(users, restricted_uzbek, enquiry):
    draft, named = enquiry_selectors.draft_reply(users["registrar"], enquiry)
    assert named == [] and "no information it can share" in draft
    assert "1988" not in draft
    with pytest.raises(ValidationFailed):
        enquiry_services.add_reply(actor=users["registrar"], enquiry_id=enquiry.pk, text="We hold him.",
                                   person_ids=[restricted_uzbek.pk])
    with pytest.raises(ValidationFailed):
        enquiry_services.add_reply(actor=users["registrar"], enquiry_id=enquiry.pk,
                                   text="Алишер Турсунов is held.")
    with pytest.raises(ValidationFailed):
        enquiry_services.add_reply(actor=users["registrar"], enquiry_id=enquiry.pk,
                                   text="Service number T-100002 is held.")


def test_a_reply_confirming_a_restricted_person_in_the_requesters_words_is_refused(users, restricted_uzbek,
                                                                                    enquiry):
    """# FINDING: enquiries/services.py disclosure_problems strips the requester's own spelling from the text
    before looking for restricted names (line ~114) and only looks for recorded spellings verbatim. A reply
    that uses the sought name and adds the registry's facts about the restricted person — that he is held, his
    date of birth, the date and place of capture — is accepted and recorded as sent, so the restricted person
    is disclosed. (Reordering the name, "Tursunov Alisher", passes the same way.)"""
    for text in (
        "Regarding Alisher Tursunov: he is alive and held as a prisoner of war since 2024-11-02 (Demo sector 3).",
        "Tursunov Alisher, born 1988-07-14, is held as a prisoner of war.",
    ):
        with pytest.raises(ValidationFailed):
            enquiry_services.add_reply(actor=users["registrar"], enquiry_id=enquiry.pk, text=text)


def test_person_exports_are_scoped(registry, users):
    with pytest.raises(NotFound):
        export_persons(actor=users["liaison_kz"], kind="csv", person_ids=[registry["uzbek"].pk], **PURPOSE)
    exported = export_persons(actor=users["liaison_kz"], kind="csv", **PURPOSE)
    ids = {int(r["id"]) for r in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
    assert ids == {registry["kazakh"].pk, registry["dual"].pk}
    exported = export_persons(actor=users["liaison_kz"], kind="csv", citizenship="UZ", **PURPOSE)
    assert list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))) == []
    client = login(users["liaison_kz"])
    response = client.post("/api/exports", {"kind": "csv", "person_ids": [registry["uzbek"].pk], **PURPOSE},
                           content_type="application/json")
    assert response.status_code == 404
    response = client.post("/api/exports", {"kind": "country_report", "country": "UZ", **PURPOSE},
                           content_type="application/json")
    assert response.status_code == 404


def test_ftm_export_never_contains_a_restricted_person(users, restricted_uzbek):
    exported = export_persons(actor=users["icrc"], kind="ftm", **PURPOSE)
    assert "Tursunov" not in exported.content.decode() and "Турсунов" not in exported.content.decode()
    assert restricted_uzbek.pk not in exported.record.person_ids


def test_ftm_export_leaves_out_internal_only_sources(registry, users, internal_source):
    """# FINDING: exports/formats.py ftm_entities writes a Document entity (title, sourceUrl, author) for
    every source of every event, whatever its Source.restriction. FollowTheMoney goes to Aleph, "shared
    beyond the bureau" (exports/services.py:94), and Restriction.INTERNAL means "nothing leaves the bureau"
    (sources/models.py:20). The ICRC role — which may not read sources at all — thus exports internal
    source titles and URLs."""
    add_event(actor=users["registrar"], person_id=registry["kazakh"].pk, type="interned", date="2024-11-20",
              source_ids=[internal_source.pk])
    exported = export_persons(actor=users["icrc"], kind="ftm", person_ids=[registry["kazakh"].pk], **PURPOSE)
    entities = [json.loads(line) for line in exported.content.decode().splitlines()]
    documents = [e for e in entities if e["schema"] == "Document"]
    text = exported.content.decode()
    assert "INTERNAL-ONLY" not in text and "internal.example" not in text, documents
