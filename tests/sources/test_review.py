"""Review: accepting links or creates through the services; rejecting is remembered; nothing before review."""

from __future__ import annotations

import pytest

from polon.audit.models import AuditEvent
from polon.core.errors import NotFound, PermissionDenied, ValidationFailed
from polon.registry.models import Person, PersonName, StatusEvent
from polon.registry.services import add_event, create_person
from polon.registry.services.names import NameInput
from polon.registry.services.persons import CitizenshipInput
from polon.review.services import accept_item, reject_item
from polon.sources.models import ReviewDecision
from polon.sources.selectors import review_items
from polon.sources.services import ingest_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def katyrenov(users):
    return create_person(actor=users["registrar"], category="civilian", names=[NameInput(text="Ермек Катыренов")],
                         citizenships=[CitizenshipInput(country="KZ", provenance="document")])


def item(user, source, key):
    return next(i for i in review_items(user, source) if i.key == key)


def test_ingest_proposes_but_writes_nothing_to_the_registry(users, katyrenov, ingested_seed):
    assert Person.objects.count() == 1 and PersonName.objects.count() == 1
    items = review_items(users["registrar"], ingested_seed)
    assert {i.key for i in items if i.kind == "person"} == {
        "person:Vitaly Portnikov", "person:Ermek Katyrenow", "person:Baurzhan Begalimow",
        "person:Lupan Achmedjar", "person:Putin"}
    assert {i.data["type"] for i in items if i.kind == "event"} >= {
        "prisoner_exchange", "release", "consular_meeting", "detention_of_journalist"}
    proposal = item(users["registrar"], ingested_seed, "person:Ermek Katyrenow").proposals[0]
    assert proposal.person.pk == katyrenov.pk and proposal.band and proposal.explanation
    assert ReviewDecision.objects.count() == 0


def test_accepting_a_mention_links_it_and_adds_the_spelling_with_the_source(users, katyrenov, ingested_seed):
    decision = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                           person_id=katyrenov.pk)
    name = PersonName.objects.get(person=katyrenov, text="Ermek Katyrenow")
    assert name.source_id == ingested_seed.pk and name.language == "de" and not name.is_primary
    assert decision.decision == "accepted" and decision.decided_by == users["registrar"]
    assert decision.created == {"person": katyrenov.pk, "name": name.pk}
    assert AuditEvent.objects.filter(action="name.add", object_id=str(name.pk)).exists()
    assert AuditEvent.objects.filter(action="source.review.accept", object_id=str(decision.pk)).exists()
    assert not item(users["registrar"], ingested_seed, "person:Ermek Katyrenow").pending
    with pytest.raises(ValidationFailed, match="already accepted"):
        accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                    person_id=katyrenov.pk)


def test_accepting_as_a_new_person(users, ingested_seed):
    decision = accept_item(actor=users["admin"], source_id=ingested_seed.pk, item="person:Lupan Achmedjar",
                           category="civilian")
    person = Person.objects.get(pk=decision.created["person"])
    assert [(n.text, n.source_id, n.is_primary) for n in person.names.all()] == [
        ("Lupan Achmedjar", ingested_seed.pk, True)]


def test_rejection_is_remembered_across_reingest(users, seed_file, ingested_seed):
    reject_item(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Putin", note="not a prisoner")
    assert item(users["analyst"], ingested_seed, "person:Putin").status == "rejected"
    (again,) = ingest_file(actor=users["registrar"], path=seed_file)
    assert again.pk == ingested_seed.pk
    pending = {i.key for i in review_items(users["analyst"], again) if i.pending}
    assert "person:Putin" not in pending and "person:Ermek Katyrenow" in pending
    assert Person.objects.count() == 0
    with pytest.raises(ValidationFailed, match="already rejected"):
        accept_item(actor=users["admin"], source_id=again.pk, item="person:Putin", category="civilian")
    assert Person.objects.count() == 0


def test_event_refused_by_the_state_machine_writes_nothing(users, ingested_seed):
    accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item="person:Lupan Achmedjar",
                category="civilian")
    exchange = next(i for i in review_items(users["registrar"], ingested_seed)
                    if i.kind == "event" and i.data["type"] == "prisoner_exchange")
    before = (StatusEvent.objects.count(), ReviewDecision.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationFailed, match="no person named"):
        accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=exchange.key)
    lupan = Person.objects.get(names__text="Lupan Achmedjar")
    with pytest.raises(ValidationFailed, match="cannot follow status"):
        accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=exchange.key,
                    person_ids=[lupan.pk])
    assert (StatusEvent.objects.count(), ReviewDecision.objects.count(), AuditEvent.objects.count()) == before


