"""The state machine alone (pure), then through the service that enforces it."""

from __future__ import annotations

import pytest

from polon.core.errors import ValidationFailed
from polon.registry.lifecycle import ALLOWED, RESULT, TimelineEntry, derive
from polon.registry.models import StatusEvent


def entries(*items):
    return [TimelineEntry(key=i, type=t, date=d, order=i) for i, (t, d) in enumerate(items, start=1)]


@pytest.mark.parametrize("path, status", [
    ([("captured", "2024-01-05")], "held"),
    ([("captured", "2024-01-05"), ("hospitalised", "2024-02"), ("discharged", "2024-03-01")], "held"),
    ([("captured", "2024-01-05"), ("exchanged", "2024-06-01"), ("repatriated", "2024-06-02")], "repatriated"),
    ([("captured", "2024-01-05"), ("escaped", "2024-03"), ("recaptured", "2024-04")], "held"),
    ([("captured", "2024-01-05"), ("died", "2024-03-03"), ("remains_repatriated", "2024-08")],
     "remains_repatriated"),
    ([("interned", "2023-12")], "held"),
])
def test_valid_paths(path, status):
    result = derive(entries(*path))
    assert result.status == status
    assert not result.invalid and not result.conflicts


@pytest.mark.parametrize("path, bad", [
    ([("captured", "2024-01-05"), ("died", "2024-02-01"), ("exchanged", "2024-03-01")], 3),
    ([("exchanged", "2024-03-01")], 1),
    ([("captured", "2024-01-05"), ("repatriated", "2024-03-01")], 2),
    ([("captured", "2024-01-05"), ("released", "2024-02-01"), ("hospitalised", "2024-03-01")], 3),
])
def test_invalid_transitions_are_named(path, bad):
    result = derive(entries(*path))
    assert bad in result.invalid
    assert "cannot follow" in result.invalid[bad]


def test_order_is_by_date_not_by_recording():
    # Recorded out of order: the exchange was entered before the capture it follows.
    result = derive(entries(("exchanged", "2024-06-01"), ("captured", "2024-01-05")))
    assert result.status == "exchanged" and not result.invalid


def test_partial_date_sorts_before_the_days_it_contains():
    result = derive(entries(("hospitalised", "2024-03-10"), ("captured", "2024-03")))
    assert result.status == "hospitalised" and not result.invalid


def test_second_account_is_a_conflict_not_an_error():
    result = derive(entries(("captured", "2024-01-05"), ("captured", "2024-01-07")))
    assert result.status == "held"
    assert result.conflicts == {2}


def test_correction_replaces_without_deleting():
    items = [
        TimelineEntry(key=1, type="captured", date="2024-01-05", order=1),
        TimelineEntry(key=2, type="died", date="2024-02-01", order=2),
        TimelineEntry(key=3, type="corrected", date="2024-02-01", order=3, corrects=2, corrected_type="escaped"),
    ]
    result = derive(items)
    assert result.status == "escaped"
    assert result.superseded == {2}


def test_every_event_type_leads_somewhere_and_every_status_is_declared():
    assert set(RESULT.values()) <= set(ALLOWED)
    for allowed in ALLOWED.values():
        assert allowed <= set(RESULT)


@pytest.mark.django_db
def test_service_refuses_event_after_death_and_writes_nothing(registry, users):
    from polon.registry.services import add_event

    person = registry["kazakh"]
    add_event(actor=users["registrar"], person_id=person.pk, type="died", date="2025-01-10")
    before = StatusEvent.objects.count()
    with pytest.raises(ValidationFailed) as info:
        add_event(actor=users["registrar"], person_id=person.pk, type="exchanged", date="2025-02-01")
    assert "type" in info.value.errors
    assert info.value.errors["type"][0] == ("cannot record 'Exchanged' on 2025-02-01: 'Exchanged' cannot follow "
                                            "status 'Dead'; allowed: Remains repatriated")
    assert StatusEvent.objects.count() == before


@pytest.mark.django_db
def test_service_refuses_exchange_when_not_held(users):
    from polon.registry.services import add_event, create_person
    from polon.registry.services.names import NameInput

    person = create_person(actor=users["registrar"], category="missing", names=[NameInput(text="Олег Мороз")])
    with pytest.raises(ValidationFailed) as info:
        add_event(actor=users["registrar"], person_id=person.pk, type="exchanged", date="2025-02-01")
    assert "cannot follow status 'No status recorded'" in str(info.value)  # its label, not its code
    assert "not_recorded" not in str(info.value)
    assert not StatusEvent.objects.filter(person=person).exists()


@pytest.mark.django_db
def test_event_inserted_before_death_must_fit(registry, users):
    from polon.registry.services import add_event

    person = registry["uzbek"]
    add_event(actor=users["registrar"], person_id=person.pk, type="died", date="2025-01-10")
    # An earlier hospital stay fits between capture and death.
    add_event(actor=users["registrar"], person_id=person.pk, type="hospitalised", date="2024-12-20")
    with pytest.raises(ValidationFailed):
        add_event(actor=users["registrar"], person_id=person.pk, type="escaped", date="2025-03-01")


@pytest.mark.django_db
def test_sql_status_matches_python_derivation(registry, users):
    from polon.registry import selectors
    from polon.registry.services import add_event

    registrar = users["registrar"]
    add_event(actor=registrar, person_id=registry["kazakh"].pk, type="exchanged", date="2025-04-15")
    died = add_event(actor=registrar, person_id=registry["uzbek"].pk, type="died", date="2025-01")
    add_event(actor=registrar, person_id=registry["uzbek"].pk, type="corrected", corrects_id=died.pk,
              corrected_type="hospitalised")
    add_event(actor=registrar, person_id=registry["dual"].pk, type="captured", date="2024-11",
              note="second account")
    for person in selectors.person_list(users["admin"]):
        assert person.status == selectors.timeline(person).status
    statuses = {p.pk: p.status for p in selectors.person_list(users["admin"])}
    assert statuses == {registry["kazakh"].pk: "exchanged", registry["uzbek"].pk: "hospitalised",
                        registry["dual"].pk: "held"}
    exchanged = selectors.person_list(users["admin"], selectors.PersonFilters(status="exchanged"))
    assert [p.pk for p in exchanged] == [registry["kazakh"].pk]
