"""An exchange round from proposal to execution, and the timeline events it writes."""

from __future__ import annotations

import pytest

from polon.audit.models import AuditEvent
from polon.core.errors import NotFound, ValidationFailed
from polon.exchanges import services
from polon.exchanges.models import EntryStatus, RoundStatus
from polon.registry import selectors
from polon.registry.models import StatusEvent
from polon.registry.services import add_event

pytestmark = pytest.mark.django_db


def statuses(user, *persons):
    return [selectors.timeline(selectors.get_person(user, p.pk, log_read=False)).status for p in persons]


def test_round_from_proposal_to_execution(registry, users):
    registrar = users["registrar"]
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    r = services.create_round(actor=registrar, number=1, title="Spring exchange", proposed_on="2025-03-01",
                              mediator="AE", formula="n_for_n", formula_n=3)
    assert r.status == RoundStatus.NEGOTIATING and r.parties == ["UA", "RU"]
    out1 = services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=kazakh.pk,
                              status="requested", categories=["aged_18_25"])
    out2 = services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=uzbek.pk)
    ours = services.add_new_person_entry(actor=registrar, round_id=r.pk, name="Тарас Вигаданий",
                                         birth_date="1990", held_since="2024-05")
    assert ours.person.category == "own_held"
    services.update_round(actor=registrar, round_id=r.pk, changes={"status": "agreed", "agreed_on": "2025-04-10"})
    for entry in (out1, ours):
        services.update_entry(actor=registrar, entry_id=entry.pk, status="agreed", consent="consents")
    services.update_entry(actor=registrar, entry_id=out2.pk, status="struck", struck_by="the other side",
                          struck_reason="not on their list")
    before = StatusEvent.objects.count()

    result = services.execute_round(actor=registrar, round_id=r.pk, date="2025-04-19", place="Demo border point")

    r.refresh_from_db()
    assert r.status == RoundStatus.EXECUTED and r.executed_on == "2025-04-19"
    # Two events on our own man (exchanged, then repatriated), one on the Kazakh; none on the struck Uzbek.
    assert StatusEvent.objects.count() == before + 3
    kazakh_events = list(kazakh.events.order_by("id").values_list("type", "date"))
    assert kazakh_events[-1] == ("exchanged", "2025-04-19")
    assert list(ours.person.events.order_by("id").values_list("type", flat=True)) == [
        "captured", "exchanged", "repatriated"]
    assert statuses(registrar, kazakh, uzbek, ours.person) == ["exchanged", "held", "repatriated"]
    assert {e.pk for e in result.exchanged} == {out1.pk, ours.pk}
    out1.refresh_from_db()
    assert out1.status == EntryStatus.EXCHANGED
    assert AuditEvent.objects.filter(action="exchange.round.execute", object_id=str(r.pk)).count() == 1


def test_execution_refuses_per_person_and_writes_nothing(registry, users):
    registrar = users["registrar"]
    kazakh, uzbek = registry["kazakh"], registry["uzbek"]
    add_event(actor=registrar, person_id=uzbek.pk, type="released", date="2025-01-10")
    r = services.create_round(actor=registrar, number=2)
    for person in (kazakh, uzbek):  # the released Uzbek with the warning confirmed
        services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=person.pk, status="agreed",
                           confirm_warnings=True)
    before = StatusEvent.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        services.execute_round(actor=registrar, round_id=r.pk, date="2025-02-01")
    messages = " ".join(m for ms in caught.value.errors.values() for m in ms)
    assert f"person {uzbek.pk}" in messages and "released" in messages.lower()
    assert f"person {kazakh.pk}" not in messages
    assert StatusEvent.objects.count() == before
    r.refresh_from_db()
    assert r.status == RoundStatus.NEGOTIATING


def test_partly_executed_and_consent(registry, users):
    registrar = users["registrar"]
    r = services.create_round(actor=registrar, number=3, formula="all_for_all", formula_category="seriously wounded")
    entry = services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=registry["kazakh"].pk,
                               consent="refuses")
    with pytest.raises(ValidationFailed) as caught:
        services.update_entry(actor=registrar, entry_id=entry.pk, status="agreed")
    assert "Art. 109" in str(caught.value)
    services.add_entry(actor=registrar, round_id=r.pk, side="hand_over", person_id=registry["uzbek"].pk,
                       status="agreed")
    services.execute_round(actor=registrar, round_id=r.pk, date="2025-05-01")
    r.refresh_from_db()
    assert r.status == RoundStatus.PARTLY_EXECUTED
    with pytest.raises(ValidationFailed):
        services.execute_round(actor=registrar, round_id=r.pk, date="2025-05-02")


def test_only_registrars_write_and_scope_applies(registry, users):
    from polon.core.errors import PermissionDenied

    for role in ("liaison_kz", "icrc", "auditor"):
        with pytest.raises(PermissionDenied):
            services.create_round(actor=users[role], number=9)
    r = services.create_round(actor=users["admin"], number=9)
    with pytest.raises(ValidationFailed):
        services.create_round(actor=users["admin"], number=9)
    with pytest.raises(NotFound):
        services.add_entry(actor=users["admin"], round_id=r.pk, side="hand_over", person_id=999999)