def test_exchange_of_a_held_person_records_the_event_with_the_source(users, ingested_seed):
    person = create_person(actor=users["registrar"], category="pow", names=[NameInput(text="Тест Тестов")])
    add_event(actor=users["registrar"], person_id=person.pk, type="captured", date="2024-10")
    exchange = next(i for i in review_items(users["registrar"], ingested_seed)
                    if i.kind == "event" and i.data["type"] == "prisoner_exchange")
    decision = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=exchange.key,
                           person_ids=[person.pk])
    (event,) = StatusEvent.objects.filter(pk__in=decision.created["events"])
    assert event.type == "exchanged" and event.date == "2025-04" and event.person_id == person.pk
    assert list(event.sources.values_list("pk", flat=True)) == [ingested_seed.pk]
    assert "approximate" in event.note


def test_consular_meeting_becomes_a_contact_with_participants(users, ingested_seed):
    from polon.consular.models import ConsularContact

    meeting = next(i for i in review_items(users["registrar"], ingested_seed)
                   if i.kind == "event" and i.data["type"] == "consular_meeting")
    decision = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=meeting.key)
    contact = ConsularContact.objects.get(pk=decision.created["contact"])
    assert contact.country == "KZ" and contact.place == "Kyiv"
    assert list(contact.sources.all()) == [ingested_seed]
    theirs = {(p.name, p.role) for p in contact.participants.filter(side="theirs")}
    assert theirs == {("Ermek Katyrenow", "chargé d'affaires"), ("Baurzhan Begalimow", "consul")}
    assert contact.participants.filter(side="ours").exists()


def test_exchange_links_to_a_round(users, ingested_seed):
    from polon.exchanges.services import create_round

    r = create_round(actor=users["registrar"], number=61, title="April 2025")
    exchange = next(i for i in review_items(users["registrar"], ingested_seed)
                    if i.kind == "event" and i.data["type"] == "prisoner_exchange")
    decision = accept_item(actor=users["registrar"], source_id=ingested_seed.pk, item=exchange.key,
                           round_id=r.pk)
    assert decision.created == {"round": r.pk}
    assert list(r.sources.all()) == [ingested_seed]


def test_analyst_may_reject_but_not_write_the_registry(users, katyrenov, ingested_seed):
    with pytest.raises(PermissionDenied):
        accept_item(actor=users["analyst"], source_id=ingested_seed.pk, item="person:Ermek Katyrenow",
                    person_id=katyrenov.pk)
    assert PersonName.objects.count() == 1 and ReviewDecision.objects.count() == 0


def test_roles_without_sources_cannot_review(users, ingested_seed):
    from polon.sources.selectors import get_source

    for role in ("icrc", "auditor", "liaison_kz"):
        with pytest.raises(PermissionDenied):
            reject_item(actor=users[role], source_id=ingested_seed.pk, item="person:Putin")
        with pytest.raises(NotFound):
            get_source(users[role], ingested_seed.pk)
    assert ReviewDecision.objects.count() == 0


def test_proposals_follow_the_reviewers_scope(users, registry, ingested_seed):
    hits = item(users["registrar"], ingested_seed, "person:Ermek Katyrenow").proposals
    assert hits and hits[0].person.pk == registry["kazakh"].pk
    # Proposals come from the reviewer's own scope (a liaison for Uzbekistan sees no Kazakh).
    assert item(users["liaison_uz"], ingested_seed, "person:Ermek Katyrenow").proposals == []


def test_notes_written_from_a_review_never_quote_the_source():
    """Events and contacts are read by roles that may not read sources: a note only points to the source."""
    from polon.review.services import _note
    from polon.sources.models import Source

    source = Source(pk=7, title="Internal: names of three other captives", text="Secret sentence naming X.")
    event = {"type": "release", "date": "2025-04-22", "date_approximate": True, "date_relation": "before",
             "spans": [[0, 6]]}
    note = _note(source, event)
    assert note == "From reviewed source 7 (date approximate: before 2025-04-22)."
    assert "Secret" not in note and "Internal" not in note
