"""The "may be detrimental to him" warning, its audited override, and objections honoured the same way."""

from __future__ import annotations

import json

import pytest

from polon.access.scope import country_scope, visible_countries
from polon.audit.models import AuditEvent
from polon.consular import services
from polon.consular.models import Transmission
from polon.core.errors import NotFound, ValidationFailed
from polon.registry.models import Person

pytestmark = pytest.mark.django_db

SEND = {"recipient": "state", "country": "KZ", "channel": "note verbale", "date": "2025-05-02",
        "content": "capture card", "legal_basis": "GC III Art. 122"}


def test_sending_to_a_state_that_prosecutes_needs_a_reason(registry, users):
    liaison, kazakh = users["liaison_kz"], registry["kazakh"]
    warnings = services.transmission_warnings(kazakh, "state", "KZ")
    assert len(warnings) == 1 and "may be detrimental to him" in warnings[0] and "Art. 170" in warnings[0]
    assert "Kazakhstan prosecutes" in warnings[0]  # the state by its name, not "KZ"
    with pytest.raises(ValidationFailed) as caught:
        services.record_transmission(actor=liaison, person_id=kazakh.pk, **SEND)
    assert "override_reason" in caught.value.errors and "may be detrimental" in str(caught.value)
    assert Transmission.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="transmission").exists()

    item = services.record_transmission(actor=liaison, person_id=kazakh.pk, override_reason="he asked us to",
                                        **SEND)
    assert item.warnings == warnings and item.override_reason == "he asked us to"
    event = AuditEvent.objects.get(action="transmission.override")
    changes = json.loads(event.changes)
    assert changes["after"]["override_reason"] == "he asked us to"
    assert "may be detrimental" in changes["after"]["warnings"][0]
    assert event.actor == "liaison_kz"


def test_no_warning_for_the_icrc_or_a_state_without_notes(registry, users):
    uzbek = registry["uzbek"]
    services.record_transmission(actor=users["registrar"], person_id=uzbek.pk, recipient="icrc_cta", channel="CTA",
                                 date="2025-05-02", content="capture card", legal_basis="GC III Art. 123")
    assert AuditEvent.objects.filter(action="transmission.record").count() == 1
    assert services.transmission_warnings(uzbek, "state", "RU") == []


def test_an_objection_is_honoured_the_same_way(registry, users):
    registrar, uzbek = users["registrar"], registry["uzbek"]
    objection = services.record_objection(actor=registrar, person_id=uzbek.pk, scope="all", date="2025-04-01",
                                          statement="do not tell anyone I am here")
    with pytest.raises(ValidationFailed) as caught:
        services.record_transmission(actor=registrar, person_id=uzbek.pk, recipient="icrc_cta", channel="CTA",
                                     date="2025-05-02", content="capture card", legal_basis="GC III Art. 123")
    assert "objected" in str(caught.value)
    services.withdraw_objection(actor=registrar, objection_id=objection.pk)
    services.record_transmission(actor=registrar, person_id=uzbek.pk, recipient="icrc_cta", channel="CTA",
                                 date="2025-05-02", content="capture card", legal_basis="GC III Art. 123")


def test_liaison_cannot_transmit_or_record_outside_her_countries(registry, users):
    liaison = users["liaison_kz"]
    with pytest.raises(NotFound):
        services.record_transmission(actor=liaison, person_id=registry["uzbek"].pk, override_reason="x",
                                     **{**SEND, "country": "UZ"})
    with pytest.raises(NotFound):
        services.create_contact(actor=liaison, country="UZ", place="Kyiv")
    with pytest.raises(NotFound):
        services.record_after_return(actor=liaison, person_id=registry["uzbek"].pk, country="UZ")


def test_country_scope_agrees_with_person_scope(registry, users):
    from polon.access.scope import person_scope
    from polon.consular.models import ConsularContact

    for country in ("KZ", "UZ", "RU"):
        services.create_contact(actor=users["admin"], country=country, place="Kyiv")
    for user in users.values():
        allowed = visible_countries(user)
        persons = person_scope(user, Person.objects.prefetch_related("citizenships"))
        contacts = set(country_scope(user, ConsularContact.objects.all()).values_list("country", flat=True))
        if allowed is None:
            assert persons.count() == Person.objects.count() and contacts == {"KZ", "UZ", "RU"}
        else:
            assert all({c.country for c in p.citizenships.all()} & set(allowed) for p in persons)
            assert contacts == set(allowed) & {"KZ", "UZ", "RU"}
